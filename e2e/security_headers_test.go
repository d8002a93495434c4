package e2e

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/app"
)

// TestSecurityHeaders_Surfaces reads one answer of each surface (public pages
// and their stylesheet and feeds, the Mastodon API and its errors, the OAuth
// sign-in page, the legal console signed out and in with its scripts, the
// transparency pages and log, the legal and authority APIs, health, and a
// path that is nowhere) and checks the headers every answer must carry, and
// that each page's Content-Security-Policy allows no inline script, no eval
// and no framing. The headers do not depend on the database, so SQLite alone.
func TestSecurityHeaders_Surfaces(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	alice := r.passwordLogin(r.mustAccount("alice").Username)
	st := post(t, alice, &mastodon.Toot{Status: "Hello #agora", Visibility: "public"})
	consoleAccount(t, r.srv, "lena", agora.RoleLegal)
	staff := newConsoleUser(t, r.srv.URL)
	if status, _, _ := staff.signIn("lena", "password-lena"); status != http.StatusSeeOther {
		t.Fatalf("console sign-in: %d, want 303", status)
	}
	authorize := "/oauth/authorize?" + url.Values{"response_type": {"code"}, "client_id": {r.app.ClientID},
		"redirect_uri": {testRedirect}, "scope": {"read"}}.Encode()

	for _, tc := range []struct {
		path   string
		status int
		page   bool // an HTML page, with its own policy
		staff  bool // read with the console session
	}{
		{"/", 200, true, false},
		{"/@alice", 200, true, false},
		{"/@alice/" + string(st.ID), 200, true, false},
		{"/tags/agora", 200, true, false},
		{"/@nobody", 404, true, false},
		{"/@alice.atom", 200, false, false},
		{"/web/agora.css", 200, false, false},
		{"/api/v1/instance", 200, false, false},
		{"/api/v1/timelines/public", 200, false, false},
		{"/api/v1/statuses/1", 404, false, false},
		{"/api/v1/accounts/verify_credentials", 401, false, false},
		{authorize, 200, true, false},
		{"/legal/signin", 200, true, false},
		{"/legal", 200, true, true},
		{"/legal/orders", 200, true, true},
		{"/legal/static/htmx.min.js", 200, false, false},
		{"/legal/console.css", 200, false, false},
		{"/transparency", 200, true, false},
		{"/transparency/log/checkpoint", 200, false, false},
		{"/api/v1/transparency/reports", 200, false, false},
		{"/api/v1/legal/openapi.json", 200, false, false},
		{"/api/v1/authority/openapi.json", 200, false, false},
		{"/api/v1/authority/orders", 401, false, false},
		{"/healthz", 200, false, false},
		{"/no/such/path", 404, false, false},
	} {
		t.Run(tc.path, func(t *testing.T) {
			var status int
			var body string
			var h http.Header
			if tc.staff {
				status, body, h = staff.do(http.MethodGet, tc.path, nil)
			} else {
				status, body, h = newConsoleUser(t, r.srv.URL).do(http.MethodGet, tc.path, nil)
			}
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, lgShort([]byte(body)))
			}
			for name, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"X-Frame-Options":        "DENY",
				"Referrer-Policy":        "same-origin",
			} {
				if got := h.Values(name); len(got) != 1 || got[0] != want {
					t.Errorf("%s: %q, want %q once", name, got, want)
				}
			}
			csps := h.Values("Content-Security-Policy")
			if len(csps) != 1 {
				t.Fatalf("Content-Security-Policy: %q, want one", csps)
			}
			csp := cspDirectives(csps[0])
			for _, d := range []string{"default-src", "frame-ancestors", "base-uri"} {
				if csp[d] == "" {
					t.Errorf("Content-Security-Policy %q has no %s", csps[0], d)
				}
			}
			if csp["default-src"] != "'none'" || csp["frame-ancestors"] != "'none'" {
				t.Errorf("Content-Security-Policy %q: want default-src 'none' and frame-ancestors 'none'", csps[0])
			}
			for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} {
				for d, v := range csp {
					if strings.Contains(" "+v+" ", " "+bad+" ") {
						t.Errorf("Content-Security-Policy allows %s in %s: %q", bad, d, csps[0])
					}
				}
			}
			isHTML := strings.HasPrefix(h.Get("Content-Type"), "text/html")
			if isHTML != tc.page {
				t.Errorf("Content-Type %q: an HTML page is %v, want %v", h.Get("Content-Type"), isHTML, tc.page)
			}
			if tc.page {
				if s := csp["script-src"]; s != "" && s != "'self'" {
					t.Errorf("page's script-src is %q, want none or 'self'", s)
				}
				if strings.Contains(body, "<script>") || strings.Contains(body, " onclick=") || strings.Contains(body, " style=\"") {
					t.Errorf("page has an inline script, handler or style attribute, which its policy refuses")
				}
			}
		})
	}
}

// cspDirectives splits a Content-Security-Policy into its directives' values.
func cspDirectives(policy string) map[string]string {
	m := map[string]string{}
	for _, d := range strings.Split(policy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		if name != "" {
			m[name] = strings.TrimSpace(value)
		}
	}
	return m
}

// TestSecurityHeaders_Cookies checks the flags of the cookies of the legal
// console and of the OAuth sign-in page: HttpOnly, SameSite=Lax, the narrowest
// path, and Secure when the instance's public URL is https (agora behind a TLS
// proxy) but not over plain http, where a browser would drop them.
func TestSecurityHeaders_Cookies(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   []agoratest.Option
		secure bool
	}{
		{"http", nil, false},
		{"https proxy", []agoratest.Option{func(c *app.Config) { c.BaseURL = "https://social.example" }}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := agoratest.MustRunServer(t, agoratest.SQLite, tc.opts...)
			base := "http://" + srv.ListenAddr() // the address behind the proxy
			oa, err := mastodon.RegisterApp(context.Background(), &mastodon.AppConfig{Server: base, ClientName: "cookies",
				Scopes: "read", RedirectURIs: testRedirect})
			if err != nil {
				t.Fatal(err)
			}
			consoleAccount(t, srv, "lena", agora.RoleLegal)
			// By hand, without a cookie jar, which would not send a Secure
			// cookie back over the test's plain http.
			hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := hc.Get(base + "/legal/signin")
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			signInPage := resp.Header
			tok, m := cookieNamed(signInPage, "agora_console_signin"), consoleCSRF.FindSubmatch(page)
			if tok == nil || m == nil {
				t.Fatalf("sign-in page: no token: %q", signInPage.Values("Set-Cookie"))
			}
			req, _ := http.NewRequest(http.MethodPost, base+"/legal/signin", strings.NewReader(url.Values{
				"csrf": {string(m[1])}, "login": {"lena"}, "password": {"password-lena"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: tok.Name, Value: tok.Value})
			if resp, err = hc.Do(req); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			signedIn := resp.Header
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("console sign-in: %d, want 303", resp.StatusCode)
			}
			authorize := "/oauth/authorize?" + url.Values{"response_type": {"code"}, "client_id": {oa.ClientID},
				"redirect_uri": {testRedirect}, "scope": {"read"}}.Encode()
			_, _, oauthPage := newConsoleUser(t, base).do(http.MethodGet, authorize, nil)

			for _, c := range []struct {
				h          http.Header
				name, path string
			}{
				{signInPage, "agora_console_signin", "/legal"},
				{signedIn, "agora_console", "/legal"},
				{oauthPage, "agora_csrf", "/oauth"},
			} {
				ck := cookieNamed(c.h, c.name)
				if ck == nil {
					t.Errorf("no %s cookie set in %q", c.name, c.h.Values("Set-Cookie"))
					continue
				}
				if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != c.path || ck.Secure != tc.secure {
					t.Errorf("%s: HttpOnly %v, SameSite %v, Path %q, Secure %v; want HttpOnly, Lax, %q, Secure %v",
						c.name, ck.HttpOnly, ck.SameSite, ck.Path, ck.Secure, c.path, tc.secure)
				}
			}
		})
	}
}

// cookieNamed returns the cookie of the name that h sets with a value, or nil.
func cookieNamed(h http.Header, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == name && c.Value != "" {
			return c
		}
	}
	return nil
}
