package legal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/bench"
	"agora/oauth"
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
	if _, err := srv.Service.CreateAccount(ctx, oauth.NewAccount{
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

// benchConfig is a run against srv with token naming n accounts, with the
// defaults of `agora bench legal`'s flags.
func benchConfig(srv *agoratest.Server, token string, n int) Config {
	return Config{Target: srv.URL, Token: token, Targets: n, Country: "IN", CountryHeader: "CF-IPCountry",
		Concurrency: 8, Sample: 3, Poll: time.Millisecond, EnforceTimeout: 30 * time.Second, Lift: true}
}

// runLegalBench runs cfg, writes its result as --json does and decodes it.
func runLegalBench(t *testing.T, cfg Config) map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cfg.Log = &stderr
	r, err := Run(context.Background(), cfg)
	if err == nil {
		err = r.WriteJSON(&stdout)
	}
	if err != nil {
		t.Fatalf("Run %+v: %v\nlog: %s", cfg, err, stderr.String())
	}
	t.Logf("Run %+v:\n%s", cfg, stdout.String())
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

// TestRun_Setup registers 30 accounts through the Mastodon API, names them
// in an order, withholds them all in IN and checks every sampled surface refuses
// them to a viewer in IN, then lifts the rules.
func TestRun_Setup(t *testing.T) {
	srv, token := legalBenchServer(t)
	cfg := benchConfig(srv, token, 30)
	cfg.Setup = true
	res := runLegalBench(t, cfg)
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

// TestRun_Names names existing accounts from a file, without tokens: their
// statuses are found through the API.
func TestRun_Names(t *testing.T) {
	srv, token := legalBenchServer(t)
	ctx := context.Background()
	var names strings.Builder
	names.WriteString("# accounts to name\n")
	for i := range 5 {
		name := "named" + strconv.Itoa(i)
		a, err := srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: name, Email: name + "@example.org", Password: "password-" + name})
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
	cfg := benchConfig(srv, token, 5)
	cfg.Names, cfg.Lift = file, false
	res := runLegalBench(t, cfg)
	checkLegalBench(t, res, 5, 3*4+1)
	if res["lift_ms"] != nil {
		t.Errorf("lift_ms = %v with --lift=false", res["lift_ms"])
	}
	// Not lifted: naming them again finds them already withheld, and the surfaces
	// refuse before the order, which the bench reports rather than measures.
	cfg.Lift = true
	_, err := Run(ctx, cfg)
	if ue := (*bench.UsageError)(nil); err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), "before the order") {
		t.Errorf("a second run on withheld accounts: %v; want an error (not of usage) saying why", err)
	}
}
