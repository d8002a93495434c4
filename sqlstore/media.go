package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"agora"
)

// mediaColumns are read by scanMedia.
const mediaColumns = `id, account_id, status_id, position, type, file_type, description, focus_x, focus_y,
	width, height, size, small_width, small_height, small_size, blurhash, file_key, preview_key, created_at`

func scanMedia(row scanner) (*agora.MediaAttachment, error) {
	var m agora.MediaAttachment
	var status sql.NullInt64
	var created int64
	err := row.Scan(&m.ID, &m.AccountID, &status, &m.Position, &m.Type, &m.FileType, &m.Description, &m.FocusX, &m.FocusY,
		&m.Meta.Width, &m.Meta.Height, &m.Meta.Size, &m.Meta.SmallWidth, &m.Meta.SmallHeight, &m.Meta.SmallSize,
		&m.Blurhash, &m.FileKey, &m.PreviewKey, &created)
	if err != nil {
		return nil, err
	}
	m.StatusID = agora.ID(status.Int64)
	m.CreatedAt = fromMillis(created)
	return &m, nil
}

// CreateMedia inserts m unattached; m.CreatedAt is normalized to what is stored.
// ENOTFOUND when the account does not exist, ECONFLICT when the ID or a key is
// taken.
func (db *statusTables) CreateMedia(ctx context.Context, m *agora.MediaAttachment) error {
	m.CreatedAt = normalize(m.CreatedAt)
	m.StatusID, m.Position = 0, 0
	_, err := db.writer().exec(ctx, `INSERT INTO media_attachments (id, account_id, status_id, position, type,
		file_type, description, focus_x, focus_y, width, height, size, small_width, small_height, small_size,
		blurhash, file_key, preview_key, created_at) VALUES (?, ?, NULL, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.AccountID, m.Type, m.FileType, m.Description, m.FocusX, m.FocusY,
		m.Meta.Width, m.Meta.Height, m.Meta.Size, m.Meta.SmallWidth, m.Meta.SmallHeight, m.Meta.SmallSize,
		m.Blurhash, m.FileKey, m.PreviewKey, millis(m.CreatedAt))
	return wrap("insert media", err)
}

// Media returns the attachment with the ID.
func (db *statusTables) Media(ctx context.Context, id agora.ID) (*agora.MediaAttachment, error) {
	m, err := scanMedia(db.reader().queryRow(ctx, `SELECT `+mediaColumns+` FROM media_attachments WHERE id = ?`, id))
	return m, wrap("select media", err)
}

// MediaByKey returns the attachment whose original or preview has the key.
func (db *statusTables) MediaByKey(ctx context.Context, key string) (*agora.MediaAttachment, error) {
	m, err := scanMedia(db.reader().queryRow(ctx, `SELECT `+mediaColumns+` FROM media_attachments
		WHERE file_key = ? UNION ALL SELECT `+mediaColumns+` FROM media_attachments WHERE preview_key = ?`, key, key))
	return m, wrap("select media by key", err)
}

// UpdateMedia stores the description and focus of the unattached attachment.
func (db *statusTables) UpdateMedia(ctx context.Context, m *agora.MediaAttachment) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE media_attachments SET description = ?, focus_x = ?, focus_y = ?
			WHERE id = ? AND status_id IS NULL`, m.Description, m.FocusX, m.FocusY, m.ID)
		if err != nil {
			return wrap("update media", err)
		}
		return unattachedOnly(ctx, c, res, m.ID)
	})
}

// DeleteMedia deletes the unattached attachment.
func (db *statusTables) DeleteMedia(ctx context.Context, id agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM media_attachments WHERE id = ? AND status_id IS NULL`, id)
		if err != nil {
			return wrap("delete media", err)
		}
		return unattachedOnly(ctx, c, res, id)
	})
}

// unattachedOnly turns a statement on the unattached attachment id that
// changed no row into ENOTFOUND (no such attachment) or ECONFLICT (attached).
func unattachedOnly(ctx context.Context, c conn, res sql.Result, id agora.ID) error {
	n, err := res.RowsAffected()
	if err != nil {
		return wrap("media rows affected", err)
	}
	if n > 0 {
		return nil
	}
	var one int
	if err := c.queryRow(ctx, `SELECT 1 FROM media_attachments WHERE id = ?`, id).Scan(&one); err != nil {
		return wrap("select media", err)
	}
	return conflict("The media attachment is attached to a status already.", nil)
}

// attachMedia attaches the media of s to it in order, with their Description,
// FocusX and FocusY (an edit may change them): each must be the author's and
// unattached, or attached to s already (an edit keeping it).
// Attachments of s not in s.Media are deleted (an edit dropping them), and
// the file keys of those it deleted returned, read in the transaction, so that
// the caller removes exactly their files. It sets s.HasMedia's column.
// ECONFLICT when one is another's or attached elsewhere.
func attachMedia(ctx context.Context, c conn, s *agora.Status, edit bool) ([]string, error) {
	var dropped []string
	if edit {
		keep := make([]agora.ID, len(s.Media))
		for i, m := range s.Media {
			keep[i] = m.ID
		}
		q, args := `DELETE FROM media_attachments WHERE status_id = ?`, []any{s.ID}
		if len(keep) > 0 {
			q, args = q+` AND NOT `+c.d.in("id"), append(args, c.d.ids(keep))
		}
		pairs, err := queryList(ctx, c, "delete dropped media", func(row scanner) ([2]string, error) {
			var k [2]string
			err := row.Scan(&k[0], &k[1])
			return k, err
		}, q+` RETURNING file_key, preview_key`, args...)
		if err != nil {
			return nil, err
		}
		for _, k := range pairs {
			dropped = append(dropped, k[0], k[1])
		}
	}
	for i, m := range s.Media {
		res, err := c.exec(ctx, `UPDATE media_attachments SET status_id = ?, position = ?, description = ?, focus_x = ?, focus_y = ?
			WHERE id = ? AND account_id = ? AND (status_id IS NULL OR status_id = ?)`,
			s.ID, i, m.Description, m.FocusX, m.FocusY, m.ID, s.AccountID, s.ID)
		if err != nil {
			return nil, wrap("attach media", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, wrap("attach media", err)
		} else if n == 0 {
			return nil, conflict("A media attachment (media_ids) is not yours or is attached to another status.", nil)
		}
		m.StatusID, m.Position = s.ID, i
	}
	if edit || len(s.Media) > 0 {
		if _, err := c.exec(ctx, `UPDATE statuses SET has_media = ? WHERE id = ?`, len(s.Media) > 0, s.ID); err != nil {
			return nil, wrap("mark status media", err)
		}
	}
	return dropped, nil
}

// loadMedia fills in the Media of the statuses of list whose has_media is set
// (hasMedia), in one query; none when no status has media.
func (db *statusTables) loadMedia(ctx context.Context, list []*agora.Status, hasMedia map[agora.ID]bool) error {
	if len(hasMedia) == 0 {
		return nil
	}
	byID := make(map[agora.ID]*agora.Status, len(hasMedia))
	var ids []agora.ID
	for _, s := range list {
		if hasMedia[s.ID] {
			byID[s.ID] = s
			ids = append(ids, s.ID)
		}
	}
	found, err := queryList(ctx, db.reader(), "select media", scanMedia, `SELECT `+mediaColumns+` FROM media_attachments
		WHERE `+db.d.in("status_id")+` ORDER BY status_id, position`, db.d.ids(ids))
	if err != nil {
		return err
	}
	for _, m := range found {
		if s := byID[m.StatusID]; s != nil {
			s.Media = append(s.Media, m)
		}
	}
	return nil
}

// UnattachedMedia returns up to limit attachments unattached since before the
// time given (created_at, reset when detached) with IDs greater than after, in
// ID order.
func (db *statusTables) UnattachedMedia(ctx context.Context, before time.Time, after agora.ID, limit int) ([]*agora.MediaAttachment, error) {
	return queryList(ctx, db.reader(), "select unattached media", scanMedia, `SELECT `+mediaColumns+` FROM media_attachments
		WHERE status_id IS NULL AND created_at < ? AND id > ? ORDER BY id LIMIT ?`, millis(before), after, limit)
}
