package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
)

// TestOAuthCodeClientAuth: exchanging an authorization code always either
// authenticates the client with its secret or proves possession of the PKCE
// verifier the code was issued for (RFC 6749 4.1.3, RFC 7636 4.6). A code issued
// without a challenge needs the secret, and a verifier sent for it is refused, as
// Doorkeeper (Mastodon's OAuth server) does.
func TestOAuthCodeClientAuth(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	r.mustAccount("alice")
	id, secret := r.app.ClientID, r.app.ClientSecret
	verifier := "a-verifier-of-forty-three-characters-or-more-0123456789"
	for _, tc := range []struct {
		name      string
		challenge string // "" issues the code without PKCE
		form      url.Values
		want      int
		code      string // the OAuth error, "" for success
	}{
		{"no PKCE, any verifier, no secret", "", url.Values{"code_verifier": {"anything-at-all"}}, 401, "invalid_client"},
		{"no PKCE, no verifier, no secret", "", url.Values{}, 401, "invalid_client"},
		{"no PKCE, verifier with the secret", "", url.Values{"client_secret": {secret}, "code_verifier": {verifier}}, 400, "invalid_grant"},
		{"no PKCE, wrong secret", "", url.Values{"client_secret": {"wrong"}}, 401, "invalid_client"},
		{"no PKCE, the secret", "", url.Values{"client_secret": {secret}}, 200, ""},
		{"PKCE, verifier, no secret", pkceChallenge(verifier), url.Values{"code_verifier": {verifier}}, 200, ""},
		{"PKCE, verifier and secret", pkceChallenge(verifier), url.Values{"client_secret": {secret}, "code_verifier": {verifier}}, 200, ""},
		{"PKCE, wrong verifier, no secret", pkceChallenge(verifier), url.Values{"code_verifier": {verifier + "x"}}, 400, "invalid_grant"},
		{"PKCE, no verifier, the secret", pkceChallenge(verifier), url.Values{"client_secret": {secret}}, 400, "invalid_grant"},
		{"PKCE, no verifier, no secret", pkceChallenge(verifier), url.Values{}, 401, "invalid_client"},
		{"PKCE, verifier, wrong secret", pkceChallenge(verifier), url.Values{"client_secret": {"wrong"}, "code_verifier": {verifier}}, 401, "invalid_client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code := r.authorizeCode("alice", tc.challenge)
			form := url.Values{"grant_type": {"authorization_code"}, "client_id": {id},
				"code": {code}, "redirect_uri": {testRedirect}}
			for k, v := range tc.form {
				form[k] = v
			}
			status, body := r.tokenRequest(form)
			if status != tc.want {
				t.Fatalf("POST /oauth/token: %d %v, want %d", status, body, tc.want)
			}
			if tc.code == "" {
				tok, _ := body["access_token"].(string)
				if status, b, _ := r.do("GET", "/api/v1/accounts/verify_credentials", tok, "", ""); status != http.StatusOK {
					t.Errorf("the token does not work: %d %s", status, b)
				}
				return
			}
			if body["error"] != tc.code || body["access_token"] != nil {
				t.Errorf("body %v, want error %s and no token", body, tc.code)
			}
		})
	}
}

// TestOAuthCodeReuse: a code used a second time is refused, and the token its
// first use gave is revoked (RFC 6749 4.1.2): someone replaying a stolen code
// ends the session it opened rather than joining it.
func TestOAuthCodeReuse(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	r.mustAccount("alice")
	verifier := "a-verifier-of-forty-three-characters-or-more-0123456789"
	code := r.authorizeCode("alice", pkceChallenge(verifier))
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {r.app.ClientID},
		"code": {code}, "redirect_uri": {testRedirect}, "code_verifier": {verifier}}
	tok, _ := r.postToken(form, http.StatusOK)["access_token"].(string)
	if status, b, _ := r.do("GET", "/api/v1/accounts/verify_credentials", tok, "", ""); status != http.StatusOK {
		t.Fatalf("the token does not work: %d %s", status, b)
	}
	if body := r.postToken(form, http.StatusBadRequest); body["error"] != "invalid_grant" {
		t.Errorf("reuse: %v, want invalid_grant", body)
	}
	if status, b, _ := r.do("GET", "/api/v1/accounts/verify_credentials", tok, "", ""); status != http.StatusUnauthorized {
		t.Errorf("the first use's token after the code's reuse: %d %s, want 401", status, b)
	}
	// Another session of the same account is not touched.
	other := r.passwordLogin("alice")
	if _, err := other.GetAccountCurrentUser(t.Context()); err != nil {
		t.Errorf("another token after the reuse: %v", err)
	}
}

// tokenRequest posts the form to /oauth/token and returns the status and body.
func (r *rig) tokenRequest(form url.Values) (int, map[string]any) {
	resp, err := r.hc.PostForm(r.srv.URL+"/oauth/token", form)
	if err != nil {
		r.t.Error(err)
		return 0, nil
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// TestOAuthRedirectURIs: registering an app with a redirect URI a browser would
// run (javascript:, vbscript:, data:) or read locally (file:) is a 422, and an
// app stored with one before this rule cannot be sent through the sign-in page
// to it; http(s), the out-of-band URN and an app's own scheme are accepted.
func TestOAuthRedirectURIs(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	for uri, want := range map[string]int{
		"javascript:alert(document.cookie)":   422,
		"JAVASCRIPT:alert(1)":                 422,
		"data:text/html,<script>x()</script>": 422,
		"vbscript:msgbox(1)":                  422,
		"file:///etc/passwd":                  422,
		"https://app.example/callback":        200,
		"com.example.app:/callback":           200,
		"urn:ietf:wg:oauth:2.0:oob":           200,
	} {
		t.Run(uri, func(t *testing.T) {
			status, body, _ := r.do("POST", "/api/v1/apps", "", "application/x-www-form-urlencoded",
				url.Values{"client_name": {"x"}, "redirect_uris": {uri}}.Encode())
			if status != want {
				t.Errorf("register with %q: %d %s, want %d", uri, status, body, want)
			}
		})
	}
	// An app stored with a javascript: redirect URI, as registration allowed before.
	ctx := t.Context()
	id := agora.ID(4242)
	old := &agora.Application{ID: id, Name: "old", RedirectURIs: []string{"javascript:alert(1)"},
		Scopes: agora.Scopes{"read"}, ClientID: "old-client", ClientSecret: "old-secret", CreatedAt: id.Time()}
	if err := r.srv.DB.CreateApplication(ctx, old); err != nil {
		t.Fatal(err)
	}
	q := url.Values{"response_type": {"code"}, "client_id": {"old-client"}, "redirect_uri": {"javascript:alert(1)"}, "scope": {"read"}}
	status, body, _ := r.do("GET", "/oauth/authorize?"+q.Encode(), "", "", "")
	if status != http.StatusBadRequest || strings.Contains(string(body), `name="csrf"`) {
		t.Errorf("authorize to javascript: %d, want 400 without a sign-in form:\n%s", status, body)
	}
}
