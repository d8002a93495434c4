package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
	"agora/translog"
	"agora/translogapi/client"
)

// lkLinks returns the links of a response's Link headers by relation, for the
// simple `<url>; rel="name"` values the server writes.
func lkLinks(h http.Header) map[string]string {
	out := map[string]string{}
	for _, v := range h.Values("Link") {
		for _, l := range strings.Split(v, ",") {
			u, params, ok := strings.Cut(strings.TrimSpace(l), ">;")
			if !ok {
				continue
			}
			_, rel, _ := strings.Cut(params, `rel="`)
			out[strings.TrimSuffix(strings.TrimSpace(rel), `"`)] = strings.TrimPrefix(u, "<")
		}
	}
	return out
}

// lkStatusEntries returns the withheld_log_entries of the status with the ID in
// a timeline's body, and whether the status is there.
func lkStatusEntries(t *testing.T, body []byte, id string) ([]string, bool) {
	t.Helper()
	var list []struct {
		ID      string   `json:"id"`
		Entries []string `json:"withheld_log_entries"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("timeline: %v: %s", err, whShort(body))
	}
	for _, st := range list {
		if st.ID == id {
			return st.Entries, true
		}
	}
	return nil, false
}

// TestLog_WithheldNamesEntry checks on a real server that a 451 names the log
// entry of the rule refusing the content (a Link and log_entry) beside its
// notice, that the entry there is that rule's withhold entry and is included in
// the log's signed tree (proved as an outsider would, against a checkpoint
// verified with the log's key and consistent with a full verification), that a
// viewer elsewhere sees the same entry named by the withheld marker in a
// timeline, and that after the rule is lifted and the status withheld again
// both name the new rule's entry.
func TestLog_WithheldNamesEntry(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			r := newRig(t, b, whTrusted)
			poster := r.mustAccount("poster")
			r.mustAccount("reader")
			st := post(t, r.passwordLogin("poster"), &mastodon.Toot{Status: "withheld in India", Visibility: "public"})
			reader := r.passwordLogin("reader")
			if _, err := reader.AccountFollow(ctx, mastodon.ID(poster.ID.String())); err != nil {
				t.Fatal(err)
			}
			readerTok := reader.Config.AccessToken
			fetch := client.New(r.srv.URL, nil)
			key := r.srv.TransparencyLog.VerifierKey()
			// A rule on another subject first, so the entries do not start at 0.
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "#elsewhere", Countries: []string{"PK"}, Reason: "local_law"}); err != nil {
				t.Fatal(err)
			}

			check := func(rule *agora.Rule) {
				t.Helper()
				stored, err := r.srv.DB.Rule(ctx, rule.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !stored.Logged() || stored.LogIndex != rule.LogIndex {
					t.Fatalf("rule %d: stored LogIndex %d, created with %d", rule.ID, stored.LogIndex, rule.LogIndex)
				}
				entryURL := agora.LogEntryURL(r.srv.URL, rule.LogIndex)

				// The 451 from India names the notice and the entry.
				code, body, h := whDo(t, r, whViewer{name: "anonymous@IN", country: "IN"}, "GET", "/api/v1/statuses/"+string(st.ID), nil)
				if code != http.StatusUnavailableForLegalReasons {
					t.Fatalf("the status from IN: %d %s", code, whShort(body))
				}
				links := lkLinks(h)
				if links["blocked-by"] != r.srv.URL+"/notices/"+rule.ID.String() || links["transparency-log-entry"] != entryURL {
					t.Errorf("451 links %v, want the notice of rule %d and %s", links, rule.ID, entryURL)
				}
				var e struct {
					LogEntry string `json:"log_entry"`
				}
				if err := json.Unmarshal(body, &e); err != nil || e.LogEntry != entryURL {
					t.Errorf("451 body %s: log_entry %q, want %s", body, e.LogEntry, entryURL)
				}

				// The entry there is the rule's withhold entry, included in the
				// signed tree, which a full verification also accepts.
				full, _, err := translog.Verify(ctx, fetch, translog.State{}, translog.VerifyOptions{Key: key})
				if err != nil {
					t.Fatalf("verify: %v", err)
				}
				p, err := fetch.EntryProof(ctx, rule.LogIndex)
				if err != nil {
					t.Fatalf("GET %s: %v", entryURL, err)
				}
				c, err := translog.CheckEntry(ctx, fetch, p, full, translog.CheckOptions{Key: key})
				if err != nil {
					t.Fatalf("CheckEntry: %v", err)
				}
				if c.Entry.RuleID != rule.ID || c.Entry.Action != agora.LogWithhold || c.Consistent != full.Size ||
					c.Entry.Subject != r.srv.URL+"/@poster/"+string(st.ID) {
					t.Errorf("entry %d: %+v, checkpoint of %d; want rule %d's withholding of the status", rule.LogIndex, c.Entry, c.Checkpoint.Size, rule.ID)
				}
				if err := translog.CheckRefusal(c.Entry, "IN", rule.ID); err != nil {
					t.Error(err)
				}

				// A viewer in Germany reads the status in timelines, marked, the
				// marker naming the same entry; in India it is left out.
				for _, path := range []string{"/api/v1/timelines/home", "/api/v1/timelines/public"} {
					for _, v := range []whViewer{{name: "reader@DE", token: readerTok, country: "DE"}, {name: "reader@IN", token: readerTok, country: "IN"}} {
						code, body, _ := whDo(t, r, v, "GET", path, nil)
						if code != http.StatusOK {
							t.Fatalf("%s as %s: %d %s", path, v.name, code, whShort(body))
						}
						got, shown := lkStatusEntries(t, body, string(st.ID))
						switch {
						case v.country == "IN" && shown:
							t.Errorf("%s as %s shows the withheld status", path, v.name)
						case v.country == "DE" && !slices.Equal(got, []string{entryURL}):
							t.Errorf("%s as %s: withheld_log_entries %q (shown %v), want [%s]", path, v.name, got, shown, entryURL)
						}
					}
				}
			}

			first, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(st.ID), Countries: []string{"IN"}, Reason: "legal_demand"})
			if err != nil {
				t.Fatal(err)
			}
			check(first)
			if _, err := r.srv.Service.LiftRule(ctx, nil, first.ID); err != nil {
				t.Fatal(err)
			}
			if code, body, h := whDo(t, r, whViewer{name: "anonymous@IN", country: "IN"}, "GET", "/api/v1/statuses/"+string(st.ID), nil); code != http.StatusOK || h.Get("Link") != "" {
				t.Fatalf("the status from IN after the lift: %d %s, Link %q", code, whShort(body), h.Get("Link"))
			}
			second, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(st.ID), Countries: []string{"IN"}, Reason: "legal_demand"})
			if err != nil {
				t.Fatal(err)
			}
			if second.LogIndex != first.LogIndex+2 { // after the first's lift entry
				t.Errorf("the new rule's entry is %d, want %d", second.LogIndex, first.LogIndex+2)
			}
			check(second)
			storetest.CheckLog(t, r.srv.DB)
		})
	}
}

// TestLog_CheckCLI runs `agora log check` against a real server: for a URL
// refused in India it proves the named entry is in the log, against the key and
// checkpoint a run of `agora log verify` saved, and from scratch; for the same URL
// from Germany, and for a URL refused nowhere, it says there is nothing to check.
func TestLog_CheckCLI(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "agora")
	build := exec.Command("go", "build", "-o", bin, "./cmd/agora")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b, whTrusted)
			r.mustAccount("poster")
			poster := r.passwordLogin("poster")
			held := post(t, poster, &mastodon.Toot{Status: "withheld in India", Visibility: "public"})
			open := post(t, poster, &mastodon.Toot{Status: "withheld nowhere", Visibility: "public"})
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "#first", Countries: []string{"XX"}, Reason: "local_law"}); err != nil {
				t.Fatal(err)
			}
			rule, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(held.ID), Countries: []string{"IN", "PK"}, Reason: "legal_demand"})
			if err != nil {
				t.Fatal(err)
			}
			run := func(wantOK bool, args ...string) string {
				t.Helper()
				cmd := exec.Command(bin, append([]string{"log"}, args...)...)
				cmd.Env = append(os.Environ(), "AGORA_CONFIG=")
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				if (err == nil) != wantOK {
					t.Fatalf("agora log %s: %v, want ok %v\n%s%s", strings.Join(args, " "), err, wantOK, stdout.String(), stderr.String())
				}
				return stdout.String() + stderr.String()
			}
			state := filepath.Join(t.TempDir(), "log-state.json")
			run(true, "verify", "--url", r.srv.URL, "--state", state)
			heldURL := r.srv.URL + "/api/v1/statuses/" + string(held.ID)
			entryURL := agora.LogEntryURL(r.srv.URL, rule.LogIndex)
			for _, args := range [][]string{
				{"check", heldURL, "--country", "IN", "--header", whHeader, "--state", state},
				{"check", "--country", "pk", "--header", whHeader, heldURL},
			} {
				out := run(true, args...)
				for _, want := range []string{"451 Unavailable For Legal Reasons", "notice: " + r.srv.URL + "/notices/" + rule.ID.String(),
					"log entry: " + entryURL, "checkpoint: 2 entries", "included in the tree of 2 entries",
					"withhold in IN,PK (legal_demand)", "rule " + rule.ID.String(), "ok: the refusal is on the public record"} {
					if !strings.Contains(out, want) {
						t.Errorf("agora log %s:\n%s\nwant %q", strings.Join(args, " "), out, want)
					}
				}
				pinned := slices.Contains(args, "--state")
				if pinned != !strings.Contains(out, "the key is the one the log publishes") {
					t.Errorf("agora log %s: says the key was not pinned: %v, want %v\n%s", strings.Join(args, " "), !pinned, !pinned, out)
				}
				if pinned && !strings.Contains(out, "consistent with the checkpoint of 2 entries") {
					t.Errorf("agora log %s: no consistency with the saved checkpoint\n%s", strings.Join(args, " "), out)
				}
			}
			for _, args := range [][]string{
				{"check", heldURL, "--country", "DE", "--header", whHeader},
				{"check", r.srv.URL + "/api/v1/statuses/" + string(open.ID), "--country", "IN", "--header", whHeader},
			} {
				if out := run(true, args...); !strings.Contains(out, "200 OK") || !strings.Contains(out, "not refused in") {
					t.Errorf("agora log %s:\n%s\nwant it to say the URL is not refused", strings.Join(args, " "), out)
				}
			}
			// Another key than the pinned one: the proof is refused.
			if out := run(false, "check", heldURL, "--country", "IN", "--header", whHeader, "--key", "other.example+01234567+AbCd"); !strings.Contains(out, "key") {
				t.Errorf("agora log check with another key:\n%s", out)
			}
		})
	}
}

// TestLog_LegacyRuleNamed starts the server on a database holding a rule in
// force made before the log existed (written straight into the table, without
// an entry or an index): the log's first start gives it its entry, and the
// server's first 451 for it already names that entry.
func TestLog_LegacyRuleNamed(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := agoratest.DSN(t, b)
			db, err := sqlstore.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			var ids agora.IDGenerator
			old := &agora.Account{ID: ids.New(), Username: "old", Email: "old@example.org", Role: agora.RoleUser}
			old.CreatedAt = old.ID.Time()
			rule := ids.New()
			if err := db.CreateAccount(ctx, old); err != nil {
				t.Fatal(err)
			}
			insert := `INSERT INTO withholding_rules (id, kind, subject_id, hashtag, countries, reason, origin,
				order_id, target_id, created_by, since, lifted_at, sealed_until, version)
				VALUES (?, 'account', ?, '', 'IN', 'legal_demand', 'cli', 0, 0, 0, 1700000000000, NULL, 0, 1)`
			if db.Dialect() == sqlstore.Postgres {
				insert = strings.Replace(strings.Replace(insert, "?", "$1", 1), "?", "$2", 1)
			}
			if _, err := db.SQL().ExecContext(ctx, insert, int64(rule), int64(old.ID)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SQL().ExecContext(ctx, `UPDATE rule_version SET v = 1`); err != nil {
				t.Fatal(err)
			}
			db.Close()

			r := newRig(t, b, agoratest.WithDB(dsn), whTrusted)
			stored, err := r.srv.DB.Rule(ctx, rule)
			if err != nil || stored.LogIndex != 0 {
				t.Fatalf("the rule after the first start: %+v, %v; want LogIndex 0", stored, err)
			}
			code, body, h := whDo(t, r, whViewer{name: "anonymous@IN", country: "IN"}, "GET", "/api/v1/accounts/"+old.ID.String(), nil)
			if want := agora.LogEntryURL(r.srv.URL, 0); code != http.StatusUnavailableForLegalReasons || lkLinks(h)["transparency-log-entry"] != want {
				t.Errorf("the old rule's account from IN: %d %s, links %v; want 451 naming %s", code, whShort(body), lkLinks(h), want)
			}
			storetest.CheckLog(t, r.srv.DB)
		})
	}
}
