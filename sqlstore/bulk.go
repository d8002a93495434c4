package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"agora"
)

// DefaultChunkRows is how many rows a Loader writes per transaction unless told
// otherwise: large enough that committing costs little, small enough that a chunk's
// rows stay a few megabytes in memory.
const DefaultChunkRows = 50_000

// Bulk is a data set for BulkLoad, loaded in the order of its fields.
type Bulk struct {
	Accounts     []*agora.Account
	Applications []*agora.Application
	Tokens       []*agora.Token
	Follows      []*agora.Follow
	Statuses     []*agora.Status
}

// BulkLoad loads b with a Loader of DefaultChunkRows: see Loader for the contract.
// The records of b are normalized in place as the Loader's methods say.
func (db *DB) BulkLoad(ctx context.Context, b Bulk) error {
	l := db.NewLoader(0)
	for _, a := range b.Accounts {
		if err := l.AddAccount(ctx, a); err != nil {
			return err
		}
	}
	for _, a := range b.Applications {
		if err := l.AddApplication(ctx, a); err != nil {
			return err
		}
	}
	for _, t := range b.Tokens {
		if err := l.AddToken(ctx, t); err != nil {
			return err
		}
	}
	for _, f := range b.Follows {
		if err := l.AddFollow(ctx, f); err != nil {
			return err
		}
	}
	for _, s := range b.Statuses {
		if err := l.AddStatus(ctx, s); err != nil {
			return err
		}
	}
	return l.Flush(ctx)
}

// Loader writes many records fast, for seeding benchmarks and tests: it collects
// the rows of the records added and writes them in chunks, one transaction per
// chunk, with INSERT statements of 200 rows each (see insertRows), and
// at the end of each chunk adjusts the denormalised counters its rows change with
// one set-based UPDATE per counter table, not one per row.
//
// The rows it writes are exactly those the store's own methods write for the same
// records: CreateAccount, CreateApplication, CreateToken, CreateFollow and
// CreateStatus (without an idempotency key), tags, mentions, the tags table and
// SQLite's full-text index included, and the same counters: accounts'
// followers_count, following_count, statuses_count and last_status_at, statuses'
// replies_count and reblogs_count. Notifications are not made, as the store does
// not make them either (the service does).
//
// Contract:
//   - The database should hold none of the records' IDs, usernames, emails,
//     client IDs or token hashes, and the records none twice. A conflict, or any
//     other error, fails the whole chunk being written: its transaction is rolled
//     back and nothing of it stays, while the chunks committed before stay, with
//     their counters (each chunk commits its rows and the counters they change
//     together, so the database is consistent after a failure). The Loader then
//     returns that error from every call. Errors are ECONFLICT for a taken ID or
//     name, ENOTFOUND for a reference to a missing account, or EINTERNAL.
//   - Records are written in the order of their tables, not the order they were
//     added, so a record may only refer to records added before it or already in
//     the database: an account before its tokens, follows and statuses, a status
//     before the replies to it and its boosts.
//   - Nothing is written before a chunk is full or Flush is called: call Flush at
//     the end. Stats counts what is committed.
//   - It is meant for a database that nobody else writes at the same time. Other
//     writers of the same DB wait for the chunk being written; on PostgreSQL the
//     account rows are locked in ID order first, as the store's methods do.
//
// A Loader is not safe for concurrent use.
type Loader struct {
	db    *DB
	chunk int

	pending  int // rows collected and not written yet
	accounts [][]any
	apps     [][]any
	tokens   [][]any
	follows  [][]any
	statuses [][]any
	newTags  [][]any // names first used by this chunk: name, created_at
	tags     [][]any // status_tags
	mentions [][]any
	texts    [][]any // the full-text index: ID, text

	// The counters this chunk changes.
	counts  map[agora.ID]*accountCounts
	replies map[agora.ID]int
	reblogs map[agora.ID]int

	seenTags map[string]bool // names this Loader has recorded in the tags table
	stats    LoadStats
	err      error // the error that stopped the Loader
}

// LoadStats counts the records a Loader has committed.
type LoadStats struct {
	Accounts, Applications, Tokens, Follows, Statuses int
	Chunks                                            int // transactions committed
}

// accountCounts is what one chunk adds to an account's counters.
type accountCounts struct {
	followers, following, statuses int
	lastStatusAt                   int64 // Unix milliseconds, 0 for none
}

// NewLoader returns a Loader writing about chunkRows rows per transaction (a
// status is one row, plus one per tag and mention and one in SQLite's full-text
// index); chunkRows <= 0 means DefaultChunkRows.
func (db *DB) NewLoader(chunkRows int) *Loader {
	if chunkRows <= 0 {
		chunkRows = DefaultChunkRows
	}
	l := &Loader{db: db, chunk: chunkRows, seenTags: map[string]bool{}}
	l.reset()
	return l
}

func (l *Loader) reset() {
	l.pending = 0
	for _, rows := range l.tables() {
		*rows = (*rows)[:0]
	}
	l.counts = map[agora.ID]*accountCounts{}
	l.replies, l.reblogs = map[agora.ID]int{}, map[agora.ID]int{}
}

func (l *Loader) tables() []*[][]any {
	return []*[][]any{&l.accounts, &l.apps, &l.tokens, &l.follows, &l.statuses,
		&l.newTags, &l.tags, &l.mentions, &l.texts}
}

// Stats returns what has been committed so far.
func (l *Loader) Stats() LoadStats { return l.stats }

// AddAccount adds a as CreateAccount stores it: its counters and LastStatusAt are
// set to zero in a (the database's counters then count what this Loader adds) and
// its times normalized in place.
func (l *Loader) AddAccount(ctx context.Context, a *agora.Account) error {
	if l.err != nil {
		return l.err
	}
	a.CreatedAt = normalize(a.CreatedAt)
	a.AccessUntil, a.SuspendedAt = normalize(a.AccessUntil), normalize(a.SuspendedAt)
	a.FollowersCount, a.FollowingCount, a.StatusesCount, a.LastStatusAt = 0, 0, 0, time.Time{}
	l.accounts = append(l.accounts, []any{a.ID, a.Username, a.Email, a.PasswordHash, a.Role,
		a.DisplayName, a.Note, a.Locked, a.Bot, a.Discoverable, millis(a.CreatedAt),
		nullMillis(a.AccessUntil), nullMillis(a.SuspendedAt)})
	return l.added(ctx, 1)
}

// AddApplication adds a as CreateApplication stores it; a.CreatedAt is normalized
// in place.
func (l *Loader) AddApplication(ctx context.Context, a *agora.Application) error {
	if l.err != nil {
		return l.err
	}
	a.CreatedAt = normalize(a.CreatedAt)
	l.apps = append(l.apps, []any{a.ID, a.Name, a.Website, strings.Join(a.RedirectURIs, "\n"),
		joinScopes(a.Scopes), a.ClientID, a.ClientSecret, millis(a.CreatedAt)})
	return l.added(ctx, 1)
}

// AddToken adds t as CreateToken stores it; its times are normalized in place.
// t.Hash is the hash of the bearer value as the service makes it (see
// agora.Token).
func (l *Loader) AddToken(ctx context.Context, t *agora.Token) error {
	if l.err != nil {
		return l.err
	}
	t.CreatedAt, t.RevokedAt = normalize(t.CreatedAt), normalize(t.RevokedAt)
	l.tokens = append(l.tokens, []any{t.ID, t.Hash, t.ApplicationID, t.AccountID,
		joinScopes(t.Scopes), millis(t.CreatedAt), millis(t.RevokedAt)})
	return l.added(ctx, 1)
}

// AddFollow adds f as CreateFollow stores it, counting it in the follower's
// following count and the target's followers count; f.CreatedAt is normalized in
// place.
func (l *Loader) AddFollow(ctx context.Context, f *agora.Follow) error {
	if l.err != nil {
		return l.err
	}
	f.CreatedAt = normalize(f.CreatedAt)
	l.follows = append(l.follows, []any{f.ID, f.AccountID, f.TargetAccountID, millis(f.CreatedAt)})
	l.count(f.AccountID).following++
	l.count(f.TargetAccountID).followers++
	return l.added(ctx, 1)
}

// AddStatus adds s as CreateStatus stores it without an idempotency key: with its
// tags (names not used before recorded in the tags table) and mentions, its text in
// the full-text index unless it is a boost, counted in its author's statuses count
// and last status time and in the replies or boosts count of the status it replies
// to or boosts. s is updated in place as CreateStatus does: counters zero, ThreadID
// its own ID when 0, CreatedAt normalized, Tags lowercased and Tags and Mentions
// without repeats.
func (l *Loader) AddStatus(ctx context.Context, s *agora.Status) error {
	if l.err != nil {
		return l.err
	}
	s.CreatedAt = normalize(s.CreatedAt)
	if s.ThreadID == 0 {
		s.ThreadID = s.ID
	}
	s.Tags, s.Mentions = uniqueTags(s.Tags), unique(s.Mentions)
	s.RepliesCount, s.ReblogsCount, s.FavouritesCount = 0, 0, 0
	at := millis(s.CreatedAt)
	l.statuses = append(l.statuses, []any{s.ID, s.AccountID, s.Text, s.Content, s.SpoilerText,
		s.Sensitive, s.Visibility, s.Language, s.InReplyToID, s.InReplyToAccountID, s.ThreadID,
		s.ReblogOfID, at})
	rows := 1
	for i, tag := range s.Tags {
		if !l.seenTags[tag] {
			l.seenTags[tag] = true
			l.newTags = append(l.newTags, []any{tag, at})
			rows++
		}
		l.tags = append(l.tags, []any{s.ID, tag, i, s.AccountID, at})
		rows++
	}
	for i, m := range s.Mentions {
		l.mentions = append(l.mentions, []any{s.ID, m, i})
		rows++
	}
	if l.db.d.indexText() != "" && s.ReblogOfID == 0 {
		l.texts = append(l.texts, []any{s.ID, s.Text})
		rows++
	}
	if s.InReplyToID != 0 {
		l.replies[s.InReplyToID]++
	}
	if s.ReblogOfID != 0 {
		l.reblogs[s.ReblogOfID]++
	}
	c := l.count(s.AccountID)
	c.statuses++
	c.lastStatusAt = max(c.lastStatusAt, at)
	return l.added(ctx, rows)
}

func (l *Loader) count(id agora.ID) *accountCounts {
	c := l.counts[id]
	if c == nil {
		c = &accountCounts{}
		l.counts[id] = c
	}
	return c
}

// added notes n more rows and writes the chunk when it is full.
func (l *Loader) added(ctx context.Context, n int) error {
	l.pending += n
	if l.pending < l.chunk {
		return nil
	}
	return l.Flush(ctx)
}

// Flush writes the rows collected so far, in one transaction with the counters
// they change. After an error the Loader is stopped: see Loader.
func (l *Loader) Flush(ctx context.Context) error {
	if l.err != nil {
		return l.err
	}
	if l.pending == 0 {
		return nil
	}
	if err := l.db.inTx(ctx, func(c conn) error { return l.write(ctx, c) }); err != nil {
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
			display_name, note, locked, bot, discoverable, created_at, access_until, suspended_at)`, "", l.accounts},
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

// TakenUsernames returns those of names that accounts have already, compared
// without case, in the case the accounts have them, in no particular order: a
// Loader's caller checks its usernames with it first.
func (db *DB) TakenUsernames(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 {
		return []string{}, nil
	}
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
	}
	return queryList(ctx, db.reader(), "select taken usernames", scanString,
		`SELECT username FROM accounts WHERE `+db.d.in("lower(username)"), db.d.texts(lower))
}
