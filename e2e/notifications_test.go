package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// wireNotification is a Notification as sent, with group_key, which go-mastodon
// does not read.
type wireNotification struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	GroupKey  string    `json:"group_key"`
	CreatedAt time.Time `json:"created_at"`
	Account   struct {
		ID       string `json:"id"`
		Username string `json:"username"`
	} `json:"account"`
	Status *struct {
		ID string `json:"id"`
	} `json:"status"`
}

// String is "type by username", with " on status-ID" when about a status.
func (n wireNotification) String() string {
	s := n.Type + " by " + n.Account.Username
	if n.Status != nil {
		s += " on " + n.Status.ID
	}
	return s
}

// notifications GETs /api/v1/notifications with the query and returns the page,
// described, and the raw notifications.
func notifications(t *testing.T, r *rig, token, query string) ([]string, []wireNotification) {
	t.Helper()
	var page []wireNotification
	getJSON(t, r, "/api/v1/notifications?"+query, token, &page)
	out := make([]string, len(page))
	for i, n := range page {
		out[i] = n.String()
	}
	return out, page
}

// unreadCount GETs /api/v1/notifications/unread_count with the query.
func unreadCount(t *testing.T, r *rig, token, query string) int {
	t.Helper()
	var c struct {
		Count *int `json:"count"`
	}
	getJSON(t, r, "/api/v1/notifications/unread_count?"+query, token, &c)
	if c.Count == nil {
		t.Fatal("unread_count without count")
	}
	return *c.Count
}

// TestNotifications covers the notifications the real actions create and every
// notifications endpoint: filters, paging, one by ID, dismiss, clear, unread_count
// with the notifications marker, and group_key.
func TestNotifications(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotifications(t, b) })
	}
}

func testNotifications(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, carol, lena := r.mustMember("alice"), r.mustMember("bob"), r.mustMember("carol"), r.mustMember("lena")
	locked := true
	if _, err := lena.c.AccountUpdate(ctx, &mastodon.Profile{Locked: &locked}); err != nil {
		t.Fatal(err)
	}
	s := post(t, alice.c, &mastodon.Toot{Status: "Notice me"})

	// What alice is told of, oldest first.
	if _, err := bob.c.AccountFollow(ctx, alice.id); err != nil {
		t.Fatal(err)
	}
	m := post(t, bob.c, &mastodon.Toot{Status: "@alice hello"})
	if _, err := bob.c.Reblog(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.c.Favourite(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := carol.c.Favourite(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := carol.c.AccountFollow(ctx, alice.id); err != nil {
		t.Fatal(err)
	}
	if rel, err := carol.c.AccountFollow(ctx, lena.id); err != nil || rel.Following || !rel.Requested {
		t.Fatalf("carol follows locked lena: %+v, %v", rel, err)
	}
	// Nobody is told of what they do to themselves, nor of a repeated action.
	if _, err := alice.c.Favourite(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	post(t, alice.c, &mastodon.Toot{Status: "@alice note to self"})
	if _, err := bob.c.Favourite(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.c.Reblog(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.c.AccountFollow(ctx, alice.id); err != nil {
		t.Fatal(err)
	}

	sid, mid := string(s.ID), string(m.ID)
	all := []string{
		"follow by carol",
		"favourite by carol on " + sid,
		"favourite by bob on " + sid,
		"reblog by bob on " + sid,
		"mention by bob on " + mid,
		"follow by bob",
	}
	got, page := notifications(t, r, alice.tok, "")
	if diff := cmp.Diff(all, got); diff != "" {
		t.Fatalf("alice's notifications (-want +got):\n%s", diff)
	}
	nid := make([]string, len(page)) // newest first, as all
	for i, n := range page {
		nid[i] = n.ID
	}
	if got, _ := notifications(t, r, lena.tok, ""); !cmp.Equal(got, []string{"follow_request by carol"}) {
		t.Errorf("lena's notifications = %v, want carol's follow request", got)
	}
	if got, _ := notifications(t, r, carol.tok, ""); len(got) != 0 {
		t.Errorf("carol's notifications = %v, want none", got)
	}
	// go-mastodon reads the same.
	gm, err := alice.c.GetNotifications(ctx, nil)
	if err != nil || len(gm) != len(all) || gm[1].Type != "favourite" || gm[1].Account.ID != carol.id || gm[1].Status == nil || gm[1].Status.ID != s.ID {
		t.Errorf("go-mastodon notifications = %v, %v", gm, err)
	}

	t.Run("group_key", func(t *testing.T) {
		for _, n := range page {
			hour := n.CreatedAt.Unix() / 3600
			want := "ungrouped-" + n.ID
			switch n.Type {
			case "favourite", "reblog":
				want = fmt.Sprintf("%s-%s-%d", n.Type, n.Status.ID, hour)
			case "follow":
				want = fmt.Sprintf("follow-%d", hour)
			}
			if n.GroupKey != want {
				t.Errorf("%s: group_key %q, want %q", n, n.GroupKey, want)
			}
		}
		// Within the hour, the two favourites share a key and the boost has its own.
		if page[1].CreatedAt.Unix()/3600 == page[2].CreatedAt.Unix()/3600 && page[1].GroupKey != page[2].GroupKey {
			t.Errorf("favourites of one status: group keys %q and %q", page[1].GroupKey, page[2].GroupKey)
		}
		if page[2].GroupKey == page[3].GroupKey {
			t.Errorf("a favourite and a boost share group key %q", page[2].GroupKey)
		}
	})

	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"types[]=favourite", all[1:3]},
			{"types[]=favourite&types[]=mention", []string{all[1], all[2], all[4]}},
			{"types[]=follow_request", nil},
			{"exclude_types[]=favourite&exclude_types[]=follow", all[3:5]},
			{"exclude_types[]=moderation_warning", all},
			{"types[]=reblog&exclude_types[]=reblog", nil},
			{"account_id=" + string(carol.id), all[0:2]},
			{"account_id=" + string(bob.id) + "&types[]=follow", all[5:]},
			{"account_id=" + string(lena.id), nil},
			{"limit=2", all[0:2]},
			{"max_id=" + nid[2] + "&limit=2", all[3:5]},
			{"since_id=" + nid[3] + "&limit=2", all[0:2]},
			{"min_id=" + nid[3] + "&limit=2", all[1:3]},
		} {
			got, _ := notifications(t, r, alice.tok, tc.query)
			if diff := cmp.Diff(tc.want, got, cmpNilEmpty); diff != "" {
				t.Errorf("?%s (-want +got):\n%s", tc.query, diff)
			}
		}
		// go-mastodon's filter sends types[] and exclude_types[] too.
		var kinds []string
		for n, err := range alice.c.Notifications(ctx, &mastodon.NotificationFilter{Includes: []string{"follow", "reblog"}}, nil) {
			if err != nil {
				t.Fatal(err)
			}
			kinds = append(kinds, n.Type)
		}
		if diff := cmp.Diff([]string{"follow", "reblog", "follow"}, kinds); diff != "" {
			t.Errorf("go-mastodon types follow, reblog (-want +got):\n%s", diff)
		}
	})

	t.Run("paging by Link", func(t *testing.T) {
		var walked []string
		path := "/api/v1/notifications?limit=2&exclude_types[]=mention"
		var lastPath string
		for i := 0; path != "" && i < 10; i++ {
			var page []wireNotification
			hdr := getJSON(t, r, path, alice.tok, &page)
			if len(page) == 0 {
				break
			}
			for _, n := range page {
				walked = append(walked, n.String())
			}
			lastPath = path
			path, _ = links(t, r, hdr)
		}
		want := []string{all[0], all[1], all[2], all[3], all[5]}
		if diff := cmp.Diff(want, walked); diff != "" {
			t.Errorf("walk by rel=next, limit 2 (-want +got):\n%s", diff)
		}
		var last []wireNotification
		_, prev := links(t, r, getJSON(t, r, lastPath, alice.tok, &last))
		if got, _ := notifications(t, r, alice.tok, mustURL(t, prev).RawQuery); !cmp.Equal(got, want[2:4]) {
			t.Errorf("rel=prev of the last page = %v, want %v", got, want[2:4])
		}
		if q := mustURL(t, prev).Query(); q.Get("exclude_types[]") != "mention" || q.Get("limit") != "2" {
			t.Errorf("rel=prev %q lost the query", prev)
		}
	})

	// Mastodon ignores types it does not know, so a typo selects nothing
	// (types[]) or excludes nothing (exclude_types[]).
	t.Run("unknown types", func(t *testing.T) {
		if got, _ := notifications(t, r, alice.tok, "types[]=bogus"); len(got) != 0 {
			t.Errorf("types[]=bogus = %v, want none", got)
		}
		_, page := notifications(t, r, alice.tok, "types[]=favourite&types[]=favorite")
		for _, n := range page {
			if n.Type != "favourite" {
				t.Errorf("types[]=favourite&types[]=favorite gave a %s", n.Type)
			}
		}
		if len(page) == 0 {
			t.Error("types[]=favourite&types[]=favorite gave none")
		}
		if got, _ := notifications(t, r, alice.tok, "exclude_types[]=nope"); !cmp.Equal(got, all) {
			t.Errorf("exclude_types[]=nope = %v, want all", got)
		}
	})

	t.Run("one by ID", func(t *testing.T) {
		n, err := alice.c.GetNotification(ctx, mastodon.ID(nid[2]))
		if err != nil || n.Type != "favourite" || n.Account.ID != bob.id || n.Status == nil || n.Status.ID != s.ID {
			t.Errorf("GET notification %s = %+v, %v", nid[2], n, err)
		}
		var wn wireNotification
		getJSON(t, r, "/api/v1/notifications/"+nid[4], alice.tok, &wn)
		if wn.String() != all[4] || wn.GroupKey != "ungrouped-"+nid[4] {
			t.Errorf("GET notification %s = %s (group_key %q)", nid[4], wn, wn.GroupKey)
		}
		_, lenas := notifications(t, r, lena.tok, "")
		for _, id := range []string{lenas[0].ID, "999999", "abc"} {
			if _, err := alice.c.GetNotification(ctx, mastodon.ID(id)); !isStatus(err, http.StatusNotFound) {
				t.Errorf("alice GETs notification %s: %v, want 404", id, err)
			}
			if err := alice.c.DismissNotification(ctx, mastodon.ID(id)); !isStatus(err, http.StatusNotFound) {
				t.Errorf("alice dismisses notification %s: %v, want 404", id, err)
			}
		}
		if got, _ := notifications(t, r, lena.tok, ""); len(got) != 1 {
			t.Errorf("lena's notifications after alice's attempts = %v", got)
		}
		if status, _, _ := r.do("GET", "/api/v1/notifications/"+nid[0], "", "", ""); status != http.StatusUnauthorized {
			t.Errorf("anonymous GET notification: %d, want 401", status)
		}
	})

	t.Run("unread_count, dismiss and clear", func(t *testing.T) {
		if n := unreadCount(t, r, alice.tok, ""); n != 6 {
			t.Errorf("unread_count without a marker = %d, want 6", n)
		}
		if n := unreadCount(t, r, alice.tok, "limit=4"); n != 4 {
			t.Errorf("unread_count limit=4 = %d, want 4", n)
		}
		form := url.Values{"notifications[last_read_id]": {nid[3]}}
		if status, body := r.postForm("/api/v1/markers", alice.tok, form); status != http.StatusOK {
			t.Fatalf("save marker: %d %s", status, body)
		}
		if n := unreadCount(t, r, alice.tok, ""); n != 3 {
			t.Errorf("unread_count after the marker = %d, want 3", n)
		}
		if n := unreadCount(t, r, lena.tok, ""); n != 1 {
			t.Errorf("lena's unread_count = %d, want 1", n)
		}

		if err := alice.c.DismissNotification(ctx, mastodon.ID(nid[1])); err != nil {
			t.Fatal(err)
		}
		if got, _ := notifications(t, r, alice.tok, ""); !cmp.Equal(got, []string{all[0], all[2], all[3], all[4], all[5]}) {
			t.Errorf("after dismiss = %v", got)
		}
		if _, err := alice.c.GetNotification(ctx, mastodon.ID(nid[1])); !isStatus(err, http.StatusNotFound) {
			t.Errorf("GET a dismissed notification: %v, want 404", err)
		}
		if err := alice.c.DismissNotification(ctx, mastodon.ID(nid[1])); !isStatus(err, http.StatusNotFound) {
			t.Errorf("dismiss again: %v, want 404", err)
		}
		if n := unreadCount(t, r, alice.tok, ""); n != 2 {
			t.Errorf("unread_count after dismiss = %d, want 2", n)
		}

		if err := alice.c.ClearNotifications(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := notifications(t, r, alice.tok, ""); len(got) != 0 {
			t.Errorf("after clear = %v", got)
		}
		if n := unreadCount(t, r, alice.tok, ""); n != 0 {
			t.Errorf("unread_count after clear = %d, want 0", n)
		}
		if got, _ := notifications(t, r, lena.tok, ""); len(got) != 1 {
			t.Errorf("lena's notifications after alice clears hers = %v", got)
		}
		// New ones come after a clear.
		if _, err := carol.c.Unfavourite(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := carol.c.Favourite(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := notifications(t, r, alice.tok, ""); !cmp.Equal(got, []string{all[1]}) {
			t.Errorf("after clear and a new favourite = %v, want %v", got, all[1:2])
		}
	})
}

// TestNotificationsBlocksMutes checks that a blocked account's notifications never
// reach the blocker, and that a mute hides notifications only when it says so.
func TestNotificationsBlocksMutes(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotificationsBlocksMutes(t, b) })
	}
}

func testNotificationsBlocksMutes(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, carol, dave := r.mustMember("alice"), r.mustMember("bob"), r.mustMember("carol"), r.mustMember("dave")
	s := post(t, alice.c, &mastodon.Toot{Status: "Hello"})
	sid := string(s.ID)
	for _, m := range []member{bob, carol, dave} {
		if _, err := m.c.Favourite(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
	}
	m1 := post(t, bob.c, &mastodon.Toot{Status: "@alice hi"})
	favs := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, "favourite by "+n+" on "+sid)
		}
		return out
	}
	check := func(when string, want []string) {
		t.Helper()
		got, _ := notifications(t, r, alice.tok, "")
		if diff := cmp.Diff(want, got, cmpNilEmpty); diff != "" {
			t.Errorf("%s: alice's notifications (-want +got):\n%s", when, diff)
		}
		if n := unreadCount(t, r, alice.tok, ""); n != len(want) {
			t.Errorf("%s: unread_count %d, want %d", when, n, len(want))
		}
	}
	check("before", append([]string{"mention by bob on " + string(m1.ID)}, favs("dave", "carol", "bob")...))
	_, before := notifications(t, r, alice.tok, "account_id="+string(bob.id))

	t.Run("block", func(t *testing.T) {
		if rel, err := alice.c.AccountBlock(ctx, bob.id); err != nil || !rel.Blocking {
			t.Fatalf("block: %+v, %v", rel, err)
		}
		check("after the block", favs("dave", "carol"))
		for _, n := range before {
			if _, err := alice.c.GetNotification(ctx, mastodon.ID(n.ID)); !isStatus(err, http.StatusNotFound) {
				t.Errorf("GET bob's notification %s after the block: %v, want 404", n, err)
			}
		}
		// What bob does now tells alice nothing.
		if _, err := bob.c.Favourite(ctx, s.ID); !isStatus(err, http.StatusNotFound) {
			t.Errorf("blocked bob favourites alice's status: %v, want 404", err)
		}
		if _, err := bob.c.Reblog(ctx, s.ID); !isStatus(err, http.StatusNotFound) {
			t.Errorf("blocked bob boosts alice's status: %v, want 404", err)
		}
		if _, err := bob.c.AccountFollow(ctx, alice.id); err == nil {
			t.Error("blocked bob follows alice: no error")
		}
		m2 := post(t, bob.c, &mastodon.Toot{Status: "@alice are you there?"})
		check("after bob acts", favs("dave", "carol"))
		if got, _ := notifications(t, r, alice.tok, "account_id="+string(bob.id)); len(got) != 0 {
			t.Errorf("bob's notifications for alice, filtered by account = %v", got)
		}
		// Nor does the blocker reach the blocked.
		post(t, alice.c, &mastodon.Toot{Status: "@bob go away"})
		if got, _ := notifications(t, r, bob.tok, ""); len(got) != 0 {
			t.Errorf("bob's notifications from the alice who blocks him = %v", got)
		}

		// After the unblock, what bob did while blocked was never notified.
		if _, err := alice.c.AccountUnblock(ctx, bob.id); err != nil {
			t.Fatal(err)
		}
		_, after := notifications(t, r, alice.tok, "account_id="+string(bob.id))
		for _, n := range after {
			if n.Status != nil && n.Status.ID == string(m2.ID) {
				t.Errorf("after the unblock alice is told of the mention made while blocked: %s", n)
			}
		}
	})

	t.Run("mute", func(t *testing.T) {
		if err := alice.c.ClearNotifications(ctx); err != nil {
			t.Fatal(err)
		}
		fav := func(who string, st *mastodon.Status) string { return "favourite by " + who + " on " + string(st.ID) }
		s2 := post(t, alice.c, &mastodon.Toot{Status: "Again"})
		for _, m := range []member{carol, dave} {
			if _, err := m.c.Favourite(ctx, s2.ID); err != nil {
				t.Fatal(err)
			}
		}
		_, carols := notifications(t, r, alice.tok, "account_id="+string(carol.id))
		check("before the mutes", []string{fav("dave", s2), fav("carol", s2)})

		mute := func(m member, notifications string) {
			t.Helper()
			status, body := r.postForm("/api/v1/accounts/"+string(m.id)+"/mute", alice.tok, url.Values{"notifications": {notifications}})
			if status != http.StatusOK {
				t.Fatalf("mute: %d %s", status, body)
			}
		}
		mute(carol, "true")
		mute(dave, "false")
		check("after muting carol with notifications and dave without", []string{fav("dave", s2)})
		if _, err := alice.c.GetNotification(ctx, mastodon.ID(carols[0].ID)); !isStatus(err, http.StatusNotFound) {
			t.Errorf("GET carol's notification while she is muted: %v, want 404", err)
		}
		s3 := post(t, alice.c, &mastodon.Toot{Status: "And again"})
		for _, m := range []member{carol, dave} {
			if _, err := m.c.Favourite(ctx, s3.ID); err != nil {
				t.Fatal(err)
			}
		}
		post(t, carol.c, &mastodon.Toot{Status: "@alice muted mention"})
		check("after both act", []string{fav("dave", s3), fav("dave", s2)})

		// Unmuted, carol's earlier notification shows again; those of the time her
		// notifications were muted were never made.
		if _, err := alice.c.AccountUnmute(ctx, carol.id); err != nil {
			t.Fatal(err)
		}
		check("after the unmute", []string{fav("dave", s3), fav("dave", s2), fav("carol", s2)})
	})
}
