package e2e

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/mastoapi"
	"agora/service"
)

// npScene drives the notification policy routes over plain HTTP (go-mastodon
// has none of them); the rig's transport checks every answer against the
// schema, the v1 policy included.
type npScene struct {
	t *testing.T
	r *rig
}

// call sends form (nil: none) with the token and returns the status and body.
func (sc *npScene) call(tok, method, path string, form url.Values) (int, []byte) {
	sc.t.Helper()
	code, body, _ := whDo(sc.t, sc.r, whViewer{token: tok}, method, path, form)
	return code, body
}

// ok calls, wants 200 and decodes the answer into v (nil: not decoded).
func (sc *npScene) ok(tok, method, path string, form url.Values, v any) http.Header {
	sc.t.Helper()
	code, body, hdr := whDo(sc.t, sc.r, whViewer{token: tok}, method, path, form)
	if code != http.StatusOK {
		sc.t.Fatalf("%s %s = %d %s, want 200", method, path, code, lgShort(body))
	}
	if v != nil {
		mustJSON(sc.t, body, v)
	}
	return hdr
}

// post posts a status and returns its ID.
func (sc *npScene) post(tok, text, visibility, replyTo string) string {
	sc.t.Helper()
	form := url.Values{"status": {text}, "visibility": {visibility}}
	if replyTo != "" {
		form.Set("in_reply_to_id", replyTo)
	}
	var st mastoapi.Status
	sc.ok(tok, "POST", "/api/v1/statuses", form, &st)
	return st.ID
}

// statusIDs returns the IDs of the statuses the viewer's notifications that
// query selects are about.
func (sc *npScene) statusIDs(tok, query string) []string {
	sc.t.Helper()
	var ns []mastoapi.Notification
	sc.ok(tok, "GET", "/api/v1/notifications"+query, nil, &ns)
	var out []string
	for _, n := range ns {
		if n.Status != nil {
			out = append(out, n.Status.ID)
		}
	}
	return out
}

// requests returns the viewer's notification requests.
func (sc *npScene) requests(tok string) []mastoapi.NotificationRequest {
	sc.t.Helper()
	var list []mastoapi.NotificationRequest
	sc.ok(tok, "GET", "/api/v1/notifications/requests", nil, &list)
	return list
}

// requestFrom returns the viewer's request from the account, or nil.
func (sc *npScene) requestFrom(tok string, from *agora.Account) *mastoapi.NotificationRequest {
	sc.t.Helper()
	for _, rq := range sc.requests(tok) {
		if rq.Account.ID == from.ID.String() {
			return &rq
		}
	}
	return nil
}

// policy returns the viewer's policy (v2).
func (sc *npScene) policy(tok string) mastoapi.NotificationPolicy {
	sc.t.Helper()
	var p mastoapi.NotificationPolicy
	sc.ok(tok, "GET", "/api/v2/notifications/policy", nil, &p)
	return p
}

// setPolicy changes the viewer's policy (v2) and returns it.
func (sc *npScene) setPolicy(tok string, form url.Values) mastoapi.NotificationPolicy {
	sc.t.Helper()
	var p mastoapi.NotificationPolicy
	sc.ok(tok, "PATCH", "/api/v2/notifications/policy", form, &p)
	return p
}

func npUnread(sc *npScene, tok, version string) int {
	sc.t.Helper()
	var c mastoapi.UnreadCount
	sc.ok(tok, "GET", "/api/"+version+"/notifications/unread_count", nil, &c)
	return c.Count
}

func TestNotificationPolicy(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotificationPolicy(t, b) })
	}
}

func testNotificationPolicy(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := &npScene{t: t, r: r}
	const scopes = "read write follow"
	_, aTok := lgStaff(t, r, "alice", agora.RoleUser, scopes)
	bob, bTok := lgStaff(t, r, "bob", agora.RoleUser, scopes)
	dave, dTok := lgStaff(t, r, "dave", agora.RoleUser, scopes)
	erin, eTok := lgStaff(t, r, "erin", agora.RoleUser, scopes)
	// carol's account is 60 days old: not a new account.
	carol := &agora.Account{ID: r.srv.Service.IDs().New(), Username: "carol", Email: "carol@example.org",
		PasswordHash: "$2a$10$notused", Role: agora.RoleUser, CreatedAt: time.Now().AddDate(0, 0, -60)}
	if err := r.srv.DB.CreateAccount(context.Background(), carol); err != nil {
		t.Fatal(err)
	}
	cTok := lgToken(t, r, "carol", scopes)

	// Mastodon's defaults: everything accepted but private mentions and
	// limited accounts, which are filtered.
	want := mastoapi.NotificationPolicy{ForNotFollowing: "accept", ForNotFollowers: "accept", ForNewAccounts: "accept",
		ForPrivateMentions: "filter", ForLimitedAccounts: "filter"}
	if got := sc.policy(aTok); got != want {
		t.Errorf("default policy = %+v, want %+v", got, want)
	}
	var v1 mastoapi.V1NotificationPolicy
	sc.ok(aTok, "GET", "/api/v1/notifications/policy", nil, &v1)
	if v1 != (mastoapi.V1NotificationPolicy{FilterPrivateMentions: true}) {
		t.Errorf("default v1 policy = %+v, want only filter_private_mentions", v1)
	}

	// Private mentions: filtered, but from an account alice follows and in an
	// answer to alice's own private mention; a public mention is not private.
	sc.ok(aTok, "POST", "/api/v1/accounts/"+dave.ID.String()+"/follow", nil, nil)
	dm := sc.post(bTok, "@alice a private word", "direct", "")
	pub := sc.post(bTok, "@alice a public word", "public", "")
	friend := sc.post(dTok, "@alice from a friend", "direct", "")
	asked := sc.post(aTok, "@erin shall we talk?", "direct", "")
	answer := sc.post(eTok, "@alice yes", "direct", asked)
	cold := sc.post(eTok, "@alice another thing", "direct", "")
	if got, want := sc.statusIDs(aTok, ""), []string{answer, friend, pub}; !slices.Equal(got, want) {
		t.Errorf("notifications = %v, want %v (the answer, the friend's, the public one)", got, want)
	}
	if got, want := sc.statusIDs(aTok, "?include_filtered=true"), []string{cold, answer, friend, pub, dm}; !slices.Equal(got, want) {
		t.Errorf("notifications with include_filtered = %v, want %v", got, want)
	}
	if got, want := sc.statusIDs(aTok, "?account_id="+bob.ID.String()), []string{pub, dm}; !slices.Equal(got, want) {
		t.Errorf("bob's notifications = %v, want %v (filtered ones too, as Mastodon)", got, want)
	}
	if n := npUnread(sc, aTok, "v1"); n != 3 {
		t.Errorf("v1 unread count = %d, want 3 (filtered left out)", n)
	}
	if n := npUnread(sc, aTok, "v2"); n != 3 {
		t.Errorf("v2 unread count = %d, want 3 (filtered left out)", n)
	}
	var groups mastoapi.GroupedNotificationsResults
	sc.ok(aTok, "GET", "/api/v2/notifications", nil, &groups)
	if len(groups.NotificationGroups) != 3 {
		t.Errorf("v2 notifications: %d groups, want 3", len(groups.NotificationGroups))
	}
	sc.ok(aTok, "GET", "/api/v2/notifications?include_filtered=true", nil, &groups)
	if len(groups.NotificationGroups) != 5 {
		t.Errorf("v2 notifications with include_filtered: %d groups, want 5", len(groups.NotificationGroups))
	}

	// The requests, newest first, with the sender and the last status.
	reqs := sc.requests(aTok)
	if len(reqs) != 2 || reqs[0].Account.ID != erin.ID.String() || reqs[1].Account.ID != bob.ID.String() ||
		reqs[1].NotificationsCount != "1" || reqs[1].LastStatus == nil || reqs[1].LastStatus.ID != dm {
		t.Fatalf("requests = %+v, want erin's then bob's with his private mention", reqs)
	}
	erinReq, bobReq := reqs[0].ID, reqs[1].ID
	var one mastoapi.NotificationRequest
	sc.ok(aTok, "GET", "/api/v1/notifications/requests/"+bobReq, nil, &one)
	if one.ID != bobReq || one.Account.ID != bob.ID.String() {
		t.Errorf("request %s = %+v", bobReq, one)
	}
	if s := sc.policy(aTok).Summary; s.PendingRequestsCount != 2 || s.PendingNotificationsCount != 2 {
		t.Errorf("summary = %+v, want 2 requests, 2 notifications", s)
	}
	// Paging, with a Link header.
	var page []mastoapi.NotificationRequest
	hdr := sc.ok(aTok, "GET", "/api/v1/notifications/requests?limit=1", nil, &page)
	next, _ := links(t, r, hdr)
	if len(page) != 1 || page[0].ID != erinReq || next == "" {
		t.Fatalf("first page = %+v, next %q", page, next)
	}
	getJSON(t, r, next, aTok, &page)
	if len(page) != 1 || page[0].ID != bobReq {
		t.Errorf("second page = %+v, want bob's", page)
	}

	// Another account's request is not found, and a bulk call naming it does nothing.
	for _, call := range []struct{ method, path string }{
		{"GET", "/api/v1/notifications/requests/" + bobReq},
		{"POST", "/api/v1/notifications/requests/" + bobReq + "/accept"},
		{"POST", "/api/v1/notifications/requests/" + bobReq + "/dismiss"},
		{"GET", "/api/v1/notifications/requests/12345"},
		{"GET", "/api/v1/notifications/requests/not-an-id"},
	} {
		if code, body := sc.call(bTok, call.method, call.path, url.Values{}); code != http.StatusNotFound {
			t.Errorf("bob: %s %s = %d %s, want 404", call.method, call.path, code, lgShort(body))
		}
	}
	sc.ok(bTok, "POST", "/api/v1/notifications/requests/accept", url.Values{"id[]": {bobReq, erinReq}}, nil)
	sc.ok(bTok, "POST", "/api/v1/notifications/requests/dismiss", url.Values{"id[]": {bobReq, erinReq}}, nil)
	if got := sc.requests(aTok); len(got) != 2 {
		t.Fatalf("alice's requests after bob's bulk calls = %d, want still 2", len(got))
	}

	// Accepting bob's request: his private mention joins the list, and his
	// later ones are never filtered.
	sc.ok(aTok, "POST", "/api/v1/notifications/requests/"+bobReq+"/accept", nil, nil)
	var merged mastoapi.MergedRequests
	sc.ok(aTok, "GET", "/api/v1/notifications/requests/merged", nil, &merged)
	if !merged.Merged {
		t.Error("merged = false after accepting")
	}
	if got := sc.statusIDs(aTok, ""); !slices.Contains(got, dm) {
		t.Errorf("notifications after accepting = %v, want bob's private mention %s", got, dm)
	}
	later := sc.post(bTok, "@alice again, privately", "direct", "")
	if got := sc.statusIDs(aTok, "?limit=1"); !slices.Equal(got, []string{later}) {
		t.Errorf("newest notification = %v, want bob's later private mention %s", got, later)
	}
	if rq := sc.requestFrom(aTok, bob); rq != nil {
		t.Errorf("bob has a request again: %+v", rq)
	}
	if n := npUnread(sc, aTok, "v1"); n != 5 {
		t.Errorf("unread count after accepting = %d, want 5", n)
	}

	// Dismissing erin's: it goes with its notifications; her next cold
	// mention makes a new request.
	sc.ok(aTok, "POST", "/api/v1/notifications/requests/"+erinReq+"/dismiss", nil, nil)
	if got := sc.statusIDs(aTok, "?include_filtered=true"); slices.Contains(got, cold) {
		t.Errorf("erin's dismissed mention is still there: %v", got)
	}
	if got := sc.requests(aTok); len(got) != 0 {
		t.Errorf("requests after dismissing = %+v, want none", got)
	}
	cold2 := sc.post(eTok, "@alice hello?", "direct", "")
	if rq := sc.requestFrom(aTok, erin); rq == nil || rq.ID == erinReq || rq.LastStatus == nil || rq.LastStatus.ID != cold2 {
		t.Errorf("erin's new request = %+v, want a new one with %s", rq, cold2)
	}

	// The rules, one by one, on favourites of alice's statuses.
	var own []string
	for _, text := range []string{"one", "two", "three", "four", "five"} {
		own = append(own, sc.post(aTok, text, "public", ""))
	}
	fav := func(tok, id string) { sc.ok(tok, "POST", "/api/v1/statuses/"+id+"/favourite", nil, nil) }
	filteredFrom := func(from *agora.Account) string { // "" when none
		rq := sc.requestFrom(aTok, from)
		if rq == nil {
			return ""
		}
		return rq.NotificationsCount
	}

	// for_not_following: carol (not followed) filtered, dave (followed) not.
	got := sc.setPolicy(aTok, url.Values{"for_not_following": {"filter"}, "for_private_mentions": {"accept"}})
	if got.ForNotFollowing != "filter" || got.ForPrivateMentions != "accept" || got.ForLimitedAccounts != "filter" {
		t.Errorf("PATCH answered %+v", got)
	}
	fav(cTok, own[0])
	fav(dTok, own[0])
	if n := filteredFrom(carol); n != "1" {
		t.Errorf("carol's filtered favourites = %q, want 1", n)
	}
	if n := filteredFrom(dave); n != "" {
		t.Errorf("dave, whom alice follows, was filtered: %q", n)
	}
	// drop: nothing is made at all.
	sc.setPolicy(aTok, url.Values{"for_not_following": {"drop"}})
	fav(cTok, own[1])
	if n := filteredFrom(carol); n != "1" {
		t.Errorf("carol's filtered favourites after a dropped one = %q, want still 1", n)
	}
	var all []mastoapi.Notification
	sc.ok(aTok, "GET", "/api/v1/notifications?include_filtered=true&account_id="+carol.ID.String(), nil, &all)
	if len(all) != 1 || all[0].Status == nil || all[0].Status.ID != own[0] {
		t.Errorf("carol's notifications = %d, want only the filtered favourite of %s", len(all), own[0])
	}
	// A type no policy touches (update: a status alice boosted was edited)
	// comes through even so.
	carols := sc.post(cTok, "carol's news", "public", "")
	sc.ok(aTok, "POST", "/api/v1/statuses/"+carols+"/reblog", nil, nil)
	sc.ok(cTok, "PUT", "/api/v1/statuses/"+carols, url.Values{"status": {"carol's news, corrected"}}, nil)
	var newest []mastoapi.Notification
	sc.ok(aTok, "GET", "/api/v1/notifications?limit=1", nil, &newest)
	if len(newest) != 1 || newest[0].Type != "update" || newest[0].Account.ID != carol.ID.String() {
		t.Errorf("newest notification = %+v, want carol's update, which policies never drop", newest)
	}

	// for_not_followers: erin follows alice and is not filtered; dave does not.
	// Her follow notification itself is filtered: it is made before the follow
	// is, as Mastodon's is for a follower of less than three days.
	sc.setPolicy(aTok, url.Values{"for_not_following": {"accept"}, "for_not_followers": {"filter"}})
	sc.ok(eTok, "POST", "/api/v1/accounts/"+sc.accountID(aTok)+"/follow", nil, nil)
	fav(eTok, own[2])
	fav(dTok, own[2])
	if n := filteredFrom(dave); n != "1" {
		t.Errorf("dave (not a follower) filtered = %q, want 1", n)
	}
	if n := filteredFrom(erin); n != "2" { // her private mention before and the follow, not the favourite
		t.Errorf("erin (a follower) filtered = %q, want 2, her earlier mention and the follow", n)
	}

	// for_new_accounts: erin (new) filtered, carol (60 days old) not; bob,
	// accepted, never.
	sc.setPolicy(aTok, url.Values{"for_not_followers": {"accept"}, "for_new_accounts": {"filter"}})
	fav(eTok, own[3])
	fav(cTok, own[3])
	fav(bTok, own[3])
	if n := filteredFrom(erin); n != "3" {
		t.Errorf("erin (new) filtered = %q, want 3", n)
	}
	if n := filteredFrom(carol); n != "1" {
		t.Errorf("carol (old) filtered = %q, want still 1", n)
	}
	if rq := sc.requestFrom(aTok, bob); rq != nil {
		t.Errorf("bob, accepted, was filtered: %+v", rq)
	}

	// Bulk: accept carol's and dismiss dave's by id[].
	carolReq, daveReq := sc.requestFrom(aTok, carol), sc.requestFrom(aTok, dave)
	if carolReq == nil || daveReq == nil {
		t.Fatal("carol's or dave's request is missing")
	}
	sc.ok(aTok, "POST", "/api/v1/notifications/requests/accept", url.Values{"id[]": {carolReq.ID, "12345"}}, nil)
	sc.ok(aTok, "POST", "/api/v1/notifications/requests/dismiss", url.Values{"id[]": {daveReq.ID}}, nil)
	if got := sc.requests(aTok); len(got) != 1 || got[0].Account.ID != erin.ID.String() {
		t.Errorf("requests after the bulk calls = %+v, want erin's alone", got)
	}
	if got := sc.statusIDs(aTok, "?account_id="+carol.ID.String()); !slices.Equal(got, []string{own[3], carols, own[0]}) { // the favourites and the update
		t.Errorf("carol's notifications after accepting = %v", got)
	}

	// The v1 form maps booleans to filter and accept, and leaves
	// for_limited_accounts alone.
	sc.ok(aTok, "PUT", "/api/v1/notifications/policy", url.Values{"filter_not_following": {"true"}, "filter_new_accounts": {"false"}}, &v1)
	if !v1.FilterNotFollowing || v1.FilterNewAccounts || v1.FilterPrivateMentions || v1.FilterNotFollowers {
		t.Errorf("PUT v1 answered %+v", v1)
	}
	want = mastoapi.NotificationPolicy{ForNotFollowing: "filter", ForNotFollowers: "accept", ForNewAccounts: "accept",
		ForPrivateMentions: "accept", ForLimitedAccounts: "filter", Summary: mastoapi.PolicySummary{PendingRequestsCount: 1, PendingNotificationsCount: 3}}
	if got := sc.policy(aTok); got != want {
		t.Errorf("policy after PUT v1 = %+v, want %+v", got, want)
	}

	// Bad input: 422 naming the field, and nothing changes.
	code, body := sc.call(aTok, "PATCH", "/api/v2/notifications/policy", url.Values{"for_new_accounts": {"drop"}, "for_not_followers": {"maybe"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "for_not_followers") || !strings.Contains(string(body), "accept, filter, drop") {
		t.Errorf("PATCH with a wrong action = %d %s, want 422 naming for_not_followers", code, body)
	}
	if got := sc.policy(aTok); got != want {
		t.Errorf("policy after a refused PATCH = %+v, want unchanged", got)
	}
	code, body, _ = r.do("PATCH", "/api/v2/notifications/policy", aTok, "application/json", `{"for_new_accounts": ["drop"]}`)
	if code != http.StatusBadRequest {
		t.Errorf("PATCH with a list = %d %s, want 400", code, body)
	}
	many := url.Values{}
	for range 101 {
		many.Add("id[]", "1")
	}
	for _, form := range []url.Values{{}, {"id[]": {"abc"}}, many} {
		for _, path := range []string{"/api/v1/notifications/requests/accept", "/api/v1/notifications/requests/dismiss"} {
			if code, body := sc.call(aTok, "POST", path, form); code != http.StatusUnprocessableEntity && code != http.StatusBadRequest {
				t.Errorf("POST %s with %d id[] = %d %s, want 400 or 422", path, len(form["id[]"]), code, lgShort(body))
			}
		}
	}
	if got := sc.requests(aTok); len(got) != 1 {
		t.Errorf("requests after refused bulk calls = %d, want still 1", len(got))
	}

	// Once erin is withheld everywhere, her request is neither listed, nor
	// counted, nor found.
	erinLast := sc.requestFrom(aTok, erin)
	if erinLast == nil {
		t.Fatal("erin's request is missing")
	}
	if _, err := r.srv.Service.Withhold(context.Background(), nil, service.NewRule{Subject: "@erin", Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	if got := sc.requests(aTok); len(got) != 0 {
		t.Errorf("requests with erin withheld = %+v, want none", got)
	}
	if s := sc.policy(aTok).Summary; s != (mastoapi.PolicySummary{}) {
		t.Errorf("summary with erin withheld = %+v, want nothing pending", s)
	}
	if code, body := sc.call(aTok, "GET", "/api/v1/notifications/requests/"+erinLast.ID, nil); code != http.StatusNotFound || strings.Contains(string(body), "erin") {
		t.Errorf("erin's request, withheld = %d %s, want 404", code, lgShort(body))
	}
}

// accountID returns the ID of the token's account.
func (sc *npScene) accountID(tok string) string {
	sc.t.Helper()
	var a mastoapi.Account
	sc.ok(tok, "GET", "/api/v1/accounts/verify_credentials", nil, &a)
	return a.ID
}
