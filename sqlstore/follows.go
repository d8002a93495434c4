package sqlstore

import (
	"context"
	"strings"

	"agora"
)

// CreateFollow inserts f, increments the follower's following count and the
// target's followers count, and inserts notes (insertNotifications), in one
// transaction. f.CreatedAt is normalized in place. ECONFLICT when the follow
// exists already, ENOTFOUND when an account does not; then nothing is written.
func (db *relationTables) CreateFollow(ctx context.Context, f *agora.Follow, notes ...*agora.Notification) error {
	f.CreatedAt = normalize(f.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		if err := insertFollow(ctx, c, f); err != nil {
			return err
		}
		return insertNotifications(ctx, c, notes)
	})
}

// insertFollow inserts f and increments the counters. ECONFLICT when the follow
// exists already.
func insertFollow(ctx context.Context, c conn, f *agora.Follow) error {
	_, err := c.exec(ctx, `INSERT INTO follows (id, account_id, target_account_id, created_at)
		VALUES (?, ?, ?, ?)`, f.ID, f.AccountID, f.TargetAccountID, millis(f.CreatedAt))
	if name, ok := uniqueViolation(err); ok && strings.Contains(name, "target_account_id") {
		return conflict("Already following.", err)
	}
	if err != nil {
		return wrap("insert follow", err)
	}
	return countFollow(ctx, c, f.AccountID, f.TargetAccountID, 1)
}

// DeleteFollow removes the follow of target by account and decrements the
// counters, in one transaction. ENOTFOUND when there was none.
func (db *relationTables) DeleteFollow(ctx context.Context, accountID, targetID agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
		if err := deleteLink(ctx, c, "follows", accountID, targetID); err != nil {
			return err
		}
		return countFollow(ctx, c, accountID, targetID, -1)
	})
}

// countFollow adds delta to the follower's following count and the target's
// followers count. It updates the two rows in ID order, so that two transactions
// following each other's accounts at once cannot deadlock on PostgreSQL.
func countFollow(ctx context.Context, c conn, follower, target agora.ID, delta int) error {
	type update struct {
		query string
		id    agora.ID
	}
	first := update{`UPDATE accounts SET following_count = following_count + ? WHERE id = ?`, follower}
	second := update{`UPDATE accounts SET followers_count = followers_count + ? WHERE id = ?`, target}
	if target < follower {
		first, second = second, first
	}
	for _, u := range []update{first, second} {
		if _, err := c.exec(ctx, u.query, delta, u.id); err != nil {
			return wrap("count follow", err)
		}
	}
	return nil
}

// FollowerIDs returns the IDs of every account following the account, most
// recent follow first.
func (db *relationTables) FollowerIDs(ctx context.Context, accountID agora.ID) ([]agora.ID, error) {
	return db.ids(ctx, `SELECT account_id FROM follows WHERE target_account_id = ? ORDER BY id DESC`, accountID)
}

// FollowingIDs returns the IDs of every account the account follows, most recent
// follow first.
func (db *relationTables) FollowingIDs(ctx context.Context, accountID agora.ID) ([]agora.ID, error) {
	return db.ids(ctx, `SELECT target_account_id FROM follows WHERE account_id = ? ORDER BY id DESC`, accountID)
}

// Followers lists the follows whose target is the account, newest first, paged by
// follow ID.
func (db *relationTables) Followers(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.Follow, error) {
	return db.follows(ctx, "target_account_id", accountID, p)
}

// Following lists the follows made by the account, newest first, paged by follow ID.
func (db *relationTables) Following(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.Follow, error) {
	return db.follows(ctx, "account_id", accountID, p)
}

func (db *relationTables) follows(ctx context.Context, col string, accountID agora.ID, p agora.Page) ([]*agora.Follow, error) {
	var w where
	w.add(col+` = ?`, accountID)
	order := w.page(`id`, p)
	rows, err := db.reader().query(ctx, `SELECT id, account_id, target_account_id, created_at
		FROM follows`+w.String()+order, w.args...)
	if err != nil {
		return nil, wrap("select follows", err)
	}
	defer rows.Close()
	list := []*agora.Follow{}
	for rows.Next() {
		var f agora.Follow
		var created int64
		if err := rows.Scan(&f.ID, &f.AccountID, &f.TargetAccountID, &created); err != nil {
			return nil, wrap("scan follow", err)
		}
		f.CreatedAt = fromMillis(created)
		list = append(list, &f)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("select follows", err)
	}
	return newestFirst(list, p), nil
}

// ids runs a query selecting one ID column on the read pool.
func (db *conns) ids(ctx context.Context, query string, args ...any) ([]agora.ID, error) {
	rows, err := db.reader().query(ctx, query, args...)
	if err != nil {
		return nil, wrap("select ids", err)
	}
	defer rows.Close()
	ids := []agora.ID{}
	for rows.Next() {
		var id agora.ID
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("scan id", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("select ids", err)
	}
	return ids, nil
}
