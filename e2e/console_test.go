package e2e

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/oauth"
)

// consoleUser is a browser-like client of the legal console: a cookie jar, and
// redirects not followed, so each answer can be checked.
type consoleUser struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func newConsoleUser(t *testing.T, base string) *consoleUser {
	jar, _ := cookiejar.New(nil)
	return &consoleUser{t: t, base: base, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends the request and returns the status, body and headers.
func (u *consoleUser) do(method, path string, form url.Values) (int, string, http.Header) {
	u.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u.base+path, body)
	if err != nil {
		u.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "text/html")
	resp, err := u.hc.Do(req)
	if err != nil {
		u.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

var consoleCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// token returns the CSRF token of the first form on the page at path.
func (u *consoleUser) token(path string) string {
	u.t.Helper()
	status, body, _ := u.do(http.MethodGet, path, nil)
	m := consoleCSRF.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		u.t.Fatalf("GET %s: status %d, no CSRF token in %s", path, status, lgShort([]byte(body)))
	}
	return m[1]
}

// signIn posts the sign-in form and returns the answer's status and body.
func (u *consoleUser) signIn(login, password string) (int, string, http.Header) {
	u.t.Helper()
	tok := u.token("/legal/signin")
	return u.do(http.MethodPost, "/legal/signin", url.Values{"csrf": {tok}, "login": {login}, "password": {password}, "next": {"/legal"}})
}

// consoleAccount creates an account with the role and the password
// "password-<username>".
func consoleAccount(t *testing.T, srv *agoratest.Server, username string, role agora.Role) *agora.Account {
	t.Helper()
	a, err := srv.Service.CreateAccount(context.Background(), oauth.NewAccount{
		Username: username, Email: username + "@example.org", Password: "password-" + username, Role: role})
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	return a
}

// TestConsole_Session signs staff in and out of the legal console, and shows
// that a form without its CSRF token changes nothing, that an account without
// staff access opens no console page, and that ending a staff member's access
// ends their session.
func TestConsole_Session(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			srv := agoratest.MustRunServer(t, b)
			admin := consoleAccount(t, srv, "ada", agora.RoleAdmin)
			consoleAccount(t, srv, "lena", agora.RoleLegal)
			consoleAccount(t, srv, "uma", agora.RoleUser)

			t.Run("without a session", func(t *testing.T) {
				u := newConsoleUser(t, srv.URL)
				for _, p := range []string{"/legal", "/legal/orders", "/legal/orders/1"} {
					status, _, h := u.do(http.MethodGet, p, nil)
					if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/legal/signin?next=") {
						t.Errorf("GET %s: %d to %q, want 303 to the sign-in page", p, status, h.Get("Location"))
					}
				}
				if status, _, _ := u.do(http.MethodPost, "/legal/signout", url.Values{"csrf": {"x"}}); status != http.StatusUnauthorized {
					t.Errorf("POST /legal/signout without a session: %d, want 401", status)
				}
			})

			t.Run("sign-in form without its token", func(t *testing.T) {
				u := newConsoleUser(t, srv.URL)
				status, _, h := u.do(http.MethodPost, "/legal/signin", url.Values{"login": {"lena"}, "password": {"password-lena"}})
				if status != http.StatusForbidden || strings.Contains(h.Get("Set-Cookie"), "agora_console=") && !strings.Contains(h.Get("Set-Cookie"), "Max-Age=0") {
					t.Errorf("sign-in without the form's token: %d, Set-Cookie %q; want 403 and no session", status, h.Values("Set-Cookie"))
				}
				if status, _, _ := u.do(http.MethodGet, "/legal", nil); status != http.StatusSeeOther {
					t.Errorf("GET /legal after it: %d, want 303 to sign in", status)
				}
			})

			t.Run("staff", func(t *testing.T) {
				u := newConsoleUser(t, srv.URL)
				status, body, _ := u.signIn("lena", "not-the-password")
				if status != http.StatusUnauthorized || !strings.Contains(body, "Invalid username, email or password") {
					t.Errorf("wrong password: %d, want 401 saying so", status)
				}
				status, _, h := u.signIn("lena@example.org", "password-lena")
				if status != http.StatusSeeOther || h.Get("Location") != "/legal" {
					t.Fatalf("sign in: %d to %q, want 303 to /legal", status, h.Get("Location"))
				}
				var session *http.Cookie
				for _, c := range (&http.Response{Header: h}).Cookies() {
					if c.Name == "agora_console" {
						session = c
					}
				}
				if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || session.Path != "/legal" || session.MaxAge <= 0 {
					t.Errorf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/legal, not Secure over http, with a Max-Age", session)
				}
				status, body, h = u.do(http.MethodGet, "/legal", nil)
				if status != http.StatusOK || !strings.Contains(body, "<h1>Dashboard</h1>") || !strings.Contains(body, "Signed in as lena") {
					t.Fatalf("GET /legal: %d, want the dashboard for lena: %s", status, lgShort([]byte(body)))
				}
				if h.Get("Cache-Control") != "no-store" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
					t.Errorf("dashboard headers: Cache-Control %q, CSP %q", h.Get("Cache-Control"), h.Get("Content-Security-Policy"))
				}

				// A form post without its token, or with another's, is refused
				// and changes nothing: the session goes on.
				for _, form := range []url.Values{{}, {"csrf": {"forged"}}} {
					if status, body, _ := u.do(http.MethodPost, "/legal/signout", form); status != http.StatusForbidden || !strings.Contains(body, "security token") {
						t.Errorf("sign-out with csrf %q: %d, want 403", form.Get("csrf"), status)
					}
				}
				if status, _, _ := u.do(http.MethodGet, "/legal/orders", nil); status != http.StatusOK {
					t.Errorf("GET /legal/orders after the refused posts: %d, want 200", status)
				}
				other := newConsoleUser(t, srv.URL)
				other.signIn("lena", "password-lena")
				if status, _, _ := u.do(http.MethodPost, "/legal/signout", url.Values{"csrf": {other.token("/legal")}}); status != http.StatusForbidden {
					t.Errorf("sign-out with another session's token: %d, want 403", status)
				}

				tok := u.token("/legal")
				if status, _, h := u.do(http.MethodPost, "/legal/signout", url.Values{"csrf": {tok}}); status != http.StatusSeeOther || h.Get("Location") != "/legal/signin" {
					t.Errorf("sign out: %d to %q, want 303 to the sign-in page", status, h.Get("Location"))
				}
				if status, _, _ := u.do(http.MethodGet, "/legal", nil); status != http.StatusSeeOther {
					t.Errorf("GET /legal after signing out: %d, want 303 to sign in", status)
				}
			})

			t.Run("not staff", func(t *testing.T) {
				u := newConsoleUser(t, srv.URL)
				status, body, h := u.signIn("uma", "password-uma")
				if status != http.StatusForbidden || !strings.Contains(body, "legal or admin role") {
					t.Errorf("sign in as a user: %d, want 403 saying who the console is for", status)
				}
				if strings.Contains(strings.Join(h.Values("Set-Cookie"), ";"), "agora_console=") && !strings.Contains(strings.Join(h.Values("Set-Cookie"), ";"), "agora_console=;") {
					t.Errorf("sign in as a user set a session: %q", h.Values("Set-Cookie"))
				}
				for _, p := range []string{"/legal", "/legal/orders"} {
					if status, _, _ := u.do(http.MethodGet, p, nil); status != http.StatusSeeOther {
						t.Errorf("GET %s as uma: %d, want 303 to sign in", p, status)
					}
				}
			})

			t.Run("access ended", func(t *testing.T) {
				u := newConsoleUser(t, srv.URL)
				if status, _, _ := u.signIn("lena", "password-lena"); status != http.StatusSeeOther {
					t.Fatalf("sign in: %d", status)
				}
				if _, err := srv.Desk.SetAccessUntil(context.Background(), admin, "lena", srv.Desk.Now().Add(-time.Minute)); err != nil {
					t.Fatal(err)
				}
				if status, body, _ := u.do(http.MethodGet, "/legal", nil); status != http.StatusForbidden || !strings.Contains(body, "session has ended") {
					t.Errorf("GET /legal after the access ended: %d, want 403", status)
				}
				if status, _, _ := u.do(http.MethodGet, "/legal", nil); status != http.StatusSeeOther {
					t.Errorf("GET /legal again: %d, want 303 to sign in (the session is gone)", status)
				}
				if status, _, _ := u.signIn("lena", "password-lena"); status != http.StatusForbidden {
					t.Errorf("sign in with ended access: %d, want 403", status)
				}
			})
		})
	}
}

// TestConsole_Throttle shows the sign-in throttle per address: after five
// failures the address waits (429 with Retry-After), even with the right
// password, and after the wait the right password works.
func TestConsole_Throttle(t *testing.T) {
	srv := agoratest.MustRunServer(t, agoratest.SQLite)
	consoleAccount(t, srv, "lena", agora.RoleLegal)
	u := newConsoleUser(t, srv.URL)
	for i := range 5 {
		if status, _, _ := u.signIn("lena", "wrong-password"); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, status)
		}
	}
	status, body, h := u.signIn("lena", "password-lena")
	if status != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(body, "Too many failed sign-ins") {
		t.Fatalf("sixth attempt: %d, Retry-After %q; want 429", status, h.Get("Retry-After"))
	}
	time.Sleep(1100 * time.Millisecond)
	if status, _, _ := u.signIn("lena", "password-lena"); status != http.StatusSeeOther {
		t.Errorf("the right password after the wait: %d, want 303", status)
	}
}
