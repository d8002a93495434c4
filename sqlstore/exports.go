package sqlstore

import (
	"context"
	"strings"
	"time"

	"agora"
)

// FindDecisions returns the decisions q selects, by ID: of the actions, with
// one of the countries (matched in the stored comma-joined list), after
// AfterID and taken in [Since, Until]; at most q.Limit (100 when 0 or less, at
// most agora.MaxDecisionLimit).
func (db *legalTables) FindDecisions(ctx context.Context, q agora.DecisionQuery) ([]*agora.Decision, error) {
	var w where
	if q.AfterID != 0 {
		w.add(`id > ?`, q.AfterID)
	}
	if len(q.Actions) > 0 {
		actions := make([]string, len(q.Actions))
		for i, a := range q.Actions {
			actions[i] = string(a)
		}
		w.add(db.d.in(`action`), db.d.texts(actions))
	}
	if len(q.Countries) > 0 {
		// Codes are two letters joined by commas: ",IN,DE," holds ",DE,".
		conds := make([]string, len(q.Countries))
		args := make([]any, len(q.Countries))
		for i, c := range q.Countries {
			conds[i] = `(',' || countries || ',') LIKE ? ESCAPE '\'`
			args[i] = likeContains("," + c + ",")
		}
		w.add(`(`+strings.Join(conds, ` OR `)+`)`, args...)
	}
	if !q.Since.IsZero() {
		w.add(`created_at >= ?`, millis(q.Since))
	}
	if !q.Until.IsZero() {
		w.add(`created_at <= ?`, millis(q.Until))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, agora.MaxDecisionLimit)
	return queryList(ctx, db.reader(), "select decisions", scanDecision,
		`SELECT `+decisionColumns+` FROM decisions`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit)...)
}

// TagsFirstUsed returns the time each of the hashtags was first used (the
// tags table's created_at), for those ever used.
func (db *statusTables) TagsFirstUsed(ctx context.Context, names []string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	if len(names) == 0 {
		return out, nil
	}
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
	}
	rows, err := db.reader().query(ctx, `SELECT name, created_at FROM tags WHERE `+db.d.in(`name`), db.d.texts(lower))
	if err != nil {
		return nil, wrap("select tags", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var created int64
		if err := rows.Scan(&name, &created); err != nil {
			return nil, wrap("scan tags", err)
		}
		out[name] = fromMillis(created)
	}
	return out, wrap("select tags", rows.Err())
}
