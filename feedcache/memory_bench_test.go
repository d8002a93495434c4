package feedcache_test

import (
	"strconv"
	"testing"

	"agora"
	"agora/feedcache"
)

//	go test ./feedcache -run '^$' -bench Memory_ -count 6

// fullFeeds returns a cache holding feeds full feeds (agora.FeedLen entries of
// older statuses each), the IDs of their readers, and a generator of newer IDs.
func fullFeeds(b *testing.B, feeds int) (*feedcache.Memory, []agora.ID, *agora.IDGenerator) {
	b.Helper()
	ids := &agora.IDGenerator{}
	m := feedcache.NewMemory(0)
	old := make([]agora.FeedEntry, agora.FeedLen)
	for i := range old {
		old[len(old)-1-i] = agora.FeedEntry{ID: ids.New()}
	}
	readers := make([]agora.ID, feeds)
	for i := range readers {
		readers[i] = ids.New()
		if err := m.Fill(ctx, readers[i], old); err != nil {
			b.Fatal(err)
		}
	}
	return m, readers, ids
}

// BenchmarkMemory_Push pushes one new status into 1,000 full feeds of 800 entries,
// as the fan-out of a post by an author with 1,000 followers does: per op one
// Push call naming 1,000 readers. The entry is newer than everything in the feeds,
// so each insert goes at the front and the oldest entry falls off. ns/feed is
// ns/op divided by 1,000. "boost" pushes a boost instead, which the cache first
// checks against every entry of each feed (a boost of a status already shown is
// left out).
func BenchmarkMemory_Push(b *testing.B) {
	for _, kind := range []string{"status", "boost"} {
		b.Run(kind, func(b *testing.B) {
			const feeds = 1000
			m, readers, ids := fullFeeds(b, feeds)
			for b.Loop() {
				e := agora.FeedEntry{ID: ids.New()}
				if kind == "boost" {
					e.ReblogOf = ids.New()
				}
				if err := m.Push(ctx, readers, e); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*feeds), "ns/feed")
		})
	}
}

// BenchmarkMemory_Feed reads one full feed (800 entries), as every home timeline
// request does first: Memory.Feed returns a copy, under the cache's lock. The
// cache holds 1,000 feeds; reads go round them.
func BenchmarkMemory_Feed(b *testing.B) {
	for _, held := range []int{1, 1000} {
		b.Run("feeds="+strconv.Itoa(held), func(b *testing.B) {
			m, readers, _ := fullFeeds(b, held)
			i := 0
			for b.Loop() {
				entries, ok, err := m.Feed(ctx, readers[i%len(readers)])
				if err != nil || !ok || len(entries) != agora.FeedLen {
					b.Fatalf("feed of %d entries, ok %v, err %v", len(entries), ok, err)
				}
				i++
			}
		})
	}
}
