package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/bench"
	"agora/sqlstore"
)

// seedHTTP sends method path with the bearer token (and form, for POST), checks
// the answer is 200 and decodes its JSON body into v.
func seedHTTP(t *testing.T, method, url, token string, form url.Values, v any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: status %d", method, url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
}

type seedStatus struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	Content   string    `json:"content"`
	Account   struct {
		Username string `json:"username"`
	} `json:"account"`
}

// TestBenchSeed seeds a small data set, starts the real server on it and reads it
// over HTTP with the tokens written.
func TestBenchSeed(t *testing.T) {
	for _, backend := range agoratest.Backends() {
		t.Run(string(backend), func(t *testing.T) {
			dsn := agoratest.DSN(t, backend)
			dir := t.TempDir()
			tokens := filepath.Join(dir, "tokens")
			r := mustRun(t, nil, "bench", "seed", "--db", dsn, "--accounts", "50", "--statuses", "500",
				"--follows-avg", "5", "--tokens-out", tokens, "--prefix", "seeded", "--chunk-rows", "300")
			for _, want := range []string{"50 accounts and tokens", "250 of 250 follows", "500 of 500 statuses",
				"committed 50 accounts, 50 tokens, 250 follows, 500 statuses", "wrote 50 tokens", "done in"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
				}
			}
			creds, err := bench.ReadTokensFile(tokens)
			if err != nil {
				t.Fatal(err)
			}
			if len(creds) != 50 || creds[7].Username != "seeded_7" {
				t.Fatalf("tokens file: %d credentials, the 8th %+v", len(creds), creds[min(7, len(creds)-1)])
			}
			if fi, err := os.Stat(tokens); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("tokens file mode: %v, %v; want 0600", fi.Mode(), err)
			}

			// Again with the same prefix: refused, nothing written.
			again := filepath.Join(dir, "again")
			r = runCmd(t, nil, "bench", "seed", "--db", dsn, "--accounts", "60", "--statuses", "1",
				"--follows-avg", "1", "--tokens-out", again, "--prefix", "Seeded")
			if r.code != 2 || !strings.Contains(r.stderr, "has 50 accounts named Seeded_N already") {
				t.Errorf("seeding the prefix again: exit %d, want 2 naming the accounts\nstderr: %s", r.code, r.stderr)
			}
			if _, err := os.Stat(again); !os.IsNotExist(err) {
				t.Errorf("refused run wrote its tokens file: %v", err)
			}

			srv := agoratest.MustRunServer(t, backend, agoratest.WithDB(dsn))
			start := time.Now().Add(-seedSpan - time.Hour - time.Minute)
			var me struct {
				Username       string `json:"username"`
				FollowingCount int    `json:"following_count"`
				StatusesCount  int    `json:"statuses_count"`
			}
			seedHTTP(t, "GET", srv.URL+"/api/v1/accounts/verify_credentials", creds[3].Token, nil, &me)
			if me.Username != "seeded_3" || me.FollowingCount != 5 || me.StatusesCount != 10 {
				t.Errorf("verify_credentials = %+v, want seeded_3 following 5 with 10 statuses", me)
			}
			var home []seedStatus
			seedHTTP(t, "GET", srv.URL+"/api/v1/timelines/home?limit=40", creds[3].Token, nil, &home)
			if len(home) != 40 {
				t.Fatalf("home timeline of seeded_3: %d statuses, want 40", len(home))
			}
			others := 0
			for i, s := range home {
				if s.Account.Username != "seeded_3" {
					others++
				}
				if s.CreatedAt.Before(start) || s.CreatedAt.After(time.Now()) {
					t.Errorf("status %s created at %v, not in the four weeks before the run", s.ID, s.CreatedAt)
				}
				if i > 0 && (!s.CreatedAt.Before(home[i-1].CreatedAt) || len(s.ID) > len(home[i-1].ID) ||
					len(s.ID) == len(home[i-1].ID) && s.ID >= home[i-1].ID) {
					t.Errorf("home timeline not newest first by ID and time at %d: %+v after %+v", i, s, home[i-1])
				}
			}
			if others == 0 {
				t.Error("home timeline of seeded_3 holds none of the statuses of the accounts it follows")
			}
			var tagged []seedStatus
			seedHTTP(t, "GET", srv.URL+"/api/v1/timelines/tag/news?limit=5", creds[0].Token, nil, &tagged)
			if len(tagged) != 5 {
				t.Errorf("hashtag timeline #news: %d statuses, want 5", len(tagged))
			}

			// A seeded status reads as the same text posted through the API does,
			// but for the server's URL in links.
			found, err := srv.DB.SearchStatuses(t.Context(), agora.StatusSearch{Text: "Status 0 of the load generator, about news"})
			if err != nil || len(found) != 1 {
				t.Fatalf("searching status 0: %d found, %v", len(found), err)
			}
			seeded := seedStatusByID(t, srv.URL, creds[0].Token, found[0].ID)
			var posted seedStatus
			seedHTTP(t, "POST", srv.URL+"/api/v1/statuses", creds[0].Token,
				url.Values{"status": {"Status 0 of the load generator, about #news"}, "visibility": {"public"}}, &posted)
			if want := strings.ReplaceAll(seeded.Content, "http://127.0.0.1:8080", srv.URL); posted.Content != want {
				t.Errorf("content posted through the API:\n%s\nseeded (links on the server's URL):\n%s", posted.Content, want)
			}
			if seeded.Account.Username != "seeded_0" {
				t.Errorf("status 0 is by %s, want seeded_0", seeded.Account.Username)
			}
		})
	}
}

func seedStatusByID(t *testing.T, base, token string, id agora.ID) seedStatus {
	t.Helper()
	var s seedStatus
	seedHTTP(t, "GET", base+"/api/v1/statuses/"+id.String(), token, nil, &s)
	return s
}

func TestBenchSeed_Usage(t *testing.T) {
	dir := t.TempDir()
	db, tokens := filepath.Join(dir, "agora.db"), filepath.Join(dir, "tokens")
	args := func(extra ...string) []string {
		a := []string{"bench", "seed", "--db", db, "--accounts", "10", "--statuses", "10", "--follows-avg", "2", "--tokens-out", tokens}
		return append(a, extra...)
	}
	for name, args := range map[string][]string{
		"no db":                {"bench", "seed", "--accounts", "10", "--tokens-out", tokens},
		"memory db":            {"bench", "seed", "--db", ":memory:", "--accounts", "10", "--tokens-out", tokens},
		"no tokens-out":        {"bench", "seed", "--db", db, "--accounts", "10"},
		"no accounts":          args("--accounts", "0"),
		"too many accounts":    args("--accounts", "1000001"),
		"negative statuses":    args("--statuses", "-1"),
		"too many statuses":    args("--statuses", "20000001"),
		"too many follows":     args("--follows-avg", "1001"),
		"follow graph too big": args("--accounts", "100000", "--follows-avg", "201"),
		"bad prefix":           args("--prefix", "bench-x"),
		"long prefix":          args("--prefix", strings.Repeat("b", 29)),
		"bad base URL":         args("--base-url", "ftp://example.org"),
		"zero chunk":           args("--chunk-rows", "0"),
		"argument":             args("extra"),
	} {
		t.Run(name, func(t *testing.T) {
			r := runCmd(t, nil, args...)
			if r.code != 2 || !strings.Contains(r.stderr, "agora bench seed --db PATH") {
				t.Errorf("exit %d, want 2 with the usage\nstderr: %s", r.code, r.stderr)
			}
			for _, f := range []string{db, tokens} {
				if _, err := os.Stat(f); !os.IsNotExist(err) {
					t.Errorf("%s written: %v", filepath.Base(f), err)
				}
			}
		})
	}
	t.Run("tokens file cannot be written", func(t *testing.T) {
		r := runCmd(t, nil, args("--tokens-out", filepath.Join(dir, "missing", "tokens"))...)
		if r.code != 1 || !strings.Contains(r.stderr, "tokens-out") {
			t.Fatalf("exit %d, want 1 naming --tokens-out\nstderr: %s", r.code, r.stderr)
		}
		db, err := sqlstore.Open(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if n, err := db.CountAccounts(t.Context()); err != nil || n != 0 {
			t.Errorf("%d accounts loaded, %v; want none", n, err)
		}
	})
	if r := runCmd(t, nil, "bench", "seed", "-h"); r.code != 0 || !strings.Contains(r.stderr, "--follows-avg") {
		t.Errorf("bench seed -h: exit %d\nstderr: %s", r.code, r.stderr)
	}
}
