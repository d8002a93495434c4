package mastoapi

import (
	"html"
	"net/url"
	"regexp"
	"strings"

	"agora"
	"agora/internal/httpx"
)

// maxFieldAttributes bounds the entries of fields_attributes read from one
// request; agora.NewProfileFields keeps at most four of them.
const maxFieldAttributes = 16

// profileFields reads fields_attributes from an update_credentials request:
// nil when it is absent, so the fields stay as they are.
func profileFields(p *httpx.Params) (*[]agora.ProfileField, error) {
	objs, given, err := p.Objects("fields_attributes", maxFieldAttributes)
	if err != nil || !given {
		return nil, err
	}
	fs := make([]agora.ProfileField, len(objs))
	for i, o := range objs {
		fs[i] = agora.ProfileField{Name: o["name"], Value: o["value"]}
	}
	return &fs, nil
}

// sourceFields are the fields as their owner typed them (source.fields).
func sourceFields(fs []agora.ProfileField) []Field {
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = Field{Name: f.Name, Value: f.Value}
	}
	return out
}

// renderedFields are the fields as Account.fields shows them: the name as plain
// text (clients escape it), the value as HTML: escaped, with each http(s) URL
// made a link as Mastodon makes it (rel="nofollow noopener me").
func renderedFields(fs []agora.ProfileField) []Field {
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = Field{Name: f.Name, Value: linkifyHTML(f.Value)}
	}
	return out
}

// urlRE finds the http(s) URLs in plain text: up to whitespace or a character
// that cannot end a URL in running text.
var urlRE = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:!?)\]'"]`)

// linkifyHTML escapes text for HTML and turns each http(s) URL in it into a link.
func linkifyHTML(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range urlRE.FindAllStringIndex(text, -1) {
		raw := text[m[0]:m[1]]
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			continue
		}
		b.WriteString(html.EscapeString(text[last:m[0]]))
		b.WriteString(`<a href="` + html.EscapeString(raw) + `" target="_blank" rel="nofollow noopener me" translate="no">`)
		b.WriteString(html.EscapeString(raw))
		b.WriteString(`</a>`)
		last = m[1]
	}
	b.WriteString(html.EscapeString(text[last:]))
	return b.String()
}
