package service_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/service"
)

// TestViewerCache checks that a viewer's pages, whose flags and filter come from
// the viewer cache, reflect at once every change the viewer makes through the
// service (favourites, bookmarks, boosts, blocks, mutes, a block by someone
// else), and that a mute ending on its own shows without any write.
func TestViewerCache(t *testing.T) {
	t.Run("marks held", func(t *testing.T) { testViewerCache(t, 0) })
	t.Run("too many marks to hold", func(t *testing.T) {
		// With room for one mark, the reader's flags come from the database.
		testViewerCache(t, 1)
	})
}

func testViewerCache(t *testing.T, maxMarks int) {
	ctx := context.Background()
	var clockMu sync.Mutex
	clock := time.Now()
	now := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }
	advance := func(d time.Duration) { clockMu.Lock(); clock = clock.Add(d); clockMu.Unlock() }
	svc, _ := newTestService(t, now)
	if maxMarks > 0 {
		service.CacheForTest(svc).LimitViewerMarks(maxMarks)
	}
	mk := func(name string) *agora.Account { return mustAccount(t, svc, name) }
	reader, alice, bob := mk("reader"), mk("alice"), mk("bob")
	for _, a := range []*agora.Account{alice, bob} {
		if _, err := svc.Follow(ctx, svc.As(ctx, reader), a.ID); err != nil {
			t.Fatal(err)
		}
	}
	post := func(a *agora.Account, text string) agora.ID {
		b, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: text, Visibility: string(agora.VisibilityPublic)})
		if err != nil {
			t.Fatal(err)
		}
		return b.Statuses[0].ID
	}
	fromAlice, fromBob := post(alice, "from alice"), post(bob, "from bob")

	// home returns the reader's home page: the IDs of the originals shown (a
	// boost by the reader of something already shown is folded into it) and the
	// flags of each.
	home := func() map[agora.ID]agora.ViewerFlags {
		t.Helper()
		b, err := svc.HomeTimeline(ctx, svc.As(ctx, reader), agora.Page{Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		out := map[agora.ID]agora.ViewerFlags{}
		for _, st := range b.Statuses {
			id := st.ID
			if st.ReblogOfID != 0 {
				id = st.ReblogOfID
			}
			out[id] = b.Flags[id]
		}
		return out
	}
	want := func(step string, wantPage map[agora.ID]agora.ViewerFlags) {
		t.Helper()
		got := home()
		if len(got) != len(wantPage) {
			t.Errorf("%s: home shows %v, want %v", step, got, wantPage)
			return
		}
		for id, f := range wantPage {
			if g, ok := got[id]; !ok || g != f {
				t.Errorf("%s: status %d: shown %v with flags %+v, want %+v", step, id, ok, g, f)
			}
		}
	}
	want("first read", map[agora.ID]agora.ViewerFlags{fromAlice: {}, fromBob: {}})
	if _, err := svc.Favourite(ctx, svc.As(ctx, reader), fromAlice); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Bookmark(ctx, svc.As(ctx, reader), fromBob); err != nil {
		t.Fatal(err)
	}
	want("after a favourite and a bookmark", map[agora.ID]agora.ViewerFlags{fromAlice: {Favourited: true}, fromBob: {Bookmarked: true}})
	if _, err := svc.Reblog(ctx, svc.As(ctx, reader), fromBob, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Unfavourite(ctx, svc.As(ctx, reader), fromAlice); err != nil {
		t.Fatal(err)
	}
	want("after a boost and an unfavourite", map[agora.ID]agora.ViewerFlags{fromAlice: {}, fromBob: {Bookmarked: true, Reblogged: true}})
	if _, err := svc.Unreblog(ctx, svc.As(ctx, reader), fromBob); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Unbookmark(ctx, svc.As(ctx, reader), fromBob); err != nil {
		t.Fatal(err)
	}
	want("after unboosting and unbookmarking", map[agora.ID]agora.ViewerFlags{fromAlice: {}, fromBob: {}})

	if _, err := svc.Mute(ctx, svc.As(ctx, reader), alice.ID, false, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	want("after muting alice for 10 seconds", map[agora.ID]agora.ViewerFlags{fromBob: {}})
	advance(11 * time.Second) // well within the cache's lifetime
	want("after the mute ended", map[agora.ID]agora.ViewerFlags{fromAlice: {}, fromBob: {}})
	if _, err := svc.Mute(ctx, svc.As(ctx, reader), alice.ID, false, 0); err != nil {
		t.Fatal(err)
	}
	want("after muting alice again", map[agora.ID]agora.ViewerFlags{fromBob: {}})
	if _, err := svc.Unmute(ctx, svc.As(ctx, reader), alice.ID); err != nil {
		t.Fatal(err)
	}
	want("after unmuting", map[agora.ID]agora.ViewerFlags{fromAlice: {}, fromBob: {}})

	// A block by someone else changes the reader's filter too.
	if _, err := svc.Block(ctx, svc.As(ctx, bob), reader.ID); err != nil {
		t.Fatal(err)
	}
	want("after bob blocked the reader", map[agora.ID]agora.ViewerFlags{fromAlice: {}})
	if _, err := svc.Unblock(ctx, svc.As(ctx, bob), reader.ID); err != nil {
		t.Fatal(err)
	}
	// The block ended the follow; the reader follows bob again.
	if _, err := svc.Follow(ctx, svc.As(ctx, reader), bob.ID); err != nil {
		t.Fatal(err)
	}
	want("after bob unblocked and the reader followed again", map[agora.ID]agora.ViewerFlags{fromAlice: {}, fromBob: {}})
}
