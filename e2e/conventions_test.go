package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestConventions covers Rails' conventions that Mastodon's clients rely on:
// trailing slashes, booleans, unknown enum values in list filters, and
// Mastodon's error shapes.
func TestConventions(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testConventions(t, b) })
	}
}

func testConventions(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice := r.mustAccount("alice")
	bob := r.mustAccount("bob")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	atok := ac.Config.AccessToken
	hello := post(t, bc, &mastodon.Toot{Status: "hello #conventions"})

	// Rails ignores a trailing slash; a library that gets 404 for
	// /api/v1/instance/ takes the server for Mastodon 1.0.0.
	t.Run("trailing slash", func(t *testing.T) {
		noRedirect := &http.Client{Transport: r.tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for _, tc := range []struct {
			path   string
			status int
			where  string // a prefix of Location, for a redirect
		}{
			{"/api/v1/instance/", 200, ""},
			{"/api/v2/instance/", 200, ""},
			{"/oauth/authorize/?response_type=code&client_id=" + r.app.ClientID + "&redirect_uri=" + testRedirect, 200, ""},
			{"/api/v1/statuses/" + string(hello.ID) + "/", 200, ""},
			{"/api/v1/accounts/verify_credentials/", 200, ""},
			{"/@bob/", 200, ""},
			{"/@bob/" + string(hello.ID) + "/", 200, ""},
			{"/tags/conventions/", 200, ""},
			{"/legal/", 303, "/legal/signin"},
			{"/legal/signin/", 200, ""},
			{"/", 200, ""},
		} {
			req, _ := http.NewRequest("GET", r.srv.URL+tc.path, nil)
			req.Header.Set("Authorization", "Bearer "+atok)
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status || !strings.HasPrefix(resp.Header.Get("Location"), tc.where) {
				t.Errorf("GET %s: %d (Location %q), want %d %s", tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.status, tc.where)
			}
		}
		if status, body, _ := r.do("POST", "/api/v1/statuses/"+string(hello.ID)+"/favourite/", atok, "", ""); status != 200 {
			t.Errorf("POST .../favourite/: %d %s", status, body)
		}
	})

	// Booleans are cast as Rails casts them: only false, 0, f, F, off, OFF
	// and FALSE are false; "" is not given; anything else is true.
	t.Run("booleans", func(t *testing.T) {
		// go-mastodon asks for the local timeline with local=t.
		if _, err := ac.GetTimelinePublic(ctx, true, nil); err != nil {
			t.Errorf("GetTimelinePublic(local): %v", err)
		}
		for _, path := range []string{
			"/api/v1/timelines/public?local=t&remote=&only_media=F",
			"/api/v1/timelines/tag/conventions?local=yes&only_media=off",
			"/api/v1/accounts/" + string(bob.ID.String()) + "/statuses?exclude_replies=t&exclude_reblogs=T&pinned=f",
			"/api/v2/search?q=bob&resolve=t&following=F",
			"/api/v1/accounts/search?q=bob&resolve=t&following=f",
		} {
			if status, body, _ := r.do("GET", path, atok, "", ""); status != 200 {
				t.Errorf("GET %s: %d %s", path, status, body)
			}
		}
		// "no" is true in Rails, so a mute with notifications=no mutes them.
		rel := postRelation(t, r, "/api/v1/accounts/"+bob.ID.String()+"/mute", atok, "notifications=no")
		if !rel.Muting || !rel.MutingNotifications {
			t.Errorf("mute with notifications=no: %+v, want muting notifications", rel)
		}
		rel = postRelation(t, r, "/api/v1/accounts/"+bob.ID.String()+"/mute", atok, "notifications=f")
		if !rel.Muting || rel.MutingNotifications {
			t.Errorf("mute with notifications=f: %+v, want muting, not notifications", rel)
		}
		postRelation(t, r, "/api/v1/accounts/"+bob.ID.String()+"/unmute", atok, "")
		status, body, _ := r.do("POST", "/api/v1/statuses", atok, "application/json", `{"status": "cw", "sensitive": "t"}`)
		if status != 200 || !strings.Contains(string(body), `"sensitive":true`) {
			t.Errorf("post with sensitive \"t\": %d %s", status, body)
		}
		status, body, _ = r.do("PATCH", "/api/v1/accounts/update_credentials", atok, "application/x-www-form-urlencoded", "locked=t&bot=FALSE&discoverable=")
		if status != 200 || !strings.Contains(string(body), `"locked":true`) || !strings.Contains(string(body), `"bot":false`) {
			t.Errorf("update_credentials locked=t bot=FALSE: %d %s", status, body)
		}
	})

	// Mastodon ignores notification types it does not know (here
	// severed_relationships); poll is known, and bob has none.
	t.Run("unknown types", func(t *testing.T) {
		if _, err := ac.Favourite(ctx, hello.ID); err != nil {
			t.Fatal(err)
		}
		btok := bc.Config.AccessToken
		got, err := bc.GetNotificationsExclude(ctx, &[]string{"poll", "mention", "severed_relationships"}, nil)
		if err != nil || len(got) != 1 || got[0].Type != "favourite" {
			t.Fatalf("exclude_types[]=poll&exclude_types[]=mention: %v, %v; want the favourite", got, err)
		}
		for query, want := range map[string]int{
			"types[]=poll":                           0,
			"types[]=favourite&types[]=poll":         1,
			"types[]=nonsense&exclude_types[]=bogus": 0,
			"exclude_types[]=bogus":                  1,
		} {
			var list []map[string]any
			getJSON(t, r, "/api/v1/notifications?"+query, btok, &list)
			if len(list) != want {
				t.Errorf("notifications?%s: %d, want %d", query, len(list), want)
			}
		}
	})

	// Mastodon's account search finds accounts the viewer blocked: "unblock
	// bob" must find bob.
	t.Run("search finds the blocked", func(t *testing.T) {
		if _, err := ac.AccountBlock(ctx, mid(bob)); err != nil {
			t.Fatal(err)
		}
		defer func() { _, _ = ac.AccountUnblock(ctx, mid(bob)) }()
		found, err := ac.AccountsSearch(ctx, "bob", 5)
		if err != nil || len(found) != 1 || found[0].ID != mid(bob) {
			t.Errorf("accounts/search bob after blocking him: %v, %v", found, err)
		}
		res, err := ac.Search(ctx, "bob", false)
		if err != nil || len(res.Accounts) != 1 || res.Accounts[0].ID != mid(bob) {
			t.Errorf("v2 search bob after blocking him: %v, %v", res, err)
		}
		var rels []wireRelation
		getJSON(t, r, "/api/v1/accounts/relationships?id[]="+bob.ID.String(), atok, &rels)
		if len(rels) != 1 || !rels[0].Blocking {
			t.Errorf("relationship with bob: %+v, want blocking", rels)
		}
	})

	// The answer to a boost is the boost, whose flags are the viewer's on the
	// boosted status, as Mastodon reads them on status.proper.
	t.Run("reblog flags", func(t *testing.T) {
		boosted := post(t, bc, &mastodon.Toot{Status: "boost me"})
		if _, err := ac.Favourite(ctx, boosted.ID); err != nil {
			t.Fatal(err)
		}
		wrap, err := ac.Reblog(ctx, boosted.ID)
		if err != nil {
			t.Fatal(err)
		}
		if wrap.Reblog == nil || wrap.Reblog.ID != boosted.ID {
			t.Fatalf("reblog answered %+v, want the boost of %s", wrap, boosted.ID)
		}
		if !is(wrap.Reblogged) || !is(wrap.Favourited) || !is(wrap.Reblog.Reblogged) || !is(wrap.Reblog.Favourited) {
			t.Errorf("reblog answer: reblogged %v favourited %v, reblog's %v %v; want all true",
				wrap.Reblogged, wrap.Favourited, wrap.Reblog.Reblogged, wrap.Reblog.Favourited)
		}
		got, err := ac.GetStatus(ctx, wrap.ID)
		if err != nil || !is(got.Reblogged) || !is(got.Favourited) {
			t.Errorf("GET the boost: %+v, %v; want reblogged and favourited", got, err)
		}
		list, err := ac.GetAccountStatuses(ctx, mid(alice), nil)
		if err != nil || len(list) == 0 || list[0].ID != wrap.ID || !is(list[0].Reblogged) {
			t.Errorf("alice's statuses: first %v, %v; want her boost, reblogged", ids(list), err)
		}
		// Another reader sees the boost with its own flags: none.
		other, err := bc.GetStatus(ctx, wrap.ID)
		if err != nil || is(other.Reblogged) || is(other.Favourited) {
			t.Errorf("bob GETs alice's boost: reblogged %v favourited %v, %v; want false", other.Reblogged, other.Favourited, err)
		}
		if _, err := ac.Unreblog(ctx, boosted.ID); err != nil {
			t.Fatal(err)
		}
	})

	// None of these statuses has media attachments, so only_media selects
	// none; without it (or false) the statuses are there.
	t.Run("only media", func(t *testing.T) {
		for _, path := range []string{
			"/api/v1/timelines/public",
			"/api/v1/timelines/public?local=true",
			"/api/v1/timelines/tag/conventions",
			"/api/v1/accounts/" + bob.ID.String() + "/statuses",
		} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			var all, media, notMedia []map[string]any
			getJSON(t, r, path, atok, &all)
			getJSON(t, r, path+sep+"only_media=true", atok, &media)
			getJSON(t, r, path+sep+"only_media=false", atok, &notMedia)
			if len(all) == 0 || len(media) != 0 || len(notMedia) != len(all) {
				t.Errorf("%s: %d statuses, %d with only_media=true (want 0), %d with false (want all)", path, len(all), len(media), len(notMedia))
			}
		}
		// go-mastodon's GetTimelineMedia sends media=t, which Mastodon does not
		// read; agora does not either.
	})
}

// is reports whether a go-mastodon flag (an interface{} holding the JSON
// value) is true.
func is(flag any) bool { b, _ := flag.(bool); return b }
