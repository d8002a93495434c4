package bench

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestHistogram_Quantile(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		h := NewHistogram()
		if h.Quantile(0.5) != 0 || h.Max() != 0 || h.Count() != 0 {
			t.Errorf("empty histogram: p50 %v, max %v, count %d", h.Quantile(0.5), h.Max(), h.Count())
		}
	})
	t.Run("exact small values", func(t *testing.T) {
		h := NewHistogram()
		for v := range 100 {
			h.Record(time.Duration(v + 1))
		}
		for q, want := range map[float64]time.Duration{0.5: 50, 0.9: 90, 0.99: 99, 1: 100} {
			if got := h.Quantile(q); got != want {
				t.Errorf("Quantile(%v) = %v, want %v", q, got, want)
			}
		}
	})
	t.Run("relative error", func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		h := NewHistogram()
		var all []time.Duration
		for range 100000 {
			// Log-uniform from 1µs to 10s, the range of request latencies.
			d := time.Duration(float64(time.Microsecond) * math.Pow(10, r.Float64()*7))
			h.Record(d)
			all = append(all, d)
		}
		slices.Sort(all)
		for _, q := range []float64{0.01, 0.5, 0.9, 0.99, 0.999} {
			want := all[int(q*float64(len(all))+0.5)-1]
			got := h.Quantile(q)
			if err := float64(got-want) / float64(want); err > 0.01 || err < -0.01 {
				t.Errorf("Quantile(%v) = %v, want %v within 1%% (error %.3f%%)", q, got, want, err*100)
			}
		}
		if h.Max() != all[len(all)-1] {
			t.Errorf("Max = %v, want %v", h.Max(), all[len(all)-1])
		}
	})
	t.Run("merge and clamp", func(t *testing.T) {
		a, b := NewHistogram(), NewHistogram()
		a.Record(time.Millisecond)
		b.Record(100 * time.Hour) // beyond the last bucket: counted, max exact
		b.Record(-time.Second)
		a.Merge(b)
		if a.Count() != 3 || a.Max() != 100*time.Hour || a.Quantile(0) != 0 || a.Quantile(1) > 100*time.Hour {
			t.Errorf("merged: count %d, max %v, p0 %v, p100 %v", a.Count(), a.Max(), a.Quantile(0), a.Quantile(1))
		}
	})
}

func TestBucketOf_Monotonic(t *testing.T) {
	prev := -1
	for v := uint64(0); v < 1<<20; v += 7 {
		i := bucketOf(v)
		if i < prev {
			t.Fatalf("bucketOf(%d) = %d < %d", v, i, prev)
		}
		if bv := bucketValue(i); v >= subCount && (bv < v-v/subCount || bv > v+v/subCount) {
			t.Fatalf("bucketValue(bucketOf(%d)) = %d, too far", v, bv)
		}
		prev = i
	}
}
