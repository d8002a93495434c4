package cachestore

import (
	"context"

	"agora"
)

// Filters implements agora.FilterStore, remembering in the viewer cache that
// an account has no filters: every page of statuses a signed-in viewer reads
// asks for the viewer's filters, and most accounts have none. Accounts with
// filters are read from the database each time. Only CreateFilter turns "none"
// into "some", and it forgets the owner's entry; another process's new filter
// shows within viewerTTL.
func (c *Store) Filters(ctx context.Context, accountID agora.ID) ([]*agora.Filter, error) {
	now := c.now()
	vc := &c.viewers
	vc.mu.Lock()
	e := vc.m[accountID]
	gen := vc.fence.gen
	vc.mu.Unlock()
	if e != nil && now.Before(e.noFiltersUntil) {
		return nil, nil
	}
	fs, err := c.Store.Filters(ctx, accountID)
	if err != nil || len(fs) > 0 {
		return fs, err
	}
	vc.mu.Lock()
	vc.store(accountID, gen, func(e *viewerEntry) { e.noFiltersUntil = now.Add(viewerTTL) })
	vc.mu.Unlock()
	return fs, nil
}

// CreateFilter implements agora.FilterStore and forgets the owner's cached
// entry, which may say the owner has no filters.
func (c *Store) CreateFilter(ctx context.Context, f *agora.Filter, lim agora.FilterLimits) error {
	err := c.Store.CreateFilter(ctx, f, lim)
	c.forgetViewers(f.AccountID)
	return err
}
