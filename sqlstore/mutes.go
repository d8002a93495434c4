package sqlstore

import (
	"context"

	"agora"
)

// SaveMute inserts m, or, when the account mutes the target already, updates that
// mute's Notifications and ExpiresAt, in one statement. m is updated in place to
// what is stored: the existing mute's ID and CreatedAt are written back to it,
// times are normalized. ENOTFOUND when an account does not exist.
func (db *relationTables) SaveMute(ctx context.Context, m *agora.Mute) error {
	m.CreatedAt, m.ExpiresAt = normalize(m.CreatedAt), normalize(m.ExpiresAt)
	var created int64
	err := db.writer().queryRow(ctx, `INSERT INTO mutes (id, account_id, target_account_id,
			notifications, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, target_account_id) DO UPDATE SET
			notifications = excluded.notifications,
			expires_at = excluded.expires_at
		RETURNING id, created_at`,
		m.ID, m.AccountID, m.TargetAccountID, m.Notifications, millis(m.ExpiresAt), millis(m.CreatedAt),
	).Scan(&m.ID, &created)
	if err != nil {
		return wrap("save mute", err)
	}
	m.CreatedAt = fromMillis(created)
	return nil
}

// DeleteMute removes the mute of target by account. ENOTFOUND when there was none.
func (db *relationTables) DeleteMute(ctx context.Context, accountID, targetID agora.ID) error {
	return deleteLink(ctx, db.writer(), "mutes", accountID, targetID)
}

// Mutes lists the account's mutes, expired ones included, newest first, paged by
// mute ID.
func (db *relationTables) Mutes(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.Mute, error) {
	var w where
	w.add(`account_id = ?`, accountID)
	order := w.page(`id`, p)
	list, err := queryList(ctx, db.reader(), "select mutes", func(row scanner) (*agora.Mute, error) {
		var m agora.Mute
		var expires, created int64
		if err := row.Scan(&m.ID, &m.AccountID, &m.TargetAccountID, &m.Notifications, &expires, &created); err != nil {
			return nil, err
		}
		m.ExpiresAt, m.CreatedAt = fromMillis(expires), fromMillis(created)
		return &m, nil
	}, `SELECT id, account_id, target_account_id, notifications, expires_at, created_at
		FROM mutes`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}
