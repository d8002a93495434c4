package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"agora"
)

const filterColumns = `id, account_id, title, context, action, expires_at, created_at`

func scanFilter(row scanner) (*agora.Filter, error) {
	var f agora.Filter
	var context string
	var expires, created int64
	if err := row.Scan(&f.ID, &f.AccountID, &f.Title, &context, &f.Action, &expires, &created); err != nil {
		return nil, err
	}
	for _, c := range strings.Split(context, ",") {
		if c != "" {
			f.Context = append(f.Context, agora.FilterContext(c))
		}
	}
	f.ExpiresAt, f.CreatedAt = fromMillis(expires), fromMillis(created)
	return &f, nil
}

func joinContext(cs []agora.FilterContext) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}

const filterKeywordColumns = `id, filter_id, keyword, whole_word`

func scanFilterKeyword(row scanner) (*agora.FilterKeyword, error) {
	var k agora.FilterKeyword
	return &k, row.Scan(&k.ID, &k.FilterID, &k.Keyword, &k.WholeWord)
}

const filterStatusColumns = `id, filter_id, status_id`

func scanFilterStatus(row scanner) (*agora.FilterStatus, error) {
	var s agora.FilterStatus
	return &s, row.Scan(&s.ID, &s.FilterID, &s.StatusID)
}

// CreateFilter inserts f with its keywords and statuses unless that would
// pass lim: the owner's account row is locked first (PostgreSQL), so two
// creations at once count each other. Times are normalized in place.
func (db *relationTables) CreateFilter(ctx context.Context, f *agora.Filter, lim agora.FilterLimits) error {
	f.CreatedAt, f.ExpiresAt = normalize(f.CreatedAt), normalize(f.ExpiresAt)
	return db.inTx(ctx, func(c conn) error {
		if err := lockAccount(ctx, c, f.AccountID); err != nil {
			return err
		}
		var n int
		if err := c.queryRow(ctx, `SELECT count(*) FROM filters WHERE account_id = ?`, f.AccountID).Scan(&n); err != nil {
			return wrap("count filters", err)
		}
		if n >= lim.Filters {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot have more than %d filters.", lim.Filters)
		}
		if _, err := c.exec(ctx, `INSERT INTO filters (`+filterColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			f.ID, f.AccountID, f.Title, joinContext(f.Context), f.Action, millis(f.ExpiresAt), millis(f.CreatedAt)); err != nil {
			return wrap("insert filter", err)
		}
		if err := insertKeywords(ctx, c, f.Keywords); err != nil {
			return err
		}
		if err := checkKeywordLimits(ctx, c, f.AccountID, len(f.Keywords), len(f.Keywords) > 0, lim); err != nil {
			return err
		}
		rows := make([][]any, len(f.Statuses))
		for i, s := range f.Statuses {
			rows[i] = []any{s.ID, f.ID, s.StatusID}
		}
		return wrap("insert filter statuses", insertRows(ctx, c, `INSERT INTO filter_statuses (`+filterStatusColumns+`)`, ``, rows))
	})
}

// checkKeywordLimits is, for a write that added keywords to a filter (nil
// otherwise), EUNPROCESSABLE when the filter, left with filterKeywords
// keywords, passes lim.Keywords or its owner's filters (counted now, after the write in the same
// transaction) pass lim.AccountKeywords. The caller has the owner's row
// locked, so the count holds until it commits.
func checkKeywordLimits(ctx context.Context, c conn, accountID agora.ID, filterKeywords int, added bool, lim agora.FilterLimits) error {
	if !added {
		return nil
	}
	if filterKeywords > lim.Keywords {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A filter cannot have more than %d keywords.", lim.Keywords)
	}
	var n int
	if err := c.queryRow(ctx, `SELECT count(*) FROM filter_keywords WHERE filter_id IN (SELECT id FROM filters WHERE account_id = ?)`, accountID).Scan(&n); err != nil {
		return wrap("count account filter keywords", err)
	}
	if n > lim.AccountKeywords {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot have more than %d keywords over all your filters (this would make %d).", lim.AccountKeywords, n)
	}
	return nil
}

func insertKeywords(ctx context.Context, c conn, ks []*agora.FilterKeyword) error {
	rows := make([][]any, len(ks))
	for i, k := range ks {
		rows[i] = []any{k.ID, k.FilterID, k.Keyword, k.WholeWord}
	}
	return wrap("insert filter keywords", insertRows(ctx, c, `INSERT INTO filter_keywords (`+filterKeywordColumns+`)`, ``, rows))
}

// Filter returns the filter with the ID, with its keywords and statuses.
func (db *relationTables) Filter(ctx context.Context, id agora.ID) (*agora.Filter, error) {
	f, err := scanFilter(db.reader().queryRow(ctx, `SELECT `+filterColumns+` FROM filters WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select filter", err)
	}
	if err := db.addRules(ctx, []*agora.Filter{f}); err != nil {
		return nil, err
	}
	return f, nil
}

// Filters returns the account's filters, oldest first, with their keywords and
// statuses: one query when there are none, three otherwise.
func (db *relationTables) Filters(ctx context.Context, accountID agora.ID) ([]*agora.Filter, error) {
	list, err := queryList(ctx, db.reader(), "select filters", scanFilter,
		`SELECT `+filterColumns+` FROM filters WHERE account_id = ? ORDER BY id`, accountID)
	if err != nil || len(list) == 0 {
		return list, err
	}
	return list, db.addRules(ctx, list)
}

// addRules loads the keywords and statuses of the filters, in two queries.
func (db *relationTables) addRules(ctx context.Context, list []*agora.Filter) error {
	ids := make([]agora.ID, len(list))
	byID := make(map[agora.ID]*agora.Filter, len(list))
	for i, f := range list {
		ids[i], byID[f.ID] = f.ID, f
		f.Keywords, f.Statuses = []*agora.FilterKeyword{}, []*agora.FilterStatus{}
	}
	r := db.reader()
	ks, err := queryList(ctx, r, "select filter keywords", scanFilterKeyword,
		`SELECT `+filterKeywordColumns+` FROM filter_keywords WHERE `+r.d.in("filter_id")+` ORDER BY id`, r.d.ids(ids))
	if err != nil {
		return err
	}
	for _, k := range ks {
		byID[k.FilterID].Keywords = append(byID[k.FilterID].Keywords, k)
	}
	ss, err := queryList(ctx, r, "select filter statuses", scanFilterStatus,
		`SELECT `+filterStatusColumns+` FROM filter_statuses WHERE `+r.d.in("filter_id")+` ORDER BY id`, r.d.ids(ids))
	if err != nil {
		return err
	}
	for _, s := range ss {
		byID[s.FilterID].Statuses = append(byID[s.FilterID].Statuses, s)
	}
	return nil
}

// UpdateFilter stores f's fields and applies the keyword edits, in order, in
// one transaction with the filter's row and its owner's locked, then counts.
func (db *relationTables) UpdateFilter(ctx context.Context, f *agora.Filter, edits []agora.FilterKeywordEdit, lim agora.FilterLimits) error {
	f.ExpiresAt = normalize(f.ExpiresAt)
	var keywords []*agora.FilterKeyword
	err := db.inTx(ctx, func(c conn) error {
		owner, before, err := lockFilter(ctx, c, f.ID, "filter_keywords")
		if err != nil {
			return err
		}
		if err := lockAccount(ctx, c, owner); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE filters SET title = ?, context = ?, action = ?, expires_at = ? WHERE id = ?`,
			f.Title, joinContext(f.Context), f.Action, millis(f.ExpiresAt), f.ID); err != nil {
			return wrap("update filter", err)
		}
		for _, e := range edits {
			if err := editKeyword(ctx, c, f.ID, e); err != nil {
				return err
			}
		}
		keywords, err = queryList(ctx, c, "select filter keywords", scanFilterKeyword,
			`SELECT `+filterKeywordColumns+` FROM filter_keywords WHERE filter_id = ? ORDER BY id`, f.ID)
		if err != nil {
			return err
		}
		return checkKeywordLimits(ctx, c, owner, len(keywords), len(keywords) > before, lim)
	})
	if err != nil {
		return err
	}
	f.Keywords = keywords
	if f.Keywords == nil {
		f.Keywords = []*agora.FilterKeyword{}
	}
	return nil
}

// editKeyword applies one keyword edit to the filter: ENOTFOUND when it names
// a keyword the filter does not have (now: an edit before it may have removed
// it).
func editKeyword(ctx context.Context, c conn, filterID agora.ID, e agora.FilterKeywordEdit) error {
	if e.New {
		k := &agora.FilterKeyword{ID: e.ID, FilterID: filterID, WholeWord: true}
		if e.Keyword != nil {
			k.Keyword = *e.Keyword
		}
		if e.WholeWord != nil {
			k.WholeWord = *e.WholeWord
		}
		return insertKeywords(ctx, c, []*agora.FilterKeyword{k})
	}
	var owner agora.ID
	switch err := c.queryRow(ctx, `SELECT filter_id FROM filter_keywords WHERE id = ?`, e.ID).Scan(&owner); {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && owner != filterID):
		return agora.Errorf(agora.ENOTFOUND, "Record not found: the filter has no keyword %s.", e.ID)
	case err != nil:
		return wrap("select filter keyword", err)
	}
	if e.Destroy {
		_, err := c.exec(ctx, `DELETE FROM filter_keywords WHERE id = ?`, e.ID)
		return wrap("delete filter keyword", err)
	}
	var set []string
	var args []any
	if e.Keyword != nil {
		set, args = append(set, "keyword = ?"), append(args, *e.Keyword)
	}
	if e.WholeWord != nil {
		set, args = append(set, "whole_word = ?"), append(args, *e.WholeWord)
	}
	if len(set) == 0 {
		return nil
	}
	_, err := c.exec(ctx, `UPDATE filter_keywords SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, e.ID)...)
	return wrap("update filter keyword", err)
}

// DeleteFilter deletes the filter with its keywords and statuses. The
// filter's row is locked first (PostgreSQL), as every other write to its
// keywords and statuses does, so they wait for each other instead of
// deadlocking.
func (db *relationTables) DeleteFilter(ctx context.Context, id agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
		var owner agora.ID
		if err := c.queryRow(ctx, `SELECT account_id FROM filters WHERE id = ?`+c.d.forUpdate(), id).Scan(&owner); err != nil {
			return wrap("lock filter", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM filter_keywords WHERE filter_id = ?`, id); err != nil {
			return wrap("delete filter keywords", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM filter_statuses WHERE filter_id = ?`, id); err != nil {
			return wrap("delete filter statuses", err)
		}
		res, err := c.exec(ctx, `DELETE FROM filters WHERE id = ?`, id)
		return affected("delete filter", res, err)
	})
}

// FilterKeyword returns the keyword with the ID.
func (db *relationTables) FilterKeyword(ctx context.Context, id agora.ID) (*agora.FilterKeyword, error) {
	k, err := scanFilterKeyword(db.reader().queryRow(ctx, `SELECT `+filterKeywordColumns+` FROM filter_keywords WHERE id = ?`, id))
	return k, wrap("select filter keyword", err)
}

// lockFilter locks the filter's row (PostgreSQL) and returns its owner and
// the number of rows of table that belong to it.
func lockFilter(ctx context.Context, c conn, filterID agora.ID, table string) (owner agora.ID, n int, err error) {
	if err := c.queryRow(ctx, `SELECT account_id FROM filters WHERE id = ?`+c.d.forUpdate(), filterID).Scan(&owner); err != nil {
		return 0, 0, wrap("lock filter", err)
	}
	err = c.queryRow(ctx, `SELECT count(*) FROM `+table+` WHERE filter_id = ?`, filterID).Scan(&n)
	return owner, n, wrap("count "+table, err)
}

// AddFilterKeyword inserts k unless its filter or its owner has as many
// keywords as lim allows already: the filter's row, then its owner's, are
// locked (PostgreSQL) before counting.
func (db *relationTables) AddFilterKeyword(ctx context.Context, k *agora.FilterKeyword, lim agora.FilterLimits) error {
	return db.inTx(ctx, func(c conn) error {
		owner, n, err := lockFilter(ctx, c, k.FilterID, "filter_keywords")
		if err != nil {
			return err
		}
		if err := lockAccount(ctx, c, owner); err != nil {
			return err
		}
		if err := insertKeywords(ctx, c, []*agora.FilterKeyword{k}); err != nil {
			return err
		}
		return checkKeywordLimits(ctx, c, owner, n+1, true, lim)
	})
}

// UpdateFilterKeyword stores the keyword and whole word flag of k.
func (db *relationTables) UpdateFilterKeyword(ctx context.Context, k *agora.FilterKeyword) error {
	res, err := db.writer().exec(ctx, `UPDATE filter_keywords SET keyword = ?, whole_word = ? WHERE id = ?`, k.Keyword, k.WholeWord, k.ID)
	return affected("update filter keyword", res, err)
}

// DeleteFilterKeyword deletes the keyword.
func (db *relationTables) DeleteFilterKeyword(ctx context.Context, id agora.ID) error {
	res, err := db.writer().exec(ctx, `DELETE FROM filter_keywords WHERE id = ?`, id)
	return affected("delete filter keyword", res, err)
}

// FilterStatus returns the filter status with the ID.
func (db *relationTables) FilterStatus(ctx context.Context, id agora.ID) (*agora.FilterStatus, error) {
	s, err := scanFilterStatus(db.reader().queryRow(ctx, `SELECT `+filterStatusColumns+` FROM filter_statuses WHERE id = ?`, id))
	return s, wrap("select filter status", err)
}

// AddFilterStatus inserts s unless its filter has max statuses already: the
// filter's row is locked (PostgreSQL), its statuses whose status no longer
// exists are deleted, and the rest counted.
func (db *relationTables) AddFilterStatus(ctx context.Context, s *agora.FilterStatus, max int) error {
	return db.inTx(ctx, func(c conn) error {
		if _, _, err := lockFilter(ctx, c, s.FilterID, "filter_statuses"); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM filter_statuses WHERE filter_id = ?
			AND NOT EXISTS (SELECT 1 FROM statuses WHERE statuses.id = filter_statuses.status_id)`, s.FilterID); err != nil {
			return wrap("delete gone filter statuses", err)
		}
		var n int
		if err := c.queryRow(ctx, `SELECT count(*) FROM filter_statuses WHERE filter_id = ?`, s.FilterID).Scan(&n); err != nil {
			return wrap("count filter statuses", err)
		}
		if n >= max {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A filter cannot have more than %d statuses.", max)
		}
		_, err := c.exec(ctx, `INSERT INTO filter_statuses (`+filterStatusColumns+`) VALUES (?, ?, ?)`, s.ID, s.FilterID, s.StatusID)
		return wrap("insert filter status", err)
	})
}

// DeleteFilterStatus deletes the filter status.
func (db *relationTables) DeleteFilterStatus(ctx context.Context, id agora.ID) error {
	res, err := db.writer().exec(ctx, `DELETE FROM filter_statuses WHERE id = ?`, id)
	return affected("delete filter status", res, err)
}
