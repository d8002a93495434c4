package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"agora"
)

const warningColumns = `id, account_id, action, text, status_ids, order_id, target_id,
	notify_after, notified_at, created_at`

// Status IDs of a warning are stored as decimals joined by commas.

func joinIDs(ids []agora.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = id.String()
	}
	return strings.Join(s, ",")
}

func splitIDs(s string) ([]agora.ID, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	ids := make([]agora.ID, len(parts))
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, err
		}
		ids[i] = agora.ID(n)
	}
	return ids, nil
}

func scanWarning(row scanner) (*agora.AccountWarning, error) {
	var w agora.AccountWarning
	var statusIDs string
	var notifyAfter, notified sql.NullInt64
	var created int64
	err := row.Scan(&w.ID, &w.AccountID, &w.Action, &w.Text, &statusIDs, &w.OrderID, &w.TargetID,
		&notifyAfter, &notified, &created)
	if err != nil {
		return nil, err
	}
	if w.StatusIDs, err = splitIDs(statusIDs); err != nil {
		return nil, err
	}
	w.NotifyAfter, w.NotifiedAt = fromNullMillis(notifyAfter), fromNullMillis(notified)
	w.CreatedAt = fromMillis(created)
	return &w, nil
}

// insertWarnings inserts the warnings on c, normalizing their times in place.
func insertWarnings(ctx context.Context, c conn, warnings []*agora.AccountWarning) error {
	if len(warnings) == 0 {
		return nil
	}
	rows := make([][]any, len(warnings))
	for i, w := range warnings {
		w.NotifyAfter, w.NotifiedAt, w.CreatedAt = normalize(w.NotifyAfter), normalize(w.NotifiedAt), normalize(w.CreatedAt)
		rows[i] = []any{w.ID, w.AccountID, w.Action, w.Text, joinIDs(w.StatusIDs), w.OrderID, w.TargetID,
			nullMillis(w.NotifyAfter), nullMillis(w.NotifiedAt), millis(w.CreatedAt)}
	}
	err := insertRows(ctx, c, `INSERT INTO account_warnings (`+warningColumns+`)`, "", rows)
	return wrap("insert account warnings", err)
}

// AccountWarning returns the warning with the ID and its appeal. ENOTFOUND when
// there is none.
func (db *legalTables) AccountWarning(ctx context.Context, id agora.ID) (*agora.AccountWarning, error) {
	w, err := scanWarning(db.reader().queryRow(ctx, `SELECT `+warningColumns+` FROM account_warnings WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select account warning", err)
	}
	a, err := scanAppeal(db.reader().queryRow(ctx, `SELECT `+appealColumns+` FROM appeals WHERE warning_id = ?`, id))
	if err == nil {
		w.Appeal = a
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, wrap("select appeal of warning", err)
	}
	return w, nil
}

// ReleaseWarnings finds, in one transaction, the warnings not notified whose
// NotifyAfter is at or before now (a warning without NotifyAfter is due at once),
// inserts the notification notify returns for each (none when it returns nil) and
// sets the NotifiedAt of each to now, in ID order, and returns how many warnings it
// released. The warnings are locked meanwhile (on PostgreSQL; SQLite has one
// writer), so concurrent calls release each warning once.
func (db *legalTables) ReleaseWarnings(ctx context.Context, now time.Time, notify func(*agora.AccountWarning) *agora.Notification) (int, error) {
	if now.IsZero() {
		return 0, agora.Errorf(agora.EINVALID, "The time to release warnings at is missing.")
	}
	now = normalize(now)
	var n int
	err := db.inTx(ctx, func(c conn) error {
		// ORDER BY +id: sorting an expression, SQLite reads the partial index of
		// the warnings not notified rather than every warning in ID order.
		due, err := queryList(ctx, c, "select due warnings", scanWarning, `SELECT `+warningColumns+`
			FROM account_warnings WHERE notified_at IS NULL AND (notify_after IS NULL OR notify_after <= ?)
			ORDER BY +id`+c.d.forUpdate(), millis(now))
		if err != nil || len(due) == 0 {
			return err
		}
		ids := make([]agora.ID, len(due))
		var notes []*agora.Notification
		for i, w := range due {
			w.NotifiedAt = now
			ids[i] = w.ID
			if note := notify(w); note != nil {
				notes = append(notes, note)
			}
		}
		if err := insertNotifications(ctx, c, notes); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE account_warnings SET notified_at = ? WHERE `+c.d.in("id"),
			millis(now), c.d.ids(ids)); err != nil {
			return wrap("mark warnings notified", err)
		}
		n = len(due)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// SetAccessUntil sets the account's AccessUntil (zero: no end), normalized, and
// inserts the events, in one transaction. ENOTFOUND when there is no such account.
func (db *legalTables) SetAccessUntil(ctx context.Context, accountID agora.ID, until time.Time, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE accounts SET access_until = ? WHERE id = ?`, nullMillis(until), accountID)
		if err != nil {
			return wrap("set access until", err)
		}
		if err := mustAffect("set access until", res); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
}
