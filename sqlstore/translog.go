package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"agora"
)

// The transparency log is written by the transactions that change rules, and by
// no one else: insertRules and liftRules append the entries of the rules they
// create and lift (appendLog), so CreateRules, LiftRules and ApplyDecisions log
// every change in the transaction that makes it, and a rule and its entry commit
// or roll back together.
//
// Indexes are serialized by locks. Every transaction that changes rules first
// increments the one row of rule_version and holds it until it commits (see
// rules.go); appendLog then locks the one row of transparency_log_head (FOR UPDATE
// on PostgreSQL; on SQLite the write lock is the database's), reads the log's size,
// and writes the entries from that index on, their hashes, and the new size and
// root hash in the same transaction. Two transactions, in one process or on
// several nodes sharing a PostgreSQL database, cannot read the same size: the
// second waits for the first to commit, and then reads the size it left (READ
// COMMITTED reads the latest committed row after the lock is granted). A
// transaction that rolls back leaves the size as it was, so indexes have no gaps.
// No sequencer runs apart from the writers, so the log is never behind the rules.

// logRecord is one change to record: the rule created (LogWithhold) or lifted
// (LogLift) at the time at.
type logRecord struct {
	rule   *agora.Rule
	action agora.LogAction
	at     time.Time
}

// logSubject is what an entry names in plain: the subject's URL and the order's
// number.
type logSubject struct{ subject, order string }

// appendLog appends the entries recording recs, in order, on c, with their
// hashes, and moves the head: see the comment at the top of this file. The
// subjects of created rules are read from the accounts, statuses and hashtags
// (SubjectURL under the recorded base URL); a lift repeats the subject and order
// of the rule's withhold entry. A sealed rule's entry is committed with a fresh
// random salt. The rule of each withhold record gets the index of its entry
// (Rule.LogIndex), for the caller to store with it.
func appendLog(ctx context.Context, c conn, recs []logRecord) error {
	if len(recs) == 0 {
		return nil
	}
	var size int64
	var base string
	if err := c.queryRow(ctx, `SELECT size, base_url FROM transparency_log_head WHERE id = 1`+c.d.forUpdate()).
		Scan(&size, &base); err != nil {
		return wrap("lock log head", err)
	}
	subjects, err := logSubjects(ctx, c, base, recs)
	if err != nil {
		return err
	}
	hr := &txHashReader{ctx: ctx, c: c, known: make(map[int64]tlog.Hash)}
	entries := make([][]any, len(recs))
	var hashes [][]any
	for i, rec := range recs {
		idx := size + int64(i)
		s := subjects[i]
		var salt []byte
		if rec.rule.Sealed(rec.at) {
			salt = make([]byte, agora.LogSaltSize)
			if _, err := rand.Read(salt); err != nil {
				return fmt.Errorf("log salt: %w", err)
			}
		}
		e, opening := agora.NewLogEntry(idx, rec.rule, rec.action, rec.at, s.subject, s.order, salt)
		if rec.action == agora.LogWithhold {
			rec.rule.LogIndex = idx
		}
		data := e.Canonical()
		if len(data) > agora.MaxLogEntrySize {
			return fmt.Errorf("log entry %d: %d bytes, more than %d", idx, len(data), agora.MaxLogEntrySize)
		}
		stored, err := tlog.StoredHashes(idx, data, hr)
		if err != nil {
			return fmt.Errorf("log entry %d: hashes: %w", idx, err)
		}
		first := tlog.StoredHashIndex(0, idx)
		for j, h := range stored {
			hr.known[first+int64(j)] = h
			hashes = append(hashes, []any{first + int64(j), h[:]})
		}
		var saltArg any // NULL unless committed
		if opening != nil {
			saltArg = opening.Salt
		}
		var sealed int64
		if opening != nil {
			sealed = millis(rec.rule.SealedUntil)
		}
		entries[i] = []any{idx, rec.rule.ID, string(rec.action), string(data), s.subject, s.order,
			saltArg, sealed, millis(e.Time)}
	}
	size += int64(len(recs))
	root, err := tlog.TreeHash(size, hr)
	if err != nil {
		return fmt.Errorf("log tree hash: %w", err)
	}
	if err := insertRows(ctx, c, `INSERT INTO transparency_log (idx, rule_id, action, entry, subject,
		order_number, salt, sealed_until, created_at)`, "", entries); err != nil {
		return wrap("insert log entries", err)
	}
	if err := insertRows(ctx, c, `INSERT INTO transparency_log_hashes (idx, hash)`, "", hashes); err != nil {
		return wrap("insert log hashes", err)
	}
	_, err = c.exec(ctx, `UPDATE transparency_log_head SET size = ?, root = ? WHERE id = 1`, size, root[:])
	return wrap("update log head", err)
}

// logSubjects returns the plain subject and order number of each record, in the
// order of recs: for a lift those of the rule's withhold entry when it has one;
// otherwise read from the database (one query per kind of thing read).
func logSubjects(ctx context.Context, c conn, base string, recs []logRecord) ([]logSubject, error) {
	var lifted []int64
	for _, r := range recs {
		if r.action == agora.LogLift {
			lifted = append(lifted, int64(r.rule.ID))
		}
	}
	logged := make(map[agora.ID]logSubject)
	if len(lifted) > 0 {
		rows, err := c.query(ctx, `SELECT rule_id, subject, order_number FROM transparency_log
			WHERE action = 'withhold' AND `+c.d.in("rule_id"), c.d.int64s(lifted))
		if err != nil {
			return nil, wrap("select logged subjects", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var s logSubject
			if err := rows.Scan(&id, &s.subject, &s.order); err != nil {
				return nil, wrap("scan logged subject", err)
			}
			logged[agora.ID(id)] = s
		}
		if err := rows.Err(); err != nil {
			return nil, wrap("select logged subjects", err)
		}
	}
	var accounts, statuses, orders []int64
	for _, r := range recs {
		if _, ok := logged[r.rule.ID]; ok && r.action == agora.LogLift {
			continue
		}
		switch r.rule.Kind {
		case agora.SubjectAccount:
			accounts = append(accounts, int64(r.rule.SubjectID))
		case agora.SubjectStatus:
			statuses = append(statuses, int64(r.rule.SubjectID))
		}
		if r.rule.OrderID != 0 {
			orders = append(orders, int64(r.rule.OrderID))
		}
	}
	names, err := namesByID(ctx, c, "select account names", `SELECT id, username FROM accounts WHERE `+c.d.in("id"), accounts)
	if err != nil {
		return nil, err
	}
	authors, err := namesByID(ctx, c, "select status authors", `SELECT s.id, a.username FROM statuses s
		JOIN accounts a ON a.id = s.account_id WHERE `+c.d.in("s.id"), statuses)
	if err != nil {
		return nil, err
	}
	numbers, err := namesByID(ctx, c, "select order numbers", `SELECT id, number FROM orders WHERE `+c.d.in("id"), orders)
	if err != nil {
		return nil, err
	}
	out := make([]logSubject, len(recs))
	for i, r := range recs {
		if s, ok := logged[r.rule.ID]; ok && r.action == agora.LogLift {
			out[i] = s
			continue
		}
		user := names[r.rule.SubjectID]
		if r.rule.Kind == agora.SubjectStatus {
			user = authors[r.rule.SubjectID]
		}
		out[i] = logSubject{
			subject: agora.SubjectURL(base, r.rule.Kind, user, r.rule.SubjectID, r.rule.Hashtag),
			order:   numbers[r.rule.OrderID],
		}
	}
	return out, nil
}

// namesByID runs query, which selects (id, text) of the rows whose IDs are in its
// one list parameter, and returns the texts by ID; nothing is asked without IDs.
func namesByID(ctx context.Context, c conn, step, query string, ids []int64) (map[agora.ID]string, error) {
	out := make(map[agora.ID]string)
	if len(ids) == 0 {
		return out, nil
	}
	slices.Sort(ids)
	rows, err := c.query(ctx, query, c.d.int64s(slices.Compact(ids)))
	if err != nil {
		return nil, wrap(step, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, wrap(step, err)
		}
		out[agora.ID(id)] = s
	}
	return out, wrap(step, rows.Err())
}

// int64s makes the list parameter for in from integers.
func (d dialect) int64s(n []int64) any {
	if d.name == Postgres {
		return n
	}
	return jsonList(n)
}

// txHashReader reads the tree's stored hashes in a transaction, those known
// (written or read already in it) first.
type txHashReader struct {
	ctx   context.Context
	c     conn
	known map[int64]tlog.Hash
}

func (r *txHashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	var missing []int64
	for _, x := range indexes {
		if _, ok := r.known[x]; !ok {
			missing = append(missing, x)
		}
	}
	if len(missing) > 0 {
		read, err := readHashes(r.ctx, r.c, missing)
		if err != nil {
			return nil, err
		}
		for i, x := range missing {
			r.known[x] = read[i]
		}
	}
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = r.known[x]
	}
	return out, nil
}

// readHashes reads the stored hashes at the indexes, in their order. ENOTFOUND
// when one is not stored.
func readHashes(ctx context.Context, c conn, indexes []int64) ([][32]byte, error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	rows, err := c.query(ctx, `SELECT idx, hash FROM transparency_log_hashes WHERE `+c.d.in("idx"), c.d.int64s(indexes))
	if err != nil {
		return nil, wrap("select log hashes", err)
	}
	defer rows.Close()
	byIndex := make(map[int64][32]byte, len(indexes))
	for rows.Next() {
		var idx int64
		var h []byte
		if err := rows.Scan(&idx, &h); err != nil {
			return nil, wrap("scan log hash", err)
		}
		if len(h) != sha256.Size {
			return nil, fmt.Errorf("log hash %d: %d bytes", idx, len(h))
		}
		byIndex[idx] = [32]byte(h)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("select log hashes", err)
	}
	out := make([][32]byte, len(indexes))
	for i, x := range indexes {
		h, ok := byIndex[x]
		if !ok {
			return nil, agora.Errorf(agora.ENOTFOUND, "The log has no hash at storage index %d.", x)
		}
		out[i] = h
	}
	return out, nil
}

// LogHashes implements agora.LogStore.
func (db *logTables) LogHashes(ctx context.Context, indexes []int64) ([][32]byte, error) {
	return readHashes(ctx, db.reader(), indexes)
}

// LogHead implements agora.LogStore: the size and root hash the last append left,
// the hash of the empty tree (SHA-256 of nothing) before the first.
func (db *logTables) LogHead(ctx context.Context) (agora.LogHead, error) {
	var h agora.LogHead
	var root []byte
	if err := db.reader().queryRow(ctx, `SELECT size, root FROM transparency_log_head WHERE id = 1`).
		Scan(&h.Size, &root); err != nil {
		return h, wrap("select log head", err)
	}
	if h.Size == 0 {
		h.Root = sha256.Sum256(nil)
		return h, nil
	}
	if len(root) != sha256.Size {
		return h, fmt.Errorf("log head: root of %d bytes", len(root))
	}
	h.Root = [32]byte(root)
	return h, nil
}

// LogEntries implements agora.LogStore.
func (db *logTables) LogEntries(ctx context.Context, from, to int64) ([][]byte, error) {
	if from < 0 || to <= from {
		return [][]byte{}, nil
	}
	return queryList(ctx, db.reader(), "select log entries", func(row scanner) ([]byte, error) {
		var e string
		err := row.Scan(&e)
		return []byte(e), err
	}, `SELECT entry FROM transparency_log WHERE idx >= ? AND idx < ? ORDER BY idx`, from, to)
}

// LogOpening implements agora.LogStore.
func (db *logTables) LogOpening(ctx context.Context, index int64) (*agora.LogOpening, time.Time, error) {
	o := &agora.LogOpening{Index: index}
	var sealed int64
	err := db.reader().queryRow(ctx, `SELECT subject, order_number, salt, sealed_until FROM transparency_log
		WHERE idx = ? AND salt IS NOT NULL`, index).Scan(&o.Subject, &o.Order, &o.Salt, &sealed)
	if err == sql.ErrNoRows {
		return nil, time.Time{}, agora.Errorf(agora.ENOTFOUND, "The log has no committed entry %d.", index)
	} else if err != nil {
		return nil, time.Time{}, wrap("select log opening", err)
	}
	return o, fromMillis(sealed), nil
}

// StartLog implements agora.LogStore. It locks the rule version and then the log's
// head, as the transactions that change rules do, so no rule is created or lifted
// while it gives the rules in force their missing entries. Rules that get one
// are stored with its index under a new rule version, so that every gate reading
// the rules (RuleChanges) learns it.
func (db *logTables) StartLog(ctx context.Context, info agora.LogInfo) (agora.LogInfo, error) {
	var got agora.LogInfo
	err := db.inTx(ctx, func(c conn) error {
		var v int64
		if err := c.queryRow(ctx, `SELECT v FROM rule_version WHERE id = 1`+c.d.forUpdate()).Scan(&v); err != nil {
			return wrap("lock rule version", err)
		}
		if err := c.queryRow(ctx, `UPDATE transparency_log_head SET
			base_url = CASE WHEN base_url = '' THEN ? ELSE base_url END,
			verifier = CASE WHEN verifier = '' THEN ? ELSE verifier END
			WHERE id = 1 RETURNING base_url, verifier`, info.BaseURL, info.Verifier).Scan(&got.BaseURL, &got.Verifier); err != nil {
			return wrap("record log info", err)
		}
		rs := newRuleScanner()
		rules, err := queryList(ctx, c, "select rules without entries", rs.scan, `SELECT `+ruleColumns+`
			FROM withholding_rules r WHERE lifted_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM transparency_log l WHERE l.rule_id = r.id AND l.action = 'withhold')
			ORDER BY since, id`)
		if err != nil {
			return err
		}
		if len(rules) == 0 {
			return nil
		}
		recs := make([]logRecord, len(rules))
		for i, r := range rules {
			recs[i] = logRecord{rule: r, action: agora.LogWithhold, at: r.Since}
		}
		if err := appendLog(ctx, c, recs); err != nil {
			return err
		}
		if v, err = bumpRuleVersion(ctx, c); err != nil {
			return err
		}
		_, err = c.exec(ctx, `UPDATE withholding_rules SET version = ?, log_index = (SELECT MIN(l.idx)
			FROM transparency_log l WHERE l.rule_id = withholding_rules.id AND l.action = 'withhold')
			WHERE lifted_at IS NULL AND log_index IS NULL`, v)
		return wrap("record rules' log indexes", err)
	})
	if err != nil {
		return agora.LogInfo{}, err
	}
	return got, nil
}
