package e2e

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/authorityapi"
	"agora/internal/guard"
	"agora/internal/httpx"
	"agora/legalapi"
	"agora/mastoapi"
	"agora/service"
	"agora/translogapi"
	"agora/transparencyapi"
	"agora/web"
	"agora/web/console"
)

// TestRouteGate_Classified checks the gates the route tables state, which
// TestRouteGate walks: every route of the Mastodon API is GateNone or GateContent
// (its guard checks no staff role), every route of the legal API is GateStaff
// behind a legal scope, which makes its guard admit staff only, or GateNone without
// one, every route of the authority API is GateAuthority but its document and
// its token endpoint, every route of the transparency log and of the transparency
// reports and notices is GateNone, and every route of the public pages is
// GateContent (walked by TestRouteGate_Web) or GateNone without content.
func TestRouteGate_Classified(t *testing.T) {
	// A service over nothing: the route table only takes its methods' values.
	svc := service.New(service.Config{}, nil, nil, nil, nil, nil)
	for _, rt := range mastoapi.New(svc, nil, nil, mastoapi.Info{}, nil).Routes() {
		switch rt.Gate {
		case httpx.GateNone, httpx.GateContent:
		case httpx.GateUnset:
			t.Errorf("Mastodon API: route %q has no gate (mastoapi/routes.go): say whether it serves content, and if so walk it (rwFixture.calls)", rt.Pattern)
		default:
			t.Errorf("Mastodon API: route %q has gate %v, want none or content", rt.Pattern, rt.Gate)
		}
	}
	for _, rt := range (&legalapi.API{}).Routes() {
		switch {
		case rt.Gate == httpx.GateUnset:
			t.Errorf("legal API: route %q has no gate (legalapi/routes.go)", rt.Pattern)
		case rt.Gate == httpx.GateStaff && rt.Scope == "":
			t.Errorf("legal API: route %q is staff-only but has no scope, so its guard admits anyone", rt.Pattern)
		case rt.Gate == httpx.GateNone && rt.Scope != "":
			t.Errorf("legal API: route %q has scope %s but gate none: a guarded route serves staff", rt.Pattern, rt.Scope)
		case rt.Gate != httpx.GateStaff && rt.Gate != httpx.GateNone:
			t.Errorf("legal API: route %q has gate %v, want staff or none", rt.Pattern, rt.Gate)
		}
	}
	// The transparency log: public, GateNone (it names what is withheld, by design,
	// as the notice pages do; a sealed rule's entry holds a commitment).
	for _, rt := range (&translogapi.API{}).Routes() {
		if rt.Gate != httpx.GateNone {
			t.Errorf("transparency log API: route %q has gate %v, want none (translogapi/api.go)", rt.Pattern, rt.Gate)
		}
	}
	// The public pages: public, behind the guard of the APIs; a page that
	// serves content reads it through the snapshot and is walked by
	// TestRouteGate_Web; the others (the stylesheet, redirects from the
	// accounts' and statuses' URIs to their pages) serve none.
	for _, rt := range (&web.Site{}).Routes() {
		switch rt.Gate {
		case httpx.GateContent:
		case httpx.GateNone:
			if !webGateNone[rt.Pattern] {
				t.Errorf("pages: route %q has gate none but is not one of those known to serve no content (webGateNone)", rt.Pattern)
			}
		case httpx.GateUnset:
			t.Errorf("pages: route %q has no gate (web/site.go)", rt.Pattern)
		default:
			t.Errorf("pages: route %q has gate %v, want content or none", rt.Pattern, rt.Gate)
		}
	}
	// The transparency reports and public notices: public, GateNone (they count
	// and name what is withheld, by design; a confidential order's notice is 404
	// until it may be published). The public notice of a rule moved here from
	// the Mastodon API.
	for _, rt := range (&transparencyapi.API{}).Routes() {
		if rt.Gate != httpx.GateNone {
			t.Errorf("transparency API: route %q has gate %v, want none (transparencyapi/api.go)", rt.Pattern, rt.Gate)
		}
	}
	// The legal console: its pages behind a staff session (GateStaff: staff
	// see withheld content) and signing in, out and the stylesheet (GateNone);
	// every staff route is behind the session check.
	consoleNone := []string{"GET /legal/signin", "POST /legal/signin", "POST /legal/signout", "GET /legal/console.css", "GET /legal/static/{name}"}
	for _, rt := range (&console.Console{}).Routes() {
		switch {
		case rt.Gate == httpx.GateUnset:
			t.Errorf("legal console: route %q has no gate (web/console/console.go)", rt.Pattern)
		case rt.Gate == httpx.GateStaff && !rt.Staff:
			t.Errorf("legal console: route %q is staff-only but not behind the session check", rt.Pattern)
		case rt.Gate == httpx.GateNone && !slices.Contains(consoleNone, rt.Pattern):
			t.Errorf("legal console: route %q has gate none but is not one of those that serve no content", rt.Pattern)
		case rt.Gate != httpx.GateStaff && rt.Gate != httpx.GateNone:
			t.Errorf("legal console: route %q has gate %v, want staff or none", rt.Pattern, rt.Gate)
		}
	}
	// The authority API: every route behind its guard for authority tokens
	// (GateAuthority) but the public OpenAPI document and the token endpoint,
	// where a client authenticates with its own credentials.
	public := []string{"GET /api/v1/authority/openapi.json", "POST /api/v1/authority/oauth/token"}
	for _, rt := range (&authorityapi.API{}).Routes() {
		switch {
		case rt.Gate == httpx.GateUnset:
			t.Errorf("authority API: route %q has no gate (authorityapi/routes.go)", rt.Pattern)
		case rt.Gate == httpx.GateNone && !slices.Contains(public, rt.Pattern):
			t.Errorf("authority API: route %q has gate none: only the public document and the token endpoint may be unguarded", rt.Pattern)
		case rt.Gate != httpx.GateAuthority && rt.Gate != httpx.GateNone:
			t.Errorf("authority API: route %q has gate %v, want authority or none", rt.Pattern, rt.Gate)
		}
	}
}

// rwFixture is the route walk's network. Everything named "zz..." is withheld
// everywhere (XX rules): the accounts zzwithheld, zzmuted (muted by the viewer),
// zzblocked (blocked by the viewer) and zzrequester (asks to follow the viewer),
// every status of theirs, the status fs3 of the visible account rwfriend, and the
// hashtag #zzbannedtag. The viewer, rwviewer, follows zzwithheld and rwfriend and
// #zzbannedtag; zzwithheld follows them back; both interact with each other's
// statuses. So every list the viewer reads would hold withheld items but for the
// gate.
type rwFixture struct {
	r      *rig
	viewer whViewer
	acct   map[string]string   // account ID by username
	st     map[string]string   // status ID by label
	list   string              // the viewer's list, of zzwithheld and rwfriend
	convs  []string            // the viewer's conversations: with zzwithheld (wd1), with rwfriend (vd1)
	notes  []string            // IDs of the viewer's notifications from withheld accounts or about withheld statuses
	nreqs  []string            // IDs of the viewer's notification requests: from zzrequester, about its wq1
	files  map[string][]string // the media file names (original, preview) of the statuses wm1 and vm1 and the unposted wu1, by label
	// forbidden are the strings no answer but a 451 may hold: the withheld
	// accounts' IDs and usernames, the withheld statuses' IDs, the hashtag.
	forbidden []string
	// filters are the viewer's filter and its withheld statuses (rwFilter).
	filters rwFilters
	// suspended is set when a moderator suspended the zz accounts rather
	// than withholding them (fs3 and the hashtag are withheld still): they
	// then answer 404 where withheld ones answer 451 (rwBuildSuspended).
	suspended bool
}

// rwCall is one request of the walk.
type rwCall struct {
	method, path string
	form         url.Values
	want         []int    // acceptable statuses for the viewer; nil: any but 5xx
	echo         []string // forbidden strings the answer may hold: IDs the request names, echoed as such
	emptyKey     string   // a key of the answer that must hold an empty list, if any
	shell        bool     // a Status answer must be empty of content unless it is fs1, fs2 or vs1
	token        string   // sent instead of the viewer's token (the viewer's, of other scopes); anonymous calls stay anonymous
}

func rwBuild(t *testing.T, r *rig) *rwFixture { return rwBuildWith(t, r, false) }

// rwBuildSuspended is rwBuild with the zz accounts suspended by an admin
// (POST /api/v1/admin/accounts/:id/action) instead of withheld: the
// platform's own moderation must hide them from every surface as
// withholding does.
func rwBuildSuspended(t *testing.T, r *rig) *rwFixture { return rwBuildWith(t, r, true) }

func rwBuildWith(t *testing.T, r *rig, suspended bool) *rwFixture {
	ctx := context.Background()
	fx := &rwFixture{r: r, acct: map[string]string{}, st: map[string]string{}, suspended: suspended}
	names := []string{"rwviewer", "rwfriend", "zzwithheld", "zzmuted", "zzblocked", "zzrequester"}
	cl := map[string]*mastodon.Client{}
	for _, n := range names {
		fx.acct[n] = r.mustAccount(n).ID.String()
		cl[n] = r.passwordLogin(n)
	}
	fx.viewer = whViewer{name: "rwviewer", token: cl["rwviewer"].Config.AccessToken}
	id := func(n string) mastodon.ID { return mastodon.ID(fx.acct[n]) }
	for _, f := range [][2]string{{"rwviewer", "zzwithheld"}, {"rwviewer", "rwfriend"}, {"zzwithheld", "rwviewer"}, {"zzwithheld", "rwfriend"}, {"rwfriend", "zzwithheld"}} {
		if _, err := cl[f[0]].AccountFollow(ctx, id(f[1])); err != nil {
			t.Fatalf("%s follows %s: %v", f[0], f[1], err)
		}
	}
	// The directory (social): zzwithheld and rwfriend are listed in it.
	for _, n := range []string{"zzwithheld", "rwfriend"} {
		if code, body, _ := whDo(t, r, whViewer{token: cl[n].Config.AccessToken}, "PATCH", "/api/v1/accounts/update_credentials", url.Values{"discoverable": {"true"}}); code != http.StatusOK {
			t.Fatalf("%s discoverable: %d %s", n, code, body)
		}
	}
	// Endorsements (social): the viewer and rwfriend feature zzwithheld.
	for _, e := range [][2]string{{"rwviewer", "zzwithheld"}, {"rwviewer", "rwfriend"}, {"rwfriend", "zzwithheld"}} {
		if code, body, _ := whDo(t, r, whViewer{token: cl[e[0]].Config.AccessToken}, "POST", "/api/v1/accounts/"+fx.acct[e[1]]+"/pin", url.Values{}); code != http.StatusOK {
			t.Fatalf("%s endorses %s: %d %s", e[0], e[1], code, body)
		}
	}
	if _, err := cl["rwviewer"].TagFollow(ctx, "zzbannedtag"); err != nil {
		t.Fatal(err)
	}
	// The viewer features the hashtag on its profile too, before it is withheld.
	if code, body := r.postForm("/api/v1/featured_tags", fx.viewer.token, url.Values{"name": {"zzbannedtag"}}); code != http.StatusOK {
		t.Fatalf("featuring #zzbannedtag: %d %s", code, body)
	}
	// A list of the viewer's holding a withheld account and a visible one that
	// boosts and posts withheld statuses.
	list, err := cl["rwviewer"].CreateList(ctx, "reading")
	if err != nil {
		t.Fatal(err)
	}
	if err := cl["rwviewer"].AddToList(ctx, list.ID, id("zzwithheld"), id("rwfriend")); err != nil {
		t.Fatal(err)
	}
	fx.list = string(list.ID)
	for _, p := range []struct{ label, who, text, vis, replyTo string }{
		{"vs1", "rwviewer", "viewer post", "public", ""},
		{"fs1", "rwfriend", "friend root", "public", ""},
		{"fs2", "rwfriend", "friend second", "public", ""},
		{"ws1", "zzwithheld", "#zzbannedtag first from withheld", "public", ""},
		{"ws2", "zzwithheld", "private first from withheld", "private", ""},
		{"ws3", "zzwithheld", "@rwviewer hello first", "public", ""},
		{"ws4", "zzwithheld", "replying first", "public", "fs1"},
		{"fs3", "rwfriend", "#zzbannedtag @rwviewer friend first secret", "public", ""},
		{"zm1", "zzmuted", "muted first", "public", ""},
		{"zb1", "zzblocked", "blocked first", "public", ""},
		{"zr1", "zzrequester", "requester first", "public", ""},
		{"wd1", "zzwithheld", "@rwviewer direct first", "direct", ""},
		{"vd1", "rwviewer", "@rwfriend direct to a friend", "direct", ""},
	} {
		toot := &mastodon.Toot{Status: p.text, Visibility: p.vis}
		if p.replyTo != "" {
			toot.InReplyToID = mastodon.ID(fx.st[p.replyTo])
		}
		fx.st[p.label] = string(post(t, cl[p.who], toot).ID)
	}
	// Pictures: a withheld account's (wm1) and the viewer's (vm1). The files of
	// the first answer 451, as its status does; their names are forbidden.
	fx.files = map[string][]string{}
	for _, m := range [][2]string{{"wm1", "zzwithheld"}, {"vm1", "rwviewer"}} {
		a, err := cl[m[1]].UploadMediaFromBytes(ctx, pngOf(t, 8, 8))
		if err != nil {
			t.Fatalf("%s uploads: %v", m[1], err)
		}
		fx.st[m[0]] = string(post(t, cl[m[1]], &mastodon.Toot{Status: "a picture from " + m[1], MediaIDs: []mastodon.ID{a.ID}}).ID)
		for _, u := range []string{a.URL, a.PreviewURL} {
			fx.files[m[0]] = append(fx.files[m[0]], u[strings.LastIndex(u, "/")+1:])
		}
	}
	// And a withheld account's picture never posted (a compose preview, wu1):
	// its key is the capability to its audience, not to the countries covered.
	if a, err := cl["zzwithheld"].UploadMediaFromBytes(ctx, pngOf(t, 8, 8)); err != nil {
		t.Fatalf("zzwithheld uploads: %v", err)
	} else {
		for _, u := range []string{a.URL, a.PreviewURL} {
			fx.files["wu1"] = append(fx.files["wu1"], u[strings.LastIndex(u, "/")+1:])
		}
	}
	// A poll of a withheld account's, voted in by the viewer, and an edit of a
	// status withheld later: the rules apply to them whatever they say.
	fx.st["wp1"] = string(post(t, cl["zzwithheld"], &mastodon.Toot{Status: "poll first from withheld",
		Poll: &mastodon.TootPoll{Options: []string{"zzyes", "zzno"}, ExpiresInSeconds: 3600}}).ID)
	if _, err := cl["rwviewer"].PollVote(ctx, mastodon.ID(fx.st["wp1"]), 0); err != nil {
		t.Fatalf("the viewer votes: %v", err)
	}
	if _, err := cl["zzwithheld"].UpdateStatus(ctx, &mastodon.Toot{Status: "#zzbannedtag first from withheld, edited"}, mastodon.ID(fx.st["ws1"])); err != nil {
		t.Fatalf("zzwithheld edits ws1: %v", err)
	}
	// A visible status whose history mentions a withheld account: no revision
	// may show it.
	for _, text := range []string{"friend root @zzwithheld", "friend root"} {
		if _, err := cl["rwfriend"].UpdateStatus(ctx, &mastodon.Toot{Status: text}, mastodon.ID(fx.st["fs1"])); err != nil {
			t.Fatalf("rwfriend edits fs1: %v", err)
		}
	}
	for _, b := range [][3]string{{"wb1", "zzwithheld", "fs2"}, {"wb2", "zzwithheld", "vs1"}, {"fb1", "rwfriend", "ws1"}} {
		s, err := cl[b[1]].Reblog(ctx, mastodon.ID(fx.st[b[2]]))
		if err != nil {
			t.Fatalf("%s boosts %s: %v", b[1], b[2], err)
		}
		fx.st[b[0]] = string(s.ID)
	}
	for _, f := range [][2]string{{"zzwithheld", "vs1"}, {"zzwithheld", "fs2"}, {"zzmuted", "fs2"}, {"zzrequester", "fs2"}, {"rwviewer", "ws1"}, {"rwviewer", "fs3"}} {
		if _, err := cl[f[0]].Favourite(ctx, mastodon.ID(fx.st[f[1]])); err != nil {
			t.Fatalf("%s favourites %s: %v", f[0], f[1], err)
		}
	}
	for _, s := range []string{"ws1", "fs3"} {
		if _, err := cl["rwviewer"].Bookmark(ctx, mastodon.ID(fx.st[s])); err != nil {
			t.Fatal(err)
		}
	}
	if code, body, _ := whDo(t, r, whViewer{token: cl["zzwithheld"].Config.AccessToken}, "POST", "/api/v1/statuses/"+fx.st["ws1"]+"/pin", url.Values{}); code != http.StatusOK {
		t.Fatalf("pin: %d %s", code, body)
	}
	if _, err := cl["rwviewer"].AccountMute(ctx, id("zzmuted")); err != nil {
		t.Fatal(err)
	}
	if _, err := cl["rwviewer"].AccountBlock(ctx, id("zzblocked")); err != nil {
		t.Fatal(err)
	}
	if code, body, _ := whDo(t, r, fx.viewer, "PATCH", "/api/v1/accounts/update_credentials", url.Values{"locked": {"true"}}); code != http.StatusOK {
		t.Fatalf("lock the viewer: %d %s", code, body)
	}
	if _, err := cl["zzrequester"].AccountFollow(ctx, id("rwviewer")); err != nil {
		t.Fatal(err)
	}
	// Every notification of the viewer is from a withheld account or about a
	// withheld status.
	notes, err := cl["rwviewer"].GetNotifications(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		fx.notes = append(fx.notes, string(n.ID))
	}
	if len(fx.notes) < 6 { // follow, mention, favourite, reblog from zzwithheld; mention in fs3; follow request
		t.Fatalf("the viewer has %d notifications, want at least 6", len(notes))
	}
	// The viewer's conversations: one whose last status is withheld.
	viewerID, _ := agora.ParseID(fx.acct["rwviewer"])
	convs, err := r.srv.Store.Conversations(ctx, viewerID, agora.Page{})
	if err != nil || len(convs) != 2 {
		t.Fatalf("the viewer's conversations: %v %v, want 2", convs, err)
	}
	slices.SortFunc(convs, func(a, b *agora.Conversation) int { return cmp.Compare(a.LastStatusID, b.LastStatusID) }) // wd1 first
	for _, c := range convs {
		fx.convs = append(fx.convs, c.ID.String())
	}
	// A notification request from zzrequester, whom the viewer does not follow,
	// about its mention wq1: the viewer filters those it does not follow for
	// the time of the mention.
	setPolicy := func(action string) {
		if code, body, _ := whDo(t, r, fx.viewer, "PATCH", "/api/v2/notifications/policy", url.Values{"for_not_following": {action}}); code != http.StatusOK {
			t.Fatalf("the viewer's policy: %d %s", code, body)
		}
	}
	setPolicy("filter")
	fx.st["wq1"] = string(post(t, cl["zzrequester"], &mastodon.Toot{Status: "@rwviewer mention first from the requester", Visibility: "public"}).ID)
	setPolicy("accept")
	reqs, err := r.srv.Store.NotificationRequests(ctx, viewerID, agora.Page{})
	if err != nil || len(reqs) != 1 || reqs[0].LastStatusID.String() != fx.st["wq1"] {
		t.Fatalf("the viewer's notification requests: %v %v, want one about wq1", reqs, err)
	}
	fx.nreqs = []string{reqs[0].ID.String()}
	fx.filters = rwFilter(t, r, fx)
	// Withhold everywhere (or suspend the accounts).
	subjects := []string{"@zzwithheld", "@zzmuted", "@zzblocked", "@zzrequester", fx.st["fs3"], "#zzbannedtag"}
	if suspended {
		_, adminTok := lgStaff(t, r, "rwadmin", agora.RoleAdmin, "admin:write:accounts")
		for _, n := range rwWithheldAccounts {
			code, body, _ := whDo(t, r, whViewer{token: adminTok}, "POST", "/api/v1/admin/accounts/"+fx.acct[n]+"/action", url.Values{"type": {"suspend"}})
			if code != http.StatusOK {
				t.Fatalf("suspend %s: %d %s", n, code, body)
			}
		}
		subjects = subjects[len(rwWithheldAccounts):]
	}
	for _, subject := range subjects {
		if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: subject, Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
			t.Fatalf("withhold %s: %v", subject, err)
		}
	}
	for _, n := range names {
		if strings.HasPrefix(n, "zz") {
			fx.forbidden = append(fx.forbidden, n, fx.acct[n])
		}
	}
	for label, sid := range fx.st {
		if label[0] != 'v' && label != "fs1" && label != "fs2" {
			fx.forbidden = append(fx.forbidden, sid)
		}
	}
	for _, f := range append(fx.files["wm1"], fx.files["wu1"]...) {
		key, _, _ := strings.Cut(f, ".")
		fx.forbidden = append(fx.forbidden, key)
	}
	fx.forbidden = append(fx.forbidden, "zzbannedtag")
	return fx
}

// rwWithheldAccounts and rwWithheldStatuses name the withheld items of rwFixture.
var (
	rwWithheldAccounts = []string{"zzwithheld", "zzmuted", "zzblocked", "zzrequester"}
	rwWithheldStatuses = []string{"ws1", "ws2", "ws3", "ws4", "fs3", "zm1", "zb1", "zr1", "wb1", "wb2", "fb1", "wp1", "wm1", "wq1"}
	// rwBoosted names the status each boost of rwFixture boosts.
	rwBoosted = map[string]string{"wb1": "fs2", "wb2": "vs1", "fb1": "ws1"}
)

const (
	rwOK  = http.StatusOK
	rw451 = http.StatusUnavailableForLegalReasons
	rw404 = http.StatusNotFound
)

// calls returns the requests the walk makes of a content route, filling its path
// parameters with withheld items and with visible items that withheld ones are
// attached to. Decisions for routes that act on content:
//   - statuses: acting on a withheld status (reblog, favourite, bookmark, pin,
//     unpin, delete, reply) answers 451 with the notice, as fetching it does;
//     undoing what the viewer did (unreblog, unfavourite, unbookmark) works and
//     answers the withheld shell, which holds only the status's ID (for a boost,
//     its original's) and no content;
//   - hashtags: following a withheld hashtag answers 451 as GET /api/v1/tags/:name
//     does; unfollowing one works (so the reader can stop it) and answers the Tag
//     with the name the client sent but no history of its use;
//   - accounts: following a withheld account answers 451 as its page does;
//     unfollow, block, unblock, mute, unmute and follow request decisions work on
//     a withheld account (a reader may want to block one) and answer a
//     Relationship, which holds no content, only the ID the client sent;
//     GET /api/v1/accounts/relationships leaves withheld accounts out, as it
//     leaves out unknown IDs.
//
// ok is false for a route the walk has no requests for.
func (fx *rwFixture) calls(pattern string) (out []rwCall, ok bool) {
	method, path, _ := strings.Cut(pattern, " ")
	add := func(p string, want ...int) { out = append(out, rwCall{method: method, path: p, want: want}) }
	each := func(ids []string, want ...int) {
		for _, id := range ids {
			add(strings.NewReplacer("{id}", id, "{name}", "zzbannedtag", "{hashtag}", "zzbannedtag").Replace(path), want...)
		}
	}
	accounts := func(names ...string) []string {
		var ids []string
		for _, n := range names {
			ids = append(ids, fx.acct[n])
		}
		return ids
	}
	statuses := func(labels ...string) []string {
		var ids []string
		for _, l := range labels {
			ids = append(ids, fx.st[l])
		}
		return ids
	}
	withheldAccounts, withheldStatuses := accounts(rwWithheldAccounts...), statuses(rwWithheldStatuses...)
	host := fx.r.srv.Service.Host()
	base := fx.r.srv.URL
	switch pattern {
	case "GET /oauth/userinfo":
		// The viewer's own account, with a token of the profile scope it needs.
		out = append(out, rwCall{method: method, path: path, token: lgToken(fx.r.t, fx.r, "rwviewer", "profile"), want: []int{rwOK}})
	case "GET /api/v1/accounts/verify_credentials", "GET /api/v1/blocks", "GET /api/v1/mutes", "GET /api/v1/follow_requests",
		"GET /api/v1/favourites", "GET /api/v1/bookmarks", "GET /api/v1/notifications", "GET /api/v1/notifications/unread_count",
		"GET /api/v1/followed_tags", "GET /api/v1/trends/tags", "GET /api/v1/trends", "GET /api/v1/timelines/home",
		"GET /api/v1/timelines/public", "GET /api/v2/notifications", "GET /api/v2/notifications/unread_count":
		add(path, rwOK)
		if pattern == "GET /api/v1/timelines/public" {
			add(path+"?local=true", rwOK)
		}
	case "PATCH /api/v1/accounts/update_credentials":
		out = append(out, rwCall{method: method, path: path, form: url.Values{"note": {"reading"}}, want: []int{rwOK}})
	case "GET /api/v1/accounts/relationships":
		q := url.Values{"id[]": withheldAccounts}
		out = append(out, rwCall{method: method, path: path + "?" + q.Encode(), want: []int{rwOK}})
	case "GET /api/v1/accounts":
		// Several accounts at once (batch.go): the withheld ones left out, with
		// visible ones among them, never a 451 for the list.
		q := url.Values{"id[]": append(append(accounts("rwfriend"), withheldAccounts...), accounts("rwviewer")...)}
		out = append(out, rwCall{method: method, path: path + "?" + q.Encode(), want: []int{rwOK}})
	case "GET /api/v1/statuses":
		// Several statuses at once: as for GET /api/v1/accounts.
		q := url.Values{"id[]": append(append(statuses("fs1"), withheldStatuses...), statuses("fs2", "vs1")...)}
		out = append(out, rwCall{method: method, path: path + "?" + q.Encode(), want: []int{rwOK}})
	case "GET /api/v1/accounts/lookup":
		for _, n := range rwWithheldAccounts {
			add(path+"?acct="+n, rw451)
			add(path+"?acct="+url.QueryEscape("@"+n+"@"+host), rw451)
		}
	case "GET /.well-known/webfinger":
		for _, res := range []string{"acct:zzwithheld@" + host, base + "/@zzwithheld", base + "/users/zzwithheld"} {
			add(path+"?resource="+url.QueryEscape(res), rw451)
		}
	case "GET /api/v1/accounts/{id}", "GET /api/v1/accounts/{id}/followers", "GET /api/v1/accounts/{id}/following":
		each(withheldAccounts, rw451)
		if pattern != "GET /api/v1/accounts/{id}" {
			each(accounts("rwviewer", "rwfriend"), rwOK)
		}
	case "GET /api/v1/accounts/{id}/statuses":
		each(withheldAccounts, rw451)
		each(accounts("rwviewer", "rwfriend"), rwOK)
		add(strings.Replace(path, "{id}", fx.acct["zzwithheld"], 1)+"?pinned=true", rw451)
		add(strings.Replace(path, "{id}", fx.acct["rwfriend"], 1)+"?tagged=zzbannedtag", rw451)
	case "GET /api/v1/accounts/search":
		for _, q := range []string{"zz", "zzwithheld", "@zzwithheld@" + host, base + "/@zzwithheld"} {
			add(path+"?q="+url.QueryEscape(q), rwOK)
		}
	case "GET /api/v2/search":
		for _, q := range []string{"zz", "zzwithheld", "zzbannedtag", "#zzbannedtag", "first", "secret", "@zzwithheld@" + host,
			base + "/@zzwithheld", base + "/@zzwithheld/" + fx.st["ws1"], base + "/@rwfriend/" + fx.st["fs3"]} {
			add(path+"?q="+url.QueryEscape(q), rwOK)
			add(path+"?type=statuses&q="+url.QueryEscape(q), rwOK)
		}
	case "GET /api/v1/statuses/{id}", "GET /api/v1/statuses/{id}/context",
		"GET /api/v1/statuses/{id}/reblogged_by", "GET /api/v1/statuses/{id}/favourited_by":
		each(withheldStatuses, rw451)
		each(statuses("fs1", "fs2", "vs1"), rwOK)
	case "GET /system/media_attachments/{file}":
		// A withheld status's files answer 451 as it does, and so do a withheld
		// account's files never posted (served by key, but not where it is
		// withheld); the visible one's are served (an image: its bytes are not
		// searched for "zz").
		for _, f := range append(fx.files["wm1"], fx.files["wu1"]...) {
			add(strings.Replace(path, "{file}", f, 1), rw451)
		}
		for _, f := range fx.files["vm1"] {
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{file}", f, 1), want: []int{rwOK}, echo: []string{"zz"}})
		}
	case "GET /api/v1/conversations":
		add(path, rwOK)
		add(path+"?limit=1", rwOK)
	case "POST /api/v1/conversations/{id}/read":
		add(strings.Replace(path, "{id}", fx.convs[0], 1), rw451)
		add(strings.Replace(path, "{id}", fx.convs[1], 1), rwOK)
	case "POST /api/v1/statuses/{id}/mute", "POST /api/v1/statuses/{id}/unmute":
		each(withheldStatuses, rw451)
		each(statuses("wd1"), rw451)
	case "GET /api/v1/timelines/list/{list_id}":
		add(strings.Replace(path, "{list_id}", fx.list, 1), rwOK)
	case "GET /api/v1/lists/{id}/accounts":
		add(strings.Replace(path, "{id}", fx.list, 1), rwOK)
		add(strings.Replace(path, "{id}", fx.list, 1)+"?limit=0", rwOK)
	case "GET /api/v1/accounts/{id}/lists":
		each(withheldAccounts, rw451)
		each(accounts("rwfriend"), rwOK)
	case "GET /api/v1/statuses/{id}/history", "GET /api/v1/polls/{id}":
		each(withheldStatuses, rw451)
		each(statuses("fs1", "vs1"), rwOK, rw404) // 404: a status without a poll
	case "GET /api/v1/statuses/{id}/source":
		each(withheldStatuses, rw451)
		each(statuses("vs1"), rwOK)
		each(statuses("fs1"), rw404) // another's source: as Mastodon finds only one's own
	case "PUT /api/v1/statuses/{id}":
		for _, id := range withheldStatuses {
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", id, 1), form: url.Values{"status": {"edited"}}, want: []int{rw451}})
		}
	case "POST /api/v1/polls/{id}/votes":
		for _, id := range withheldStatuses {
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", id, 1), form: url.Values{"choices[]": {"1"}}, want: []int{rw451}})
		}
	case "GET /api/v1/notifications/{id}":
		each(fx.notes, rw404)
	// Notification policy and requests: the viewer's one request is from a
	// withheld account, so none is listed, counted or found.
	case "GET /api/v1/notifications/requests", "GET /api/v2/notifications/policy", "GET /api/v1/notifications/policy":
		add(path, rwOK)
		if pattern == "GET /api/v1/notifications/requests" {
			add(path+"?limit=1", rwOK)
		}
	case "PATCH /api/v2/notifications/policy":
		out = append(out, rwCall{method: method, path: path, form: url.Values{"for_new_accounts": {"accept"}}, want: []int{rwOK}})
	case "PUT /api/v1/notifications/policy":
		out = append(out, rwCall{method: method, path: path, form: url.Values{"filter_new_accounts": {"false"}}, want: []int{rwOK}})
	case "GET /api/v1/notifications/requests/{id}":
		each(fx.nreqs, rw404)
	case "POST /api/v1/agora/account_warnings/{id}/appeal":
		// The viewer has no warnings: someone else's (or no such) warning is 404.
		for _, id := range fx.notes {
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", id, 1), form: url.Values{"text": {"an appeal"}}, want: []int{rw404}})
		}
	case "GET /api/v1/tags/{name}", "GET /api/v1/timelines/tag/{hashtag}", "POST /api/v1/tags/{name}/follow":
		each([]string{""}, rw451)
		if pattern == "GET /api/v1/timelines/tag/{hashtag}" {
			// Named in any[], all[] or none[] of a visible hashtag's timeline, the
			// withheld hashtag is left out: it brings none of its statuses in.
			visible := strings.Replace(path, "{hashtag}", "rwvisible", 1)
			for _, q := range []string{"any[]=zzbannedtag", "all[]=zzbannedtag", "none[]=zzbannedtag", "any[]=zzbannedtag&any[]=rwvisible"} {
				add(visible+"?"+q, rwOK)
			}
		}
	case "GET /api/v1/accounts/{id}/featured_tags":
		each(withheldAccounts, rw451)
		each(accounts("rwviewer", "rwfriend"), rwOK)
	case "GET /api/v1/featured_tags":
		add(path, rwOK) // the withheld hashtag featured before it was withheld is left out
	case "POST /api/v1/featured_tags":
		for _, n := range []string{"zzbannedtag", "#ZZBannedTag"} {
			out = append(out, rwCall{method: method, path: path, form: url.Values{"name": {n}}, want: []int{rw451}})
		}
	case "POST /api/v1/tags/{name}/unfollow":
		out = append(out, rwCall{method: method, path: strings.Replace(path, "{name}", "zzbannedtag", 1), want: []int{rwOK},
			echo: []string{"zzbannedtag", "zz"}, emptyKey: "history"})
	case "POST /api/v1/statuses":
		for _, s := range statuses("ws1", "fs3", "wb1") {
			out = append(out, rwCall{method: method, path: path, form: url.Values{"status": {"a reply"}, "in_reply_to_id": {s}}, want: []int{rw451}})
		}
		out = append(out, rwCall{method: method, path: path, form: url.Values{"status": {"nothing withheld here"}}, want: []int{rwOK}})
	case "DELETE /api/v1/statuses/{id}",
		"POST /api/v1/statuses/{id}/reblog", "POST /api/v1/statuses/{id}/favourite",
		"POST /api/v1/statuses/{id}/bookmark", "POST /api/v1/statuses/{id}/pin", "POST /api/v1/statuses/{id}/unpin":
		each(withheldStatuses, rw451)
	case "POST /api/v1/statuses/{id}/unreblog", "POST /api/v1/statuses/{id}/unfavourite", "POST /api/v1/statuses/{id}/unbookmark":
		for _, l := range rwWithheldStatuses {
			echo := []string{fx.st[l]}
			if o := rwBoosted[l]; o != "" {
				echo = append(echo, fx.st[o]) // the answer is the original
			}
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", fx.st[l], 1), want: []int{rwOK}, echo: echo, shell: true})
		}
	case "POST /api/v1/accounts/{id}/follow", "POST /api/v1/accounts/{id}/unfollow",
		"POST /api/v1/accounts/{id}/block", "POST /api/v1/accounts/{id}/unblock",
		"POST /api/v1/accounts/{id}/mute", "POST /api/v1/accounts/{id}/unmute":
		for _, id := range withheldAccounts {
			want := []int{rwOK}
			if strings.HasSuffix(path, "/follow") {
				want = []int{rw451}
			}
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", id, 1), want: want, echo: []string{id}})
		}
	case "GET /api/v2/notifications/{group_key}", "GET /api/v2/notifications/{group_key}/accounts":
		// Every group of the viewer's is of withheld senders or statuses: the
		// keys of the notifications alone and of the groups they would join.
		for _, key := range fx.groupKeys() {
			add(strings.Replace(path, "{group_key}", key, 1), rw404)
		}
	case "POST /api/v1/reports":
		// Reporting a withheld account answers 451, as its page does; attaching
		// a withheld status of a visible account is refused as one the reporter
		// cannot see (422), naming nothing.
		for _, id := range withheldAccounts {
			out = append(out, rwCall{method: method, path: path, form: url.Values{"account_id": {id}, "comment": {"a report"}}, want: []int{rw451}, echo: []string{id}})
		}
		out = append(out, rwCall{method: method, path: path, form: url.Values{"account_id": {fx.acct["rwfriend"]}, "status_ids[]": {fx.st["fs3"]}},
			want: []int{http.StatusUnprocessableEntity}, echo: []string{fx.st["fs3"]}})
	case "GET /api/v1/admin/reports", "GET /api/v1/admin/accounts", "GET /api/v2/admin/accounts":
		add(path, http.StatusForbidden) // the viewer is no moderator (e2e/reports_test.go walks a moderator's view)
	case "GET /api/v1/admin/accounts/{id}", "POST /api/v1/admin/accounts/{id}/enable", "POST /api/v1/admin/accounts/{id}/unsilence",
		"POST /api/v1/admin/accounts/{id}/unsuspend", "POST /api/v1/admin/accounts/{id}/unsensitive", "DELETE /api/v1/admin/accounts/{id}":
		each(withheldAccounts, http.StatusForbidden)
	case "GET /api/v1/admin/reports/{id}", "PUT /api/v1/admin/reports/{id}", "POST /api/v1/admin/reports/{id}/assign_to_self",
		"POST /api/v1/admin/reports/{id}/unassign", "POST /api/v1/admin/reports/{id}/resolve", "POST /api/v1/admin/reports/{id}/reopen":
		each(fx.notes, http.StatusForbidden)
	// Notes, endorsements, removing a follower (social): writing a note on or
	// endorsing a withheld account answers 451 as following it does; undoing
	// (unpin) and removing it from one's followers work, as unfollow and block
	// do, and answer a Relationship; lists of endorsements leave it out.
	case "POST /api/v1/accounts/{id}/note", "POST /api/v1/accounts/{id}/pin", "POST /api/v1/accounts/{id}/endorse":
		for _, id := range withheldAccounts {
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", id, 1), form: url.Values{"comment": {"a note"}}, want: []int{rw451}})
		}
	case "POST /api/v1/accounts/{id}/unpin", "POST /api/v1/accounts/{id}/unendorse", "POST /api/v1/accounts/{id}/remove_from_followers":
		for _, id := range withheldAccounts {
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", id, 1), want: []int{rwOK}, echo: []string{id}})
		}
	case "GET /api/v1/accounts/familiar_followers":
		// zzwithheld, followed by the viewer, follows rwfriend: not shown.
		q := url.Values{"id[]": append(accounts("rwfriend"), withheldAccounts...)}
		out = append(out, rwCall{method: method, path: path + "?" + q.Encode(), want: []int{rwOK}})
	case "GET /api/v1/endorsements":
		add(path, rwOK)
	case "GET /api/v1/directory":
		add(path, rwOK)
		add(path+"?order=new&local=true", rwOK)
	case "GET /api/v1/accounts/{id}/endorsements":
		each(withheldAccounts, rw451)
		each(accounts("rwviewer", "rwfriend"), rwOK)
	case "GET /api/v2/filters":
		add(path, rwOK)
	case "GET /api/v2/filters/{id}", "GET /api/v2/filters/{id}/statuses":
		add(strings.Replace(path, "{id}", fx.filters.id, 1), rwOK)
	case "PUT /api/v2/filters/{id}":
		out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", fx.filters.id, 1), form: url.Values{"title": {"rw filter"}}, want: []int{rwOK}})
	case "GET /api/v2/filters/statuses/{id}":
		each(fx.filters.withheld, rw451)
		each([]string{fx.filters.visible}, rwOK)
	case "POST /api/v2/filters/{id}/statuses":
		// Adding a withheld status to a filter answers 451, as fetching it does.
		for _, id := range withheldStatuses {
			out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", fx.filters.id, 1), form: url.Values{"status_id": {id}}, want: []int{rw451}, echo: []string{id}})
		}
		out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", fx.filters.id, 1), form: url.Values{"status_id": {fx.st["fs2"]}}, want: []int{rwOK}})
	case "POST /api/v1/follow_requests/{id}/authorize", "POST /api/v1/follow_requests/{id}/reject":
		id := fx.acct["zzrequester"]
		out = append(out, rwCall{method: method, path: strings.Replace(path, "{id}", id, 1), want: []int{rwOK, rw404}, echo: []string{id}})
	default:
		return nil, false
	}
	for i := range out {
		if out[i].form == nil && method != "GET" {
			out[i].form = url.Values{}
		}
	}
	return out, true
}

// groupKeys are the keys of the groups the viewer's notifications (fx.notes)
// are in, or would be in: each alone, and the follows, favourites and boosts
// of the viewer's post within the hour of each.
func (fx *rwFixture) groupKeys() []string {
	var keys []string
	for _, id := range fx.notes {
		n, err := agora.ParseID(id)
		if err != nil {
			panic(err)
		}
		hour := fmt.Sprint(n.Time().Unix() / 3600)
		keys = append(keys, "ungrouped-"+id, "follow-"+hour, "favourite-"+fx.st["vs1"]+"-"+hour, "reblog-"+fx.st["vs1"]+"-"+hour)
	}
	return keys
}

// check calls c as v and reports a body that holds withheld content: any answer
// but a 451 must hold none of the forbidden strings (but those c echoes).
func (fx *rwFixture) check(t *testing.T, pattern string, v whViewer, c rwCall, strict bool) {
	t.Helper()
	if c.token != "" && v.token != "" {
		v.token = c.token
	}
	code, body, hdr := whDo(t, fx.r, v, c.method, c.path, c.form)
	where := v.name + ": " + c.method + " " + c.path + " (" + pattern + ")"
	// Suspended accounts and what is theirs are not found, whatever a
	// withheld one would answer.
	if strict && c.want != nil && !slices.Contains(c.want, code) && !(fx.suspended && code == rw404) {
		t.Errorf("%s = %d %s, want %v", where, code, whShort(body), c.want)
	}
	// Streaming, which agora does not have yet, answers 501 (503 for its health
	// check) on purpose (mastoapi/instance_more.go); any other 5xx is a fault.
	deliberate := strings.HasPrefix(c.path, "/api/v1/streaming") && (code == http.StatusNotImplemented || code == http.StatusServiceUnavailable)
	if code >= 500 && !deliberate {
		t.Errorf("%s = %d %s", where, code, whShort(body))
	}
	if code == rw451 {
		// The notice, and the log entry of the rule in the body and a Link.
		var e map[string]any
		if err := json.Unmarshal(body, &e); err != nil || len(e) != 2 || !strings.HasSuffix(e["error"].(string), "Learn more") ||
			!strings.HasPrefix(fmt.Sprint(e["log_entry"]), fx.r.srv.URL+agora.LogEntryPath) {
			t.Errorf("%s: 451 body %s, want {\"error\": notice, \"log_entry\": entry}", where, whShort(body))
		}
		links := lkLinks(hdr)
		if !strings.HasSuffix(hdr.Get("Link"), `>; rel="blocked-by"`) || links["transparency-log-entry"] != e["log_entry"] {
			t.Errorf("%s: 451 without Link rel=blocked-by, or rel=transparency-log-entry to its log_entry: %q", where, hdr.Values("Link"))
		}
		return
	}
	if c.emptyKey != "" && code == rwOK {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Errorf("%s: %v", where, err)
		} else if list, ok := m[c.emptyKey].([]any); !ok || len(list) > 0 {
			t.Errorf("%s: %q = %v, want an empty list", where, c.emptyKey, m[c.emptyKey])
		}
	}
	if c.shell && code == rwOK {
		var e map[string]any
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("%s: %v", where, err)
		} else if id := e["id"]; id != fx.st["fs1"] && id != fx.st["fs2"] && id != fx.st["vs1"] &&
			(e["content"] != "" || e["withheld_in_countries"] == nil || len(e["mentions"].([]any))+len(e["tags"].([]any)) > 0) {
			t.Errorf("%s = %d is not the withheld shell: %s", where, code, whShort(body))
		}
	}
	leaked := false
	for _, f := range fx.forbidden {
		if !slices.Contains(c.echo, f) && bytes.Contains(body, []byte(f)) {
			t.Errorf("%s = %d leaks withheld %q: %s", where, code, f, whShort(body))
			leaked = true
		}
	}
	// Every withheld name starts with "zz" and nothing else does.
	if !leaked && !slices.Contains(c.echo, "zz") && bytes.Contains(body, []byte("zz")) {
		t.Errorf("%s = %d holds \"zz\", the mark of withheld names: %s", where, code, whShort(body))
	}
}

// TestRouteGate walks the route table by the gate each route states
// (TestRouteGate_Classified checks the statements): every content route, called by
// an ordinary signed-in reader (and an anonymous one) on items withheld everywhere,
// must answer 451 or leave them out. Routes serving no content are called too, when
// they take no parameters, and must not hold withheld content either; and none may
// be one the walk has requests for, as those serve content.
func TestRouteGate(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testRouteGate(t, b) })
	}
}

// TestRouteGate_Suspended is TestRouteGate with the zz accounts suspended by
// a moderator instead of withheld: nothing of theirs may show anywhere.
func TestRouteGate_Suspended(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testRouteGateWith(t, b, true) })
	}
}

func testRouteGate(t *testing.T, b agoratest.Backend) { testRouteGateWith(t, b, false) }

func testRouteGateWith(t *testing.T, b agoratest.Backend, suspended bool) {
	r := newRig(t, b)
	routes := mastoapi.New(r.srv.Service, r.srv.Desk, guard.New(r.srv.Service, r.srv.Desk, r.srv.Gate), mastoapi.Info{}, slog.New(slog.NewTextHandler(io.Discard, nil))).Routes()
	fx := rwBuildWith(t, r, suspended)
	anonymous := whViewer{name: "anonymous"}
	var later []string // routes that change state, walked after the others
	walked := 0
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		calls, known := fx.calls(rt.Pattern)
		switch {
		case rt.Gate == httpx.GateNone && known:
			t.Errorf("route %q is GateNone, but the walk has requests for it (rwFixture.calls): it serves content", rt.Pattern)
		case rt.Gate == httpx.GateNone && method == "GET" && !strings.Contains(path, "{"):
			fx.check(t, rt.Pattern, fx.viewer, rwCall{method: method, path: path}, false)
		case rt.Gate == httpx.GateNone:
		case rt.Gate != httpx.GateContent:
			t.Errorf("route %q has gate %v, want none or content", rt.Pattern, rt.Gate)
		case !known:
			t.Errorf("%s serves content but the walk has no requests for it: add them to rwFixture.calls", rt.Pattern)
		case method == "GET":
			for _, c := range calls {
				fx.check(t, rt.Pattern, fx.viewer, c, true)
				fx.check(t, rt.Pattern, anonymous, c, false)
				walked++
			}
		default:
			later = append(later, rt.Pattern)
		}
	}
	// Acting on withheld content: on accounts last, as following, blocking and
	// muting change what the others would find.
	slices.SortStableFunc(later, func(a, b string) int {
		last := func(p string) bool {
			return strings.Contains(p, "/accounts/{id}/") || strings.Contains(p, "follow_requests")
		}
		switch {
		case last(a) && !last(b):
			return 1
		case !last(a) && last(b):
			return -1
		}
		return 0
	})
	for _, p := range later {
		calls, _ := fx.calls(p)
		for _, c := range calls {
			fx.check(t, p, fx.viewer, c, true)
			walked++
		}
	}
	t.Logf("%d routes, %d content calls", len(routes), walked)
}
