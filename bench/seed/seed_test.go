package seed

import (
	"bytes"
	"encoding/json"
	"errors"
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

// TestRun seeds a small data set, starts the real server on it and reads it over
// HTTP with the tokens written.
func TestRun(t *testing.T) {
	for _, backend := range agoratest.Backends() {
		t.Run(string(backend), func(t *testing.T) {
			dsn := agoratest.DSN(t, backend)
			dir := t.TempDir()
			tokens := filepath.Join(dir, "tokens")
			var log bytes.Buffer
			if err := Run(t.Context(), mustValid(t, Config{DSN: dsn, Accounts: 50, Statuses: 500, FollowsAvg: 5, TokensOut: tokens,
				Prefix: "seeded", Seed: 1, BaseURL: "http://127.0.0.1:8080", ChunkRows: 300, Log: &log})); err != nil {
				t.Fatalf("Run: %v\nlog:\n%s", err, log.String())
			}
			for _, want := range []string{"50 accounts and tokens", "250 of 250 follows", "500 of 500 statuses",
				"committed 50 accounts, 50 tokens, 250 follows, 500 statuses", "wrote 50 tokens", "done in"} {
				if !strings.Contains(log.String(), want) {
					t.Errorf("log does not say %q:\n%s", want, log.String())
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
			err = Run(t.Context(), mustValid(t, Config{DSN: dsn, Accounts: 60, Statuses: 1, FollowsAvg: 1, TokensOut: again,
				Prefix: "Seeded", Seed: 1, BaseURL: "http://127.0.0.1:8080", ChunkRows: DefaultChunkRows}))
			var ue *bench.UsageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), "has 50 accounts named Seeded_N already") {
				t.Errorf("seeding the prefix again: %v, want a usage error naming the accounts", err)
			}
			if _, err := os.Stat(again); !os.IsNotExist(err) {
				t.Errorf("refused run wrote its tokens file: %v", err)
			}

			srv := agoratest.MustRunServer(t, backend, agoratest.WithDB(dsn))
			start := time.Now().Add(-span - time.Hour - time.Minute)
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

// mustValid fails the test unless c is valid, and returns it.
func mustValid(t *testing.T, c Config) Config {
	t.Helper()
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return c
}
