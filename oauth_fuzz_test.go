package agora_test

import (
	"net/url"
	"strings"
	"testing"

	"agora"
)

// FuzzValidRedirectURI checks the redirect URIs an app may register: a URI
// accepted is at most MaxRedirectURILen bytes, has no fragment, and names a
// scheme that, as a browser reads it (surrounding spaces and control
// characters dropped, tabs and newlines removed, any case), is none that runs
// or shows content (javascript:, data:, vbscript:, file: and the like); an
// http(s) one has a host.
func FuzzValidRedirectURI(f *testing.F) {
	for _, s := range []string{
		agora.OOBRedirect, "https://app.example/cb?x=1", "myapp://oauth", "com.example.app:/callback", "http://127.0.0.1/cb",
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "\x01javascript:x",
		"data:text/html,<script>x</script>", "vbscript:msgbox", "https://app.example/cb#frag", "https:/nohost", "http:app",
		"urn:ietf:wg:oauth:2.0:oob:auto", "file:///etc/passwd", "view-source:https://x", "https://a.example\\@b.example/",
		"//app.example/cb", "https://[::1]:8080/cb", "x-" + strings.Repeat("a", 2000) + ":/",
	} {
		f.Add(s)
	}
	forbidden := []string{"javascript", "vbscript", "livescript", "data", "file", "blob", "filesystem", "about", "view-source", "jar"}
	f.Fuzz(func(t *testing.T, uri string) {
		if !agora.ValidRedirectURI(uri) || uri == agora.OOBRedirect {
			return
		}
		if len(uri) > agora.MaxRedirectURILen || strings.Contains(uri, "#") {
			t.Fatalf("ValidRedirectURI(%q): too long or has a fragment", uri)
		}
		scheme := browserScheme(uri)
		for _, s := range forbidden {
			if scheme == s {
				t.Fatalf("ValidRedirectURI(%q): a browser reads the scheme %q", uri, scheme)
			}
		}
		if scheme == "urn" {
			t.Fatalf("ValidRedirectURI(%q): an urn: other than the out-of-band URI", uri)
		}
		if scheme == "http" || scheme == "https" {
			if u, err := url.Parse(uri); err != nil || u.Host == "" {
				t.Fatalf("ValidRedirectURI(%q): an http(s) URI without a host", uri)
			}
		}
	})
}

// browserScheme is the scheme a browser finds in a URL, as the WHATWG URL
// parser reads it: leading and trailing C0 controls and spaces stripped, tabs
// and newlines anywhere removed, lower-cased; "" when it has none.
func browserScheme(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return ""
	}
	scheme := strings.ToLower(s[:i])
	for j := 0; j < len(scheme); j++ {
		c := scheme[j]
		if !(c >= 'a' && c <= 'z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return ""
		}
	}
	return scheme
}
