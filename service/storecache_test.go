package service_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/service"
)

// TestStatusCache checks that reads served from the service's status cache reflect
// every change made through the service at once: a favourite's count, a reply's
// count, a deletion.
func TestStatusCache(t *testing.T) {
	ctx := context.Background()
	svc, _ := newTestService(t, nil)
	mk := func(name string) *agora.Account { return mustAccount(t, svc, name) }
	alice, bob := mk("alice"), mk("bob")
	b, err := svc.PostStatus(ctx, svc.As(ctx, alice), service.NewStatus{Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	id := b.Statuses[0].ID
	read := func() *agora.Status {
		t.Helper()
		found, err := service.CacheForTest(svc).Statuses(ctx, []agora.ID{id})
		if err != nil {
			t.Fatal(err)
		}
		return found[id]
	}
	if st := read(); st == nil || st.FavouritesCount != 0 {
		t.Fatalf("status before: %+v", st)
	}
	if _, err := svc.Favourite(ctx, svc.As(ctx, bob), id); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PostStatus(ctx, svc.As(ctx, bob), service.NewStatus{Text: "reply", InReplyToID: id}); err != nil {
		t.Fatal(err)
	}
	if st := read(); st.FavouritesCount != 1 || st.RepliesCount != 1 {
		t.Errorf("cached status after a favourite and a reply: %d favourites, %d replies", st.FavouritesCount, st.RepliesCount)
	}
	if _, err := svc.DeleteStatus(ctx, svc.As(ctx, alice), id); err != nil {
		t.Fatal(err)
	}
	if st := read(); st != nil {
		t.Error("a deleted status is still served from the cache")
	}
}

// TestAccountCache checks that cached accounts reflect at once the changes made
// through the service: counters after a post and a follow, a profile change.
func TestAccountCache(t *testing.T) {
	ctx := context.Background()
	svc, _ := newTestService(t, nil)
	mk := func(name string) *agora.Account { return mustAccount(t, svc, name) }
	alice, bob := mk("alice"), mk("bob")
	read := func(id agora.ID) *agora.Account {
		t.Helper()
		found, err := service.CacheForTest(svc).Accounts(ctx, []agora.ID{id})
		if err != nil {
			t.Fatal(err)
		}
		return found[id]
	}
	read(alice.ID)
	read(bob.ID)
	if _, err := svc.PostStatus(ctx, svc.As(ctx, alice), service.NewStatus{Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Follow(ctx, svc.As(ctx, bob), alice.ID); err != nil {
		t.Fatal(err)
	}
	name := "Alice A."
	if _, err := svc.UpdateProfile(ctx, svc.As(ctx, alice), service.ProfileUpdate{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	if a := read(alice.ID); a.StatusesCount != 1 || a.FollowersCount != 1 || a.DisplayName != name {
		t.Errorf("cached alice: %d statuses, %d followers, name %q", a.StatusesCount, a.FollowersCount, a.DisplayName)
	}
	if b := read(bob.ID); b.FollowingCount != 1 {
		t.Errorf("cached bob: following %d", b.FollowingCount)
	}
}

// TestStatusCache_Revalidate: a status read again after the cache's lifetime keeps
// its record when nothing changed (so encodings kept of it stay valid), and is
// replaced when another process changed it.
func TestStatusCache_Revalidate(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	later := func() { mu.Lock(); clock = clock.Add(time.Minute); mu.Unlock() }
	svc, db := newTestService(t, now)
	alice := mustAccount(t, svc, "alice")
	b, err := svc.PostStatus(ctx, svc.As(ctx, alice), service.NewStatus{Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	id := b.Statuses[0].ID
	read := func() (*agora.Status, *agora.Account) {
		t.Helper()
		sts, err := service.CacheForTest(svc).Statuses(ctx, []agora.ID{id})
		if err != nil {
			t.Fatal(err)
		}
		as, err := service.CacheForTest(svc).Accounts(ctx, []agora.ID{alice.ID})
		if err != nil {
			t.Fatal(err)
		}
		return sts[id], as[alice.ID]
	}
	st1, a1 := read()
	later()
	st2, a2 := read()
	if st2 != st1 || a2 != a1 {
		t.Error("an unchanged status or account read again after its lifetime got a new record")
	}
	// Another process (here: the database directly) favourites the status.
	if err := db.CreateMark(ctx, &agora.StatusMark{ID: agora.IDAt(now()) | 5, Kind: agora.MarkFavourite, AccountID: alice.ID, StatusID: id, CreatedAt: now()}); err != nil {
		t.Fatal(err)
	}
	later()
	st3, _ := read()
	if st3 == st1 || st3.FavouritesCount != 1 {
		t.Errorf("a status changed elsewhere: same record %v, favourites %d; want a new record with 1", st3 == st1, st3.FavouritesCount)
	}
}

// TestStatusCache_Sweep: the cache lets go of statuses not read for a while.
// Before, it kept every status it had read until it held 200,000, so resident
// memory grew for as long as statuses were posted and read (issue 15).
func TestStatusCache_Sweep(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	later := func() { mu.Lock(); clock = clock.Add(time.Minute); mu.Unlock() }
	svc, _ := newTestService(t, now)
	alice := mustAccount(t, svc, "alice")
	var ids []agora.ID
	for range 20 {
		b, err := svc.PostStatus(ctx, svc.As(ctx, alice), service.NewStatus{Text: "hello"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.Statuses[0].ID)
	}
	cache := service.CacheForTest(svc)
	if _, err := cache.Statuses(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if n := cache.CachedStatuses(); n < 20 {
		t.Fatalf("cache holds %d statuses after reading 20", n)
	}
	later()
	if _, err := cache.Statuses(ctx, ids[:1]); err != nil {
		t.Fatal(err)
	}
	if n := cache.CachedStatuses(); n != 1 {
		t.Errorf("cache holds %d statuses a minute later, want only the 1 read again", n)
	}
}
