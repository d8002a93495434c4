package web

import (
	"encoding/xml"
	"net/http"
	"time"

	"agora"
	"agora/internal/guard"
	"agora/service"
)

// Atom 1.0 (RFC 4287) feeds of an account's posts and of a hashtag's: the same
// posts the pages list, through the same gate, newest first, a page at a time
// (?max_id=, with rel="next" as RFC 5005 pages feeds).

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string        `xml:"id"`
	Title     string        `xml:"title"`
	Subtitle  string        `xml:"subtitle,omitempty"`
	Updated   string        `xml:"updated"`
	Links     []atomLink    `xml:"link"`
	Author    *atomPerson   `xml:"author,omitempty"`
	Generator atomGenerator `xml:"generator"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomGenerator struct {
	URI     string `xml:"uri,attr,omitempty"`
	Version string `xml:"version,attr,omitempty"`
	Name    string `xml:",chardata"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Author     atomPerson     `xml:"author"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    atomText       `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

// atomTime formats t as RFC 3339, as Atom dates are.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed fills in the entries, the updated time and the links of f, the feed
// at path (an absolute URL) listing b, read as page p. Updated is the newest
// entry's time, or since when there is none.
func (s *Site) feed(f *atomFeed, b *service.Bundle, p agora.Page, page, path string, since time.Time) {
	f.Links = append(f.Links,
		atomLink{Rel: "alternate", Type: "text/html", Href: s.base + page},
		atomLink{Rel: "self", Type: "application/atom+xml", Href: s.base + path})
	f.Generator = atomGenerator{Version: s.info.Version, Name: "agora"}
	updated := since
	for _, v := range s.views(b) {
		e := atomEntry{
			ID:        s.base + "/users/" + v.Author.Username + "/statuses/" + v.ID, // the status's URI, as the API gives it
			Title:     v.Author.Name + ": " + v.titleText(),
			Published: atomTime(v.Published),
			Updated:   atomTime(v.Published),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: s.base + v.Path}},
			Author:    atomPerson{Name: v.Author.Name + " (" + v.Author.Handle + ")", URI: s.base + v.Author.Path},
			Content:   atomText{Type: "html", Body: string(v.Content)},
		}
		if v.Spoiler != "" {
			e.Summary = &atomText{Type: "text", Body: v.Spoiler}
		}
		for _, t := range v.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t, Scheme: s.base + "/tags/", Label: "#" + t})
		}
		if v.Published.After(updated) {
			updated = v.Published
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = atomTime(updated)
	if n := len(b.Statuses); n >= p.Limit {
		f.Links = append(f.Links, atomLink{Rel: "next", Type: "application/atom+xml",
			Href: s.base + path + "?max_id=" + b.Statuses[n-1].ID.String()})
	}
}

// titleText is the text of an entry's title: the content warning, or the
// beginning of the text.
func (v postView) titleText() string { return excerpt(v.Spoiler, v.text, 80) }

// writeFeed answers with f.
func writeFeed(w http.ResponseWriter, f *atomFeed) error {
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	noSharedCache(h)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
	_, _ = w.Write([]byte("\n"))
	return nil
}

// accountFeed serves /@name.atom: the account's public posts, without replies
// and boosts.
func (s *Site) accountFeed(w http.ResponseWriter, r *http.Request, name string) error {
	a, _, err := s.lookup(r, name)
	if err != nil {
		return err
	}
	p, err := page(r)
	if err != nil {
		return err
	}
	b, err := s.timelines.AccountStatuses(r.Context(), guard.Snapshot(r), a.ID, service.AccountStatusesQuery{
		ExcludeReplies: true, ExcludeReblogs: true, Page: p,
	})
	if err != nil {
		return err
	}
	ref := s.ref(a)
	f := &atomFeed{
		ID:       s.base + "/users/" + a.Username,
		Title:    ref.Name + " (" + ref.Handle + ")",
		Subtitle: a.Note,
		Author:   &atomPerson{Name: ref.Name + " (" + ref.Handle + ")", URI: s.base + ref.Path},
	}
	s.feed(f, b, p, ref.Path, ref.Path+".atom", a.CreatedAt)
	return writeFeed(w, f)
}

// tagFeed serves /tags/{name}.atom: the public posts with the hashtag.
func (s *Site) tagFeed(w http.ResponseWriter, r *http.Request, name string) error {
	p, err := page(r)
	if err != nil {
		return err
	}
	b, err := s.timelines.TagTimeline(r.Context(), guard.Snapshot(r), name, p)
	if err != nil {
		return err
	}
	path := tagPath(name)
	f := &atomFeed{
		ID:    s.base + path,
		Title: "#" + name + " on " + s.info.Title,
	}
	s.feed(f, b, p, path, path+".atom", time.Now())
	return writeFeed(w, f)
}
