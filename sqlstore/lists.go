package sqlstore

import (
	"context"
	"fmt"

	"agora"
)

const listColumns = `id, account_id, title, replies_policy, exclusive, created_at`

func scanList(row scanner) (*agora.List, error) {
	var l agora.List
	var created int64
	if err := row.Scan(&l.ID, &l.AccountID, &l.Title, &l.RepliesPolicy, &l.Exclusive, &created); err != nil {
		return nil, err
	}
	l.CreatedAt = fromMillis(created)
	return &l, nil
}

const listMemberColumns = `id, list_id, account_id, created_at`

func scanListMember(row scanner) (*agora.ListMember, error) {
	var m agora.ListMember
	var created int64
	if err := row.Scan(&m.ID, &m.ListID, &m.AccountID, &created); err != nil {
		return nil, err
	}
	m.CreatedAt = fromMillis(created)
	return &m, nil
}

// CreateList inserts l unless its owner has max lists already: the owner's
// account row is locked first (PostgreSQL), so two creations at once count
// each other. l.CreatedAt is normalized in place.
func (db *relationTables) CreateList(ctx context.Context, l *agora.List, max int) error {
	l.CreatedAt = normalize(l.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		var owner agora.ID
		if err := c.queryRow(ctx, `SELECT id FROM accounts WHERE id = ?`+c.d.forUpdate(), l.AccountID).Scan(&owner); err != nil {
			return wrap("lock list owner", err)
		}
		var n int
		if err := c.queryRow(ctx, `SELECT count(*) FROM lists WHERE account_id = ?`, l.AccountID).Scan(&n); err != nil {
			return wrap("count lists", err)
		}
		if n >= max {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot have more than %d lists.", max)
		}
		_, err := c.exec(ctx, `INSERT INTO lists (`+listColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
			l.ID, l.AccountID, l.Title, l.RepliesPolicy, l.Exclusive, millis(l.CreatedAt))
		return wrap("insert list", err)
	})
}

// List returns the list with the ID.
func (db *relationTables) List(ctx context.Context, id agora.ID) (*agora.List, error) {
	l, err := scanList(db.reader().queryRow(ctx, `SELECT `+listColumns+` FROM lists WHERE id = ?`, id))
	return l, wrap("select list", err)
}

// Lists returns the account's lists, oldest first.
func (db *relationTables) Lists(ctx context.Context, accountID agora.ID) ([]*agora.List, error) {
	return queryList(ctx, db.reader(), "select lists", scanList,
		`SELECT `+listColumns+` FROM lists WHERE account_id = ? ORDER BY id`, accountID)
}

// UpdateList stores the title, replies policy and exclusive flag of l.
func (db *relationTables) UpdateList(ctx context.Context, l *agora.List) error {
	res, err := db.writer().exec(ctx, `UPDATE lists SET title = ?, replies_policy = ?, exclusive = ? WHERE id = ?`,
		l.Title, l.RepliesPolicy, l.Exclusive, l.ID)
	return affected("update list", res, err)
}

// DeleteList deletes the list and its members in one transaction.
func (db *relationTables) DeleteList(ctx context.Context, id agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM list_accounts WHERE list_id = ?`, id); err != nil {
			return wrap("delete list members", err)
		}
		res, err := c.exec(ctx, `DELETE FROM lists WHERE id = ?`, id)
		return affected("delete list", res, err)
	})
}

// AddListMembers adds the members, keeping existing ones, unless the list would
// then have more than max: the list's row is locked first (PostgreSQL) so that
// additions at once count each other. Each member's CreatedAt is normalized in
// place.
func (db *relationTables) AddListMembers(ctx context.Context, listID agora.ID, members []*agora.ListMember, max int) error {
	return db.inTx(ctx, func(c conn) error {
		var id agora.ID
		if err := c.queryRow(ctx, `SELECT id FROM lists WHERE id = ?`+c.d.forUpdate(), listID).Scan(&id); err != nil {
			return wrap("lock list", err)
		}
		rows := make([][]any, len(members))
		accounts := make([]agora.ID, len(members))
		for i, m := range members {
			m.CreatedAt = normalize(m.CreatedAt)
			rows[i] = []any{m.ID, listID, m.AccountID, millis(m.CreatedAt)}
			accounts[i] = m.AccountID
		}
		if err := insertRows(ctx, c, `INSERT INTO list_accounts (`+listMemberColumns+`)`,
			` ON CONFLICT (list_id, account_id) DO NOTHING`, rows); err != nil {
			return wrap("insert list members", err)
		}
		var n int
		if err := c.queryRow(ctx, `SELECT count(*) FROM list_accounts WHERE list_id = ?`, listID).Scan(&n); err != nil {
			return wrap("count list members", err)
		}
		if n > max {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A list cannot have more than %d accounts.", max)
		}
		return nil
	})
}

// RemoveListMembers removes the accounts from the list.
func (db *relationTables) RemoveListMembers(ctx context.Context, listID agora.ID, accountIDs []agora.ID) error {
	if len(accountIDs) == 0 {
		return nil
	}
	_, err := db.writer().exec(ctx, `DELETE FROM list_accounts WHERE list_id = ? AND `+db.d.in("account_id"),
		listID, db.d.ids(accountIDs))
	return wrap("delete list members", err)
}

// ListMembers lists the list's members, newest first, paged by member ID.
func (db *relationTables) ListMembers(ctx context.Context, listID agora.ID, p agora.Page) ([]*agora.ListMember, error) {
	var w where
	w.add(`list_id = ?`, listID)
	order := w.page(`id`, p)
	list, err := queryList(ctx, db.reader(), "select list members", scanListMember,
		`SELECT `+listMemberColumns+` FROM list_accounts`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}

// ListMemberIDs returns the IDs of every account in the list, in ID order.
func (db *relationTables) ListMemberIDs(ctx context.Context, listID agora.ID) ([]agora.ID, error) {
	return db.ids(ctx, `SELECT account_id FROM list_accounts WHERE list_id = ? ORDER BY account_id`, listID)
}

// ListsWithMember returns every list the account is in, by ID.
func (db *relationTables) ListsWithMember(ctx context.Context, accountID agora.ID) ([]*agora.List, error) {
	return queryList(ctx, db.reader(), "select lists with member", scanList,
		`SELECT `+listColumns+` FROM lists WHERE id IN (SELECT list_id FROM list_accounts WHERE account_id = ?)
		ORDER BY id`, accountID)
}

// LeaveLists removes the account from the owner's lists in one transaction and
// returns the lists it left, by ID.
func (db *relationTables) LeaveLists(ctx context.Context, ownerID, accountID agora.ID) ([]agora.ID, error) {
	var left []agora.ID
	err := db.inTx(ctx, func(c conn) error {
		var err error
		left, err = queryList(ctx, c, "select lists left", scanOneID,
			`SELECT list_id FROM list_accounts WHERE account_id = ?
			AND list_id IN (SELECT id FROM lists WHERE account_id = ?) ORDER BY list_id`, accountID, ownerID)
		if err != nil || len(left) == 0 {
			return err
		}
		_, err = c.exec(ctx, `DELETE FROM list_accounts WHERE account_id = ? AND `+c.d.in("list_id"), accountID, c.d.ids(left))
		return wrap("leave lists", err)
	})
	return left, err
}

// ExclusiveMemberIDs returns the accounts in the owner's exclusive lists, each
// once, in ID order.
func (db *relationTables) ExclusiveMemberIDs(ctx context.Context, ownerID agora.ID) ([]agora.ID, error) {
	return db.ids(ctx, `SELECT DISTINCT la.account_id FROM list_accounts la JOIN lists l ON l.id = la.list_id
		WHERE l.account_id = ? AND l.exclusive ORDER BY la.account_id`, ownerID)
}

// ListCandidates returns the newest statuses of the list's members that are not
// direct, partial, as agora.ListStore documents. limit <= 0 means
// agora.DefaultPageLimit.
func (db *relationTables) ListCandidates(ctx context.Context, listID agora.ID, limit int, since agora.ID) ([]*agora.Status, error) {
	if limit <= 0 {
		limit = agora.DefaultPageLimit
	}
	return queryList(ctx, db.reader(), "select list candidates", func(row scanner) (*agora.Status, error) {
		var st agora.Status
		var created int64
		err := row.Scan(&st.ID, &st.AccountID, &st.InReplyToAccountID, &st.ReblogOfID, &st.Visibility, &created)
		st.CreatedAt = fromMillis(created)
		return &st, err
	}, `SELECT id, account_id, in_reply_to_account_id, reblog_of_id, visibility, created_at FROM statuses
		WHERE account_id IN (SELECT account_id FROM list_accounts WHERE list_id = ?) AND id > ? AND visibility <> ?
		ORDER BY id DESC LIMIT ?`, listID, since, agora.VisibilityDirect, limit)
}

// scanOneID reads a row of one ID.
func scanOneID(row scanner) (agora.ID, error) {
	var id agora.ID
	err := row.Scan(&id)
	return id, err
}

// affected turns an update or delete that touched no row into ENOTFOUND.
func affected(step string, res interface{ RowsAffected() (int64, error) }, err error) error {
	if err != nil {
		return wrap(step, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(step, err)
	}
	if n == 0 {
		return notFound(fmt.Errorf("%s: no such row", step))
	}
	return nil
}
