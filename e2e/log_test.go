package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/legalapi/wire"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
	"agora/translog"
	"agora/translogapi/client"
)

// logGet fetches a public path of the server without credentials.
func logGet(t *testing.T, r *rig, path string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(r.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// logPublic returns everything the log publishes as the server answers it now:
// the checkpoint, the key, every hash tile and entry bundle of its tree, and the
// openings of every entry (those that answer).
func logPublic(t *testing.T, r *rig) []byte {
	t.Helper()
	var all bytes.Buffer
	for _, p := range []string{"/transparency/log/checkpoint", "/transparency/log/key"} {
		code, body := logGet(t, r, p)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, code, body)
		}
		all.Write(body)
	}
	head, err := r.srv.DB.LogHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tile := range append(tlogTiles(head.Size), tlogEntryTiles(head.Size)...) {
		code, body := logGet(t, r, "/transparency/log/"+tile)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d", tile, code)
		}
		all.Write(body)
	}
	for i := range head.Size + 1 {
		if code, body := logGet(t, r, fmt.Sprintf("/api/v1/transparency/log/openings/%d", i)); code == http.StatusOK {
			all.Write(body)
		} else if code != http.StatusNotFound {
			t.Fatalf("opening %d: %d %s", i, code, body)
		}
	}
	return all.Bytes()
}

// tlogTiles returns the paths of every hash tile of a tree of size n.
func tlogTiles(n int64) []string {
	var out []string
	for level, size := 0, n; size > 0; level, size = level+1, size>>translog.TileHeight {
		for start := int64(0); start < size; start += 256 {
			out = append(out, translog.TilePath(tlogTile(level, start, size)))
		}
	}
	return out
}

// tlogEntryTiles returns the paths of every entry bundle of a tree of size n.
func tlogEntryTiles(n int64) []string {
	var out []string
	for start := int64(0); start < n; start += 256 {
		out = append(out, translog.TilePath(tlogTile(-1, start, n)))
	}
	return out
}

func tlogTile(level int, start, size int64) tlog.Tile {
	return tlog.Tile{H: translog.TileHeight, L: level, N: start / 256, W: int(min(256, size-start))}
}

// TestLog_HTTP runs the legal desk on a real server and reads its log over HTTP
// as an outsider would: a confidential order's entry holds a commitment, and
// neither its subject nor its order appears anywhere the log publishes, nor on
// the rule's notice page, until the gag ends; then its opening is published and
// verifies. Each checkpoint after growth is consistent with the one before, and
// the log agrees with the rules.
func TestLog_HTTP(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, b, whTrusted)
			_, staffTok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(staffTok)
			r.mustAccount("secretsubject")
			r.mustAccount("opensubject")
			auth := lc.authority("Court of Mumbai", "IN", "court")
			fetch := client.New(r.srv.URL, nil)
			ctx := context.Background()

			// An order in the open.
			open := lc.order(wire.OrderInput{AuthorityID: auth, Reference: "open order", TerritorialScope: []string{"IN"},
				Targets: []string{"@opensubject", "#logtag"}})
			lc.decide(open.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold"}, false)
			st, rep, err := translog.Verify(ctx, fetch, translog.State{}, translog.VerifyOptions{})
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if rep.Size != 2 || rep.Sealed != 0 {
				t.Errorf("after the open order: %+v", rep)
			}
			if pub := logPublic(t, r); !bytes.Contains(pub, []byte(r.srv.URL+"/@opensubject")) || !bytes.Contains(pub, []byte(open.Number)) {
				t.Errorf("the log does not name the open order's subject and number")
			}

			// A confidential order whose gag ends in two seconds.
			until := time.Now().UTC().Add(2 * time.Second).Truncate(time.Millisecond)
			gag := lc.order(wire.OrderInput{AuthorityID: auth, Reference: "gagged reference 77", TerritorialScope: []string{"IN"},
				Confidential: true, ConfidentialUntil: &until, Targets: []string{"@secretsubject"}})
			lc.decide(gag.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold"}, false)
			st, rep, err = translog.Verify(ctx, fetch, st, translog.VerifyOptions{})
			if err != nil {
				t.Fatalf("verify after growth: %v", err)
			}
			if rep.OldSize != 2 || rep.Size != 3 || rep.Sealed != 1 || rep.Opened != 0 {
				t.Errorf("after the confidential order: %+v", rep)
			}
			secret := r.mustAccountID(t, "secretsubject")
			forbidden := []string{"secretsubject", secret, gag.Number, gag.ID, "gagged reference"}
			public := logPublic(t, r)
			// The 451 names its notice; the notice page is public too.
			code, body, h := whDo(t, r, whViewer{name: "anonymous@IN", country: "IN"}, "GET", "/api/v1/accounts/"+secret, nil)
			if code != http.StatusUnavailableForLegalReasons {
				t.Fatalf("the withheld account from IN: %d %s", code, body)
			}
			notice := strings.TrimPrefix(strings.Split(h.Get("Link"), ">")[0], "<")
			if _, page := logGet(t, r, strings.TrimPrefix(notice, r.srv.URL)); len(page) > 0 {
				public = append(public, page...)
			}
			for _, f := range forbidden {
				if bytes.Contains(public, []byte(f)) {
					t.Errorf("%q is public before the gag ends", f)
				}
			}
			if code, _ := logGet(t, r, "/api/v1/transparency/log/openings/2"); code != http.StatusNotFound {
				t.Errorf("the opening before the gag ends: %d, want 404", code)
			}

			// After the gag: the opening is published and opens the commitment.
			time.Sleep(time.Until(until) + 50*time.Millisecond)
			code, body = logGet(t, r, "/api/v1/transparency/log/openings/2")
			if code != http.StatusOK || !bytes.Contains(body, []byte(r.srv.URL+"/@secretsubject")) || !bytes.Contains(body, []byte(gag.Number)) {
				t.Errorf("the opening after the gag: %d %s", code, body)
			}
			st, rep, err = translog.Verify(ctx, fetch, st, translog.VerifyOptions{})
			if err != nil {
				t.Fatalf("verify after the gag: %v", err)
			}
			if rep.Opened != 1 || rep.Sealed != 0 || rep.Entries != 0 {
				t.Errorf("after the gag: %+v", rep)
			}

			// A lift is logged too, and everything still verifies from scratch.
			lc.decide(open.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "lift"}, false)
			if _, rep, err = translog.Verify(ctx, fetch, st, translog.VerifyOptions{}); err != nil || rep.Size != 5 {
				t.Fatalf("verify after the lift: %+v, %v", rep, err)
			}
			if _, _, err = translog.Verify(ctx, fetch, translog.State{}, translog.VerifyOptions{}); err != nil {
				t.Fatalf("verify from scratch: %v", err)
			}
			storetest.CheckLog(t, r.srv.DB)
			if code, _ := logGet(t, r, "/transparency/log/tile/entries/000.p/6"); code != http.StatusNotFound {
				t.Errorf("a bundle beyond the log: %d, want 404", code)
			}
			if code, _ := logGet(t, r, "/transparency/log/tile/0/0001"); code != http.StatusNotFound {
				t.Errorf("a malformed tile path: %d, want 404", code)
			}
		})
	}
}

// mustAccountID returns the ID of the account with the username.
func (r *rig) mustAccountID(t *testing.T, username string) string {
	t.Helper()
	a, err := r.srv.DB.AccountByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return a.ID.String()
}

// logTamper changes the stored entry at index with SQL, as someone with the
// database could once past the append-only triggers.
func logTamper(t *testing.T, db *sqlstore.DB, index int64) {
	t.Helper()
	ctx := context.Background()
	drop := `DROP TRIGGER transparency_log_no_update`
	if db.Dialect() == sqlstore.Postgres {
		drop = `DROP TRIGGER transparency_log_no_change ON transparency_log`
	}
	for _, q := range []string{drop, `UPDATE transparency_log SET entry = replace(entry, '"IN"', '"PK"') WHERE idx = ` + fmt.Sprint(index)} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestLog_VerifyCLI runs `agora log verify` against a real server: it pins the
// key and saves the checkpoint, checks consistency and the new entries on the
// next run, and fails naming the index once a stored entry is changed.
func TestLog_VerifyCLI(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "agora")
	build := exec.Command("go", "build", "-o", bin, "./cmd/agora")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			witnessKey := filepath.Join(t.TempDir(), "witness.key")
			_, witnessV, err := translog.LoadOrCreateWitnessKey(witnessKey, "witness.example/w1")
			if err != nil {
				t.Fatal(err)
			}
			r := newRig(t, b, func(c *app.Config) { c.LogWitnesses = witnessV })
			r.mustAccount("poster")
			st := post(t, r.passwordLogin("poster"), &mastodon.Toot{Status: "to be withheld", Visibility: "public"})
			withhold := func(subject string) {
				t.Helper()
				if _, err := r.srv.Service.Withhold(context.Background(), nil,
					service.NewRule{Subject: subject, Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
					t.Fatal(err)
				}
			}
			state := filepath.Join(t.TempDir(), "log-state.json")
			verify := func(wantOK bool, args ...string) string {
				t.Helper()
				cmd := exec.Command(bin, append([]string{"log", "verify", "--url", r.srv.URL}, args...)...)
				cmd.Env = append(os.Environ(), "AGORA_CONFIG=")
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				if (err == nil) != wantOK {
					t.Fatalf("agora log verify %s: %v, want ok %v\n%s%s", strings.Join(args, " "), err, wantOK, stdout.String(), stderr.String())
				}
				return stdout.String() + stderr.String()
			}
			withhold("@poster")
			withhold("#clitag")
			if out := verify(true, "--state", state); !strings.Contains(out, "entries 0 to 1: each included") {
				t.Errorf("first run:\n%s", out)
			}
			withhold(string(st.ID))
			if out := verify(true, "--state", state); !strings.Contains(out, "consistent with the checkpoint of 2 entries") ||
				!strings.Contains(out, "entries 2 to 2: each included") {
				t.Errorf("second run:\n%s", out)
			}
			if out := verify(true, "--state", state); !strings.Contains(out, "no new entries") {
				t.Errorf("third run:\n%s", out)
			}
			// A witness cosigns; the checkpoint carries its cosignature.
			witness := func(args ...string) (string, error) {
				cmd := exec.Command(bin, append([]string{"log", "witness", "--log", r.srv.URL, "--key", witnessKey}, args...)...)
				cmd.Env = append(os.Environ(), "AGORA_CONFIG=")
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			wstate := filepath.Join(t.TempDir(), "witness-state.json")
			if out, err := witness("--state", wstate); err != nil || !strings.Contains(out, "cosigned the checkpoint of 3 entries") {
				t.Fatalf("agora log witness: %v\n%s", err, out)
			}
			_, checkpoint := logGet(t, r, "/transparency/log/checkpoint")
			wv, err := translog.NewCosignatureVerifier(witnessV)
			if err != nil {
				t.Fatal(err)
			}
			logV, err := note.NewVerifier(strings.TrimSpace(string(logBody(logGet(t, r, "/transparency/log/key")))))
			if err != nil {
				t.Fatal(err)
			}
			if n, err := note.Open(checkpoint, note.VerifierList(logV, wv)); err != nil || len(n.Sigs) != 2 {
				t.Errorf("the checkpoint after the witness: %v, %d signatures verified\n%s", err, len(n.Sigs), checkpoint)
			}
			logTamper(t, r.srv.DB, 1)
			if out := verify(false); !strings.Contains(out, "entry 1 ") {
				t.Errorf("verify of a changed entry:\n%s\nwant it to name entry 1", out)
			}
			if out := verify(false, "--state", state, "--all"); !strings.Contains(out, "entry 1 ") {
				t.Errorf("verify --all of a changed entry:\n%s\nwant it to name entry 1", out)
			}
			if out := verify(false, "--state", state, "--key", "other.example+01234567+AbCd"); !strings.Contains(out, "key") {
				t.Errorf("verify with another key:\n%s", out)
			}
		})
	}
}

// logBody returns the body of a 200 answer of logGet.
func logBody(code int, body []byte) []byte {
	if code != http.StatusOK {
		panic(fmt.Sprintf("status %d: %s", code, body))
	}
	return body
}
