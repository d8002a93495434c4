package oauth

import (
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"testing"

	"agora"
)

// FuzzCheckAuthorize checks an authorization request's parameters (redirect
// URI, scopes, PKCE challenge and method): it never panics; a refusal is
// EINVALID with a message; a request accepted names a registered, valid
// redirect URI and scopes within the app's, and either no PKCE or S256 with a
// challenge of 43 to 128 characters; and the S256 challenge of any verifier, as
// a client makes it, is accepted.
func FuzzCheckAuthorize(f *testing.F) {
	for _, s := range [][5]string{
		{agora.OOBRedirect, "read", "", "", "verifier-0123456789-0123456789-0123456789"},
		{"https://app.example/cb", "read write:statuses", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256", ""},
		{"https://app.example/cb", "read", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "plain", ""},
		{"https://app.example/cb", "read", "short", "S256", ""},
		{"https://app.example/cb", "admin:read", "", "", ""},
		{"https://app.example/cb/", "", "", "", ""},
		{"javascript:alert(1)", "read", "", "", ""},
		{"https://app.example/cb", "read", "", "S256", ""},
		{"https://app.example/cb", "follow push", "x", "", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	s := &Server{}
	app := &agora.Application{
		RedirectURIs: []string{agora.OOBRedirect, "https://app.example/cb", "javascript:alert(1)"}, // the last registered before it was refused
		Scopes:       agora.Scopes{"read", "write", "follow"},
	}
	f.Fuzz(func(t *testing.T, redirect, scopes, challenge, method, verifier string) {
		req := AuthorizeRequest{App: app, RedirectURI: redirect, Scopes: scopes, CodeChallenge: challenge, CodeChallengeMethod: method}
		sc, err := s.CheckAuthorize(req)
		if err != nil {
			if agora.ErrorCode(err) != agora.EINVALID || agora.ErrorMessage(err) == "" {
				t.Fatalf("CheckAuthorize(%+v) = %v: want EINVALID with a message", req, err)
			}
		} else {
			want, perr := agora.ParseScopes(scopes)
			switch {
			case !slices.Contains(app.RedirectURIs, redirect) || !agora.ValidRedirectURI(redirect):
				t.Fatalf("CheckAuthorize(%+v): redirect URI %q accepted", req, redirect)
			case perr != nil || !slices.Equal(sc, want) || !app.Scopes.Subset(sc):
				t.Fatalf("CheckAuthorize(%+v): scopes %q accepted as %q", req, scopes, sc)
			case (challenge != "" || method != "") && (method != "S256" || len(challenge) < 43 || len(challenge) > 128):
				t.Fatalf("CheckAuthorize(%+v): challenge %q, method %q accepted", req, challenge, method)
			}
		}
		sum := sha256.Sum256([]byte(verifier))
		req = AuthorizeRequest{App: app, RedirectURI: "https://app.example/cb", Scopes: "read",
			CodeChallenge: base64.RawURLEncoding.EncodeToString(sum[:]), CodeChallengeMethod: "S256"}
		if _, err := s.CheckAuthorize(req); err != nil {
			t.Fatalf("the S256 challenge of %q: %v", verifier, err)
		}
	})
}
