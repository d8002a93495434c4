package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"agora"
)

// Moderators' actions on accounts live with the reports they resolve.

// ModerateAccount writes m in one transaction: the account's moderation times,
// the open report it resolves, the warning, the notifications and the audit
// events; times are normalized in place. ENOTFOUND when the account does not
// exist, or the report does not exist or is about another account; nothing is
// written then.
func (db *relationTables) ModerateAccount(ctx context.Context, m *agora.AccountModeration) error {
	m.SuspendedAt, m.SilencedAt = normalize(m.SuspendedAt), normalize(m.SilencedAt)
	m.SensitizedAt, m.DisabledAt, m.ResolvedAt = normalize(m.SensitizedAt), normalize(m.DisabledAt), normalize(m.ResolvedAt)
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE accounts SET suspended_at = ?, silenced_at = ?, sensitized_at = ?,
			disabled_at = ?, suspended_by_moderators = ? WHERE id = ?`,
			nullMillis(m.SuspendedAt), nullMillis(m.SilencedAt), nullMillis(m.SensitizedAt), nullMillis(m.DisabledAt),
			m.SuspendedByModerators && !m.SuspendedAt.IsZero(), m.AccountID)
		if err != nil {
			return wrap("update account moderation", err)
		}
		if err := mustAffect("update account moderation", res); err != nil {
			return err
		}
		if m.ResolveReportID != 0 {
			if err := resolveReportOf(ctx, c, m); err != nil {
				return err
			}
		}
		if m.Warning != nil {
			if err := insertWarnings(ctx, c, []*agora.AccountWarning{m.Warning}); err != nil {
				return err
			}
		}
		if err := insertNotifications(ctx, c, m.Notifications); err != nil {
			return err
		}
		return insertAudit(ctx, c, m.Events)
	})
}

// resolveReportOf resolves the report m names, when it is open, on c.
// ENOTFOUND when there is no such report about m's account.
func resolveReportOf(ctx context.Context, c conn, m *agora.AccountModeration) error {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM reports WHERE id = ? AND target_account_id = ?`,
		m.ResolveReportID, m.AccountID).Scan(&n)
	if err != nil {
		return wrap("select report", err)
	}
	if n == 0 {
		return &agora.Error{Code: agora.ENOTFOUND, Message: "Record not found."}
	}
	_, err = c.exec(ctx, `UPDATE reports SET action_taken_at = ?, action_taken_by_id = ?, updated_at = ?
		WHERE id = ? AND action_taken_at IS NULL`,
		millis(m.ResolvedAt), nullID(m.ResolvedByID), millis(m.ResolvedAt), m.ResolveReportID)
	return wrap("resolve report", err)
}

// AccountLimits returns the accounts suspended by the moderators or silenced,
// in ID order.
func (db *relationTables) AccountLimits(ctx context.Context) ([]agora.AccountLimit, error) {
	return queryList(ctx, db.reader(), "select account limits", func(row scanner) (agora.AccountLimit, error) {
		var l agora.AccountLimit
		err := row.Scan(&l.AccountID, &l.Suspended, &l.Silenced)
		return l, err
	}, `SELECT id, suspended_by_moderators, silenced_at IS NOT NULL FROM accounts
		WHERE suspended_by_moderators OR silenced_at IS NOT NULL ORDER BY id`)
}

// DeleteAccountData deletes the suspended account's statuses and profile in
// one transaction and sets deleted_at; the row stays, so the username stays
// taken. It returns the IDs of the statuses deleted (the boosts of them by
// others, deleted with them, are not among them). ENOTFOUND when there is no
// such account, ECONFLICT when it is not suspended or deleted already.
func (db *relationTables) DeleteAccountData(ctx context.Context, id agora.ID, at time.Time, events []*agora.AuditEvent) ([]agora.ID, error) {
	var deleted []agora.ID
	err := db.inTx(ctx, func(c conn) error {
		var suspended, gone sql.NullInt64
		err := c.queryRow(ctx, `SELECT suspended_at, deleted_at FROM accounts WHERE id = ?`+c.d.forUpdate(), id).Scan(&suspended, &gone)
		if err != nil {
			return wrap("select account", err)
		}
		if !suspended.Valid || gone.Valid {
			return &agora.Error{Code: agora.ECONFLICT, Message: "Only a suspended account whose data is not deleted yet can have its data deleted."}
		}
		ids, err := queryList(ctx, c, "select statuses", func(row scanner) (agora.ID, error) {
			var sid agora.ID
			err := row.Scan(&sid)
			return sid, err
		}, `SELECT id FROM statuses WHERE account_id = ? ORDER BY id`, id)
		if err != nil {
			return err
		}
		if _, _, err := deleteStatuses(ctx, c, ids, false); err != nil { // media rows deleted; their files stay, unserved
			return err
		}
		if _, err := c.exec(ctx, `UPDATE accounts SET display_name = '', note = '', fields = '[]', deleted_at = ?
			WHERE id = ?`, millis(normalize(at)), id); err != nil {
			return wrap("delete account data", err)
		}
		deleted = ids
		return insertAudit(ctx, c, events)
	})
	if err != nil {
		return nil, err
	}
	return deleted, nil
}
