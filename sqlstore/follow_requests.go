package sqlstore

import (
	"context"

	"agora"
)

// CreateFollowRequest inserts r and notes (insertNotifications), in one
// transaction; r.CreatedAt is normalized in place. ECONFLICT when the account
// asked to follow the target already, ENOTFOUND when an account does not exist;
// then nothing is written.
func (db *relationTables) CreateFollowRequest(ctx context.Context, r *agora.FollowRequest, notes ...*agora.Notification) error {
	r.CreatedAt = normalize(r.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO follow_requests (id, account_id, target_account_id, created_at)
			VALUES (?, ?, ?, ?)`, r.ID, r.AccountID, r.TargetAccountID, millis(r.CreatedAt)); err != nil {
			return wrap("insert follow request", err)
		}
		return insertNotifications(ctx, c, notes)
	})
}

// DeleteFollowRequest removes the request of account to follow target. ENOTFOUND
// when there was none.
func (db *relationTables) DeleteFollowRequest(ctx context.Context, accountID, targetID agora.ID) error {
	return deleteLink(ctx, db.writer(), "follow_requests", accountID, targetID)
}

// FollowRequests lists the requests to follow the target, newest first, paged by
// request ID.
func (db *relationTables) FollowRequests(ctx context.Context, targetID agora.ID, p agora.Page) ([]*agora.FollowRequest, error) {
	return listLinks(ctx, db.conns, "follow_requests", "target_account_id", targetID, p,
		func(id, account, target agora.ID, created int64) *agora.FollowRequest {
			return &agora.FollowRequest{ID: id, AccountID: account, TargetAccountID: target, CreatedAt: fromMillis(created)}
		})
}

// AcceptFollowRequest deletes the request of f.AccountID to follow
// f.TargetAccountID, inserts the follow f and increments both accounts' counters,
// in one transaction; f.CreatedAt is normalized in place. ENOTFOUND when there is no
// such request; ECONFLICT, with nothing changed, when the follow exists already.
func (db *relationTables) AcceptFollowRequest(ctx context.Context, f *agora.Follow) error {
	f.CreatedAt = normalize(f.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		if err := deleteLink(ctx, c, "follow_requests", f.AccountID, f.TargetAccountID); err != nil {
			return err
		}
		return insertFollow(ctx, c, f)
	})
}
