package textfmt

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzRender checks that Render never panics, emits only the markup it is meant to,
// loses or adds no visible text, and agrees with Tags and NormalizeTag.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"", "hello\n\nworld\r\nagain", "<script>alert(1)</script>", `"&'`,
		"see https://example.org/a_(b)). #Tag @alice @bob@example.org",
		"https://example.org/a/very/long/path/that/goes/on/and/on?x=1&y=2#frag",
		"#café #123 a#b example.org/#x &#38; @a@ @a@.x http://[::1 https://é.example/ü",
		"a\xffb #\xff @\xff https://x\xff.org", "((((https://x.org))))...!?", "@" + strings.Repeat("a", 31),
	} {
		f.Add(s)
	}
	// Mentions starting with 'a' resolve, to the name as typed; others do not.
	o := Options{
		BaseURL: "https://example.org",
		Mention: func(u string) (string, string, bool) {
			if !strings.HasPrefix(strings.ToLower(u), "a") {
				return "", "", false
			}
			return u, "https://example.org/@" + u, true
		},
	}
	f.Fuzz(func(t *testing.T, text string) {
		res := Render(text, o)
		if err := checkHTML(res.HTML); err != nil {
			t.Fatalf("Render(%q) = %q: %v", text, res.HTML, err)
		}
		if !utf8.ValidString(res.HTML) {
			t.Fatalf("Render(%q) = %q: invalid UTF-8", text, res.HTML)
		}
		if got, want := visibleText(res.HTML), dropSpace(strings.ToValidUTF8(text, "\uFFFD")); got != want {
			t.Fatalf("Render(%q) = %q: shows %q, want %q", text, res.HTML, got, want)
		}
		if tags := Tags(text); !slices.Equal(tags, res.Tags) {
			t.Fatalf("Tags(%q) = %q, Render gave %q", text, tags, res.Tags)
		}
		for i, tag := range res.Tags {
			if n, ok := NormalizeTag(tag); !ok || n != tag {
				t.Fatalf("NormalizeTag(%q) = %q, %v", tag, n, ok)
			}
			if slices.Contains(res.Tags[:i], tag) {
				t.Fatalf("tag %q twice in %q", tag, res.Tags)
			}
		}
		for i, m := range res.Mentions {
			if slices.Contains(res.Mentions[:i], m) {
				t.Fatalf("mention %q twice in %q", m, res.Mentions)
			}
		}
	})
}

// Attributes each element may carry, with their allowed values; "" in the list
// of href values stands for any value (an href is checked separately).
var allowedAttrs = map[string]map[string][]string{
	"a": {
		"href":      {""},
		"target":    {"_blank"},
		"rel":       {"nofollow noopener", "tag"},
		"class":     {"mention hashtag", "u-url mention"},
		"translate": {"no"},
	},
	"span": {
		"class":     {"", "invisible", "ellipsis", "h-card"},
		"translate": {"no"},
	},
}

// checkHTML reports the first thing in s that Render must never emit: a tag or
// attribute outside the allowed set, unbalanced or badly nested tags, a raw '>',
// quote or unknown entity in text, or a link that is not http(s).
func checkHTML(s string) error {
	var open []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return fmt.Errorf("unclosed tag at %d", i)
			}
			var err error
			if open, err = checkTag(s[i+1:i+end], open); err != nil {
				return fmt.Errorf("at %d: %v", i, err)
			}
			i += end + 1
		case '&':
			n := entityLen(s[i:])
			if n == 0 {
				return fmt.Errorf("bad entity at %d", i)
			}
			i += n
		case '>', '"', '\'':
			return fmt.Errorf("raw %q at %d", s[i], i)
		default:
			i++
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("unclosed %q", open)
	}
	return nil
}

// checkTag checks the inside of one tag and returns the open elements after it.
func checkTag(tag string, open []string) ([]string, error) {
	switch tag {
	case "br /":
		if !slices.Contains(open, "p") {
			return nil, fmt.Errorf("<br /> outside a paragraph")
		}
		return open, nil
	case "p":
		if len(open) > 0 {
			return nil, fmt.Errorf("<p> inside %q", open)
		}
		return append(open, "p"), nil
	case "/p", "/a", "/span":
		if len(open) == 0 || open[len(open)-1] != tag[1:] {
			return nil, fmt.Errorf("<%s> closes %q", tag, open)
		}
		return open[:len(open)-1], nil
	}
	name, attrs, _ := strings.Cut(tag, " ")
	allowed, ok := allowedAttrs[name]
	if !ok {
		return nil, fmt.Errorf("tag <%s>", tag)
	}
	if !slices.Contains(open, "p") || name == "a" && slices.Contains(open, "a") {
		return nil, fmt.Errorf("<%s> inside %q", name, open)
	}
	for attrs != "" {
		key, rest, ok := strings.Cut(attrs, `="`)
		if !ok {
			return nil, fmt.Errorf("attributes %q", attrs)
		}
		value, rest, ok := strings.Cut(rest, `"`)
		if !ok {
			return nil, fmt.Errorf("unquoted attribute %q", key)
		}
		values, ok := allowed[key]
		if !ok {
			return nil, fmt.Errorf("attribute %s on <%s>", key, name)
		}
		if key == "href" {
			if err := checkHref(value); err != nil {
				return nil, err
			}
		} else if !slices.Contains(values, value) {
			return nil, fmt.Errorf("%s=%q on <%s>", key, value, name)
		}
		attrs = strings.TrimPrefix(rest, " ")
	}
	return append(open, name), nil
}

// checkHref checks an escaped href value.
func checkHref(v string) error {
	for i := 0; i < len(v); i++ {
		if v[i] == '<' || v[i] == '\'' {
			return fmt.Errorf("raw %q in href %q", v[i], v)
		}
		if v[i] == '&' && entityLen(v[i:]) == 0 {
			return fmt.Errorf("bad entity in href %q", v)
		}
	}
	if schemeLen(html.UnescapeString(v)) == 0 {
		return fmt.Errorf("href %q is not http(s)", v)
	}
	return nil
}

// entityLen returns the length of the entity html.EscapeString makes at the start
// of s, or 0.
func entityLen(s string) int {
	for _, e := range []string{"&amp;", "&lt;", "&gt;", "&#34;", "&#39;"} {
		if strings.HasPrefix(s, e) {
			return len(e)
		}
	}
	return 0
}

// visibleText returns the text a reader sees in s, without tags or whitespace.
func visibleText(s string) string {
	var b strings.Builder
	for s != "" {
		before, after, ok := strings.Cut(s, "<")
		b.WriteString(before)
		if !ok {
			break
		}
		_, s, _ = strings.Cut(after, ">")
	}
	return dropSpace(html.UnescapeString(b.String()))
}

// dropSpace removes all whitespace from s.
func dropSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
