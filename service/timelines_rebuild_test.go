package service_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/service"
)

// TestRebuildFeed_Window: a rebuilt feed holds statuses older than the window a
// rebuild reads first, when the window holds too few to fill it.
func TestRebuildFeed_Window(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	clock := time.Now().Add(-60 * 24 * time.Hour)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	svc, _ := newTestService(t, now)
	reader, alice, bob := mustAccount(t, svc, "reader"), mustAccount(t, svc, "alice"), mustAccount(t, svc, "bob")
	post := func(a *agora.Account, text string) agora.ID {
		b, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return b.Statuses[0].ID
	}
	old := post(alice, "a month and more ago")
	advance(45 * 24 * time.Hour)
	recent := post(alice, "yesterday")
	if _, err := svc.Follow(ctx, svc.As(ctx, reader), alice.ID); err != nil {
		t.Fatal(err)
	}
	// Following bob drops the reader's feed: the next read rebuilds it.
	if _, err := svc.Follow(ctx, svc.As(ctx, reader), bob.ID); err != nil {
		t.Fatal(err)
	}
	b, err := svc.HomeTimeline(ctx, svc.As(ctx, reader), agora.Page{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	var got []agora.ID
	for _, st := range b.Statuses {
		got = append(got, st.ID)
	}
	if len(got) != 2 || got[0] != recent || got[1] != old {
		t.Errorf("rebuilt home = %v, want [%d %d] (the recent status, then the one older than the window)", got, recent, old)
	}
}
