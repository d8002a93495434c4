package cachestore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/cachestore"
	"agora/sqlstore"
	"agora/storetest"
)

// TestFilters_NoneRemembered checks the viewer cache's "no filters": a filter
// created through the cache shows at once; one another process creates (the
// database written directly) shows once the remembered "none" has expired.
func TestFilters_NoneRemembered(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	c := cachestore.New(db, now)
	var ids agora.IDGenerator
	account := func(name string) *agora.Account {
		id := ids.New()
		a := &agora.Account{ID: id, Username: name, Email: name + "@example.org", PasswordHash: "x", Role: agora.RoleUser, CreatedAt: id.Time()}
		if err := db.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	filter := func(owner *agora.Account) *agora.Filter {
		id := ids.New()
		return &agora.Filter{ID: id, AccountID: owner.ID, Title: "t", Context: []agora.FilterContext{agora.FilterHome},
			Action: agora.FilterWarn, CreatedAt: id.Time(), Keywords: []*agora.FilterKeyword{{ID: ids.New(), FilterID: id, Keyword: "k"}}}
	}
	count := func(a *agora.Account) int {
		t.Helper()
		fs, err := c.Filters(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(fs)
	}
	alice, bob := account("alice"), account("bob")

	if n := count(alice); n != 0 {
		t.Fatalf("alice has %d filters, want 0", n)
	}
	if err := c.CreateFilter(ctx, filter(alice), agora.DefaultFilterLimits); err != nil {
		t.Fatal(err)
	}
	if n := count(alice); n != 1 {
		t.Errorf("after a filter created through the cache: %d filters, want 1 at once", n)
	}

	if n := count(bob); n != 0 {
		t.Fatalf("bob has %d filters, want 0", n)
	}
	if err := db.CreateFilter(ctx, filter(bob), agora.DefaultFilterLimits); err != nil { // another process
		t.Fatal(err)
	}
	if n := count(bob); n != 0 {
		t.Errorf("another process's filter seen at once (%d): the cache remembers nothing", n)
	}
	mu.Lock()
	clock = clock.Add(31 * time.Second)
	mu.Unlock()
	if n := count(bob); n != 1 {
		t.Errorf("another process's filter after 31 s: %d filters, want 1", n)
	}
}
