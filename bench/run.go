package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Config is one run of the load generator against one server.
type Config struct {
	// Target is the server's base URL, such as https://mastodon.example.
	Target string
	// Metrics is the URL of the server's Prometheus metrics, where its resident
	// memory is read after each scenario; "" is the target's /metrics. agora
	// serves them on a listener of their own (metrics_addr).
	Metrics string
	// Credentials are the accounts to act as. Either they are given or Setup is.
	Credentials []Credential
	// Setup, when above 0, registers that many accounts through the API first
	// (the server must have registrations open); see Client.Register.
	Setup int
	// SetupPrefix starts the usernames Setup registers; empty is a random prefix.
	SetupPrefix string
	// OnRegistered, if set, is called with the accounts Setup registered before
	// anything else happens, e.g. to save their tokens.
	OnRegistered func([]Credential) error

	// Statuses is the number of statuses to seed, and FollowsAvg the average
	// number of accounts each account follows in the seeded graph; SkipSeed seeds
	// neither.
	Statuses   int
	FollowsAvg int
	SkipSeed   bool
	// Tags are the hashtags of seeded statuses and of the tag scenario; nil means
	// DefaultTags.
	Tags []string

	// Scenarios to run, in order; nil means all of Scenarios().
	Scenarios []string
	Load      Load
	// WithCeiling runs the ceiling first, with the same load, and gives every
	// result its ratio to it.
	WithCeiling bool
	// Probe is the visibility probe of the scenarios that post; its zero value
	// probes with the defaults.
	Probe ProbeConfig

	// Log, if set, receives a line for every phase: for the person waiting.
	Log io.Writer
}

// Report is what a run measured.
type Report struct {
	// Ceiling is the ceiling's result when Config.WithCeiling was set.
	Ceiling *Result
	// Results are the scenarios' results, in the order they ran.
	Results []Result
}

// All returns the ceiling's result (if any) followed by the scenarios'.
func (r *Report) All() []Result {
	if r.Ceiling == nil {
		return r.Results
	}
	return append([]Result{*r.Ceiling}, r.Results...)
}

// validate checks the configuration and fills in defaults.
func (cfg *Config) validate() error {
	var errs []error
	if cfg.Target == "" {
		errs = append(errs, errors.New("a target URL is needed"))
	}
	switch {
	case cfg.Setup > 0 && len(cfg.Credentials) > 0:
		errs = append(errs, errors.New("give tokens or set up accounts, not both"))
	case cfg.Setup <= 0 && len(cfg.Credentials) == 0:
		errs = append(errs, errors.New("tokens or a number of accounts to set up are needed"))
	}
	if cfg.Statuses < 0 || cfg.FollowsAvg < 0 {
		errs = append(errs, errors.New("statuses and follows cannot be negative"))
	}
	if cfg.Load.Duration <= 0 || cfg.Load.Connections < 1 || cfg.Load.Rate < 0 {
		errs = append(errs, errors.New("duration must be above 0, connections at least 1 and rate not negative"))
	}
	if cfg.Tags == nil {
		cfg.Tags = DefaultTags()
	}
	if len(cfg.Tags) == 0 {
		errs = append(errs, errors.New("at least one hashtag is needed"))
	}
	if cfg.Scenarios == nil {
		cfg.Scenarios = Scenarios()
	}
	for _, s := range cfg.Scenarios {
		if _, err := scenarioRequest(s); err != nil {
			errs = append(errs, err)
		}
	}
	if err := cfg.Probe.validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Run prepares the accounts and data Config asks for, runs the ceiling if asked,
// then every scenario for Load.Duration, and returns what they measured. An error
// is returned when a preparation step fails or ctx ends; failed requests during a
// scenario are counted in its Errors, not returned.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, "bench: "+format+"\n", args...)
		}
	}
	c, err := NewClient(cfg.Target, cfg.Load.Connections)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	workers := cfg.Load.Connections

	creds := cfg.Credentials
	if cfg.Setup > 0 {
		t0 := time.Now()
		if creds, err = c.Register(ctx, cfg.Setup, cfg.SetupPrefix, workers); err != nil {
			return nil, fmt.Errorf("set up accounts: %w", err)
		}
		logf("registered %d accounts in %v", len(creds), since(t0))
		if cfg.OnRegistered != nil {
			if err := cfg.OnRegistered(creds); err != nil {
				return nil, err
			}
		}
	}
	accts, err := c.Accounts(ctx, creds, workers)
	if err != nil {
		return nil, fmt.Errorf("look up accounts: %w", err)
	}
	fx := fixture{accts: accts, tags: cfg.Tags}
	if fx.statuses, err = seed(ctx, c, cfg, accts, logf); err != nil {
		return nil, err
	}
	if needsStatuses(cfg.Scenarios) && len(fx.statuses) == 0 {
		if fx.statuses, err = knownStatuses(ctx, c, accts, cfg.Tags, logf); err != nil {
			return nil, err
		}
	}

	rep := &Report{}
	if cfg.WithCeiling {
		ceil, err := RunCeiling(ctx, cfg.Load)
		if err != nil {
			return nil, err
		}
		logf("ceiling: %.0f requests/s", ceil.RPS)
		rep.Ceiling = &ceil
	}
	var pairs []probePair // the visibility probe's, ready once a scenario needs them
	pairsReady := false
	for _, name := range cfg.Scenarios {
		do, _ := scenarioRequest(name)
		var probe []probePair
		if probed(name) {
			if !pairsReady {
				pairs, pairsReady = prepareProbes(ctx, c, cfg, accts, logf), true
			}
			probe = pairs
		}
		wait := startProbes(ctx, c, probe, cfg.Probe, cfg.Load.Duration)
		t, elapsed, err := runLoad(ctx, c, do, cfg.Load, fx)
		vis := wait()
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", name, err)
		}
		r := newResult(name, c.Target(), cfg.Load, t, elapsed)
		r.Visibility = vis
		if rss, ok := c.RSS(ctx, cfg.Metrics); ok {
			r.RSSBytes = &rss
		}
		if rep.Ceiling != nil && rep.Ceiling.RPS > 0 {
			ratio := round(r.RPS/rep.Ceiling.RPS, 4)
			r.CeilingRatio = &ratio
		}
		logf("%s: %d requests, %.0f/s, %d errors", name, r.Requests, r.RPS, r.Errors)
		if v := r.Visibility; v != nil {
			logf("%s: %d visibility probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed",
				name, v.VisibleProbes, v.VisibleP50Ms, v.VisibleP99Ms, v.VisibleMaxMs, v.VisibleFailures)
		}
		rep.Results = append(rep.Results, r)
	}
	return rep, nil
}

// seed makes the follow graph, then the statuses (so that servers that fan out
// on write fill the home feeds), and returns the statuses' IDs.
func seed(ctx context.Context, c *Client, cfg Config, accts []Account, logf func(string, ...any)) ([]string, error) {
	if cfg.SkipSeed {
		return nil, nil
	}
	workers := cfg.Load.Connections
	if cfg.FollowsAvg > 0 {
		t0 := time.Now()
		n, err := c.SeedFollows(ctx, accts, cfg.FollowsAvg, cfg.Load.Seed, workers)
		if err != nil {
			return nil, err
		}
		logf("seeded %d follows in %v", n, since(t0))
	}
	if cfg.Statuses == 0 {
		return nil, nil
	}
	t0 := time.Now()
	ids, err := c.SeedStatuses(ctx, accts, cfg.Statuses, cfg.Tags, workers)
	if err != nil {
		return nil, err
	}
	logf("seeded %d statuses in %v", len(ids), since(t0))
	return ids, nil
}

// knownStatuses finds statuses for the status scenario when none were seeded: the
// ones the accounts can already see, or else one it posts.
func knownStatuses(ctx context.Context, c *Client, accts []Account, tags []string, logf func(string, ...any)) ([]string, error) {
	ids, err := c.DiscoverStatuses(ctx, accts, tags)
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		logf("found %d existing statuses to read", len(ids))
		return ids, nil
	}
	id, err := c.postStatus(ctx, accts[0].Token, "A status for the load generator to read")
	if err != nil {
		return nil, fmt.Errorf("post a status to read: %w", err)
	}
	logf("no statuses found; posted one to read")
	return []string{id}, nil
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }
