package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/service"
)

// legalBenchServer starts agora with registrations open, believing CF-IPCountry from
// 127.0.0.1, and returns it with the token of a legal account.
func legalBenchServer(t *testing.T) (*agoratest.Server, string) {
	t.Helper()
	srv := agoratest.MustRunServer(t, agoratest.SQLite, agoratest.WithRegistrations(true), func(c *app.Config) {
		c.CountryHeader, c.TrustedProxies = "CF-IPCountry", "127.0.0.1/32"
	})
	ctx := context.Background()
	if _, err := srv.Service.CreateAccount(ctx, service.NewAccount{
		Username: "desk", Email: "desk@example.org", Password: "password-desk", Role: agora.RoleLegal,
	}); err != nil {
		t.Fatal(err)
	}
	token, _, err := srv.Service.CreateToken(ctx, "desk", "read write legal:read legal:write")
	if err != nil {
		t.Fatal(err)
	}
	return srv, token
}

// runLegalBench runs `agora bench legal` with --json and decodes its result.
func runLegalBench(t *testing.T, args ...string) map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"bench", "legal", "--json"}, args...), func(string) string { return "" }, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("agora bench legal %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
	t.Logf("agora bench legal %s:\n%s", strings.Join(args, " "), stdout.String())
	var res map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, stdout.String())
	}
	return res
}

// checkLegalBench checks the fields every run reports.
func checkLegalBench(t *testing.T, res map[string]any, targets float64, minSurfaces int) {
	t.Helper()
	for _, f := range []string{"record_ms", "decide_ms", "enforced_ms", "decided_enforced_ms", "targets", "resolved", "applied", "rules_created", "polls"} {
		if _, ok := res[f].(float64); !ok {
			t.Errorf("field %q = %v, want a number", f, res[f])
		}
	}
	for _, f := range []string{"targets", "resolved", "applied", "rules_created"} {
		if res[f] != targets {
			t.Errorf("%s = %v, want %v", f, res[f], targets)
		}
	}
	if res["record_ms"].(float64) <= 0 || res["decide_ms"].(float64) <= 0 {
		t.Errorf("record_ms %v, decide_ms %v: want both above 0", res["record_ms"], res["decide_ms"])
	}
	// The rule index is up to date before the decision answers, so the first round
	// of checks already finds every surface refusing.
	if ms := res["enforced_ms"].(float64); ms < 0 || ms > 200 {
		t.Errorf("enforced_ms = %v, want small", ms)
	}
	if res["polls"] != 1.0 {
		t.Errorf("polls = %v, want 1: the first read after the decision must be refused", res["polls"])
	}
	surfaces, _ := res["surfaces"].([]any)
	if len(surfaces) < minSurfaces {
		t.Errorf("%d surfaces checked, want at least %d: %v", len(surfaces), minSurfaces, surfaces)
	}
}

// TestBenchLegal_Setup registers 30 accounts through the Mastodon API, names them
// in an order, withholds them all in IN and checks every sampled surface refuses
// them to a viewer in IN, then lifts the rules.
func TestBenchLegal_Setup(t *testing.T) {
	srv, token := legalBenchServer(t)
	res := runLegalBench(t, "--target", srv.URL, "--token", token, "--targets", "30", "--setup", "--country", "IN")
	// Three sampled accounts: account, lookup and statuses each, their status, and
	// the public and hashtag timelines.
	checkLegalBench(t, res, 30, 3*4+2)
	if res["lift_ms"] == nil {
		t.Error("no lift_ms: the rules were not lifted")
	}
	// Lifted: a status of the order's accounts is visible in IN again.
	pub, err := srv.Service.PublicTimeline(agora.WithCountry(context.Background(), "IN"), srv.Service.As(agora.WithCountry(context.Background(), "IN"), nil), agora.Page{Limit: 40})
	if err != nil || len(pub.Statuses) == 0 {
		t.Errorf("after the lift the public timeline in IN has %d statuses (%v), want the bench's", len(pub.Statuses), err)
	}
}

// TestBenchLegal_Names names existing accounts from a file, without tokens: their
// statuses are found through the API.
func TestBenchLegal_Names(t *testing.T) {
	srv, token := legalBenchServer(t)
	ctx := context.Background()
	var names strings.Builder
	names.WriteString("# accounts to name\n")
	for i := range 5 {
		name := "named" + strconv.Itoa(i)
		a, err := srv.Service.CreateAccount(ctx, service.NewAccount{Username: name, Email: name + "@example.org", Password: "password-" + name})
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := srv.Service.PostStatus(ctx, srv.Service.As(ctx, a), service.NewStatus{Text: "hello from " + name, Visibility: "public"}); err != nil {
				t.Fatal(err)
			}
		}
		names.WriteString("@" + name + "\n")
	}
	file := filepath.Join(t.TempDir(), "names.txt")
	if err := os.WriteFile(file, []byte(names.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	res := runLegalBench(t, "--target", srv.URL, "--token", token, "--targets", "5", "--names", file, "--lift=false")
	checkLegalBench(t, res, 5, 3*4+1)
	if res["lift_ms"] != nil {
		t.Errorf("lift_ms = %v with --lift=false", res["lift_ms"])
	}
	// Not lifted: naming them again finds them already withheld, and the surfaces
	// refuse before the order, which the bench reports rather than measures.
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"bench", "legal", "--target", srv.URL, "--token", token, "--targets", "5", "--names", file}, func(string) string { return "" }, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "before the order") {
		t.Errorf("a second run on withheld accounts: exit %d, stderr %q; want 1 and why", code, stderr.String())
	}
}

func TestBenchLegal_Usage(t *testing.T) {
	for _, args := range [][]string{
		{"--token", "x", "--setup"},
		{"--target", "http://127.0.0.1:1", "--setup"},
		{"--target", "http://127.0.0.1:1", "--token", "x"},
		{"--target", "http://127.0.0.1:1", "--token", "x", "--setup", "--names", "f"},
		{"--target", "ftp://example.org", "--token", "x", "--setup"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"bench", "legal"}, args...), func(string) string { return "" }, &stdout, &stderr)
		if code != 2 {
			t.Errorf("agora bench legal %s: exit %d, want 2; stderr %q", strings.Join(args, " "), code, stderr.String())
		}
	}
}
