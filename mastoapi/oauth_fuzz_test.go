package mastoapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"agora"
)

// FuzzRedirectOAuth checks the redirect that ends an authorization, for every
// redirect URI an app may register: it never panics; it answers 302 to the
// registered URI's own scheme, host and path, with the code and state (or the
// error) in the query, read back intact, and the URI's other query parameters
// kept.
func FuzzRedirectOAuth(f *testing.F) {
	for _, s := range [][3]string{
		{"https://app.example/cb", "abc", "xyz"},
		{"https://app.example/cb?x=1&code=old", "abc", ""},
		{"myapp://oauth", "a b&c=d", "s#t"},
		{"com.example.app:/callback", "%00", "é"},
		{"http://127.0.0.1:8080/cb?state=evil", "c", "\x00"},
		{"https://app.example/a%2Fb/c?q=%ZZ", "c", "s"},
		{"x:opaque?q", "c", "s"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, uri, code, state string) {
		if !agora.ValidRedirectURI(uri) || uri == agora.OOBRedirect {
			return
		}
		reg, err := url.Parse(uri)
		if err != nil {
			t.Fatalf("ValidRedirectURI(%q) but it does not parse: %v", uri, err)
		}
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, "/oauth/authorize", nil)
		if err := redirectOAuth(w, r, uri, url.Values{"code": {code}, "state": {state}}); err != nil {
			t.Fatalf("redirectOAuth(%q): %v", uri, err)
		}
		loc := w.Header().Get("Location")
		u, err := url.Parse(loc)
		if w.Code != http.StatusFound || err != nil {
			t.Fatalf("redirectOAuth(%q) = %d %q (%v)", uri, w.Code, loc, err)
		}
		// http.Redirect escapes the bytes beyond ASCII (%xx).
		if !strings.EqualFold(u.Scheme, reg.Scheme) || u.Host != reg.Host || u.Opaque != escapeNonASCII(reg.Opaque) || u.Path != reg.Path {
			t.Fatalf("redirectOAuth(%q): Location %q goes elsewhere", uri, loc)
		}
		q := u.Query()
		if q.Get("code") != code || len(q["code"]) != 1 || state != "" && (q.Get("state") != state || len(q["state"]) != 1) || state == "" && q.Has("state") {
			t.Fatalf("redirectOAuth(%q, code %q, state %q): Location %q", uri, code, state, loc)
		}
		for k, v := range reg.Query() {
			if k != "code" && k != "state" && q.Get(k) != v[0] {
				t.Fatalf("redirectOAuth(%q): Location %q lost %s=%q", uri, loc, k, v[0])
			}
		}
	})
}

// escapeNonASCII escapes the bytes of s beyond ASCII as http.Redirect does.
func escapeNonASCII(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			fmt.Fprintf(&b, "%%%x", s[i])
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
