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
