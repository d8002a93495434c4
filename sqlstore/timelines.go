package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"agora"
)

// ListStatuses returns the statuses q selects, newest first, paged by status ID as
// agora.Page describes, with tags and mentions, in three round trips.
func (db *statusTables) ListStatuses(ctx context.Context, q agora.StatusQuery) ([]*agora.Status, error) {
	from := ` FROM statuses s`
	var w where
	// With only a tag, join its index; with more tags to match, a subquery, so
	// that a status carrying two of them is listed once.
	joined := q.Tag != "" && len(q.AnyTags) == 0
	if joined {
		from += ` JOIN status_tags t ON t.status_id = s.id`
		w.add(`t.tag = ?`, strings.ToLower(q.Tag))
	}
	if q.Tag != "" && len(q.AnyTags) > 0 {
		w.add(`s.id IN (SELECT ta.status_id FROM status_tags ta WHERE `+db.d.in(`ta.tag`)+`)`,
			db.d.texts(lowerAll(append([]string{q.Tag}, q.AnyTags...))))
	}
	if q.Tag != "" {
		for _, tag := range q.AllTags {
			w.add(`EXISTS (SELECT 1 FROM status_tags tl WHERE tl.status_id = s.id AND tl.tag = ?)`, strings.ToLower(tag))
		}
		if len(q.NoneTags) > 0 {
			w.add(`NOT EXISTS (SELECT 1 FROM status_tags tn WHERE tn.status_id = s.id AND `+db.d.in(`tn.tag`)+`)`,
				db.d.texts(lowerAll(q.NoneTags)))
		}
	}
	if q.AccountID != 0 {
		w.add(`s.account_id = ?`, q.AccountID)
	}
	if len(q.Visibilities) > 0 {
		vis := make([]string, len(q.Visibilities))
		for i, v := range q.Visibilities {
			vis[i] = string(v)
		}
		w.add(db.d.in(`s.visibility`), db.d.texts(vis))
	}
	if q.ExcludeReplies {
		w.add(`(s.in_reply_to_id = 0 OR s.in_reply_to_account_id = s.account_id)`)
	}
	if q.ExcludeReblogs {
		w.add(`s.reblog_of_id = 0`)
	}
	if q.OnlyMedia {
		w.add(`s.has_media = ?`, true)
	}
	// With a tag, page on the tag index's own column (equal to s.id), so the
	// database walks status_tags (tag, status_id) in order instead of scanning every
	// status newest first and looking for the tag.
	col := `s.id`
	if joined {
		col = `t.status_id`
	}
	order := w.page(col, q.Page)
	list, err := db.statuses(ctx, `SELECT `+statusColumns+from+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, q.Page), nil
}

// LatestStatuses returns, for each of the accounts, its newest statuses (at most
// limit each; limit <= 0 means agora.DefaultPageLimit) of the visibilities
// given (none: any), boosts left out, newest first, with tags and mentions,
// keyed by account; accounts without any are absent. Three round trips: each
// account's newest are read from the index statuses_account_id_id, stopping at
// limit, whatever the number of accounts.
func (db *statusTables) LatestStatuses(ctx context.Context, accountIDs []agora.ID, limit int, visibilities []agora.Visibility) (map[agora.ID][]*agora.Status, error) {
	out := map[agora.ID][]*agora.Status{}
	if len(accountIDs) == 0 {
		return out, nil
	}
	if limit <= 0 {
		limit = agora.DefaultPageLimit
	}
	vis := make([]string, len(visibilities))
	for i, v := range visibilities {
		vis[i] = string(v)
	}
	d := db.d
	list, err := db.statuses(ctx, `SELECT `+statusColumns+` FROM accounts a JOIN statuses s ON `+
		d.inFirst(`s.id`, `SELECT x.id FROM statuses x WHERE x.account_id = a.id AND x.reblog_of_id = 0
			AND (? OR `+d.in(`x.visibility`)+`) ORDER BY x.id DESC LIMIT ?`)+`
		WHERE `+d.in(`a.id`), len(vis) == 0, d.texts(vis), limit, d.ids(accountIDs))
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		out[s.AccountID] = append(out[s.AccountID], s)
	}
	for _, l := range out {
		slices.SortFunc(l, func(a, b *agora.Status) int { return cmp.Compare(b.ID, a.ID) })
	}
	return out, nil
}

// Thread returns the statuses whose ThreadID is threadID, oldest first, at most
// limit of them; limit <= 0 means agora.DefaultPageLimit.
func (db *statusTables) Thread(ctx context.Context, threadID agora.ID, limit int) ([]*agora.Status, error) {
	if limit <= 0 {
		limit = agora.DefaultPageLimit
	}
	return db.statuses(ctx, `SELECT `+statusColumns+` FROM statuses s
		WHERE s.thread_id = ? ORDER BY s.id ASC LIMIT ?`, threadID, limit)
}

// HomeCandidates returns, newest first, up to limit statuses with IDs above since
// that could belong to the home feed of the account: its own, those of the
// accounts it follows, those that mention it and those carrying a hashtag it
// follows (any visibility), each once (the outer IN removes repeats). limit <= 0
// means agora.DefaultPageLimit.
// Each source is read newest first and cut at limit before they are merged, so no
// source is scanned further than the page needs.
//
// The statuses are partial, as agora.StatusStore documents: what deciding whether
// they belong needs, not their text. Rebuilding a feed reads up to 1,600 of them,
// and loading whole statuses with every tag and mention was most of its cost.
func (db *statusTables) HomeCandidates(ctx context.Context, accountID agora.ID, limit int, since agora.ID) ([]*agora.Status, error) {
	if limit <= 0 {
		limit = agora.DefaultPageLimit
	}
	type candidate struct {
		st                     agora.Status
		mentionsMe, followsTag bool
	}
	// Each source marks its rows (1: mentions the account, 2: carries a hashtag it
	// follows). A candidate that mentions the account, or carries such a hashtag,
	// is always among that source's newest limit when it is among the newest limit
	// of all, so the marks say it exactly, without a lookup per candidate.
	list, err := queryList(ctx, db.reader(), "select home candidates", func(row scanner) (candidate, error) {
		var c candidate
		var created, mentions, tags int64
		err := row.Scan(&c.st.ID, &c.st.AccountID, &c.st.InReplyToAccountID, &c.st.ReblogOfID,
			&c.st.Visibility, &created, &mentions, &tags)
		c.st.CreatedAt = fromMillis(created)
		c.mentionsMe, c.followsTag = mentions > 0, tags > 0
		return c, err
	}, `SELECT s.id, s.account_id, s.in_reply_to_account_id, s.reblog_of_id, s.visibility, s.created_at,
		max(CASE WHEN c.src = 1 THEN 1 ELSE 0 END), max(CASE WHEN c.src = 2 THEN 1 ELSE 0 END)
		FROM (
		SELECT id, 0 AS src FROM (
			SELECT id FROM statuses WHERE account_id = ? AND id > ?
			ORDER BY id DESC LIMIT ?
		) own
		UNION ALL
		SELECT id, 0 FROM (
			SELECT id FROM statuses
			WHERE account_id IN (SELECT target_account_id FROM follows WHERE account_id = ?) AND id > ?
			ORDER BY id DESC LIMIT ?
		) followed
		UNION ALL
		SELECT id, 1 FROM (
			SELECT status_id AS id FROM status_mentions WHERE account_id = ? AND status_id > ?
			ORDER BY status_id DESC LIMIT ?
		) mentioning
		UNION ALL
		SELECT id, 2 FROM (
			SELECT DISTINCT status_id AS id FROM status_tags
			WHERE tag IN (SELECT name FROM tag_follows WHERE account_id = ?) AND status_id > ?
			ORDER BY status_id DESC LIMIT ?
		) tagged
	) c JOIN statuses s ON s.id = c.id
	GROUP BY s.id ORDER BY s.id DESC LIMIT ?`,
		accountID, since, limit, accountID, since, limit, accountID, since, limit,
		accountID, since, limit, limit)
	if err != nil {
		return nil, err
	}
	out := make([]*agora.Status, len(list))
	var tagged []agora.ID
	byID := make(map[agora.ID]*agora.Status)
	for i := range list {
		st := &list[i].st
		out[i] = st
		if list[i].mentionsMe {
			st.Mentions = []agora.ID{accountID}
		}
		if list[i].followsTag {
			tagged = append(tagged, st.ID)
			byID[st.ID] = st
		}
	}
	if len(tagged) == 0 {
		return out, nil
	}
	type tagRow struct {
		id  agora.ID
		tag string
	}
	tags, err := queryList(ctx, db.reader(), "select followed tags of home candidates", func(row scanner) (tagRow, error) {
		var r tagRow
		err := row.Scan(&r.id, &r.tag)
		return r, err
	}, `SELECT status_id, tag FROM status_tags
		WHERE tag IN (SELECT name FROM tag_follows WHERE account_id = ?) AND `+db.d.in("status_id")+`
		ORDER BY status_id, position`, accountID, db.d.ids(tagged))
	if err != nil {
		return nil, err
	}
	for _, r := range tags {
		byID[r.id].Tags = append(byID[r.id].Tags, r.tag)
	}
	return out, nil
}

// lowerAll returns the names lowercased, in a fresh slice.
func lowerAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToLower(n)
	}
	return out
}
