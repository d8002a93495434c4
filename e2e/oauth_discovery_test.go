package e2e

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
)

// TestOAuthDiscovery checks GET /.well-known/oauth-authorization-server
// (RFC 8414, Mastodon 4.3; its answer checked against the schema by the rig)
// and GET /oauth/userinfo on both stores: absolute URLs from the base URL,
// endpoints that work as advertised, scopes an app may register with.
func TestOAuthDiscovery(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testOAuthDiscovery(t, b) })
	}
}

func testOAuthDiscovery(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	base := r.srv.Service.Config().BaseURL
	code, body, hdr := r.do("GET", "/.well-known/oauth-authorization-server", "", "", "")
	if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("metadata: %d %q %s", code, hdr.Get("Content-Type"), body)
	}
	var md struct {
		Issuer, ServiceDocumentation                                  string
		AuthorizationEndpoint, TokenEndpoint, AppRegistrationEndpoint string
		RevocationEndpoint, UserinfoEndpoint                          string
		ScopesSupported, ResponseTypesSupported, GrantTypesSupported  []string
		CodeChallengeMethodsSupported                                 []string
		TokenEndpointAuthMethodsSupported                             []string
	}
	// The JSON names are snake_case: decode through a map of them.
	var raw map[string]json.RawMessage
	mustJSON(t, body, &raw)
	for key, dst := range map[string]any{
		"issuer": &md.Issuer, "service_documentation": &md.ServiceDocumentation,
		"authorization_endpoint": &md.AuthorizationEndpoint, "token_endpoint": &md.TokenEndpoint,
		"app_registration_endpoint": &md.AppRegistrationEndpoint, "revocation_endpoint": &md.RevocationEndpoint,
		"userinfo_endpoint": &md.UserinfoEndpoint, "scopes_supported": &md.ScopesSupported,
		"response_types_supported": &md.ResponseTypesSupported, "grant_types_supported": &md.GrantTypesSupported,
		"code_challenge_methods_supported":      &md.CodeChallengeMethodsSupported,
		"token_endpoint_auth_methods_supported": &md.TokenEndpointAuthMethodsSupported,
	} {
		if err := json.Unmarshal(raw[key], dst); err != nil {
			t.Fatalf("metadata %s: %v in %s", key, err, body)
		}
	}
	for name, c := range map[string][2]string{
		"issuer":                    {md.Issuer, base + "/"},
		"authorization_endpoint":    {md.AuthorizationEndpoint, base + "/oauth/authorize"},
		"token_endpoint":            {md.TokenEndpoint, base + "/oauth/token"},
		"app_registration_endpoint": {md.AppRegistrationEndpoint, base + "/api/v1/apps"},
		"revocation_endpoint":       {md.RevocationEndpoint, base + "/oauth/revoke"},
		"userinfo_endpoint":         {md.UserinfoEndpoint, base + "/oauth/userinfo"},
	} {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
	if !slices.Equal(md.ResponseTypesSupported, []string{"code"}) || !slices.Equal(md.CodeChallengeMethodsSupported, []string{"S256"}) ||
		!slices.Equal(md.GrantTypesSupported, []string{"authorization_code", "password", "client_credentials"}) {
		t.Errorf("metadata: %s", body)
	}
	if !slices.Contains(md.TokenEndpointAuthMethodsSupported, "client_secret_post") || !slices.Contains(md.TokenEndpointAuthMethodsSupported, "client_secret_basic") ||
		md.ServiceDocumentation == "" {
		t.Errorf("metadata: %s", body)
	}
	if !slices.Contains(md.ScopesSupported, "read") || !slices.Contains(md.ScopesSupported, "write:statuses") ||
		!slices.Contains(md.ScopesSupported, "profile") || slices.ContainsFunc(md.ScopesSupported, func(s string) bool { return strings.HasPrefix(s, "legal:") }) {
		t.Errorf("scopes_supported = %v, want Mastodon's, not the legal desk's", md.ScopesSupported)
	}

	// The endpoints work as advertised: an app registers with every scope
	// advertised, and gets a token from the token endpoint, its secret sent
	// both ways advertised.
	path := func(u string) string { return strings.TrimPrefix(u, base) }
	code, body, _ = r.do("POST", path(md.AppRegistrationEndpoint), "", "application/x-www-form-urlencoded", url.Values{
		"client_name": {"discovering app"}, "redirect_uris": {agora.OOBRedirect}, "scopes": {strings.Join(md.ScopesSupported, " ")},
	}.Encode())
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if code != http.StatusOK {
		t.Fatalf("register with every advertised scope: %d %s", code, body)
	}
	mustJSON(t, body, &app)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}
	if code, body, _ := r.do("POST", path(md.TokenEndpoint), "", "application/x-www-form-urlencoded", form.Encode()); code != http.StatusOK {
		t.Errorf("client_secret_post at the token endpoint: %d %s", code, body)
	}
	basic := url.Values{"grant_type": {"client_credentials"}}
	req, _ := http.NewRequest("POST", md.TokenEndpoint, strings.NewReader(basic.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(app.ClientID, app.ClientSecret)
	if resp, err := r.hc.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("client_secret_basic at the token endpoint: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	// userinfo: the token's own account, with the profile scope only.
	_, profileTok := lgStaff(t, r, "alice", agora.RoleUser, "profile")
	code, body, _ = r.do("GET", path(md.UserinfoEndpoint), profileTok, "", "")
	var info map[string]string
	if code != http.StatusOK {
		t.Fatalf("userinfo: %d %s", code, body)
	}
	mustJSON(t, body, &info)
	want := map[string]string{"iss": base + "/", "sub": base + "/users/alice", "name": "alice", "preferred_username": "alice",
		"profile": base + "/@alice", "picture": info["picture"]}
	if !maps.Equal(info, want) || !strings.HasPrefix(info["picture"], "http") {
		t.Errorf("userinfo = %v, want %v", info, want)
	}
	readTok := lgToken(t, r, "alice", "read")
	if code, body, _ := r.do("GET", "/oauth/userinfo", readTok, "", ""); code != http.StatusForbidden || !strings.Contains(string(body), `"error"`) {
		t.Errorf("userinfo with read only: %d %s, want 403", code, body)
	}
	if code, _, _ := r.do("GET", "/oauth/userinfo", "", "", ""); code != http.StatusUnauthorized {
		t.Errorf("userinfo without a token: %d, want 401", code)
	}
}
