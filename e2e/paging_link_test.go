package e2e

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestPagingLink_NonASCIIPath: the Link header of a list whose path is not
// ASCII (the timeline of #café) holds ASCII URIs, as RFC 8288 has it, which a
// client follows to the next page. FuzzSetLink found the path written
// unescaped.
func TestPagingLink_NonASCIIPath(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			r.mustAccount("alice")
			ac := r.passwordLogin("alice")
			first := post(t, ac, &mastodon.Toot{Status: "un #café"})
			post(t, ac, &mastodon.Toot{Status: "deux #café"})

			code, body, h := r.do("GET", "/api/v1/timelines/tag/caf%C3%A9?limit=1", "", "", "")
			if code != http.StatusOK {
				t.Fatalf("GET tag timeline = %d %s", code, body)
			}
			m := regexp.MustCompile(`^<([^>]*)>; rel="next"`).FindStringSubmatch(h.Get("Link"))
			if m == nil {
				t.Fatalf("Link = %q, want a next link", h.Get("Link"))
			}
			for i := 0; i < len(m[1]); i++ {
				if m[1][i] >= 0x80 {
					t.Fatalf("next link %q is not ASCII", m[1])
				}
			}
			next, err := url.Parse(m[1])
			if err != nil {
				t.Fatal(err)
			}
			var page []*mastodon.Status
			getJSON(t, r, next.RequestURI(), "", &page)
			if len(page) != 1 || page[0].ID != first.ID {
				t.Errorf("next page %q = %v, want the first status %s", next.RequestURI(), ids(page), first.ID)
			}
		})
	}
}
