package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// The helpers of this file are prefixed "web"; the browser test and the route
// walk of the pages use them too.

// webPage is one answer of the public pages.
type webPage struct {
	status int
	header http.Header
	body   string // as sent
	text   string // the body with tags removed and entities decoded, spaces collapsed
}

var (
	webTagRE     = regexp.MustCompile(`(?s)<[^>]*>`)
	webInlineRE  = regexp.MustCompile(`^</?(a|span|strong|em|b|i|time)[\s>]`)
	webArticleRE = regexp.MustCompile(`<article class="post`)
)

// webGet fetches path from the server as a browser would, without following
// redirects; headers are added to the request (a country header, Accept).
func webGet(t *testing.T, base, path string, header map[string]string) webPage {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	text := html.UnescapeString(webTagRE.ReplaceAllStringFunc(string(body), func(tag string) string {
		if webInlineRE.MatchString(tag) {
			return ""
		}
		return " "
	}))
	return webPage{status: resp.StatusCode, header: resp.Header, body: string(body), text: strings.Join(strings.Fields(text), " ")}
}

// webMust fetches path and fails the test unless the answer has the status.
func webMust(t *testing.T, base, path string, status int, header map[string]string) webPage {
	t.Helper()
	p := webGet(t, base, path, header)
	if p.status != status {
		t.Fatalf("GET %s = %d, want %d:\n%s", path, p.status, status, whShort([]byte(p.text)))
	}
	return p
}

// has and lacks check the text of a page.
func (p webPage) has(t *testing.T, what string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(p.text, w) {
			t.Errorf("%s: the page does not say %q:\n%s", what, w, whShort([]byte(p.text)))
		}
	}
}

func (p webPage) lacks(t *testing.T, what string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(p.text, u) {
			t.Errorf("%s: the page says %q, which it must not", what, u)
		}
	}
}

// lacksMarkup checks that the page as sent does not hold the strings.
func (p webPage) lacksMarkup(t *testing.T, what string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(p.body, u) {
			t.Errorf("%s: the page holds %q, which it must not", what, u)
		}
	}
}

// webNetwork is the little network the page tests read: alice's posts in every
// visibility, bob's reply and boost, alice's answer to the reply.
type webNetwork struct {
	alice, bob *mastodon.Client
	id         map[string]string // status ID by label
}

func webBuild(t *testing.T, r *rig) *webNetwork {
	t.Helper()
	ctx := context.Background()
	r.mustAccount("alice")
	r.mustAccount("bob")
	n := &webNetwork{alice: r.passwordLogin("alice"), bob: r.passwordLogin("bob"), id: map[string]string{}}
	name, note := "Alice <Liddell>", "Down the rabbit hole & <b>beyond</b>.\n\nA second paragraph."
	if _, err := n.alice.AccountUpdate(ctx, &mastodon.Profile{DisplayName: &name, Note: &note}); err != nil {
		t.Fatalf("update alice's profile: %v", err)
	}
	for _, p := range []struct{ label, text, vis, replyTo string }{
		{"a1", "hello #Wonderland <script>alert(1)</script> https://example.org/tea", "public", ""},
		{"a2", "unlisted tea party", "unlisted", ""},
		{"a3", "private secret biscuit", "private", ""},
		{"a4", "@bob direct secret cake", "direct", ""},
		{"b1", "@alice welcome back", "public", "a1"},
		{"a5", "@bob thanks for the welcome", "public", "b1"},
	} {
		c := n.alice
		if p.label[0] == 'b' {
			c = n.bob
		}
		toot := &mastodon.Toot{Status: p.text, Visibility: p.vis}
		if p.replyTo != "" {
			toot.InReplyToID = mastodon.ID(n.id[p.replyTo])
		}
		n.id[p.label] = string(post(t, c, toot).ID)
	}
	boost, err := n.bob.Reblog(ctx, mastodon.ID(n.id["a1"]))
	if err != nil {
		t.Fatal(err)
	}
	n.id["bb1"] = string(boost.ID)
	return n
}

// TestWeb_Pages reads the public pages as an anonymous visitor: the front page,
// a profile with its posts, a thread, a hashtag; what is not public is absent
// or not found, everything is escaped, lists page, and clients asking for JSON
// get the API's answers.
func TestWeb_Pages(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testWebPages(t, b) })
	}
}

func testWebPages(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	n := webBuild(t, r)
	base := r.srv.URL
	secrets := []string{"private secret biscuit", "direct secret cake"}

	home := webMust(t, base, "/", http.StatusOK, nil)
	if ct := home.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("/: Content-Type %q", ct)
	}
	if csp := home.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("/: Content-Security-Policy %q, want default-src 'none'", csp)
	}
	if cc := home.header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("/: Cache-Control %q: pages differ by country and must stay out of shared caches", cc)
	}
	home.has(t, "/", r.srv.Config.InstanceTitle, "Sign in", "Local timeline", "hello #Wonderland <script>alert(1)</script>")
	home.lacksMarkup(t, "/", "<script>")
	home.lacks(t, "/", "unlisted tea party", "welcome back") // public only; no replies
	home.lacks(t, "/", secrets...)

	profile := webMust(t, base, "/@alice", http.StatusOK, nil)
	profile.has(t, "/@alice", "Alice <Liddell>", "@alice@"+r.srv.Service.Host(), "Down the rabbit hole & <b>beyond</b>.",
		"A second paragraph.", "Posts 5", "Following 0", "Followers 0", "hello #Wonderland", "unlisted tea party")
	profile.lacksMarkup(t, "/@alice", "<b>beyond", "<script>", "Alice <Liddell>")
	profile.lacks(t, "/@alice", "thanks for the welcome")
	profile.lacks(t, "/@alice", secrets...)
	if !strings.Contains(profile.body, `<link rel="alternate" type="application/atom+xml" href="/@alice.atom"`) {
		t.Errorf("/@alice does not name its Atom feed")
	}
	if !strings.Contains(profile.body, `href="https://example.org/tea"`) || !strings.Contains(profile.body, `href="`+base+`/tags/wonderland"`) {
		t.Errorf("/@alice: the link and the hashtag of a1 are not links")
	}
	webMust(t, base, "/@alice?replies=1", http.StatusOK, nil).has(t, "/@alice?replies=1", "thanks for the welcome")
	webMust(t, base, "/@ALICE", http.StatusOK, nil).has(t, "/@ALICE", "Alice <Liddell>")
	webMust(t, base, "/@bob", http.StatusOK, nil).has(t, "/@bob", "bob boosted Alice <Liddell>", "hello #Wonderland")

	thread := webMust(t, base, "/@alice/"+n.id["a1"], http.StatusOK, nil)
	thread.has(t, "thread of a1", "hello #Wonderland", "Replies", "welcome back", "thanks for the welcome")
	if !strings.Contains(thread.body, `aria-current="page"`) {
		t.Errorf("thread of a1: the post is not marked as the page's")
	}
	thread = webMust(t, base, "/@alice/"+n.id["a5"], http.StatusOK, nil)
	if !strings.Contains(thread.body, `<section class="ancestors" aria-label="Earlier in the thread">`) {
		t.Errorf("thread of a5: no section of ancestors")
	}
	thread.has(t, "thread of a5", "hello #Wonderland", "welcome back", "thanks for the welcome", "No replies yet.")
	if i, j := strings.Index(thread.text, "hello #Wonderland"), strings.Index(thread.text, "welcome back"); i > j {
		t.Errorf("thread of a5: ancestors out of order")
	}
	webMust(t, base, "/@alice/"+n.id["a2"], http.StatusOK, nil).has(t, "unlisted a2", "unlisted tea party")
	if p := webMust(t, base, "/@bob/"+n.id["bb1"], http.StatusFound, nil); p.header.Get("Location") != "/@alice/"+n.id["a1"] {
		t.Errorf("a boost's page redirects to %q, want the boosted post's", p.header.Get("Location"))
	}

	for _, path := range []string{
		"/@alice/" + n.id["a3"], "/@alice/" + n.id["a4"], // private and direct: not found, as missing ones
		"/@nobody", "/@nobody/" + n.id["a1"], "/@alice/1234567", "/@alice/notanid", "/@bob/" + n.id["a1"],
		"/alice", "/@", "/@alice@elsewhere.example", "/@alice.rss", "/tags/not-a-tag!", "/nothing/here",
	} {
		p := webMust(t, base, path, http.StatusNotFound, nil)
		if !strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: Content-Type %q, want a page", path, p.header.Get("Content-Type"))
		}
		p.has(t, path, "Not found")
		p.lacks(t, path, secrets...)
	}

	for _, path := range []string{"/tags/wonderland", "/tags/Wonderland"} {
		p := webMust(t, base, path, http.StatusOK, nil)
		p.has(t, path, "#wonderland", "hello #Wonderland")
		p.lacks(t, path, "unlisted tea party")
	}
	webMust(t, base, "/tags/nothingyet", http.StatusOK, nil).has(t, "/tags/nothingyet", "No public posts with this hashtag yet.")

	for path, to := range map[string]string{"/users/alice": "/@alice", "/users/alice/statuses/" + n.id["a1"]: "/@alice/" + n.id["a1"]} {
		if p := webMust(t, base, path, http.StatusFound, nil); p.header.Get("Location") != to {
			t.Errorf("GET %s: Location %q, want %q", path, p.header.Get("Location"), to)
		}
	}
	css := webMust(t, base, "/web/agora.css", http.StatusOK, nil)
	if !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: Content-Type %q", css.header.Get("Content-Type"))
	}

	// Clients asking for JSON get what they got before the pages: the API's 404.
	for _, path := range []string{"/", "/@alice", "/@alice/" + n.id["a1"], "/tags/wonderland", "/users/alice"} {
		for _, accept := range []string{"application/json", "application/activity+json", `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`} {
			p := webGet(t, base, path, map[string]string{"Accept": accept})
			var e map[string]string
			if p.status != http.StatusNotFound || json.Unmarshal([]byte(p.body), &e) != nil || e["error"] != "Not found." {
				t.Errorf("GET %s (Accept: %s) = %d %s, want the JSON 404", path, accept, p.status, whShort([]byte(p.body)))
			}
		}
	}
	// The API beside the pages.
	acct, err := r.client("").AccountLookup(context.Background(), "alice")
	if err != nil || acct.URL != base+"/@alice" {
		t.Errorf("lookup alice: %v, %v", acct, err)
	}

	// Paging: 20 posts a page, the link to older ones, and the rest there.
	for i := range 23 {
		post(t, n.alice, &mastodon.Toot{Status: fmt.Sprintf("page post %02d", i), Visibility: "public"})
	}
	first := webMust(t, base, "/@alice", http.StatusOK, nil)
	if got := len(webArticleRE.FindAllString(first.body, -1)); got != 20 {
		t.Errorf("/@alice lists %d posts, want 20", got)
	}
	first.has(t, "/@alice", "page post 22", "page post 03", "Older posts")
	first.lacks(t, "/@alice", "page post 02", "Newest posts")
	older := regexp.MustCompile(`href="(/@alice\?max_id=\d+)" rel="next"`).FindStringSubmatch(first.body)
	if older == nil {
		t.Fatal("/@alice: no link to older posts")
	}
	second := webMust(t, base, html.UnescapeString(older[1]), http.StatusOK, nil)
	second.has(t, "older posts", "page post 02", "page post 00", "hello #Wonderland", "unlisted tea party", "Newest posts")
	second.lacks(t, "older posts", "page post 03", "Older posts")
	for _, p := range []string{"/?max_id=x", "/@alice?max_id=-1"} {
		webMust(t, base, p, http.StatusBadRequest, nil)
	}
	q := url.Values{"max_id": {n.id["a2"]}}
	webMust(t, base, "/?"+q.Encode(), http.StatusOK, nil).has(t, "front page before a2", "hello #Wonderland")
}
