package cachestore

import (
	"context"
	"time"

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

// DeleteAccountData implements agora.AccountModerationStore and forgets the
// account, the statuses deleted and every viewer's flags (boosts of them by
// others are deleted too, and their authors are not at hand).
func (c *Store) DeleteAccountData(ctx context.Context, id agora.ID, at time.Time, events []*agora.AuditEvent) ([]agora.ID, []string, error) {
	deleted, keys, err := c.Store.DeleteAccountData(ctx, id, at, events)
	c.forget(true, deleted...)
	c.forgetAccounts(id)
	if len(deleted) > 0 {
		c.forgetAllViewers()
	}
	return deleted, keys, err
}
