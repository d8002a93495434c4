package e2e

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// webAtom is an Atom 1.0 feed as RFC 4287 defines it, as much as the checks
// read: every element in the Atom namespace.
type webAtom struct {
	XMLName  xml.Name        `xml:"http://www.w3.org/2005/Atom feed"`
	IDs      []string        `xml:"http://www.w3.org/2005/Atom id"`
	Titles   []string        `xml:"http://www.w3.org/2005/Atom title"`
	Updated  []string        `xml:"http://www.w3.org/2005/Atom updated"`
	Authors  []webAtomPerson `xml:"http://www.w3.org/2005/Atom author"`
	Links    []webAtomLink   `xml:"http://www.w3.org/2005/Atom link"`
	Entries  []webAtomEntry  `xml:"http://www.w3.org/2005/Atom entry"`
	Unknowns []xml.Name      `xml:",any"`
}

type webAtomPerson struct {
	Name []string `xml:"http://www.w3.org/2005/Atom name"`
	URI  string   `xml:"http://www.w3.org/2005/Atom uri"`
}

type webAtomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type webAtomEntry struct {
	IDs       []string        `xml:"http://www.w3.org/2005/Atom id"`
	Titles    []string        `xml:"http://www.w3.org/2005/Atom title"`
	Updated   []string        `xml:"http://www.w3.org/2005/Atom updated"`
	Published string          `xml:"http://www.w3.org/2005/Atom published"`
	Authors   []webAtomPerson `xml:"http://www.w3.org/2005/Atom author"`
	Links     []webAtomLink   `xml:"http://www.w3.org/2005/Atom link"`
	Content   struct {
		Type string `xml:"type,attr"`
		Body string `xml:",chardata"`
	} `xml:"http://www.w3.org/2005/Atom content"`
	Categories []struct {
		Term string `xml:"term,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
}

// webFeed fetches and parses the feed at path and checks what RFC 4287 section
// 4.1 requires of it: one id (an absolute IRI), title and updated (RFC 3339) on
// the feed and on every entry, an author on the feed or on every entry, a
// self link, and for every entry content or an alternate link.
func webFeed(t *testing.T, base, path string) *webAtom {
	t.Helper()
	p := webMust(t, base, path, http.StatusOK, nil)
	if ct := p.header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if !strings.HasPrefix(p.body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("%s: no XML declaration", path)
	}
	var f webAtom
	if err := xml.Unmarshal([]byte(p.body), &f); err != nil {
		t.Fatalf("%s: not an Atom feed: %v\n%s", path, err, p.body)
	}
	one := func(what string, list []string) {
		if len(list) != 1 || strings.TrimSpace(list[0]) == "" {
			t.Errorf("%s: %s %q, want exactly one", path, what, list)
		}
	}
	absolute := func(what, s string) {
		if u, err := url.Parse(s); err != nil || !u.IsAbs() {
			t.Errorf("%s: %s %q is not an absolute IRI", path, what, s)
		}
	}
	date := func(what string, s string) {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			t.Errorf("%s: %s %q is not an RFC 3339 date: %v", path, what, s, err)
		}
	}
	one("feed id", f.IDs)
	one("feed title", f.Titles)
	one("feed updated", f.Updated)
	for _, id := range f.IDs {
		absolute("feed id", id)
	}
	for _, u := range f.Updated {
		date("feed updated", u)
	}
	for _, n := range f.Unknowns {
		if n.Space != "http://www.w3.org/2005/Atom" {
			t.Errorf("%s: element %s outside the Atom namespace", path, n.Local)
		}
	}
	self := false
	for _, l := range f.Links {
		absolute("link", l.Href)
		self = self || (l.Rel == "self" && l.Href == base+strings.Split(path, "?")[0])
	}
	if !self {
		t.Errorf("%s: no self link to %s: %+v", path, base+path, f.Links)
	}
	for i, e := range f.Entries {
		what := fmt.Sprintf("entry %d", i)
		one(what+" id", e.IDs)
		one(what+" title", e.Titles)
		one(what+" updated", e.Updated)
		for _, id := range e.IDs {
			absolute(what+" id", id)
		}
		for _, u := range e.Updated {
			date(what+" updated", u)
		}
		date(what+" published", e.Published)
		if len(f.Authors) == 0 && (len(e.Authors) == 0 || len(e.Authors[0].Name) != 1) {
			t.Errorf("%s: %s has no author and neither has the feed", path, what)
		}
		alternate := false
		for _, l := range e.Links {
			alternate = alternate || l.Rel == "alternate"
		}
		if e.Content.Body == "" && !alternate {
			t.Errorf("%s: %s has neither content nor an alternate link", path, what)
		}
		if e.Content.Type != "html" {
			t.Errorf("%s: %s content type %q, want html", path, what, e.Content.Type)
		}
	}
	return &f
}

// entryIDs returns the status IDs of the feed's entries, from their alternate
// links.
func (f *webAtom) entryIDs() []string {
	var ids []string
	for _, e := range f.Entries {
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				ids = append(ids, l.Href[strings.LastIndex(l.Href, "/")+1:])
			}
		}
	}
	return ids
}

// TestWeb_Atom reads the feeds of a profile and of a hashtag: valid Atom 1.0,
// holding the public posts with their content as escaped HTML, and nothing
// private.
func TestWeb_Atom(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testWebAtom(t, b) })
	}
}

func testWebAtom(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	n := webBuild(t, r)
	base := r.srv.URL

	f := webFeed(t, base, "/@alice.atom")
	if f.IDs[0] != base+"/users/alice" || !strings.Contains(f.Titles[0], "Alice <Liddell>") || len(f.Authors) != 1 {
		t.Errorf("/@alice.atom: id %q, title %q, authors %+v", f.IDs, f.Titles, f.Authors)
	}
	// Posts (public and unlisted), without replies, boosts, private or direct ones.
	if got, want := strings.Join(f.entryIDs(), " "), n.id["a2"]+" "+n.id["a1"]; got != want {
		t.Errorf("/@alice.atom entries %s, want %s (a2 a1)", got, want)
	}
	for _, e := range f.Entries {
		if e.IDs[0] == base+"/users/alice/statuses/"+n.id["a1"] {
			if !strings.Contains(e.Content.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(e.Content.Body, "<script>") ||
				!strings.Contains(e.Content.Body, `href="`+base+`/tags/wonderland"`) {
				t.Errorf("a1's content: %q", e.Content.Body)
			}
			if len(e.Categories) != 1 || e.Categories[0].Term != "wonderland" {
				t.Errorf("a1's categories: %+v", e.Categories)
			}
		}
	}
	if got := webFeed(t, base, "/@bob.atom").entryIDs(); len(got) != 0 {
		t.Errorf("/@bob.atom: entries %v, want none (a reply and a boost)", got)
	}

	tag := webFeed(t, base, "/tags/wonderland.atom")
	if got := strings.Join(tag.entryIDs(), " "); got != n.id["a1"] {
		t.Errorf("/tags/wonderland.atom entries %s, want a1 %s", got, n.id["a1"])
	}
	if len(tag.Authors) != 0 || len(tag.Entries) != 1 || tag.Entries[0].Authors[0].URI != base+"/@alice" {
		t.Errorf("/tags/wonderland.atom: every entry names its author: %+v", tag.Entries)
	}
	webFeed(t, base, "/tags/nothingyet.atom")
	for _, path := range []string{"/@nobody.atom", "/tags/not-a-tag!.atom"} {
		webMust(t, base, path, http.StatusNotFound, nil)
	}

	// Paging: rel="next" to older entries, as RFC 5005 pages feeds.
	for i := range 21 {
		post(t, n.alice, &mastodon.Toot{Status: fmt.Sprintf("feed post %02d", i), Visibility: "public"})
	}
	f = webFeed(t, base, "/@alice.atom")
	var next string
	for _, l := range f.Links {
		if l.Rel == "next" {
			next = l.Href
		}
	}
	if len(f.Entries) != 20 || next == "" {
		t.Fatalf("/@alice.atom: %d entries, next %q; want 20 and a next page", len(f.Entries), next)
	}
	older := webFeed(t, base, strings.TrimPrefix(next, base))
	if got := older.entryIDs(); len(got) != 3 || got[1] != n.id["a2"] || got[2] != n.id["a1"] ||
		!strings.Contains(older.Entries[0].Content.Body, "feed post 00") {
		t.Errorf("older page: entries %v, want feed post 00, a2 and a1", got)
	}
}
