package agora

import "time"

// The authority channel's nouns (DESIGN section 6): the credentials bound to one
// authority, and what an authority's submission of an order is remembered by.

// AuthorityToken is a bearer token that acts as one authority on the authority
// API. Only its SHA-256 hash is stored; the token itself is shown once. A token
// of `agora authority token` never expires; one issued to an AuthorityClient
// does, and ends when its client is revoked.
type AuthorityToken struct {
	ID          ID
	AuthorityID ID
	Hash        string // hex SHA-256 of the token
	Label       string // what the operator called it, e.g. "MeitY portal"
	CreatedAt   time.Time
	RevokedAt   time.Time // zero while the token is valid
	ClientID    ID        // the client it was issued to; 0 for none
	ExpiresAt   time.Time // zero: never
}

// Revoked reports whether the token no longer authenticates.
func (t *AuthorityToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// Expired reports whether the token has expired at now.
func (t *AuthorityToken) Expired(now time.Time) bool {
	return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)
}

// AuthorityClient is an OAuth 2.0 client bound to one authority (RFC 6749
// section 4.4, the client credentials grant): its ID and secret obtain
// short-lived authority tokens. Only the secret's SHA-256 hash is stored; the
// secret itself is shown once.
type AuthorityClient struct {
	ID          ID // also its client_id
	AuthorityID ID
	SecretHash  string // hex SHA-256 of the secret
	Label       string // what the operator called it, e.g. "MeitY portal"
	CreatedAt   time.Time
	RevokedAt   time.Time // zero while the client is valid
}

// Revoked reports whether the client no longer obtains tokens, nor do the
// tokens it obtained authenticate.
func (c *AuthorityClient) Revoked() bool { return !c.RevokedAt.IsZero() }

// OrderSubmission is how an authority submitted an order: under an
// Idempotency-Key ("" for none), so that a retry with the same key returns the
// same receipt, and with the files received with it.
type OrderSubmission struct {
	AuthorityID ID
	Key         string
	OrderID     ID
	// RequestDigest is the hex SHA-256 of the request body: a retry with the same
	// key and another body is refused.
	RequestDigest string
	CreatedAt     time.Time
	// Documents are stored with the order (their OrderID set to it): its
	// annex file and the documents received with it, in the order received.
	Documents []*Document
}

// ChannelAuthorityAPI is the correspondence channel of the authority API: a
// message in on it is one the authority sent through the API; a message out
// on it is the platform's answer, which the authority reads there. Messages
// on other channels (e-mail, post, ...) are the desk's own records and are
// never shown to an authority.
const ChannelAuthorityAPI = "authority_api"

// MessageSubmission remembers a message an authority sent under an
// Idempotency-Key, so that a retry with the same key returns the same message.
type MessageSubmission struct {
	AuthorityID      ID
	Key              string
	OrderID          ID
	CorrespondenceID ID
	// RequestDigest is the hex SHA-256 of what the request carried: a retry
	// with the same key and other content is refused.
	RequestDigest string
	CreatedAt     time.Time
}

// AuthorityMessage is everything one message of an authority records, in one
// transaction: the message (with its documents), the notice it is, the
// order written back (an emergency confirmation) and the key it came under.
type AuthorityMessage struct {
	Message *Correspondence
	// Notice, when not nil, is recorded with the message.
	Notice *OrderNotice
	// Order, when not nil, is written back as LegalStore.UpdateOrder does, at
	// the version it was read at.
	Order *Order
	// Submission, when not nil, remembers the Idempotency-Key.
	Submission *MessageSubmission
}
