package textfmt

import (
	"slices"
	"strings"
	"testing"
)

// resolve knows the local accounts alice and bob, in any case, and
// carol@remote.example; nobody else.
func resolve(username string) (string, string, bool) {
	switch strings.ToLower(username) {
	case "alice", "alice@example.org":
		return "alice", "https://example.org/@alice", true
	case "bob":
		return "bob", "https://example.org/@bob", true
	case "carol@remote.example":
		return "carol@remote.example", "https://remote.example/@carol", true
	}
	return "", "", false
}

var testOptions = Options{BaseURL: "https://example.org", Mention: resolve}

// HTML fragments the expectations are built from.
func link(scheme, shown string) string {
	return `<a href="` + scheme + shown + `" target="_blank" rel="nofollow noopener" translate="no">` +
		`<span class="invisible">` + scheme + `</span><span class="">` + shown +
		`</span><span class="invisible"></span></a>`
}

func tag(href, typed string) string {
	return `<a href="https://example.org/tags/` + href + `" class="mention hashtag" rel="tag">#<span>` + typed + `</span></a>`
}

func mention(profile, name string) string {
	return `<span class="h-card" translate="no"><a href="` + profile + `" class="u-url mention">@<span>` + name + `</span></a></span>`
}

func TestRender(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		html     string
		tags     []string
		mentions []string
	}{
		{name: "empty", text: "", html: ""},
		{name: "only whitespace", text: " \n\t\r\n ", html: ""},
		{name: "one line", text: "hello world", html: "<p>hello world</p>"},
		{name: "line break", text: "one\ntwo", html: "<p>one<br />two</p>"},
		{name: "paragraphs", text: "one\n\ntwo", html: "<p>one</p><p>two</p>"},
		{name: "several blank lines", text: "one\n\n \n\t\ntwo\nthree", html: "<p>one</p><p>two<br />three</p>"},
		{name: "CRLF and CR", text: "a\r\nb\r\rc", html: "<p>a<br />b</p><p>c</p>"},
		{name: "blank lines trimmed", text: "\n\n  \nhi\n\n\n", html: "<p>hi</p>"},
		{name: "script", text: "<script>alert(1)</script>", html: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"},
		{name: "quotes and ampersand", text: `"&'`, html: "<p>&#34;&amp;&#39;</p>"},
		{name: "invalid UTF-8", text: "a\xffb", html: "<p>a\uFFFDb</p>"},
		{
			name: "link",
			text: "see https://example.org/path",
			html: "<p>see " + link("https://", "example.org/path") + "</p>",
		},
		{
			name: "link with trailing punctuation",
			text: "Read http://example.org/a?b=c&d=e. Then (https://example.org/x), ok?",
			html: "<p>Read " + link("http://", "example.org/a?b=c&amp;d=e") + ". Then (" +
				link("https://", "example.org/x") + "), ok?</p>",
		},
		{
			name: "link keeps balanced parenthesis",
			text: "(https://en.wikipedia.org/wiki/Go_(x)).",
			html: "<p>(" + link("https://", "en.wikipedia.org/wiki/Go_(x)") + ").</p>",
		},
		{
			name: "link with quotes",
			text: `"https://example.org/it's"`,
			html: `<p>&#34;` + link("https://", "example.org/it&#39;s") + `&#34;</p>`,
		},
		{
			name: "long link",
			text: "https://example.org/a/very/long/path/that/goes/on",
			html: `<p><a href="https://example.org/a/very/long/path/that/goes/on" target="_blank" rel="nofollow noopener" translate="no">` +
				`<span class="invisible">https://</span><span class="ellipsis">example.org/a/very/long/path/t</span>` +
				`<span class="invisible">hat/goes/on</span></a></p>`,
		},
		{
			name: "link in angle brackets",
			text: "<https://example.org>",
			html: "<p>&lt;" + link("https://", "example.org") + "&gt;</p>",
		},
		{name: "scheme without host", text: "http:// and https://.", html: "<p>http:// and https://.</p>"},
		{name: "unparsable link", text: "http://[::1 #tag", html: "<p>http://[::1 " + tag("tag", "tag") + "</p>", tags: []string{"tag"}},
		{name: "link with control character", text: "https://example.org/\x01#x", html: "<p>https://example.org/\x01#x</p>"},
		{name: "not a link inside a word", text: "xhttp://example.org", html: "<p>xhttp://example.org</p>"},
		{
			name: "no tag or mention inside a link",
			text: "https://example.org/@bob#frag",
			html: "<p>" + link("https://", "example.org/@bob#frag") + "</p>",
		},
		{
			name: "hashtags",
			text: "#Go and #café, #GO again #日本語",
			html: "<p>" + tag("go", "Go") + " and " + tag("caf%C3%A9", "café") + ", " + tag("go", "GO") +
				" again " + tag("%E6%97%A5%E6%9C%AC%E8%AA%9E", "日本語") + "</p>",
			tags: []string{"go", "café", "日本語"},
		},
		{name: "digits only is not a tag", text: "#123 #1a", html: "<p>#123 " + tag("1a", "1a") + "</p>", tags: []string{"1a"}},
		{name: "inside a word is not a tag", text: "a#b", html: "<p>a#b</p>"},
		{name: "fragment is not a tag", text: "example.org/#top &#38;", html: "<p>example.org/#top &amp;#38;</p>"},
		{name: "underscore tag", text: "(#_x_)", html: "<p>(" + tag("_x_", "_x_") + ")</p>", tags: []string{"_x_"}},
		{name: "too long is not a tag", text: "#" + strings.Repeat("a", 101), html: "<p>#" + strings.Repeat("a", 101) + "</p>"},
		{
			name: "longest tag",
			text: "#" + strings.Repeat("a", 100),
			html: "<p>" + tag(strings.Repeat("a", 100), strings.Repeat("a", 100)) + "</p>",
			tags: []string{strings.Repeat("a", 100)},
		},
		{
			name:     "mentions",
			text:     "@Alice hi @bob, @alice!",
			html:     "<p>" + mention("https://example.org/@alice", "alice") + " hi " + mention("https://example.org/@bob", "bob") + ", " + mention("https://example.org/@alice", "alice") + "!</p>",
			mentions: []string{"alice", "bob"},
		},
		{name: "unresolved mention", text: "@nobody <3", html: "<p>@nobody &lt;3</p>"},
		{
			name:     "mention with domain",
			text:     "cc @carol@remote.example. @alice@example.org",
			html:     "<p>cc " + mention("https://remote.example/@carol", "carol@remote.example") + ". " + mention("https://example.org/@alice", "alice") + "</p>",
			mentions: []string{"carol@remote.example", "alice"},
		},
		{name: "unresolved domain is not the local user", text: "@bob@elsewhere.example", html: "<p>@bob@elsewhere.example</p>"},
		{name: "email is not a mention", text: "bob@example.org", html: "<p>bob@example.org</p>"},
		{name: "path is not a mention", text: "example.org/@bob", html: "<p>example.org/@bob</p>"},
		{name: "longer username is not a mention", text: "@bobby @bob_ @josé", html: "<p>@bobby @bob_ @josé</p>"},
		{
			name: "mixed",
			text: "Hi @alice!\nSee https://example.org/go #Golang\n\n<b>bye</b> #golang @bob",
			html: "<p>Hi " + mention("https://example.org/@alice", "alice") + "!<br />See " +
				link("https://", "example.org/go") + " " + tag("golang", "Golang") +
				"</p><p>&lt;b&gt;bye&lt;/b&gt; " + tag("golang", "golang") + " " +
				mention("https://example.org/@bob", "bob") + "</p>",
			tags:     []string{"golang"},
			mentions: []string{"alice", "bob"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Render(tt.text, testOptions)
			if got.HTML != tt.html {
				t.Errorf("HTML:\n got %s\nwant %s", got.HTML, tt.html)
			}
			if !slices.Equal(got.Tags, tt.tags) {
				t.Errorf("Tags = %q, want %q", got.Tags, tt.tags)
			}
			if !slices.Equal(got.Mentions, tt.mentions) {
				t.Errorf("Mentions = %q, want %q", got.Mentions, tt.mentions)
			}
		})
	}
}

func TestRender_noResolver(t *testing.T) {
	got := Render("@alice #Tag", Options{BaseURL: "https://example.org/"})
	want := "<p>@alice " + tag("tag", "Tag") + "</p>"
	if got.HTML != want || got.Mentions != nil {
		t.Errorf("Render = %q, %q; want %q and no mentions", got.HTML, got.Mentions, want)
	}
}

func TestRender_redact(t *testing.T) {
	o := testOptions
	o.Redact = func(u string) bool { return strings.EqualFold(u, "bob") }
	got := Render("@alice and @Bob, not @carol", o)
	want := "<p>" + mention("https://example.org/@alice", "alice") + " and " + Redacted + ", not @carol</p>"
	if got.HTML != want || !slices.Equal(got.Mentions, []string{"alice"}) {
		t.Errorf("Render = %q, %q; want %q and mentions [alice]", got.HTML, got.Mentions, want)
	}
}

func TestTags(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{name: "none", text: "hello", want: nil},
		{name: "case and duplicates", text: "#Go #go #GO #rust", want: []string{"go", "rust"}},
		{name: "unicode", text: "#Café #CAFÉ", want: []string{"café"}},
		{name: "digits only", text: "#123", want: nil},
		{name: "inside a word", text: "a#b", want: nil},
		{name: "URL fragment", text: "https://example.org/page#section", want: nil},
		{name: "entity", text: "&#39;", want: nil},
		{name: "across lines", text: "#a\r#b\n\n#c", want: []string{"a", "b", "c"}},
		{name: "punctuation ends a tag", text: "#one,#two.#three", want: []string{"one", "two", "three"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tags(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Tags(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if got := Render(tt.text, testOptions).Tags; !slices.Equal(got, tt.want) {
				t.Errorf("Render(%q).Tags = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestNormalizeTag(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{in: "Go", want: "go", ok: true},
		{in: "#Go", want: "go", ok: true},
		{in: "Café", want: "café", ok: true},
		{in: "_", want: "_", ok: true},
		{in: "a1", want: "a1", ok: true},
		{in: strings.Repeat("a", 100), want: strings.Repeat("a", 100), ok: true},
		{in: strings.Repeat("a", 101)},
		{in: ""},
		{in: "#"},
		{in: "##go"},
		{in: "123"},
		{in: "go lang"},
		{in: "go-lang"},
		{in: "a\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := NormalizeTag(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NormalizeTag(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
