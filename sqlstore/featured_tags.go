package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"agora"
)

// CreateFeaturedTag inserts f, its name lowercased and its time normalized in
// place.
func (db *relationTables) CreateFeaturedTag(ctx context.Context, f *agora.FeaturedTag) error {
	f.Name = strings.ToLower(f.Name)
	f.CreatedAt = normalize(f.CreatedAt)
	_, err := db.writer().exec(ctx, `INSERT INTO featured_tags (id, account_id, name, created_at)
		VALUES (?, ?, ?, ?)`, f.ID, f.AccountID, f.Name, millis(f.CreatedAt))
	return wrap("insert featured tag", err)
}

// DeleteFeaturedTag removes the account's featured tag with the ID.
func (db *relationTables) DeleteFeaturedTag(ctx context.Context, accountID, id agora.ID) error {
	res, err := db.writer().exec(ctx, `DELETE FROM featured_tags WHERE id = ? AND account_id = ?`, id, accountID)
	if err != nil {
		return wrap("delete featured tag", err)
	}
	return mustAffect("delete featured tag", res)
}

// FeaturedTags lists the account's featured tags, oldest first, each with the
// count and newest time of the account's public and unlisted statuses (boosts
// aside) carrying it.
func (db *relationTables) FeaturedTags(ctx context.Context, accountID agora.ID) ([]*agora.FeaturedTag, error) {
	return queryList(ctx, db.reader(), "select featured tags", func(row scanner) (*agora.FeaturedTag, error) {
		var f agora.FeaturedTag
		var created int64
		var last sql.NullInt64
		err := row.Scan(&f.ID, &f.AccountID, &f.Name, &created, &f.StatusesCount, &last)
		f.CreatedAt = fromMillis(created)
		if last.Valid {
			t := fromMillis(last.Int64)
			f.LastStatusAt = &t
		}
		return &f, err
	}, `SELECT f.id, f.account_id, f.name, f.created_at,
			(SELECT COUNT(*) FROM status_tags t JOIN statuses s ON s.id = t.status_id
				WHERE t.tag = f.name AND s.account_id = f.account_id AND s.reblog_of_id = 0
				AND s.visibility IN ('public', 'unlisted')),
			(SELECT MAX(s.created_at) FROM status_tags t JOIN statuses s ON s.id = t.status_id
				WHERE t.tag = f.name AND s.account_id = f.account_id AND s.reblog_of_id = 0
				AND s.visibility IN ('public', 'unlisted'))
		FROM featured_tags f WHERE f.account_id = ? ORDER BY f.id`, accountID)
}
