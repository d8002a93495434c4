// Package cachestore is the Store with read-through caches in front of the
// queries every request makes: statuses and accounts by ID, a viewer's blocks,
// mutes and flags, and tokens. Every write through it forgets what it changes, so
// whoever writes through it (the social service, the legal desk) keeps the caches
// true without knowing of them; changes made by other processes show within each
// cache's time to live.
package cachestore

import (
	"context"
	"slices"
	"sync"
	"time"

	"agora"
)

// statusTTL bounds how long a status read from the cache may lag the database:
// changes made through this process reach the cache at once; changes by other
// processes (other nodes) within statusTTL. Only counters can lag: a deleted status
// is never served again by this process.
const statusTTL = 5 * time.Second

// maxCachedStatuses bounds the cache; past it, the oldest half is dropped.
const maxCachedStatuses = 200_000

// keptStale is how long a status stays in the cache after it was last read from
// the database: it is served for statusTTL, then kept a while longer so that a
// status read again soon keeps its record (see Statuses), then dropped by the
// sweep, so that the cache holds what was read lately rather than everything
// read since the process started (issue 15: resident memory grew for as long as
// statuses were posted and read).
const keptStale = 4 * statusTTL

// Store is the Store with read-through caches of statuses and accounts by ID
// in front of Statuses and Accounts, the queries every timeline page makes
// (accountcache.go). Every write that changes a status
// (a reply, a boost, a favourite, a deletion, a removal by the legal desk) passes
// through it and forgets what it changes. Statuses handed out are shared: callers
// must not modify them.
type Store struct {
	agora.Store
	mu      sync.Mutex
	entries map[agora.ID]cachedStatus
	deleted map[agora.ID]time.Time // recently deleted: never cached again before the time
	swept   time.Time              // when entries older than keptStale were last dropped
	now     func() time.Time
	// fence keeps a read that raced a write from caching the old value: each
	// forget is numbered, and a status read from the database is not cached when it
	// was forgotten after the read began.
	fence fence

	accounts accountCache
	viewers  viewerCache // viewercache.go
	tokens   tokenCache  // tokencache.go
	// maxViewerMarks is the most marks and boosts of one viewer the viewer
	// cache holds; a viewer with more is asked of the database page by page.
	maxViewerMarks int
}

type cachedStatus struct {
	st *agora.Status
	at time.Time
}

// New returns the caches in front of s, with now as their clock (nil: time.Now).
func New(s agora.Store, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{Store: s, entries: map[agora.ID]cachedStatus{}, deleted: map[agora.ID]time.Time{}, now: now, maxViewerMarks: 2000}
}

// LimitViewerMarks sets how many marks and boosts of one viewer the viewer cache
// holds (2,000 by default). Call it before use; tests use it to reach the limit.
func (c *Store) LimitViewerMarks(n int) { c.maxViewerMarks = n }

// Statuses implements agora.StatusStore, serving fresh cached statuses and reading
// the rest in one round trip.
func (c *Store) Statuses(ctx context.Context, ids []agora.ID) (map[agora.ID]*agora.Status, error) {
	now := c.now()
	out := make(map[agora.ID]*agora.Status, len(ids))
	var missing []agora.ID
	c.mu.Lock()
	gen := c.fence.gen
	for _, id := range ids {
		if e, ok := c.entries[id]; ok && now.Sub(e.at) < statusTTL {
			out[id] = e.st
		} else {
			missing = append(missing, id)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	found, err := c.Store.Statuses(ctx, missing)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries)+len(found) > maxCachedStatuses {
		c.shrinkLocked(now)
	}
	for id, st := range found {
		if until, gone := c.deleted[id]; c.fence.forgotSince(id, gen) || gone && now.Before(until) {
			out[id] = st
			continue
		}
		// A status read again after statusTTL that has not changed keeps its old
		// record, so what is kept of it elsewhere (its JSON) stays valid.
		if old, ok := c.entries[id]; ok && sameStatus(old.st, st) {
			st = old.st
		}
		out[id] = st
		c.entries[id] = cachedStatus{st: st, at: now}
	}
	if now.Sub(c.swept) >= statusTTL {
		c.sweepLocked(now) // after the fill, which may keep old records
	}
	return out, nil
}

// sameStatus reports whether a and b hold the same values, field by field
// (storecache_test.go checks that every field of agora.Status is compared).
func sameStatus(a, b *agora.Status) bool {
	return a.ID == b.ID && a.AccountID == b.AccountID && a.Text == b.Text && a.Content == b.Content &&
		a.SpoilerText == b.SpoilerText && a.Sensitive == b.Sensitive && a.Visibility == b.Visibility &&
		a.Language == b.Language && a.InReplyToID == b.InReplyToID && a.InReplyToAccountID == b.InReplyToAccountID &&
		a.ThreadID == b.ThreadID && a.ReblogOfID == b.ReblogOfID && a.CreatedAt.Equal(b.CreatedAt) &&
		slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Mentions, b.Mentions) &&
		a.RepliesCount == b.RepliesCount && a.ReblogsCount == b.ReblogsCount && a.FavouritesCount == b.FavouritesCount &&
		a.EditedAt.Equal(b.EditedAt) && a.HasPoll == b.HasPoll &&
		slices.EqualFunc(a.Media, b.Media, sameMedia)
}

// sameMedia reports whether a and b are equal attachments (nil only to nil).
func sameMedia(a, b *agora.MediaAttachment) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Status implements agora.StatusStore through the cache.
func (c *Store) Status(ctx context.Context, id agora.ID) (*agora.Status, error) {
	found, err := c.Statuses(ctx, []agora.ID{id})
	if err != nil {
		return nil, err
	}
	if st := found[id]; st != nil {
		return st, nil
	}
	return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
}

// sweepLocked drops the entries read from the database longer than keptStale
// ago; it runs at most once per statusTTL, when the cache is filled.
func (c *Store) sweepLocked(now time.Time) {
	c.swept = now
	for id, e := range c.entries {
		if now.Sub(e.at) >= keptStale {
			delete(c.entries, id)
		}
	}
}

// CachedStatuses returns how many statuses the cache holds, fresh or stale.
func (c *Store) CachedStatuses() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// shrinkLocked drops stale entries, then, if still too many, all of them.
func (c *Store) shrinkLocked(now time.Time) {
	for id, e := range c.entries {
		if now.Sub(e.at) >= statusTTL {
			delete(c.entries, id)
		}
	}
	for id, until := range c.deleted {
		if now.After(until) {
			delete(c.deleted, id)
		}
	}
	if len(c.entries) > maxCachedStatuses/2 {
		c.entries = map[agora.ID]cachedStatus{}
	}
}

// forget drops the statuses from the cache; with deleted, they are kept out of it
// for a while, so a read that started before the deletion cannot put them back.
func (c *Store) forget(deleted bool, ids ...agora.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fence.forget(ids...)
	now := c.now()
	until := now.Add(2 * statusTTL)
	if len(c.deleted) > 1000 {
		for id, u := range c.deleted {
			if now.After(u) {
				delete(c.deleted, id)
			}
		}
	}
	for _, id := range ids {
		if id == 0 {
			continue
		}
		delete(c.entries, id)
		if deleted {
			c.deleted[id] = until
		}
	}
}

// CreateStatus implements agora.StatusStore; a reply or a boost changes a counter of
// the status it answers or boosts.
func (c *Store) CreateStatus(ctx context.Context, s *agora.Status, key string, notes ...*agora.Notification) error {
	err := c.Store.CreateStatus(ctx, s, key, notes...)
	c.forget(false, s.InReplyToID, s.ReblogOfID)
	c.forgetAccounts(s.AccountID) // statuses_count, last_status_at
	if s.ReblogOfID != 0 {
		c.forgetViewers(s.AccountID) // Reblogged
	}
	return err
}

// CreatePollStatus implements agora.PollStore as CreateStatus does.
func (c *Store) CreatePollStatus(ctx context.Context, s *agora.Status, p *agora.Poll, key string, notes ...*agora.Notification) error {
	err := c.Store.CreatePollStatus(ctx, s, p, key, notes...)
	c.forget(false, s.InReplyToID)
	c.forgetAccounts(s.AccountID) // statuses_count, last_status_at
	return err
}

// UpdateStatus implements agora.EditStore; an edit changes the status.
func (c *Store) UpdateStatus(ctx context.Context, u *agora.StatusUpdate) error {
	c.forget(false, u.Status.ID)
	err := c.Store.UpdateStatus(ctx, u)
	c.forget(false, u.Status.ID)
	return err
}

// DeleteStatus implements agora.StatusStore.
func (c *Store) DeleteStatus(ctx context.Context, id agora.ID) error {
	st, _ := c.Store.Status(ctx, id)
	c.forget(true, id) // before and after: no read may bring it back meanwhile
	err := c.Store.DeleteStatus(ctx, id)
	c.forget(true, id)
	if st != nil {
		c.forget(false, st.InReplyToID, st.ReblogOfID)
		c.forgetAccounts(st.AccountID)
		if st.ReblogOfID != 0 {
			c.forgetViewers(st.AccountID) // Reblogged
		}
	}
	return err
}

// CreateMark implements agora.MarkStore; a favourite changes the status's count.
func (c *Store) CreateMark(ctx context.Context, m *agora.StatusMark, notes ...*agora.Notification) error {
	err := c.Store.CreateMark(ctx, m, notes...)
	c.forget(false, m.StatusID)
	c.forgetViewers(m.AccountID)
	return err
}

// DeleteMark implements agora.MarkStore.
func (c *Store) DeleteMark(ctx context.Context, kind agora.MarkKind, accountID, statusID agora.ID) error {
	err := c.Store.DeleteMark(ctx, kind, accountID, statusID)
	c.forget(false, statusID)
	c.forgetViewers(accountID)
	return err
}

// ApplyDecisions implements agora.LegalStore; a removal deletes statuses.
func (c *Store) ApplyDecisions(ctx context.Context, b *agora.DecisionBatch) (int64, error) {
	c.forget(true, b.DeleteStatuses...)
	v, err := c.Store.ApplyDecisions(ctx, b)
	c.forget(true, b.DeleteStatuses...)
	c.forgetAccounts(append(b.SuspendAccounts, b.UnsuspendAccounts...)...)
	if len(b.DeleteStatuses) > 0 {
		c.forgetAllViewers() // a deleted boost changes its author's flags; authors are not at hand
	}
	return v, err
}

// fence numbers forgets per ID so that a cache can tell whether an entry it read
// from the database was forgotten after the read began. The caller holds the
// cache's lock.
type fence struct {
	gen    uint64
	at     map[agora.ID]uint64 // the number of the last forget of each ID
	cutoff uint64              // reads begun before it may not fill at all
}

// maxFenced bounds the IDs a fence remembers; past it the fence starts afresh and
// reads begun before then do not fill the cache.
const maxFenced = 100_000

func (f *fence) forget(ids ...agora.ID) {
	if f.at == nil || len(f.at) >= maxFenced {
		f.at = make(map[agora.ID]uint64)
		f.cutoff = f.gen
	}
	for _, id := range ids {
		if id != 0 {
			f.gen++
			f.at[id] = f.gen
		}
	}
}

// forgetAll forgets every ID: reads begun before it may not fill.
func (f *fence) forgetAll() {
	f.gen++
	f.cutoff = f.gen
	f.at = nil
}

// forgotSince reports whether id was forgotten after a read that began at gen.
func (f *fence) forgotSince(id agora.ID, gen uint64) bool {
	return gen < f.cutoff || f.at[id] > gen
}
