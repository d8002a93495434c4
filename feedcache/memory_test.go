package feedcache_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"agora"
	"agora/feedcache"
)

var ctx = context.Background()

// Memory must satisfy the interface the service uses.
var _ agora.FeedCache = (*feedcache.Memory)(nil)

// mustFeed returns the feed of the account and fails unless it is complete.
func mustFeed(t *testing.T, m *feedcache.Memory, account agora.ID) []agora.ID {
	t.Helper()
	es, ok, err := m.Feed(ctx, account)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatalf("feed of %d is missing or incomplete", account)
	}
	return idsOf(es)
}

// idsOf returns the IDs of feed entries, in order.
func idsOf(es []agora.FeedEntry) []agora.ID {
	ids := make([]agora.ID, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return ids
}

// mustMissing fails unless the account has no complete feed.
func mustMissing(t *testing.T, m *feedcache.Memory, account agora.ID) {
	t.Helper()
	ids, ok, err := m.Feed(ctx, account)
	if err != nil || ok || ids != nil {
		t.Fatalf("Feed(%d) = %v, %v, %v; want nil, false, nil", account, ids, ok, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantIDs(t *testing.T, got []agora.ID, want ...agora.ID) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("feed (-want +got):\n%s", diff)
	}
}

func TestMemory_PushOnlyToExistingFeeds(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Fill(ctx, 1, entries(10)))
	must(t, m.Push(ctx, []agora.ID{1, 2}, agora.FeedEntry{ID: 20}))
	wantIDs(t, mustFeed(t, m, 1), 20, 10)
	mustMissing(t, m, 2)
	if m.Len() != 1 {
		t.Errorf("Len = %d after pushing to an account without a feed, want 1", m.Len())
	}
}

func TestMemory_FeedIsNewestFirstAndUnique(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Fill(ctx, 1, entries(5, 30, 10, 5)))
	for _, id := range []agora.ID{20, 40, 1, 30} {
		must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: id}))
	}
	wantIDs(t, mustFeed(t, m, 1), 40, 30, 20, 10, 5, 1)
}

func TestMemory_FeedReturnsACopy(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Fill(ctx, 1, entries(3, 2, 1)))
	ids := mustFeed(t, m, 1)
	ids[0] = 99
	wantIDs(t, mustFeed(t, m, 1), 3, 2, 1)
}

func TestMemory_BeginFillMergesPushes(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Begin(ctx, 1))
	mustMissing(t, m, 1) // being built: not served
	// Posts made while the database is read reach the feed being built ...
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 50}))
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 40}))
	mustMissing(t, m, 1)
	// ... and are kept when the rebuild, which read the database before them, fills it.
	must(t, m.Fill(ctx, 1, entries(10, 30, 40)))
	wantIDs(t, mustFeed(t, m, 1), 50, 40, 30, 10)
}

func TestMemory_BeginDropsOldFeed(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Fill(ctx, 1, entries(1, 2)))
	must(t, m.Begin(ctx, 1))
	mustMissing(t, m, 1)
	must(t, m.Fill(ctx, 1, entries(3)))
	wantIDs(t, mustFeed(t, m, 1), 3)
}

func TestMemory_FillWithoutBegin(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Fill(ctx, 1, nil))
	wantIDs(t, mustFeed(t, m, 1)) // an empty feed is a complete feed
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 7}))
	wantIDs(t, mustFeed(t, m, 1), 7)
}

func TestMemory_CapKeepsNewest(t *testing.T) {
	m := feedcache.NewMemory(0)
	all := make([]agora.ID, agora.FeedLen+100)
	for i := range all {
		all[i] = agora.ID(i + 1)
	}
	must(t, m.Fill(ctx, 1, entries(all...))) // oldest first: the order must not matter
	ids := mustFeed(t, m, 1)
	if len(ids) != agora.FeedLen {
		t.Fatalf("len = %d, want %d", len(ids), agora.FeedLen)
	}
	if ids[0] != agora.ID(len(all)) || ids[len(ids)-1] != 101 {
		t.Errorf("feed runs %d..%d, want %d..101", ids[0], ids[len(ids)-1], len(all))
	}
	// Pushing a newer ID drops the oldest; pushing an older one than the feed holds is ignored.
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 10_000}))
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 50}))
	ids = mustFeed(t, m, 1)
	if len(ids) != agora.FeedLen || ids[0] != 10_000 || ids[len(ids)-1] != 102 {
		t.Errorf("after pushes: len %d, runs %d..%d; want %d, 10000..102", len(ids), ids[0], ids[len(ids)-1], agora.FeedLen)
	}
	if !slices.IsSortedFunc(ids, func(a, b agora.ID) int { return int(b - a) }) {
		t.Error("feed is not newest first")
	}
}

func TestMemory_CapDuringRebuild(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Begin(ctx, 1))
	for i := agora.ID(1); i <= agora.FeedLen; i++ {
		must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 1000 + i}))
	}
	// The database read returns older statuses than all those pushed: the feed is full.
	must(t, m.Fill(ctx, 1, entries(1, 2, 3)))
	ids := mustFeed(t, m, 1)
	if len(ids) != agora.FeedLen || ids[len(ids)-1] != 1001 {
		t.Errorf("len %d, oldest %d; want %d, 1001", len(ids), ids[len(ids)-1], agora.FeedLen)
	}
}

func TestMemory_Remove(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Fill(ctx, 1, entries(10, 20, 30)))
	must(t, m.Fill(ctx, 2, entries(20, 40)))
	must(t, m.Remove(ctx, []agora.ID{1, 2, 3}, 20))
	wantIDs(t, mustFeed(t, m, 1), 30, 10)
	wantIDs(t, mustFeed(t, m, 2), 40)
	mustMissing(t, m, 3)
	// Removing what is not there changes nothing.
	must(t, m.Remove(ctx, []agora.ID{1}, 99))
	wantIDs(t, mustFeed(t, m, 1), 30, 10)
	// A removal while the feed is being built applies to what was pushed meanwhile.
	must(t, m.Begin(ctx, 4))
	must(t, m.Push(ctx, []agora.ID{4}, agora.FeedEntry{ID: 70}))
	must(t, m.Push(ctx, []agora.ID{4}, agora.FeedEntry{ID: 80}))
	must(t, m.Remove(ctx, []agora.ID{4}, 80))
	must(t, m.Fill(ctx, 4, entries(60)))
	wantIDs(t, mustFeed(t, m, 4), 70, 60)
}

func TestMemory_Drop(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Fill(ctx, 1, entries(10)))
	must(t, m.Drop(ctx, 1))
	mustMissing(t, m, 1)
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 20})) // no feed: skipped
	mustMissing(t, m, 1)
	must(t, m.Drop(ctx, 1)) // dropping twice is harmless
	must(t, m.Drop(ctx, 2))
	if m.Len() != 0 {
		t.Errorf("Len = %d, want 0", m.Len())
	}
	// A Drop during a rebuild takes the feed being built away too.
	must(t, m.Begin(ctx, 3))
	must(t, m.Push(ctx, []agora.ID{3}, agora.FeedEntry{ID: 30}))
	must(t, m.Drop(ctx, 3))
	mustMissing(t, m, 3)
	if m.Len() != 0 {
		t.Errorf("Len = %d after dropping a feed being built, want 0", m.Len())
	}
}

func TestMemory_EvictionBoundsMaxFeeds(t *testing.T) {
	const maxFeeds = 16
	m := feedcache.NewMemory(maxFeeds)
	for a := agora.ID(1); a <= 200; a++ {
		if a%2 == 0 {
			must(t, m.Fill(ctx, a, entries(a)))
		} else {
			must(t, m.Begin(ctx, a))
		}
		if n := m.Len(); n > maxFeeds {
			t.Fatalf("after %d feeds Len = %d, want at most %d", a, n, maxFeeds)
		}
	}
	if n := m.Len(); n != maxFeeds {
		t.Errorf("Len = %d, want %d (full)", n, maxFeeds)
	}
	// The feed just built is never the one evicted.
	wantIDs(t, mustFeed(t, m, 200), 200)
}

func TestMemory_EvictionPrefersLeastRecentlyRead(t *testing.T) {
	// Eviction samples 8 feeds; with a limit of 8 it sees them all, so it is exact LRU.
	m := feedcache.NewMemory(8)
	for a := agora.ID(1); a <= 8; a++ {
		must(t, m.Fill(ctx, a, entries(a)))
	}
	for a := agora.ID(8); a >= 2; a-- { // 1 is now read least recently
		mustFeed(t, m, a)
	}
	must(t, m.Fill(ctx, 9, entries(9)))
	mustMissing(t, m, 1)
	for a := agora.ID(2); a <= 9; a++ {
		mustFeed(t, m, a)
	}
}

func TestMemory_DefaultMaxFeeds(t *testing.T) {
	n := feedcache.NewMemory(0)
	for a := agora.ID(1); a <= 1000; a++ {
		must(t, n.Fill(ctx, a, nil))
	}
	if n.Len() != 1000 {
		t.Errorf("Len = %d, want 1000 (far below the default bound)", n.Len())
	}
}

// TestMemory_StructLiteral checks that a Memory made with a literal, as its exported
// MaxFeeds field invites, works like one from NewMemory.
func TestMemory_StructLiteral(t *testing.T) {
	m := &feedcache.Memory{MaxFeeds: 10}
	must(t, m.Fill(ctx, 1, entries(1)))
	wantIDs(t, mustFeed(t, m, 1), 1)
}

func TestMemory_Concurrent(t *testing.T) {
	m := feedcache.NewMemory(64)
	const readers, statuses = 100, 300
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() { // writers: fan-out and deletions
			for i := range statuses {
				id := agora.ID(w*statuses + i + 1)
				accounts := []agora.ID{agora.ID(i%readers + 1), agora.ID((i+w)%readers + 1)}
				_ = m.Push(ctx, accounts, agora.FeedEntry{ID: id})
				if i%7 == 0 {
					_ = m.Remove(ctx, accounts, id)
				}
			}
		})
	}
	for w := range 4 {
		wg.Go(func() { // readers: reads, rebuilds, drops
			for i := range statuses {
				a := agora.ID((i*(w+1))%readers + 1)
				if es, ok, _ := m.Feed(ctx, a); !ok {
					_ = m.Begin(ctx, a)
					_ = m.Fill(ctx, a, entries(1, 2, 3))
				} else if ids := idsOf(es); !slices.IsSortedFunc(ids, func(x, y agora.ID) int { return int(y - x) }) || len(ids) > agora.FeedLen {
					t.Errorf("feed of %d is not sorted newest first within the cap: %v", a, ids)
					return
				}
				if i%50 == 0 {
					_ = m.Drop(ctx, a)
				}
			}
		})
	}
	wg.Wait()
	if n := m.Len(); n > 64 {
		t.Errorf("Len = %d, want at most 64", n)
	}
}

// entries makes feed entries of originals with the IDs.
func entries(ids ...agora.ID) []agora.FeedEntry {
	out := make([]agora.FeedEntry, len(ids))
	for i, id := range ids {
		out[i] = agora.FeedEntry{ID: id}
	}
	return out
}

// TestMemory_BoostsOnce checks that a reader sees a post once: a boost is kept out of
// a feed holding its original or another boost of it, when pushed and when filled.
func TestMemory_BoostsOnce(t *testing.T) {
	m := feedcache.NewMemory(0)
	must(t, m.Fill(ctx, 1, entries(10)))
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 20, ReblogOf: 10})) // original in view
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 30, ReblogOf: 5}))  // first boost of 5
	must(t, m.Push(ctx, []agora.ID{1}, agora.FeedEntry{ID: 40, ReblogOf: 5}))  // second boost of 5
	checkFeed(t, m, 1, []agora.ID{30, 10})

	// A rebuild applies the same rule from the oldest entry up.
	must(t, m.Fill(ctx, 2, []agora.FeedEntry{{ID: 40, ReblogOf: 5}, {ID: 10}, {ID: 30, ReblogOf: 5}, {ID: 20, ReblogOf: 10}}))
	checkFeed(t, m, 2, []agora.ID{30, 10})
}

func checkFeed(t *testing.T, m *feedcache.Memory, account agora.ID, want []agora.ID) {
	t.Helper()
	es, ok, err := m.Feed(ctx, account)
	if got := idsOf(es); err != nil || !ok || !slices.Equal(got, want) {
		t.Errorf("feed %d = %v (ok %v, err %v), want %v", account, idsOf(es), ok, err, want)
	}
}
