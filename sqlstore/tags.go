package sqlstore

import (
	"context"
	"strings"
	"time"

	"agora"
)

// Hashtag names are lowercase (CreateStatus lowercases them); the methods here
// lowercase the names they are given too. Every name ever used is in the tags
// table; status_tags carries the author and time of each use, so history and
// trends read one table.

// dayMillis is the length of a UTC day in milliseconds. Stored times are Unix
// milliseconds, so created_at / 86400000 in SQL is the number of the UTC day, the
// same in both databases (integer division).
const dayMillis = 24 * 60 * 60 * 1000

// TagExists reports whether any status ever used the hashtag, including statuses
// deleted since.
func (db *statusTables) TagExists(ctx context.Context, name string) (bool, error) {
	var n int
	err := db.reader().queryRow(ctx, `SELECT count(*) FROM tags WHERE name = ?`, strings.ToLower(name)).Scan(&n)
	if err != nil {
		return false, wrap("select tag", err)
	}
	return n > 0, nil
}

// SearchTags returns hashtags ever used whose name starts with prefix (LIKE
// wildcards in it match literally), the most used by existing statuses first, then
// by name in byte order. limit <= 0 means agora.DefaultPageLimit, and at most
// agora.MaxListLimit; offset skips that many.
func (db *statusTables) SearchTags(ctx context.Context, prefix string, limit, offset int) ([]string, error) {
	return queryList(ctx, db.reader(), "search tags", scanString, `SELECT t.name FROM tags t WHERE t.name LIKE ? ESCAPE '\'
		ORDER BY (SELECT count(*) FROM status_tags st WHERE st.tag = t.name) DESC, `+db.d.bytewise("t.name")+`
		LIMIT ? OFFSET ?`, likePrefix(strings.ToLower(prefix)), pageLimit(limit), max(offset, 0))
}

// TagHistory returns the use of the hashtag per UTC day, newest day first, for the
// days whose start (00:00 UTC) lies in [from, to), each day counted whole: from and
// to at midnight give the days from from's up to the day before to's. Days without
// use are included with zeros. Uses counts public statuses with the tag that day
// (as they stand: deleted statuses no longer count), Accounts their distinct
// authors; statuses of other visibilities are not counted, as in Mastodon, so that
// the use of a tag in them shows nowhere; nor are the statuses skip names.
func (db *statusTables) TagHistory(ctx context.Context, name string, from, to time.Time, skip agora.Uncounted) ([]agora.TagUse, error) {
	first, end := ceilDiv(millis(from), dayMillis), ceilDiv(millis(to), dayMillis)
	out := []agora.TagUse{}
	if from.IsZero() || end <= first {
		return out, nil
	}
	type day struct {
		n              int64
		uses, accounts int
	}
	skipCond, skipArgs := db.uncounted(skip)
	days, err := queryList(ctx, db.reader(), "select tag history", func(row scanner) (day, error) {
		var d day
		err := row.Scan(&d.n, &d.uses, &d.accounts)
		return d, err
	}, `SELECT st.created_at / 86400000, count(*), count(DISTINCT st.account_id) FROM status_tags st
		JOIN statuses s ON s.id = st.status_id
		WHERE st.tag = ? AND st.created_at >= ? AND st.created_at < ? AND s.visibility = ?`+skipCond+`
		GROUP BY st.created_at / 86400000`,
		append([]any{strings.ToLower(name), first * dayMillis, end * dayMillis, string(agora.VisibilityPublic)}, skipArgs...)...)
	if err != nil {
		return nil, err
	}
	byDay := make(map[int64]day, len(days))
	for _, d := range days {
		byDay[d.n] = d
	}
	for n := end - 1; n >= first; n-- {
		d := byDay[n]
		out = append(out, agora.TagUse{Day: time.UnixMilli(n * dayMillis).UTC(), Uses: d.uses, Accounts: d.accounts})
	}
	return out, nil
}

// TrendingTags returns the hashtags of public statuses created at or after since:
// by distinct accounts first, then by uses, then by name in byte order. Statuses of
// other visibilities are not counted, as in TagHistory, nor are the statuses skip
// names. At most limit; limit <= 0
// means agora.DefaultPageLimit, and at most agora.MaxListLimit.
func (db *statusTables) TrendingTags(ctx context.Context, since time.Time, limit int, skip agora.Uncounted) ([]agora.TagTrend, error) {
	skipCond, skipArgs := db.uncounted(skip)
	return queryList(ctx, db.reader(), "select trending tags", func(row scanner) (agora.TagTrend, error) {
		var t agora.TagTrend
		err := row.Scan(&t.Name, &t.Uses, &t.Accounts)
		return t, err
	}, `SELECT st.tag, count(*), count(DISTINCT st.account_id) FROM status_tags st
		JOIN statuses s ON s.id = st.status_id
		WHERE st.created_at >= ? AND s.visibility = ?`+skipCond+`
		GROUP BY st.tag
		ORDER BY count(DISTINCT st.account_id) DESC, count(*) DESC, `+db.d.bytewise("st.tag")+`
		LIMIT ?`, append(append([]any{millis(since), string(agora.VisibilityPublic)}, skipArgs...), pageLimit(limit))...)
}

// TagUses returns the use of each of the hashtags (lowercased here) in public
// statuses created at or after since, as they stand (deleted statuses no longer
// count): uses and distinct authors, by name in byte order; hashtags without use
// are absent, and so are the statuses skip names. One round trip over the index
// status_tags_tag_created_at.
func (db *statusTables) TagUses(ctx context.Context, names []string, since time.Time, skip agora.Uncounted) ([]agora.TagTrend, error) {
	if len(names) == 0 {
		return []agora.TagTrend{}, nil
	}
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
	}
	skipCond, skipArgs := db.uncounted(skip)
	return queryList(ctx, db.reader(), "select tag uses", func(row scanner) (agora.TagTrend, error) {
		var t agora.TagTrend
		err := row.Scan(&t.Name, &t.Uses, &t.Accounts)
		return t, err
	}, `SELECT st.tag, count(*), count(DISTINCT st.account_id) FROM status_tags st
		JOIN statuses s ON s.id = st.status_id
		WHERE `+db.d.in(`st.tag`)+` AND st.created_at >= ? AND s.visibility = ?`+skipCond+`
		GROUP BY st.tag ORDER BY `+db.d.bytewise(`st.tag`),
		append([]any{db.d.texts(lower), millis(since), string(agora.VisibilityPublic)}, skipArgs...)...)
}

// uncounted is the condition (with a leading AND, "" when skip leaves out
// nothing, so the query is unchanged) and its arguments that leave out of
// status_tags st the statuses skip names. Each list is one parameter (dialect.in).
func (db *statusTables) uncounted(skip agora.Uncounted) (string, []any) {
	if skip.None() {
		return "", nil
	}
	return ` AND NOT ((` + db.d.in("st.status_id") + ` OR ` + db.d.in("st.account_id") + `) AND st.account_id <> ?)`,
		[]any{db.d.ids(skip.Statuses), db.d.ids(skip.Accounts), skip.Except}
}

// ceilDiv returns a / b rounded up, for b > 0.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b > 0 {
		q++
	}
	return q
}
