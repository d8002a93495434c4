package sqlstore

import (
	"context"
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

// CreateFilter inserts f with its keywords and statuses unless its owner has
// max filters already: the owner's account row is locked first (PostgreSQL),
// so two creations at once count each other. Times are normalized in place.
func (db *relationTables) CreateFilter(ctx context.Context, f *agora.Filter, max int) error {
	f.CreatedAt, f.ExpiresAt = normalize(f.CreatedAt), normalize(f.ExpiresAt)
	return db.inTx(ctx, func(c conn) error {
		var owner agora.ID
		if err := c.queryRow(ctx, `SELECT id FROM accounts WHERE id = ?`+c.d.forUpdate(), f.AccountID).Scan(&owner); err != nil {
			return wrap("lock filter owner", err)
		}
		var n int
		if err := c.queryRow(ctx, `SELECT count(*) FROM filters WHERE account_id = ?`, f.AccountID).Scan(&n); err != nil {
			return wrap("count filters", err)
		}
		if n >= max {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot have more than %d filters.", max)
		}
		if _, err := c.exec(ctx, `INSERT INTO filters (`+filterColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			f.ID, f.AccountID, f.Title, joinContext(f.Context), f.Action, millis(f.ExpiresAt), millis(f.CreatedAt)); err != nil {
			return wrap("insert filter", err)
		}
		if err := insertKeywords(ctx, c, f.Keywords); err != nil {
			return err
		}
		rows := make([][]any, len(f.Statuses))
		for i, s := range f.Statuses {
			rows[i] = []any{s.ID, f.ID, s.StatusID}
		}
		return wrap("insert filter statuses", insertRows(ctx, c, `INSERT INTO filter_statuses (`+filterStatusColumns+`)`, ``, rows))
	})
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

// UpdateFilter stores f's fields and makes its keywords exactly f.Keywords, in
// one transaction.
func (db *relationTables) UpdateFilter(ctx context.Context, f *agora.Filter) error {
	f.ExpiresAt = normalize(f.ExpiresAt)
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE filters SET title = ?, context = ?, action = ?, expires_at = ? WHERE id = ?`,
			f.Title, joinContext(f.Context), f.Action, millis(f.ExpiresAt), f.ID)
		if err := affected("update filter", res, err); err != nil {
			return err
		}
		old, err := queryList(ctx, c, "select filter keywords", scanFilterKeyword,
			`SELECT `+filterKeywordColumns+` FROM filter_keywords WHERE filter_id = ?`, f.ID)
		if err != nil {
			return err
		}
		keep := map[agora.ID]bool{}
		var added []*agora.FilterKeyword
		for _, k := range f.Keywords {
			keep[k.ID] = true
		}
		existing := map[agora.ID]bool{}
		for _, k := range old {
			existing[k.ID] = true
			if !keep[k.ID] {
				if _, err := c.exec(ctx, `DELETE FROM filter_keywords WHERE id = ?`, k.ID); err != nil {
					return wrap("delete filter keyword", err)
				}
			}
		}
		for _, k := range f.Keywords {
			if !existing[k.ID] {
				added = append(added, k)
				continue
			}
			if _, err := c.exec(ctx, `UPDATE filter_keywords SET keyword = ?, whole_word = ? WHERE id = ?`, k.Keyword, k.WholeWord, k.ID); err != nil {
				return wrap("update filter keyword", err)
			}
		}
		return insertKeywords(ctx, c, added)
	})
}

// DeleteFilter deletes the filter with its keywords and statuses.
func (db *relationTables) DeleteFilter(ctx context.Context, id agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
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

// lockFilter locks the filter's row (PostgreSQL) and counts the rows of table
// that belong to it.
func lockFilter(ctx context.Context, c conn, filterID agora.ID, table string) (int, error) {
	var id agora.ID
	if err := c.queryRow(ctx, `SELECT id FROM filters WHERE id = ?`+c.d.forUpdate(), filterID).Scan(&id); err != nil {
		return 0, wrap("lock filter", err)
	}
	var n int
	err := c.queryRow(ctx, `SELECT count(*) FROM `+table+` WHERE filter_id = ?`, filterID).Scan(&n)
	return n, wrap("count "+table, err)
}

// AddFilterKeyword inserts k unless its filter has max keywords already.
func (db *relationTables) AddFilterKeyword(ctx context.Context, k *agora.FilterKeyword, max int) error {
	return db.inTx(ctx, func(c conn) error {
		n, err := lockFilter(ctx, c, k.FilterID, "filter_keywords")
		if err != nil {
			return err
		}
		if n >= max {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A filter cannot have more than %d keywords.", max)
		}
		return insertKeywords(ctx, c, []*agora.FilterKeyword{k})
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

// AddFilterStatus inserts s unless its filter has max statuses already.
func (db *relationTables) AddFilterStatus(ctx context.Context, s *agora.FilterStatus, max int) error {
	return db.inTx(ctx, func(c conn) error {
		n, err := lockFilter(ctx, c, s.FilterID, "filter_statuses")
		if err != nil {
			return err
		}
		if n >= max {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A filter cannot have more than %d statuses.", max)
		}
		_, err = c.exec(ctx, `INSERT INTO filter_statuses (`+filterStatusColumns+`) VALUES (?, ?, ?)`, s.ID, s.FilterID, s.StatusID)
		return wrap("insert filter status", err)
	})
}

// DeleteFilterStatus deletes the filter status.
func (db *relationTables) DeleteFilterStatus(ctx context.Context, id agora.ID) error {
	res, err := db.writer().exec(ctx, `DELETE FROM filter_statuses WHERE id = ?`, id)
	return affected("delete filter status", res, err)
}
