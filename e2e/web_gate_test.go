package e2e

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"agora/agoratest"
	"agora/internal/httpx"
	"agora/web"
)

// webGateNone are the routes of the pages that serve no content: the
// stylesheet, and the redirects from the URIs of accounts and statuses (as the
// API gives them) to their pages, which are gated.
var webGateNone = map[string]bool{
	"GET /web/agora.css":              true,
	"GET /users/{name}":               true,
	"GET /users/{name}/statuses/{id}": true,
}

// webCalls returns the requests the walk makes of a content route of the pages,
// with withheld items and with visible ones that withheld ones are attached to
// (a thread with a withheld reply, a profile whose boosts and posts are
// withheld). ok is false for a route the walk has no requests for.
func (fx *rwFixture) webCalls(pattern string) (out []rwCall, ok bool) {
	add := func(path string, want int) { out = append(out, rwCall{method: "GET", path: path, want: []int{want}}) }
	author := map[string]string{"fs3": "rwfriend", "fb1": "rwfriend", "zm1": "zzmuted", "zb1": "zzblocked", "zr1": "zzrequester"}
	switch pattern {
	case "GET /{$}":
		add("/", rwOK)
		add("/?max_id="+fx.st["fs2"], rwOK)
	case "GET /{account}":
		for _, n := range rwWithheldAccounts {
			for _, p := range []string{"/@" + n, "/@" + n + ".atom", "/@" + n + "?replies=1"} {
				add(p, rw451)
			}
		}
		for _, n := range []string{"rwfriend", "rwviewer"} {
			for _, p := range []string{"/@" + n, "/@" + n + ".atom", "/@" + n + "?replies=1"} {
				add(p, rwOK)
			}
		}
	case "GET /{account}/{id}":
		for _, l := range rwWithheldStatuses {
			who := author[l]
			if who == "" {
				who = "zzwithheld"
			}
			add("/@"+who+"/"+fx.st[l], rw451)
		}
		add("/@rwfriend/"+fx.st["fs1"], rwOK) // answered by ws4
		add("/@rwfriend/"+fx.st["fs2"], rwOK) // boosted by wb1
		add("/@rwviewer/"+fx.st["vs1"], rwOK) // boosted by wb2
	case "GET /tags/{tag}":
		for _, p := range []string{"/tags/zzbannedtag", "/tags/ZZBannedTag", "/tags/zzbannedtag.atom"} {
			add(p, rw451)
		}
	default:
		return nil, false
	}
	return out, true
}

var webNoticeLinkRE = regexp.MustCompile(`<p class="withheld notice" id="notice">([^<]*) <a href="([^"]+)">Learn more</a> <a href="([^"]+)" rel="transparency-log-entry">On the public record</a></p>`)

// checkPage calls c as v and reports an answer that holds withheld content: a
// 451 must be the page of the notice and the rule's log entry, with the Links to
// them; any other answer must hold none of the forbidden strings.
func (fx *rwFixture) checkPage(t *testing.T, pattern string, v whViewer, c rwCall, strict bool) {
	t.Helper()
	hdr := map[string]string{}
	if v.token != "" {
		hdr["Authorization"] = "Bearer " + v.token
	}
	p := webGet(t, fx.r.srv.URL, c.path, hdr)
	where := v.name + ": GET " + c.path + " (" + pattern + ")"
	if strict && !slices.Contains(c.want, p.status) && !(fx.suspended && p.status == rw404) {
		t.Errorf("%s = %d %s, want %v", where, p.status, whShort([]byte(p.text)), c.want)
	}
	if p.status >= 500 {
		t.Errorf("%s = %d %s", where, p.status, whShort([]byte(p.text)))
	}
	if p.status == rw451 {
		m := webNoticeLinkRE.FindStringSubmatch(p.body)
		link := p.header.Get("Link")
		switch {
		case m == nil:
			t.Errorf("%s: 451 without the notice and its link: %s", where, whShort([]byte(p.body)))
		case !strings.Contains(m[1], "has been withheld"):
			t.Errorf("%s: 451 notice %q", where, m[1])
		case link != "<"+m[2]+`>; rel="blocked-by"`:
			t.Errorf("%s: Link %q, want the notice the page links to (%s) as blocked-by", where, link, m[2])
		case !slices.Contains(p.header.Values("Link"), "<"+m[3]+`>; rel="transparency-log-entry"`):
			t.Errorf("%s: Link %q, want the log entry the page links to (%s) as transparency-log-entry", where, p.header.Values("Link"), m[3])
		}
		return
	}
	for _, f := range fx.forbidden {
		if strings.Contains(p.body, f) {
			t.Errorf("%s = %d leaks withheld %q: %s", where, p.status, f, whShort([]byte(p.text)))
			return
		}
	}
	if strings.Contains(p.body, "zz") {
		t.Errorf("%s = %d holds \"zz\", the mark of withheld names: %s", where, p.status, whShort([]byte(p.text)))
	}
}

// TestRouteGate_Web walks the route table of the public pages as TestRouteGate
// walks the API's: every content page, read by an anonymous visitor and by a
// signed-in reader (a bearer token), answers 451 with the notice for what is
// withheld and leaves withheld items out of what it lists.
func TestRouteGate_Web(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testRouteGateWeb(t, b) })
	}
}

// TestRouteGate_WebSuspended is TestRouteGate_Web with the zz accounts
// suspended by a moderator instead of withheld.
func TestRouteGate_WebSuspended(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testRouteGateWebWith(t, b, true) })
	}
}

func testRouteGateWeb(t *testing.T, b agoratest.Backend) { testRouteGateWebWith(t, b, false) }

func testRouteGateWebWith(t *testing.T, b agoratest.Backend, suspended bool) {
	r := newRig(t, b)
	fx := rwBuildWith(t, r, suspended)
	anonymous := whViewer{name: "anonymous"}
	walked := 0
	for _, rt := range (&web.Site{}).Routes() {
		_, path, _ := strings.Cut(rt.Pattern, " ")
		calls, known := fx.webCalls(rt.Pattern)
		switch {
		case rt.Gate == httpx.GateNone && known:
			t.Errorf("route %q is GateNone, but the walk has requests for it (rwFixture.webCalls): it serves content", rt.Pattern)
		case rt.Gate == httpx.GateNone && !strings.Contains(path, "{"):
			fx.checkPage(t, rt.Pattern, anonymous, rwCall{method: "GET", path: path}, false)
		case rt.Gate == httpx.GateNone:
		case !known:
			t.Errorf("%s serves content but the walk has no requests for it: add them to rwFixture.webCalls", rt.Pattern)
		default:
			for _, c := range calls {
				fx.checkPage(t, rt.Pattern, anonymous, c, true)
				fx.checkPage(t, rt.Pattern, fx.viewer, c, true)
				walked++
			}
		}
	}
	t.Logf("%d page calls", walked)
}
