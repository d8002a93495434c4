package cachestore

import (
	"context"
	"reflect"
	"sync"
	"time"

	"agora"
)

// accountCache is the read-through cache of accounts behind Store.Accounts,
// the query that presents every page of statuses or accounts. Writes through the
// caching store forget the accounts they change (counters, profile, suspension,
// staff access); other processes' changes show within statusTTL.
type accountCache struct {
	mu    sync.Mutex
	m     map[agora.ID]cachedAccount
	fence fence // as Store.fence does for statuses
}

type cachedAccount struct {
	a  *agora.Account
	at time.Time
}

// Accounts implements agora.AccountStore through the cache.
func (c *Store) Accounts(ctx context.Context, ids []agora.ID) (map[agora.ID]*agora.Account, error) {
	now := c.now()
	out := make(map[agora.ID]*agora.Account, len(ids))
	var missing []agora.ID
	ac := &c.accounts
	ac.mu.Lock()
	gen := ac.fence.gen
	for _, id := range ids {
		if e, ok := ac.m[id]; ok && now.Sub(e.at) < statusTTL {
			out[id] = e.a
		} else {
			missing = append(missing, id)
		}
	}
	ac.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	found, err := c.Store.Accounts(ctx, missing)
	if err != nil {
		return nil, err
	}
	ac.mu.Lock()
	defer ac.mu.Unlock()
	if ac.m == nil || len(ac.m)+len(found) > maxCachedStatuses {
		ac.m = make(map[agora.ID]cachedAccount)
	}
	for id, a := range found {
		if ac.fence.forgotSince(id, gen) {
			out[id] = a
			continue
		}
		// An account read again after statusTTL that has not changed keeps its old
		// record, so what is kept of it elsewhere (its JSON) stays valid.
		if old, ok := ac.m[id]; ok && sameAccount(old.a, a) {
			a = old.a
		}
		out[id] = a
		ac.m[id] = cachedAccount{a: a, at: now}
	}
	return out, nil
}

// forgetAccounts drops accounts from the cache.
func (c *Store) forgetAccounts(ids ...agora.ID) {
	ac := &c.accounts
	ac.mu.Lock()
	defer ac.mu.Unlock()
	ac.fence.forget(ids...)
	for _, id := range ids {
		delete(ac.m, id)
	}
}

// UpdateProfile implements agora.AccountStore.
func (c *Store) UpdateProfile(ctx context.Context, a *agora.Account) error {
	err := c.Store.UpdateProfile(ctx, a)
	c.forgetAccounts(a.ID)
	return err
}

// CreateFollow implements agora.FollowStore; it changes both accounts' counters.
func (c *Store) CreateFollow(ctx context.Context, f *agora.Follow, notes ...*agora.Notification) error {
	err := c.Store.CreateFollow(ctx, f, notes...)
	c.forgetAccounts(f.AccountID, f.TargetAccountID)
	return err
}

// DeleteFollow implements agora.FollowStore.
func (c *Store) DeleteFollow(ctx context.Context, accountID, targetID agora.ID) error {
	err := c.Store.DeleteFollow(ctx, accountID, targetID)
	c.forgetAccounts(accountID, targetID)
	return err
}

// AcceptFollowRequest implements agora.RelationStore.
func (c *Store) AcceptFollowRequest(ctx context.Context, f *agora.Follow) error {
	err := c.Store.AcceptFollowRequest(ctx, f)
	c.forgetAccounts(f.AccountID, f.TargetAccountID)
	return err
}

// CreateBlock implements agora.RelationStore; it ends follows both ways.
func (c *Store) CreateBlock(ctx context.Context, b *agora.Block) error {
	err := c.Store.CreateBlock(ctx, b)
	c.forgetAccounts(b.AccountID, b.TargetAccountID)
	c.forgetViewers(b.AccountID, b.TargetAccountID)
	return err
}

// SetAccessUntil implements agora.LegalStore.
func (c *Store) SetAccessUntil(ctx context.Context, accountID agora.ID, until time.Time, events []*agora.AuditEvent) error {
	err := c.Store.SetAccessUntil(ctx, accountID, until, events)
	c.forgetAccounts(accountID)
	return err
}

// Account implements agora.AccountStore through the cache: a fresh cached
// account is served without a round trip or an allocation (every authenticated
// request reads its account). Accounts handed out are shared: callers must not
// modify them.
func (c *Store) Account(ctx context.Context, id agora.ID) (*agora.Account, error) {
	now := c.now()
	ac := &c.accounts
	ac.mu.Lock()
	e, ok := ac.m[id]
	ac.mu.Unlock()
	if ok && now.Sub(e.at) < statusTTL {
		return e.a, nil
	}
	found, err := c.Accounts(ctx, []agora.ID{id})
	if err != nil {
		return nil, err
	}
	if a := found[id]; a != nil {
		return a, nil
	}
	return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
}

// sameAccount reports whether two records of an account hold the same values.
func sameAccount(x, y *agora.Account) bool {
	return reflect.DeepEqual(x, y)
}
