package sqlstore

import (
	"context"
	"encoding/json"

	"agora"
)

// UpdateStatus stores the edit u in one transaction: the status's edited
// fields, its tags, mentions, full-text entry and poll, and the revisions of
// u.History. On PostgreSQL it locks the status first, as every writer of a
// status does.
func (db *statusTables) UpdateStatus(ctx context.Context, u *agora.StatusUpdate) error {
	s := u.Status
	s.Tags, s.Mentions = uniqueTags(s.Tags), unique(s.Mentions)
	s.EditedAt = normalize(s.EditedAt)
	s.HasPoll = u.Poll != nil
	return db.inTx(ctx, func(c conn) error {
		var created int64
		var reblogOf agora.ID
		if err := c.queryRow(ctx, `SELECT created_at, reblog_of_id FROM statuses WHERE id = ?`+c.d.forUpdate(), s.ID).
			Scan(&created, &reblogOf); err != nil {
			return wrap("select status", err)
		}
		if _, err := c.exec(ctx, `UPDATE statuses SET text = ?, content = ?, spoiler_text = ?, sensitive = ?,
			language = ?, edited_at = ?, has_poll = ? WHERE id = ?`,
			s.Text, s.Content, s.SpoilerText, s.Sensitive, s.Language, millis(s.EditedAt), s.HasPoll, s.ID); err != nil {
			return wrap("update status", err)
		}
		for _, table := range []string{"status_tags", "status_mentions"} {
			if _, err := c.exec(ctx, `DELETE FROM `+table+` WHERE status_id = ?`, s.ID); err != nil {
				return wrap("delete from "+table, err)
			}
		}
		// The tags keep the status's creation time: trends and history count the post
		// when it was made.
		tagged := *s
		tagged.CreatedAt = fromMillis(created)
		if err := insertTags(ctx, c, &tagged); err != nil {
			return err
		}
		if err := insertMentions(ctx, c, s); err != nil {
			return err
		}
		if stmt := c.d.unindexText(); stmt != "" && reblogOf == 0 {
			if _, err := c.exec(ctx, stmt, s.ID); err != nil {
				return wrap("unindex text", err)
			}
			if _, err := c.exec(ctx, c.d.indexText(), s.ID, s.Text); err != nil {
				return wrap("index text", err)
			}
		}
		dropped, err := attachMedia(ctx, c, s, true)
		if err != nil {
			return err
		}
		u.DroppedMediaKeys = dropped
		if err := updatePoll(ctx, c, u); err != nil {
			return err
		}
		if err := insertEdits(ctx, c, u.History); err != nil {
			return err
		}
		return insertNotifications(ctx, c, u.Notes)
	})
}

// insertEdits appends the revisions.
func insertEdits(ctx context.Context, c conn, edits []*agora.StatusEdit) error {
	rows := make([][]any, len(edits))
	for i, e := range edits {
		e.CreatedAt = normalize(e.CreatedAt)
		mentions, err := json.Marshal(orEmpty(e.Mentions))
		if err != nil {
			return wrap("encode mentions", err)
		}
		options := ""
		if e.PollOptions != nil {
			b, err := json.Marshal(e.PollOptions)
			if err != nil {
				return wrap("encode poll options", err)
			}
			options = string(b)
		}
		media, err := json.Marshal(orEmpty(e.MediaIDs))
		if err != nil {
			return wrap("encode media ids", err)
		}
		rows[i] = []any{e.ID, e.StatusID, e.AccountID, e.Text, e.Content, e.SpoilerText, e.Sensitive,
			e.Language, string(mentions), options, string(media), millis(e.CreatedAt)}
	}
	err := insertRows(ctx, c, `INSERT INTO status_edits (id, status_id, account_id, text, content,
		spoiler_text, sensitive, language, mentions, poll_options, media_ids, created_at)`, "", rows)
	return wrap("insert edits", err)
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// StatusEdits returns the status's revisions, oldest first.
func (db *statusTables) StatusEdits(ctx context.Context, statusID agora.ID, limit int) ([]*agora.StatusEdit, error) {
	return queryList(ctx, db.reader(), "select edits", func(row scanner) (*agora.StatusEdit, error) {
		var e agora.StatusEdit
		var mentions, options, media string
		var created int64
		if err := row.Scan(&e.ID, &e.StatusID, &e.AccountID, &e.Text, &e.Content, &e.SpoilerText,
			&e.Sensitive, &e.Language, &mentions, &options, &media, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(media), &e.MediaIDs); err != nil {
			return nil, err
		}
		if len(e.MediaIDs) == 0 {
			e.MediaIDs = nil
		}
		if err := json.Unmarshal([]byte(mentions), &e.Mentions); err != nil {
			return nil, err
		}
		if len(e.Mentions) == 0 {
			e.Mentions = nil
		}
		if options != "" {
			if err := json.Unmarshal([]byte(options), &e.PollOptions); err != nil {
				return nil, err
			}
		}
		e.CreatedAt = fromMillis(created)
		return &e, nil
	}, `SELECT id, status_id, account_id, text, content, spoiler_text, sensitive, language,
		mentions, poll_options, media_ids, created_at FROM status_edits WHERE status_id = ? ORDER BY id LIMIT ?`, statusID, limit)
}
