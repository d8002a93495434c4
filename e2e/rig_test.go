package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/internal/schematest"
	"agora/oauth"
)

// rig is one test's server, schema-checking HTTP client and registered app.
type rig struct {
	t   *testing.T
	srv *agoratest.Server
	tr  *schematest.Transport
	hc  *http.Client
	app *mastodon.Application
}

const testRedirect = "http://127.0.0.1/callback"

func newRig(t *testing.T, b agoratest.Backend, opts ...agoratest.Option) *rig {
	t.Helper()
	srv := agoratest.MustRunServer(t, b, opts...)
	tr := &schematest.Transport{Base: http.DefaultTransport, Schema: schematest.Load(t)}
	t.Cleanup(func() {
		tr.Check(t)
		if tr.Checked() == 0 {
			t.Error("no response body was checked against the schema")
		}
	})
	r := &rig{t: t, srv: srv, tr: tr, hc: &http.Client{Transport: tr}}
	app, err := mastodon.RegisterApp(context.Background(), &mastodon.AppConfig{
		Client:       *r.hc,
		Server:       srv.URL,
		ClientName:   "agora e2e",
		Scopes:       "read write follow",
		RedirectURIs: agora.OOBRedirect + "\n" + testRedirect,
	})
	if err != nil {
		t.Fatalf("register app: %v", err)
	}
	r.app = app
	return r
}

// mustAccount creates an account the way `agora account create` does.
func (r *rig) mustAccount(username string) *agora.Account {
	r.t.Helper()
	a, err := r.srv.Service.CreateAccount(context.Background(), oauth.NewAccount{
		Username: username, Email: username + "@example.org", Password: "password-" + username,
	})
	if err != nil {
		r.t.Fatalf("create account %s: %v", username, err)
	}
	return a
}

// client returns a go-mastodon client with the token, sharing the checking transport.
func (r *rig) client(token string) *mastodon.Client {
	c := mastodon.NewClient(&mastodon.Config{
		Server: r.srv.URL, ClientID: r.app.ClientID, ClientSecret: r.app.ClientSecret, AccessToken: token,
	})
	c.Client = *r.hc
	return c
}

// passwordLogin signs in with the password grant, as go-mastodon's Authenticate does.
func (r *rig) passwordLogin(username string) *mastodon.Client {
	r.t.Helper()
	c := r.client("")
	if err := c.Authenticate(context.Background(), username+"@example.org", "password-"+username); err != nil {
		r.t.Fatalf("password grant for %s: %v", username, err)
	}
	return c
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// codeLogin signs in with the authorization-code flow and PKCE (S256): it loads the
// sign-in page, posts the form as a browser would, takes the code from the redirect
// and exchanges it with the verifier.
func (r *rig) codeLogin(username string) *mastodon.Client {
	r.t.Helper()
	verifier := "verifier-" + strings.Repeat(username, 8) + "-0123456789abcdef0123456789"
	code := r.authorizeCode(username, pkceChallenge(verifier))
	// A public client proves possession with the verifier alone, no secret.
	tok := r.postToken(url.Values{
		"grant_type": {"authorization_code"}, "client_id": {r.app.ClientID},
		"code": {code}, "redirect_uri": {testRedirect}, "code_verifier": {verifier},
	}, http.StatusOK)
	return r.client(tok["access_token"].(string))
}

// pkceChallenge is the S256 code challenge of the verifier.
func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorizeCode signs the user in on the sign-in page, as a browser would, and
// returns the authorization code from the redirect; with a challenge ("" for
// none) the code is bound to it (PKCE, S256).
func (r *rig) authorizeCode(username, challenge string) string {
	r.t.Helper()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{
		"response_type": {"code"}, "client_id": {r.app.ClientID}, "redirect_uri": {testRedirect},
		"scope": {"read write follow"}, "state": {"st4te"},
	}
	if challenge != "" {
		q.Set("code_challenge", challenge)
		q.Set("code_challenge_method", "S256")
	}
	resp, err := browser.Get(r.srv.URL + "/oauth/authorize?" + q.Encode())
	if err != nil {
		r.t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRE.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		r.t.Fatalf("authorize page: status %d, no form:\n%s", resp.StatusCode, page)
	}
	q.Set("csrf", string(m[1]))
	q.Set("login", username)
	q.Set("password", "password-"+username)
	q.Set("decision", "allow")
	resp, err = browser.PostForm(r.srv.URL+"/oauth/authorize", q)
	if err != nil {
		r.t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), testRedirect) {
		r.t.Fatalf("authorize: status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if loc.Query().Get("state") != "st4te" {
		r.t.Errorf("state = %q, want st4te", loc.Query().Get("state"))
	}
	return loc.Query().Get("code")
}

// postToken posts to /oauth/token and checks the status.
func (r *rig) postToken(form url.Values, want int) map[string]any {
	r.t.Helper()
	resp, err := r.hc.PostForm(r.srv.URL+"/oauth/token", form)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != want {
		r.t.Fatalf("POST /oauth/token: status %d, want %d: %v", resp.StatusCode, want, body)
	}
	return body
}

// do sends a raw request with the token and returns status, body and headers.
func (r *rig) do(method, path, token, contentType, body string, header ...string) (int, []byte, http.Header) {
	r.t.Helper()
	req, err := http.NewRequest(method, r.srv.URL+path, strings.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data, resp.Header
}

// ids returns the IDs of statuses, in order.
func ids(list []*mastodon.Status) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s.ID)
	}
	return out
}
