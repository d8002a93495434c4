// Package feedcache keeps home feeds: in process for one node (Memory), and in Redis
// for several.
package feedcache

import (
	"context"
	"slices"
	"sync"
	"time"

	"agora"
)

// DefaultMaxFeeds bounds how many feeds Memory holds; past it the feeds read least
// recently are dropped and rebuilt on their next read. 100,000 full feeds take about
// 640 MB; typical feeds are far shorter.
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
	ids      []agora.ID // newest first, unique, at most agora.FeedLen
	building bool
	lastRead int64 // unix nanoseconds
}

// NewMemory returns an empty cache holding at most maxFeeds feeds (0: the default).
func NewMemory(maxFeeds int) *Memory {
	return &Memory{MaxFeeds: maxFeeds, feeds: make(map[agora.ID]*feed)}
}

// Feed implements agora.FeedCache. The returned slice is a copy.
func (m *Memory) Feed(_ context.Context, accountID agora.ID) ([]agora.ID, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.feeds[accountID]
	if f == nil || f.building {
		return nil, false, nil
	}
	f.lastRead = time.Now().UnixNano()
	return slices.Clone(f.ids), true, nil
}

// Push implements agora.FeedCache.
func (m *Memory) Push(_ context.Context, accountIDs []agora.ID, statusID agora.ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range accountIDs {
		if f := m.feeds[a]; f != nil {
			f.ids = insertDesc(f.ids, statusID)
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
			if i, found := slices.BinarySearchFunc(f.ids, statusID, cmpDesc); found {
				f.ids = slices.Delete(f.ids, i, i+1)
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
// starts the feed from ids alone.
func (m *Memory) Fill(_ context.Context, accountID agora.ID, ids []agora.ID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.feeds[accountID]
	if f == nil {
		m.evictLocked()
		f = &feed{lastRead: time.Now().UnixNano()}
		m.feeds[accountID] = f
	}
	for _, id := range ids {
		f.ids = insertDesc(f.ids, id)
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

func cmpDesc(a, b agora.ID) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// insertDesc inserts id into ids (newest first) unless present, keeping at most
// agora.FeedLen entries.
func insertDesc(ids []agora.ID, id agora.ID) []agora.ID {
	i, found := slices.BinarySearchFunc(ids, id, cmpDesc)
	if found || i >= agora.FeedLen {
		return ids
	}
	ids = slices.Insert(ids, i, id)
	if len(ids) > agora.FeedLen {
		ids = ids[:agora.FeedLen]
	}
	return ids
}
