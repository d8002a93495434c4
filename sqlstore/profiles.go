package sqlstore

import (
	"context"

	"time"

	"agora"
)

// SetAccountNote keeps (upserts) or, for "", removes the account's note on the
// target.
func (db *relationTables) SetAccountNote(ctx context.Context, accountID, targetID agora.ID, comment string, at time.Time) error {
	if comment == "" {
		_, err := db.writer().exec(ctx, `DELETE FROM account_notes WHERE account_id = ? AND target_account_id = ?`, accountID, targetID)
		return wrap("delete account note", err)
	}
	_, err := db.writer().exec(ctx, `INSERT INTO account_notes (account_id, target_account_id, comment, updated_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, target_account_id) DO UPDATE SET
			comment = excluded.comment, updated_at = excluded.updated_at`,
		accountID, targetID, comment, millis(normalize(at)))
	return wrap("save account note", err)
}

// CreateEndorsement inserts e, its time normalized in place.
func (db *relationTables) CreateEndorsement(ctx context.Context, e *agora.Endorsement) error {
	e.CreatedAt = normalize(e.CreatedAt)
	_, err := db.writer().exec(ctx, `INSERT INTO account_pins (id, account_id, target_account_id, created_at)
		VALUES (?, ?, ?, ?)`, e.ID, e.AccountID, e.TargetAccountID, millis(e.CreatedAt))
	return wrap("insert endorsement", err)
}

// DeleteEndorsement removes the account's endorsement of the target.
func (db *relationTables) DeleteEndorsement(ctx context.Context, accountID, targetID agora.ID) error {
	res, err := db.writer().exec(ctx, `DELETE FROM account_pins WHERE account_id = ? AND target_account_id = ?`, accountID, targetID)
	if err != nil {
		return wrap("delete endorsement", err)
	}
	return mustAffect("delete endorsement", res)
}

// Endorsements lists the account's endorsements of accounts it still follows.
func (db *relationTables) Endorsements(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.Endorsement, error) {
	var w where
	w.add(`p.account_id = ?`, accountID)
	w.add(`EXISTS (SELECT 1 FROM follows f WHERE f.account_id = p.account_id AND f.target_account_id = p.target_account_id)`)
	order := w.page(`p.id`, p)
	list, err := queryList(ctx, db.reader(), "select endorsements", func(row scanner) (*agora.Endorsement, error) {
		var e agora.Endorsement
		var created int64
		err := row.Scan(&e.ID, &e.AccountID, &e.TargetAccountID, &created)
		e.CreatedAt = fromMillis(created)
		return &e, err
	}, `SELECT p.id, p.account_id, p.target_account_id, p.created_at FROM account_pins p`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}

// ProfileRelations reads the viewer's notes and endorsements (of accounts it
// follows) for others in one query.
func (db *relationTables) ProfileRelations(ctx context.Context, viewer agora.ID, others []agora.ID) (map[agora.ID]agora.ProfileRelation, error) {
	out := make(map[agora.ID]agora.ProfileRelation, len(others))
	if len(others) == 0 {
		return out, nil
	}
	for _, id := range others {
		out[id] = agora.ProfileRelation{}
	}
	d, list := db.d, db.d.ids(others)
	type row struct {
		kind    int
		other   agora.ID
		comment string
	}
	rows, err := queryList(ctx, db.reader(), "select profile relations", func(r scanner) (row, error) {
		var x row
		err := r.Scan(&x.kind, &x.other, &x.comment)
		return x, err
	}, `
		SELECT 1, target_account_id, comment FROM account_notes
			WHERE account_id = ? AND `+d.in("target_account_id")+`
		UNION ALL SELECT 2, p.target_account_id, '' FROM account_pins p
			WHERE p.account_id = ? AND `+d.in("p.target_account_id")+`
			AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = p.account_id AND f.target_account_id = p.target_account_id)`,
		viewer, list, viewer, list)
	if err != nil {
		return nil, err
	}
	for _, x := range rows {
		r := out[x.other]
		if x.kind == 1 {
			r.Note = x.comment
		} else {
			r.Endorsed = true
		}
		out[x.other] = r
	}
	return out, nil
}

// Directory lists discoverable, unsuspended accounts for the profile directory.
func (db *relationTables) Directory(ctx context.Context, active bool, offset, limit int) ([]*agora.Account, error) {
	order := `id DESC`
	if active {
		order = `last_status_at DESC, id DESC`
	}
	return queryList(ctx, db.reader(), "select directory", scanAccount, `SELECT `+accountColumns+`
		FROM accounts WHERE discoverable = TRUE AND suspended_at IS NULL
		ORDER BY `+order+` LIMIT ? OFFSET ?`, limit, offset)
}
