package cachestore

import (
	"context"

	"agora"
)

// maxCachedThreadMutes is the most muted threads of one viewer the viewer
// cache holds; a viewer with more is asked of the database page by page.
const maxCachedThreadMutes = 1000

// MutedThreads implements agora.ConversationStore from the viewer's cached
// muted threads, loading them all on first use (every page of statuses a
// signed-in viewer reads asks it).
func (c *Store) MutedThreads(ctx context.Context, accountID agora.ID, threadIDs []agora.ID) (map[agora.ID]bool, error) {
	now := c.now()
	vc := &c.viewers
	vc.mu.Lock()
	e := vc.m[accountID]
	gen := vc.fence.gen
	vc.mu.Unlock()
	var all map[agora.ID]bool
	if e != nil && now.Before(e.threadsUntil) {
		all = e.threads
	} else {
		ids, complete, err := c.Store.ThreadMutes(ctx, accountID, maxCachedThreadMutes)
		if err != nil {
			return nil, err
		}
		if complete {
			all = make(map[agora.ID]bool, len(ids))
			for _, id := range ids {
				all[id] = true
			}
		}
		vc.mu.Lock()
		vc.store(accountID, gen, func(e *viewerEntry) { e.threads, e.threadsUntil = all, now.Add(viewerTTL) })
		vc.mu.Unlock()
	}
	if all == nil {
		return c.Store.MutedThreads(ctx, accountID, threadIDs)
	}
	out := map[agora.ID]bool{}
	for _, id := range threadIDs {
		if all[id] {
			out[id] = true
		}
	}
	return out, nil
}

// MuteThread implements agora.ConversationStore and forgets the viewer's
// cached entry.
func (c *Store) MuteThread(ctx context.Context, accountID, threadID agora.ID) error {
	err := c.Store.MuteThread(ctx, accountID, threadID)
	c.forgetViewers(accountID)
	return err
}

// UnmuteThread implements agora.ConversationStore and forgets the viewer's
// cached entry.
func (c *Store) UnmuteThread(ctx context.Context, accountID, threadID agora.ID) error {
	err := c.Store.UnmuteThread(ctx, accountID, threadID)
	c.forgetViewers(accountID)
	return err
}
