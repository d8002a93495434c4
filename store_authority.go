package agora

import (
	"context"
	"time"
)

// AuthorityStore persists the authority channel: authority tokens and the
// idempotency keys of submitted orders.
type AuthorityStore interface {
	// CreateAuthorityToken inserts t with the events. ENOTFOUND when the
	// authority does not exist, ECONFLICT when the ID or hash is taken.
	CreateAuthorityToken(ctx context.Context, t *AuthorityToken, events []*AuditEvent) error
	// AuthorityTokenByHash returns the token, revoked or not.
	AuthorityTokenByHash(ctx context.Context, hash string) (*AuthorityToken, error)
	// AuthorityTokens returns the authority's tokens, revoked or not, oldest first.
	AuthorityTokens(ctx context.Context, authorityID ID) ([]*AuthorityToken, error)
	// RevokeAuthorityToken marks the token revoked at the given time, with the
	// events. Revoking twice keeps the first time. ENOTFOUND when there is no
	// such token.
	RevokeAuthorityToken(ctx context.Context, id ID, at time.Time, events []*AuditEvent) error
	// CreateSubmittedOrder inserts the order with its targets, as CreateOrder
	// does, and the submission's key in the same transaction. ECONFLICT when
	// the authority has used the key already: nothing is stored then.
	CreateSubmittedOrder(ctx context.Context, o *Order, targets []*Target, sub *OrderSubmission, events []*AuditEvent) error
	// OrderSubmission returns the submission under the authority's key.
	OrderSubmission(ctx context.Context, authorityID ID, key string) (*OrderSubmission, error)
}
