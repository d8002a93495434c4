package bench

import (
	"slices"
	"testing"
)

func TestFollowPlan(t *testing.T) {
	for _, tc := range []struct{ n, avg, perAccount int }{
		{1000, 20, 20},
		{5, 2, 2},
		{5, 10, 4}, // more than there are others: everyone follows everyone
		{1, 3, 0},
	} {
		plan := FollowPlan(tc.n, tc.avg, 7)
		if len(plan) != tc.n*tc.perAccount {
			t.Errorf("FollowPlan(%d, %d): %d follows, want %d", tc.n, tc.avg, len(plan), tc.n*tc.perAccount)
		}
		edges := make(map[Follow]bool)
		out := make([]int, tc.n)
		for _, f := range plan {
			if f.Follower == f.Followee || edges[f] || f.Followee < 0 || int(f.Followee) >= tc.n {
				t.Fatalf("FollowPlan(%d, %d): bad or repeated follow %v", tc.n, tc.avg, f)
			}
			edges[f] = true
			out[f.Follower]++
		}
		for i, k := range out {
			if k != tc.perAccount {
				t.Fatalf("FollowPlan(%d, %d): account %d follows %d, want %d", tc.n, tc.avg, i, k, tc.perAccount)
			}
		}
	}
	t.Run("power law", func(t *testing.T) {
		n := 1000
		in := make([]int, n)
		for _, f := range FollowPlan(n, 20, 7) {
			in[f.Followee]++
		}
		slices.Sort(in)
		slices.Reverse(in)
		// A power law: the most followed account has many times the average (20)
		// and the median account has well under it.
		if in[0] < 10*20 || in[n/2] >= 20 {
			t.Errorf("in-degrees: top %d, median %d; want a heavy head and a light middle", in[0], in[n/2])
		}
	})
	t.Run("repeatable", func(t *testing.T) {
		if !slices.Equal(FollowPlan(100, 5, 3), FollowPlan(100, 5, 3)) {
			t.Error("same seed, different plans")
		}
		if slices.Equal(FollowPlan(100, 5, 3), FollowPlan(100, 5, 4)) {
			t.Error("different seeds, same plan")
		}
	})
}
