package sqlstore

import (
	"context"
	"strings"
	"time"

	"agora"
)

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
	db    *conns
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
func (db *ruleTables) NewLoader(chunkRows int) *Loader {
	if chunkRows <= 0 {
		chunkRows = DefaultChunkRows
	}
	l := &Loader{db: db.conns, chunk: chunkRows, seenTags: map[string]bool{}}
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
// set to zero in a (the database's counters then count what this Loader adds), its
// times normalized and its profile fields made non-nil in place.
func (l *Loader) AddAccount(ctx context.Context, a *agora.Account) error {
	if l.err != nil {
		return l.err
	}
	a.CreatedAt = normalize(a.CreatedAt)
	a.AccessUntil, a.SuspendedAt = normalize(a.AccessUntil), normalize(a.SuspendedAt)
	a.FollowersCount, a.FollowingCount, a.StatusesCount, a.LastStatusAt = 0, 0, 0, time.Time{}
	if a.Fields == nil {
		a.Fields = []agora.ProfileField{}
	}
	fields, err := encodeFields(a.Fields)
	if err != nil {
		return err
	}
	l.accounts = append(l.accounts, []any{a.ID, a.Username, a.Email, a.PasswordHash, a.Role,
		a.DisplayName, a.Note, a.Locked, a.Bot, a.Discoverable, millis(a.CreatedAt),
		nullMillis(a.AccessUntil), nullMillis(a.SuspendedAt), fields})
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
