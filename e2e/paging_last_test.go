package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestPagingLink_LastPage: as in Mastodon, lists of accounts, favourites and
// bookmarks link to a next page only after a full page, while timelines link to
// one after any page with statuses. agora linked to next after every page, so
// megalodon's get_all, which follows next until a page has none, asked for the
// empty page after the last and threw on its missing Link header.
func TestPagingLink_LastPage(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testPagingLastPage(t, b) })
	}
}

func testPagingLastPage(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob := r.mustAccount("alice"), r.mustAccount("bob")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	atok := ac.Config.AccessToken
	if _, err := bc.AccountFollow(ctx, mastodon.ID(alice.ID.String())); err != nil {
		t.Fatal(err)
	}
	st := post(t, bc, &mastodon.Toot{Status: "one status"})
	if _, err := ac.Favourite(ctx, st.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ac.Bookmark(ctx, st.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ac.AccountMute(ctx, mastodon.ID(bob.ID.String())); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		path     string
		wantNext bool
	}{
		{"/api/v1/accounts/" + alice.ID.String() + "/followers", false},
		{"/api/v1/accounts/" + alice.ID.String() + "/followers?limit=1", true},
		{"/api/v1/accounts/" + alice.ID.String() + "/followers?limit=2", false},
		{"/api/v1/statuses/" + string(st.ID) + "/favourited_by", false},
		{"/api/v1/favourites", false},
		{"/api/v1/favourites?limit=1", true},
		{"/api/v1/bookmarks?limit=2", false},
		{"/api/v1/mutes", false},
		{"/api/v1/timelines/public?limit=2", true}, // timelines: next after any page (bob's, alice mutes him)
	} {
		tok := atok
		if strings.HasPrefix(tc.path, "/api/v1/timelines/") {
			tok = bc.Config.AccessToken
		}
		code, body, hdr := r.do("GET", tc.path, tok, "", "")
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", tc.path, code, body)
		}
		link := hdr.Get("Link")
		if !strings.Contains(link, `rel="prev"`) {
			t.Errorf("GET %s: Link %q, want a prev link", tc.path, link)
		}
		if got := strings.Contains(link, `rel="next"`); got != tc.wantNext {
			t.Errorf("GET %s: Link %q, want a next link: %v", tc.path, link, tc.wantNext)
		}
	}
}
