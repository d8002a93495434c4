package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"agora"
)

// Moderators' actions on accounts live with the reports they resolve.

// ModerateAccount writes m in one transaction, holding the account's row: it
// applies m's action to the moderation state as it finds it there, writing
// only the column(s) the action is about, resolves the open report it names,
// and writes the warning, the notifications and the audit events; times are
// normalized in place and m.Changed is set. ENOTFOUND when the account does
// not exist, or the report does not exist or is about another account;
// ECONFLICT when an account whose data is deleted is to be unsuspended;
// EINVALID for an unknown action; nothing is written then.
func (db *relationTables) ModerateAccount(ctx context.Context, m *agora.AccountModeration) error {
	m.At, m.ResolvedAt = normalize(m.At), normalize(m.ResolvedAt)
	if !m.Undo && m.Action != agora.ActionNone && m.At.IsZero() {
		return agora.Errorf(agora.EINVALID, "The time of the account action is missing.")
	}
	return db.inTx(ctx, func(c conn) error {
		changed, err := applyModeration(ctx, c, m)
		if err != nil {
			return err
		}
		m.Changed = changed
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
		if m.Undo && !changed {
			return nil
		}
		return insertAudit(ctx, c, m.Events)
	})
}

// moderationColumns are the columns of the actions that set one time only.
var moderationColumns = map[agora.AccountActionType]string{
	agora.ActionSensitive: "sensitized_at", agora.ActionDisable: "disabled_at", agora.ActionSilence: "silenced_at",
}

// applyModeration applies m's action to the account's row on c, which it locks
// first (PostgreSQL; SQLite's writers hold the database), and reports whether
// the state changed. Each statement changes its own column and keeps a time
// already set (COALESCE), so that it is right whatever was committed before
// it: another moderator's action, or a legal removal's suspension.
func applyModeration(ctx context.Context, c conn, m *agora.AccountModeration) (bool, error) {
	var suspended, silenced, sensitized, disabled, deleted sql.NullInt64
	var byModerators bool
	// NO KEY UPDATE, the lock the UPDATE takes anyway: it orders moderators'
	// writes and the legal desk's (FOR UPDATE) on the row, without blocking
	// rows being written that refer to the account.
	lock := ""
	if c.d.name == Postgres {
		lock = " FOR NO KEY UPDATE"
	}
	err := c.queryRow(ctx, `SELECT suspended_at, silenced_at, sensitized_at, disabled_at, deleted_at, suspended_by_moderators
		FROM accounts WHERE id = ?`+lock, m.AccountID).Scan(&suspended, &silenced, &sensitized, &disabled, &deleted, &byModerators)
	if err == sql.ErrNoRows {
		return false, &agora.Error{Code: agora.ENOTFOUND, Message: "Record not found."}
	} else if err != nil {
		return false, wrap("select account moderation", err)
	}
	set := map[string]bool{"sensitized_at": sensitized.Valid, "disabled_at": disabled.Valid, "silenced_at": silenced.Valid}
	var changed bool
	var q string
	var args []any
	switch col := moderationColumns[m.Action]; {
	case m.Action == agora.ActionNone && !m.Undo:
		return false, nil
	case m.Action == agora.ActionSuspend && !m.Undo:
		changed = !suspended.Valid || !byModerators
		q, args = `UPDATE accounts SET suspended_at = COALESCE(suspended_at, ?), suspended_by_moderators = ? WHERE id = ?`,
			[]any{millis(m.At), true, m.AccountID}
	case m.Action == agora.ActionSuspend:
		if deleted.Valid {
			return false, &agora.Error{Code: agora.ECONFLICT, Message: "This account's data has been deleted: it cannot be unsuspended."}
		}
		// The legal desk's removal keeps the account suspended: its rule is
		// in force until the desk lifts it, and the lift clears suspended_at
		// of an account the moderators do not suspend.
		changed = byModerators
		q, args = `UPDATE accounts SET suspended_by_moderators = ?, suspended_at = CASE WHEN EXISTS (
				SELECT 1 FROM withholding_rules WHERE kind = 'account' AND subject_id = ? AND origin LIKE 'removal:%'
				AND lifted_at IS NULL) THEN suspended_at ELSE NULL END
			WHERE id = ? AND suspended_by_moderators`, []any{false, m.AccountID, m.AccountID}
	case col != "" && !m.Undo:
		changed = !set[col]
		q, args = `UPDATE accounts SET `+col+` = COALESCE(`+col+`, ?) WHERE id = ?`, []any{millis(m.At), m.AccountID}
	case col != "":
		changed = set[col]
		q, args = `UPDATE accounts SET `+col+` = NULL WHERE id = ?`, []any{m.AccountID}
	default:
		return false, agora.Errorf(agora.EINVALID, "Unknown account action.")
	}
	if _, err := c.exec(ctx, q, args...); err != nil {
		return false, wrap("update account moderation", err)
	}
	return changed, nil
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
func (db *relationTables) DeleteAccountData(ctx context.Context, id agora.ID, at time.Time, events []*agora.AuditEvent) ([]agora.ID, []string, error) {
	var deleted []agora.ID
	var keys []string
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
		_, attached, err := deleteStatuses(ctx, c, ids, false) // their media rows deleted with them
		if err != nil {
			return err
		}
		// What was never posted goes too: scheduled statuses (which would keep
		// their media from the sweep) and uploads not attached.
		if _, err := c.exec(ctx, `DELETE FROM scheduled_statuses WHERE account_id = ?`, id); err != nil {
			return wrap("delete scheduled statuses", err)
		}
		pairs, err := queryList(ctx, c, "delete unattached media", func(row scanner) ([2]string, error) {
			var k [2]string
			err := row.Scan(&k[0], &k[1])
			return k, err
		}, `DELETE FROM media_attachments WHERE account_id = ? RETURNING file_key, preview_key`, id)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE accounts SET display_name = '', note = '', fields = '[]', deleted_at = ?
			WHERE id = ?`, millis(normalize(at)), id); err != nil {
			return wrap("delete account data", err)
		}
		deleted, keys = ids, attached
		for _, k := range pairs {
			keys = append(keys, k[0], k[1])
		}
		return insertAudit(ctx, c, events)
	})
	if err != nil {
		return nil, nil, err
	}
	return deleted, keys, nil
}
