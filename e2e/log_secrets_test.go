package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/app"
	authwire "agora/authorityapi/wire"
)

// syncBuffer is a buffer the server's goroutines may write to at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLogs_NoSecrets runs the flows that carry secrets through a server whose
// logs, at debug level, are kept: a sign-up through the API, the password
// grant, the authorization code with PKCE, the client credentials grant, a
// console sign-in and sign-out, an authority's token and client credentials,
// a webhook registered with its secret, failed sign-ins on every form, and
// requests with a wrong token in the header and in the query. Then it looks
// for every secret used (passwords, access tokens, codes, verifiers, client
// secrets, webhook secrets, session cookies, CSRF tokens) in the logs, which
// must hold none of them.
func TestLogs_NoSecrets(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { logsNoSecrets(t, b) })
	}
}

func logsNoSecrets(t *testing.T, b agoratest.Backend) {
	var logs syncBuffer
	var secrets []string
	keep := func(what, s string) {
		t.Helper()
		if len(s) < 8 {
			t.Fatalf("%s %q: too short to look for", what, s)
		}
		secrets = append(secrets, what+"\x00"+s)
	}
	srv := agoratest.MustRunServerLogging(t, b, &logs, agoratest.WithRegistrations(true),
		func(c *app.Config) { c.LogLevel, c.LogFormat, c.WebhookAllowPrivate = "debug", "json", "on" })
	r := &logRig{t: t, base: srv.URL, hc: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	ctx := context.Background()

	// An app, its client credentials token, a sign-up with it.
	oa, err := mastodon.RegisterApp(ctx, &mastodon.AppConfig{Server: srv.URL, ClientName: "logs",
		Scopes: "read write follow", RedirectURIs: testRedirect})
	if err != nil {
		t.Fatal(err)
	}
	keep("client secret", oa.ClientSecret)
	cc := r.json("POST", "/oauth/token", "", url.Values{"grant_type": {"client_credentials"},
		"client_id": {oa.ClientID}, "client_secret": {oa.ClientSecret}, "scope": {"read write"}}, 200)
	keep("client credentials token", cc["access_token"].(string))
	const password = "Sign-up-passphrase-7c1f"
	keep("password", password)
	signup := r.json("POST", "/api/v1/accounts", cc["access_token"].(string), url.Values{"username": {"nadia"},
		"email": {"nadia@example.org"}, "password": {password}, "agreement": {"true"}, "locale": {"en"}}, 200)
	keep("sign-up token", signup["access_token"].(string))

	// The password grant, right and wrong.
	pw := r.json("POST", "/oauth/token", "", url.Values{"grant_type": {"password"}, "client_id": {oa.ClientID},
		"client_secret": {oa.ClientSecret}, "username": {"nadia@example.org"}, "password": {password}, "scope": {"read write"}}, 200)
	keep("password grant token", pw["access_token"].(string))
	const wrong = "Wrong-passphrase-91ab"
	keep("wrong password", wrong)
	r.json("POST", "/oauth/token", "", url.Values{"grant_type": {"password"}, "client_id": {oa.ClientID},
		"client_secret": {oa.ClientSecret}, "username": {"nadia"}, "password": {wrong}, "scope": {"read"}}, 400)

	// The authorization code with PKCE, a wrong password on the page first.
	verifier := "pkce-verifier-" + strings.Repeat("0123456789", 5)
	keep("PKCE verifier", verifier)
	q := url.Values{"response_type": {"code"}, "client_id": {oa.ClientID}, "redirect_uri": {testRedirect},
		"scope": {"read"}, "state": {"s"}, "code_challenge": {pkceChallenge(verifier)}, "code_challenge_method": {"S256"}}
	status, page, h := r.do("GET", "/oauth/authorize?"+q.Encode(), "", nil, nil)
	m, ck := csrfRE.FindStringSubmatch(page), cookieNamed(h, "agora_csrf")
	if status != 200 || m == nil || ck == nil {
		t.Fatalf("authorize page: %d, no form or cookie", status)
	}
	keep("OAuth CSRF token", m[1])
	q.Set("csrf", m[1])
	q.Set("login", "nadia")
	q.Set("decision", "allow")
	q.Set("password", wrong)
	if status, _, _ := r.do("POST", "/oauth/authorize", "", q, ck); status != http.StatusUnauthorized && status != http.StatusOK {
		t.Fatalf("authorize with a wrong password: %d", status)
	}
	q.Set("password", password)
	status, _, h = r.do("POST", "/oauth/authorize", "", q, ck)
	loc, _ := url.Parse(h.Get("Location"))
	if status != http.StatusFound || loc == nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d to %q, want a code", status, h.Get("Location"))
	}
	code := loc.Query().Get("code")
	keep("authorization code", code)
	tok := r.json("POST", "/oauth/token", "", url.Values{"grant_type": {"authorization_code"}, "client_id": {oa.ClientID},
		"code": {code}, "redirect_uri": {testRedirect}, "code_verifier": {verifier}}, 200)
	keep("code grant token", tok["access_token"].(string))
	// A used code again, and wrong tokens, in the header and in the query.
	r.json("POST", "/oauth/token", "", url.Values{"grant_type": {"authorization_code"}, "client_id": {oa.ClientID},
		"code": {code}, "redirect_uri": {testRedirect}, "code_verifier": {verifier}}, 400)
	const forged = "forged-token-5d0e2b7a9c"
	keep("forged token", forged)
	r.do("GET", "/api/v1/accounts/verify_credentials", forged, nil, nil)
	r.do("GET", "/api/v1/timelines/home?access_token="+forged, "", nil, nil)
	// (The reused code has revoked its token: RFC 6749 section 4.1.2.)
	r.do("POST", "/api/v1/statuses", tok["access_token"].(string), url.Values{"status": {"hello"}}, nil)
	// Revoking the token.
	r.json("POST", "/oauth/revoke", "", url.Values{"client_id": {oa.ClientID}, "client_secret": {oa.ClientSecret},
		"token": {pw["access_token"].(string)}}, 200)

	// The console: a failed sign-in, a sign-in, a page, a sign-out.
	consoleAccount(t, srv, "lena", agora.RoleLegal)
	keep("staff password", "password-lena")
	stok, _, err := srv.Service.CreateToken(ctx, "lena", "read legal:read legal:write")
	if err != nil {
		t.Fatal(err)
	}
	keep("staff token", stok)
	for _, pass := range []string{"Console-wrong-4e2a", "password-lena"} {
		status, page, h := r.do("GET", "/legal/signin", "", nil, nil)
		m, ck := consoleCSRF.FindStringSubmatch(page), cookieNamed(h, "agora_console_signin")
		if status != 200 || m == nil || ck == nil {
			t.Fatalf("console sign-in page: %d", status)
		}
		keep("console sign-in token", ck.Value)
		keep("console password", pass)
		status, _, h = r.do("POST", "/legal/signin", "", url.Values{"csrf": {m[1]}, "login": {"lena"}, "password": {pass}}, ck)
		if pass != "password-lena" {
			if status != http.StatusUnauthorized {
				t.Fatalf("console sign-in with a wrong password: %d, want 401", status)
			}
			continue
		}
		session := cookieNamed(h, "agora_console")
		if status != http.StatusSeeOther || session == nil {
			t.Fatalf("console sign-in: %d, no session", status)
		}
		keep("console session", session.Value)
		status, page, _ = r.do("GET", "/legal", "", nil, session)
		m = consoleCSRF.FindStringSubmatch(page)
		if status != 200 || m == nil {
			t.Fatalf("console dashboard: %d", status)
		}
		keep("console CSRF token", m[1])
		if status, _, _ := r.do("POST", "/legal/signout", "", url.Values{"csrf": {m[1]}}, session); status != http.StatusSeeOther {
			t.Errorf("console sign-out: %d, want 303", status)
		}
	}

	// An authority: a token, client credentials, a webhook with its secret.
	status, body, _ := r.do("GET", "/api/v1/legal/orders", stok, nil, nil)
	if status != 200 {
		t.Fatalf("legal orders with the staff token: %d %s", status, lgShort([]byte(body)))
	}
	in, err := srv.Desk.CreateAuthority(ctx, nil, "Ministry of Electronics and IT", "IN", "ministry")
	if err != nil {
		t.Fatal(err)
	}
	aid := in.ID
	atok, _, err := srv.Desk.CreateAuthorityToken(ctx, nil, aid, "logs")
	if err != nil {
		t.Fatal(err)
	}
	keep("authority token", atok)
	csecret, cl, err := srv.Desk.CreateAuthorityClient(ctx, nil, aid, "portal")
	if err != nil {
		t.Fatal(err)
	}
	keep("authority client secret", csecret)
	actok := r.json("POST", auTokenPath, "", url.Values{"grant_type": {"client_credentials"}, "client_id": {cl.ID.String()},
		"client_secret": {csecret}, "scope": {"authority"}}, 200)
	keep("authority client token", actok["access_token"].(string))
	r.json("POST", auTokenPath, "", url.Values{"grant_type": {"client_credentials"}, "client_id": {cl.ID.String()},
		"client_secret": {"wrong-client-secret-1234"}, "scope": {"authority"}}, 401)
	keep("wrong client secret", "wrong-client-secret-1234")
	rc, hook := newAuReceiver(t, 0)
	au := (&rig{t: t, srv: srv, hc: http.DefaultClient}).authority(actok["access_token"].(string), new([]string))
	status, bodyb, _ := au.do("POST", "/api/v1/authority/webhooks", authwire.WebhookInput{URL: hook.URL + "/agora?key=hook-query-secret-77"})
	var wh authwire.Webhook
	mustJSON(t, bodyb, &wh)
	if status != http.StatusCreated || wh.Secret == "" {
		t.Fatalf("register webhook: %d %s", status, lgShort(bodyb))
	}
	rc.secret = wh.Secret
	keep("webhook secret", wh.Secret)
	keep("key in the webhook URL", "hook-query-secret-77")
	if status, body, _ := au.do("GET", "/api/v1/authority/orders", nil); status != 200 {
		t.Errorf("authority orders: %d %s", status, lgShort(body))
	}

	srv.Stop(t) // every log line written
	text := logs.String()
	for _, want := range []string{`"path":"/oauth/token"`, `"path":"/legal/signin"`, `"path":"/api/v1/authority/webhooks"`, `"status":401`} {
		if !strings.Contains(text, want) {
			t.Fatalf("the logs do not hold %s: were they captured?\n%s", want, lgShort([]byte(text)))
		}
	}
	for _, s := range secrets {
		what, secret, _ := strings.Cut(s, "\x00")
		for _, form := range []string{secret, url.QueryEscape(secret)} {
			if i := strings.Index(text, form); i >= 0 {
				line := text[strings.LastIndexByte(text[:i], '\n')+1:]
				line, _, _ = strings.Cut(line, "\n")
				t.Errorf("the logs hold the %s: %s", what, line)
				break
			}
		}
	}
	t.Logf("%d secrets looked for in %d bytes of logs (%d lines)", len(secrets), len(text), strings.Count(text, "\n"))
}

// logRig sends requests with no cookie jar, so each cookie is given by hand.
type logRig struct {
	t    *testing.T
	base string
	hc   *http.Client
}

// do sends a form (nil for none) with the token and cookie (either may be
// empty) and returns the status, body and headers.
func (r *logRig) do(method, path, token string, form url.Values, ck *http.Cookie) (int, string, http.Header) {
	r.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, r.base+path, body)
	if err != nil {
		r.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ck != nil {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		r.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data), resp.Header
}

// json sends the form and decodes the JSON answer, which must have the
// status (any 2xx for 0).
func (r *logRig) json(method, path, token string, form url.Values, want int) map[string]any {
	r.t.Helper()
	status, body, _ := r.do(method, path, token, form, nil)
	if want == 0 && (status < 200 || status > 299) || want != 0 && status != want {
		r.t.Fatalf("%s %s: %d, want %d: %s", method, path, status, want, lgShort([]byte(body)))
	}
	var m map[string]any
	mustJSON(r.t, []byte(body), &m)
	return m
}
