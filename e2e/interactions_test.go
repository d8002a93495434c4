package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// member is a signed-in account of a test: its ID, its token and a client.
type member struct {
	id  mastodon.ID
	tok string
	c   *mastodon.Client
}

// mustMember creates the account and a "read write" token for it, without the
// OAuth round trips of passwordLogin.
func (r *rig) mustMember(username string) member {
	r.t.Helper()
	a := r.mustAccount(username)
	tok, _, err := r.srv.Service.CreateToken(context.Background(), username, "read write")
	if err != nil {
		r.t.Fatalf("token for %s: %v", username, err)
	}
	return member{id: mastodon.ID(a.ID.String()), tok: tok, c: r.client(tok)}
}

// statusState renders a status's counters and viewer flags for exact comparison; a
// flag absent or null is "-".
func statusState(s *mastodon.Status) string {
	f := func(v any) string {
		if v == nil {
			return "-"
		}
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("replies=%d reblogs=%d favs=%d favourited=%s reblogged=%s bookmarked=%s pinned=%s muted=%s",
		s.RepliesCount, s.ReblogsCount, s.FavouritesCount, f(s.Favourited), f(s.Reblogged), f(s.Bookmarked), f(s.Pinned), f(s.Muted))
}

// postForm POSTs a form with the token and returns status and body.
func (r *rig) postForm(path, token string, form url.Values) (int, []byte) {
	r.t.Helper()
	status, body, _ := r.do("POST", path, token, "application/x-www-form-urlencoded", form.Encode())
	return status, body
}

// mustStatus GETs the status as the client sees it.
func mustStatus(t *testing.T, c *mastodon.Client, id mastodon.ID) *mastodon.Status {
	t.Helper()
	s, err := c.GetStatus(context.Background(), id)
	if err != nil {
		t.Fatalf("GET status %s: %v", id, err)
	}
	return s
}

// homeIDs returns the IDs on the first page of the client's home timeline.
func homeIDs(t *testing.T, c *mastodon.Client) []string {
	t.Helper()
	list, err := c.GetTimelineHome(context.Background(), nil)
	if err != nil {
		t.Fatalf("home: %v", err)
	}
	return ids(list)
}

// walkAccounts follows rel="next" from path until a page is empty and returns the
// account IDs seen, in order.
func walkAccounts(t *testing.T, r *rig, path, token string) []mastodon.ID {
	t.Helper()
	var seen []mastodon.ID
	for i := 0; path != "" && i < 100; i++ {
		var page []*mastodon.Account
		hdr := getJSON(t, r, path, token, &page)
		if len(page) == 0 {
			break
		}
		seen = append(seen, accountIDs(page)...)
		path, _ = links(t, r, hdr)
	}
	return seen
}

// TestBoosts covers reblog, unreblog and reblogged_by, and the boosts refused.
func TestBoosts(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testBoosts(t, b) })
	}
}

func testBoosts(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, carol, erin := r.mustMember("alice"), r.mustMember("bob"), r.mustMember("carol"), r.mustMember("erin")
	if _, err := bob.c.AccountFollow(ctx, alice.id); err != nil { // bob may see alice's private posts
		t.Fatal(err)
	}
	s := post(t, alice.c, &mastodon.Toot{Status: "Boost me"})
	priv := post(t, alice.c, &mastodon.Toot{Status: "For my followers", Visibility: "private"})
	direct := post(t, alice.c, &mastodon.Toot{Status: "@bob between us", Visibility: "direct"})

	w, err := bob.c.Reblog(ctx, s.ID)
	if err != nil {
		t.Fatalf("bob boosts: %v", err)
	}
	if w.ID == s.ID || w.Account.ID != bob.id || w.Reblog == nil || w.Content != "" || w.Visibility != "public" {
		t.Fatalf("boost = id %s by %s, content %q, %s, reblog %v; want a public wrapper by bob", w.ID, w.Account.Username, w.Content, w.Visibility, w.Reblog)
	}
	if got, want := statusState(w.Reblog), "replies=0 reblogs=1 favs=0 favourited=false reblogged=true bookmarked=false pinned=- muted=false"; w.Reblog.ID != s.ID || w.Reblog.Account.ID != alice.id || w.Reblog.Content != s.Content || got != want {
		t.Errorf("boost's reblog = %s by %s %q: %s; want %s by alice: %s", w.Reblog.ID, w.Reblog.Account.Username, w.Reblog.Content, got, s.ID, want)
	}

	// Boosting twice returns the same boost; boosting a boost boosts its original.
	again, err := bob.c.Reblog(ctx, s.ID)
	if err != nil || again.ID != w.ID || again.Reblog == nil || again.Reblog.ReblogsCount != 1 {
		t.Errorf("boosting again = %v, %v; want boost %s with reblogs_count 1", again, err, w.ID)
	}
	cw, err := carol.c.Reblog(ctx, w.ID)
	if err != nil {
		t.Fatalf("carol boosts bob's boost: %v", err)
	}
	if cw.Account.ID != carol.id || cw.Reblog == nil || cw.Reblog.ID != s.ID || cw.Reblog.ReblogsCount != 2 || cw.Reblog.Reblogged != true {
		t.Errorf("boost of a boost = by %s of %v", cw.Account.Username, cw.Reblog)
	}
	if got := mustStatus(t, erin.c, w.ID); got.Reblog == nil || got.Reblog.ID != s.ID || got.Account.ID != bob.id {
		t.Errorf("GET the boost = %+v", got)
	}
	for who, want := range map[member]string{
		alice: "replies=0 reblogs=2 favs=0 favourited=false reblogged=false bookmarked=false pinned=false muted=false",
		bob:   "replies=0 reblogs=2 favs=0 favourited=false reblogged=true bookmarked=false pinned=- muted=false",
		erin:  "replies=0 reblogs=2 favs=0 favourited=false reblogged=false bookmarked=false pinned=- muted=false",
	} {
		if got := statusState(mustStatus(t, who.c, s.ID)); got != want {
			t.Errorf("%s's view of the original: %s, want %s", who.id, got, want)
		}
	}

	t.Run("reblogged_by", func(t *testing.T) {
		by, err := erin.c.GetRebloggedBy(ctx, s.ID, nil)
		if diff := cmp.Diff([]mastodon.ID{carol.id, bob.id}, accountIDs(by)); err != nil || diff != "" {
			t.Errorf("reblogged_by (-want +got): %v\n%s", err, diff)
		}
		path := "/api/v1/statuses/" + string(s.ID) + "/reblogged_by?limit=1"
		if diff := cmp.Diff([]mastodon.ID{carol.id, bob.id}, walkAccounts(t, r, path, "")); diff != "" {
			t.Errorf("reblogged_by walked by Link, limit 1 (-want +got):\n%s", diff)
		}
		var first, second, back []*mastodon.Account
		next, _ := links(t, r, getJSON(t, r, path, "", &first))
		_, prev := links(t, r, getJSON(t, r, next, "", &second))
		getJSON(t, r, prev, "", &back)
		if diff := cmp.Diff([][]mastodon.ID{{carol.id}, {bob.id}, {carol.id}},
			[][]mastodon.ID{accountIDs(first), accountIDs(second), accountIDs(back)}); diff != "" {
			t.Errorf("page 1, page 2, prev of page 2 (-want +got):\n%s", diff)
		}
	})

	t.Run("refused", func(t *testing.T) {
		before := countStatuses(t, r)
		for _, tc := range []struct {
			name string
			who  member
			id   mastodon.ID
			form url.Values
			want int
		}{
			{"another's private status", bob, priv.ID, nil, http.StatusUnprocessableEntity},
			{"a direct status", bob, direct.ID, nil, http.StatusUnprocessableEntity},
			{"a private status not visible", erin, priv.ID, nil, http.StatusNotFound},
			{"a direct status not visible", erin, direct.ID, nil, http.StatusNotFound},
			{"a missing status", bob, "999999", nil, http.StatusNotFound},
			{"a malformed ID", bob, "abc", nil, http.StatusNotFound},
			{"as a direct boost", erin, s.ID, url.Values{"visibility": {"direct"}}, http.StatusUnprocessableEntity},
			{"with an unknown visibility", erin, s.ID, url.Values{"visibility": {"friends"}}, http.StatusUnprocessableEntity},
		} {
			status, body := r.postForm("/api/v1/statuses/"+string(tc.id)+"/reblog", tc.who.tok, tc.form)
			if status != tc.want {
				t.Errorf("boosting %s: %d %s, want %d", tc.name, status, body, tc.want)
			}
		}
		if after := countStatuses(t, r); after != before {
			t.Errorf("refused boosts changed the number of statuses: %d -> %d", before, after)
		}
		for _, id := range []mastodon.ID{priv.ID, direct.ID} {
			if got := mustStatus(t, alice.c, id); got.ReblogsCount != 0 {
				t.Errorf("status %s: reblogs_count %d after refused boosts, want 0", id, got.ReblogsCount)
			}
			if by, err := alice.c.GetRebloggedBy(ctx, id, nil); err != nil || len(by) != 0 {
				t.Errorf("status %s: reblogged_by %v, %v after refused boosts, want none", id, accountIDs(by), err)
			}
		}
		for m, want := range map[member]int64{bob: 1, erin: 0} { // a boost counts as a status
			if a, err := m.c.GetAccountCurrentUser(ctx); err != nil || a.StatusesCount != want {
				t.Errorf("%s after refused boosts: %v, %v; want statuses_count %d", m.id, a, err, want)
			}
		}
		if got := mustStatus(t, alice.c, s.ID); got.ReblogsCount != 2 {
			t.Errorf("reblogs_count after refused boosts = %d, want 2", got.ReblogsCount)
		}
	})

	t.Run("own private status", func(t *testing.T) {
		// Mastodon lets the author boost a followers-only status; the boost keeps its
		// audience.
		own, err := alice.c.Reblog(ctx, priv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if own.Visibility != "private" || own.Reblog == nil || own.Reblog.ID != priv.ID || own.Reblog.ReblogsCount != 1 {
			t.Errorf("alice boosts her private status: %s boost of %v", own.Visibility, own.Reblog)
		}
		if _, err := erin.c.GetStatus(ctx, own.ID); !isStatus(err, http.StatusNotFound) {
			t.Errorf("erin GETs the boost of a private status: %v, want 404", err)
		}
		if got, err := alice.c.Unreblog(ctx, priv.ID); err != nil || got.ID != priv.ID || got.ReblogsCount != 0 {
			t.Errorf("alice unboosts: %v, %v", got, err)
		}
	})

	t.Run("unreblog", func(t *testing.T) {
		got, err := carol.c.Unreblog(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := "replies=0 reblogs=1 favs=0 favourited=false reblogged=false bookmarked=false pinned=- muted=false"
		if got.ID != s.ID || got.Reblog != nil || statusState(got) != want {
			t.Errorf("unreblog = %s (reblog %v): %s; want %s: %s", got.ID, got.Reblog, statusState(got), s.ID, want)
		}
		if got, err := carol.c.Unreblog(ctx, s.ID); err != nil || got.ID != s.ID || statusState(got) != want {
			t.Errorf("unreblog again = %v, %v; want %s", got, err, want)
		}
		// Unboosting by the boost's ID unboosts the original.
		got, err = bob.c.Unreblog(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != s.ID || got.ReblogsCount != 0 || got.Reblogged != false {
			t.Errorf("bob unreblogs by the boost's ID = %s: %s", got.ID, statusState(got))
		}
		if _, err := erin.c.GetStatus(ctx, w.ID); !isStatus(err, http.StatusNotFound) {
			t.Errorf("GET the removed boost: %v, want 404", err)
		}
		if by, err := erin.c.GetRebloggedBy(ctx, s.ID, nil); err != nil || len(by) != 0 {
			t.Errorf("reblogged_by after unreblogs = %v, %v; want none", accountIDs(by), err)
		}
		if got := mustStatus(t, alice.c, s.ID); got.ReblogsCount != 0 {
			t.Errorf("reblogs_count after unreblogs = %d, want 0", got.ReblogsCount)
		}
		if status, body := r.postForm("/api/v1/statuses/999999/unreblog", bob.tok, nil); status != http.StatusNotFound {
			t.Errorf("unreblog a missing status: %d %s, want 404", status, body)
		}
	})
}

// TestBoostsInHome checks Mastodon's rule for boosts in home timelines: a boost
// appears once, and not at all when the reader has the original or another boost of
// it in view. It covers both a feed being pushed to and a feed rebuilt on read.
func TestBoostsInHome(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testBoostsInHome(t, b) })
	}
}

func testBoostsInHome(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, dave := r.mustMember("alice"), r.mustMember("bob"), r.mustMember("dave")
	carol, frank, gina := r.mustMember("carol"), r.mustMember("frank"), r.mustMember("gina")
	follow := func(who member, whom ...member) {
		t.Helper()
		for _, m := range whom {
			if _, err := who.c.AccountFollow(ctx, m.id); err != nil {
				t.Fatal(err)
			}
		}
	}
	follow(carol, bob, dave)  // two boosters, not the author
	follow(frank, alice, bob) // the author and a booster
	follow(gina, bob, dave)   // as carol, but reads only at the end
	homeIDs(t, carol.c)       // carol's and frank's feeds exist from now on: pushes reach them
	homeIDs(t, frank.c)

	s := post(t, alice.c, &mastodon.Toot{Status: "An original"})
	bw, err := bob.c.Reblog(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	dw, err := dave.c.Reblog(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.c.Reblog(ctx, s.ID); err != nil { // again: no second entry anywhere
		t.Fatal(err)
	}
	check := func(when string, want map[member][]string) {
		t.Helper()
		for _, m := range []member{alice, bob, dave, carol, frank, gina} {
			if diff := cmp.Diff(want[m], homeIDs(t, m.c), cmpNilEmpty); diff != "" {
				t.Errorf("%s: home of %s (-want +got):\n%s", when, m.id, diff)
			}
		}
	}
	sid, bid, did := string(s.ID), string(bw.ID), string(dw.ID)
	check("after two boosts", map[member][]string{
		alice: {sid},
		bob:   {bid},
		dave:  {did},
		carol: {bid}, // the first boost, once
		frank: {sid}, // the original is in view: no boost
		gina:  {bid}, // rebuilt on read: the same
	})
	home, err := carol.c.GetTimelineHome(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(home) != 1 || home[0].Reblog == nil || home[0].Reblog.ID != s.ID || home[0].Account.ID != bob.id ||
		statusState(home[0].Reblog) != "replies=0 reblogs=2 favs=0 favourited=false reblogged=false bookmarked=false pinned=- muted=false" {
		t.Errorf("carol's home = %+v", home)
	}

	// When the boost shown is withdrawn, the other boost takes its place, as in
	// Mastodon's feeds.
	if _, err := bob.c.Unreblog(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	check("after bob unboosts", map[member][]string{
		alice: {sid}, dave: {did}, carol: {did}, frank: {sid}, gina: {did},
	})
	if _, err := dave.c.Unreblog(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	check("after both unboost", map[member][]string{alice: {sid}, frank: {sid}})

	// A boost reaches a follower of the booster who does not have the original.
	follow(frank, dave)
	dw2, err := dave.c.Reblog(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	check("after dave boosts again", map[member][]string{
		alice: {sid}, dave: {string(dw2.ID)}, carol: {string(dw2.ID)}, frank: {sid}, gina: {string(dw2.ID)},
	})
}

// TestFavouritesAndBookmarks covers favourite, unfavourite, bookmark and
// unbookmark, the lists of favourites and bookmarks (paged by favourite and bookmark
// ID), favourited_by, and the counters and viewer flags on every Status.
func TestFavouritesAndBookmarks(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testFavouritesAndBookmarks(t, b) })
	}
}

func testFavouritesAndBookmarks(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, carol, erin := r.mustMember("alice"), r.mustMember("bob"), r.mustMember("carol"), r.mustMember("erin")
	if _, err := bob.c.AccountFollow(ctx, alice.id); err != nil {
		t.Fatal(err)
	}
	s1 := post(t, alice.c, &mastodon.Toot{Status: "one #flags"})
	s2 := post(t, alice.c, &mastodon.Toot{Status: "two"})
	s3 := post(t, alice.c, &mastodon.Toot{Status: "three"})
	priv := post(t, alice.c, &mastodon.Toot{Status: "followers only", Visibility: "private"})

	// Favourites are listed in the order they were made, not by status.
	for _, s := range []*mastodon.Status{s2, s1, s3} {
		got, err := bob.c.Favourite(ctx, s.ID)
		if err != nil {
			t.Fatalf("favourite %s: %v", s.Content, err)
		}
		if got.ID != s.ID || got.Favourited != true || got.FavouritesCount != 1 {
			t.Errorf("favourite %s = %s: %s", s.ID, got.ID, statusState(got))
		}
	}
	if got, err := bob.c.Favourite(ctx, s1.ID); err != nil || got.FavouritesCount != 1 || got.Favourited != true {
		t.Errorf("favourite again = %v, %v; want favourites_count 1", got, err)
	}
	if got, err := carol.c.Favourite(ctx, s1.ID); err != nil || got.FavouritesCount != 2 || got.Favourited != true {
		t.Errorf("carol favourites = %v, %v; want favourites_count 2", got, err)
	}
	s := func(list ...*mastodon.Status) []string { return ids(list) }
	favs, err := bob.c.GetFavourites(ctx, nil)
	if diff := cmp.Diff(s(s3, s1, s2), ids(favs)); err != nil || diff != "" {
		t.Errorf("favourites (-want +got): %v\n%s", err, diff)
	}
	walked, last := walkStatuses(t, r, "/api/v1/favourites?limit=1", bob.tok, "next")
	if diff := cmp.Diff(s(s3, s1, s2), walked); diff != "" {
		t.Errorf("favourites walked by Link, limit 1 (-want +got):\n%s", diff)
	}
	up, _ := walkStatuses(t, r, last, bob.tok, "prev")
	if diff := cmp.Diff(s(s2, s1, s3), up); diff != "" {
		t.Errorf("favourites walked up by rel=prev, limit 1 (-want +got):\n%s", diff)
	}
	path := "/api/v1/statuses/" + string(s1.ID) + "/favourited_by?limit=1"
	if diff := cmp.Diff([]mastodon.ID{carol.id, bob.id}, walkAccounts(t, r, path, "")); diff != "" {
		t.Errorf("favourited_by walked by Link (-want +got):\n%s", diff)
	}

	got, err := bob.c.Unfavourite(ctx, s1.ID)
	if err != nil || got.ID != s1.ID || got.Favourited != false || got.FavouritesCount != 1 {
		t.Errorf("unfavourite = %v, %v; want favourited false, count 1", got, err)
	}
	if got, err := bob.c.Unfavourite(ctx, s1.ID); err != nil || got.FavouritesCount != 1 {
		t.Errorf("unfavourite again = %v, %v; want count 1", got, err)
	}
	if favs, err := bob.c.GetFavourites(ctx, nil); err != nil || !slices.Equal(ids(favs), s(s3, s2)) {
		t.Errorf("favourites after unfavourite = %v, %v; want %v", ids(favs), err, s(s3, s2))
	}
	if by, err := bob.c.GetFavouritedBy(ctx, s1.ID, nil); err != nil || !slices.Equal(accountIDs(by), []mastodon.ID{carol.id}) {
		t.Errorf("favourited_by after unfavourite = %v, %v; want carol", accountIDs(by), err)
	}

	// Bookmarks: the same, and private to the one who bookmarks.
	for _, s := range []*mastodon.Status{s3, s1, s3} {
		got, err := bob.c.Bookmark(ctx, s.ID)
		if err != nil || got.ID != s.ID || got.Bookmarked != true {
			t.Errorf("bookmark %s = %v, %v", s.ID, got, err)
		}
	}
	if bms, err := bob.c.GetBookmarks(ctx, nil); err != nil || !slices.Equal(ids(bms), s(s1, s3)) {
		t.Errorf("bookmarks = %v, %v; want %v", ids(bms), err, s(s1, s3))
	}
	if bms, err := carol.c.GetBookmarks(ctx, nil); err != nil || len(bms) != 0 {
		t.Errorf("carol's bookmarks = %v, %v; want none", ids(bms), err)
	}
	walked, _ = walkStatuses(t, r, "/api/v1/bookmarks?limit=1", bob.tok, "next")
	if diff := cmp.Diff(s(s1, s3), walked); diff != "" {
		t.Errorf("bookmarks walked by Link (-want +got):\n%s", diff)
	}
	if got, err := bob.c.Unbookmark(ctx, s1.ID); err != nil || got.Bookmarked != false {
		t.Errorf("unbookmark = %v, %v", got, err)
	}
	if bms, err := bob.c.GetBookmarks(ctx, nil); err != nil || !slices.Equal(ids(bms), s(s3)) {
		t.Errorf("bookmarks after unbookmark = %v, %v; want %v", ids(bms), err, s(s3))
	}

	t.Run("refused", func(t *testing.T) {
		for _, action := range []string{"favourite", "bookmark", "unfavourite", "unbookmark"} {
			for _, id := range []mastodon.ID{priv.ID, "999999"} {
				if status, body := r.postForm("/api/v1/statuses/"+string(id)+"/"+action, erin.tok, nil); status != http.StatusNotFound {
					t.Errorf("erin: %s %s: %d %s, want 404", action, id, status, body)
				}
			}
		}
		if status, body := r.postForm("/api/v1/statuses/"+string(s1.ID)+"/favourite", "", nil); status != http.StatusUnauthorized {
			t.Errorf("anonymous favourite: %d %s, want 401", status, body)
		}
		if got := mustStatus(t, alice.c, priv.ID); got.FavouritesCount != 0 {
			t.Errorf("private status favourites_count = %d after refused favourites, want 0", got.FavouritesCount)
		}
		if favs, err := erin.c.GetFavourites(ctx, nil); err != nil || len(favs) != 0 {
			t.Errorf("erin's favourites = %v, %v; want none", ids(favs), err)
		}
	})

	t.Run("flags everywhere", func(t *testing.T) {
		if _, err := bob.c.Reblog(ctx, s2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := bob.c.Favourite(ctx, priv.ID); err != nil {
			t.Fatal(err)
		}
		if status, body := r.postForm("/api/v1/statuses/"+string(s3.ID)+"/pin", alice.tok, nil); status != http.StatusOK {
			t.Fatalf("pin: %d %s", status, body)
		}
		post(t, carol.c, &mastodon.Toot{Status: "@alice a reply", InReplyToID: s1.ID})

		// What each viewer must see on each of alice's statuses.
		const base = "favourited=false reblogged=false bookmarked=false"
		want := map[string]map[mastodon.ID]string{
			"bob": {
				s1.ID:   "replies=1 reblogs=0 favs=1 " + base + " pinned=- muted=false",
				s2.ID:   "replies=0 reblogs=1 favs=1 favourited=true reblogged=true bookmarked=false pinned=- muted=false",
				s3.ID:   "replies=0 reblogs=0 favs=1 favourited=true reblogged=false bookmarked=true pinned=- muted=false",
				priv.ID: "replies=0 reblogs=0 favs=1 favourited=true reblogged=false bookmarked=false pinned=- muted=false",
			},
			"alice": {
				s1.ID:   "replies=1 reblogs=0 favs=1 " + base + " pinned=false muted=false",
				s2.ID:   "replies=0 reblogs=1 favs=1 " + base + " pinned=false muted=false",
				s3.ID:   "replies=0 reblogs=0 favs=1 " + base + " pinned=true muted=false",
				priv.ID: "replies=0 reblogs=0 favs=1 " + base + " pinned=false muted=false",
			},
			"anonymous": {
				s1.ID: "replies=1 reblogs=0 favs=1 favourited=- reblogged=- bookmarked=- pinned=- muted=-",
				s2.ID: "replies=0 reblogs=1 favs=1 favourited=- reblogged=- bookmarked=- pinned=- muted=-",
				s3.ID: "replies=0 reblogs=0 favs=1 favourited=- reblogged=- bookmarked=- pinned=- muted=-",
			},
		}
		clients := map[string]*mastodon.Client{"bob": bob.c, "alice": alice.c, "anonymous": r.client("")}
		for name, c := range clients {
			lists := map[string][]*mastodon.Status{}
			var err error
			if lists["account statuses"], err = c.GetAccountStatuses(ctx, alice.id, nil); err != nil {
				t.Fatal(err)
			}
			if lists["public timeline"], err = c.GetTimelinePublic(ctx, false, nil); err != nil {
				t.Fatal(err)
			}
			if lists["pinned"], err = c.GetAccountPinnedStatuses(ctx, alice.id); err != nil {
				t.Fatal(err)
			}
			if lists["tag timeline"], err = c.GetTimelineHashtag(ctx, "flags", false, nil); err != nil {
				t.Fatal(err)
			}
			for _, id := range []mastodon.ID{s1.ID, s2.ID, s3.ID, priv.ID} {
				if st, err := c.GetStatus(ctx, id); err == nil {
					lists["GET "+string(id)] = []*mastodon.Status{st}
				} else if name != "anonymous" || id != priv.ID {
					t.Errorf("%s: GET %s: %v", name, id, err)
				}
			}
			if name != "anonymous" {
				for list, get := range map[string]func(context.Context, *mastodon.Pagination) ([]*mastodon.Status, error){
					"home": c.GetTimelineHome, "favourites": c.GetFavourites, "bookmarks": c.GetBookmarks,
				} {
					if lists[list], err = get(ctx, nil); err != nil {
						t.Fatal(err)
					}
				}
				ctxt, err := c.GetStatusContext(ctx, s1.ID)
				if err != nil {
					t.Fatal(err)
				}
				lists["context"] = ctxt.Descendants
			}
			checked := 0
			for list, statuses := range lists {
				for _, st := range statuses {
					if st.Reblog != nil {
						st = st.Reblog
					}
					w, ok := want[name][st.ID]
					if !ok {
						continue
					}
					checked++
					if got := statusState(st); got != w {
						t.Errorf("%s, %s: status %q: %s\n\twant %s", name, list, st.Content, got, w)
					}
				}
			}
			if checked < 11 {
				t.Errorf("%s: only %d statuses checked", name, checked)
			}
		}
	})
}

// TestConcurrentInteractions has 50 accounts favourite, unfavourite, boost and
// unboost the same status at once: the counters and lists must be exact.
func TestConcurrentInteractions(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testConcurrentInteractions(t, b) })
	}
}

func testConcurrentInteractions(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice := r.mustMember("alice")
	target := post(t, alice.c, &mastodon.Toot{Status: "Popular"})

	const n = 50
	members := make([]member, n)
	for i := range members {
		members[i] = r.mustMember(fmt.Sprintf("fan%02d", i))
	}
	// Each account's actions, in order; f favourite, u unfavourite, b boost, x unboost.
	plan := func(i int) string {
		p := []string{"f", "fu", "ff", "fufuf", "uf", "fbx", "bfb", "ubb"}[i%8]
		if i%3 == 0 {
			p += "b"
		}
		return p
	}
	wantFavs, wantBoosts := map[mastodon.ID]bool{}, map[mastodon.ID]bool{}
	wantNotes := 0 // favourite notifications: each favourite of a status not favourited then
	for i, m := range members {
		faved := false
		for _, a := range plan(i) {
			switch a {
			case 'f':
				if !faved {
					wantNotes++
				}
				faved = true
			case 'u':
				faved = false
			case 'b':
				wantBoosts[m.id] = true
			case 'x':
				delete(wantBoosts, m.id)
			}
		}
		if faved {
			wantFavs[m.id] = true
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, n*8)
	for i, m := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, a := range plan(i) {
				var err error
				switch a {
				case 'f':
					_, err = m.c.Favourite(ctx, target.ID)
				case 'u':
					_, err = m.c.Unfavourite(ctx, target.ID)
				case 'b':
					_, err = m.c.Reblog(ctx, target.ID)
				case 'x':
					_, err = m.c.Unreblog(ctx, target.ID)
				}
				if err != nil {
					errs <- fmt.Errorf("fan%02d %c: %w", i, a, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	got := mustStatus(t, alice.c, target.ID)
	if got.FavouritesCount != int64(len(wantFavs)) || got.ReblogsCount != int64(len(wantBoosts)) {
		t.Errorf("favourites_count %d, reblogs_count %d; want %d, %d", got.FavouritesCount, got.ReblogsCount, len(wantFavs), len(wantBoosts))
	}
	sorted := func(set map[mastodon.ID]bool) []mastodon.ID {
		out := make([]mastodon.ID, 0, len(set))
		for id := range set {
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}
	for what, want := range map[string]map[mastodon.ID]bool{"favourited_by": wantFavs, "reblogged_by": wantBoosts} {
		seen := walkAccounts(t, r, "/api/v1/statuses/"+string(target.ID)+"/"+what+"?limit=40", "")
		slices.Sort(seen)
		if diff := cmp.Diff(sorted(want), seen); diff != "" {
			t.Errorf("%s (-want +got):\n%s", what, diff)
		}
	}
	// Each account's own view agrees.
	for _, m := range members {
		st := mustStatus(t, m.c, target.ID)
		if st.Favourited != wantFavs[m.id] || st.Reblogged != wantBoosts[m.id] {
			t.Errorf("%s sees favourited %v reblogged %v; want %v %v", m.id, st.Favourited, st.Reblogged, wantFavs[m.id], wantBoosts[m.id])
		}
	}
	var notes []wireNotification
	path := "/api/v1/notifications?types[]=favourite&limit=40"
	for i := 0; path != "" && i < 10; i++ {
		var page []wireNotification
		next, _ := links(t, r, getJSON(t, r, path, alice.tok, &page))
		if len(page) == 0 {
			break
		}
		notes = append(notes, page...)
		path = next
	}
	if len(notes) != wantNotes {
		t.Errorf("alice has %d favourite notifications, want %d", len(notes), wantNotes)
	}
}

// TestPins covers pin, unpin and GET /api/v1/accounts/:id/statuses?pinned=true, and
// the pins refused.
func TestPins(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testPins(t, b) })
	}
}

func testPins(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, erin := r.mustMember("alice"), r.mustMember("bob"), r.mustMember("erin")
	if _, err := bob.c.AccountFollow(ctx, alice.id); err != nil {
		t.Fatal(err)
	}
	var own []*mastodon.Status
	for i := range 6 {
		vis := "public"
		if i == 1 {
			vis = "private"
		}
		own = append(own, post(t, alice.c, &mastodon.Toot{Status: fmt.Sprintf("status %d", i), Visibility: vis}))
	}
	direct := post(t, alice.c, &mastodon.Toot{Status: "@bob direct", Visibility: "direct"})
	bobs := post(t, bob.c, &mastodon.Toot{Status: "bob's"})
	boost, err := alice.c.Reblog(ctx, bobs.ID)
	if err != nil {
		t.Fatal(err)
	}
	pin := func(id mastodon.ID, action string, want int) *mastodon.Status {
		t.Helper()
		status, body := r.postForm("/api/v1/statuses/"+string(id)+"/"+action, alice.tok, nil)
		if status != want {
			t.Errorf("%s %s: %d %s, want %d", action, id, status, body, want)
			return nil
		}
		var st mastodon.Status
		mustJSON(t, body, &st)
		return &st
	}
	pinned := func(c *mastodon.Client) []string {
		t.Helper()
		list, err := c.GetAccountPinnedStatuses(ctx, alice.id)
		if err != nil {
			t.Fatal(err)
		}
		return ids(list)
	}
	s := func(is ...int) []string {
		var out []string
		for _, i := range is {
			out = append(out, string(own[i].ID))
		}
		return out
	}

	// Pinned newest pin first, whatever the statuses' order.
	for _, i := range []int{2, 0, 4, 1, 3} {
		if st := pin(own[i].ID, "pin", http.StatusOK); st != nil && (st.ID != own[i].ID || st.Pinned != true) {
			t.Errorf("pin %d = %s pinned %v", i, st.ID, st.Pinned)
		}
	}
	if st := pin(own[4].ID, "pin", http.StatusOK); st != nil && st.Pinned != true { // again, at the limit
		t.Errorf("pinning a pinned status again: pinned %v", st.Pinned)
	}
	full := s(3, 1, 4, 0, 2)
	for name, c := range map[string]*mastodon.Client{"alice": alice.c, "bob": bob.c} {
		if diff := cmp.Diff(full, pinned(c)); diff != "" {
			t.Errorf("pinned as %s sees them (-want +got):\n%s", name, diff)
		}
	}
	// Others see only the pins they may see, and no pinned flag.
	for name, c := range map[string]*mastodon.Client{"erin": erin.c, "anonymous": r.client("")} {
		if diff := cmp.Diff(s(3, 4, 0, 2), pinned(c)); diff != "" {
			t.Errorf("pinned as %s sees them (-want +got):\n%s", name, diff)
		}
	}
	if st := mustStatus(t, bob.c, own[0].ID); st.Pinned != nil {
		t.Errorf("bob sees pinned=%v on alice's status, want it absent", st.Pinned)
	}

	// Refused: a sixth, another's status, a boost, a direct status, a missing one.
	pin(own[5].ID, "pin", http.StatusUnprocessableEntity)
	pin(bobs.ID, "pin", http.StatusUnprocessableEntity)
	pin(boost.ID, "pin", http.StatusUnprocessableEntity)
	pin(direct.ID, "pin", http.StatusUnprocessableEntity)
	pin("999999", "pin", http.StatusNotFound)
	if status, body := r.postForm("/api/v1/statuses/"+string(bobs.ID)+"/pin", erin.tok, nil); status != http.StatusUnprocessableEntity {
		t.Errorf("erin pins bob's status: %d %s, want 422", status, body)
	}
	if diff := cmp.Diff(full, pinned(alice.c)); diff != "" {
		t.Errorf("pinned after refused pins (-want +got):\n%s", diff)
	}
	for _, id := range []mastodon.ID{own[5].ID, direct.ID} {
		if st := mustStatus(t, alice.c, id); st.Pinned != false {
			t.Errorf("status %s: pinned %v after a refused pin", id, st.Pinned)
		}
	}
	if list, err := erin.c.GetAccountPinnedStatuses(ctx, erin.id); err != nil || len(list) != 0 {
		t.Errorf("erin's pins = %v, %v; want none", ids(list), err)
	}

	// Unpin makes room.
	if st := pin(own[4].ID, "unpin", http.StatusOK); st != nil && (st.ID != own[4].ID || st.Pinned != false) {
		t.Errorf("unpin = %s pinned %v", st.ID, st.Pinned)
	}
	pin(own[4].ID, "unpin", http.StatusOK) // again: not an error
	pin(own[5].ID, "pin", http.StatusOK)
	if diff := cmp.Diff(s(5, 3, 1, 0, 2), pinned(alice.c)); diff != "" {
		t.Errorf("pinned after unpin and pin (-want +got):\n%s", diff)
	}
	// A deleted status leaves the pins.
	if err := alice.c.DeleteStatus(ctx, own[3].ID); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s(5, 1, 0, 2), pinned(alice.c)); diff != "" {
		t.Errorf("pinned after deleting a pinned status (-want +got):\n%s", diff)
	}
	// Other filters change nothing for pins.
	list, err := alice.c.GetAccountStatusesParams(ctx, alice.id, url.Values{"pinned": {"true"}, "exclude_reblogs": {"true"}}, nil)
	if err != nil || !slices.Equal(ids(list), s(5, 1, 0, 2)) {
		t.Errorf("pinned with exclude_reblogs = %v, %v", ids(list), err)
	}
}
