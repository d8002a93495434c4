package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"agora"
)

// Flush writes the rows collected so far, in one transaction with the counters
// they change. After an error the Loader is stopped: see Loader.
func (l *Loader) Flush(ctx context.Context) error {
	if l.err != nil {
		return l.err
	}
	if l.pending == 0 {
		return nil
	}
	if err := l.db.inLargeTx(ctx, func(c conn) error { return l.write(ctx, c) }); err != nil {
		l.err = fmt.Errorf("bulk load: chunk %d: %w", l.stats.Chunks+1, err)
		return l.err
	}
	l.stats.Accounts += len(l.accounts)
	l.stats.Applications += len(l.apps)
	l.stats.Tokens += len(l.tokens)
	l.stats.Follows += len(l.follows)
	l.stats.Statuses += len(l.statuses)
	l.stats.Chunks++
	l.reset()
	return nil
}

// write inserts the collected rows on c, the records before those referring to
// them, then updates the counters: statuses before accounts, the lock order of
// CreateStatus.
func (l *Loader) write(ctx context.Context, c conn) error {
	// Names first used in this chunk go in byte order, as insertTags writes them.
	slices.SortFunc(l.newTags, func(a, b []any) int { return cmp.Compare(a[0].(string), b[0].(string)) })
	for _, t := range []struct {
		step, insert, suffix string
		rows                 [][]any
	}{
		{"insert accounts", `INSERT INTO accounts (id, username, email, password_hash, role,
			display_name, note, locked, bot, discoverable, created_at, access_until, suspended_at, fields)`, "", l.accounts},
		{"insert applications", `INSERT INTO applications (` + applicationColumns + `)`, "", l.apps},
		{"insert tokens", `INSERT INTO tokens (` + tokenColumns + `)`, "", l.tokens},
		{"insert follows", `INSERT INTO follows (id, account_id, target_account_id, created_at)`, "", l.follows},
		{"insert statuses", `INSERT INTO statuses (id, account_id, text, content, spoiler_text,
			sensitive, visibility, language, in_reply_to_id, in_reply_to_account_id, thread_id,
			reblog_of_id, created_at)`, "", l.statuses},
		{"insert tag names", `INSERT INTO tags (name, created_at)`, ` ON CONFLICT (name) DO NOTHING`, l.newTags},
		{"insert tags", `INSERT INTO status_tags (status_id, tag, position, account_id, created_at)`, "", l.tags},
		{"insert mentions", `INSERT INTO status_mentions (status_id, account_id, position)`, "", l.mentions},
	} {
		if err := insertRows(ctx, c, t.insert, t.suffix, t.rows); err != nil {
			return wrap(t.step, err)
		}
	}
	if err := indexTexts(ctx, c, l.texts); err != nil {
		return wrap("index text", err)
	}
	if err := increment(ctx, c, "statuses", "replies_count", l.replies); err != nil {
		return err
	}
	if err := increment(ctx, c, "statuses", "reblogs_count", l.reblogs); err != nil {
		return err
	}
	return l.writeAccountCounts(ctx, c)
}

// indexTexts adds rows (ID, text) to the full-text index with the statement of
// dialect.indexText, several rows per statement.
func indexTexts(ctx context.Context, c conn, rows [][]any) error {
	stmt := c.d.indexText()
	if stmt == "" || len(rows) == 0 {
		return nil
	}
	insert, values, ok := strings.Cut(stmt, " VALUES ")
	if !ok || values != "(?, ?)" {
		return fmt.Errorf("unexpected full-text index statement %q", stmt)
	}
	return insertRows(ctx, c, insert, "", rows)
}

// writeAccountCounts adds the chunk's counts to the accounts, in one statement.
func (l *Loader) writeAccountCounts(ctx context.Context, c conn) error {
	if len(l.counts) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(l.counts))
	if lock := c.d.forUpdate(); lock != "" {
		if _, err := c.exec(ctx, `SELECT id FROM accounts WHERE `+c.d.in("id")+` ORDER BY id`+lock,
			c.d.ids(ids)); err != nil {
			return wrap("lock accounts", err)
		}
	}
	rows := make([][]any, len(ids))
	for i, id := range ids {
		n := l.counts[id]
		rows[i] = []any{id, n.followers, n.following, n.statuses, n.lastStatusAt}
	}
	cols := []string{"id BIGINT", "n_followers BIGINT", "n_following BIGINT", "n_statuses BIGINT", "last_at BIGINT"}
	records, err := jsonRecords(cols, rows)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE accounts SET followers_count = followers_count + v.n_followers,
		following_count = following_count + v.n_following,
		statuses_count = statuses_count + v.n_statuses,
		last_status_at = CASE WHEN last_status_at < v.last_at THEN v.last_at ELSE last_status_at END
		FROM `+c.d.jsonTable("v", cols...)+` WHERE accounts.id = v.id`, records)
	return wrap("count accounts", err)
}

// increment adds to the counter column of each row of table (by id) its number in
// by, in one statement. Rows that do not exist are skipped, as CreateStatus skips
// a missing status replied to.
func increment(ctx context.Context, c conn, table, column string, by map[agora.ID]int) error {
	if len(by) == 0 {
		return nil
	}
	rows := make([][]any, 0, len(by))
	for _, id := range slices.Sorted(maps.Keys(by)) {
		rows = append(rows, []any{id, by[id]})
	}
	cols := []string{"id BIGINT", "n BIGINT"}
	records, err := jsonRecords(cols, rows)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, fmt.Sprintf(`UPDATE %[1]s SET %[2]s = %[2]s + v.n
		FROM %[3]s WHERE %[1]s.id = v.id`, table, column, c.d.jsonTable("v", cols...)), records)
	return wrap("increment "+table+"."+column, err)
}
