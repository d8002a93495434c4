package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"agora"
)

const targetColumns = `id, order_id, position, input, kind, subject_id, hashtag, resolution, cause,
	duplicate_of, state, countries, reason_code, remarks, assigned_to, updated_at, created_at`

func scanTarget(row scanner) (*agora.Target, error) {
	var t agora.Target
	var countries, remarks string
	var updated, assigned sql.NullInt64
	var created int64
	err := row.Scan(&t.ID, &t.OrderID, &t.Position, &t.Input, &t.Kind, &t.SubjectID, &t.Hashtag,
		&t.Resolution, &t.Cause, &t.DuplicateOf, &t.State, &countries, &t.ReasonCode, &remarks, &assigned, &updated, &created)
	if err != nil {
		return nil, err
	}
	t.Countries, t.UpdatedAt, t.CreatedAt = splitCountries(countries), fromNullMillis(updated), fromMillis(created)
	t.AssignedTo = agora.ID(assigned.Int64)
	if t.Remarks, err = decodeRemarks(remarks); err != nil {
		return nil, fmt.Errorf("target %d: %w", t.ID, err)
	}
	return &t, nil
}

// The remarks of a target are stored as a JSON array of {"column", "value"}
// objects, in the annex's order; "" when there are none.

func encodeRemarks(rs []agora.Remark) string {
	if len(rs) == 0 {
		return ""
	}
	data, _ := json.Marshal(rs) // strings only: cannot fail
	return string(data)
}

func decodeRemarks(s string) ([]agora.Remark, error) {
	if s == "" {
		return nil, nil
	}
	var rs []agora.Remark
	if err := json.Unmarshal([]byte(s), &rs); err != nil {
		return nil, fmt.Errorf("decode remarks: %w", err)
	}
	return rs, nil
}

// insertTargets inserts the targets on c as they are (OrderID and Position set),
// normalizing their times in place.
func insertTargets(ctx context.Context, c conn, targets []*agora.Target) error {
	if len(targets) == 0 {
		return nil
	}
	rows := make([][]any, len(targets))
	for i, t := range targets {
		t.UpdatedAt, t.CreatedAt = normalize(t.UpdatedAt), normalize(t.CreatedAt)
		rows[i] = []any{t.ID, t.OrderID, t.Position, t.Input, string(t.Kind), t.SubjectID, t.Hashtag,
			string(t.Resolution), t.Cause, t.DuplicateOf, string(t.State), joinCountries(t.Countries),
			t.ReasonCode, encodeRemarks(t.Remarks), nullID(t.AssignedTo), nullMillis(t.UpdatedAt), millis(t.CreatedAt)}
	}
	err := insertRows(ctx, c, `INSERT INTO targets (`+targetColumns+`)`, "", rows)
	return wrap("insert targets", err)
}

// AddTargets inserts the targets into the order, with the events, in one
// transaction. Their positions continue after the order's last: each target's
// OrderID and Position are set in place, and its times normalized. Concurrent
// calls for one order get distinct positions. When deficiencies is not nil they
// become the order's, and its version is bumped (so that an UpdateOrder of the
// order as read before cannot write the old ones back). ENOTFOUND when the order
// does not exist; ECONFLICT when an ID is taken.
func (db *legalTables) AddTargets(ctx context.Context, orderID agora.ID, targets []*agora.Target, deficiencies []string, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		// Lock the order (PostgreSQL; SQLite has one writer), so that concurrent
		// calls read the last position one after the other.
		var id agora.ID
		if err := c.queryRow(ctx, `SELECT id FROM orders WHERE id = ?`+c.d.forUpdate(), orderID).Scan(&id); err != nil {
			return wrap("select order", err)
		}
		var last int
		if err := c.queryRow(ctx, `SELECT COALESCE(max(position), 0) FROM targets WHERE order_id = ?`,
			orderID).Scan(&last); err != nil {
			return wrap("select last position", err)
		}
		for i, t := range targets {
			t.OrderID, t.Position = orderID, last+i+1
		}
		if err := insertTargets(ctx, c, targets); err != nil {
			return err
		}
		if deficiencies != nil {
			if _, err := c.exec(ctx, `UPDATE orders SET deficiencies = ?, version = version + 1 WHERE id = ?`,
				joinCountries(deficiencies), orderID); err != nil {
				return wrap("update deficiencies", err)
			}
		}
		return insertAudit(ctx, c, events)
	})
}

// Target query limits.
const (
	defaultTargetLimit = 100
	maxTargetLimit     = 100_000
)

// Targets returns the targets of q.OrderID that q selects, by position, after
// q.AfterPosition, at most q.Limit (100 when 0 or less, at most 100,000).
// q.Text matches as its comment says; the store does not limit its length.
func (db *legalTables) Targets(ctx context.Context, q agora.TargetQuery) ([]*agora.Target, error) {
	var w where
	w.add(`order_id = ?`, q.OrderID)
	if q.AfterPosition > 0 {
		w.add(`position > ?`, q.AfterPosition)
	}
	if q.Resolution != "" {
		w.add(`resolution = ?`, string(q.Resolution))
	}
	if q.Kind != "" {
		w.add(`kind = ?`, string(q.Kind))
	}
	if q.State != "" {
		w.add(`state = ?`, string(q.State))
	}
	if len(q.IDs) > 0 {
		w.add(db.d.in(`id`), db.d.ids(q.IDs))
	}
	if q.Appeal != "" {
		w.add(`id IN (SELECT target_id FROM appeals WHERE state = ?)`, string(q.Appeal))
	}
	if q.AssignedTo != 0 {
		w.add(`assigned_to = ?`, q.AssignedTo)
	}
	if q.Text != "" {
		// Remarks are matched in their stored JSON text, so a column's header
		// matches too (and the JSON keys "column" and "value" match every target
		// with remarks); a quote, backslash or <, > and & in a remark is stored
		// escaped and matched only as its escape.
		p := likeContains(q.Text)
		w.add(`(lower(input) LIKE lower(?) ESCAPE '\' OR lower(hashtag) LIKE lower(?) ESCAPE '\'
			OR lower(remarks) LIKE lower(?) ESCAPE '\'
			OR (kind = ? AND subject_id IN (SELECT id FROM accounts WHERE lower(username) LIKE lower(?) ESCAPE '\')))`,
			p, p, p, string(agora.SubjectAccount), p)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultTargetLimit
	}
	limit = min(limit, maxTargetLimit)
	return queryList(ctx, db.reader(), "select targets", scanTarget,
		`SELECT `+targetColumns+` FROM targets`+w.String()+` ORDER BY position LIMIT ?`, append(w.args, limit)...)
}

const decisionColumns = `id, order_id, target_id, action, countries, reason, reason_code, note, actor_id, created_at`

func scanDecision(row scanner) (*agora.Decision, error) {
	var d agora.Decision
	var countries string
	var created int64
	err := row.Scan(&d.ID, &d.OrderID, &d.TargetID, &d.Action, &countries, &d.Reason, &d.ReasonCode,
		&d.Note, &d.ActorID, &created)
	if err != nil {
		return nil, err
	}
	d.Countries, d.CreatedAt = splitCountries(countries), fromMillis(created)
	return &d, nil
}

// insertDecisions inserts the decisions on c, normalizing their CreatedAt in place.
func insertDecisions(ctx context.Context, c conn, decisions []*agora.Decision) error {
	if len(decisions) == 0 {
		return nil
	}
	rows := make([][]any, len(decisions))
	for i, d := range decisions {
		d.CreatedAt = normalize(d.CreatedAt)
		rows[i] = []any{d.ID, d.OrderID, d.TargetID, string(d.Action), joinCountries(d.Countries),
			string(d.Reason), d.ReasonCode, d.Note, d.ActorID, millis(d.CreatedAt)}
	}
	err := insertRows(ctx, c, `INSERT INTO decisions (`+decisionColumns+`)`, "", rows)
	return wrap("insert decisions", err)
}

// Decisions returns the decisions on the order's targets, or on the one target
// when targetID is not 0, oldest first (by CreatedAt, then ID).
func (db *legalTables) Decisions(ctx context.Context, orderID, targetID agora.ID) ([]*agora.Decision, error) {
	var w where
	w.add(`order_id = ?`, orderID)
	if targetID != 0 {
		w.add(`target_id = ?`, targetID)
	}
	return queryList(ctx, db.reader(), "select decisions", scanDecision,
		`SELECT `+decisionColumns+` FROM decisions`+w.String()+` ORDER BY created_at, id`, w.args...)
}

// RulesOfOrder returns the rules whose OrderID is the order's, lifted or not, in
// ID order.
func (db *legalTables) RulesOfOrder(ctx context.Context, orderID agora.ID) ([]*agora.Rule, error) {
	// order_id <> 0 lets SQLite use the partial index.
	return queryList(ctx, db.reader(), "select rules of order", newRuleScanner().scan,
		`SELECT `+ruleColumns+` FROM withholding_rules WHERE order_id = ? AND order_id <> 0 ORDER BY id`, orderID)
}
