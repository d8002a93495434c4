package sqlstore

import (
	"context"
	"strings"

	"agora"
)

const tagFollowColumns = `id, account_id, name, created_at`

func scanTagFollow(row scanner) (*agora.TagFollow, error) {
	var f agora.TagFollow
	var created int64
	if err := row.Scan(&f.ID, &f.AccountID, &f.Name, &created); err != nil {
		return nil, err
	}
	f.CreatedAt = fromMillis(created)
	return &f, nil
}

// FollowTag records that f.AccountID follows the hashtag f.Name; following twice
// keeps the first follow, whose ID and CreatedAt are then written back to f. f.Name
// is lowercased and f.CreatedAt normalized in place. ENOTFOUND when the account
// does not exist.
func (db *statusTables) FollowTag(ctx context.Context, f *agora.TagFollow) error {
	f.Name, f.CreatedAt = strings.ToLower(f.Name), normalize(f.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO tag_follows (`+tagFollowColumns+`) VALUES (?, ?, ?, ?)
			ON CONFLICT (account_id, name) DO NOTHING`,
			f.ID, f.AccountID, f.Name, millis(f.CreatedAt)); err != nil {
			return wrap("insert tag follow", err)
		}
		kept, err := scanTagFollow(c.queryRow(ctx, `SELECT `+tagFollowColumns+` FROM tag_follows
			WHERE account_id = ? AND name = ?`, f.AccountID, f.Name))
		if err != nil {
			return wrap("select tag follow", err)
		}
		*f = *kept
		return nil
	})
}

// UnfollowTag removes the account's follow of the hashtag; unfollowing a hashtag
// not followed is not an error.
func (db *statusTables) UnfollowTag(ctx context.Context, accountID agora.ID, name string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM tag_follows WHERE account_id = ? AND name = ?`,
		accountID, strings.ToLower(name))
	return wrap("delete tag follow", err)
}

// FollowedTags lists the account's tag follows, newest first, paged by follow ID.
func (db *statusTables) FollowedTags(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.TagFollow, error) {
	var w where
	w.add(`account_id = ?`, accountID)
	order := w.page(`id`, p)
	list, err := queryList(ctx, db.reader(), "select tag follows", scanTagFollow,
		`SELECT `+tagFollowColumns+` FROM tag_follows`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}

// FollowsTags reports which of the names the account follows: every name given
// (lowercased) has an entry.
func (db *statusTables) FollowsTags(ctx context.Context, accountID agora.ID, names []string) (map[string]bool, error) {
	out := make(map[string]bool, len(names))
	if len(names) == 0 {
		return out, nil
	}
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
		out[lower[i]] = false
	}
	followed, err := queryList(ctx, db.reader(), "select followed tags", scanString,
		`SELECT name FROM tag_follows WHERE account_id = ? AND `+db.d.in("name"), accountID, db.d.texts(lower))
	if err != nil {
		return nil, err
	}
	for _, n := range followed {
		out[n] = true
	}
	return out, nil
}

// TagFollowerIDs returns the accounts following any of the names, each once, in ID
// order.
func (db *statusTables) TagFollowerIDs(ctx context.Context, names []string) ([]agora.ID, error) {
	if len(names) == 0 {
		return []agora.ID{}, nil
	}
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
	}
	return db.ids(ctx, `SELECT DISTINCT account_id FROM tag_follows WHERE `+db.d.in("name")+`
		ORDER BY account_id`, db.d.texts(lower))
}

// scanString reads a row of one text column.
func scanString(row scanner) (string, error) {
	var s string
	err := row.Scan(&s)
	return s, err
}
