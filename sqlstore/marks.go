package sqlstore

import (
	"context"

	"agora"
)

// Marks (favourites, bookmarks, pins) live in one table, status_marks, told apart
// by kind. A favourite also counts in statuses.favourites_count, changed in the
// same transaction as the mark, by UPDATE ... SET n = n + 1 so that concurrent
// writers stay exact. The status row is updated before the mark is written, so the
// lock order is the one DeleteStatus uses: statuses, then marks.

const markColumns = `id, kind, account_id, status_id, created_at`

func scanMark(row scanner) (*agora.StatusMark, error) {
	var m agora.StatusMark
	var created int64
	if err := row.Scan(&m.ID, &m.Kind, &m.AccountID, &m.StatusID, &created); err != nil {
		return nil, err
	}
	m.CreatedAt = fromMillis(created)
	return &m, nil
}

// CreateMark inserts m and, for a favourite, increments the status's favourites
// count, and inserts notes (insertNotifications), in one transaction.
// m.CreatedAt is normalized in place. ECONFLICT when the account has that mark on
// the status already (or the ID, or a notification's ID, is taken); ENOTFOUND when
// the status, the account or a notification's recipient does not exist; then
// nothing is written.
func (db *statusTables) CreateMark(ctx context.Context, m *agora.StatusMark, notes ...*agora.Notification) error {
	m.CreatedAt = normalize(m.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		if m.Kind == agora.MarkFavourite {
			res, err := c.exec(ctx, `UPDATE statuses SET favourites_count = favourites_count + 1
				WHERE id = ?`, m.StatusID)
			if err != nil {
				return wrap("count favourite", err)
			}
			if err := mustAffect("count favourite", res); err != nil {
				return err
			}
		}
		if _, err := c.exec(ctx, `INSERT INTO status_marks (`+markColumns+`) VALUES (?, ?, ?, ?, ?)`,
			m.ID, m.Kind, m.AccountID, m.StatusID, millis(m.CreatedAt)); err != nil {
			return wrap("insert mark", err)
		}
		return insertNotifications(ctx, c, notes)
	})
}

// DeleteMark removes the account's mark of the kind on the status and, for a
// favourite, decrements the status's favourites count, in one transaction.
// ENOTFOUND when there was none.
func (db *statusTables) DeleteMark(ctx context.Context, kind agora.MarkKind, accountID, statusID agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
		if kind == agora.MarkFavourite {
			// Rolled back below when there is no mark to delete.
			if _, err := c.exec(ctx, `UPDATE statuses SET favourites_count = favourites_count - 1
				WHERE id = ? AND favourites_count > 0`, statusID); err != nil {
				return wrap("uncount favourite", err)
			}
		}
		res, err := c.exec(ctx, `DELETE FROM status_marks WHERE kind = ? AND account_id = ? AND status_id = ?`,
			kind, accountID, statusID)
		if err != nil {
			return wrap("delete mark", err)
		}
		return mustAffect("delete mark", res)
	})
}

// MarksByAccount lists the account's marks of the kind, newest first, paged by
// mark ID.
func (db *statusTables) MarksByAccount(ctx context.Context, kind agora.MarkKind, accountID agora.ID, p agora.Page) ([]*agora.StatusMark, error) {
	return db.marks(ctx, "account_id", kind, accountID, p)
}

// MarksOnStatus lists the marks of the kind on the status, newest first, paged by
// mark ID.
func (db *statusTables) MarksOnStatus(ctx context.Context, kind agora.MarkKind, statusID agora.ID, p agora.Page) ([]*agora.StatusMark, error) {
	return db.marks(ctx, "status_id", kind, statusID, p)
}

func (db *statusTables) marks(ctx context.Context, col string, kind agora.MarkKind, id agora.ID, p agora.Page) ([]*agora.StatusMark, error) {
	var w where
	w.add(col+` = ?`, id)
	w.add(`kind = ?`, kind)
	order := w.page(`id`, p)
	list, err := queryList(ctx, db.reader(), "select marks", scanMark,
		`SELECT `+markColumns+` FROM status_marks`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}

// CountMarks returns how many marks of the kind the account has.
func (db *statusTables) CountMarks(ctx context.Context, kind agora.MarkKind, accountID agora.ID) (int, error) {
	var n int
	err := db.reader().queryRow(ctx, `SELECT count(*) FROM status_marks WHERE account_id = ? AND kind = ?`,
		accountID, kind).Scan(&n)
	if err != nil {
		return 0, wrap("count marks", err)
	}
	return n, nil
}

// ViewerFlags returns, for each of the statuses, what the viewer did to it; every
// ID has an entry. Two round trips: the viewer's marks on the statuses, and the
// viewer's boosts of them.
func (db *statusTables) ViewerFlags(ctx context.Context, viewer agora.ID, statusIDs []agora.ID) (map[agora.ID]agora.ViewerFlags, error) {
	out := make(map[agora.ID]agora.ViewerFlags, len(statusIDs))
	if len(statusIDs) == 0 {
		return out, nil
	}
	for _, id := range statusIDs {
		out[id] = agora.ViewerFlags{}
	}
	c := db.reader()
	type mark struct {
		statusID agora.ID
		kind     agora.MarkKind
	}
	marks, err := queryList(ctx, c, "select viewer marks", func(row scanner) (mark, error) {
		var m mark
		err := row.Scan(&m.statusID, &m.kind)
		return m, err
	}, `SELECT status_id, kind FROM status_marks WHERE account_id = ? AND `+db.d.in("status_id"),
		viewer, db.d.ids(statusIDs))
	if err != nil {
		return nil, err
	}
	for _, m := range marks {
		f := out[m.statusID]
		switch m.kind {
		case agora.MarkFavourite:
			f.Favourited = true
		case agora.MarkBookmark:
			f.Bookmarked = true
		case agora.MarkPin:
			f.Pinned = true
		}
		out[m.statusID] = f
	}
	boosted, err := db.ids(ctx, `SELECT reblog_of_id FROM statuses
		WHERE account_id = ? AND reblog_of_id <> 0 AND `+db.d.in("reblog_of_id"), viewer, db.d.ids(statusIDs))
	if err != nil {
		return nil, err
	}
	for _, id := range boosted {
		f := out[id]
		f.Reblogged = true
		out[id] = f
	}
	return out, nil
}

// AllViewerFlags implements agora.MarkStore: the viewer's marks and boosts in one
// query, stopping after limit+1 rows.
func (db *statusTables) AllViewerFlags(ctx context.Context, viewer agora.ID, limit int) (map[agora.ID]agora.ViewerFlags, bool, error) {
	type mark struct {
		statusID agora.ID
		kind     agora.MarkKind // "" for a boost
	}
	marks, err := queryList(ctx, db.reader(), "select all viewer marks", func(row scanner) (mark, error) {
		var m mark
		err := row.Scan(&m.statusID, &m.kind)
		return m, err
	}, `SELECT status_id, kind FROM status_marks WHERE account_id = ?
		UNION ALL SELECT reblog_of_id, '' FROM statuses WHERE account_id = ? AND reblog_of_id <> 0
		LIMIT ?`, viewer, viewer, limit+1)
	if err != nil {
		return nil, false, err
	}
	if len(marks) > limit {
		return nil, false, nil
	}
	out := make(map[agora.ID]agora.ViewerFlags, len(marks))
	for _, m := range marks {
		f := out[m.statusID]
		switch m.kind {
		case agora.MarkFavourite:
			f.Favourited = true
		case agora.MarkBookmark:
			f.Bookmarked = true
		case agora.MarkPin:
			f.Pinned = true
		case "":
			f.Reblogged = true
		}
		out[m.statusID] = f
	}
	return out, true, nil
}

// ReblogBy returns the account's boost of the status (the oldest, should there be
// several). ENOTFOUND when none.
func (db *statusTables) ReblogBy(ctx context.Context, accountID, statusID agora.ID) (*agora.Status, error) {
	if statusID == 0 {
		return nil, notFound(nil) // reblog_of_id = 0 would select every status that is not a boost
	}
	return db.oneStatus(ctx, `SELECT `+statusColumns+` FROM statuses s
		WHERE s.account_id = ? AND s.reblog_of_id = ? ORDER BY s.id LIMIT 1`, accountID, statusID)
}

// Reblogs lists the boosts of the status, newest first, paged by boost ID.
func (db *statusTables) Reblogs(ctx context.Context, statusID agora.ID, p agora.Page) ([]*agora.Status, error) {
	if statusID == 0 {
		return []*agora.Status{}, nil
	}
	var w where
	w.add(`s.reblog_of_id = ?`, statusID)
	order := w.page(`s.id`, p)
	list, err := db.statuses(ctx, `SELECT `+statusColumns+` FROM statuses s`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}
