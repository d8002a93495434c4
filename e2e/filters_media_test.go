package e2e

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestFilters_MediaDescriptions checks, on both stores, that keywords match
// the descriptions of a status's media as they match its text (Mastodon
// matches its searchable text, which has them): a warn filter marks the
// status, on the home timeline and fetched by ID, and a boost of it by its
// original's media; a hide filter leaves it out of the home timeline.
func TestFilters_MediaDescriptions(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			for _, n := range []string{"alice", "bob", "carol"} {
				r.mustAccount(n)
			}
			alice, bob, carol := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol")
			at, bt := alice.Config.AccessToken, bob.Config.AccessToken
			for _, name := range []string{"bob", "carol"} {
				if _, err := alice.AccountFollow(ctx, mastodon.ID(r.mustAccountID(t, name))); err != nil {
					t.Fatal(err)
				}
			}
			fDo(t, r, at, "POST", "/api/v2/filters", url.Values{"title": {"Sunsets"}, "context[]": {"home", "thread"},
				"filter_action": {"warn"}, "keywords_attributes[0][keyword]": {"sunset"}}, http.StatusOK)
			fDo(t, r, at, "POST", "/api/v2/filters", url.Values{"title": {"Lighthouses"}, "context[]": {"home"},
				"filter_action": {"hide"}, "keywords_attributes[0][keyword]": {"lighthouse"}}, http.StatusOK)

			withMedia := func(description, text string) string {
				code, body := upload(t, r, bt, "/api/v2/media", "p.png", "image/png", pngOf(t, 8, 8), map[string]string{"description": description})
				if code != http.StatusOK && code != http.StatusAccepted {
					t.Fatalf("upload: %d %s", code, body)
				}
				var m struct{ ID string }
				mustJSON(t, body, &m)
				return string(post(t, bob, &mastodon.Toot{Status: text, MediaIDs: []mastodon.ID{mastodon.ID(m.ID)}, Visibility: "public"}).ID)
			}
			sunset := withMedia("A SUNSET over the sea", "look at this")
			lighthouse := withMedia("a lighthouse in the fog", "and this")
			plain := string(post(t, bob, &mastodon.Toot{Status: "nothing to filter", Visibility: "public"}).ID)
			boost, err := carol.Reblog(ctx, mastodon.ID(sunset))
			if err != nil {
				t.Fatal(err)
			}

			home := faWalk(t, r, at, "/api/v1/timelines/home")
			got := map[string]string{}
			var order []string
			for _, st := range home {
				order = append(order, st.ID)
				if st.Reblog != nil {
					got[st.ID] = faTitles(*st.Reblog)
					continue
				}
				got[st.ID] = faTitles(st)
			}
			want := map[string]string{plain: "", sunset: "Sunsets"} // the boost of a status just in the feed is not put in it again
			if len(got) != len(want) || slices.Contains(order, lighthouse) {
				t.Fatalf("home = %v (filters by status), want %v; the lighthouse (%s) hidden", got, want, lighthouse)
			}
			for id, w := range want {
				if got[id] != w {
					t.Errorf("home: status %s filtered by %q, want %q", id, got[id], w)
				}
			}
			var st faStatus
			mustJSON(t, fDo(t, r, at, "GET", "/api/v1/statuses/"+sunset, nil, http.StatusOK), &st)
			if faTitles(st) != "Sunsets" || !slices.Equal(st.Filtered[0].KeywordMatches, []string{"sunset"}) {
				t.Errorf("GET the status: filtered = %+v, want Sunsets matching sunset", st.Filtered)
			}
			mustJSON(t, fDo(t, r, at, "GET", "/api/v1/statuses/"+string(boost.ID), nil, http.StatusOK), &st)
			if st.Reblog == nil || faTitles(st) != "Sunsets" || faTitles(*st.Reblog) != "Sunsets" {
				t.Errorf("GET the boost: filtered = %+v, want Sunsets on it and its original", st)
			}
		})
	}
}
