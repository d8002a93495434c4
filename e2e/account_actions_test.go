package e2e

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/mastoapi"
	"agora/oauth"
)

// aaScene is rpScene (alice reports bob; a moderator and an admin) with carol,
// who does not follow bob, alice following him, a hashtag post of bob's, and a
// notification from bob to carol.
type aaScene struct {
	*rpScene
	carol    *agora.Account
	carolTok string
	tagged   string // bob's public post with #pills
	reportID string
}

func aaBuild(t *testing.T, r *rig) *aaScene {
	sc := &aaScene{rpScene: rpBuild(t, r)}
	sc.modTok = lgToken(t, r, "mod", "read write admin:read admin:write:accounts")
	sc.carol, sc.carolTok = lgStaff(t, r, "carol", agora.RoleUser, "read write")
	ctx := context.Background()
	if _, err := r.client(sc.aliceTok).AccountFollow(ctx, mastodon.ID(sc.bob.ID.String())); err != nil {
		t.Fatalf("alice follows bob: %v", err)
	}
	sc.tagged = string(post(t, r.client(sc.bobTok), &mastodon.Toot{Status: "#pills for sale", Visibility: "public"}).ID)
	carolPost := post(t, r.client(sc.carolTok), &mastodon.Toot{Status: "hello", Visibility: "public"})
	if _, err := r.client(sc.bobTok).Favourite(ctx, carolPost.ID); err != nil {
		t.Fatalf("bob favourites carol's post: %v", err)
	}
	rep, err := r.client(sc.aliceTok).Report(ctx, mastodon.ID(sc.bob.ID.String()), []mastodon.ID{mastodon.ID(sc.st1)}, "selling pills")
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	sc.reportID = string(rep.ID)
	return sc
}

// adminAccount reads bob (or id) through the admin API as the admin,
// checked against the schema's Admin::Account.
func (sc *aaScene) adminAccount(id agora.ID) mastoapi.AdminAccount {
	var a mastoapi.AdminAccount
	sc.ok(sc.adminTok, "GET", "/api/v1/admin/accounts/"+id.String(), nil, "AdminAccount", &a)
	return a
}

// act posts an action on bob as the moderator and wants 200 {}.
func (sc *aaScene) act(form url.Values) {
	sc.r.t.Helper()
	code, body := sc.send(sc.modTok, "POST", "/api/v1/admin/accounts/"+sc.bob.ID.String()+"/action", form)
	if code != http.StatusOK || strings.TrimSpace(string(body)) != "{}" {
		sc.r.t.Fatalf("action %v = %d %s, want 200 {}", form, code, lgShort(body))
	}
}

// undo posts an undoing on bob as the moderator and returns the Admin::Account.
func (sc *aaScene) undo(what string) mastoapi.AdminAccount {
	sc.r.t.Helper()
	var a mastoapi.AdminAccount
	sc.ok(sc.modTok, "POST", "/api/v1/admin/accounts/"+sc.bob.ID.String()+"/"+what, url.Values{}, "AdminAccount", &a)
	return a
}

// aaView is what one viewer sees of bob.
type aaView struct {
	public, tag, search, home, notified bool // bob's posts in those lists; bob's favourite in notifications
	status, profile, webProfile         int  // codes of his post by ID, his profile, his web page
	accountSearch                       bool
}

// view reads bob's content as the viewer (token "" for anonymous).
func (sc *aaScene) view(token string) aaView {
	t := sc.r.t
	t.Helper()
	var v aaView
	has := func(path string, id string) bool {
		code, body := sc.send(token, "GET", path, nil)
		if code != http.StatusOK {
			t.Fatalf("GET %s = %d %s", path, code, lgShort(body))
		}
		return strings.Contains(string(body), `"id":"`+id+`"`)
	}
	v.public = has("/api/v1/timelines/public?limit=40", sc.st1)
	v.tag = has("/api/v1/timelines/tag/pills?limit=40", sc.tagged)
	if token != "" {
		v.search = has("/api/v2/search?type=statuses&q=pills", sc.st2)
		v.accountSearch = has("/api/v2/search?type=accounts&q=bob", sc.bob.ID.String())
		v.home = has("/api/v1/timelines/home?limit=40", sc.st1)
		v.notified = has("/api/v1/notifications?types[]=favourite", sc.bob.ID.String())
	}
	v.status, _ = sc.send(token, "GET", "/api/v1/statuses/"+sc.st1, nil)
	v.profile, _ = sc.send(token, "GET", "/api/v1/accounts/"+sc.bob.ID.String(), nil)
	v.webProfile, _ = sc.send(token, "GET", "/@bob", nil)
	return v
}

func TestAccountActions(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testAccountActions(t, b) })
	}
}

func testAccountActions(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := aaBuild(t, r)
	ctx := context.Background()
	bobPath := "/api/v1/admin/accounts/" + sc.bob.ID.String()

	// Before: everyone sees everything of bob's (carol is notified of his
	// favourite, alice follows him).
	carolBefore := aaView{public: true, tag: true, search: true, notified: true, status: 200, profile: 200, webProfile: 200, accountSearch: true}
	aliceBefore := aaView{public: true, tag: true, search: true, home: true, status: 200, profile: 200, webProfile: 200, accountSearch: true}
	anonBefore := aaView{public: true, tag: true, status: 200, profile: 200, webProfile: 200}
	check := func(step string, want map[string]aaView) {
		t.Helper()
		for name, tok := range map[string]string{"carol": sc.carolTok, "alice": sc.aliceTok, "anonymous": ""} {
			if got := sc.view(tok); got != want[name] {
				t.Errorf("%s: %s sees %+v, want %+v", step, name, got, want[name])
			}
		}
	}
	check("before", map[string]aaView{"carol": carolBefore, "alice": aliceBefore, "anonymous": anonBefore})

	// A report about someone else: alice reports carol too.
	aboutCarol, err := r.client(sc.aliceTok).Report(ctx, mastodon.ID(sc.carol.ID.String()), nil, "rude")
	if err != nil {
		t.Fatalf("alice reports carol: %v", err)
	}

	// Refused requests write nothing.
	for _, c := range []struct {
		name, token, path string
		form              url.Values
		want              int
		msg               string
	}{
		{"a user with admin scopes", sc.aliceTok, bobPath + "/action", url.Values{"type": {"suspend"}}, 403, "not allowed"},
		{"a moderator on an admin", sc.modTok, "/api/v1/admin/accounts/" + sc.admin.ID.String() + "/action", url.Values{"type": {"suspend"}}, 403, "role"},
		{"a moderator on itself", sc.modTok, "/api/v1/admin/accounts/" + sc.mod.ID.String() + "/action", url.Values{"type": {"silence"}}, 403, "role"},
		{"an unknown type", sc.modTok, bobPath + "/action", url.Values{"type": {"ban"}}, 422, "Type must be one of"},
		{"no type", sc.modTok, bobPath + "/action", url.Values{}, 422, "Type must be one of"},
		{"an unknown account", sc.modTok, "/api/v1/admin/accounts/123456789/action", url.Values{"type": {"suspend"}}, 404, "not found"},
		{"a report about someone else", sc.modTok, bobPath + "/action", url.Values{"type": {"suspend"}, "report_id": {string(aboutCarol.ID)}}, 404, "report_id"},
		{"a report that does not exist", sc.modTok, bobPath + "/action", url.Values{"type": {"suspend"}, "report_id": {"987654321"}}, 404, "report_id"},
		{"a too long text", sc.modTok, bobPath + "/action", url.Values{"type": {"suspend"}, "text": {strings.Repeat("x", 2001)}}, 422, "too long"},
		{"approve", sc.modTok, bobPath + "/approve", nil, 403, "not pending"},
		{"reject", sc.modTok, bobPath + "/reject", nil, 403, "not pending"},
		{"unsuspend an active account", sc.modTok, bobPath + "/unsuspend", nil, 403, "not suspended"},
		{"a user undoing", sc.carolTok, bobPath + "/unsilence", nil, 403, "not allowed"},
	} {
		code, body := sc.send(c.token, "POST", c.path, c.form)
		var e struct {
			Error string `json:"error"`
		}
		mustJSON(t, body, &e)
		if code != c.want || !strings.Contains(strings.ToLower(e.Error), strings.ToLower(c.msg)) {
			t.Errorf("%s: %d %s, want %d mentioning %q", c.name, code, lgShort(body), c.want, c.msg)
		}
	}
	if a := sc.adminAccount(sc.bob.ID); a.Suspended || a.Silenced || a.Sensitized || a.Disabled || !a.Approved || a.Role.Name != "" {
		t.Fatalf("bob after refused requests = %+v", a)
	}
	if evs, _ := r.srv.DB.Audit(ctx, agora.AuditQuery{ObjectKind: "account", ObjectID: sc.bob.ID}); len(evs) != 0 {
		t.Errorf("refused requests audited: %+v", evs)
	}

	// Silence, resolving alice's report, telling bob.
	sc.act(url.Values{"type": {"silence"}, "report_id": {sc.reportID}, "text": {"no spam, please"}, "send_email_notification": {"true"}, "warning_preset_id": {"1"}})
	if a := sc.adminAccount(sc.bob.ID); !a.Silenced || a.Suspended {
		t.Errorf("after silence: %+v", a)
	}
	var rep mastoapi.AdminReport
	sc.ok(sc.modTok, "GET", "/api/v1/admin/reports/"+sc.reportID, nil, "AdminReport", &rep)
	if !rep.ActionTaken || rep.ActionTakenByAccount == nil || rep.ActionTakenByAccount.ID != sc.mod.ID.String() {
		t.Errorf("the report after the action: %+v", rep)
	}
	code, body := sc.send(sc.bobTok, "GET", "/api/v1/notifications?types[]=moderation_warning", nil)
	var warned []mastoapi.Notification
	mustJSON(t, body, &warned)
	if code != 200 || len(warned) != 1 || warned[0].ModerationWarning == nil || warned[0].ModerationWarning.Action != "silence" ||
		warned[0].ModerationWarning.Text != "no spam, please" {
		t.Errorf("bob's moderation warnings = %d %s", code, lgShort(body))
	}
	// The legal desk's appeal route refuses a moderator's strike, saying why.
	if len(warned) == 1 && warned[0].ModerationWarning != nil {
		code, body := sc.send(sc.bobTok, "POST", "/api/v1/agora/account_warnings/"+warned[0].ModerationWarning.ID+"/appeal", url.Values{"text": {"I was not spamming"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "cannot be appealed here") {
			t.Errorf("appeal of a moderator's warning = %d %s, want 422", code, lgShort(body))
		}
	}
	// Carol (not a follower) and anonymous readers no longer see his posts in
	// public and hashtag timelines and search; alice, who follows him, does;
	// his profile and posts stay reachable.
	silencedCarol := carolBefore
	silencedCarol.public, silencedCarol.tag, silencedCarol.search = false, false, false
	silencedAnon := anonBefore
	silencedAnon.public, silencedAnon.tag = false, false
	check("silenced", map[string]aaView{"carol": silencedCarol, "alice": aliceBefore, "anonymous": silencedAnon})
	// bob still sees his own.
	if !strings.Contains(string(mustGet(t, sc, sc.bobTok, "/api/v1/timelines/public?limit=40")), sc.st1) {
		t.Error("silenced bob does not see his own post in the public timeline")
	}
	sc.undo("unsilence")
	check("unsilenced", map[string]aaView{"carol": carolBefore, "alice": aliceBefore, "anonymous": anonBefore})

	// Sensitive: his statuses render sensitive, until unsensitive.
	sc.act(url.Values{"type": {"sensitive"}})
	if st, err := r.client(sc.carolTok).GetStatus(ctx, mastodon.ID(sc.st1)); err != nil || !st.Sensitive {
		t.Errorf("after sensitive: %+v, %v; want sensitive", st, err)
	}
	if a := sc.undo("unsensitive"); a.Sensitized {
		t.Errorf("after unsensitive: %+v", a)
	}
	if st, err := r.client(sc.carolTok).GetStatus(ctx, mastodon.ID(sc.st1)); err != nil || st.Sensitive {
		t.Errorf("after unsensitive: sensitive %v, %v", st.Sensitive, err)
	}

	// Disable: his token and sign-in are refused; his content stays.
	sc.act(url.Values{"type": {"disable"}})
	aaRefused(t, sc, "Your login is currently disabled.")
	check("disabled", map[string]aaView{"carol": carolBefore, "alice": aliceBefore, "anonymous": anonBefore})
	if a := sc.undo("enable"); a.Disabled {
		t.Errorf("after enable: %+v", a)
	}
	if code, _ := sc.send(sc.bobTok, "GET", "/api/v1/accounts/verify_credentials", nil); code != 200 {
		t.Errorf("bob's token after enable: %d", code)
	}

	// Suspend: gone for everyone else, everywhere; moderators still read it.
	sc.act(url.Values{"type": {"suspend"}, "text": {"bye"}})
	aaRefused(t, sc, "This account is suspended.")
	gone := aaView{status: 404, profile: 404, webProfile: 404}
	check("suspended", map[string]aaView{"carol": gone, "alice": gone, "anonymous": gone})
	if a := sc.adminAccount(sc.bob.ID); !a.Suspended || a.Account == nil || a.Account.ID != sc.bob.ID.String() {
		t.Errorf("the admin's view of suspended bob: %+v", a)
	}
	var list []mastoapi.AdminAccount
	sc.ok(sc.modTok, "GET", "/api/v1/admin/accounts?suspended=true", nil, "[]AdminAccount", &list)
	if len(list) != 1 || list[0].ID != sc.bob.ID.String() {
		t.Errorf("suspended accounts = %+v", list)
	}
	// Alice's following list answers without him; his statuses are not
	// found, as his profile (agora's choice: visibility/limits.go).
	for path, want := range map[string]int{
		"/api/v1/accounts/" + sc.alice.ID.String() + "/following": http.StatusOK,
		"/api/v1/accounts/" + sc.bob.ID.String() + "/statuses":    http.StatusNotFound,
	} {
		code, body := sc.send(sc.carolTok, "GET", path, nil)
		if code != want || strings.Contains(string(body), `"id":"`+sc.bob.ID.String()+`"`) || strings.Contains(string(body), sc.st1) {
			t.Errorf("GET %s with bob suspended: %d %s, want %d without bob", path, code, lgShort(body), want)
		}
	}
	if rep, _ := r.srv.DB.Report(ctx, mustID(t, string(aboutCarol.ID))); rep == nil || rep.Resolved() {
		t.Errorf("the report about carol after actions on bob: %+v, want open", rep)
	}
	sc.undo("unsuspend")
	check("unsuspended", map[string]aaView{"carol": carolBefore, "alice": aliceBefore, "anonymous": anonBefore})
	if code, _ := sc.send(sc.bobTok, "GET", "/api/v1/accounts/verify_credentials", nil); code != 200 {
		t.Errorf("bob's token after unsuspend: %d", code)
	}

	// Every action is audited with who, what and the report; a strike is
	// recorded for each action, told to bob only when asked.
	evs, err := r.srv.DB.Audit(ctx, agora.AuditQuery{ObjectKind: "account", ObjectID: sc.bob.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
		if e.ActorID != sc.mod.ID || e.Channel != "api" {
			t.Errorf("audit event %+v: want the moderator, channel api", e)
		}
	}
	want := []string{"account.silence", "account.unsilence", "account.sensitive", "account.unsensitive",
		"account.disable", "account.enable", "account.suspend", "account.unsuspend"}
	if !slices.Equal(actions, want) {
		t.Errorf("audit = %v, want %v", actions, want)
	}
	if len(evs) > 0 && (!strings.Contains(evs[0].Summary, sc.reportID) || !strings.Contains(evs[0].Summary, "no spam")) {
		t.Errorf("the silence's audit summary %q names neither the report nor the text", evs[0].Summary)
	}
	code, body = sc.send(sc.bobTok, "GET", "/api/v1/notifications?types[]=moderation_warning", nil)
	mustJSON(t, body, &warned)
	if code != 200 || len(warned) != 1 {
		t.Errorf("bob was told of %d warnings, want the one asked for: %s", len(warned), lgShort(body))
	}

	// Deleting the data: only of a suspended account, only by an admin.
	if code, body := sc.send(sc.adminTok, "DELETE", bobPath, nil); code != http.StatusForbidden || !strings.Contains(string(body), "not suspended") {
		t.Errorf("delete an active account = %d %s, want 403", code, lgShort(body))
	}
	sc.act(url.Values{"type": {"suspend"}})
	if code, body := sc.send(sc.modTok, "DELETE", bobPath, nil); code != http.StatusForbidden || !strings.Contains(string(body), "only admins") {
		t.Errorf("a moderator deletes = %d %s, want 403", code, lgShort(body))
	}
	var deleted mastoapi.AdminAccount
	sc.ok(sc.adminTok, "DELETE", bobPath, nil, "AdminAccount", &deleted)
	if !deleted.Suspended || deleted.Username != "bob" {
		t.Errorf("deleted bob = %+v", deleted)
	}
	for _, id := range []string{sc.st1, sc.st2, sc.tagged} {
		if _, err := r.srv.DB.Status(ctx, mustID(t, id)); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("bob's status %s after delete: %v, want gone", id, err)
		}
	}
	if code, body := sc.send(sc.modTok, "POST", bobPath+"/unsuspend", nil); code != http.StatusForbidden || !strings.Contains(string(body), "deleted") {
		t.Errorf("unsuspend a deleted account = %d %s, want 403", code, lgShort(body))
	}
	if code, _ := sc.send(sc.adminTok, "DELETE", bobPath, nil); code != http.StatusForbidden {
		t.Errorf("delete twice = %d, want 403", code)
	}
	if _, err := r.srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: "bob", Email: "bob2@example.org", Password: "password-bob2"}); err == nil || !strings.Contains(err.Error(), "Username is already taken") {
		t.Errorf("a new bob: %v, want the username taken", err)
	}
	check("deleted", map[string]aaView{"carol": gone, "alice": gone, "anonymous": gone})
	evs, _ = r.srv.DB.Audit(ctx, agora.AuditQuery{ObjectKind: "account", ObjectID: sc.bob.ID})
	if n := len(evs); n == 0 || evs[n-1].Action != "account.delete" || evs[n-1].ActorID != sc.admin.ID {
		t.Errorf("the delete is not audited: %+v", evs)
	}
}

// aaRefused checks that bob's token is refused as Mastodon refuses a token
// whose user is not functional (403, not 401: the token stays valid and apps
// keep it), on user and public routes alike, and that his sign-in is refused
// with msg.
func aaRefused(t *testing.T, sc *aaScene, msg string) {
	t.Helper()
	for _, path := range []string{"/api/v1/accounts/verify_credentials", "/api/v1/timelines/public"} {
		code, body := sc.send(sc.bobTok, "GET", path, nil)
		var e map[string]any
		mustJSON(t, body, &e)
		if code != http.StatusForbidden || len(e) != 1 || e["error"] != "Your login is currently disabled" {
			t.Errorf("bob's token on %s: %d %s, want 403 {\"error\":\"Your login is currently disabled\"}", path, code, lgShort(body))
		}
	}
	// The password grant answers as for a wrong password (400 invalid_grant),
	// with the reason in error_description.
	body2 := sc.r.postToken(url.Values{"grant_type": {"password"}, "client_id": {sc.r.app.ClientID}, "client_secret": {sc.r.app.ClientSecret},
		"username": {"bob@example.org"}, "password": {"password-bob"}, "scope": {"read"}}, http.StatusBadRequest)
	if d, _ := body2["error_description"].(string); body2["error"] != "invalid_grant" || !strings.Contains(d, msg) {
		t.Errorf("bob's sign-in: %v, want invalid_grant %q", body2, msg)
	}
}

// mustGet reads path as token and wants 200.
func mustGet(t *testing.T, sc *aaScene, token, path string) []byte {
	t.Helper()
	code, body := sc.send(token, "GET", path, nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, code, lgShort(body))
	}
	return body
}
