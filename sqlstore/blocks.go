package sqlstore

import (
	"context"

	"agora"
)

// CreateBlock inserts b and, in the same transaction, deletes the follow requests
// and then the follows between the two accounts both ways, decrementing the
// counters of each follow deleted, and the blocker's notifications from the
// blocked account (as Mastodon does; moderation warnings are kept: they are the
// platform's, not the other account's). b.CreatedAt is normalized in place.
// ECONFLICT when the block exists, ENOTFOUND when an account does not.
//
// Requests go first: on PostgreSQL, a request being accepted meanwhile holds its
// row until it commits, and the follows are then read after that follow exists.
func (db *relationTables) CreateBlock(ctx context.Context, b *agora.Block) error {
	b.CreatedAt = normalize(b.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO blocks (id, account_id, target_account_id, created_at)
			VALUES (?, ?, ?, ?)`, b.ID, b.AccountID, b.TargetAccountID, millis(b.CreatedAt))
		if err != nil {
			return wrap("insert block", err)
		}
		both := `(account_id = ? AND target_account_id = ?) OR (account_id = ? AND target_account_id = ?)`
		args := []any{b.AccountID, b.TargetAccountID, b.TargetAccountID, b.AccountID}
		if _, err := c.exec(ctx, `DELETE FROM follow_requests WHERE `+both, args...); err != nil {
			return wrap("delete follow requests", err)
		}
		follows, err := queryList(ctx, c, "delete follows", scanIDPair,
			`DELETE FROM follows WHERE `+both+` RETURNING account_id, target_account_id`, args...)
		if err != nil {
			return err
		}
		for _, f := range follows {
			if err := countFollow(ctx, c, f[0], f[1], -1); err != nil {
				return err
			}
		}
		if _, err := c.exec(ctx, `DELETE FROM notifications
			WHERE account_id = ? AND from_account_id = ? AND type <> ?`,
			b.AccountID, b.TargetAccountID, agora.NotifyModerationWarning); err != nil {
			return wrap("delete notifications", err)
		}
		return nil
	})
}

// DeleteBlock removes the block of target by account. ENOTFOUND when there was none.
func (db *relationTables) DeleteBlock(ctx context.Context, accountID, targetID agora.ID) error {
	return deleteLink(ctx, db.writer(), "blocks", accountID, targetID)
}

// Blocks lists the account's blocks, newest first, paged by block ID.
func (db *relationTables) Blocks(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.Block, error) {
	return listLinks(ctx, db.conns, "blocks", "account_id", accountID, p,
		func(id, account, target agora.ID, created int64) *agora.Block {
			return &agora.Block{ID: id, AccountID: account, TargetAccountID: target, CreatedAt: fromMillis(created)}
		})
}
