package feedcache_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"agora"
	"agora/feedcache"
)

// span returns the IDs from hi down to lo, newest first as feeds hold them.
func span(hi, lo agora.ID) []agora.ID {
	var ids []agora.ID
	for id := hi; id >= lo; id-- {
		ids = append(ids, id)
	}
	return ids
}

// pager returns a function reading pages of a feed holding ids.
func pager(t *testing.T, ids []agora.ID) func(p agora.Page) []agora.ID {
	t.Helper()
	m := feedcache.NewMemory(0)
	const account = agora.ID(1)
	entries := make([]agora.FeedEntry, len(ids))
	for i, id := range ids {
		entries[i] = agora.FeedEntry{ID: id}
	}
	if err := m.Fill(ctx, account, entries); err != nil {
		t.Fatal(err)
	}
	return func(p agora.Page) []agora.ID {
		t.Helper()
		es, ok, err := m.FeedPage(ctx, account, p)
		if err != nil || !ok {
			t.Fatalf("FeedPage(%+v): ok %v, %v", p, ok, err)
		}
		var out []agora.ID
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
}

func TestMemory_FeedPage(t *testing.T) {
	feed := span(100, 1)
	for _, tc := range []struct {
		name string
		ids  []agora.ID
		page agora.Page
		want []agora.ID
	}{
		{"Default", feed, agora.Page{}, span(100, 81)},
		{"Limit", feed, agora.Page{Limit: 5}, span(100, 96)},
		{"LimitClamped", feed, agora.Page{Limit: 1000}, span(100, 21)},
		{"MaxID", feed, agora.Page{MaxID: 50, Limit: 5}, span(49, 45)},
		{"MaxIDNotInFeed", []agora.ID{90, 70, 50}, agora.Page{MaxID: 80, Limit: 5}, []agora.ID{70, 50}},
		{"SinceIDNewestFirst", feed, agora.Page{SinceID: 90, Limit: 5}, span(100, 96)},
		{"SinceIDAll", feed, agora.Page{SinceID: 97}, span(100, 98)},
		{"MinIDOldestAbove", feed, agora.Page{MinID: 90, Limit: 5}, span(95, 91)},
		{"MinIDAll", feed, agora.Page{MinID: 97, Limit: 5}, span(100, 98)},
		{"MinIDWithMaxID", feed, agora.Page{MinID: 10, MaxID: 20, Limit: 3}, span(13, 11)},
		{"SinceIDWithMaxID", feed, agora.Page{SinceID: 10, MaxID: 20, Limit: 3}, span(19, 17)},
		{"SinceAndMinTakeHigher", feed, agora.Page{SinceID: 95, MinID: 90, Limit: 2}, span(97, 96)},
		{"EmptyWindow", feed, agora.Page{SinceID: 50, MaxID: 51}, nil},
		{"PastTheEnd", feed, agora.Page{MaxID: 1}, nil},
		{"MaxIDBelowMinID", feed, agora.Page{MinID: 60, MaxID: 40}, nil},
		{"EmptyFeed", nil, agora.Page{}, nil},
		{"SparseFeed", []agora.ID{900, 500, 300, 7}, agora.Page{MinID: 6, Limit: 2}, []agora.ID{300, 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := pager(t, tc.ids)(tc.page)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("FeedPage(%+v) (-want +got):\n%s", tc.page, diff)
			}
		})
	}
}

// TestMemory_FeedPage_Random compares FeedPage with its definition, applied to
// the whole feed, over random sparse feeds and pages.
func TestMemory_FeedPage_Random(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		var ids []agora.ID
		for id := agora.ID(1); id < 400; id++ {
			if rng.IntN(3) == 0 {
				ids = append(ids, id)
			}
		}
		slices.Reverse(ids)
		page := pager(t, ids)
		pick := func() agora.ID {
			if rng.IntN(3) == 0 {
				return 0
			}
			return agora.ID(rng.IntN(420))
		}
		p := agora.Page{MaxID: pick(), SinceID: pick(), MinID: pick(), Limit: rng.IntN(50)}
		// The definition: the entries the page contains, newest first; the newest
		// Limit of them, or with MinID the oldest Limit.
		var want []agora.ID
		for _, id := range ids {
			if p.Contains(id) {
				want = append(want, id)
			}
		}
		if n := p.Normalize().Limit; len(want) > n {
			if p.Ascending() {
				want = want[len(want)-n:]
			} else {
				want = want[:n]
			}
		}
		if diff := cmp.Diff(want, page(p), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round %d: FeedPage(%+v) (-want +got):\n%s", round, p, diff)
		}
	}
}

// TestMemory_FeedPage_Walk pages through a feed both ways, as a client does with
// the Link header, and checks that every ID is seen once.
func TestMemory_FeedPage_Walk(t *testing.T) {
	feed := span(100, 1)
	page := pager(t, feed)
	var down []agora.ID
	for p := (agora.Page{Limit: 7}); ; {
		ids := page(p)
		if len(ids) == 0 {
			break
		}
		down = append(down, ids...)
		p.MaxID = ids[len(ids)-1]
	}
	if diff := cmp.Diff(feed, down); diff != "" {
		t.Errorf("walking down with max_id (-want +got):\n%s", diff)
	}

	// Walking up starts from the oldest page and follows min_id (the newest seen).
	up := page(agora.Page{MaxID: 8, Limit: 7})
	for len(up) > 0 {
		ids := page(agora.Page{MinID: up[0], Limit: 7})
		if len(ids) == 0 {
			break
		}
		up = append(slices.Clone(ids), up...)
	}
	if diff := cmp.Diff(feed, up); diff != "" {
		t.Errorf("walking up with min_id (-want +got):\n%s", diff)
	}
	if _, ok, err := feedcache.NewMemory(0).FeedPage(ctx, 2, agora.Page{}); ok || err != nil {
		t.Errorf("FeedPage of a missing feed: ok %v, %v; want not ok", ok, err)
	}
}
