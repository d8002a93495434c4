package mastoapi

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"agora"
)

// linkRE matches the Link header setLink writes.
var linkRE = regexp.MustCompile(`^<([^<>]*)>; rel="next", <([^<>]*)>; rel="prev"$`)

// FuzzSetLink checks the Link header of a paged list, for any request path
// and query a client may send: it holds a next and a prev link, each an ASCII
// URI (as RFC 8288 has it) that parses to the request's path, with the
// request's other parameters kept and the cursor (max_id, min_id) set, and no
// other cursor.
func FuzzSetLink(f *testing.F) {
	for _, s := range []string{
		"/api/v1/timelines/home?limit=5", "/api/v1/timelines/tag/caf%C3%A9?any[]=a&max_id=9", "/api/v1/accounts/1/statuses?min_id=1&since_id=2&only_media=true",
		"/api/v1/timelines/tag/a%3E;%20rel=%22x%22", "/api/v1/notifications?types[]=mention&types[]=follow&x=%00", "/a%2Fb?q=a+b&q=%E2%80%8F",
	} {
		f.Add(s, int64(7), int64(3))
	}
	f.Fuzz(func(t *testing.T, target string, newest, oldest int64) {
		u, err := url.ParseRequestURI(target)
		if err != nil || !strings.HasPrefix(u.Path, "/") || newest <= 0 || oldest <= 0 {
			return // not a request for a list: "*" (OPTIONS) has no page
		}
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL = u
		w := httptest.NewRecorder()
		setLink(w, r, "https://x.example", agora.ID(newest), agora.ID(oldest))
		h := w.Header().Get("Link")
		m := linkRE.FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("request %q: Link %q", target, h)
		}
		for i, cursor := range map[int][2]string{1: {"max_id", agora.ID(oldest).String()}, 2: {"min_id", agora.ID(newest).String()}} {
			link := m[i]
			for j := 0; j < len(link); j++ {
				if link[j] <= ' ' || link[j] >= 0x7f || strings.IndexByte(`"<>\^`+"`{|}", link[j]) >= 0 {
					t.Fatalf("request %q: link %q holds %q, not a URI character", target, link, link[j])
				}
			}
			lu, err := url.Parse(link)
			if err != nil || lu.Scheme != "https" || lu.Host != "x.example" || lu.Path != u.Path {
				t.Fatalf("request %q: link %q goes elsewhere (%v)", target, link, err)
			}
			q, want := lu.Query(), u.Query()
			for _, c := range []string{"max_id", "min_id", "since_id"} {
				delete(want, c)
			}
			want.Set(cursor[0], cursor[1])
			if q.Encode() != want.Encode() {
				t.Fatalf("request %q: link %q has the parameters %q, want %q", target, link, q.Encode(), want.Encode())
			}
		}
	})
}
