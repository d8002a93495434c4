package cachestore

import (
	"context"

	"agora"
)

// ModerateAccount implements agora.AccountModerationStore and forgets the
// account, so its new moderation state (suspension, disabled login, sensitive
// media) takes effect on the next request on this node.
func (c *Store) ModerateAccount(ctx context.Context, m *agora.AccountModeration) error {
	c.forgetAccounts(m.AccountID)
	err := c.Store.ModerateAccount(ctx, m)
	c.forgetAccounts(m.AccountID)
	return err
}
