package sqlstore

import (
	"context"
	"database/sql"
	"slices"

	"agora"
)

// Reports live with the relations: they are one account's complaint about
// another, and their admin.report notifications are written with them.

const reportColumns = `id, account_id, target_account_id, status_ids, rule_ids, comment, category,
	forward, assigned_account_id, action_taken_at, action_taken_by_id, created_at, updated_at`

func scanReport(row scanner) (*agora.Report, error) {
	var r agora.Report
	var statuses, rules string
	var assigned, takenBy, takenAt sql.NullInt64
	var created, updated int64
	if err := row.Scan(&r.ID, &r.AccountID, &r.TargetAccountID, &statuses, &rules, &r.Comment, &r.Category,
		&r.Forward, &assigned, &takenAt, &takenBy, &created, &updated); err != nil {
		return nil, err
	}
	var err error
	if r.StatusIDs, err = splitIDs(statuses); err != nil {
		return nil, err
	}
	if r.RuleIDs, err = splitIDs(rules); err != nil {
		return nil, err
	}
	r.AssignedAccountID, r.ActionTakenByID = agora.ID(assigned.Int64), agora.ID(takenBy.Int64)
	r.ActionTakenAt, r.CreatedAt, r.UpdatedAt = fromNullMillis(takenAt), fromMillis(created), fromMillis(updated)
	return &r, nil
}

// CreateReport inserts r, the notifications and the audit events in one
// transaction, normalizing their times in place. ENOTFOUND when an account r
// or a notification names does not exist; then nothing is stored.
func (db *relationTables) CreateReport(ctx context.Context, r *agora.Report, ns []*agora.Notification, events []*agora.AuditEvent) error {
	r.CreatedAt, r.UpdatedAt, r.ActionTakenAt = normalize(r.CreatedAt), normalize(r.UpdatedAt), normalize(r.ActionTakenAt)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO reports (`+reportColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.AccountID, r.TargetAccountID, joinIDs(r.StatusIDs), joinIDs(r.RuleIDs), r.Comment, r.Category,
			r.Forward, nullID(r.AssignedAccountID), nullMillis(r.ActionTakenAt), nullID(r.ActionTakenByID),
			millis(r.CreatedAt), millis(r.UpdatedAt))
		if err != nil {
			return wrap("insert report", err)
		}
		if err := insertNotifications(ctx, c, ns); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
}

// Report returns the report with the ID.
func (db *relationTables) Report(ctx context.Context, id agora.ID) (*agora.Report, error) {
	r, err := scanReport(db.reader().queryRow(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select report", err)
	}
	return r, nil
}

// Reports returns the reports q selects, newest first, paged by ID as
// agora.Page describes.
func (db *relationTables) Reports(ctx context.Context, q agora.ReportQuery) ([]*agora.Report, error) {
	var w where
	if q.Resolved != nil {
		if *q.Resolved {
			w.add(`action_taken_at IS NOT NULL`)
		} else {
			w.add(`action_taken_at IS NULL`)
		}
	}
	if q.AccountID != 0 {
		w.add(`account_id = ?`, q.AccountID)
	}
	if q.TargetAccountID != 0 {
		w.add(`target_account_id = ?`, q.TargetAccountID)
	}
	order := w.page(`id`, q.Page)
	list, err := queryList(ctx, db.reader(), "select reports", scanReport,
		`SELECT `+reportColumns+` FROM reports`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, q.Page), nil
}

// UpdateReport stores r's category, rules, assignee, action taken and updated
// time, with the audit events, in one transaction; times are normalized in
// place. ENOTFOUND when the report or an account it names does not exist.
func (db *relationTables) UpdateReport(ctx context.Context, r *agora.Report, events []*agora.AuditEvent) error {
	r.UpdatedAt, r.ActionTakenAt = normalize(r.UpdatedAt), normalize(r.ActionTakenAt)
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE reports SET category = ?, rule_ids = ?, assigned_account_id = ?,
			action_taken_at = ?, action_taken_by_id = ?, updated_at = ? WHERE id = ?`,
			r.Category, joinIDs(r.RuleIDs), nullID(r.AssignedAccountID), nullMillis(r.ActionTakenAt),
			nullID(r.ActionTakenByID), millis(r.UpdatedAt), r.ID)
		if err != nil {
			return wrap("update report", err)
		}
		if err := mustAffect("update report", res); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
}

// ModeratorIDs returns the IDs of the accounts with the moderator or admin role
// that are not suspended, oldest first, at most limit.
func (db *relationTables) ModeratorIDs(ctx context.Context, limit int) ([]agora.ID, error) {
	return queryList(ctx, db.reader(), "select moderators", func(row scanner) (agora.ID, error) {
		var id agora.ID
		err := row.Scan(&id)
		return id, err
	}, `SELECT id FROM accounts WHERE role IN ('moderator', 'admin') AND suspended_at IS NULL ORDER BY id LIMIT ?`, limit)
}

// ListAccounts returns the accounts q selects, newest first, paged by ID as
// agora.Page describes.
func (db *relationTables) ListAccounts(ctx context.Context, q agora.AccountQuery) ([]*agora.Account, error) {
	var w where
	if q.Suspended != nil {
		if *q.Suspended {
			w.add(`suspended_at IS NOT NULL`)
		} else {
			w.add(`suspended_at IS NULL`)
		}
	}
	if q.Silenced {
		w.add(`silenced_at IS NOT NULL`)
	}
	if q.Disabled {
		w.add(`disabled_at IS NOT NULL`)
	}
	if q.Sensitized {
		w.add(`sensitized_at IS NOT NULL`)
	}
	if q.Staff || len(q.Roles) > 0 {
		roles := staffRoles(q)
		if len(roles) == 0 {
			return []*agora.Account{}, nil
		}
		w.add(db.d.in(`role`), db.d.texts(roles))
	}
	if q.Username != "" {
		w.add(`lower(username) LIKE lower(?) ESCAPE '\'`, likePrefix(q.Username))
	}
	if q.DisplayName != "" {
		w.add(`lower(display_name) LIKE lower(?) ESCAPE '\'`, likeContains(q.DisplayName))
	}
	if q.Email != "" {
		w.add(`lower(email) LIKE lower(?) ESCAPE '\'`, likeContains(q.Email))
	}
	order := w.page(`id`, q.Page)
	list, err := queryList(ctx, db.reader(), "select accounts", scanAccount,
		`SELECT `+accountColumns+` FROM accounts`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, q.Page), nil
}

// staffRoles are the roles q selects: q.Roles (all staff roles when empty and
// q.Staff), only those of them that are staff roles when q.Staff.
func staffRoles(q agora.AccountQuery) []string {
	staff := []agora.Role{agora.RoleModerator, agora.RoleLegal, agora.RoleAdmin}
	roles := q.Roles
	if len(roles) == 0 {
		roles = staff
	}
	var out []string
	for _, r := range roles {
		if !q.Staff || slices.Contains(staff, r) {
			out = append(out, string(r))
		}
	}
	return out
}
