package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"agora/agoratest"
	"agora/app"
	"agora/bench"
)

// decodeBenchJSON parses the lines of `agora bench --json`.
func decodeBenchJSON(t *testing.T, out string) []bench.Result {
	t.Helper()
	var rs []bench.Result
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r bench.Result
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		// The fields the issue names are always there, rss_bytes as null at worst.
		var raw map[string]any
		json.Unmarshal([]byte(line), &raw)
		for _, k := range []string{"scenario", "rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", "errors", "requests", "duration_s", "rss_bytes", "target"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("line %q has no %q", line, k)
			}
		}
		rs = append(rs, r)
	}
	return rs
}

func TestBench_Ceiling(t *testing.T) {
	r := mustRun(t, nil, "bench", "ceiling", "--duration", "100ms", "--connections", "2", "--json")
	rs := decodeBenchJSON(t, r.stdout)
	if len(rs) != 1 || rs[0].Scenario != "ceiling" || rs[0].Requests == 0 || rs[0].Errors != 0 || rs[0].RSSBytes != nil {
		t.Errorf("ceiling: %+v", rs)
	}
	r = mustRun(t, nil, "bench", "ceiling", "--duration", "50ms", "--connections", "1")
	for _, want := range []string{"1 connections, 50ms per scenario", "scenario", "p99 ms", "ceiling"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table does not contain %q:\n%s", want, r.stdout)
		}
	}
}

// TestBench_Run registers and seeds through the command, saves the tokens, then
// runs again from the tokens file.
func TestBench_Run(t *testing.T) {
	srv := agoratest.MustRunServer(t, agoratest.SQLite, func(c *app.Config) { c.Registrations, c.MetricsAddr = "open", "127.0.0.1:0" })
	tokens := filepath.Join(t.TempDir(), "tokens")
	r := mustRun(t, nil, "bench", "--target", srv.URL, "--metrics", srv.MetricsURL+"/metrics", "--setup", "3", "--tokens-out", tokens,
		"--statuses", "6", "--follows-avg", "1", "--duration", "100ms", "--connections", "2", "--with-ceiling", "--json")
	rs := decodeBenchJSON(t, r.stdout)
	want := append([]string{"ceiling"}, bench.Scenarios()...)
	if len(rs) != len(want) {
		t.Fatalf("got %d results, want %v:\n%s", len(rs), want, r.stdout)
	}
	for i, res := range rs {
		if res.Scenario != want[i] || res.Requests == 0 || res.Errors != 0 {
			t.Errorf("result %d: %+v, want %s with requests and no errors", i, res, want[i])
		}
		if i > 0 && (res.CeilingRatio == nil || res.RSSBytes == nil || res.Target != srv.URL) {
			t.Errorf("%s: ceiling_ratio %v, rss_bytes %v, target %q", res.Scenario, res.CeilingRatio, res.RSSBytes, res.Target)
		}
		posts := res.Scenario == bench.Post || res.Scenario == bench.Mixed
		if v := res.Visibility; posts != (v != nil) || v != nil && (v.VisibleProbes == 0 || v.VisibleFailures != 0) {
			t.Errorf("%s: visibility %+v, want probes with no failures exactly for post and mixed", res.Scenario, v)
		}
	}
	for _, want := range []string{"registered 3 accounts", "wrote 3 tokens", "seeded 3 follows", "seeded 6 statuses"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("progress does not say %q:\n%s", want, r.stderr)
		}
	}

	r = mustRun(t, nil, "bench", "--target", srv.URL, "--tokens", tokens, "--skip-seed",
		"--scenarios", "status, home", "--duration", "100ms", "--connections", "2")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.Contains(lines[2], "status") || !strings.Contains(lines[3], "home") {
		t.Errorf("table of status and home:\n%s", r.stdout)
	}
}

func TestBench_Usage(t *testing.T) {
	tokens := filepath.Join(t.TempDir(), "tokens")
	for name, args := range map[string][]string{
		"no target":           {"bench", "--setup", "1"},
		"no accounts":         {"bench", "--target", "http://127.0.0.1:1"},
		"tokens and setup":    {"bench", "--target", "http://127.0.0.1:1", "--setup", "1", "--tokens", tokens},
		"tokens-out alone":    {"bench", "--target", "http://127.0.0.1:1", "--tokens", tokens, "--tokens-out", tokens},
		"unknown scenario":    {"bench", "--target", "http://127.0.0.1:1", "--setup", "1", "--scenarios", "home,timeline"},
		"no scenario":         {"bench", "--target", "http://127.0.0.1:1", "--setup", "1", "--scenarios", ","},
		"zero connections":    {"bench", "--target", "http://127.0.0.1:1", "--setup", "1", "--connections", "0"},
		"negative statuses":   {"bench", "--target", "http://127.0.0.1:1", "--setup", "1", "--statuses", "-1"},
		"argument":            {"bench", "--target", "http://127.0.0.1:1", "--setup", "1", "extra"},
		"negative probes":     {"bench", "--target", "http://127.0.0.1:1", "--setup", "1", "--probes", "-1"},
		"zero probe timeout":  {"bench", "--target", "http://127.0.0.1:1", "--setup", "1", "--probe-timeout", "0s"},
		"ceiling argument":    {"bench", "ceiling", "extra"},
		"ceiling no duration": {"bench", "ceiling", "--duration", "0s"},
	} {
		t.Run(name, func(t *testing.T) {
			if r := runCmd(t, nil, args...); r.code != 2 {
				t.Errorf("exit %d, want 2\nstderr: %s", r.code, r.stderr)
			}
		})
	}
	t.Run("unreachable target", func(t *testing.T) {
		r := runCmd(t, nil, "bench", "--target", "http://127.0.0.1:1", "--setup", "1", "--duration", "10ms")
		if r.code != 1 || !strings.Contains(r.stderr, "register app") {
			t.Errorf("exit %d, want 1 with the failed step\nstderr: %s", r.code, r.stderr)
		}
	})
	t.Run("missing tokens file", func(t *testing.T) {
		r := runCmd(t, nil, "bench", "--target", "http://127.0.0.1:1", "--tokens", tokens)
		if r.code != 1 || !strings.Contains(r.stderr, "tokens") {
			t.Errorf("exit %d, want 1\nstderr: %s", r.code, r.stderr)
		}
	})
}
