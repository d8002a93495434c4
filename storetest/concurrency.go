package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"agora"
)

var concurrencyTests = []test{
	{"Concurrency", testConcurrency},
}

// testConcurrency has 20 goroutines post, delete, follow each other both ways and
// unfollow at once, with a reader alongside, and checks that every counter is exact.
func testConcurrency(t *testing.T, s agora.Store) {
	const workers, posts = 20, 10
	f := newFixture(t, s)
	ctx := t.Context()
	hub := f.account("hub")
	root := f.status(hub, "root")
	accts := make([]*agora.Account, workers)
	for i := range accts {
		accts[i] = f.account(name(i))
	}

	work := func(i int) error {
		me := accts[i]
		next, prev := accts[(i+1)%workers], accts[(i+workers-1)%workers]
		for j := range posts {
			id := ids.New()
			st := &agora.Status{ID: id, AccountID: me.ID, Text: "@hub #load", Visibility: agora.VisibilityPublic,
				InReplyToID: root.ID, InReplyToAccountID: hub.ID, ThreadID: root.ID, CreatedAt: id.Time(),
				Tags: []string{"load"}, Mentions: []agora.ID{hub.ID}}
			if err := s.CreateStatus(ctx, st, fmt.Sprint("key-", j)); err != nil {
				return fmt.Errorf("create status: %w", err)
			}
		}
		gone := ids.New()
		if err := s.CreateStatus(ctx, &agora.Status{ID: gone, AccountID: me.ID, Text: "gone",
			Visibility: agora.VisibilityPublic, InReplyToID: root.ID, InReplyToAccountID: hub.ID,
			ThreadID: root.ID, CreatedAt: gone.Time()}, ""); err != nil {
			return fmt.Errorf("create status: %w", err)
		}
		if err := s.DeleteStatus(ctx, gone); err != nil {
			return fmt.Errorf("delete status: %w", err)
		}
		// Worker i follows i+1 while i+1 follows i: opposite follows at once.
		for _, target := range []*agora.Account{hub, next, prev} {
			id := ids.New()
			if err := s.CreateFollow(ctx, &agora.Follow{ID: id, AccountID: me.ID, TargetAccountID: target.ID,
				CreatedAt: id.Time()}); err != nil {
				return fmt.Errorf("follow: %w", err)
			}
		}
		if err := s.DeleteFollow(ctx, me.ID, prev.ID); err != nil {
			return fmt.Errorf("unfollow: %w", err)
		}
		return nil
	}

	readCtx, stopReading := context.WithCancel(ctx)
	var wg sync.WaitGroup
	errs := make([]error, workers+1)
	wg.Go(func() { errs[workers] = readUntilDone(readCtx, s, hub.ID) })
	var writers sync.WaitGroup
	for i := range workers {
		writers.Go(func() { errs[i] = work(i) })
	}
	writers.Wait()
	stopReading()
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("goroutine %d: %v", i, err)
		}
	}

	if got := f.reload(hub); got.FollowersCount != workers || got.FollowingCount != 0 || got.StatusesCount != 1 {
		t.Errorf("hub: followers %d, following %d, statuses %d; want %d, 0, 1",
			got.FollowersCount, got.FollowingCount, got.StatusesCount, workers)
	}
	for _, a := range accts {
		got := f.reload(a)
		if got.StatusesCount != posts || got.FollowingCount != 2 || got.FollowersCount != 1 {
			t.Errorf("%s: statuses %d, following %d, followers %d; want %d, 2, 1",
				a.Username, got.StatusesCount, got.FollowingCount, got.FollowersCount, posts)
		}
	}
	if got := f.reloadStatus(root); got.RepliesCount != workers*posts {
		t.Errorf("root: RepliesCount %d, want %d", got.RepliesCount, workers*posts)
	}
	if n, err := s.CountStatuses(ctx); err != nil || n != 1+workers*posts {
		t.Errorf("CountStatuses = %d, %v; want %d", n, err, 1+workers*posts)
	}
	home, err := s.HomeCandidates(ctx, hub.ID, 1000)
	mustOK(t, err, "HomeCandidates")
	if len(home) != 1+workers*posts {
		t.Errorf("hub's home candidates: %d, want %d", len(home), 1+workers*posts)
	}
	followers, err := s.FollowerIDs(ctx, hub.ID)
	mustOK(t, err, "FollowerIDs")
	if len(followers) != workers {
		t.Errorf("hub's followers: %d, want %d", len(followers), workers)
	}
}

// readUntilDone reads timelines until ctx is done.
func readUntilDone(ctx context.Context, s agora.Store, account agora.ID) error {
	for ctx.Err() == nil {
		if _, err := s.ListStatuses(ctx, agora.StatusQuery{Tag: "load"}); err != nil && ctx.Err() == nil {
			return fmt.Errorf("list statuses: %w", err)
		}
		if _, err := s.HomeCandidates(ctx, account, 40); err != nil && ctx.Err() == nil {
			return fmt.Errorf("home candidates: %w", err)
		}
	}
	return nil
}
