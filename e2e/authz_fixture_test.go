package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/app"
	authwire "agora/authorityapi/wire"
	"agora/legalapi/wire"
	"agora/oauth"
)

// mxFullScopes is what a "full-scope" token of the matrix holds: every top
// scope, the legal ones among them, so that a role is refused for what it is,
// never for a scope its token lacks.
const mxFullScopes = "read write follow push profile admin:read admin:write legal:read legal:write"

// Words that only some answers may hold (mxFixture.leaks).
const (
	mxPrivateText = "owner's private post" // in mxowner's private and direct statuses and its scheduled one: for mxowner only
	mxReferenceA  = "MX/2026/1"            // authority A's order: never to authority B
)

// mxStaffNames are the staff's usernames, which no authority may be told.
var mxStaffNames = []string{"mxlegal", "mxadmin", "mxended"}

// mxAppScopes are the scopes of the fixture's app: Mastodon's.
const mxAppScopes = "read write follow push"

// mxFixture is the matrix's world, and who each role is.
//
// Accounts (password "password-<name>"), each with a token of Mastodon's
// scopes from the password grant of an app, and on the legal API and on
// Mastodon's admin API (routes of an admin: scope) a full-scope token (every
// top scope, the legal and admin ones too) made as `agora token create` makes
// them, so that there the role decides, not a scope the token lacks:
//   - user: mxuser, an ordinary account that owns nothing the paths name;
//   - owner: mxowner (locked), who owns what the paths of the Mastodon API and
//     of the pages name: the account itself (/accounts/{id}), its statuses
//     (/statuses/{id}: a private one for reading, a public one for acting on,
//     a fresh one for each deletion), its notification, its follow request
//     from mxrequester, its account warning (the legal desk withheld it under
//     authority A's order), its list, its direct conversation with mxpeer (a
//     fresh one for each deletion), its notification group (of the
//     notification; a fresh one for each dismissal), its scheduled status (a
//     fresh one for each cancellation), the report it filed on
//     mxpeer (on the admin API, where owner is an ordinary account: the
//     reporter and the account /admin/accounts/{id} names, both denied).
//     Nothing of the other tables belongs to an account, so owner is "-" there;
//   - moderator: mxmod (role moderator), legal: mxlegal (role legal), admin:
//     mxadmin (role admin);
//   - staff_ended: mxended, role legal, whose access ended after the token
//     was issued and the console session began;
//   - revoked: a token of mxadmin (the password grant of an app with
//     Mastodon's scopes) revoked through /oauth/revoke;
//     on the authority API a revoked token of authority A; on the console, a
//     session of mxadmin that signed out;
//   - no_scope: on a route with a scope, a token holding every scope but
//     those that grant it: mxowner's on the Mastodon API, mxadmin's on the
//     legal API and on Mastodon's admin API.
//
// Authorities: A (IN) submitted the order every {id} of an order names, with
// a document, a message and a webhook; B (DE) submitted nothing. Their tokens
// are authority tokens, sent as bearers to every token table.
//
// The console: legal and admin hold sessions; user and moderator tried to sign
// in and were refused, so they call without one; staff_ended's session began
// before the access ended; revoked's signed out. Authorities hold no console
// sessions and the console has no scopes: "-".
type mxFixture struct {
	t  *testing.T
	r  *rig
	hc *http.Client // the token tables' client: schema and contract checks, no redirects followed

	appID, appSecret string            // the full-scope app
	tok              map[string]string // bearer by role
	legalTok         map[string]string // bearer by role on the legal API
	authRevoked      string            // authority A's revoked token
	noScope          map[string]string // token by account and scope

	owner, target, requester, peer string // account IDs
	pub, priv                      string // mxowner's statuses
	poll                           string // mxowner's public status with a poll: the poll's ID
	note, warning                  string // mxowner's notification and (unappealed) warning
	group                          string // the group key of mxowner's notification
	list, conversation             string // mxowner's list and direct conversation
	report                         string // mxowner's report on mxpeer
	scheduled                      string // mxowner's scheduled status
	victimList, victimConversation string // mxowner's for a DELETE; "" once one succeeded
	victimFeaturedTag              string // mxowner's featured tag for a DELETE; "" once one succeeded
	victimScheduled                string
	filters                        mxFilters // authz_filters_test.go
	media, victimMedia             string    // mxowner's unattached media; the victim for a DELETE, "" once one succeeded
	privFile                       string    // the file name of the media of mxowner's private status
	requesterTok, peerTok          string

	numberA                                                      string // the internal number of A's order
	authA, order, orderTarget, notice, appeal, document, webhook string
	clientA, clientSecretA                                       string
	hookURL                                                      string
	victim                                                       string // a webhook of A for a DELETE; "" once one succeeded
	opening                                                      int64  // a published opening of the log
	confidentialUntil                                            time.Time

	console map[string]*consoleUser // by role; nil: no session
	csrf    map[string]string       // by role
}

// mxAccounts are the fixture's accounts and their roles.
var mxAccounts = []struct {
	name string
	role agora.Role
}{
	{"mxuser", agora.RoleUser}, {"mxowner", agora.RoleUser}, {"mxmod", agora.RoleModerator},
	{"mxlegal", agora.RoleLegal}, {"mxadmin", agora.RoleAdmin}, {"mxended", agora.RoleLegal},
	{"mxpeer", agora.RoleUser}, {"mxtarget", agora.RoleUser}, {"mxrequester", agora.RoleUser},
}

// mxBuild starts a server on the backend and builds the fixture.
func mxBuild(t *testing.T, b agoratest.Backend) *mxFixture {
	ctx := context.Background()
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(hooks.Close)
	r := newRig(t, b, agoratest.WithRegistrations(true), func(c *app.Config) { c.WebhookAllowPrivate = "on" })
	lt := &lgTransport{base: r.tr, spec: lgMustSpec(t), t: t, checked: map[string]int{}}
	fx := &mxFixture{t: t, r: r, tok: map[string]string{}, legalTok: map[string]string{}, noScope: map[string]string{}, hookURL: hooks.URL + "/hook",
		hc:      &http.Client{Transport: lt, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		console: map[string]*consoleUser{}, csrf: map[string]string{}}
	ids := map[string]string{}
	for _, a := range mxAccounts {
		acct, err := r.srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: a.name, Email: a.name + "@example.org", Password: "password-" + a.name, Role: a.role})
		if err != nil {
			t.Fatalf("create %s: %v", a.name, err)
		}
		ids[a.name] = acct.ID.String()
	}
	fx.owner, fx.target, fx.requester, fx.peer = ids["mxowner"], ids["mxtarget"], ids["mxrequester"], ids["mxpeer"]

	// The roles' tokens: on the legal API full-scope tokens made as `agora
	// token create` makes them (the only way to the legal scopes, which no
	// Mastodon app asks for); elsewhere tokens of the password grant of an app
	// of Mastodon's scopes. The revoked token is the admin's, revoked through
	// /oauth/revoke.
	code, body, _ := r.do("POST", "/api/v1/apps", "", "application/x-www-form-urlencoded",
		url.Values{"client_name": {"authz matrix"}, "redirect_uris": {agora.OOBRedirect}, "scopes": {mxAppScopes}}.Encode())
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if code != http.StatusOK || json.Unmarshal(body, &app) != nil || app.ClientID == "" {
		t.Fatalf("register the app: %d %s", code, body)
	}
	fx.appID, fx.appSecret = app.ClientID, app.ClientSecret
	for role, name := range map[string]string{"user": "mxuser", "owner": "mxowner", "moderator": "mxmod", "legal": "mxlegal",
		"admin": "mxadmin", "staff_ended": "mxended", "revoked": "mxadmin", "requester": "mxrequester", "peer": "mxpeer"} {
		fx.tok[role] = r.postToken(url.Values{"grant_type": {"password"}, "client_id": {fx.appID}, "client_secret": {fx.appSecret},
			"username": {name + "@example.org"}, "password": {"password-" + name}, "scope": {mxAppScopes}}, http.StatusOK)["access_token"].(string)
		tok, _, err := r.srv.Service.CreateToken(ctx, name, mxFullScopes)
		if err != nil {
			t.Fatalf("token of %s: %v", name, err)
		}
		fx.legalTok[role] = tok
	}
	fx.legalTok["revoked"] = fx.tok["revoked"]
	fx.requesterTok, fx.peerTok = fx.tok["requester"], fx.tok["peer"]
	fx.mustDo("POST", "/oauth/revoke", "", url.Values{"client_id": {fx.appID}, "client_secret": {fx.appSecret}, "token": {fx.tok["revoked"]}}, http.StatusOK)

	// mxowner's things.
	fx.mustDo("PATCH", "/api/v1/accounts/update_credentials", fx.tok["owner"], url.Values{"locked": {"true"}}, http.StatusOK)
	fx.pub = fx.status(fx.tok["owner"], "owner's public post #mxtag", "public")
	fx.priv = fx.status(fx.tok["owner"], mxPrivateText, "private")
	var polled struct{ ID string }
	mustJSON(fx.t, fx.mustDo("POST", "/api/v1/statuses", fx.tok["owner"], url.Values{"status": {"owner's poll"}, "visibility": {"public"},
		"poll[options][]": {"yes", "no"}, "poll[expires_in]": {"86400"}}, http.StatusOK), &polled)
	fx.poll = polled.ID
	withheld := fx.status(fx.tok["owner"], "owner's post the desk withholds", "public")
	fx.mustDo("POST", "/api/v1/statuses/"+fx.pub+"/favourite", fx.peerTok, url.Values{}, http.StatusOK)
	fx.note = fx.newestNote()
	fx.group = fx.groupOf(fx.note)
	fx.pendingRequest()
	fx.list = fx.newList()
	fx.conversation = fx.newConversation()
	fx.scheduled = fx.newScheduled()
	fx.media = fx.newMedia().ID
	withPicture := fx.newMedia()
	fx.mustDo("POST", "/api/v1/statuses", fx.tok["owner"], url.Values{"status": {"with a picture: the " + mxPrivateText},
		"visibility": {"private"}, "media_ids[]": {withPicture.ID}}, http.StatusOK)
	fx.privFile = withPicture.URL[strings.LastIndex(withPicture.URL, "/")+1:]
	var report struct{ ID string }
	mustJSON(fx.t, fx.mustDo("POST", "/api/v1/reports", fx.tok["owner"], url.Values{"account_id": {fx.peer}, "comment": {"spam"}, "category": {"spam"}}, http.StatusOK), &report)
	fx.report = report.ID
	other := fx.status(fx.peerTok, "a post a confidential order names", "public")

	// Authorities A and B, and A's order, document, message and webhook.
	desk := r.srv.Desk
	a, err := desk.CreateAuthority(ctx, nil, "Ministry of Electronics and IT", "IN", "ministry")
	if err != nil {
		t.Fatal(err)
	}
	bAuth, err := desk.CreateAuthority(ctx, nil, "Bundesamt für Justiz", "DE", "regulator")
	if err != nil {
		t.Fatal(err)
	}
	fx.authA = a.ID.String()
	fx.tok["authority_a"], _ = auToken(t, r, fx.authA)
	fx.tok["authority_b"], _ = auToken(t, r, bAuth.ID.String())
	var revokedID agora.ID
	fx.authRevoked, revokedID = auToken(t, r, fx.authA)
	if err := desk.RevokeAuthorityToken(ctx, nil, revokedID); err != nil {
		t.Fatal(err)
	}
	secret, cl, err := desk.CreateAuthorityClient(ctx, nil, a.ID, "portal")
	if err != nil {
		t.Fatal(err)
	}
	fx.clientA, fx.clientSecretA = cl.ID.String(), secret
	fx.webhook = fx.newWebhook()
	var rc authwire.Receipt
	fx.mustJSON("POST", "/api/v1/authority/orders", fx.tok["authority_a"], authwire.OrderInput{
		Reference: mxReferenceA, LegalBasis: "Section 69A of the Information Technology Act, 2000", TerritorialScope: []string{"IN"},
		Targets:   []string{"@mxowner", r.srv.URL + "/@mxowner/" + withheld},
		Documents: []*authwire.Document{{Name: "order.pdf", ContentType: "application/pdf", Data: base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 the order"))}},
	}, http.StatusCreated, &rc)
	fx.order, fx.numberA = rc.ID, rc.Number
	var o authwire.Order
	fx.mustJSON("GET", "/api/v1/authority/orders/"+fx.order, fx.tok["authority_a"], nil, http.StatusOK, &o)
	if len(o.Documents) == 0 {
		t.Fatalf("the order has no document: %+v", o)
	}
	fx.document = o.Documents[0].ID
	fx.mustJSON("POST", "/api/v1/authority/orders/"+fx.order+"/messages", fx.tok["authority_a"], authwire.MessageInput{Text: "Please confirm receipt."}, http.StatusCreated, nil)

	// The desk withholds both targets in IN (no request of the matrix comes
	// from IN); mxowner appeals one warning; a notice; a confidential order
	// whose gag ends during the run, so that its log entry's opening is
	// published when the matrix reads it.
	lc := r.legal(fx.legalTok["admin"])
	if res := lc.decide(fx.order, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold", Countries: []string{"IN"}}, false); res.Applied != 2 {
		t.Fatalf("withhold: %+v", res)
	}
	targets := lc.targets(fx.order, "")
	fx.orderTarget = targets[0].ID
	warnings := apWarnings(t, r, fx.tok["owner"])
	if len(warnings) != 2 {
		t.Fatalf("mxowner has %d warnings, want 2", len(warnings))
	}
	fx.warning = warnings[0].ID
	if code, body := apAppeal(t, r, fx.tok["owner"], warnings[1].ID, url.Values{"text": {"This is satire."}}); code != http.StatusOK {
		t.Fatalf("appeal: %d %s", code, body)
	}
	pending := lc.targets(fx.order, "appeal=pending")
	if len(pending) != 1 || pending[0].Appeal == nil {
		t.Fatalf("targets with a pending appeal: %d", len(pending))
	}
	fx.appeal = pending[0].Appeal.ID
	fx.notice = lc.addNotice(fx.order, wire.NoticeInput{Kind: "hearing", Deadline: lgTime(time.Now().Add(72 * time.Hour)), Summary: "A hearing."}).ID
	fx.confidentialUntil = time.Now().Add(2 * time.Second)
	gag := lc.order(wire.OrderInput{AuthorityID: fx.authA, Reference: "MX/2026/2", LegalBasis: "Section 69A", TerritorialScope: []string{"IN"},
		Targets: []string{r.srv.URL + "/@mxpeer/" + other}, Confidential: true, ConfidentialUntil: &fx.confidentialUntil})
	if res := lc.decide(gag.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold", Countries: []string{"IN"}}, false); res.Applied != 1 {
		t.Fatalf("withhold under the confidential order: %+v", res)
	}
	head, err := r.srv.DB.LogHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fx.opening = head.Size - 1 // the gag's rule is the log's last entry

	// Console sessions, then the end of mxended's access.
	for role, name := range map[string]string{"legal": "mxlegal", "admin": "mxadmin", "staff_ended": "mxended", "revoked": "mxadmin", "user": "mxuser", "moderator": "mxmod"} {
		u := newConsoleUser(t, r.srv.URL)
		status, _, _ := u.signIn(name, "password-"+name)
		switch role {
		case "user", "moderator":
			if status != http.StatusForbidden {
				t.Fatalf("console sign-in as %s: %d, want 403", role, status)
			}
		default:
			if status != http.StatusSeeOther {
				t.Fatalf("console sign-in as %s: %d, want 303", role, status)
			}
			fx.csrf[role] = u.token("/legal")
		}
		fx.console[role] = u
	}
	if status, _, _ := fx.console["revoked"].do("POST", "/legal/signout", url.Values{"csrf": {fx.csrf["revoked"]}}); status != http.StatusSeeOther {
		t.Fatalf("console sign-out: %d", status)
	}
	if _, err := desk.SetAccessUntil(ctx, nil, "mxended", time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	return fx
}

// mustDo sends a form (nil: none) with the token and fails unless the answer
// has the status; it returns the body.
func (fx *mxFixture) mustDo(method, path, token string, form url.Values, want int) []byte {
	fx.t.Helper()
	ct, body := "", ""
	if form != nil {
		ct, body = "application/x-www-form-urlencoded", form.Encode()
	}
	code, data, _ := fx.r.do(method, path, token, ct, body)
	if code != want {
		fx.t.Fatalf("%s %s: %d %s, want %d", method, path, code, lgShort(data), want)
	}
	return data
}

// mustJSON sends in as JSON (nil: no body) with the token, fails unless the
// answer has the status, and decodes it into out (nil: not).
func (fx *mxFixture) mustJSON(method, path, token string, in any, want int, out any) {
	fx.t.Helper()
	ct, body := "", ""
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			fx.t.Fatal(err)
		}
		ct, body = "application/json", string(b)
	}
	code, data, _ := fx.r.do(method, path, token, ct, body)
	if code != want {
		fx.t.Fatalf("%s %s: %d %s, want %d", method, path, code, lgShort(data), want)
	}
	if out != nil {
		mustJSON(fx.t, data, out)
	}
}

// status posts a status with the token and returns its ID.
func (fx *mxFixture) status(token, text, visibility string) string {
	fx.t.Helper()
	var s struct{ ID string }
	mustJSON(fx.t, fx.mustDo("POST", "/api/v1/statuses", token, url.Values{"status": {text}, "visibility": {visibility}}, http.StatusOK), &s)
	return s.ID
}

// newestNote returns the ID of mxowner's newest notification.
func (fx *mxFixture) newestNote() string {
	fx.t.Helper()
	var notes []struct{ ID string }
	mustJSON(fx.t, fx.mustDo("GET", "/api/v1/notifications?limit=1", fx.tok["owner"], nil, http.StatusOK), &notes)
	if len(notes) == 0 {
		fx.t.Fatal("mxowner has no notification")
	}
	return notes[0].ID
}

// freshNote gives mxowner a new notification (a mention by mxpeer) and
// returns its ID: for routes that dismiss it.
func (fx *mxFixture) freshNote() string {
	fx.status(fx.peerTok, "@mxowner hello", "public")
	return fx.newestNote()
}

// freshNoteRequest makes a notification request of mxowner's, from a new
// account each time (accepting one permits its sender for good), and returns
// its ID: a filtered follow notification, written as the store writes one.
func (fx *mxFixture) freshNoteRequest() string {
	fx.t.Helper()
	ctx := context.Background()
	ids := fx.r.srv.Service.IDs()
	owner, err := agora.ParseID(fx.owner)
	if err != nil {
		fx.t.Fatal(err)
	}
	from := &agora.Account{ID: ids.New(), Role: agora.RoleUser, PasswordHash: "-"}
	from.Username, from.Email, from.CreatedAt = "mxsender"+from.ID.String(), "mxsender"+from.ID.String()+"@example.org", from.ID.Time()
	if err := fx.r.srv.DB.CreateAccount(ctx, from); err != nil {
		fx.t.Fatal(err)
	}
	n := &agora.Notification{ID: ids.New(), AccountID: owner, Type: agora.NotifyFollow, FromAccountID: from.ID, Filtered: true}
	n.CreatedAt = n.ID.Time()
	if err := fx.r.srv.DB.CreateNotifications(ctx, []*agora.Notification{n}); err != nil {
		fx.t.Fatal(err)
	}
	return n.ID.String()
}

// groupOf returns the group key of mxowner's notification.
func (fx *mxFixture) groupOf(note string) string {
	fx.t.Helper()
	var n struct {
		GroupKey string `json:"group_key"`
	}
	mustJSON(fx.t, fx.mustDo("GET", "/api/v1/notifications/"+note, fx.tok["owner"], nil, http.StatusOK), &n)
	if n.GroupKey == "" {
		fx.t.Fatalf("notification %s has no group key", note)
	}
	return n.GroupKey
}

// newList makes a list of mxowner's and returns its ID.
func (fx *mxFixture) newList() string {
	fx.t.Helper()
	var l struct{ ID string }
	mustJSON(fx.t, fx.mustDo("POST", "/api/v1/lists", fx.tok["owner"], url.Values{"title": {"owner's list"}}, http.StatusOK), &l)
	return l.ID
}

// newConversation starts a direct conversation of mxowner's with mxpeer (a
// new thread: a new conversation) and returns mxowner's conversation's ID.
func (fx *mxFixture) newConversation() string {
	fx.t.Helper()
	fx.status(fx.tok["owner"], "@mxpeer a direct word, the "+mxPrivateText, "direct")
	var cs []struct{ ID string }
	mustJSON(fx.t, fx.mustDo("GET", "/api/v1/conversations?limit=1", fx.tok["owner"], nil, http.StatusOK), &cs)
	if len(cs) == 0 {
		fx.t.Fatal("mxowner has no conversation")
	}
	return cs[0].ID
}

// victimListID and victimConversationID return mxowner's list and
// conversation for a call that deletes it: a new one after a call did.
func (fx *mxFixture) victimListID() string {
	if fx.victimList == "" {
		fx.victimList = fx.newList()
	}
	return fx.victimList
}

// victimFeaturedTagID returns a featured tag of mxowner's for a call that
// deletes it: a new one after a call did.
func (fx *mxFixture) victimFeaturedTagID() string {
	fx.t.Helper()
	if fx.victimFeaturedTag == "" {
		var f struct{ ID string }
		mustJSON(fx.t, fx.mustDo("POST", "/api/v1/featured_tags", fx.tok["owner"], url.Values{"name": {"ownerfeatured"}}, http.StatusOK), &f)
		fx.victimFeaturedTag = f.ID
	}
	return fx.victimFeaturedTag
}

func (fx *mxFixture) victimScheduledID() string {
	if fx.victimScheduled == "" {
		fx.victimScheduled = fx.newScheduled()
	}
	return fx.victimScheduled
}

// mxScheduledAt is when the fixture's scheduled statuses are due: long after
// the run, so that no sweep publishes them.
func mxScheduledAt() string { return time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339) }

// newScheduled schedules a status of mxowner's and returns the scheduled
// status's ID.
func (fx *mxFixture) newScheduled() string {
	fx.t.Helper()
	var sc struct {
		ID          string
		ScheduledAt string `json:"scheduled_at"`
	}
	mustJSON(fx.t, fx.mustDo("POST", "/api/v1/statuses", fx.tok["owner"], url.Values{"status": {"scheduled: the " + mxPrivateText}, "scheduled_at": {mxScheduledAt()}}, http.StatusOK), &sc)
	if sc.ScheduledAt == "" {
		fx.t.Fatalf("the status was not scheduled: %+v", sc)
	}
	return sc.ID
}

// newMedia uploads an image as mxowner, unattached.
func (fx *mxFixture) newMedia() (m struct{ ID, URL string }) {
	fx.t.Helper()
	code, body := upload(fx.t, fx.r, fx.tok["owner"], "/api/v2/media", "a.png", "image/png", pngOf(fx.t, 4, 4), nil)
	if code != http.StatusOK {
		fx.t.Fatalf("upload: %d %s", code, lgShort(body))
	}
	mustJSON(fx.t, body, &m)
	return m
}

// victimMediaID returns an unattached medium of mxowner's for a call that
// deletes it: a new one after a call did.
func (fx *mxFixture) victimMediaID() string {
	if fx.victimMedia == "" {
		fx.victimMedia = fx.newMedia().ID
	}
	return fx.victimMedia
}

func (fx *mxFixture) victimConversationID() string {
	if fx.victimConversation == "" {
		fx.victimConversation = fx.newConversation()
	}
	return fx.victimConversation
}

// pendingRequest makes sure mxrequester asks to follow mxowner: cancelled
// and asked again, so that a request decided by an earlier call is back.
func (fx *mxFixture) pendingRequest() string {
	fx.t.Helper()
	fx.mustDo("POST", "/api/v1/accounts/"+fx.owner+"/unfollow", fx.requesterTok, url.Values{}, http.StatusOK)
	fx.mustDo("POST", "/api/v1/accounts/"+fx.owner+"/follow", fx.requesterTok, url.Values{}, http.StatusOK)
	return fx.requester
}

// newWebhook registers a webhook of authority A and returns its ID.
func (fx *mxFixture) newWebhook() string {
	fx.t.Helper()
	var wh authwire.Webhook
	fx.mustJSON("POST", "/api/v1/authority/webhooks", fx.tok["authority_a"], authwire.WebhookInput{URL: fx.hookURL}, http.StatusCreated, &wh)
	return wh.ID
}

// victimWebhook returns a webhook of authority A for a call that deletes or
// disables it: a new one after a call did.
func (fx *mxFixture) victimWebhook() string {
	if fx.victim == "" {
		fx.victim = fx.newWebhook()
	}
	return fx.victim
}

// noScopeToken returns a token of the account holding every scope but those
// that grant scope.
func (fx *mxFixture) noScopeToken(name, scope string) string {
	fx.t.Helper()
	key := name + " " + scope
	if tok, ok := fx.noScope[key]; ok {
		return tok
	}
	var keep []string
	for _, s := range append(append([]string{}, agora.TopScopes...), agora.SubScopes...) {
		if !agora.Scopes([]string{s}).Allows(scope) {
			keep = append(keep, s)
		}
	}
	tok, _, err := fx.r.srv.Service.CreateToken(context.Background(), name, strings.Join(keep, " "))
	if err != nil {
		fx.t.Fatalf("token of %s without %s: %v", name, scope, err)
	}
	fx.noScope[key] = tok
	return tok
}
