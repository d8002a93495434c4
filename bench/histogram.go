package bench

import (
	"math/bits"
	"time"
)

// subBits sets the histogram's precision: every power of two is split into
// 2^subBits linear buckets, so a recorded value is off by at most 1/2^(subBits+1)
// (0.2%) of itself.
const (
	subBits   = 7
	subCount  = 1 << subBits
	maxExp    = 44 - subBits // values up to 2^44 ns (about 4.9 hours); larger ones are clamped
	numBucket = (maxExp + 2) * subCount
)

// Histogram records durations in log-linear buckets: fixed memory (about 40 KB),
// constant-time recording, and quantiles within 0.2% of the true value. The
// maximum is kept exactly. The zero value is not usable; call NewHistogram. A
// Histogram is not safe for concurrent use: give each worker its own and Merge.
type Histogram struct {
	counts []uint64
	n      uint64
	max    time.Duration
}

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{counts: make([]uint64, numBucket)}
}

// bucketOf returns the bucket index of a value in nanoseconds.
func bucketOf(v uint64) int {
	if v < subCount {
		return int(v)
	}
	exp := bits.Len64(v) - subBits - 1 // v>>exp is in [subCount, 2*subCount)
	if exp > maxExp {
		return numBucket - 1
	}
	return (exp+1)*subCount + int(v>>exp) - subCount
}

// bucketValue returns the value a bucket stands for: the middle of its range.
func bucketValue(i int) uint64 {
	if i < subCount {
		return uint64(i)
	}
	exp := i/subCount - 1
	low := uint64(i%subCount+subCount) << exp
	return low + (uint64(1)<<exp)/2
}

// Record adds one duration; negative durations count as zero.
func (h *Histogram) Record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(uint64(d))]++
	h.n++
	if d > h.max {
		h.max = d
	}
}

// Merge adds every value recorded in o to h.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}

// Count returns the number of recorded values.
func (h *Histogram) Count() uint64 { return h.n }

// Max returns the largest recorded value, exactly; 0 when empty.
func (h *Histogram) Max() time.Duration { return h.max }

// Quantile returns the value below or at which a fraction q (0 to 1) of the
// recorded values lie, within the histogram's precision and never above Max; 0
// when empty.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q*float64(h.n) + 0.5)
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(time.Duration(bucketValue(i)), h.max)
		}
	}
	return h.max
}
