package textfmt

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FuzzRender_Parsed reads Render's output as a browser does, with the HTML5
// parser of golang.org/x/net/html, and checks what reaches the reader: only the
// elements and attributes of a status's content (no script, style or other
// element, no on* event handler), links only to http(s) as the browser resolves
// them (no javascript:, data: or vbscript:, however cased or padded), every
// link opened in a new tab without an opener, and every character of the text
// shown as text. FuzzRender checks the bytes; this checks what they become.
func FuzzRender_Parsed(f *testing.F) {
	for _, s := range []string{
		"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
		"javascript:alert(1) JaVaScRiPt:alert(1) data:text/html,<b>x</b> vbscript:msgbox",
		"https://example.org/\"onmouseover=\"alert(1)", "https://x.org/<script>", "http://a.b/'><svg/onload=alert(1)>",
		"https://example.org/?q=<iframe>&x=1#frag", "@alice @bob@example.org #tag #<b>", "a\n\nb\r\nc\rd",
		"</p><script>x</script><p>", "<!-- comment --> <![CDATA[x]]> &lt;b&gt; &amp;amp;", "\x00<\x00script>",
		"<style>*{}</style><textarea></textarea><noscript>x</noscript>", "<plaintext>", "https://é.example/ü?<x>",
	} {
		f.Add(s)
	}
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
		out := Render(text, o).HTML
		nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Fatalf("Render(%q) = %q: does not parse: %v", text, out, err)
		}
		var shown strings.Builder
		for _, n := range nodes {
			if err := checkNode(n, &shown); err != nil {
				t.Fatalf("Render(%q) = %q: %v", text, out, err)
			}
		}
		// The parser drops NUL characters from text, as browsers do.
		want := dropSpace(strings.ReplaceAll(strings.ToValidUTF8(text, "\uFFFD"), "\x00", ""))
		if got := dropSpace(shown.String()); got != want {
			t.Fatalf("Render(%q) = %q: shows %q, want %q", text, out, got, want)
		}
	})
}

// contentElements are the elements a status's content may hold.
var contentElements = map[atom.Atom]bool{atom.P: true, atom.Br: true, atom.A: true, atom.Span: true}

// checkNode checks n and its descendants as parsed, and appends their text to
// shown.
func checkNode(n *html.Node, shown *strings.Builder) error {
	switch n.Type {
	case html.TextNode:
		shown.WriteString(n.Data)
		return nil
	case html.ElementNode:
	default:
		return fmt.Errorf("node of type %d (%q)", n.Type, n.Data)
	}
	if !contentElements[n.DataAtom] {
		return fmt.Errorf("element <%s>", n.Data)
	}
	rel := ""
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case a.Namespace != "":
			return fmt.Errorf("attribute %s:%s on <%s>", a.Namespace, a.Key, n.Data)
		case strings.HasPrefix(key, "on"):
			return fmt.Errorf("event handler %s=%q on <%s>", a.Key, a.Val, n.Data)
		case key == "style" || key == "src" || key == "srcdoc" || key == "formaction" || key == "xlink:href":
			return fmt.Errorf("attribute %s=%q on <%s>", a.Key, a.Val, n.Data)
		case key == "href":
			if n.DataAtom != atom.A {
				return fmt.Errorf("href on <%s>", n.Data)
			}
			if s := browserScheme(a.Val); s != "http" && s != "https" {
				return fmt.Errorf("link %q of scheme %q", a.Val, s)
			}
		case key == "rel":
			rel = a.Val
		}
	}
	if target := attr(n, "target"); target != "" && !strings.Contains(" "+rel+" ", " noopener ") {
		return fmt.Errorf("<a target=%q> without rel noopener (rel %q)", target, rel)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := checkNode(c, shown); err != nil {
			return err
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// browserScheme is the scheme a browser finds in an href value, as the WHATWG
// URL parser reads it: leading and trailing C0 controls and spaces stripped,
// tabs and newlines anywhere removed, lower-cased; "" for a relative URL.
func browserScheme(href string) string {
	href = strings.TrimFunc(href, func(r rune) bool { return r <= ' ' })
	href = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, href)
	i := strings.IndexByte(href, ':')
	if i <= 0 {
		return ""
	}
	s := strings.ToLower(href[:i])
	for j := 0; j < len(s); j++ {
		c := s[j]
		if !(c >= 'a' && c <= 'z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return ""
		}
	}
	return s
}
