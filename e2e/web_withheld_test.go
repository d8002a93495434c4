package e2e

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/service"
)

// webWithheld is a network with something withheld in India: wade's account,
// one of paul's posts, and the hashtag #banned.
type webWithheld struct {
	base string
	id   map[string]string // status ID by label
	// notice is the public notice of each rule, by subject, and entry the
	// rule's entry in the transparency log.
	notice, entry map[string]string
}

func webBuildWithheld(t *testing.T, r *rig) *webWithheld {
	t.Helper()
	ctx := context.Background()
	for _, n := range []string{"wade", "paul"} {
		r.mustAccount(n)
	}
	wade, paul := r.passwordLogin("wade"), r.passwordLogin("paul")
	n := &webWithheld{base: r.srv.URL, id: map[string]string{}, notice: map[string]string{}, entry: map[string]string{}}
	for _, p := range []struct {
		label string
		c     *mastodon.Client
		text  string
	}{
		{"w1", wade, "wade speaks of #news"},
		{"p1", paul, "paul secret #news"},
		{"p2", paul, "paul open #banned and #news"},
	} {
		n.id[p.label] = string(post(t, p.c, &mastodon.Toot{Status: p.text, Visibility: "public"}).ID)
	}
	for _, rule := range []service.NewRule{
		{Subject: "@wade", Countries: []string{"IN"}, Reason: "legal_demand"},
		{Subject: n.id["p1"], Countries: []string{"IN"}, Reason: "local_law"},
		{Subject: "#banned", Countries: []string{"IN"}, Reason: "legal_demand"},
	} {
		rl, err := r.srv.Service.Withhold(ctx, nil, rule)
		if err != nil {
			t.Fatalf("withhold %s: %v", rule.Subject, err)
		}
		n.notice[rule.Subject] = r.srv.Gate.NoticeURL(rl.ID)
		n.entry[rule.Subject] = agora.LogEntryURL(r.srv.URL, rl.LogIndex)
	}
	return n
}

// TestWeb_Withheld reads the pages from India, where an account, a post and a
// hashtag are withheld, and from Germany, where they are not, choosing the
// country with the header of a trusted proxy: from India a withheld page
// answers 451 with the notice text of legal/FORMATS.md and "Learn more" linking
// to the public notice (also named by Link rel="blocked-by"), and a link to the
// rule's log entry (also named by Link rel="transparency-log-entry"), and lists
// leave the withheld items out; from Germany everything shows, marked, the
// marks linking the notice and the entry.
func TestWeb_Withheld(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testWebWithheld(t, b) })
	}
}

func testWebWithheld(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b, whTrusted)
	n := webBuildWithheld(t, r)
	in, de := map[string]string{whHeader: "IN"}, map[string]string{whHeader: "DE"}

	for _, tt := range []struct {
		path, subject, text string
	}{
		{"/@wade", "@wade", "@wade's account has been withheld in India in response to a legal demand."},
		{"/@wade?replies=1", "@wade", "@wade's account has been withheld in India in response to a legal demand."},
		{"/@wade.atom", "@wade", "@wade's account has been withheld in India in response to a legal demand."},
		{"/@wade/" + n.id["w1"], "@wade", "@wade's account has been withheld in India in response to a legal demand."},
		{"/@paul/" + n.id["p1"], n.id["p1"], "This post from @paul has been withheld in India based on local law(s)."},
		{"/tags/banned", "#banned", "The hashtag #banned has been withheld in India in response to a legal demand."},
		{"/tags/banned.atom", "#banned", "The hashtag #banned has been withheld in India in response to a legal demand."},
	} {
		p := webMust(t, n.base, tt.path, http.StatusUnavailableForLegalReasons, in)
		p.has(t, "IN "+tt.path, "Unavailable for legal reasons", tt.text+" Learn more")
		notice := n.notice[tt.subject]
		if !strings.Contains(p.body, `<a href="`+notice+`">Learn more</a>`) {
			t.Errorf("IN %s: \"Learn more\" does not link to the notice %s", tt.path, notice)
		}
		entry := n.entry[tt.subject]
		if !strings.Contains(p.body, `<a href="`+entry+`" rel="transparency-log-entry">`) {
			t.Errorf("IN %s: no link to the log entry %s", tt.path, entry)
		}
		if got, want := p.header.Values("Link"), []string{"<" + notice + `>; rel="blocked-by"`, "<" + entry + `>; rel="transparency-log-entry"`}; !slices.Equal(got, want) {
			t.Errorf("IN %s: Link %q, want %q", tt.path, got, want)
		}
		if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("IN %s: Content-Type %q, want the page", tt.path, ct)
		}
		p.lacks(t, "IN "+tt.path, "wade speaks", "paul secret")
		// The page is as the API answers.
		code, _, hdr := whDo(t, r, whViewer{country: "IN"}, "GET", "/api/v1/accounts/lookup?acct=wade", nil)
		if code != http.StatusUnavailableForLegalReasons || hdr.Get("Link") != "<"+n.notice["@wade"]+`>; rel="blocked-by"` {
			t.Errorf("IN lookup wade = %d, Link %q", code, hdr.Get("Link"))
		}
	}
	// The notice itself is public.
	webMust(t, n.base, strings.TrimPrefix(n.notice["@wade"], n.base), http.StatusOK, in)

	// From India, lists leave the withheld out.
	for _, path := range []string{"/", "/@paul", "/tags/news", "/tags/news.atom", "/@paul.atom"} {
		p := webMust(t, n.base, path, http.StatusOK, in)
		p.lacks(t, "IN "+path, "wade speaks", "paul secret", "withheld")
		if path != "/tags/news" && path != "/tags/news.atom" {
			p.has(t, "IN "+path, "paul open")
		}
	}
	// A hashtag rule withholds the hashtag, not the posts that carry it.
	webMust(t, n.base, "/@paul/"+n.id["p2"], http.StatusOK, in).has(t, "IN p2", "paul open #banned and #news")

	// From Germany, everything shows, with where it is withheld.
	profile := webMust(t, n.base, "/@wade", http.StatusOK, de)
	profile.has(t, "DE /@wade", "wade speaks of #news",
		"@wade's account has been withheld in India in response to a legal demand. Learn more",
		"This post from @wade has been withheld in India in response to a legal demand. Learn more")
	if !strings.Contains(profile.body, `<a href="`+n.notice["@wade"]+`">Learn more</a> <a href="`+n.entry["@wade"]+`" rel="transparency-log-entry">`) {
		t.Errorf("DE /@wade: the mark does not link to the notice and the log entry")
	}
	thread := webMust(t, n.base, "/@paul/"+n.id["p1"], http.StatusOK, de)
	thread.has(t, "DE p1", "paul secret #news", "This post from @paul has been withheld in India based on local law(s). Learn more")
	if !strings.Contains(thread.body, `<a href="`+n.entry[n.id["p1"]]+`" rel="transparency-log-entry">`) {
		t.Errorf("DE p1: the mark does not link to the log entry")
	}
	for _, path := range []string{"/", "/tags/news", "/@wade.atom", "/tags/banned", "/tags/banned.atom"} {
		webMust(t, n.base, path, http.StatusOK, de)
	}
	webMust(t, n.base, "/", http.StatusOK, de).has(t, "DE /", "wade speaks of #news", "paul secret #news", "paul open")
	webMust(t, n.base, "/tags/banned", http.StatusOK, de).has(t, "DE /tags/banned", "paul open #banned")

	// Without a country, only rules for every country would apply.
	webMust(t, n.base, "/@wade", http.StatusOK, nil).has(t, "no country /@wade", "wade speaks of #news")
}
