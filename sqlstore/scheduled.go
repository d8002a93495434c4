package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"agora"
)

const scheduledColumns = `id, account_id, scheduled_at, params, created_at`

func scanScheduled(row scanner) (*agora.ScheduledStatus, error) {
	var s agora.ScheduledStatus
	var at, created int64
	var params string
	if err := row.Scan(&s.ID, &s.AccountID, &at, &params, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(params), &s.Params); err != nil {
		return nil, fmt.Errorf("decode scheduled status params: %w", err)
	}
	s.ScheduledAt, s.CreatedAt = fromMillis(at), fromMillis(created)
	return &s, nil
}

// CreateScheduledStatus inserts s, unless the account is at a limit or has a
// scheduled status with s's Idempotency-Key, in one transaction that holds the
// account's row, so that two requests at once cannot both pass the limits. Its
// times are normalized in place to UTC milliseconds. ENOTFOUND when the account
// does not exist.
func (db *statusTables) CreateScheduledStatus(ctx context.Context, s *agora.ScheduledStatus, limits agora.ScheduleLimits) error {
	s.ScheduledAt, s.CreatedAt = normalize(s.ScheduledAt), normalize(s.CreatedAt)
	params, err := json.Marshal(s.Params)
	if err != nil {
		return fmt.Errorf("encode scheduled status params: %w", err)
	}
	key := s.Params.IdempotencyKey
	return db.inTx(ctx, func(c conn) error {
		if err := lockAccount(ctx, c, s.AccountID); err != nil {
			return err
		}
		if key != "" {
			var n int
			if err := c.queryRow(ctx, `SELECT COUNT(*) FROM scheduled_statuses
				WHERE account_id = ? AND idempotency_key = ?`, s.AccountID, key).Scan(&n); err != nil {
				return wrap("find scheduled key", err)
			}
			if n > 0 {
				return agora.Errorf(agora.ECONFLICT, "A status was scheduled with this Idempotency-Key already.")
			}
		}
		total, onDay, err := countScheduled(ctx, c, s.AccountID, s.ScheduledAt, 0)
		if err != nil {
			return err
		}
		if err := limits.Check(total, onDay); err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO scheduled_statuses (`+scheduledColumns+`, idempotency_key)
			VALUES (?, ?, ?, ?, ?, ?)`, s.ID, s.AccountID, millis(s.ScheduledAt), string(params), millis(s.CreatedAt), key)
		return wrap("insert scheduled status", err)
	})
}

// ScheduledStatusByKey returns the account's scheduled status made with the
// Idempotency-Key.
func (db *statusTables) ScheduledStatusByKey(ctx context.Context, accountID agora.ID, key string) (*agora.ScheduledStatus, error) {
	if key == "" {
		return nil, notFound(nil)
	}
	s, err := scanScheduled(db.reader().queryRow(ctx, `SELECT `+scheduledColumns+`
		FROM scheduled_statuses WHERE account_id = ? AND idempotency_key = ?`, accountID, key))
	if err != nil {
		return nil, wrap("select scheduled status by key", err)
	}
	return s, nil
}

// lockAccount takes the account's row until the transaction ends (on SQLite the
// one writer holds everything already). ENOTFOUND when there is no such account.
func lockAccount(ctx context.Context, c conn, id agora.ID) error {
	var got agora.ID
	err := c.queryRow(ctx, `SELECT id FROM accounts WHERE id = ?`+c.d.forUpdate(), id).Scan(&got)
	return wrap("lock account", err)
}

// countScheduled counts the account's scheduled statuses, in all and due on
// at's UTC day, leaving out the one with the ID except (0: none).
func countScheduled(ctx context.Context, c conn, accountID agora.ID, at time.Time, except agora.ID) (total, onDay int, err error) {
	at = at.UTC()
	day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	err = c.queryRow(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN scheduled_at >= ? AND scheduled_at < ? THEN 1 ELSE 0 END), 0)
		FROM scheduled_statuses WHERE account_id = ? AND id <> ?`,
		millis(day), millis(day.AddDate(0, 0, 1)), accountID, except).Scan(&total, &onDay)
	return total, onDay, wrap("count scheduled statuses", err)
}

// ScheduledStatus returns the account's scheduled status.
func (db *statusTables) ScheduledStatus(ctx context.Context, accountID, id agora.ID) (*agora.ScheduledStatus, error) {
	s, err := scanScheduled(db.reader().queryRow(ctx, `SELECT `+scheduledColumns+`
		FROM scheduled_statuses WHERE id = ? AND account_id = ?`, id, accountID))
	if err != nil {
		return nil, wrap("select scheduled status", err)
	}
	return s, nil
}

// ScheduledStatuses lists the account's scheduled statuses, newest first.
func (db *statusTables) ScheduledStatuses(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.ScheduledStatus, error) {
	var w where
	w.add("account_id = ?", accountID)
	order := w.page("id", p)
	list, err := queryList(ctx, db.reader(), "select scheduled statuses", scanScheduled,
		`SELECT `+scheduledColumns+` FROM scheduled_statuses`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}

// RescheduleStatus moves the account's scheduled status to at and ends any
// claim on it, unless at's UTC day has limits.Daily due already, not counting
// this one, in one transaction that holds the account's row.
func (db *statusTables) RescheduleStatus(ctx context.Context, accountID, id agora.ID, at time.Time, limits agora.ScheduleLimits) error {
	at = normalize(at)
	return db.inTx(ctx, func(c conn) error {
		if err := lockAccount(ctx, c, accountID); err != nil {
			return err
		}
		_, onDay, err := countScheduled(ctx, c, accountID, at, id)
		if err != nil {
			return err
		}
		if err := limits.Check(0, onDay); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE scheduled_statuses SET scheduled_at = ?, claimed_until = 0
			WHERE id = ? AND account_id = ?`, millis(at), id, accountID)
		if err != nil {
			return wrap("reschedule status", err)
		}
		return mustAffect("reschedule status", res)
	})
}

// DeleteScheduledStatus removes the account's scheduled status.
func (db *statusTables) DeleteScheduledStatus(ctx context.Context, accountID, id agora.ID) error {
	res, err := db.writer().exec(ctx, `DELETE FROM scheduled_statuses WHERE id = ? AND account_id = ?`, id, accountID)
	if err != nil {
		return wrap("delete scheduled status", err)
	}
	return mustAffect("delete scheduled status", res)
}

// ClaimDueStatuses claims due, unclaimed rows: each is taken with an UPDATE
// that holds only while the row is still unclaimed, so of two servers racing
// for it (on PostgreSQL, or two processes on one SQLite file) one alone changes
// it and returns it.
func (db *statusTables) ClaimDueStatuses(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*agora.ScheduledStatus, error) {
	nowMs := millis(normalize(now))
	due, err := queryList(ctx, db.reader(), "select due statuses", scanScheduled, `SELECT `+scheduledColumns+`
		FROM scheduled_statuses WHERE scheduled_at <= ? AND claimed_until < ?
		ORDER BY scheduled_at, id LIMIT ?`, nowMs, nowMs, limit)
	if err != nil {
		return nil, err
	}
	claimed := make([]*agora.ScheduledStatus, 0, len(due))
	for _, s := range due {
		res, err := db.writer().exec(ctx, `UPDATE scheduled_statuses SET claimed_until = ?
			WHERE id = ? AND scheduled_at <= ? AND claimed_until < ?`,
			millis(normalize(leaseUntil)), s.ID, nowMs, nowMs)
		if err != nil {
			return nil, wrap("claim scheduled status", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, wrap("claim scheduled status", err)
		} else if n == 1 {
			claimed = append(claimed, s)
		}
	}
	return claimed, nil
}
