package sqlstore

import (
	"context"
	"database/sql"

	"agora"
)

const appealColumns = `id, warning_id, account_id, order_id, target_id, text, state, deadline,
	answer, answered_by, answered_at, created_at`

func scanAppeal(row scanner) (*agora.Appeal, error) {
	var a agora.Appeal
	var deadline, created int64
	var answered sql.NullInt64
	err := row.Scan(&a.ID, &a.WarningID, &a.AccountID, &a.OrderID, &a.TargetID, &a.Text, &a.State, &deadline,
		&a.Answer, &a.AnsweredBy, &answered, &created)
	if err != nil {
		return nil, err
	}
	a.Deadline, a.AnsweredAt, a.CreatedAt = fromMillis(deadline), fromNullMillis(answered), fromMillis(created)
	return &a, nil
}

// CreateAppeal inserts the appeal with the events, in one transaction,
// normalizing its times in place. ECONFLICT when its warning has an appeal
// already, ENOTFOUND when the warning or account does not exist.
func (db *legalTables) CreateAppeal(ctx context.Context, a *agora.Appeal, events []*agora.AuditEvent) error {
	a.Deadline, a.AnsweredAt, a.CreatedAt = normalize(a.Deadline), normalize(a.AnsweredAt), normalize(a.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO appeals (`+appealColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.WarningID, a.AccountID, a.OrderID, a.TargetID, a.Text, string(a.State), millis(a.Deadline),
			a.Answer, a.AnsweredBy, nullMillis(a.AnsweredAt), millis(a.CreatedAt))
		if err != nil {
			return wrap("insert appeal", err)
		}
		return insertAudit(ctx, c, events)
	})
}

// Appeal returns the appeal with the ID. ENOTFOUND when there is none.
func (db *legalTables) Appeal(ctx context.Context, id agora.ID) (*agora.Appeal, error) {
	a, err := scanAppeal(db.reader().queryRow(ctx, `SELECT `+appealColumns+` FROM appeals WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select appeal", err)
	}
	return a, nil
}

// AppealsOfTargets returns the appeals on the targets, oldest first.
func (db *legalTables) AppealsOfTargets(ctx context.Context, targetIDs []agora.ID) ([]*agora.Appeal, error) {
	if len(targetIDs) == 0 {
		return nil, nil
	}
	return queryList(ctx, db.reader(), "select appeals", scanAppeal,
		`SELECT `+appealColumns+` FROM appeals WHERE `+db.d.in("target_id")+` ORDER BY id`, db.d.ids(targetIDs))
}

// answerAppeal writes the answer of a, when not nil, on c: ECONFLICT when the
// appeal is no longer pending, ENOTFOUND when it does not exist.
func answerAppeal(ctx context.Context, c conn, a *agora.Appeal) error {
	if a == nil {
		return nil
	}
	a.AnsweredAt = normalize(a.AnsweredAt)
	res, err := c.exec(ctx, `UPDATE appeals SET state = ?, answer = ?, answered_by = ?, answered_at = ?
		WHERE id = ? AND state = ?`, string(a.State), a.Answer, a.AnsweredBy, nullMillis(a.AnsweredAt), a.ID, string(agora.AppealPending))
	if err != nil {
		return wrap("answer appeal", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap("answer appeal", err)
	} else if n == 0 {
		return agora.Errorf(agora.ECONFLICT, "The appeal is answered already.")
	}
	return nil
}
