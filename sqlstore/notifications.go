package sqlstore

import (
	"context"
	"database/sql"

	"agora"
)

const notificationColumns = `id, account_id, type, from_account_id, status_id, warning_id, report_id, created_at, filtered`

func scanNotification(row scanner) (*agora.Notification, error) {
	var n agora.Notification
	var created int64
	var warning, report sql.NullInt64
	if err := row.Scan(&n.ID, &n.AccountID, &n.Type, &n.FromAccountID, &n.StatusID, &warning, &report, &created, &n.Filtered); err != nil {
		return nil, err
	}
	n.WarningID, n.ReportID, n.CreatedAt = agora.ID(warning.Int64), agora.ID(report.Int64), fromMillis(created)
	return &n, nil
}

// CreateNotifications inserts the notifications, with their WarningID and ReportID, in one
// transaction; their CreatedAt is normalized in place. ECONFLICT when an ID is taken, ENOTFOUND when
// a recipient does not exist; then none is inserted.
func (db *relationTables) CreateNotifications(ctx context.Context, ns []*agora.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	return db.inTx(ctx, func(c conn) error { return insertNotifications(ctx, c, ns) })
}

// insertNotifications inserts the notifications on c, normalizing their CreatedAt
// in place, and makes or updates the notification request of each filtered one
// (saveNotificationRequests), so that every write that causes notifications
// stores their requests in its own transaction too.
func insertNotifications(ctx context.Context, c conn, ns []*agora.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	rows := make([][]any, len(ns))
	for i, n := range ns {
		n.CreatedAt = normalize(n.CreatedAt)
		rows[i] = []any{n.ID, n.AccountID, n.Type, n.FromAccountID, n.StatusID,
			nullID(n.WarningID), nullID(n.ReportID), millis(n.CreatedAt), n.Filtered}
	}
	if err := insertRows(ctx, c, `INSERT INTO notifications (`+notificationColumns+`)`, "", rows); err != nil {
		return wrap("insert notifications", err)
	}
	return saveNotificationRequests(ctx, c, ns)
}

// nullID is the stored form of an optional reference: NULL for 0.
func nullID(id agora.ID) sql.NullInt64 { return sql.NullInt64{Int64: int64(id), Valid: id != 0} }

// Notifications lists the recipient's notifications q selects, newest first,
// paged by notification ID as agora.Page describes.
func (db *relationTables) Notifications(ctx context.Context, accountID agora.ID, q agora.NotificationQuery) ([]*agora.Notification, error) {
	var w where
	w.add(`account_id = ?`, accountID)
	if len(q.Types) > 0 {
		w.add(db.d.in(`type`), db.d.texts(typeNames(q.Types)))
	}
	if len(q.ExcludeTypes) > 0 {
		w.add(`NOT (`+db.d.in(`type`)+`)`, db.d.texts(typeNames(q.ExcludeTypes)))
	}
	if q.FromAccountID != 0 {
		w.add(`from_account_id = ?`, q.FromAccountID)
	}
	if !q.IncludeFiltered {
		w.add(`NOT filtered`)
	}
	order := w.page(`id`, q.Page)
	list, err := queryList(ctx, db.reader(), "select notifications", scanNotification,
		`SELECT `+notificationColumns+` FROM notifications`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, q.Page), nil
}

func typeNames(types []agora.NotificationType) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = string(t)
	}
	return out
}

// Notification returns the recipient's notification. ENOTFOUND when it does not
// exist or belongs to someone else.
func (db *relationTables) Notification(ctx context.Context, accountID, id agora.ID) (*agora.Notification, error) {
	n, err := scanNotification(db.reader().queryRow(ctx, `SELECT `+notificationColumns+`
		FROM notifications WHERE id = ? AND account_id = ?`, id, accountID))
	if err != nil {
		return nil, wrap("select notification", err)
	}
	return n, nil
}

// DismissNotification deletes the recipient's notification. ENOTFOUND when it does
// not exist or belongs to someone else.
func (db *relationTables) DismissNotification(ctx context.Context, accountID, id agora.ID) error {
	res, err := db.writer().exec(ctx, `DELETE FROM notifications WHERE id = ? AND account_id = ?`, id, accountID)
	if err != nil {
		return wrap("delete notification", err)
	}
	return mustAffect("delete notification", res)
}

// ClearNotifications deletes all the recipient's notifications.
func (db *relationTables) ClearNotifications(ctx context.Context, accountID agora.ID) error {
	_, err := db.writer().exec(ctx, `DELETE FROM notifications WHERE account_id = ?`, accountID)
	return wrap("clear notifications", err)
}

// CountNotifications counts the recipient's notifications with ID > afterID, up to
// limit, filtered ones left out; limit <= 0 counts them all. It reads no more
// rows than it counts.
func (db *relationTables) CountNotifications(ctx context.Context, accountID, afterID agora.ID, limit int) (int, error) {
	query := `SELECT count(*) FROM notifications WHERE account_id = ? AND id > ? AND NOT filtered`
	args := []any{accountID, afterID}
	if limit > 0 {
		query = `SELECT count(*) FROM (SELECT 1 FROM notifications WHERE account_id = ? AND id > ? AND NOT filtered
			ORDER BY id LIMIT ?) x`
		args = append(args, limit)
	}
	var n int
	if err := db.reader().queryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, wrap("count notifications", err)
	}
	return n, nil
}
