package cachestore

import (
	"context"
	"sync"
	"time"

	"agora"
)

// viewerTTL bounds how long what the viewer cache holds may lag the database.
// Changes made through this process reach the cache at once; changes made by
// other processes (other nodes) show within viewerTTL.
const viewerTTL = 30 * time.Second

// maxCachedViewers bounds the cache; past it, it starts afresh.
const maxCachedViewers = 100_000

// viewerCache holds, per viewer, the two things every page of statuses asks of
// the database about the viewer: what their blocks and mutes hide
// (AccountFilter) and what they did to statuses (ViewerFlags, answered from all
// their marks and boosts). Writes through Store forget what they change:
// a mark, a boost, a deletion of a boost, a block or a mute; a mute's end is kept
// in the filter (AccountFilter.Until) and ends the entry.
type viewerCache struct {
	mu    sync.Mutex
	m     map[agora.ID]*viewerEntry
	fence fence // by viewer ID, as Store.fence does for statuses
}

// viewerEntry is one viewer's cached data; a nil field is not cached. Entries are
// replaced, never modified, once in the map.
type viewerEntry struct {
	filter       *agora.AccountFilter
	filterUntil  time.Time
	marks        map[agora.ID]agora.ViewerFlags // nil when not cached or too many
	marksUntil   time.Time
	threads      map[agora.ID]bool // muted threads (threadmutes.go); nil when not cached or too many
	threadsUntil time.Time
	// noFiltersUntil is, while in the future, that the viewer has no filters
	// (filters.go).
	noFiltersUntil time.Time
}

// store replaces the viewer's entry with change applied to a copy of it, unless
// the viewer was forgotten since gen. The caller holds the lock.
func (vc *viewerCache) store(id agora.ID, gen uint64, change func(e *viewerEntry)) {
	if vc.fence.forgotSince(id, gen) {
		return
	}
	if vc.m == nil || len(vc.m) >= maxCachedViewers {
		vc.m = make(map[agora.ID]*viewerEntry)
	}
	var e viewerEntry
	if old := vc.m[id]; old != nil {
		e = *old
	}
	change(&e)
	vc.m[id] = &e
}

// forgetViewers drops everything cached about the accounts as viewers.
func (c *Store) forgetViewers(ids ...agora.ID) {
	vc := &c.viewers
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.fence.forget(ids...)
	for _, id := range ids {
		delete(vc.m, id)
	}
}

// forgetAllViewers empties the cache; reads that began before do not fill it.
func (c *Store) forgetAllViewers() {
	vc := &c.viewers
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.m = nil
	vc.fence.forgetAll()
}

// AccountFilter implements agora.RelationStore through the cache. The filter is
// shared: callers must not modify it.
func (c *Store) AccountFilter(ctx context.Context, accountID agora.ID, now time.Time) (*agora.AccountFilter, error) {
	vc := &c.viewers
	vc.mu.Lock()
	if e := vc.m[accountID]; e != nil && e.filter != nil && now.Before(e.filterUntil) {
		vc.mu.Unlock()
		return e.filter, nil
	}
	gen := vc.fence.gen
	vc.mu.Unlock()
	f, err := c.Store.AccountFilter(ctx, accountID, now)
	if err != nil {
		return nil, err
	}
	until := now.Add(viewerTTL)
	if !f.Until.IsZero() && f.Until.Before(until) {
		until = f.Until
	}
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.store(accountID, gen, func(e *viewerEntry) { e.filter, e.filterUntil = f, until })
	return f, nil
}

// ViewerFlags implements agora.MarkStore from the viewer's cached marks and
// boosts, loading them all on first use; a viewer with more than its limit
// is asked of the database for these statuses only.
func (c *Store) ViewerFlags(ctx context.Context, viewer agora.ID, statusIDs []agora.ID) (map[agora.ID]agora.ViewerFlags, error) {
	now := c.now()
	vc := &c.viewers
	vc.mu.Lock()
	e := vc.m[viewer]
	gen := vc.fence.gen
	vc.mu.Unlock()
	var all map[agora.ID]agora.ViewerFlags
	switch {
	case e != nil && now.Before(e.marksUntil):
		all = e.marks // nil: too many to hold
	default:
		loaded, complete, err := c.Store.AllViewerFlags(ctx, viewer, c.maxViewerMarks)
		if err != nil {
			return nil, err
		}
		all = loaded
		vc.mu.Lock()
		vc.store(viewer, gen, func(e *viewerEntry) { e.marks, e.marksUntil = loaded, now.Add(viewerTTL) })
		vc.mu.Unlock()
		if !complete {
			all = nil
		}
	}
	if all == nil {
		return c.Store.ViewerFlags(ctx, viewer, statusIDs)
	}
	out := make(map[agora.ID]agora.ViewerFlags, len(statusIDs))
	for _, id := range statusIDs {
		out[id] = all[id]
	}
	return out, nil
}

// DeleteBlock implements agora.RelationStore.
func (c *Store) DeleteBlock(ctx context.Context, accountID, targetID agora.ID) error {
	err := c.Store.DeleteBlock(ctx, accountID, targetID)
	c.forgetViewers(accountID, targetID)
	return err
}

// SaveMute implements agora.RelationStore.
func (c *Store) SaveMute(ctx context.Context, m *agora.Mute) error {
	err := c.Store.SaveMute(ctx, m)
	c.forgetViewers(m.AccountID)
	return err
}

// DeleteMute implements agora.RelationStore.
func (c *Store) DeleteMute(ctx context.Context, accountID, targetID agora.ID) error {
	err := c.Store.DeleteMute(ctx, accountID, targetID)
	c.forgetViewers(accountID)
	return err
}
