package service_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"agora"
	"agora/feedcache"
	"agora/oauth"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
)

//	go test ./service -run '^$' -bench 'HomeTimeline_Page|FanOut_PerFollower' -count 6

// newBenchService returns a service over a fresh SQLite database and its feed cache.
func newBenchService(b *testing.B) (*service.Service, *sqlstore.DB, *feedcache.Memory) {
	b.Helper()
	db, err := sqlstore.Open(context.Background(), storetest.SQLitePath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	feeds := feedcache.NewMemory(0)
	svc := service.NewForTest(b, db, feeds, nil)
	return svc, db, feeds
}

// BenchmarkHomeTimeline_Page builds one page of 20 statuses of a full home feed in
// steady state: a reader following 100 authors of 10 public statuses each (1,000
// statuses, a quarter with a mention, each with a hashtag), whose feed is already
// built and holds agora.FeedLen (800) entries, for a viewer in FR. It is
// Service.HomeTimeline, all of GET /api/v1/timelines/home but HTTP and JSON:
// read the feed, load the page's statuses, the gate, the accounts and the viewer's
// flags. "first" is the newest page; "middle" the page below the 400th entry
// (max_id). Then again with 100,000 rules in force over 50 other countries (one
// on every status and author of the network), as BenchmarkHomeTimeline_Rules.
func BenchmarkHomeTimeline_Page(b *testing.B) {
	ctx := context.Background()
	svc, db, feeds := newBenchService(b)
	mk := func(name string) *agora.Account {
		a, err := svc.CreateAccount(ctx, oauth.NewAccount{Username: name, Email: name + "@bench.example", Password: "password-bench"})
		if err != nil {
			b.Fatal(err)
		}
		return a
	}
	n := &benchNetwork{svc: svc, db: db, reader: mk("reader")}
	authors := make([]*agora.Account, 100)
	for i := range authors {
		authors[i] = mk("author" + strconv.Itoa(i))
		n.authors = append(n.authors, authors[i].ID)
	}
	// Interleaved, as a real feed is: one status per author per round.
	for j := range 10 {
		for i, a := range authors {
			text := fmt.Sprintf("status %d of author %d, with some more words to make it a typical post #bench%d", j, i, j%7)
			if (i+j)%4 == 0 {
				text += " cc @author" + strconv.Itoa((i+1)%len(authors))
			}
			bd, err := svc.PostStatus(ctx, svc.As(ctx, a), service.NewStatus{Text: text, Visibility: "public"})
			if err != nil {
				b.Fatal(err)
			}
			n.statuses = append(n.statuses, bd.Statuses[0].ID)
		}
	}
	for _, id := range n.authors {
		if _, err := svc.Follow(ctx, svc.As(ctx, n.reader), id); err != nil {
			b.Fatal(err)
		}
	}
	fr := agora.WithCountry(ctx, "FR")
	if _, err := svc.HomeTimeline(fr, svc.As(fr, n.reader), agora.Page{Limit: 20}); err != nil { // builds the feed
		b.Fatal(err)
	}
	entries, ok, err := feeds.Feed(ctx, n.reader.ID)
	if err != nil || !ok || len(entries) != agora.FeedLen {
		b.Fatalf("the feed holds %d entries (ok %v, err %v), want %d", len(entries), ok, err, agora.FeedLen)
	}
	pages := []struct {
		name string
		page agora.Page
	}{
		{"first", agora.Page{Limit: 20}},
		{"middle", agora.Page{Limit: 20, MaxID: entries[400].ID}},
	}
	run := func(b *testing.B, rules int) {
		for _, p := range pages {
			b.Run(p.name+"/rules="+strconv.Itoa(rules), func(b *testing.B) {
				for b.Loop() {
					page, err := svc.HomeTimeline(fr, svc.As(fr, n.reader), p.page)
					if err != nil {
						b.Fatal(err)
					}
					if len(page.Statuses) != 20 {
						b.Fatalf("page has %d statuses", len(page.Statuses))
					}
				}
			})
		}
	}
	run(b, 0)
	n.addRules(b, 100_000)
	run(b, 100_000)
}

// BenchmarkFanOut_PerFollower posts a public status (Service.PostStatus, all of
// POST /api/v1/statuses but HTTP and JSON) by an author with 10, 100, 1,000 and
// 10,000 followers, each of whose home feeds is in the in-process cache
// (feedcache.Memory) and full (800 entries): storing the status, reading the
// followers, pushing the entry into every feed, and presenting the new status.
// ns/follower is ns/op divided by the number of followers; it includes the fixed
// cost of a post, which dominates for few followers (compare ns/op across sizes
// for the marginal cost of a follower).
func BenchmarkFanOut_PerFollower(b *testing.B) {
	ctx := context.Background()
	svc, db, feeds := newBenchService(b)
	sizes := []int{10, 100, 1000, 10_000}
	var ids agora.IDGenerator
	now := time.Now()
	mkAccount := func(name string) *agora.Account {
		a := &agora.Account{ID: ids.New(), Username: name, Email: name + "@bench.example", Role: agora.RoleUser, Discoverable: true, CreatedAt: now}
		if err := db.CreateAccount(ctx, a); err != nil {
			b.Fatal(err)
		}
		return a
	}
	followers := make([]*agora.Account, sizes[len(sizes)-1])
	for i := range followers {
		followers[i] = mkAccount("follower" + strconv.Itoa(i))
	}
	// Every follower's feed is full of older statuses, as an active reader's is.
	old := make([]agora.FeedEntry, agora.FeedLen)
	for i := range old {
		old[len(old)-1-i] = agora.FeedEntry{ID: ids.New()}
	}
	for _, f := range followers {
		if err := feeds.Fill(ctx, f.ID, old); err != nil {
			b.Fatal(err)
		}
	}
	for _, size := range sizes {
		author := mkAccount("author" + strconv.Itoa(size))
		for _, f := range followers[:size] {
			if err := db.CreateFollow(ctx, &agora.Follow{ID: ids.New(), AccountID: f.ID, TargetAccountID: author.ID, CreatedAt: now}); err != nil {
				b.Fatal(err)
			}
		}
		b.Run("followers="+strconv.Itoa(size), func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := svc.PostStatus(ctx, svc.As(ctx, author), service.NewStatus{Text: fmt.Sprintf("post %d of a busy author #fanout", i), Visibility: "public"}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			entries, _, err := feeds.Feed(ctx, followers[size-1].ID)
			if err != nil || len(entries) != agora.FeedLen {
				b.Fatalf("a follower's feed holds %d entries (%v), want %d", len(entries), err, agora.FeedLen)
			}
			if st, err := db.Status(ctx, entries[0].ID); err != nil || st.AccountID != author.ID {
				b.Fatalf("the newest entry of a follower's feed is not the author's post (%v)", err)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size), "ns/follower")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}
