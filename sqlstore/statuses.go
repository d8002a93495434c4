package sqlstore

import (
	"context"
	"slices"
	"strings"
	"time"

	"agora"
)

// statusColumns are read by scanStatus, from a table aliased s.
const statusColumns = `s.id, s.account_id, s.text, s.content, s.spoiler_text, s.sensitive,
	s.visibility, s.language, s.in_reply_to_id, s.in_reply_to_account_id, s.thread_id,
	s.reblog_of_id, s.created_at, s.replies_count, s.reblogs_count, s.favourites_count,
	s.edited_at, s.has_poll, s.has_media`

// scanStatus reads statusColumns, and whether the status has media (which
// loadMedia then reads).
func scanStatus(row scanner) (*agora.Status, bool, error) {
	var s agora.Status
	var created, edited int64
	var hasMedia bool
	err := row.Scan(&s.ID, &s.AccountID, &s.Text, &s.Content, &s.SpoilerText, &s.Sensitive,
		&s.Visibility, &s.Language, &s.InReplyToID, &s.InReplyToAccountID, &s.ThreadID,
		&s.ReblogOfID, &created, &s.RepliesCount, &s.ReblogsCount, &s.FavouritesCount,
		&edited, &s.HasPoll, &hasMedia)
	if err != nil {
		return nil, false, err
	}
	s.CreatedAt = fromMillis(created)
	if edited != 0 {
		s.EditedAt = fromMillis(edited)
	}
	return &s, hasMedia, nil
}

// CreateStatus inserts s with its tags and mentions, increments the author's
// statuses count (boosts included) and sets its last status time, increments the
// replies count of the status replied to and the boosts count of the status boosted
// when they exist, records idempotencyKey unless it is "", records tags not used
// before in the tags table, adds the text of a status that is not a boost to
// the full-text index, and inserts notes (insertNotifications): all in one
// transaction. s is updated in place to what was
// stored: counters zero, ThreadID its own ID when it was 0, CreatedAt in UTC
// milliseconds, Tags lowercased and Tags and Mentions without repeats. ECONFLICT
// when the ID or the key is taken (or a notification's ID), ENOTFOUND when the
// author, a mentioned account or a notification's recipient does not exist; then
// nothing is written.
func (db *statusTables) CreateStatus(ctx context.Context, s *agora.Status, idempotencyKey string, notes ...*agora.Notification) error {
	s.HasPoll = false
	return db.createStatus(ctx, s, idempotencyKey, nil, notes)
}

// createStatus is CreateStatus, and also inserts the poll p when it is not nil
// (after the status, before the accounts: the lock order).
func (db *statusTables) createStatus(ctx context.Context, s *agora.Status, idempotencyKey string, p *agora.Poll, notes []*agora.Notification) error {
	s.CreatedAt = normalize(s.CreatedAt)
	if s.ThreadID == 0 {
		s.ThreadID = s.ID
	}
	s.Tags, s.Mentions = uniqueTags(s.Tags), unique(s.Mentions)
	s.RepliesCount, s.ReblogsCount, s.FavouritesCount = 0, 0, 0
	s.EditedAt = time.Time{}
	return db.inTx(ctx, func(c conn) error {
		// Lock order, to keep PostgreSQL free of deadlocks: statuses, then accounts.
		if _, err := c.exec(ctx, `INSERT INTO statuses (id, account_id, text, content, spoiler_text,
			sensitive, visibility, language, in_reply_to_id, in_reply_to_account_id, thread_id,
			reblog_of_id, created_at, has_poll) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.AccountID, s.Text, s.Content, s.SpoilerText,
			s.Sensitive, s.Visibility, s.Language, s.InReplyToID, s.InReplyToAccountID, s.ThreadID,
			s.ReblogOfID, millis(s.CreatedAt), s.HasPoll); err != nil {
			return wrap("insert status", err)
		}
		if idempotencyKey != "" {
			_, err := c.exec(ctx, `INSERT INTO idempotency_keys (account_id, key, status_id, created_at)
				VALUES (?, ?, ?, ?)`, s.AccountID, idempotencyKey, s.ID, millis(s.CreatedAt))
			if _, ok := uniqueViolation(err); ok {
				return conflict("Idempotency key already used.", err)
			}
			if err != nil {
				return wrap("insert idempotency key", err)
			}
		}
		if err := insertTags(ctx, c, s); err != nil {
			return err
		}
		if err := insertMentions(ctx, c, s); err != nil {
			return err
		}
		if p != nil {
			if err := insertPoll(ctx, c, p); err != nil {
				return err
			}
		}
		if _, err := attachMedia(ctx, c, s, false); err != nil {
			return err
		}
		if stmt := c.d.indexText(); stmt != "" && s.ReblogOfID == 0 {
			if _, err := c.exec(ctx, stmt, s.ID, s.Text); err != nil {
				return wrap("index text", err)
			}
		}
		if s.InReplyToID != 0 {
			if _, err := c.exec(ctx, `UPDATE statuses SET replies_count = replies_count + 1
				WHERE id = ?`, s.InReplyToID); err != nil {
				return wrap("count reply", err)
			}
		}
		if s.ReblogOfID != 0 {
			if _, err := c.exec(ctx, `UPDATE statuses SET reblogs_count = reblogs_count + 1
				WHERE id = ?`, s.ReblogOfID); err != nil {
				return wrap("count boost", err)
			}
		}
		at := millis(s.CreatedAt)
		if _, err := c.exec(ctx, `UPDATE accounts SET statuses_count = statuses_count + 1,
			last_status_at = CASE WHEN last_status_at < ? THEN ? ELSE last_status_at END
			WHERE id = ?`, at, at, s.AccountID); err != nil {
			return wrap("count status", err)
		}
		return insertNotifications(ctx, c, notes)
	})
}

// insertTags records the tags of s: the names not used before in tags, and one
// status_tags row per tag with the author and time of s copied for history and
// trends. New names are inserted in byte order, so that two transactions adding the
// same new names lock them in the same order on PostgreSQL.
func insertTags(ctx context.Context, c conn, s *agora.Status) error {
	if len(s.Tags) == 0 {
		return nil
	}
	names := slices.Sorted(slices.Values(s.Tags))
	tags := make([][]any, len(names))
	for i, name := range names {
		tags[i] = []any{name, millis(s.CreatedAt)}
	}
	if err := insertRows(ctx, c, `INSERT INTO tags (name, created_at)`,
		` ON CONFLICT (name) DO NOTHING`, tags); err != nil {
		return wrap("insert tag names", err)
	}
	rows := make([][]any, len(s.Tags))
	for i, tag := range s.Tags {
		rows[i] = []any{s.ID, tag, i, s.AccountID, millis(s.CreatedAt)}
	}
	if err := insertRows(ctx, c, `INSERT INTO status_tags (status_id, tag, position, account_id, created_at)`,
		"", rows); err != nil {
		return wrap("insert tags", err)
	}
	return nil
}

// insertMentions records the mentions of s, in order.
func insertMentions(ctx context.Context, c conn, s *agora.Status) error {
	mentions := make([][]any, len(s.Mentions))
	for i, m := range s.Mentions {
		mentions[i] = []any{s.ID, m, i}
	}
	if err := insertRows(ctx, c, `INSERT INTO status_mentions (status_id, account_id, position)`, "", mentions); err != nil {
		return wrap("insert mentions", err)
	}
	return nil
}

func uniqueTags(tags []string) []string {
	lower := make([]string, len(tags))
	for i, t := range tags {
		lower[i] = strings.ToLower(t)
	}
	return unique(lower)
}

// unique returns s without repeats, in order of first appearance; nil when empty.
func unique[T comparable](s []T) []T {
	var out []T
	seen := make(map[T]bool, len(s))
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// StatusByIdempotencyKey returns the status the author created with key at or
// after since; ENOTFOUND when there is none.
func (db *statusTables) StatusByIdempotencyKey(ctx context.Context, accountID agora.ID, key string, since time.Time) (*agora.Status, error) {
	return db.oneStatus(ctx, `SELECT `+statusColumns+` FROM statuses s
		JOIN idempotency_keys k ON k.status_id = s.id
		WHERE k.account_id = ? AND k.key = ? AND k.created_at >= ?`,
		accountID, key, millis(since))
}

// Status returns the status with the ID, with its tags and mentions.
func (db *statusTables) Status(ctx context.Context, id agora.ID) (*agora.Status, error) {
	return db.oneStatus(ctx, `SELECT `+statusColumns+` FROM statuses s WHERE s.id = ?`, id)
}

func (db *statusTables) oneStatus(ctx context.Context, query string, args ...any) (*agora.Status, error) {
	list, err := db.statuses(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound(nil)
	}
	return list[0], nil
}

// Statuses returns the statuses with the given IDs that exist, keyed by ID, with
// tags and mentions, in three round trips.
func (db *statusTables) Statuses(ctx context.Context, ids []agora.ID) (map[agora.ID]*agora.Status, error) {
	out := make(map[agora.ID]*agora.Status, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list, err := db.statuses(ctx, `SELECT `+statusColumns+` FROM statuses s WHERE `+db.d.in("s.id"), db.d.ids(ids))
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		out[s.ID] = s
	}
	return out, nil
}

// CountStatuses returns how many statuses exist, boosts excluded.
func (db *statusTables) CountStatuses(ctx context.Context) (int, error) {
	var n int
	if err := db.reader().queryRow(ctx, `SELECT count(*) FROM statuses WHERE reblog_of_id = 0`).Scan(&n); err != nil {
		return 0, wrap("count statuses", err)
	}
	return n, nil
}

// statuses runs a query selecting statusColumns on the read pool and loads the
// tags and mentions of the statuses it returns, in order: three round trips.
func (db *statusTables) statuses(ctx context.Context, query string, args ...any) ([]*agora.Status, error) {
	rows, err := db.reader().query(ctx, query, args...)
	if err != nil {
		return nil, wrap("select statuses", err)
	}
	defer rows.Close()
	list := []*agora.Status{}
	var withMedia map[agora.ID]bool
	for rows.Next() {
		s, hasMedia, err := scanStatus(rows)
		if err != nil {
			return nil, wrap("scan status", err)
		}
		list = append(list, s)
		if hasMedia {
			if withMedia == nil {
				withMedia = map[agora.ID]bool{}
			}
			withMedia[s.ID] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("select statuses", err)
	}
	rows.Close()
	if err := db.loadTagsAndMentions(ctx, list); err != nil {
		return nil, err
	}
	if err := db.loadMedia(ctx, list, withMedia); err != nil {
		return nil, err
	}
	return list, nil
}

// loadTagsAndMentions fills in the Tags and Mentions of list in two queries.
func (db *statusTables) loadTagsAndMentions(ctx context.Context, list []*agora.Status) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[agora.ID]*agora.Status, len(list))
	ids := make([]agora.ID, len(list))
	for i, s := range list {
		byID[s.ID], ids[i] = s, s.ID
	}
	c := db.reader()
	rows, err := c.query(ctx, `SELECT status_id, tag FROM status_tags
		WHERE `+db.d.in("status_id")+` ORDER BY status_id, position`, db.d.ids(ids))
	if err != nil {
		return wrap("select tags", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id agora.ID
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return wrap("scan tag", err)
		}
		byID[id].Tags = append(byID[id].Tags, tag)
	}
	if err := rows.Err(); err != nil {
		return wrap("select tags", err)
	}
	rows.Close()

	rows, err = c.query(ctx, `SELECT status_id, account_id FROM status_mentions
		WHERE `+db.d.in("status_id")+` ORDER BY status_id, position`, db.d.ids(ids))
	if err != nil {
		return wrap("select mentions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, account agora.ID
		if err := rows.Scan(&id, &account); err != nil {
			return wrap("scan mention", err)
		}
		byID[id].Mentions = append(byID[id].Mentions, account)
	}
	if err := rows.Err(); err != nil {
		return wrap("select mentions", err)
	}
	return nil
}
