package agora

import (
	"context"
	"time"
)

// AuthorityStore persists the authority channel: authority tokens, the OAuth
// clients that obtain them, and the idempotency keys of submitted orders.
type AuthorityStore interface {
	// CreateAuthorityToken inserts t with the events. ENOTFOUND when the
	// authority does not exist, ECONFLICT when the ID or hash is taken. Its
	// ClientID is not checked.
	CreateAuthorityToken(ctx context.Context, t *AuthorityToken, events []*AuditEvent) error
	// AuthorityTokenByHash returns the token, revoked or not.
	AuthorityTokenByHash(ctx context.Context, hash string) (*AuthorityToken, error)
	// AuthorityTokens returns the authority's tokens, revoked or not, oldest first.
	AuthorityTokens(ctx context.Context, authorityID ID) ([]*AuthorityToken, error)
	// RevokeAuthorityToken marks the token revoked at the given time, with the
	// events. Revoking twice keeps the first time. ENOTFOUND when there is no
	// such token.
	RevokeAuthorityToken(ctx context.Context, id ID, at time.Time, events []*AuditEvent) error
	// CreateAuthorityClient inserts c with the events. ENOTFOUND when the
	// authority does not exist, ECONFLICT when the ID is taken.
	CreateAuthorityClient(ctx context.Context, c *AuthorityClient, events []*AuditEvent) error
	// AuthorityClient returns the client, revoked or not. ENOTFOUND when there
	// is no such client.
	AuthorityClient(ctx context.Context, id ID) (*AuthorityClient, error)
	// AuthorityClients returns the authority's clients, revoked or not, oldest
	// first.
	AuthorityClients(ctx context.Context, authorityID ID) ([]*AuthorityClient, error)
	// RevokeAuthorityClient marks the client and every token issued to it
	// revoked at the given time, with the events, in one transaction.
	// Revoking twice keeps the first time of each. ENOTFOUND when there is no
	// such client.
	RevokeAuthorityClient(ctx context.Context, id ID, at time.Time, events []*AuditEvent) error
	// CreateSubmittedOrder inserts the order with its targets, as CreateOrder
	// does, the submission's documents (their OrderID set to the order's) and,
	// unless sub.Key is "", the submission's key, in the same transaction.
	// ECONFLICT when the authority has used the key already: nothing is stored
	// then. EINVALID for a document larger than its bound.
	CreateSubmittedOrder(ctx context.Context, o *Order, targets []*Target, sub *OrderSubmission, events []*AuditEvent) error
	// OrderSubmission returns the submission under the authority's key
	// (without its documents). ENOTFOUND when there is none.
	OrderSubmission(ctx context.Context, authorityID ID, key string) (*OrderSubmission, error)
	// OrderDocuments returns the documents received with the order (its annex
	// file and the others: Role DocumentAnnex or DocumentOfOrder), by ID,
	// without their data.
	OrderDocuments(ctx context.Context, orderID ID) ([]*Document, error)

	// CreateAuthorityMessage records m in one transaction with the events: the
	// notice, the message with its documents, the order written back and the
	// submission, those that are not nil. ENOTFOUND when the order does not
	// exist; ECONFLICT when an ID or the authority's key is taken, or the
	// order was written since it was read; EINVALID for a document larger
	// than MaxDocumentBytes. Nothing is stored after an error.
	CreateAuthorityMessage(ctx context.Context, m *AuthorityMessage, events []*AuditEvent) error
	// MessageSubmission returns the message submission under the authority's
	// key. ENOTFOUND when there is none.
	MessageSubmission(ctx context.Context, authorityID ID, key string) (*MessageSubmission, error)
	// ChannelMessages returns the order's messages on ChannelAuthorityAPI,
	// both directions, with IDs after afterID, oldest (lowest ID) first, at
	// most limit (1 to 200), each with its documents' metadata.
	ChannelMessages(ctx context.Context, orderID, afterID ID, limit int) ([]*Correspondence, error)
}
