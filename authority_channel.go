package agora

import "time"

// The authority channel's nouns (DESIGN section 6): the credentials bound to one
// authority, and what an authority's submission of an order is remembered by.

// AuthorityToken is a bearer token that acts as one authority on the authority
// API. Only its SHA-256 hash is stored; the token itself is shown once.
type AuthorityToken struct {
	ID          ID
	AuthorityID ID
	Hash        string // hex SHA-256 of the token
	Label       string // what the operator called it, e.g. "MeitY portal"
	CreatedAt   time.Time
	RevokedAt   time.Time // zero while the token is valid
}

// Revoked reports whether the token no longer authenticates.
func (t *AuthorityToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// OrderSubmission remembers an order an authority submitted under an
// Idempotency-Key, so that a retry with the same key returns the same receipt.
type OrderSubmission struct {
	AuthorityID ID
	Key         string
	OrderID     ID
	// RequestDigest is the hex SHA-256 of the request body: a retry with the same
	// key and another body is refused.
	RequestDigest string
	CreatedAt     time.Time
}
