package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"agora/agoratest"
	"agora/app"
	"agora/bench"
	"agora/oauth"
)

// benchLoad is the tiny load CI runs: a benchmark is not a test, this only shows
// that the load generator works end to end.
var benchLoad = bench.Load{Duration: 300 * time.Millisecond, Connections: 2, Seed: 1}

// checkBenchResults fails unless every scenario ran, in order, with requests, no
// errors and percentiles in order.
func checkBenchResults(t *testing.T, rep *bench.Report, scenarios []string) {
	t.Helper()
	var got []string
	for _, r := range rep.Results {
		got = append(got, r.Scenario)
		if r.Requests == 0 || r.Errors != 0 || r.RPS <= 0 {
			t.Errorf("%s: %d requests, %d errors (first: %s), %v/s", r.Scenario, r.Requests, r.Errors, r.FirstError, r.RPS)
		}
		if !(0 < r.P50Ms && r.P50Ms <= r.P90Ms && r.P90Ms <= r.P99Ms && r.P99Ms <= r.MaxMs) {
			t.Errorf("%s: percentiles not in order: p50 %v, p90 %v, p99 %v, max %v", r.Scenario, r.P50Ms, r.P90Ms, r.P99Ms, r.MaxMs)
		}
		if r.RSSBytes == nil || *r.RSSBytes <= 0 {
			t.Errorf("%s: no resident memory read from agora's /metrics", r.Scenario)
		}
		checkVisibility(t, r)
	}
	if !slices.Equal(got, scenarios) {
		t.Errorf("scenarios run: %v, want %v", got, scenarios)
	}
}

// checkVisibility fails unless a scenario that posts measured, with probes and
// no failures, how long a post took to reach a follower's home timeline, and a
// scenario that does not post has no such measure.
func checkVisibility(t *testing.T, r bench.Result) {
	t.Helper()
	v := r.Visibility
	if r.Scenario != bench.Post && r.Scenario != bench.Mixed {
		if v != nil {
			t.Errorf("%s: visibility probes in a scenario that does not post: %+v", r.Scenario, *v)
		}
		return
	}
	switch {
	case v == nil:
		t.Errorf("%s: no visibility probe ran", r.Scenario)
	case v.VisibleProbes == 0 || v.VisibleFailures != 0:
		t.Errorf("%s: %d visibility probes, %d failed (first: %s)", r.Scenario, v.VisibleProbes, v.VisibleFailures, v.VisibleFirstFailure)
	case !(0 < v.VisibleP50Ms && v.VisibleP50Ms <= v.VisibleP99Ms && v.VisibleP99Ms <= v.VisibleMaxMs):
		t.Errorf("%s: visibility percentiles not in order: p50 %v, p99 %v, max %v", r.Scenario, v.VisibleP50Ms, v.VisibleP99Ms, v.VisibleMaxMs)
	default:
		t.Logf("%s: %d posts visible to a follower in p50 %v ms, p99 %v ms", r.Scenario, v.VisibleProbes, v.VisibleP50Ms, v.VisibleP99Ms)
	}
}

// TestBench_Setup registers accounts through the API, seeds them and runs every
// scenario after the ceiling.
func TestBench_Setup(t *testing.T) {
	t.Parallel()
	srv := agoratest.MustRunServer(t, agoratest.SQLite, func(c *app.Config) { c.Registrations, c.MetricsAddr = "open", "127.0.0.1:0" })
	var registered []bench.Credential
	rep, err := bench.Run(context.Background(), bench.Config{
		Target: srv.URL, Metrics: srv.MetricsURL + "/metrics", Setup: 5, Statuses: 20, FollowsAvg: 2, Load: benchLoad, WithCeiling: true,
		OnRegistered: func(c []bench.Credential) error { registered = c; return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	checkBenchResults(t, rep, bench.Scenarios())
	if c := rep.Ceiling; c == nil || c.Requests == 0 || c.Errors != 0 {
		t.Fatalf("ceiling: %+v", c)
	}
	for _, r := range rep.Results {
		if r.CeilingRatio == nil || *r.CeilingRatio <= 0 {
			t.Errorf("%s: no ratio to the ceiling", r.Scenario)
		}
	}

	// The accounts exist, and the seed made each follow two others.
	if len(registered) != 5 {
		t.Fatalf("registered %d accounts, want 5", len(registered))
	}
	ctx := context.Background()
	following := 0
	for _, c := range registered {
		a, _, err := srv.Service.Lookup(ctx, srv.Service.As(ctx, nil), c.Username)
		if err != nil {
			t.Fatalf("account %s: %v", c.Username, err)
		}
		following += int(a.FollowingCount)
	}
	if following != 10 {
		t.Errorf("seeded follows = %d, want 5 accounts × 2", following)
	}
}

// TestBench_Tokens runs every scenario against a second server given only its URL
// and a tokens file, as for a server that is not agora.
func TestBench_Tokens(t *testing.T) {
	t.Parallel()
	srv := agoratest.MustRunServer(t, agoratest.SQLite, func(c *app.Config) { c.MetricsAddr = "127.0.0.1:0" }) // registrations closed
	ctx := context.Background()
	var creds []bench.Credential
	for i := range 3 {
		name := fmt.Sprintf("reader%d", i)
		if _, err := srv.Service.CreateAccount(ctx, oauth.NewAccount{
			Username: name, Email: name + "@example.org", Password: "password-" + name,
		}); err != nil {
			t.Fatal(err)
		}
		tok, _, err := srv.Service.CreateToken(ctx, name, "read write follow")
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, bench.Credential{Username: name, Token: tok})
	}
	file := filepath.Join(t.TempDir(), "tokens.tsv")
	if err := bench.WriteTokensFile(file, creds); err != nil {
		t.Fatal(err)
	}
	fromFile, err := bench.ReadTokensFile(file)
	if err != nil {
		t.Fatal(err)
	}

	rep, err := bench.Run(ctx, bench.Config{
		Target: srv.URL, Metrics: srv.MetricsURL + "/metrics", Credentials: fromFile, Statuses: 12, FollowsAvg: 1, Load: benchLoad,
	})
	if err != nil {
		t.Fatal(err)
	}
	checkBenchResults(t, rep, bench.Scenarios())

	t.Run("skip seed", func(t *testing.T) {
		// Nothing seeded in this run: the status scenario reads what is there.
		rep, err := bench.Run(ctx, bench.Config{
			Target: srv.URL, Metrics: srv.MetricsURL + "/metrics", Credentials: fromFile, SkipSeed: true, Scenarios: []string{bench.Status},
			Load: bench.Load{Duration: 100 * time.Millisecond, Connections: 2},
		})
		if err != nil {
			t.Fatal(err)
		}
		checkBenchResults(t, rep, []string{bench.Status})
	})
	t.Run("registrations closed", func(t *testing.T) {
		_, err := bench.Run(ctx, bench.Config{Target: srv.URL, Setup: 1, Load: benchLoad})
		if err == nil {
			t.Fatal("setup on a server with registrations closed: no error")
		}
		t.Logf("error as expected: %v", err)
	})
}
