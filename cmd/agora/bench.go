package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"agora/bench"
)

const benchUse = `agora bench --target URL (--tokens FILE | --setup N [--tokens-out FILE]) [--statuses M] [--follows-avg K] [--skip-seed]
            [--scenarios home,status,post,tag,mixed] [--duration 10s] [--connections C] [--rate R] [--with-ceiling] [--json]
agora bench ceiling [--duration 10s] [--connections C] [--rate R] [--json]
agora bench legal --target URL --token TOKEN (--setup | --names FILE) [--targets 1178] [--country IN] [--json]
agora bench seed --db PATH --accounts N --statuses M --follows-avg K --tokens-out FILE [--prefix bench] [--seed 1]`

// benchCmd dispatches `agora bench`: the load generator, its ceiling, and the legal
// desk's timings.
func benchCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "ceiling":
			return benchCeiling(ctx, args[1:], stdout, stderr)
		case "legal":
			return benchLegal(ctx, args[1:], getenv, stdout, stderr)
		case "seed":
			return benchSeed(ctx, args[1:], stderr)
		}
	}
	return benchLoad(ctx, args, stdout, stderr)
}

// usageOf returns err as a usage error when the run says it is one (a
// *bench.UsageError: what it was asked to do cannot be done), else err unchanged.
func usageOf(err error) error {
	if ue := (*bench.UsageError)(nil); errors.As(err, &ue) {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	return err
}

// loadFlags are the flags of every load run, the ceiling's included.
type loadFlags struct {
	duration    time.Duration
	connections int
	rate        float64
	seed        uint64
	json        bool
}

func addLoadFlags(fs *flag.FlagSet) *loadFlags {
	f := &loadFlags{}
	fs.DurationVar(&f.duration, "duration", 10*time.Second, "how long each scenario sends requests")
	fs.IntVar(&f.connections, "connections", 16, "concurrent connections, each with one request in flight")
	fs.Float64Var(&f.rate, "rate", 0, "total requests per second to send on a fixed schedule (open loop; latency counts from when a request was due); 0 sends as fast as answers come")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the random choices (follow graph, statuses and tags read), for repeatable runs")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per scenario per line instead of a table")
	return f
}

func (f *loadFlags) load() (bench.Load, error) {
	if f.duration <= 0 || f.connections < 1 || f.rate < 0 {
		return bench.Load{}, fmt.Errorf("%w: --duration must be above 0, --connections at least 1, --rate not negative", errUsage)
	}
	return bench.Load{Duration: f.duration, Connections: f.connections, Rate: f.rate, Seed: f.seed}, nil
}

// write prints the results as the flags ask, then fails if any request failed,
// so that a script sees a run that did not measure what it should have.
func (f *loadFlags) write(stdout io.Writer, header string, results []bench.Result) error {
	var err error
	if f.json {
		err = bench.WriteJSON(stdout, results)
	} else {
		fmt.Fprintln(stdout, header)
		err = bench.WriteTable(stdout, results)
	}
	if err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	var failed []error
	for _, r := range results {
		if r.Errors > 0 {
			failed = append(failed, fmt.Errorf("%s: %d of %d requests failed, the first with: %s", r.Scenario, r.Errors, r.Requests, r.FirstError))
		}
		if v := r.Visibility; v != nil && v.VisibleFailures > 0 {
			failed = append(failed, fmt.Errorf("%s: %d of %d visibility probes failed, the first with: %s", r.Scenario, v.VisibleFailures, v.VisibleProbes, v.VisibleFirstFailure))
		}
	}
	return errors.Join(failed...)
}

func benchCeiling(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench ceiling", stderr)
	lf := addLoadFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: bench ceiling takes no arguments, got %q", errUsage, fs.Args())
	}
	load, err := lf.load()
	if err != nil {
		return err
	}
	r, err := bench.RunCeiling(ctx, load)
	if err != nil {
		return err
	}
	return lf.write(stdout, loadHeader("a trivial net/http handler in this process", load), []bench.Result{r})
}

func benchLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	target := fs.String("target", "", "base URL of the Mastodon-compatible server to load, e.g. http://127.0.0.1:8080")
	metrics := fs.String("metrics", "", "URL of the server's Prometheus metrics, where its resident memory is read, e.g. http://127.0.0.1:9090/metrics for agora's metrics_addr (default the target's /metrics)")
	tokens := fs.String("tokens", "", "file of the accounts to act as: one username<TAB>token per line (scopes read write follow)")
	setup := fs.Int("setup", 0, "register this many accounts through POST /api/v1/accounts first (the server must have registrations open and no e-mail confirmation, as agora)")
	tokensOut := fs.String("tokens-out", "", "with --setup: write the registered accounts' tokens to this file, for --tokens in later runs")
	statuses := fs.Int("statuses", 1000, "statuses to seed, spread over the accounts, with hashtags from a small set")
	follows := fs.Int("follows-avg", 10, "follows per account to seed, picked with a power-law popularity")
	skipSeed := fs.Bool("skip-seed", false, "seed nothing (statuses and follows are already there from an earlier run)")
	scenarios := fs.String("scenarios", strings.Join(bench.Scenarios(), ","), "comma-separated scenarios to run, in order")
	withCeiling := fs.Bool("with-ceiling", false, "measure the ceiling first and give every scenario's rate as a fraction of it")
	probes := fs.Int("probes", bench.DefaultProbePairs, "post and mixed: (poster, follower) pairs that measure how soon a post shows in the follower's home timeline; 0 turns the probe off")
	probeEvery := fs.Duration("probe-every", 100*time.Millisecond, "least time between the starts of two visibility probes")
	probeTimeout := fs.Duration("probe-timeout", 10*time.Second, "how long a visibility probe waits before it counts as failed")
	lf := addLoadFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	use := func(msg string) error { return fmt.Errorf("%w: %s\n%s", errUsage, msg, benchUse) }
	switch {
	case fs.NArg() > 0:
		return use(fmt.Sprintf("unexpected arguments %q", fs.Args()))
	case *target == "":
		return use("--target is needed")
	case (*tokens == "") == (*setup <= 0):
		return use("give either --tokens FILE or --setup N")
	case *tokensOut != "" && *setup <= 0:
		return use("--tokens-out goes with --setup")
	case *statuses < 0 || *follows < 0:
		return use("--statuses and --follows-avg cannot be negative")
	case *probes < 0 || *probeEvery <= 0 || *probeTimeout <= 0:
		return use("--probes cannot be negative; --probe-every and --probe-timeout must be above 0")
	}
	names, err := parseScenarios(*scenarios)
	if err != nil {
		return use(err.Error())
	}
	load, err := lf.load()
	if err != nil {
		return err
	}
	cfg := bench.Config{
		Target: *target, Metrics: *metrics, Setup: *setup, Statuses: *statuses, FollowsAvg: *follows, SkipSeed: *skipSeed,
		Scenarios: names, Load: load, WithCeiling: *withCeiling, Log: stderr,
		Probe: bench.ProbeConfig{Pairs: *probes, Every: *probeEvery, Timeout: *probeTimeout},
	}
	if *probes == 0 {
		cfg.Probe.Pairs = -1 // off
	}
	if *tokens != "" {
		if cfg.Credentials, err = bench.ReadTokensFile(*tokens); err != nil {
			return err
		}
	}
	if *tokensOut != "" {
		cfg.OnRegistered = func(creds []bench.Credential) error {
			if err := bench.WriteTokensFile(*tokensOut, creds); err != nil {
				return fmt.Errorf("tokens-out: %w", err)
			}
			fmt.Fprintf(stderr, "bench: wrote %d tokens to %s\n", len(creds), *tokensOut)
			return nil
		}
	}
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	return lf.write(stdout, loadHeader(*target, load), rep.All())
}

// parseScenarios splits a comma-separated list of scenario names.
func parseScenarios(s string) ([]string, error) {
	var names []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		if !slices.Contains(bench.Scenarios(), n) {
			return nil, fmt.Errorf("unknown scenario %q in --scenarios (want some of %s)", n, strings.Join(bench.Scenarios(), ","))
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		return nil, errors.New("--scenarios names no scenario")
	}
	return names, nil
}

// loadHeader is the line above a table: what was loaded and how.
func loadHeader(target string, load bench.Load) string {
	h := fmt.Sprintf("%s: %d connections, %v per scenario", target, load.Connections, load.Duration)
	if load.Rate > 0 {
		h += fmt.Sprintf(", %g requests/s scheduled", load.Rate)
	}
	return h
}
