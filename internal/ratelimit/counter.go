package ratelimit

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rule is a limit of N requests per Period. A Rule with N <= 0 or no Period
// limits nothing.
type Rule struct {
	N      int
	Period time.Duration
}

// Off reports whether the rule limits nothing.
func (r Rule) Off() bool { return r.N <= 0 || r.Period <= 0 }

// String is the rule as ParseRule reads it: "300/5m0s".
func (r Rule) String() string { return strconv.Itoa(r.N) + "/" + r.Period.String() }

// ParseRule reads "N/duration", such as "300/5m" (Go duration syntax).
func ParseRule(s string) (Rule, error) {
	n, d, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Rule{}, fmt.Errorf("%q is not N/duration, such as 300/5m", s)
	}
	count, err := strconv.Atoi(n)
	if err != nil || count < 1 {
		return Rule{}, fmt.Errorf("%q: the count must be a whole number of at least 1", s)
	}
	period, err := time.ParseDuration(d)
	if err != nil || period < time.Second {
		return Rule{}, fmt.Errorf("%q: the period must be a Go duration of at least 1s, such as 5m", s)
	}
	return Rule{N: count, Period: period}, nil
}

// Result is what Counter.Take found.
type Result struct {
	OK        bool      // the request is within the limit
	Limit     int       // the rule's N
	Remaining int       // requests left in the window after this one
	Reset     time.Time // when the window ends and the count starts again
}

// Counter counts requests per key over fixed windows aligned to the Unix
// epoch, as Mastodon's Rack::Attack does. It is safe for concurrent use; its
// memory is bounded by pruning windows that have ended.
type Counter struct {
	mu        sync.Mutex
	now       func() time.Time
	windows   map[string]*window
	pruneNext int
}

type window struct {
	start time.Time
	end   time.Time
	n     int
}

// NewCounter returns an empty counter; now may be nil for time.Now.
func NewCounter(now func() time.Time) *Counter {
	if now == nil {
		now = time.Now
	}
	return &Counter{now: now, windows: map[string]*window{}, pruneNext: pruneAbove}
}

// Take counts a request of key under r and says whether it is within the
// limit. A request over the limit is counted too, so a client that keeps
// trying stays limited until the window ends. The key should name the rule as
// well as the client when one client is counted under several rules.
func (c *Counter) Take(key string, r Rule) Result {
	if r.Off() {
		return Result{OK: true}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	start := now.Truncate(r.Period)
	w := c.windows[key]
	if w == nil || !w.start.Equal(start) {
		c.prune(now)
		w = &window{start: start, end: start.Add(r.Period)}
		c.windows[key] = w
	}
	w.n++
	return Result{OK: w.n <= r.N, Limit: r.N, Remaining: max(r.N-w.n, 0), Reset: w.end}
}

// Has reports whether key has a window that has not ended.
func (c *Counter) Has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.windows[key]
	return w != nil && w.end.After(c.now())
}

// prune drops ended windows once the map has grown past its mark, and sets the
// next mark at twice what remains, so pruning costs amortized O(1) a call.
func (c *Counter) prune(now time.Time) {
	if len(c.windows) < c.pruneNext {
		return
	}
	for k, w := range c.windows {
		if !w.end.After(now) {
			delete(c.windows, k)
		}
	}
	c.pruneNext = max(pruneAbove, 2*len(c.windows))
}

// pruneAbove is how many entries a map may hold before stale ones are dropped.
const pruneAbove = 10_000
