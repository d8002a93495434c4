package bench

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// Load is how long and how hard a scenario runs.
type Load struct {
	// Duration is how long requests are started for.
	Duration time.Duration
	// Connections is the number of concurrent workers, one connection each.
	Connections int
	// Rate, when above 0, is the total requests per second to send (open loop):
	// each worker sends on a fixed schedule whether or not its last request has
	// answered late, and a request's latency counts from when it was due, so a
	// server that falls behind shows in the percentiles. At 0 each worker sends its
	// next request as soon as the last one answers (closed loop), the way to find
	// the maximum rate.
	Rate float64
	// Seed makes the random choices (which status, which tag) repeatable.
	Seed uint64
}

// fixture is what the scenarios act on.
type fixture struct {
	accts    []Account
	statuses []string
	tags     []string
}

// tally is one worker's counts.
type tally struct {
	hist     *Histogram
	requests int64
	errors   int64
	firstErr error
}

func (t *tally) add(d time.Duration, err error) {
	t.hist.Record(d)
	t.requests++
	if err != nil {
		t.errors++
		if t.firstErr == nil {
			t.firstErr = err
		}
	}
}

// runLoad runs do on load.Connections workers for load.Duration and returns the
// merged tally and the time from the start until the last worker finished. It
// fails only if ctx ends; requests cut short by that are not counted.
//
// Before the clock starts, every worker sends one request that is not counted,
// so that each has its connection open: the measured period then holds the
// server's work, not TCP handshakes and a burst of connections opening at once.
func runLoad(ctx context.Context, c *Client, do requestFunc, load Load, fx fixture) (*tally, time.Duration, error) {
	workers := make([]*worker, load.Connections)
	tallies := make([]*tally, load.Connections)
	var warm sync.WaitGroup
	for i := range load.Connections {
		w := &worker{
			id: i, c: c, rng: rand.New(rand.NewPCG(load.Seed, uint64(i))),
			accts: fx.accts, statuses: fx.statuses, tags: fx.tags,
		}
		if len(fx.accts) > 0 {
			w.next = i * len(fx.accts) / load.Connections
		}
		workers[i], tallies[i] = w, &tally{hist: NewHistogram()}
		warm.Go(func() { _ = do(w, ctx) })
	}
	warm.Wait()
	start := time.Now()
	deadline := start.Add(load.Duration)
	var wg sync.WaitGroup
	for i, w := range workers {
		t := tallies[i]
		wg.Go(func() {
			if load.Rate > 0 {
				openLoop(ctx, w, do, t, start, deadline, load)
			} else {
				closedLoop(ctx, w, do, t, deadline)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	total := &tally{hist: NewHistogram()}
	for _, t := range tallies {
		total.hist.Merge(t.hist)
		total.requests += t.requests
		total.errors += t.errors
		if total.firstErr == nil {
			total.firstErr = t.firstErr
		}
	}
	return total, elapsed, nil
}

// closedLoop sends requests one after the other until the deadline.
func closedLoop(ctx context.Context, w *worker, do requestFunc, t *tally, deadline time.Time) {
	for {
		t0 := time.Now()
		if !t0.Before(deadline) || ctx.Err() != nil {
			return
		}
		err := do(w, ctx)
		if ctx.Err() != nil {
			return
		}
		t.add(time.Since(t0), err)
	}
}

// openLoop sends the worker's share of load.Rate: requests due at start +
// (w.id + k·Connections)/Rate seconds, for every k that falls before the deadline.
// Latency counts from when a request was due, not from when it was sent.
func openLoop(ctx context.Context, w *worker, do requestFunc, t *tally, start, deadline time.Time, load Load) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for k := 0; ; k++ {
		due := start.Add(time.Duration((float64(w.id) + float64(k)*float64(load.Connections)) / load.Rate * float64(time.Second)))
		if !due.Before(deadline) {
			return
		}
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return
			case <-timer.C:
			}
		}
		err := do(w, ctx)
		if ctx.Err() != nil {
			return
		}
		t.add(time.Since(due), err)
	}
}
