package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
)

// zipfS is the exponent of the in-degree distribution of the follow graph: the
// account of popularity rank r is picked with a probability proportional to
// 1/(r+1)^zipfS, so a few accounts have most of the followers, as on real networks.
const zipfS = 1.1

// DefaultTags returns the hashtags seeded statuses carry and the tag scenario reads.
func DefaultTags() []string { return []string{"news", "music", "art", "tech", "sport"} }

// Follow is one edge of a follow graph: accounts by index.
type Follow struct{ Follower, Followee int32 }

// FollowPlan returns a follow graph of n accounts in which every account follows
// avg others (all others when there are fewer), picked with a power-law (Zipf)
// popularity over a random ranking of the accounts, so in-degrees follow a power
// law and average avg. The same seed gives the same graph.
func FollowPlan(n, avg int, seed uint64) []Follow {
	k := min(avg, n-1)
	if k <= 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	rank := r.Perm(n) // rank[i] is the account of popularity rank i
	z := rand.NewZipf(r, zipfS, 1, uint64(n-1))
	plan := make([]Follow, 0, n*k)
	seen := make(map[int]bool, k)
	for f := range n {
		clear(seen)
		seen[f] = true
		// Draw until k distinct others; with k close to n the rejections pile up,
		// so after a bounded number of draws the rest is filled in rank order.
		for tries := 0; len(seen) <= k && tries < 50*k; tries++ {
			if t := rank[z.Uint64()]; !seen[t] {
				seen[t] = true
				plan = append(plan, Follow{int32(f), int32(t)})
			}
		}
		for i := 0; len(seen) <= k; i++ {
			if t := rank[i]; !seen[t] {
				seen[t] = true
				plan = append(plan, Follow{int32(f), int32(t)})
			}
		}
	}
	return plan
}

// SeedFollows makes the accounts follow each other as FollowPlan(len(accts), avg,
// seed) says, through POST /api/v1/accounts/:id/follow on at most workers
// connections at once. It returns the number of follows made.
func (c *Client) SeedFollows(ctx context.Context, accts []Account, avg int, seed uint64, workers int) (int, error) {
	plan := FollowPlan(len(accts), avg, seed)
	err := forEach(ctx, len(plan), workers, func(ctx context.Context, i int) error {
		f, t := accts[plan[i].Follower], accts[plan[i].Followee]
		if err := c.follow(ctx, f.Token, t.ID); err != nil {
			return fmt.Errorf("%s follows %s: %w", f.Username, t.Username, err)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("seed follows: %w", err)
	}
	return len(plan), nil
}

// SeedStatuses posts m public statuses through POST /api/v1/statuses, spread
// round-robin over the accounts, each with one of the hashtags in turn, on at most
// workers connections at once. It returns their IDs.
func (c *Client) SeedStatuses(ctx context.Context, accts []Account, m int, tags []string, workers int) ([]string, error) {
	ids := make([]string, m)
	err := forEach(ctx, m, workers, func(ctx context.Context, i int) error {
		a := accts[i%len(accts)]
		text := fmt.Sprintf("Status %d of the load generator, about #%s", i, tags[i%len(tags)])
		id, err := c.postStatus(ctx, a.Token, text)
		if err != nil {
			return fmt.Errorf("%s posts: %w", a.Username, err)
		}
		ids[i] = id
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seed statuses: %w", err)
	}
	return ids, nil
}

// DiscoverStatuses collects IDs of existing statuses, for the status scenario when
// nothing was seeded in this run: from the home timelines of up to ten of the
// accounts, the public timeline and the hashtag timelines of tags.
func (c *Client) DiscoverStatuses(ctx context.Context, accts []Account, tags []string) ([]string, error) {
	type read struct{ token, path string }
	reads := []read{{accts[0].Token, "/api/v1/timelines/public?limit=40"}}
	for _, t := range tags {
		reads = append(reads, read{accts[0].Token, "/api/v1/timelines/tag/" + url.PathEscape(t) + "?limit=40"})
	}
	for _, a := range accts[:min(len(accts), 10)] {
		reads = append(reads, read{a.Token, "/api/v1/timelines/home?limit=40"})
	}
	seen := make(map[string]bool)
	var ids []string
	for _, r := range reads {
		page, err := c.statusIDs(ctx, r.token, r.path)
		if err != nil {
			return nil, fmt.Errorf("discover statuses: %w", err)
		}
		for _, id := range page {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}
