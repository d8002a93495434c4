package bench

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"
)

// The visibility probe measures how long a post takes to show in a follower's
// home timeline while a scenario that posts (post, mixed) runs its load. It uses
// the standard API only, so it works on any Mastodon-compatible server:
//
//  1. Before the first such scenario, a few (poster, follower) pairs are picked
//     and each follower follows its poster (POST /api/v1/accounts/:id/follow,
//     which answers 200 for an account already followed). A pair whose follow is
//     pending (a locked account) or fails is skipped, with a line in the log.
//  2. During the scenario one probe runs at a time, on its own connection and
//     outside the scenario's counts, rotating over the pairs: it reads the ID of
//     the newest status of the follower's home timeline, notes the time, posts a
//     status as the poster, then reads the follower's home timeline with
//     min_id=<that ID> until the new status's ID is in the answer.
//
// A probe's time is from just before the POST is sent until the answer of the
// first read that shows the status arrives. Polling starts once the POST has
// answered (its ID is what the reads look for), so the time includes the POST's
// own latency, as a person posting would see it; and since reads are ProbeConfig.Poll
// apart, the time overstates the moment the status became visible by at most one
// poll interval plus one read's round trip. That is the probe's resolution.

// DefaultProbePairs is the number of (poster, follower) pairs the visibility
// probe uses unless told otherwise.
const DefaultProbePairs = 4

// Defaults of ProbeConfig.
const (
	defaultProbeEvery   = 100 * time.Millisecond
	defaultProbePoll    = 5 * time.Millisecond
	defaultProbeTimeout = 10 * time.Second
)

// probePage is the number of statuses a probe's read asks for: Mastodon's most.
const probePage = 40

// ProbeConfig is the visibility probe of the scenarios that post (post and mixed).
// Zero values are the defaults.
type ProbeConfig struct {
	// Pairs is the number of (poster, follower) pairs to probe with: 0 means
	// DefaultProbePairs and a negative number turns the probe off. Fewer are used
	// when there are not enough accounts (at least two are needed).
	Pairs int
	// Every is the least time from the start of one probe to the start of the
	// next; 0 means 100 ms. One probe runs at a time, so a slow one delays the next.
	Every time.Duration
	// Poll is the time between two reads of the follower's home timeline while a
	// probe waits, and so the probe's resolution; 0 means 5 ms.
	Poll time.Duration
	// Timeout is how long after posting a probe gives up and counts as failed;
	// 0 means 10 s.
	Timeout time.Duration
}

// validate checks the probe's configuration and fills in defaults.
func (pc *ProbeConfig) validate() error {
	if pc.Every < 0 || pc.Poll < 0 || pc.Timeout < 0 {
		return errors.New("the probe's interval, poll interval and timeout cannot be negative")
	}
	if pc.Pairs == 0 {
		pc.Pairs = DefaultProbePairs
	}
	if pc.Every == 0 {
		pc.Every = defaultProbeEvery
	}
	if pc.Poll == 0 {
		pc.Poll = defaultProbePoll
	}
	if pc.Timeout == 0 {
		pc.Timeout = defaultProbeTimeout
	}
	return nil
}

// probed reports whether a scenario runs the visibility probe: those that post.
func probed(scenario string) bool { return scenario == Post || scenario == Mixed }

// Visibility is how long posts took to show in a follower's home timeline, as
// the visibility probe measured during a scenario. Its fields are inlined in the
// JSON form of Result.
type Visibility struct {
	// VisibleProbes counts the probes that finished, failed ones included.
	VisibleProbes int64 `json:"visible_probes"`
	// VisibleFailures counts the probes whose status the follower did not see
	// within the timeout, and those whose post or timeline read failed.
	VisibleFailures int64 `json:"visible_failures"`
	// Percentiles and maximum, in milliseconds, of the time from sending a post to
	// the first read of the follower's home timeline that showed it, over the
	// probes that saw their status and those that timed out (counted at the time
	// they gave up, a lower bound); probes whose requests failed have no time.
	VisibleP50Ms float64 `json:"visible_p50_ms"`
	VisibleP99Ms float64 `json:"visible_p99_ms"`
	VisibleMaxMs float64 `json:"visible_max_ms"`
	// VisibleFirstFailure describes the first failed probe, if any.
	VisibleFirstFailure string `json:"visible_first_failure,omitempty"`
}

// probePair is a poster whose statuses the follower's home timeline should show.
type probePair struct{ poster, follower Account }

// probePairs picks up to k (poster, follower) pairs with distinct posters and
// distinct followers. When the run seeded a follow graph (plan), its edges come
// first, in order: they exist already, so probing adds no follow, and their
// posters tend to be the popular accounts whose posts fan out the most. Otherwise
// account i is followed by account i+n/2 (mod n). Fewer than two accounts give
// no pairs.
func probePairs(accts []Account, plan []Follow, k int) []probePair {
	n := len(accts)
	if n < 2 || k <= 0 {
		return nil
	}
	var pairs []probePair
	if len(plan) > 0 {
		posters, followers := make(map[int32]bool), make(map[int32]bool)
		for _, f := range plan {
			if len(pairs) == k {
				break
			}
			if posters[f.Followee] || followers[f.Follower] {
				continue
			}
			posters[f.Followee], followers[f.Follower] = true, true
			pairs = append(pairs, probePair{poster: accts[f.Followee], follower: accts[f.Follower]})
		}
		return pairs
	}
	for i := range min(k, n) {
		pairs = append(pairs, probePair{poster: accts[i], follower: accts[(i+n/2)%n]})
	}
	return pairs
}

// prepareProbes picks the probe's pairs and makes each follower follow its
// poster, skipping (and logging) pairs whose follow is pending or fails. It
// returns the pairs ready to probe, none when the probe is off.
func prepareProbes(ctx context.Context, c *Client, cfg Config, accts []Account, logf func(string, ...any)) []probePair {
	if cfg.Probe.Pairs < 0 {
		return nil
	}
	var plan []Follow
	if !cfg.SkipSeed && cfg.FollowsAvg > 0 {
		plan = FollowPlan(len(accts), cfg.FollowsAvg, cfg.Load.Seed)
	}
	var ready []probePair
	for _, p := range probePairs(accts, plan, cfg.Probe.Pairs) {
		pending, err := c.followPending(ctx, p.follower.Token, p.poster.ID)
		switch {
		case err != nil:
			logf("visibility probe: %s cannot follow %s, pair skipped: %v", p.follower.Username, p.poster.Username, err)
		case pending:
			logf("visibility probe: %s's follow of %s is pending (a locked account), pair skipped", p.follower.Username, p.poster.Username)
		default:
			ready = append(ready, p)
		}
	}
	if len(ready) == 0 {
		logf("visibility probe: no (poster, follower) pair to probe with; post visibility is not measured")
	} else {
		logf("visibility probe: %d (poster, follower) pairs", len(ready))
	}
	return ready
}

// followPending makes the token's account follow the account with the ID and
// reports whether the follow is only requested (the account is locked).
func (c *Client) followPending(ctx context.Context, token, id string) (bool, error) {
	var rel struct {
		Following bool `json:"following"`
		Requested bool `json:"requested"`
	}
	if err := c.call(ctx, "POST", "/api/v1/accounts/"+url.PathEscape(id)+"/follow", token, url.Values{}, &rel); err != nil {
		return false, err
	}
	return rel.Requested && !rel.Following, nil
}

// probeTally is what the probes of one scenario measured.
type probeTally struct {
	hist           *Histogram
	probes, failed int64
	firstFailure   error
}

// add counts one probe: its time (zero when it has none) and its error, if it failed.
func (t *probeTally) add(d time.Duration, err error) {
	t.probes++
	if d > 0 {
		t.hist.Record(d)
	}
	if err != nil {
		t.failed++
		if t.firstFailure == nil {
			t.firstFailure = err
		}
	}
}

// visibility summarizes the tally; nil when no probe finished.
func (t *probeTally) visibility() *Visibility {
	if t.probes == 0 {
		return nil
	}
	v := &Visibility{
		VisibleProbes: t.probes, VisibleFailures: t.failed,
		VisibleP50Ms: ms(t.hist.Quantile(0.50)), VisibleP99Ms: ms(t.hist.Quantile(0.99)), VisibleMaxMs: ms(t.hist.Max()),
	}
	if t.firstFailure != nil {
		v.VisibleFirstFailure = t.firstFailure.Error()
	}
	return v
}

// startProbes runs probes over the pairs, in the background, for d from now,
// and returns a function that waits until they end and returns what they
// measured (nil when there are no pairs or no probe finished). The probe running
// when d is over is let finish, since it was sent under load; a probe cut short
// by the end of ctx is not counted.
func startProbes(ctx context.Context, c *Client, pairs []probePair, pc ProbeConfig, d time.Duration) (wait func() *Visibility) {
	if len(pairs) == 0 {
		return func() *Visibility { return nil }
	}
	deadline := time.Now().Add(d)
	done := make(chan *probeTally, 1)
	go func() { done <- probeLoop(ctx, c, pairs, pc, deadline) }()
	return func() *Visibility { return (<-done).visibility() }
}

// probeLoop starts a probe at most every pc.Every, one at a time, rotating over
// the pairs, until the deadline.
func probeLoop(ctx context.Context, c *Client, pairs []probePair, pc ProbeConfig, deadline time.Time) *probeTally {
	t := &probeTally{hist: NewHistogram()}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for n := 0; ; n++ {
		start := time.Now()
		if !start.Before(deadline) || ctx.Err() != nil {
			return t
		}
		d, err := c.probe(ctx, pairs[n%len(pairs)], n, pc)
		if ctx.Err() != nil {
			return t
		}
		t.add(d, err)
		if wait := min(time.Until(start.Add(pc.Every)), time.Until(deadline)); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return t
			case <-timer.C:
			}
		}
	}
}

// errNotVisible is a probe whose status the follower did not see in time.
var errNotVisible = errors.New("status not in the follower's home timeline")

// probe posts the nth probe status as the pair's poster and reads the follower's
// home timeline every pc.Poll until it shows the status. It returns the time from
// sending the post until the read that showed it answered, or an error: after
// pc.Timeout, errNotVisible with the time it gave up at; when a request fails,
// that error and no time.
func (c *Client) probe(ctx context.Context, p probePair, n int, pc ProbeConfig) (time.Duration, error) {
	newest, err := c.statusIDs(ctx, p.follower.Token, "/api/v1/timelines/home?limit=1")
	if err != nil {
		return 0, fmt.Errorf("visibility probe: read %s's home timeline: %w", p.follower.Username, err)
	}
	var cursor string // min_id of the reads: the newest status before the post
	if len(newest) > 0 {
		cursor = newest[0]
	}
	text := fmt.Sprintf("Visibility probe %d: %s posts, %s should see it", n, p.poster.Username, p.follower.Username)
	t0 := time.Now()
	pctx, cancel := context.WithDeadline(ctx, t0.Add(pc.Timeout))
	defer cancel()
	timedOut := func(err error) (time.Duration, error) {
		if pctx.Err() != nil && ctx.Err() == nil {
			return time.Since(t0), fmt.Errorf("visibility probe: %s's status not in %s's home timeline after %v: %w",
				p.poster.Username, p.follower.Username, pc.Timeout, errNotVisible)
		}
		return 0, err
	}
	id, err := c.postStatus(pctx, p.poster.Token, text)
	if err != nil {
		return timedOut(fmt.Errorf("visibility probe: %s posts: %w", p.poster.Username, err))
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		path := fmt.Sprintf("/api/v1/timelines/home?limit=%d", probePage)
		if cursor != "" {
			path += "&min_id=" + url.QueryEscape(cursor)
		}
		page, err := c.statusIDs(pctx, p.follower.Token, path)
		if err != nil {
			return timedOut(fmt.Errorf("visibility probe: read %s's home timeline: %w", p.follower.Username, err))
		}
		if slices.Contains(page, id) {
			return time.Since(t0), nil
		}
		if cursor != "" && len(page) == probePage {
			// A full page of statuses newer than the cursor, none of them ours:
			// walk forward at once (answers are newest first).
			cursor = page[0]
			continue
		}
		timer.Reset(pc.Poll)
		select {
		case <-pctx.Done():
			return timedOut(pctx.Err())
		case <-timer.C:
		}
	}
}
