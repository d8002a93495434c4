package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/service"
)

// found is what a search answered, shortly: usernames, hashtag names and the
// labels of statuses.
type found struct {
	Accounts []string
	Hashtags []string
	Statuses []string
}

// TestSearch covers GET /api/v2/search and GET /api/v1/accounts/search: accounts
// by username and display name, hashtags by prefix, statuses by word, hashtag and
// URL, the following, account_id, type, limit and offset parameters, and above all
// that no one finds a status they may not see.
func TestSearch(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testSearch(t, b) })
	}
}

func testSearch(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	for _, name := range []string{"alice", "alfred", "bob", "carol", "dave", "abc"} {
		r.mustAccount(name)
	}
	ac, bc, cc, dc := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol"), r.passwordLogin("dave")
	alfred, abc := r.passwordLogin("alfred"), r.passwordLogin("abc")
	name := "Alice Liddell"
	if _, err := ac.AccountUpdate(ctx, &mastodon.Profile{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	accountID := func(c *mastodon.Client) mastodon.ID {
		a, err := c.GetAccountCurrentUser(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	aliceID, alfredID, carolID := accountID(ac), accountID(alfred), accountID(cc)
	bobID := accountID(bc)
	// Followers: alfred 2, alice 1, carol 1.
	for _, f := range []struct {
		c  *mastodon.Client
		to mastodon.ID
	}{{bc, aliceID}, {cc, alfredID}, {dc, alfredID}, {dc, carolID}} {
		if _, err := f.c.AccountFollow(ctx, f.to); err != nil {
			t.Fatal(err)
		}
	}

	label := map[string]string{} // status ID -> label
	st := map[string]*mastodon.Status{}
	for _, p := range []struct {
		label string
		c     *mastodon.Client
		toot  mastodon.Toot
	}{
		{"s1", bc, mastodon.Toot{Status: "Learning #golang today with a banana"}},
		{"s2", ac, mastodon.Toot{Status: "#GoLang and #gopher banana bread"}},
		{"s3", cc, mastodon.Toot{Status: "carol private banana pineapple", Visibility: "private"}},
		{"s4", cc, mastodon.Toot{Status: "@dave direct banana mango", Visibility: "direct"}},
		{"s5", dc, mastodon.Toot{Status: "dave banana unlisted", Visibility: "unlisted"}},
		{"s6", cc, mastodon.Toot{Status: "#secretplan tonight", Visibility: "private"}},
		{"s7", abc, mastodon.Toot{Status: "abc xyz"}},
	} {
		s := post(t, p.c, &p.toot)
		label[string(s.ID)], st[p.label] = p.label, s
	}

	search := func(path, token string) found {
		t.Helper()
		var res struct {
			Accounts []mastodon.Account `json:"accounts"`
			Hashtags []mastodon.Tag     `json:"hashtags"`
			Statuses []mastodon.Status  `json:"statuses"`
		}
		getJSON(t, r, path, token, &res)
		var f found
		for _, a := range res.Accounts {
			f.Accounts = append(f.Accounts, a.Username)
		}
		for _, h := range res.Hashtags {
			f.Hashtags = append(f.Hashtags, h.Name)
		}
		for _, s := range res.Statuses {
			l, ok := label[string(s.ID)]
			if !ok {
				l = "unknown " + string(s.ID)
			}
			f.Statuses = append(f.Statuses, l)
		}
		return f
	}
	host := mustURL(t, r.srv.URL).Host
	anon := ""
	tok := map[string]string{"alice": ac.Config.AccessToken, "bob": bc.Config.AccessToken,
		"carol": cc.Config.AccessToken, "dave": dc.Config.AccessToken, "anonymous": anon}
	q := func(s string) string { return url.QueryEscape(s) }
	for _, tc := range []struct {
		viewer, query string
		want          found
	}{
		// Accounts: username prefix, display name, acct and URL, following.
		{"bob", "q=Liddell", found{Accounts: []string{"alice"}}},
		{"bob", "q=liddell&type=accounts", found{Accounts: []string{"alice"}}},
		{"bob", "q=al&type=accounts", found{Accounts: []string{"alfred", "alice"}}},
		{"bob", "q=alice", found{Accounts: []string{"alice"}}},
		{"bob", "q=ALFRED", found{Accounts: []string{"alfred"}}},
		{"bob", "q=" + q("@alice"), found{Accounts: []string{"alice"}}},
		{"bob", "q=" + q("alice@"+host), found{Accounts: []string{"alice"}}},
		{"bob", "q=" + q("alice@other.example"), found{}},
		{"bob", "q=" + q(r.srv.URL+"/@alice"), found{Accounts: []string{"alice"}}},
		{"bob", "q=al&type=accounts&following=true", found{Accounts: []string{"alice"}}},
		{"bob", "q=al&type=accounts&limit=1", found{Accounts: []string{"alfred"}}},
		{"bob", "q=al&type=accounts&limit=1&offset=1", found{Accounts: []string{"alice"}}},
		{"anonymous", "q=al", found{Accounts: []string{"alfred", "alice"}}},

		// Hashtags by prefix.
		{"bob", "q=" + q("#gol"), found{Hashtags: []string{"golang"}}},
		{"bob", "q=gol", found{Hashtags: []string{"golang"}}},
		{"bob", "q=GOL", found{Hashtags: []string{"golang"}}},
		{"bob", "q=go&type=hashtags", found{Hashtags: []string{"golang", "gopher"}}},
		{"bob", "q=go&type=hashtags&limit=1&offset=1", found{Hashtags: []string{"gopher"}}},
		{"anonymous", "q=" + q("#gol"), found{Hashtags: []string{"golang"}}},

		// Statuses by word: never a private status of an account not followed, nor
		// a direct one not addressed to the viewer.
		{"alice", "q=banana", found{Statuses: []string{"s5", "s2", "s1"}}},
		{"bob", "q=banana", found{Statuses: []string{"s5", "s2", "s1"}}},
		{"carol", "q=banana", found{Statuses: []string{"s5", "s4", "s3", "s2", "s1"}}},
		{"dave", "q=banana", found{Statuses: []string{"s5", "s4", "s3", "s2", "s1"}}},
		{"dave", "q=BANANA", found{Statuses: []string{"s5", "s4", "s3", "s2", "s1"}}},
		{"dave", "q=" + q("banana pineapple"), found{Statuses: []string{"s3"}}},
		{"alice", "q=pineapple", found{}},
		{"dave", "q=pineapple", found{Statuses: []string{"s3"}}},
		{"bob", "q=mango", found{}},
		{"dave", "q=mango", found{Statuses: []string{"s4"}}},
		{"anonymous", "q=banana", found{}},

		// Statuses by hashtag, and hashtags with them.
		{"alice", "q=" + q("#golang"), found{Hashtags: []string{"golang"}, Statuses: []string{"s2", "s1"}}},
		{"alice", "q=golang", found{Hashtags: []string{"golang"}, Statuses: []string{"s2", "s1"}}},
		{"alice", "q=" + q("#secretplan"), found{Hashtags: []string{"secretplan"}}},
		{"dave", "q=" + q("#secretplan"), found{Hashtags: []string{"secretplan"}, Statuses: []string{"s6"}}},
		{"anonymous", "q=golang", found{Hashtags: []string{"golang"}}},

		// Statuses by URL.
		{"alice", "q=" + q(st["s1"].URL), found{Statuses: []string{"s1"}}},
		{"alice", "q=" + q(st["s3"].URL), found{}},
		{"dave", "q=" + q(st["s3"].URL), found{Statuses: []string{"s3"}}},
		{"anonymous", "q=" + q(st["s1"].URL), found{}},

		// following, account_id, type.
		{"bob", "q=banana&following=true", found{Statuses: []string{"s2"}}},
		{"dave", "q=banana&following=true", found{Statuses: []string{"s4", "s3"}}},
		{"bob", "q=" + q("#golang") + "&following=true", found{Hashtags: []string{"golang"}, Statuses: []string{"s2"}}},
		{"alice", "q=banana&account_id=" + string(bobID), found{Statuses: []string{"s1"}}},
		{"alice", "q=banana&account_id=" + string(carolID), found{}},
		{"dave", "q=banana&account_id=" + string(carolID), found{Statuses: []string{"s4", "s3"}}},
		{"alice", "q=" + q("#golang") + "&account_id=" + string(aliceID), found{Hashtags: []string{"golang"}, Statuses: []string{"s2"}}},
		{"alice", "q=golang&type=statuses", found{Statuses: []string{"s2", "s1"}}},
		{"alice", "q=golang&type=hashtags", found{Hashtags: []string{"golang"}}},
		{"alice", "q=golang&type=accounts", found{}},

		// limit and offset: the offset counts what the viewer may see, so paging
		// neither repeats nor skips.
		{"dave", "q=banana&type=statuses&limit=2", found{Statuses: []string{"s5", "s4"}}},
		{"dave", "q=banana&type=statuses&limit=2&offset=2", found{Statuses: []string{"s3", "s2"}}},
		{"dave", "q=banana&type=statuses&limit=2&offset=4", found{Statuses: []string{"s1"}}},
		{"dave", "q=banana&type=statuses&limit=2&offset=5", found{}},
		{"alice", "q=banana&type=statuses&limit=1", found{Statuses: []string{"s5"}}},
		{"alice", "q=banana&type=statuses&limit=1&offset=1", found{Statuses: []string{"s2"}}},
		{"alice", "q=banana&type=statuses&limit=1&offset=2", found{Statuses: []string{"s1"}}},
		{"alice", "q=banana&type=statuses&limit=1&offset=3", found{}},
		{"alice", "q=" + q("#golang") + "&type=statuses&limit=1&offset=1", found{Statuses: []string{"s1"}}},
		{"alice", "q=" + q("#golang") + "&type=statuses&limit=1&offset=2", found{}},

		// Query syntax of LIKE, FTS5 and tsquery is only text.
		{"dave", "q=" + q("a_c"), found{}},
		{"dave", "q=" + q("a%c"), found{}},
		{"dave", "q=" + q("%"), found{}},
		{"dave", "q=" + q("_"), found{}},
		{"dave", "q=" + q(`"`), found{}},
		{"dave", "q=" + q("*"), found{}},
		{"dave", "q=" + q("("), found{}},
		{"dave", "q=" + q("'"), found{}},
		{"dave", "q=" + q("--"), found{}},
		{"dave", "q=" + q(`\`), found{}},
		{"dave", "q=" + q("#"), found{}},
		{"dave", "q=" + q("@"), found{}},
		{"dave", "q=" + q("@@"), found{}},
		{"dave", "q=" + q("ab%"), found{}},
		{"dave", "q=" + q("'; DROP TABLE statuses; --"), found{}},
		{"dave", "q=" + q("NEAR(banana pineapple)"), found{}},
		{"dave", "q=" + q("banana OR mango"), found{}},
		{"dave", "q=" + q("ban*"), found{}},
		{"dave", "q=" + q(`"banana`), found{Statuses: []string{"s5", "s4", "s3", "s2", "s1"}}},
		{"dave", "q=" + q("banana*"), found{Statuses: []string{"s5", "s4", "s3", "s2", "s1"}}},
		{"dave", "q=" + q("-banana"), found{Statuses: []string{"s5", "s4", "s3", "s2", "s1"}}},
		{"dave", "q=" + q("pineapple & !banana | (mango)"), found{}},
		{"dave", "q=" + q("abc"), found{Accounts: []string{"abc"}, Statuses: []string{"s7"}}},
		{"dave", "q=", found{}},
		{"dave", "q=" + q("   "), found{}},
	} {
		got := search("/api/v2/search?"+tc.query, tok[tc.viewer])
		if diff := cmp.Diff(tc.want, got, cmpNilEmpty); diff != "" {
			t.Errorf("%s: search %s (-want +got):\n%s", tc.viewer, tc.query, diff)
		}
	}

	t.Run("accounts search", func(t *testing.T) {
		list, err := bc.AccountsSearch(ctx, "al", 40)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]mastodon.ID{alfredID, aliceID}, accountIDs(list)); diff != "" {
			t.Errorf("accounts/search al (-want +got):\n%s", diff)
		}
		for _, tc := range []struct {
			viewer, query string
			want          []mastodon.ID
		}{
			{"bob", "q=liddell", []mastodon.ID{aliceID}},
			{"bob", "q=al&following=true", []mastodon.ID{aliceID}},
			{"bob", "q=al&limit=1&offset=1", []mastodon.ID{aliceID}},
			{"anonymous", "q=al", []mastodon.ID{alfredID, aliceID}},
			{"bob", "q=" + q("a_c"), nil},
			{"bob", "q=" + q("%"), nil},
		} {
			var got []mastodon.Account
			getJSON(t, r, "/api/v1/accounts/search?"+tc.query, tok[tc.viewer], &got)
			var gotIDs []mastodon.ID
			for _, a := range got {
				gotIDs = append(gotIDs, a.ID)
			}
			if diff := cmp.Diff(tc.want, gotIDs, cmpNilEmpty); diff != "" {
				t.Errorf("%s: accounts/search %s (-want +got):\n%s", tc.viewer, tc.query, diff)
			}
		}
	})

	t.Run("limits", func(t *testing.T) {
		for i := range 41 {
			r.mustAccount(fmt.Sprintf("zed%02d", i))
		}
		btok := bc.Config.AccessToken
		for _, tc := range []struct {
			path string
			want int
		}{
			{"/api/v2/search?q=zed", 20},
			{"/api/v2/search?q=zed&limit=5", 5},
			{"/api/v2/search?q=zed&limit=1000", 40},
			{"/api/v2/search?q=zed&offset=39", 2},
		} {
			if got := search(tc.path, btok); len(got.Accounts) != tc.want {
				t.Errorf("%s: %d accounts, want %d", tc.path, len(got.Accounts), tc.want)
			}
		}
		for _, tc := range []struct {
			path string
			want int
		}{
			{"/api/v1/accounts/search?q=zed", 40},
			{"/api/v1/accounts/search?q=zed&limit=1000", 40},
			{"/api/v1/accounts/search?q=zed&limit=3&offset=40", 1},
		} {
			var got []mastodon.Account
			getJSON(t, r, tc.path, btok, &got)
			if len(got) != tc.want {
				t.Errorf("%s: %d accounts, want %d", tc.path, len(got), tc.want)
			}
		}
	})

	t.Run("bad input", func(t *testing.T) {
		statuses := countStatuses(t, r)
		long := strings.Repeat("a", service.MaxSearchLen+1)
		for _, tc := range []struct {
			name, path, token string
			want              int
		}{
			{"query over 500 characters", "/api/v2/search?q=" + long, tok["bob"], 400},
			{"query over 500 characters, anonymous", "/api/v2/search?q=" + long, anon, 400},
			{"query over 500 multibyte characters", "/api/v2/search?q=" + q(strings.Repeat("é", service.MaxSearchLen+1)), tok["bob"], 400},
			{"negative offset", "/api/v2/search?q=banana&offset=-1", tok["bob"], 400},
			{"unknown type", "/api/v2/search?q=banana&type=posts", tok["bob"], 400},
			{"zero limit", "/api/v2/search?q=banana&limit=0", tok["bob"], 400},
			{"negative limit", "/api/v2/search?q=banana&limit=-5", tok["bob"], 400},
			{"limit not a number", "/api/v2/search?q=banana&limit=ten", tok["bob"], 400},
			{"limit out of range", "/api/v2/search?q=banana&limit=99999999999999999999", tok["bob"], 400},
			{"bad account_id", "/api/v2/search?q=banana&account_id=bob", tok["bob"], 400},
			{"offset, anonymous", "/api/v2/search?q=al&offset=1", anon, 401},
			{"accounts: query over 500 characters", "/api/v1/accounts/search?q=" + long, tok["bob"], 400},
			{"accounts: negative offset", "/api/v1/accounts/search?q=al&offset=-1", tok["bob"], 400},
		} {
			status, body, _ := r.do("GET", tc.path, tc.token, "", "")
			var e struct {
				Error string `json:"error"`
			}
			mustJSON(t, body, &e)
			if status != tc.want || e.Error == "" {
				t.Errorf("%s: %d %s, want %d with an error", tc.name, status, body, tc.want)
			}
		}
		// 500 characters exactly is allowed.
		if got := search("/api/v2/search?q="+strings.Repeat("a", service.MaxSearchLen), tok["bob"]); !cmp.Equal(got, found{}, cmpNilEmpty) {
			t.Errorf("query of 500 characters = %+v, want nothing found", got)
		}
		if n := countStatuses(t, r); n != statuses {
			t.Errorf("statuses after bad searches = %d, want %d", n, statuses)
		}
		if got := search("/api/v2/search?q=banana", tok["dave"]); len(got.Statuses) != 5 {
			t.Errorf("search after bad input = %+v, want the 5 statuses", got)
		}
	})
}
