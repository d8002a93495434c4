package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"agora"
)

// Withholding rules carry the rule version of their last change (creation or lift)
// in the version column. Every transaction that changes rules first increments the
// one row of rule_version and keeps it locked until it commits (PostgreSQL's row
// lock; SQLite's write lock), so no two transactions, in any process, get the same
// version, and they commit in the order of their versions: a snapshot that holds
// version n holds every change up to n and none after it.

const ruleColumns = `id, kind, subject_id, hashtag, countries, reason, origin,
	order_id, target_id, created_by, since, lifted_at, sealed_until, log_index`

// A rule's log_index is the index of its withhold entry in the transparency log
// (translog.go), written with the rule; NULL only for a rule made before the log
// existed, until StartLog gives it its entry (or for good, when it was lifted
// before). Rules carry it as Rule.LogIndex, NotLogged for NULL.

// Countries are stored joined by commas: country codes are two capital letters.

func joinCountries(c []string) string { return strings.Join(c, ",") }

func splitCountries(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// ruleScanner scans rows of ruleColumns into rules. Its scan targets serve every
// row of a query: ActiveRules scans 100,000 rules and more. IDs are scanned into
// int64s because database/sql converts integers to other integer types through
// their decimal text.
type ruleScanner struct {
	id, subject, order, target, createdBy, since int64
	sealed                                       int64
	kind, hashtag, countries, reason, origin     string
	lifted, logIndex                             sql.NullInt64
	dest                                         []any
}

// newRuleScanner returns a scanner of the ruleColumns and, into extra, the columns
// after them.
func newRuleScanner(extra ...any) *ruleScanner {
	s := &ruleScanner{}
	s.dest = append([]any{&s.id, &s.kind, &s.subject, &s.hashtag, &s.countries, &s.reason, &s.origin,
		&s.order, &s.target, &s.createdBy, &s.since, &s.lifted, &s.sealed, &s.logIndex}, extra...)
	return s
}

func (s *ruleScanner) scan(row scanner) (*agora.Rule, error) {
	if err := row.Scan(s.dest...); err != nil {
		return nil, err
	}
	r := &agora.Rule{ID: agora.ID(s.id), Kind: agora.SubjectKind(s.kind), SubjectID: agora.ID(s.subject),
		Hashtag: s.hashtag, Countries: splitCountries(s.countries), Reason: agora.WithholdReason(s.reason),
		Origin: s.origin, OrderID: agora.ID(s.order), TargetID: agora.ID(s.target),
		CreatedBy: agora.ID(s.createdBy), Since: fromMillis(s.since)}
	r.LiftedAt = fromNullMillis(s.lifted)
	if s.sealed != 0 {
		r.SealedUntil = fromMillis(s.sealed)
	}
	r.LogIndex = agora.NotLogged
	if s.logIndex.Valid {
		r.LogIndex = s.logIndex.Int64
	}
	return r, nil
}

// ruleVersion returns the rule version c sees.
func ruleVersion(ctx context.Context, c conn) (int64, error) {
	var v int64
	if err := c.queryRow(ctx, `SELECT v FROM rule_version`).Scan(&v); err != nil {
		return 0, wrap("select rule version", err)
	}
	return v, nil
}

// bumpRuleVersion increments the rule version and returns it. It is the first
// thing a transaction that changes rules does: the row lock it takes (the write
// lock on SQLite) orders those transactions.
func bumpRuleVersion(ctx context.Context, c conn) (int64, error) {
	var v int64
	if err := c.queryRow(ctx, `UPDATE rule_version SET v = v + 1 RETURNING v`).Scan(&v); err != nil {
		return 0, wrap("increment rule version", err)
	}
	return v, nil
}

// changeRules runs change and inserts events in one transaction, and returns the
// rule version after it. When changes is false, change is not run and the version
// stays; otherwise the transaction first increments the version, which change
// gets: the lock this takes orders every transaction that changes rules.
func (db *ruleTables) changeRules(ctx context.Context, changes bool, events []*agora.AuditEvent,
	change func(c conn, version int64) error) (int64, error) {
	var version int64
	err := db.inTx(ctx, func(c conn) error {
		var err error
		if !changes {
			if version, err = ruleVersion(ctx, c); err != nil {
				return err
			}
			return insertAudit(ctx, c, events)
		}
		if version, err = bumpRuleVersion(ctx, c); err != nil {
			return err
		}
		if err := change(c, version); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// CreateRules inserts the rules, each with the new rule version, and the events,
// in one transaction, and returns that version. The rules' times and the events'
// CreatedAt are normalized in place. A rule whose LiftedAt is set is stored lifted.
// ECONFLICT when a rule's or an event's ID is taken; nothing is stored then.
// Without rules the version does not change: the events are appended and the
// current version returned.
func (db *ruleTables) CreateRules(ctx context.Context, rules []*agora.Rule, events []*agora.AuditEvent) (int64, error) {
	return db.changeRules(ctx, len(rules) > 0, events, func(c conn, version int64) error {
		return insertRules(ctx, c, rules, version)
	})
}

// insertRules inserts the rules on c with the rule version, normalizing their
// times in place, and appends their withhold entries to the log (and the lift
// entries of those stored lifted), in the order given. The entries are appended
// first, so that each rule is stored with the index of its withhold entry
// (set in place, Rule.LogIndex); both commit or roll back together.
func insertRules(ctx context.Context, c conn, rules []*agora.Rule, version int64) error {
	if len(rules) == 0 {
		return nil
	}
	recs := make([]logRecord, 0, len(rules))
	for _, r := range rules {
		r.Since, r.LiftedAt, r.SealedUntil = normalize(r.Since), normalize(r.LiftedAt), normalize(r.SealedUntil)
		recs = append(recs, logRecord{rule: r, action: agora.LogWithhold, at: r.Since})
	}
	for _, r := range rules {
		if !r.LiftedAt.IsZero() {
			recs = append(recs, logRecord{rule: r, action: agora.LogLift, at: r.LiftedAt})
		}
	}
	if err := appendLog(ctx, c, recs); err != nil {
		return err
	}
	rows := make([][]any, len(rules))
	for i, r := range rules {
		var sealed int64
		if !r.SealedUntil.IsZero() {
			sealed = millis(r.SealedUntil)
		}
		rows[i] = []any{r.ID, string(r.Kind), r.SubjectID, r.Hashtag, joinCountries(r.Countries),
			string(r.Reason), r.Origin, r.OrderID, r.TargetID, r.CreatedBy,
			millis(r.Since), nullMillis(r.LiftedAt), sealed, r.LogIndex, version}
	}
	return wrap("insert rules", insertRows(ctx, c, `INSERT INTO withholding_rules (`+ruleColumns+`, version)`, "", rows))
}

// LiftRules sets lifted_at to at on the rules with the IDs (an ID given twice is
// lifted once), each with the new rule version, and inserts the events, in one
// transaction, and returns that version. The IDs are checked in the order given:
// the first that is missing fails the call with ENOTFOUND, the first lifted
// already with ECONFLICT naming it; nothing changes then. EINVALID when at is the
// zero time. Without IDs the version does not change: the events are appended and
// the current version returned.
func (db *ruleTables) LiftRules(ctx context.Context, ids []agora.ID, at time.Time, events []*agora.AuditEvent) (int64, error) {
	if at.IsZero() {
		return 0, agora.Errorf(agora.EINVALID, "The time the rules are lifted is missing.")
	}
	return db.changeRules(ctx, len(ids) > 0, events, func(c conn, version int64) error {
		return liftRules(ctx, c, ids, at, version)
	})
}

// liftRules lifts the rules on c at at with the rule version, after checking that
// every one of them is in force (checkInForce), and appends their lift entries to
// the log, in the order of ids.
func liftRules(ctx context.Context, c conn, ids []agora.ID, at time.Time, version int64) error {
	if len(ids) == 0 {
		return nil
	}
	if err := checkInForce(ctx, c, ids); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `UPDATE withholding_rules SET lifted_at = ?, version = ? WHERE `+c.d.in("id"),
		millis(at), version, c.d.ids(ids)); err != nil {
		return wrap("lift rules", err)
	}
	rs := newRuleScanner()
	lifted, err := queryList(ctx, c, "select lifted rules", rs.scan,
		`SELECT `+ruleColumns+` FROM withholding_rules WHERE `+c.d.in("id"), c.d.ids(ids))
	if err != nil {
		return err
	}
	byID := make(map[agora.ID]*agora.Rule, len(lifted))
	for _, r := range lifted {
		byID[r.ID] = r
	}
	recs := make([]logRecord, 0, len(lifted))
	for _, id := range ids {
		if r := byID[id]; r != nil {
			recs = append(recs, logRecord{rule: r, action: agora.LogLift, at: r.LiftedAt})
			delete(byID, id) // an ID given twice is lifted once
		}
	}
	return appendLog(ctx, c, recs)
}

// checkInForce returns ENOTFOUND for the first of ids that is missing and
// ECONFLICT for the first lifted already, whichever comes first. On PostgreSQL it
// locks the rules.
func checkInForce(ctx context.Context, c conn, ids []agora.ID) error {
	rows, err := c.query(ctx, `SELECT id, lifted_at IS NOT NULL FROM withholding_rules WHERE `+
		c.d.in("id")+c.d.forUpdate(), c.d.ids(ids))
	if err != nil {
		return wrap("select rules to lift", err)
	}
	defer rows.Close()
	lifted := make(map[agora.ID]bool, len(ids))
	for rows.Next() {
		var id int64
		var l bool
		if err := rows.Scan(&id, &l); err != nil {
			return wrap("scan rule to lift", err)
		}
		lifted[agora.ID(id)] = l
	}
	if err := rows.Err(); err != nil {
		return wrap("select rules to lift", err)
	}
	for _, id := range ids {
		l, ok := lifted[id]
		switch {
		case !ok:
			return &agora.Error{Code: agora.ENOTFOUND, Message: fmt.Sprintf("Rule %d does not exist.", id)}
		case l:
			return &agora.Error{Code: agora.ECONFLICT, Message: fmt.Sprintf("Rule %d is lifted already.", id)}
		}
	}
	return nil
}

// Rule returns the rule with the ID, lifted or not. ENOTFOUND when there is none.
func (db *ruleTables) Rule(ctx context.Context, id agora.ID) (*agora.Rule, error) {
	r, err := newRuleScanner().scan(db.reader().queryRow(ctx, `SELECT `+ruleColumns+` FROM withholding_rules WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select rule", err)
	}
	return r, nil
}

// ActiveRules returns every rule not lifted, in ID order, and the rule version,
// read in one snapshot: the rules are exactly those in force at that version, so
// RuleChanges(version) then returns every change made since.
func (db *ruleTables) ActiveRules(ctx context.Context) ([]*agora.Rule, int64, error) {
	// REPEATABLE READ makes PostgreSQL read both statements from one snapshot;
	// on SQLite every transaction reads from one (in WAL mode, from its first read).
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	c := conn{tx, db.d, nil}
	version, err := ruleVersion(ctx, c)
	if err != nil {
		return nil, 0, err
	}
	rules, err := queryList(ctx, c, "select active rules", newRuleScanner().scan,
		`SELECT `+ruleColumns+` FROM withholding_rules WHERE lifted_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, 0, err
	}
	if err := tx.Commit(); err != nil {
		return nil, 0, fmt.Errorf("commit: %w", err)
	}
	return rules, version, nil
}

// RuleVersion returns the current rule version, 0 before the first change.
func (db *ruleTables) RuleVersion(ctx context.Context) (int64, error) {
	return ruleVersion(ctx, db.reader())
}

// RuleChanges returns the rules whose last change (creation or lift) came after
// version after, in the order of their changes, and the highest version among
// them, or after when there are none. Read in one statement, they are every
// change up to that version: versions commit in order.
func (db *ruleTables) RuleChanges(ctx context.Context, after int64) ([]*agora.Rule, int64, error) {
	type change struct {
		rule    *agora.Rule
		version int64
	}
	var changed int64
	rs := newRuleScanner(&changed)
	changes, err := queryList(ctx, db.reader(), "select rule changes", func(row scanner) (change, error) {
		r, err := rs.scan(row)
		return change{r, changed}, err
	}, `SELECT `+ruleColumns+`, version FROM withholding_rules WHERE version > ? ORDER BY version, id`, after)
	if err != nil {
		return nil, 0, err
	}
	rules := make([]*agora.Rule, len(changes))
	version := after
	for i, ch := range changes {
		rules[i] = ch.rule
		version = max(version, ch.version)
	}
	return rules, version, nil
}
