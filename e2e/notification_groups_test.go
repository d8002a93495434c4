package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/mastoapi"
	"agora/service"
)

// ngAwayFromHourEnd waits for the next hour when the current one ends within
// a minute, so that notifications made next group together (a group holds the
// notifications of one hour).
func ngAwayFromHourEnd() {
	if left := time.Until(time.Now().Truncate(time.Hour).Add(time.Hour)); left < time.Minute {
		time.Sleep(left + time.Second)
	}
}

// ngGet reads grouped notifications (checked against the schema by the rig's
// transport) and the Link header.
func ngGet(t *testing.T, r *rig, token, path string) (*mastoapi.GroupedNotificationsResults, map[string]string) {
	t.Helper()
	code, body, hdr := whDo(t, r, whViewer{token: token}, "GET", path, nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, code, lgShort(body))
	}
	var res mastoapi.GroupedNotificationsResults
	mustJSON(t, body, &res)
	return &res, lkLinks(hdr)
}

// ngSummary is each group as "type:count", in order.
func ngSummary(res *mastoapi.GroupedNotificationsResults) string {
	var s []string
	for _, g := range res.NotificationGroups {
		s = append(s, fmt.Sprintf("%s:%d", g.Type, g.NotificationsCount))
	}
	return strings.Join(s, " ")
}

func TestNotificationGroups(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotificationGroups(t, b) })
	}
}

func testNotificationGroups(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	ctx := context.Background()
	ngAwayFromHourEnd()
	bob := r.signUp("bob")
	tok := bob.Config.AccessToken
	st := post(t, bob, &mastodon.Toot{Status: "a post worth a like", Visibility: "public"})
	fans := map[string]*mastodon.Client{}
	for _, n := range []string{"fan1", "fan2", "fan3", "zzfan"} {
		fans[n] = r.signUp(n)
	}
	for _, n := range []string{"fan1", "fan2", "zzfan"} {
		if _, err := fans[n].Favourite(ctx, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"fan1", "fan3"} {
		if _, err := fans[n].Reblog(ctx, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	post(t, fans["fan3"], &mastodon.Toot{Status: "@bob hello", Visibility: "public"})
	bobID := mastodon.ID(r.mustLookup("bob"))
	for _, n := range []string{"fan1", "fan2"} {
		if _, err := fans[n].AccountFollow(ctx, bobID); err != nil {
			t.Fatal(err)
		}
	}

	// favourite:3 reblog:2 mention:1 follow:2, newest first.
	res, _ := ngGet(t, r, tok, "/api/v2/notifications")
	if got, want := ngSummary(res), "follow:2 mention:1 reblog:2 favourite:3"; got != want {
		t.Fatalf("groups = %s, want %s", got, want)
	}
	fav := res.NotificationGroups[3]
	if fav.StatusID == nil || *fav.StatusID != string(st.ID) || len(fav.SampleAccountIDs) != 3 || fav.PageMaxID == nil || fav.PageMinID == nil {
		t.Errorf("favourite group = %+v", fav)
	}
	if len(res.Statuses) != 2 || len(res.Accounts) != 4 { // the post and the mention; fan1, fan2, fan3, zzfan
		t.Errorf("statuses %d, accounts %d, want 2 and 4", len(res.Statuses), len(res.Accounts))
	}
	// grouped_types[]=favourite: boosts and follows come one by one.
	res, _ = ngGet(t, r, tok, "/api/v2/notifications?grouped_types[]=favourite")
	if got, want := ngSummary(res), "follow:1 follow:1 mention:1 reblog:1 reblog:1 favourite:3"; got != want {
		t.Errorf("grouped_types[]=favourite: %s, want %s", got, want)
	}
	if k := res.NotificationGroups[0].GroupKey; !strings.HasPrefix(k, "ungrouped-") {
		t.Errorf("an ungrouped follow has key %q", k)
	}
	res, _ = ngGet(t, r, tok, "/api/v2/notifications?types[]=favourite&types[]=reblog")
	if got, want := ngSummary(res), "reblog:2 favourite:3"; got != want {
		t.Errorf("types[]: %s, want %s", got, want)
	}
	res, _ = ngGet(t, r, tok, "/api/v2/notifications?exclude_types[]=follow&exclude_types[]=poll")
	if got, want := ngSummary(res), "mention:1 reblog:2 favourite:3"; got != want {
		t.Errorf("exclude_types[]: %s, want %s", got, want)
	}
	res, _ = ngGet(t, r, tok, "/api/v2/notifications?types[]=poll")
	if len(res.NotificationGroups) != 0 {
		t.Errorf("types[]=poll: %s, want none", ngSummary(res))
	}
	// Paging by groups: two, then the rest through the Link header.
	res, links := ngGet(t, r, tok, "/api/v2/notifications?limit=2")
	if got, want := ngSummary(res), "follow:2 mention:1"; got != want || links["next"] == "" {
		t.Fatalf("limit=2: %s (next %q), want %s", got, links["next"], want)
	}
	next, _ := url.Parse(links["next"])
	res, _ = ngGet(t, r, tok, next.RequestURI())
	if got, want := ngSummary(res), "reblog:2 favourite:3"; got != want {
		t.Errorf("next page: %s, want %s", got, want)
	}

	// One group, its accounts, the unread count.
	key := fav.GroupKey
	res, _ = ngGet(t, r, tok, "/api/v2/notifications/"+key)
	if got := ngSummary(res); got != "favourite:3" || res.NotificationGroups[0].PageMaxID != nil {
		t.Errorf("GET group %s = %s, want favourite:3 without page fields", key, got)
	}
	var accounts []mastoapi.Account
	code, body, _ := whDo(t, r, whViewer{token: tok}, "GET", "/api/v2/notifications/"+key+"/accounts", nil)
	mustJSON(t, body, &accounts)
	if code != 200 || len(accounts) != 3 || accounts[0].Username != "zzfan" {
		t.Errorf("group accounts = %d %s", code, lgShort(body))
	}
	if n := ngUnread(t, r, tok, ""); n != 4 {
		t.Errorf("unread groups = %d, want 4", n)
	}
	if n := ngUnread(t, r, tok, "?limit=2"); n != 2 {
		t.Errorf("unread groups, limit=2 = %d, want 2", n)
	}

	// The gate: a favouriter withheld everywhere leaves the group's count,
	// samples and accounts, and names nothing of theirs.
	zzID := r.mustLookup("zzfan")
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@zzfan", Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/api/v2/notifications", "/api/v2/notifications/" + key, "/api/v2/notifications/" + key + "/accounts"} {
		code, body, _ := whDo(t, r, whViewer{token: tok}, "GET", p, nil)
		if code != 200 || strings.Contains(string(body), "zzfan") || strings.Contains(string(body), zzID) {
			t.Errorf("GET %s = %d leaks the withheld favouriter: %s", p, code, lgShort(body))
		}
	}
	res, _ = ngGet(t, r, tok, "/api/v2/notifications?types[]=favourite")
	if got := ngSummary(res); got != "favourite:2" || len(res.NotificationGroups[0].SampleAccountIDs) != 2 {
		t.Errorf("favourites after the withholding: %s %+v", got, res.NotificationGroups)
	}

	// Dismiss the group: its notifications go, from v1 too.
	code, body, _ = whDo(t, r, whViewer{token: tok}, "POST", "/api/v2/notifications/"+key+"/dismiss", url.Values{})
	if code != 200 || strings.TrimSpace(string(body)) != "{}" {
		t.Fatalf("dismiss = %d %s", code, body)
	}
	if ns, err := bob.GetNotifications(ctx, nil); err != nil || slices.ContainsFunc(ns, func(n *mastodon.Notification) bool { return n.Type == "favourite" }) {
		t.Errorf("v1 notifications after dismissing the favourites: %v, %v", len(ns), err)
	}
	for _, tc := range []struct {
		method, path string
		code         int
	}{
		{"POST", "/api/v2/notifications/" + key + "/dismiss", 404},
		{"GET", "/api/v2/notifications/" + key, 404},
		{"GET", "/api/v2/notifications/nonsense-key", 404},
		{"GET", "/api/v2/notifications/ungrouped-1", 404},
		{"GET", "/api/v2/notifications?limit=x", 400},
		{"GET", "/api/v2/notifications?expand_accounts=some", 400},
		{"GET", "/api/v2/notifications?account_id=x", 400},
		{"GET", "/api/v2/notifications/unread_count?limit=0", 400},
	} {
		var form url.Values
		if tc.method == "POST" {
			form = url.Values{}
		}
		if code, body, _ := whDo(t, r, whViewer{token: tok}, tc.method, tc.path, form); code != tc.code || !strings.Contains(string(body), `"error"`) {
			t.Errorf("%s %s = %d %s, want %d with an error", tc.method, tc.path, code, lgShort(body), tc.code)
		}
	}
	// Someone else's group is not found, and not dismissed.
	fan1 := fans["fan1"].Config.AccessToken
	if code, _, _ := whDo(t, r, whViewer{token: fan1}, "POST", "/api/v2/notifications/"+res.NotificationGroups[0].GroupKey+"/dismiss", url.Values{}); code != 404 {
		t.Errorf("dismissing another's group = %d, want 404", code)
	}
}

// ngUnread reads GET /api/v2/notifications/unread_count with the query.
func ngUnread(t *testing.T, r *rig, token, query string) int {
	t.Helper()
	code, body, _ := whDo(t, r, whViewer{token: token}, "GET", "/api/v2/notifications/unread_count"+query, nil)
	var c struct{ Count int }
	mustJSON(t, body, &c)
	if code != 200 {
		t.Fatalf("unread_count = %d %s", code, body)
	}
	return c.Count
}

// mustLookup returns the ID of the account with the username.
func (r *rig) mustLookup(username string) string {
	r.t.Helper()
	code, body, _ := whDo(r.t, r, whViewer{}, "GET", "/api/v1/accounts/lookup?acct="+username, nil)
	var a struct{ ID string }
	mustJSON(r.t, body, &a)
	if code != 200 {
		r.t.Fatalf("lookup %s = %d", username, code)
	}
	return a.ID
}
