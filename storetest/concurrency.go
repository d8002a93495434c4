package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"agora"
)

// runAll runs n goroutines of work at once and fails the test with the first error.
func runAll(t *testing.T, n int, work func(i int) error) {
	t.Helper()
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = work(i) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("goroutine %d: %v", i, err)
		}
	}
}

// allow returns nil when err is nil or has one of the codes.
func allow(err error, codes ...string) error {
	for _, c := range codes {
		if agora.ErrorCode(err) == c {
			return nil
		}
	}
	return err
}

var concurrencyTests = []test{
	{"Concurrency", testConcurrency},
	{"Concurrency/Favourites", testConcurrentFavourites},
	{"Concurrency/DeleteWithBoosts", testConcurrentDeleteWithBoosts},
	{"Concurrency/Blocks", testConcurrentBlocks},
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
	home, err := s.HomeCandidates(ctx, hub.ID, 1000, 0)
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
		if _, err := s.HomeCandidates(ctx, account, 40, 0); err != nil && ctx.Err() == nil {
			return fmt.Errorf("home candidates: %w", err)
		}
	}
	return nil
}

// testConcurrentFavourites has 50 goroutines favourite and unfavourite one status,
// several of them for the same account, bookmarking it alongside, and checks that
// favourites_count equals the number of favourites.
func testConcurrentFavourites(t *testing.T, s agora.Store) {
	const workers, accounts, rounds = 50, 40, 4
	f := newFixture(t, s)
	ctx := t.Context()
	st := f.status(f.account("star"), "popular")
	accts := make([]*agora.Account, accounts)
	for i := range accts {
		accts[i] = f.account(name(i))
	}
	runAll(t, workers, func(i int) error {
		a := accts[i%accounts] // accounts below workers-accounts have two goroutines
		mark := func(kind agora.MarkKind) error {
			id := ids.New()
			return s.CreateMark(ctx, &agora.StatusMark{ID: id, Kind: kind, AccountID: a.ID,
				StatusID: st.ID, CreatedAt: id.Time()})
		}
		for r := range rounds {
			if err := allow(mark(agora.MarkFavourite), agora.ECONFLICT); err != nil {
				return fmt.Errorf("favourite: %w", err)
			}
			if r == 0 {
				if err := allow(mark(agora.MarkBookmark), agora.ECONFLICT); err != nil {
					return fmt.Errorf("bookmark: %w", err)
				}
			}
			if r == rounds-1 && i%3 == 0 {
				break // keep this favourite
			}
			if err := allow(s.DeleteMark(ctx, agora.MarkFavourite, a.ID, st.ID), agora.ENOTFOUND); err != nil {
				return fmt.Errorf("unfavourite: %w", err)
			}
		}
		return nil
	})

	var favs []*agora.StatusMark
	for p := (agora.Page{Limit: agora.MaxPageLimit}); ; {
		page, err := s.MarksOnStatus(ctx, agora.MarkFavourite, st.ID, p)
		mustOK(t, err, "MarksOnStatus")
		favs = append(favs, page...)
		if len(page) < p.Limit {
			break
		}
		p.MaxID = page[len(page)-1].ID
	}
	if got := f.reloadStatus(st); got.FavouritesCount != len(favs) {
		t.Errorf("FavouritesCount = %d, but %d favourites exist", got.FavouritesCount, len(favs))
	}
	favourited := map[agora.ID]bool{}
	for _, m := range favs {
		favourited[m.AccountID] = true
	}
	// Accounts with one goroutine end as that goroutine left them.
	for i := workers - accounts; i < accounts; i++ {
		if want := i%3 == 0; favourited[accts[i].ID] != want {
			t.Errorf("%s favourited: %v, want %v", accts[i].Username, favourited[accts[i].ID], want)
		}
	}
	bookmarks, err := s.MarksOnStatus(ctx, agora.MarkBookmark, st.ID, agora.Page{Limit: agora.MaxPageLimit})
	mustOK(t, err, "MarksOnStatus")
	if len(bookmarks) != accounts {
		t.Errorf("bookmarks: %d, want %d", len(bookmarks), accounts)
	}
}

// testConcurrentDeleteWithBoosts deletes a status while its boosts are deleted,
// favourited and made, and checks that nothing deadlocks and every counter is exact.
func testConcurrentDeleteWithBoosts(t *testing.T, s agora.Store) {
	const workers = 20
	f := newFixture(t, s)
	ctx := t.Context()
	star := f.account("star")
	orig := f.status(star, "to be deleted")
	accts := make([]*agora.Account, workers)
	boosts := make([]*agora.Status, workers)
	for i := range accts {
		accts[i] = f.account(name(i))
		boosts[i] = f.status(accts[i], "", boostOf(orig))
		f.mark(agora.MarkFavourite, accts[i], orig)
	}
	runAll(t, workers+1, func(i int) error {
		if i == workers {
			return s.DeleteStatus(ctx, orig.ID)
		}
		me := accts[i]
		id := ids.New()
		err := s.CreateMark(ctx, &agora.StatusMark{ID: id, Kind: agora.MarkFavourite, AccountID: me.ID,
			StatusID: boosts[i].ID, CreatedAt: id.Time()})
		if err := allow(err, agora.ENOTFOUND); err != nil {
			return fmt.Errorf("favourite boost: %w", err)
		}
		if i%2 == 0 {
			if err := allow(s.DeleteStatus(ctx, boosts[i].ID), agora.ENOTFOUND); err != nil {
				return fmt.Errorf("delete boost: %w", err)
			}
		} else if err := allow(s.DeleteMark(ctx, agora.MarkFavourite, me.ID, orig.ID), agora.ENOTFOUND); err != nil {
			return fmt.Errorf("unfavourite: %w", err)
		}
		return nil
	})
	for _, a := range accts {
		if got := f.reload(a); got.StatusesCount != 0 {
			t.Errorf("%s: StatusesCount %d, want 0", a.Username, got.StatusesCount)
		}
		n, err := s.CountMarks(ctx, agora.MarkFavourite, a.ID)
		mustOK(t, err, "CountMarks")
		if n != 0 {
			t.Errorf("%s: %d favourites left, want 0", a.Username, n)
		}
	}
	if got := f.reload(star); got.StatusesCount != 0 {
		t.Errorf("star: StatusesCount %d, want 0", got.StatusesCount)
	}
}

// testConcurrentBlocks has accounts follow, request and block each other at once
// and checks that every follow counter equals the follows that exist.
func testConcurrentBlocks(t *testing.T, s agora.Store) {
	const workers = 20
	f := newFixture(t, s)
	ctx := t.Context()
	hub := f.account("hub")
	accts := make([]*agora.Account, workers)
	for i := range accts {
		accts[i] = f.account(name(i))
		f.follow(accts[i], hub)
		f.follow(hub, accts[i])
	}
	runAll(t, workers, func(i int) error {
		me, next := accts[i], accts[(i+1)%workers]
		id := ids.New()
		if err := allow(s.CreateFollow(ctx, &agora.Follow{ID: id, AccountID: me.ID, TargetAccountID: next.ID,
			CreatedAt: id.Time()}), agora.ECONFLICT); err != nil {
			return fmt.Errorf("follow: %w", err)
		}
		id = ids.New()
		if err := s.CreateFollowRequest(ctx, &agora.FollowRequest{ID: id, AccountID: next.ID,
			TargetAccountID: me.ID, CreatedAt: id.Time()}); err != nil {
			return fmt.Errorf("request: %w", err)
		}
		target := hub
		if i%2 == 0 {
			target = next // blocks the one it follows and that asked to follow it
		}
		id = ids.New()
		if err := s.CreateBlock(ctx, &agora.Block{ID: id, AccountID: me.ID, TargetAccountID: target.ID,
			CreatedAt: id.Time()}); err != nil {
			return fmt.Errorf("block: %w", err)
		}
		return nil
	})
	for _, a := range append([]*agora.Account{hub}, accts...) {
		followers, err := s.FollowerIDs(ctx, a.ID)
		mustOK(t, err, "FollowerIDs")
		following, err := s.FollowingIDs(ctx, a.ID)
		mustOK(t, err, "FollowingIDs")
		f.wantCounts(a, len(followers), len(following))
	}
	f.wantCounts(hub, workers/2, workers/2) // the odd ones blocked it

}
