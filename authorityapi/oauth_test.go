package authorityapi

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"agora/authorityapi/wire"
	"agora/internal/httpx"
)

func TestOpenAPI_Token(t *testing.T) {
	validate(t, "Token", wire.Token{AccessToken: "agora_authority_abc", TokenType: "Bearer", ExpiresIn: 3600, Scope: tokenScope})
	for _, code := range []string{"invalid_request", "invalid_client", "unsupported_grant_type", "invalid_scope"} {
		validate(t, "OAuthError", wire.OAuthError{Error: code, ErrorDescription: "why"})
	}
	props := rawDoc(t)["components"].(map[string]any)["schemas"].(map[string]any)["TokenRequest"].(map[string]any)["properties"].(map[string]any)
	var documented []string
	for k := range props {
		documented = append(documented, k)
	}
	sort.Strings(documented)
	if want := []string{"client_id", "client_secret", "grant_type", "scope"}; !slices.Equal(documented, want) {
		t.Errorf("TokenRequest documents %q, want %q", documented, want)
	}
}

// tokenReq is a token request: the body of the content type, and the
// Authorization header when not "".
func tokenReq(ct, body, auth string) *http.Request {
	r := httptest.NewRequest("POST", "/api/v1/authority/oauth/token", strings.NewReader(body))
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	return r
}

func basicHeader(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// oauthCode returns the OAuth error's status and code, 0 and "" for nil.
func oauthCode(t *testing.T, err error) (int, string) {
	t.Helper()
	if err == nil {
		return 0, ""
	}
	var oe *httpx.OAuthError
	if !errors.As(err, &oe) {
		t.Fatalf("error %v is not an OAuth error", err)
	}
	if oe.Status == http.StatusUnauthorized && oe.Challenge != basicChallenge {
		t.Errorf("401 %s has challenge %q", oe.Code, oe.Challenge)
	}
	return oe.Status, oe.Code
}

// TestToken_Request covers what the token endpoint refuses before it asks the
// desk about the client (the API has no desk here).
func TestToken_Request(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	creds := "client_id=1&client_secret=s"
	tests := []struct {
		name, ct, body, auth string
		status               int
		code                 string
	}{
		{"no grant_type", form, creds, "", 400, "invalid_request"},
		{"an empty grant_type", form, creds + "&grant_type=", "", 400, "invalid_request"},
		{"another grant", form, creds + "&grant_type=authorization_code", "", 400, "unsupported_grant_type"},
		{"another scope", form, creds + "&grant_type=client_credentials&scope=authority+read", "", 400, "invalid_scope"},
		{"a parameter twice", form, creds + "&grant_type=client_credentials&scope=authority&scope=authority", "", 400, "invalid_request"},
		{"another content type", "text/plain", creds + "&grant_type=client_credentials", "", 400, "invalid_request"},
		{"no content type", "", creds + "&grant_type=client_credentials", "", 400, "invalid_request"},
		{"JSON not an object", "application/json", `["client_credentials"]`, "", 400, "invalid_request"},
		{"JSON with a number", "application/json", `{"grant_type":"client_credentials","client_id":1}`, "", 400, "invalid_request"},
		{"no client authentication", form, "grant_type=client_credentials", "", 401, "invalid_client"},
		{"a secret without a client_id", form, "grant_type=client_credentials&client_secret=s", "", 401, "invalid_client"},
		{"a bearer token", form, "grant_type=client_credentials", "Bearer agora_authority_x", 401, "invalid_client"},
		{"Basic and client_secret in the body", form, creds + "&grant_type=client_credentials", basicHeader("1", "s"), 400, "invalid_request"},
		{"Basic and another client_id in the body", form, "client_id=2&grant_type=client_credentials", basicHeader("1", "s"), 400, "invalid_request"},
		{"Basic not form-urlencoded", form, "grant_type=client_credentials", basicHeader("1", "s%zz"), 401, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := (&API{}).token(httptest.NewRecorder(), tokenReq(tt.ct, tt.body, tt.auth))
			if status, code := oauthCode(t, err); status != tt.status || code != tt.code {
				t.Errorf("token = %d %s (%v), want %d %s", status, code, err, tt.status, tt.code)
			}
		})
	}
	r := tokenReq(form, "grant_type=client_credentials&"+creds, "")
	r.URL.RawQuery = "client_secret=s"
	if status, code := oauthCode(t, (&API{}).token(httptest.NewRecorder(), r)); status != 400 || code != "invalid_request" {
		t.Errorf("parameters in the URL: %d %s, want 400 invalid_request", status, code)
	}
}

func TestClientCredentials(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	tests := []struct {
		name, body, auth string
		id, secret       string
	}{
		{"client_secret_post", "client_id=12&client_secret=s%2Bt", "", "12", "s+t"},
		{"client_secret_basic, decoded as a form", "", basicHeader("12", "a%3Ab+c%5F"), "12", "a:b c_"},
		{"client_secret_basic with the same client_id in the body", "client_id=12", basicHeader("12", "s"), "12", "s"},
		{"basic in another case", "", strings.Replace(basicHeader("12", "s"), "Basic", "basic", 1), "12", "s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tokenReq(form, tt.body, tt.auth)
			f, err := tokenForm(r)
			if err != nil {
				t.Fatal(err)
			}
			id, secret, err := clientCredentials(r, f)
			if err != nil || id != tt.id || secret != tt.secret {
				t.Errorf("clientCredentials = %q, %q, %v; want %q, %q", id, secret, err, tt.id, tt.secret)
			}
		})
	}
}
