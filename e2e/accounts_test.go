package e2e

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestAccountProfile covers GET /api/v1/accounts/:id, lookup, update_credentials
// and verify_credentials.
func TestAccountProfile(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testAccountProfile(t, b) })
	}
}

func testAccountProfile(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob := r.mustAccount("alice"), r.mustAccount("bob")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	anon := r.client("")
	aliceID, bobID := mastodon.ID(alice.ID.String()), mastodon.ID(bob.ID.String())

	counts := func(id mastodon.ID) [3]int64 {
		t.Helper()
		a, err := anon.GetAccount(ctx, id)
		if err != nil {
			t.Fatalf("GET account %s: %v", id, err)
		}
		return [3]int64{a.StatusesCount, a.FollowersCount, a.FollowingCount}
	}

	a, err := anon.GetAccount(ctx, aliceID)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != aliceID || a.Username != "alice" || a.Acct != "alice" || a.URL != r.srv.URL+"/@alice" ||
		a.Avatar != r.srv.URL+"/avatars/original/missing.png" || a.Source != nil {
		t.Errorf("GET alice = %+v", a)
	}
	if got := counts(aliceID); got != [3]int64{} {
		t.Errorf("new alice: statuses, followers, following = %v, want zeros", got)
	}

	if _, err := bc.AccountFollow(ctx, aliceID); err != nil {
		t.Fatal(err)
	}
	if _, err := bc.AccountFollow(ctx, aliceID); err != nil { // again: no change
		t.Fatalf("second follow: %v", err)
	}
	post(t, ac, &mastodon.Toot{Status: "one"})
	post(t, ac, &mastodon.Toot{Status: "two", Visibility: "private"})
	if got, want := counts(aliceID), [3]int64{2, 1, 0}; got != want {
		t.Errorf("alice: statuses, followers, following = %v, want %v", got, want)
	}
	if got, want := counts(bobID), [3]int64{0, 0, 1}; got != want {
		t.Errorf("bob: statuses, followers, following = %v, want %v", got, want)
	}

	t.Run("lookup", func(t *testing.T) {
		host := mustURL(t, r.srv.URL).Host
		for _, acct := range []string{"alice", "@alice", "alice@" + host, "@alice@" + host, "ALICE"} {
			got, err := anon.AccountLookup(ctx, acct)
			if err != nil {
				t.Errorf("lookup %q: %v", acct, err)
				continue
			}
			if got.ID != aliceID || got.Username != "alice" {
				t.Errorf("lookup %q = %s (%s), want alice", acct, got.ID, got.Username)
			}
		}
		for _, acct := range []string{"nobody", "nobody@" + host, "alice@other.example"} {
			if _, err := anon.AccountLookup(ctx, acct); !isStatus(err, http.StatusNotFound) {
				t.Errorf("lookup %q: err %v, want 404", acct, err)
			}
		}
	})

	t.Run("update credentials", func(t *testing.T) {
		name, note, locked := "Alice Liddell", "Tea & <cakes>\nsecond line", true
		got, err := ac.AccountUpdate(ctx, &mastodon.Profile{DisplayName: &name, Note: &note, Locked: &locked})
		if err != nil {
			t.Fatal(err)
		}
		wantHTML := "<p>Tea &amp; &lt;cakes&gt;<br />second line</p>"
		if got.DisplayName != name || got.Note != wantHTML || !got.Locked || got.Source == nil || got.Source.Note == nil || *got.Source.Note != note {
			t.Errorf("update_credentials = name %q note %q locked %v source %+v", got.DisplayName, got.Note, got.Locked, got.Source)
		}
		// bot and discoverable, as JSON; the fields not sent stay as they are.
		status, body, _ := r.do("PATCH", "/api/v1/accounts/update_credentials", ac.Config.AccessToken, "application/json", `{"bot": true, "discoverable": false}`)
		if status != http.StatusOK {
			t.Fatalf("PATCH bot, discoverable: %d %s", status, body)
		}
		me, err := ac.GetAccountCurrentUser(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if me.DisplayName != name || me.Note != wantHTML || !me.Locked || !me.Bot || me.Discoverable ||
			me.Source == nil || me.Source.Note == nil || *me.Source.Note != note {
			t.Errorf("verify_credentials = name %q note %q locked %v bot %v discoverable %v source %+v",
				me.DisplayName, me.Note, me.Locked, me.Bot, me.Discoverable, me.Source)
		}
		var raw struct {
			Source struct {
				Note         string `json:"note"`
				Discoverable *bool  `json:"discoverable"`
			} `json:"source"`
		}
		_, body, _ = r.do("GET", "/api/v1/accounts/verify_credentials", ac.Config.AccessToken, "", "")
		mustJSON(t, body, &raw)
		if raw.Source.Discoverable == nil || *raw.Source.Discoverable {
			t.Errorf("verify_credentials source.discoverable = %v, want false", raw.Source.Discoverable)
		}
		// Back off again, as a form.
		status, body, _ = r.do("PATCH", "/api/v1/accounts/update_credentials", ac.Config.AccessToken, "application/x-www-form-urlencoded", "bot=false&discoverable=true&locked=false")
		if status != http.StatusOK {
			t.Fatalf("PATCH form: %d %s", status, body)
		}
		pub, err := anon.GetAccount(ctx, aliceID)
		if err != nil {
			t.Fatal(err)
		}
		if pub.DisplayName != name || pub.Note != wantHTML || pub.Locked || pub.Bot || !pub.Discoverable || pub.Source != nil {
			t.Errorf("public alice after updates = name %q note %q locked %v bot %v discoverable %v source %+v",
				pub.DisplayName, pub.Note, pub.Locked, pub.Bot, pub.Discoverable, pub.Source)
		}
		if got := counts(aliceID); got != [3]int64{2, 1, 0} {
			t.Errorf("profile updates changed alice's counts: %v", got)
		}
	})
}

// TestAccountStatuses covers GET /api/v1/accounts/:id/statuses with its filters and
// Link-header paging.
func TestAccountStatuses(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testAccountStatuses(t, b) })
	}
}

func testAccountStatuses(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice := r.mustAccount("alice")
	r.mustAccount("bob")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	anon := r.client("")
	aliceID := mastodon.ID(alice.ID.String())

	b1 := post(t, bc, &mastodon.Toot{Status: "bob says hi"})
	a1 := post(t, ac, &mastodon.Toot{Status: "first #Go post"})
	a2 := post(t, ac, &mastodon.Toot{Status: "@bob hi back", InReplyToID: b1.ID})
	a3 := post(t, ac, &mastodon.Toot{Status: "more on #go, to myself", InReplyToID: a1.ID})
	a4 := post(t, ac, &mastodon.Toot{Status: "plain"})
	w, err := ac.Reblog(ctx, b1.ID) // alice boosts bob's status: newer than a4
	if err != nil {
		t.Fatal(err)
	}
	boost := string(w.ID)
	s := func(list ...*mastodon.Status) []string { return ids(list) }

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", append([]string{boost}, s(a4, a3, a2, a1)...)},
		{"exclude_replies=true", append([]string{boost}, s(a4, a3, a1)...)},
		{"exclude_reblogs=true", s(a4, a3, a2, a1)},
		{"exclude_replies=1&exclude_reblogs=1", s(a4, a3, a1)},
		{"tagged=go", s(a3, a1)},
		{"tagged=GO", s(a3, a1)},
		{"tagged=Go&exclude_replies=true", s(a3, a1)},
		{"tagged=rust", nil},
		{"pinned=true", nil},
		{"only_media=true", nil},
	} {
		params, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		got, err := anon.GetAccountStatusesParams(ctx, aliceID, params, nil)
		if err != nil {
			t.Errorf("?%s: %v", tc.query, err)
			continue
		}
		if diff := cmp.Diff(tc.want, ids(got), cmpNilEmpty); diff != "" {
			t.Errorf("alice's statuses ?%s (-want +got):\n%s", tc.query, diff)
		}
	}

	t.Run("paging by Link", func(t *testing.T) {
		// Walk rel="next" with limit=2; the filter must survive in the links.
		path := "/api/v1/accounts/" + string(aliceID) + "/statuses?exclude_reblogs=true&limit=2"
		walked, _ := walkStatuses(t, r, path, "", "next")
		if diff := cmp.Diff(s(a4, a3, a2, a1), walked); diff != "" {
			t.Errorf("walk (-want +got):\n%s", diff)
		}
		var first, second, back []*mastodon.Status
		next, _ := links(t, r, getJSON(t, r, path, "", &first))
		if !strings.Contains(next, "exclude_reblogs=true") || !strings.Contains(next, "limit=2") || !strings.Contains(next, "max_id="+string(a3.ID)) {
			t.Errorf("next link %q, want the query with max_id=%s", next, a3.ID)
		}
		_, prev := links(t, r, getJSON(t, r, next, "", &second))
		getJSON(t, r, prev, "", &back)
		if diff := cmp.Diff([][]string{s(a4, a3), s(a2, a1), s(a4, a3)}, [][]string{ids(first), ids(second), ids(back)}); diff != "" {
			t.Errorf("page 1, page 2, prev of page 2 (-want +got):\n%s", diff)
		}
	})
}

// TestAccountStatusesHidden walks an account's statuses when most of them are hidden
// from the viewer: the walk must reach every status the viewer may see, in both
// directions, however many hidden ones lie between.
func TestAccountStatusesHidden(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testAccountStatusesHidden(t, b) })
	}
}

func testAccountStatusesHidden(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	dave := r.mustAccount("dave")
	r.mustAccount("bob")
	r.mustAccount("erin")
	dc, bc, ec := r.passwordLogin("dave"), r.passwordLogin("bob"), r.passwordLogin("erin")
	if _, err := bc.AccountFollow(ctx, mastodon.ID(dave.ID.String())); err != nil {
		t.Fatal(err)
	}
	p := func(text, vis string) string {
		return string(post(t, dc, &mastodon.Toot{Status: text, Visibility: vis}).ID)
	}
	// Newest first, as lists are.
	var all, anon, erin, bob []string
	add := func(id string, seenByErin, seenByBob, public bool) {
		all = append([]string{id}, all...)
		if seenByErin {
			erin = append([]string{id}, erin...)
		}
		if seenByBob {
			bob = append([]string{id}, bob...)
		}
		if public {
			anon = append([]string{id}, anon...)
		}
	}
	add(p("public", ""), true, true, true)
	for i := 0; i < 20; i++ {
		add(p("followers only", "private"), false, true, false)
	}
	add(p("@erin followers and erin", "private"), true, true, false)
	for i := 0; i < 20; i++ {
		add(p("followers only, again", "private"), false, true, false)
	}
	add(p("@erin just you", "direct"), true, false, false)
	add(p("@bob just you", "direct"), false, true, false)
	add(p("quiet", "unlisted"), true, true, true)

	base := "/api/v1/accounts/" + dave.ID.String() + "/statuses"
	for _, tc := range []struct {
		viewer string
		token  string
		limit  string
		want   []string
	}{
		{"anonymous", "", "1", anon},
		{"anonymous", "", "20", anon},
		{"erin", ec.Config.AccessToken, "1", erin},
		{"erin", ec.Config.AccessToken, "3", erin},
		{"bob", bc.Config.AccessToken, "1", bob},
		{"bob", bc.Config.AccessToken, "7", bob},
		{"dave", dc.Config.AccessToken, "40", all},
	} {
		down, last := walkStatuses(t, r, base+"?limit="+tc.limit, tc.token, "next")
		if diff := cmp.Diff(tc.want, down); diff != "" {
			t.Errorf("%s, limit %s, walking next (-want +got):\n%s", tc.viewer, tc.limit, diff)
		}
		if last == "" {
			continue
		}
		// And back up from the oldest page by rel="prev": every status once again.
		// Pages going up are cut from the bottom, so compare as sorted sets.
		up, _ := walkStatuses(t, r, last, tc.token, "prev")
		want := slices.Clone(tc.want)
		slices.Sort(up)
		slices.Sort(want)
		if diff := cmp.Diff(want, up, cmpNilEmpty); diff != "" {
			t.Errorf("%s, limit %s, walking prev (-want +got):\n%s", tc.viewer, tc.limit, diff)
		}
	}
}

// walkStatuses follows rel (next or prev) from path until a page is empty. It
// returns the IDs seen, in order, and the path of the last non-empty page.
func walkStatuses(t *testing.T, r *rig, path, token, rel string) (seen []string, last string) {
	t.Helper()
	for i := 0; path != "" && i < 100; i++ {
		var page []*mastodon.Status
		hdr := getJSON(t, r, path, token, &page)
		if len(page) == 0 {
			break
		}
		seen = append(seen, ids(page)...)
		last = path
		next, prev := links(t, r, hdr)
		path = next
		if rel == "prev" {
			path = prev
		}
	}
	return seen, last
}

// TestFollowLists covers followers and following with paging by the Link header.
func TestFollowLists(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testFollowLists(t, b) })
	}
}

func testFollowLists(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice := r.mustAccount("alice")
	aliceID := mastodon.ID(alice.ID.String())
	ac := r.passwordLogin("alice")
	anon := r.client("")
	fans := make([]mastodon.ID, 5)
	for i := range fans {
		name := "fan" + string(rune('1'+i))
		fans[i] = mastodon.ID(r.mustAccount(name).ID.String())
		if _, err := r.passwordLogin(name).AccountFollow(ctx, aliceID); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{2, 0, 4} { // alice follows fan3, fan1, fan5, in that order
		if _, err := ac.AccountFollow(ctx, fans[i]); err != nil {
			t.Fatal(err)
		}
	}
	wantFollowers := []mastodon.ID{fans[4], fans[3], fans[2], fans[1], fans[0]}
	wantFollowing := []mastodon.ID{fans[4], fans[0], fans[2]}

	t.Run("followers by raw Link", func(t *testing.T) {
		path := "/api/v1/accounts/" + string(aliceID) + "/followers?limit=2"
		var walked []mastodon.ID
		var pages []int
		for i := 0; path != "" && i < 10; i++ {
			var page []*mastodon.Account
			hdr := getJSON(t, r, path, "", &page)
			for _, a := range page {
				walked = append(walked, a.ID)
			}
			pages = append(pages, len(page))
			next, prev := links(t, r, hdr)
			// As Mastodon: next only after a full page (the last, short, page
			// has prev only, so that megalodon's get_all stops there), prev on
			// every page with accounts.
			if full := len(page) == 2; (next != "") != full || prev == "" {
				t.Errorf("page %d of %d: Link %q, want prev and, only after a full page, next", i, len(page), hdr.Get("Link"))
			}
			if i == 1 {
				var back []*mastodon.Account
				getJSON(t, r, prev, "", &back)
				if len(back) != 2 || back[0].ID != fans[4] || back[1].ID != fans[3] {
					t.Errorf("prev of page 2 = %v, want fan5, fan4", accountIDs(back))
				}
			}
			path = next
		}
		if diff := cmp.Diff(wantFollowers, walked); diff != "" {
			t.Errorf("followers (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int{2, 2, 1}, pages); diff != "" {
			t.Errorf("page sizes (-want +got):\n%s", diff)
		}
	})

	walk := func(t *testing.T, get func(*mastodon.Pagination) ([]*mastodon.Account, error)) []mastodon.ID {
		var walked []mastodon.ID
		pg := &mastodon.Pagination{Limit: 2}
		for i := 0; i < 10; i++ {
			page, err := get(pg)
			if err != nil {
				t.Fatal(err)
			}
			walked = append(walked, accountIDs(page)...)
			if pg.MaxID == "" {
				break
			}
			if pg.Limit != 2 {
				t.Errorf("next link has limit %d, want 2", pg.Limit)
			}
		}
		return walked
	}
	t.Run("followers by go-mastodon", func(t *testing.T) {
		got := walk(t, func(pg *mastodon.Pagination) ([]*mastodon.Account, error) {
			return anon.GetAccountFollowers(ctx, aliceID, pg)
		})
		if diff := cmp.Diff(wantFollowers, got); diff != "" {
			t.Errorf("followers (-want +got):\n%s", diff)
		}
	})
	t.Run("following by go-mastodon", func(t *testing.T) {
		got := walk(t, func(pg *mastodon.Pagination) ([]*mastodon.Account, error) {
			return ac.GetAccountFollowing(ctx, aliceID, pg)
		})
		if diff := cmp.Diff(wantFollowing, got); diff != "" {
			t.Errorf("following (-want +got):\n%s", diff)
		}
		got = walk(t, func(pg *mastodon.Pagination) ([]*mastodon.Account, error) {
			return anon.GetAccountFollowing(ctx, fans[1], pg)
		})
		if diff := cmp.Diff([]mastodon.ID{aliceID}, got); diff != "" {
			t.Errorf("fan2's following (-want +got):\n%s", diff)
		}
	})

	a, err := anon.GetAccount(ctx, aliceID)
	if err != nil || a.FollowersCount != 5 || a.FollowingCount != 3 {
		t.Errorf("alice: %+v, %v; want 5 followers, 3 following", a, err)
	}
	if status, body, _ := r.do("GET", "/api/v1/accounts/999/followers", "", "", ""); status != http.StatusNotFound {
		t.Errorf("followers of an unknown account: %d %s", status, body)
	}
}

// TestRelationshipsAndUnfollow covers relationships, follow and unfollow.
func TestRelationshipsAndUnfollow(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testRelationshipsAndUnfollow(t, b) })
	}
}

func testRelationshipsAndUnfollow(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	id := func(name string) mastodon.ID { return mastodon.ID(r.mustAccount(name).ID.String()) }
	alice, bob, carol, dave := id("alice"), id("bob"), id("carol"), id("dave")
	ac, bc, cc := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol")
	anon := r.client("")

	rel, err := bc.AccountFollow(ctx, alice)
	if err != nil || rel.ID != alice || !rel.Following || rel.FollowedBy || !rel.ShowingReblogs {
		t.Errorf("bob follows alice: %+v, %v", rel, err)
	}
	if _, err := ac.AccountFollow(ctx, bob); err != nil {
		t.Fatal(err)
	}
	if _, err := cc.AccountFollow(ctx, bob); err != nil {
		t.Fatal(err)
	}
	if _, err := bc.AccountFollow(ctx, carol); err != nil {
		t.Fatal(err)
	}

	rels, err := bc.GetAccountRelationships(ctx, []string{string(alice), "999999", string(carol), "abc", string(dave)})
	if err != nil {
		t.Fatal(err)
	}
	type relation struct {
		ID                    mastodon.ID
		Following, FollowedBy bool
	}
	var got []relation
	for _, rl := range rels {
		got = append(got, relation{rl.ID, rl.Following, rl.FollowedBy})
	}
	want := []relation{{alice, true, true}, {carol, true, true}, {dave, false, false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bob's relationships (-want +got):\n%s", diff)
	}
	// One id, without brackets, as some clients send it.
	var one []relation
	getJSON(t, r, "/api/v1/accounts/relationships?id="+string(dave), cc.Config.AccessToken, &one)
	if diff := cmp.Diff([]relation{{dave, false, false}}, one); diff != "" {
		t.Errorf("carol's relationship to dave (-want +got):\n%s", diff)
	}

	a1 := post(t, ac, &mastodon.Toot{Status: "alice one"})
	c1 := post(t, cc, &mastodon.Toot{Status: "carol one"})
	a2 := post(t, ac, &mastodon.Toot{Status: "alice two"})
	home := func() []string {
		t.Helper()
		list, err := bc.GetTimelineHome(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ids(list)
	}
	if diff := cmp.Diff(ids([]*mastodon.Status{a2, c1, a1}), home()); diff != "" {
		t.Errorf("bob's home before unfollow (-want +got):\n%s", diff)
	}
	counts := func(id mastodon.ID) [2]int64 {
		t.Helper()
		a, err := anon.GetAccount(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return [2]int64{a.FollowersCount, a.FollowingCount}
	}
	if got := [2][2]int64{counts(alice), counts(bob)}; got != [2][2]int64{{1, 1}, {2, 2}} {
		t.Errorf("before unfollow: alice, bob (followers, following) = %v", got)
	}

	for i := 0; i < 2; i++ { // unfollowing twice is harmless
		rel, err := bc.AccountUnfollow(ctx, alice)
		if err != nil || rel.ID != alice || rel.Following || !rel.FollowedBy {
			t.Errorf("unfollow #%d: %+v, %v", i+1, rel, err)
		}
	}
	if diff := cmp.Diff(ids([]*mastodon.Status{c1}), home()); diff != "" {
		t.Errorf("bob's home after unfollow (-want +got):\n%s", diff)
	}
	if got := [2][2]int64{counts(alice), counts(bob)}; got != [2][2]int64{{0, 1}, {2, 1}} {
		t.Errorf("after unfollow: alice, bob (followers, following) = %v", got)
	}
	var followers []*mastodon.Account
	getJSON(t, r, "/api/v1/accounts/"+string(alice)+"/followers", "", &followers)
	if len(followers) != 0 {
		t.Errorf("alice's followers after unfollow: %v", accountIDs(followers))
	}
	rels, err = bc.GetAccountRelationships(ctx, []string{string(alice)})
	if err != nil || len(rels) != 1 || rels[0].Following || !rels[0].FollowedBy {
		t.Errorf("relationship after unfollow: %+v, %v", rels, err)
	}
	if _, err := bc.AccountUnfollow(ctx, "999999"); !isStatus(err, http.StatusNotFound) {
		t.Errorf("unfollow unknown account: %v, want 404", err)
	}
}

// getJSON GETs path (relative to the server) with the token, wants 200 and decodes
// the body into v; it returns the headers.
func getJSON(t *testing.T, r *rig, path, token string, v any) http.Header {
	t.Helper()
	status, body, hdr := r.do("GET", path, token, "", "")
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, status, body)
	}
	mustJSON(t, body, v)
	return hdr
}

// links returns the rel="next" and rel="prev" targets of the Link header as paths
// relative to the server, "" when absent. Each must be an absolute URL on the server.
func links(t *testing.T, r *rig, hdr http.Header) (next, prev string) {
	t.Helper()
	for _, part := range strings.Split(hdr.Get("Link"), ",") {
		target, rel, ok := strings.Cut(strings.TrimSpace(part), ">; rel=")
		if !ok || !strings.HasPrefix(target, "<") {
			continue
		}
		u := strings.TrimPrefix(target, "<")
		if !strings.HasPrefix(u, r.srv.URL+"/") {
			t.Errorf("Link target %q is not an absolute URL on %s", u, r.srv.URL)
			continue
		}
		switch rel {
		case `"next"`:
			next = strings.TrimPrefix(u, r.srv.URL)
		case `"prev"`:
			prev = strings.TrimPrefix(u, r.srv.URL)
		}
	}
	return next, prev
}

func accountIDs(list []*mastodon.Account) []mastodon.ID {
	out := make([]mastodon.ID, len(list))
	for i, a := range list {
		out[i] = a.ID
	}
	return out
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
