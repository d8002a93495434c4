// Package textfmt turns the plain text of a post into the safe HTML that the
// Mastodon API returns as a status's content, and finds the hashtags and mentions
// in it.
//
// The output has the shape Mastodon gives it, so that apps style it well: <p> for
// paragraphs, <br /> for line breaks, and <a> and <span> for links, hashtags and
// mentions. Every other character of the input is escaped; no markup from the input
// survives.
package textfmt

import (
	"html"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Options configure rendering.
type Options struct {
	// BaseURL is the server's address without a trailing slash, such as
	// "https://example.org"; a hashtag links to BaseURL+"/tags/"+name.
	BaseURL string
	// Mention resolves a mentioned username (without '@', as typed, possibly with
	// an @domain part) to the local account's canonical username and profile URL;
	// ok=false, or a nil Mention, leaves the mention as plain (escaped) text.
	Mention func(username string) (canonical string, profileURL string, ok bool)
	// Redact, when set, reports whether a mention of the username (as typed,
	// without '@') must not be shown: of an account withheld from the reader.
	// Such a mention renders as Redacted, neither handle nor link, and is not
	// counted in Result.Mentions. It is asked before Mention.
	Redact func(username string) bool
}

// Redacted is what a redacted mention reads as (Options.Redact).
const Redacted = "@…"

// Result of rendering.
type Result struct {
	HTML     string   // safe HTML; "" for a text that is empty or only whitespace
	Tags     []string // hashtags used, lowercased (strings.ToLower), without '#', unique, in order of first use
	Mentions []string // canonical usernames of resolved mentions, unique, in order of first use
}

// Render turns text into safe HTML.
//
// Line endings are normalised; blank lines at the start and end are dropped; one
// or more blank lines separate paragraphs, each rendered as <p>...</p>, and a
// single newline inside a paragraph becomes <br />. http:// and https:// links,
// #hashtags and the @mentions that o.Mention resolves become links; everything
// else is escaped as html.EscapeString does. Invalid UTF-8 becomes U+FFFD.
// Render never panics and runs in time linear in len(text), plus the calls to
// o.Mention.
func Render(text string, o Options) Result {
	r := renderer{opts: o, base: strings.TrimSuffix(o.BaseURL, "/")}
	inPara := false
	for _, line := range lines(text) {
		if isBlank(line) {
			if inPara {
				r.b.WriteString("</p>")
				inPara = false
			}
			continue
		}
		if inPara {
			r.b.WriteString("<br />")
		} else {
			r.b.WriteString("<p>")
			inPara = true
		}
		for _, t := range scan(line) {
			r.write(t)
		}
	}
	if inPara {
		r.b.WriteString("</p>")
	}
	return Result{HTML: r.b.String(), Tags: r.tags.list, Mentions: r.mentions.list}
}

// Tags extracts hashtags the same way Render does (lowercased, unique, in order of
// first use) without rendering. It returns nil when there are none.
func Tags(text string) []string {
	var tags set
	for _, t := range scan(clean(text)) {
		if t.kind == tokTag {
			tags.add(strings.ToLower(t.name))
		}
	}
	return tags.list
}

// NormalizeTag returns the canonical (lowercased) name of a hashtag given with or
// without '#', and ok=false when it is not a valid hashtag name: at most 100
// letters, digits and underscores (combining marks allowed), with at least one
// letter or underscore. Render and Tags recognise exactly these names.
func NormalizeTag(s string) (name string, ok bool) {
	s = strings.TrimPrefix(s, "#")
	if !validTagName(s) {
		return "", false
	}
	return strings.ToLower(s), true
}

// renderer accumulates the output of Render.
type renderer struct {
	opts     Options
	base     string
	b        strings.Builder
	tags     set
	mentions set
}

// write renders one token.
func (r *renderer) write(t token) {
	switch t.kind {
	case tokURL:
		r.writeURL(t.text)
	case tokTag:
		name := strings.ToLower(t.name)
		r.tags.add(name)
		r.b.WriteString(`<a href="`)
		r.b.WriteString(html.EscapeString(r.base + "/tags/" + url.PathEscape(name)))
		r.b.WriteString(`" class="mention hashtag" rel="tag">#<span>`)
		r.b.WriteString(html.EscapeString(t.name))
		r.b.WriteString(`</span></a>`)
	case tokMention:
		if r.opts.Redact != nil && r.opts.Redact(t.name) {
			r.b.WriteString(Redacted)
			return
		}
		if r.opts.Mention == nil {
			r.b.WriteString(html.EscapeString(t.text))
			return
		}
		canonical, profile, ok := r.opts.Mention(t.name)
		if !ok {
			r.b.WriteString(html.EscapeString(t.text))
			return
		}
		r.mentions.add(canonical)
		r.b.WriteString(`<span class="h-card" translate="no"><a href="`)
		r.b.WriteString(html.EscapeString(profile))
		r.b.WriteString(`" class="u-url mention">@<span>`)
		r.b.WriteString(html.EscapeString(canonical))
		r.b.WriteString(`</span></a></span>`)
	default:
		r.b.WriteString(html.EscapeString(t.text))
	}
}

// displayLen is how many characters of a link, after its scheme, are shown; the
// rest is hidden and the app shows an ellipsis.
const displayLen = 30

// writeURL renders a link the way Mastodon does: the scheme hidden, and a long
// link cut after displayLen characters.
func (r *renderer) writeURL(u string) {
	scheme := schemeLen(u)
	shown := u[scheme:]
	r.b.WriteString(`<a href="`)
	r.b.WriteString(html.EscapeString(u))
	r.b.WriteString(`" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">`)
	r.b.WriteString(html.EscapeString(u[:scheme]))
	r.b.WriteString(`</span>`)
	if utf8.RuneCountInString(shown) <= displayLen {
		r.b.WriteString(`<span class="">`)
		r.b.WriteString(html.EscapeString(shown))
		r.b.WriteString(`</span><span class="invisible"></span></a>`)
		return
	}
	cut := 0
	for range displayLen {
		_, size := utf8.DecodeRuneInString(shown[cut:])
		cut += size
	}
	r.b.WriteString(`<span class="ellipsis">`)
	r.b.WriteString(html.EscapeString(shown[:cut]))
	r.b.WriteString(`</span><span class="invisible">`)
	r.b.WriteString(html.EscapeString(shown[cut:]))
	r.b.WriteString(`</span></a>`)
}

// set is a list of unique strings in order of first addition.
type set struct {
	list []string
	seen map[string]bool
}

func (s *set) add(v string) {
	if s.seen[v] {
		return
	}
	if s.seen == nil {
		s.seen = make(map[string]bool)
	}
	s.seen[v] = true
	s.list = append(s.list, v)
}

// clean makes text valid UTF-8 and normalises its line endings to "\n".
func clean(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.ReplaceAll(text, "\r", "\n")
}

// lines returns the lines of the cleaned text without the blank lines at its
// start and end.
func lines(text string) []string {
	ls := strings.Split(clean(text), "\n")
	for len(ls) > 0 && isBlank(ls[0]) {
		ls = ls[1:]
	}
	for len(ls) > 0 && isBlank(ls[len(ls)-1]) {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// isBlank reports whether a line holds only whitespace.
func isBlank(line string) bool { return strings.TrimSpace(line) == "" }
