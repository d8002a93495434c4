// Package feedcache keeps home feeds in process (Memory). A Redis implementation,
// for several nodes, is still to be written.
package feedcache

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"agora"
)

// DefaultMaxFeeds bounds how many feeds Memory holds; past it the feeds read least
// recently are dropped and rebuilt on their next read. A full feed takes about 16 KB,
// so 100,000 full feeds take about 1.6 GB; typical feeds are far shorter.
const DefaultMaxFeeds = 100_000

// Memory is an in-process agora.FeedCache, safe for concurrent use. The zero value
// is ready to use.
type Memory struct {
	// MaxFeeds bounds the number of feeds held; 0 means DefaultMaxFeeds.
	MaxFeeds int

	mu    sync.Mutex
	feeds map[agora.ID]*feed
}

type feed struct {
	// entries are oldest first (new statuses append at the end, the common case,
	// without moving the others), unique IDs, at most agora.FeedLen.
	entries  []agora.FeedEntry
	building bool
	lastRead int64 // unix nanoseconds
}

// NewMemory returns an empty cache holding at most maxFeeds feeds (0: the default).
func NewMemory(maxFeeds int) *Memory {
	return &Memory{MaxFeeds: maxFeeds, feeds: make(map[agora.ID]*feed)}
}

// Feed implements agora.FeedCache. The returned slice is a copy.
func (m *Memory) Feed(_ context.Context, accountID agora.ID) ([]agora.FeedEntry, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.feeds[accountID]
	if f == nil || f.building {
		return nil, false, nil
	}
	f.lastRead = time.Now().UnixNano()
	out := make([]agora.FeedEntry, len(f.entries))
	for i, e := range f.entries {
		out[len(out)-1-i] = e // newest first
	}
	return out, true, nil
}

// FeedPage implements agora.FeedCache: two binary searches and a copy of the page.
func (m *Memory) FeedPage(_ context.Context, accountID agora.ID, p agora.Page) ([]agora.FeedEntry, bool, error) {
	p = p.Normalize()
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.feeds[accountID]
	if f == nil || f.building {
		return nil, false, nil
	}
	f.lastRead = time.Now().UnixNano()
	lo, _ := f.find(p.Lower() + 1) // the first entry above the lower bound
	hi := len(f.entries)
	if p.MaxID != 0 {
		hi, _ = f.find(p.MaxID) // the first entry at or above MaxID: excluded
	}
	if hi <= lo {
		return []agora.FeedEntry{}, true, nil
	}
	window := f.entries[max(lo, hi-p.Limit):hi]
	if p.Ascending() {
		window = f.entries[lo:min(hi, lo+p.Limit)]
	}
	out := make([]agora.FeedEntry, len(window))
	for i, e := range window {
		out[len(out)-1-i] = e // newest first
	}
	return out, true, nil
}

// Push implements agora.FeedCache.
func (m *Memory) Push(_ context.Context, accountIDs []agora.ID, e agora.FeedEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range accountIDs {
		if f := m.feeds[a]; f != nil {
			f.insert(e)
		}
	}
	return nil
}

// Remove implements agora.FeedCache.
func (m *Memory) Remove(_ context.Context, accountIDs []agora.ID, statusID agora.ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range accountIDs {
		if f := m.feeds[a]; f != nil {
			if i, found := f.find(statusID); found {
				f.entries = slices.Delete(f.entries, i, i+1)
			}
		}
	}
	return nil
}

// Begin implements agora.FeedCache.
func (m *Memory) Begin(_ context.Context, accountID agora.ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.evictLocked()
	m.feeds[accountID] = &feed{building: true, lastRead: time.Now().UnixNano()}
	return nil
}

// Fill implements agora.FeedCache. Without a prior Begin (or after a Drop) it
// starts the feed from entries alone.
func (m *Memory) Fill(_ context.Context, accountID agora.ID, entries []agora.FeedEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.feeds[accountID]
	if f == nil {
		m.evictLocked()
		f = &feed{lastRead: time.Now().UnixNano()}
		m.feeds[accountID] = f
	}
	all := append(slices.Clone(entries), f.entries...)
	slices.SortFunc(all, func(a, b agora.FeedEntry) int { return cmp.Compare(a.ID, b.ID) })
	f.entries = nil
	for _, e := range all {
		f.insert(e)
	}
	f.building = false
	return nil
}

// Drop implements agora.FeedCache.
func (m *Memory) Drop(_ context.Context, accountID agora.ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.feeds, accountID)
	return nil
}

// Len returns how many feeds are held.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.feeds)
}

// evictLocked makes room for one more feed: it samples a few feeds (map iteration
// order is random) and drops the one read least recently, as Redis approximates LRU.
func (m *Memory) evictLocked() {
	if m.feeds == nil {
		m.feeds = make(map[agora.ID]*feed)
	}
	limit := m.MaxFeeds
	if limit <= 0 {
		limit = DefaultMaxFeeds
	}
	for len(m.feeds) >= limit {
		var victim agora.ID
		oldest := int64(1<<63 - 1)
		n := 0
		for id, f := range m.feeds {
			if f.lastRead < oldest {
				victim, oldest = id, f.lastRead
			}
			if n++; n == 8 {
				break
			}
		}
		delete(m.feeds, victim)
	}
}

// find returns where the entry with the ID is or would be (entries are oldest first).
func (f *feed) find(id agora.ID) (int, bool) {
	return slices.BinarySearchFunc(f.entries, id, func(e agora.FeedEntry, id agora.ID) int { return cmp.Compare(e.ID, id) })
}

// insert adds e unless it is present, too old for a full feed, or a boost of a
// status the feed already shows (as original or boost). The feed keeps at most
// agora.FeedLen entries, dropping the oldest.
func (f *feed) insert(e agora.FeedEntry) {
	n := len(f.entries)
	if n >= agora.FeedLen && e.ID < f.entries[0].ID {
		return // older than everything a full feed keeps
	}
	if e.ReblogOf != 0 {
		for _, o := range f.entries {
			if o.ID == e.ReblogOf || o.ReblogOf == e.ReblogOf {
				return
			}
		}
	}
	if n == 0 || e.ID > f.entries[n-1].ID {
		f.entries = append(f.entries, e) // the newest: the usual case
	} else {
		i, found := f.find(e.ID)
		if found {
			return
		}
		f.entries = slices.Insert(f.entries, i, e)
	}
	if len(f.entries) > agora.FeedLen {
		f.entries = f.entries[len(f.entries)-agora.FeedLen:]
	}
}
