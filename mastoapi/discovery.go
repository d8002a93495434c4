package mastoapi

import (
	"net/http"
	"strings"

	"agora"
)

// health answers GET /health as Mastodon does: 200 with the text "OK". It says
// the process serves requests; /readyz (server.Handler) also asks the database.
func (a appHandlers) health(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("OK"))
	return nil
}

// oauthServerMetadata is the OAuth 2.0 authorization server metadata
// (RFC 8414) in the shape Mastodon 4.3 publishes at
// /.well-known/oauth-authorization-server.
type oauthServerMetadata struct {
	Issuer                            string   `json:"issuer"`
	ServiceDocumentation              string   `json:"service_documentation"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	AppRegistrationEndpoint           string   `json:"app_registration_endpoint"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint"`
	ScopesSupported                   []string `json:"scopes_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
}

// advertisedScopes are the scopes the metadata lists: every scope an app may
// ask for (agora.TopScopes and agora.SubScopes) but the legal desk's
// (legal:...), which are for agora's own legal tools, not Mastodon apps;
// RFC 8414 lets a server leave supported scopes unadvertised.
func advertisedScopes() []string {
	var out []string
	for _, s := range append(append([]string(nil), agora.TopScopes...), agora.SubScopes...) {
		if !strings.HasPrefix(s, "legal:") {
			out = append(out, s)
		}
	}
	return out
}

// oauthMetadata answers GET /.well-known/oauth-authorization-server: where
// agora's OAuth endpoints are (absolute URLs from the configured base URL)
// and what they support: the code flow with PKCE (S256), redirecting with
// the code in the query; the grants POST /oauth/token takes; a client
// secret in the body or in Basic authentication, or none for a public
// client that proves the code with its PKCE verifier.
func (a appHandlers) oauthMetadata(w http.ResponseWriter, _ *http.Request) error {
	base := a.conv.base
	return writeJSON(w, oauthServerMetadata{
		Issuer:                            base + "/",
		ServiceDocumentation:              "https://docs.joinmastodon.org/",
		AuthorizationEndpoint:             base + "/oauth/authorize",
		TokenEndpoint:                     base + "/oauth/token",
		AppRegistrationEndpoint:           base + "/api/v1/apps",
		RevocationEndpoint:                base + "/oauth/revoke",
		UserinfoEndpoint:                  base + "/oauth/userinfo",
		ScopesSupported:                   advertisedScopes(),
		ResponseTypesSupported:            []string{"code"},
		ResponseModesSupported:            []string{"query"},
		CodeChallengeMethodsSupported:     []string{"S256"},
		GrantTypesSupported:               []string{"authorization_code", "password", "client_credentials"},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post", "none"},
	})
}

// oauthUserinfo is what GET /oauth/userinfo tells a client of the token's
// account (Mastodon 4.4; OpenID Connect's standard claims).
type oauthUserinfo struct {
	Issuer            string `json:"iss"`
	Subject           string `json:"sub"` // the account's URI
	Name              string `json:"name"`
	PreferredUsername string `json:"preferred_username"`
	Profile           string `json:"profile"`
	Picture           string `json:"picture"`
}

// userinfo answers GET /oauth/userinfo with the token's own account, read
// through the gate as verify_credentials reads it. The route needs the
// profile scope, as Mastodon's.
func (a appHandlers) userinfo(w http.ResponseWriter, r *http.Request) error {
	acct, marks, err := a.accounts.Account(r.Context(), snap(r), viewer(r).ID)
	if err != nil {
		return err
	}
	e := a.conv.account(acct, marks)
	name := e.DisplayName
	if name == "" {
		name = e.Username
	}
	return writeJSON(w, oauthUserinfo{Issuer: a.conv.base + "/", Subject: e.URI, Name: name,
		PreferredUsername: e.Username, Profile: e.URL, Picture: e.Avatar})
}
