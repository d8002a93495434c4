package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"agora"
)

// NotificationPolicy returns the account's policy, or the defaults when it never
// saved one.
func (db *relationTables) NotificationPolicy(ctx context.Context, accountID agora.ID) (*agora.NotificationPolicy, error) {
	p := &agora.NotificationPolicy{AccountID: accountID}
	err := db.reader().queryRow(ctx, `SELECT for_not_following, for_not_followers, for_new_accounts,
		for_private_mentions, for_limited_accounts FROM notification_policies WHERE account_id = ?`, accountID).
		Scan(&p.ForNotFollowing, &p.ForNotFollowers, &p.ForNewAccounts, &p.ForPrivateMentions, &p.ForLimitedAccounts)
	if err == sql.ErrNoRows {
		return agora.DefaultNotificationPolicy(accountID), nil
	}
	if err != nil {
		return nil, wrap("select notification policy", err)
	}
	return p, nil
}

// SaveNotificationPolicy inserts or replaces the account's policy. ENOTFOUND when
// the account does not exist.
func (db *relationTables) SaveNotificationPolicy(ctx context.Context, p *agora.NotificationPolicy) error {
	_, err := db.writer().exec(ctx, `INSERT INTO notification_policies (account_id, for_not_following,
		for_not_followers, for_new_accounts, for_private_mentions, for_limited_accounts) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET for_not_following = excluded.for_not_following,
		for_not_followers = excluded.for_not_followers, for_new_accounts = excluded.for_new_accounts,
		for_private_mentions = excluded.for_private_mentions, for_limited_accounts = excluded.for_limited_accounts`,
		p.AccountID, p.ForNotFollowing, p.ForNotFollowers, p.ForNewAccounts, p.ForPrivateMentions, p.ForLimitedAccounts)
	return wrap("save notification policy", err)
}

// NotificationPermitted reports whether the account accepted a request from the
// sender.
func (db *relationTables) NotificationPermitted(ctx context.Context, accountID, fromID agora.ID) (bool, error) {
	var n int
	err := db.reader().queryRow(ctx, `SELECT count(*) FROM notification_permissions
		WHERE account_id = ? AND from_account_id = ?`, accountID, fromID).Scan(&n)
	if err != nil {
		return false, wrap("select notification permission", err)
	}
	return n > 0, nil
}

// saveNotificationRequests makes, on c, the request of each filtered notification
// of ns that has none, with the notification's ID and time, and moves an existing
// one's updated_at and last status to the notification's.
func saveNotificationRequests(ctx context.Context, c conn, ns []*agora.Notification) error {
	for _, n := range ns {
		if !n.Filtered {
			continue
		}
		_, err := c.exec(ctx, `INSERT INTO notification_requests (id, account_id, from_account_id,
			last_status_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (account_id, from_account_id) DO UPDATE SET updated_at = excluded.updated_at,
			last_status_id = COALESCE(excluded.last_status_id, notification_requests.last_status_id)`,
			n.ID, n.AccountID, n.FromAccountID, nullID(n.StatusID), millis(n.CreatedAt), millis(n.CreatedAt))
		if err != nil {
			return wrap("save notification request", err)
		}
	}
	return nil
}

// The conditions on notifications.filtered are written as the partial index
// notifications_filtered states it (a bare "filtered"), so that SQLite uses it.

// requestColumns are those scanNotificationRequest reads, from notification_requests
// r: the count is of the sender's filtered notifications, up to the meaningful
// most (its one parameter).
const requestColumns = `r.id, r.account_id, r.from_account_id, r.last_status_id, r.created_at, r.updated_at,
	(SELECT count(*) FROM (SELECT 1 FROM notifications n WHERE n.account_id = r.account_id
		AND n.from_account_id = r.from_account_id AND n.filtered LIMIT ?) c)`

// pendingRequest is the condition that request r holds filtered notifications.
const pendingRequest = `EXISTS (SELECT 1 FROM notifications n WHERE n.account_id = r.account_id
	AND n.from_account_id = r.from_account_id AND n.filtered)`

func scanNotificationRequest(row scanner) (*agora.NotificationRequest, error) {
	var r agora.NotificationRequest
	var last sql.NullInt64
	var created, updated int64
	if err := row.Scan(&r.ID, &r.AccountID, &r.FromAccountID, &last, &created, &updated, &r.NotificationsCount); err != nil {
		return nil, err
	}
	r.LastStatusID, r.CreatedAt, r.UpdatedAt = agora.ID(last.Int64), fromMillis(created), fromMillis(updated)
	return &r, nil
}

// NotificationRequests lists the account's requests that hold filtered
// notifications, newest first, paged by request ID.
func (db *relationTables) NotificationRequests(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.NotificationRequest, error) {
	w := where{args: []any{agora.MaxMeaningfulCount}}
	w.add(`r.account_id = ?`, accountID)
	w.add(pendingRequest)
	order := w.page(`r.id`, p)
	list, err := queryList(ctx, db.reader(), "select notification requests", scanNotificationRequest,
		`SELECT `+requestColumns+` FROM notification_requests r`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}

// NotificationRequest returns one of the account's requests. ENOTFOUND when it
// does not exist, holds no filtered notification or is someone else's.
func (db *relationTables) NotificationRequest(ctx context.Context, accountID, id agora.ID) (*agora.NotificationRequest, error) {
	r, err := scanNotificationRequest(db.reader().queryRow(ctx, `SELECT `+requestColumns+`
		FROM notification_requests r WHERE r.id = ? AND r.account_id = ? AND `+pendingRequest,
		agora.MaxMeaningfulCount, id, accountID))
	if err != nil {
		return nil, wrap("select notification request", err)
	}
	return r, nil
}

// FilteredNotifications returns the account's filtered notifications from each
// of fromIDs, the newest perSender of each, newest first, in one query.
func (db *relationTables) FilteredNotifications(ctx context.Context, accountID agora.ID, fromIDs []agora.ID, perSender int) ([]*agora.Notification, error) {
	if len(fromIDs) == 0 || perSender <= 0 {
		return nil, nil
	}
	return queryList(ctx, db.reader(), "select filtered notifications", scanNotification,
		`SELECT `+notificationColumns+` FROM (SELECT `+notificationColumns+`,
			row_number() OVER (PARTITION BY from_account_id ORDER BY id DESC) AS nth
			FROM notifications WHERE account_id = ? AND `+db.d.in("from_account_id")+` AND filtered) f
		WHERE nth <= ? ORDER BY id DESC`, accountID, db.d.ids(fromIDs), perSender)
}

// AcceptNotificationRequests accepts those of ids that are the account's
// requests: a permission for each sender, their filtered notifications made
// ordinary, the requests deleted; in one transaction.
func (db *relationTables) AcceptNotificationRequests(ctx context.Context, accountID agora.ID, ids []agora.ID, at time.Time) (int, error) {
	return db.closeRequests(ctx, accountID, ids, func(c conn, from agora.ID) error {
		if _, err := c.exec(ctx, `INSERT INTO notification_permissions (account_id, from_account_id, created_at)
			VALUES (?, ?, ?) ON CONFLICT (account_id, from_account_id) DO NOTHING`, accountID, from, millis(normalize(at))); err != nil {
			return wrap("insert notification permission", err)
		}
		_, err := c.exec(ctx, `UPDATE notifications SET filtered = ? WHERE account_id = ? AND from_account_id = ? AND filtered`,
			false, accountID, from)
		return wrap("accept filtered notifications", err)
	})
}

// DismissNotificationRequests deletes those of ids that are the account's
// requests with their filtered notifications, in one transaction.
func (db *relationTables) DismissNotificationRequests(ctx context.Context, accountID agora.ID, ids []agora.ID) (int, error) {
	return db.closeRequests(ctx, accountID, ids, func(c conn, from agora.ID) error {
		_, err := c.exec(ctx, `DELETE FROM notifications WHERE account_id = ? AND from_account_id = ? AND filtered`,
			accountID, from)
		return wrap("delete filtered notifications", err)
	})
}

// closeRequests deletes those of ids that are the account's requests and calls
// then with the sender of each, all in one transaction, and returns how many it
// deleted.
func (db *relationTables) closeRequests(ctx context.Context, accountID agora.ID, ids []agora.ID, then func(c conn, from agora.ID) error) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var n int
	err := db.inTx(ctx, func(c conn) error {
		senders, err := queryList(ctx, c, "delete notification requests", scanRequestSender,
			`DELETE FROM notification_requests WHERE account_id = ? AND `+db.d.in("id")+` RETURNING from_account_id`,
			accountID, db.d.ids(ids))
		if err != nil {
			return err
		}
		for _, from := range senders {
			if err := then(c, from); err != nil {
				return err
			}
		}
		n = len(senders)
		return nil
	})
	return n, err
}

func scanRequestSender(row scanner) (agora.ID, error) {
	var id agora.ID
	err := row.Scan(&id)
	return id, err
}
