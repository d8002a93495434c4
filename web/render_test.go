package web

import (
	"net/http"
	"testing"
)

func TestWantsJSON(t *testing.T) {
	tests := []struct {
		accept string
		want   bool
	}{
		{"", false},
		{"*/*", false},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false},
		{"application/json", true},
		{"application/json, text/plain, */*", true},
		{"application/activity+json", true},
		{`application/ld+json; profile="https://www.w3.org/ns/activitystreams"`, true},
		{"application/json, text/html", false},
		{"application/atom+xml", false},
		{"nonsense;;;", false},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest(http.MethodGet, "/@alice", nil)
		r.Header.Set("Accept", tt.accept)
		if got := wantsJSON(r); got != tt.want {
			t.Errorf("wantsJSON(Accept: %q) = %v, want %v", tt.accept, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		spoiler, text string
		n             int
		want          string
	}{
		{"", "hello   world\n\nagain", 60, "hello world again"},
		{"spoilers", "the text", 60, "spoilers"},
		{" ", "the text", 60, "the text"},
		{"", "ééééé", 3, "ééé…"},
	}
	for _, tt := range tests {
		if got := excerpt(tt.spoiler, tt.text, tt.n); got != tt.want {
			t.Errorf("excerpt(%q, %q, %d) = %q, want %q", tt.spoiler, tt.text, tt.n, got, tt.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	got := paragraphs("one\r\nline two\n\n\n  \n three \n\n")
	if len(got) != 2 || got[0] != "one\nline two" || got[1] != "three" {
		t.Errorf("paragraphs = %q", got)
	}
}

// TestPages_parse checks every page's template parses with the layout.
func TestPages_parse(t *testing.T) {
	for _, name := range []string{"home", "profile", "thread", "tag", "error"} {
		if pages[name] == nil {
			t.Errorf("no page %q", name)
		}
	}
}
