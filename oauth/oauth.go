package oauth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"agora"
)

// authCodeTTL is how long an authorization code may wait to be exchanged.
const authCodeTTL = 10 * time.Minute

// Auth is who a request acts as: a token, and the account it belongs to (nil for a
// client-credentials token).
type Auth struct {
	Token   *agora.Token
	Account *agora.Account
	App     *agora.Application // nil for tokens made on the command line
}

// Allows reports whether the token grants the scope.
func (a *Auth) Allows(scope string) bool { return a != nil && a.Token.Scopes.Allows(scope) }

// NewApp registers an OAuth application. EUNPROCESSABLE for invalid fields,
// EINVALID for unknown scopes.
func (s *Server) NewApp(ctx context.Context, name, website string, redirectURIs []string, scopes string) (*agora.Application, error) {
	sc, err := agora.ParseScopes(scopes)
	if err != nil {
		return nil, err
	}
	a := &agora.Application{
		ID:           s.ids.New(),
		Name:         name,
		Website:      website,
		RedirectURIs: redirectURIs,
		Scopes:       sc,
		ClientID:     randomToken(),
		ClientSecret: randomToken(),
		CreatedAt:    s.now().UTC().Truncate(timePrecision),
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.CreateApplication(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// App returns the application with the client ID; when secret is not "" it must
// match. EUNAUTHORIZED otherwise.
func (s *Server) App(ctx context.Context, clientID, secret string) (*agora.Application, error) {
	fail := agora.Errorf(agora.EUNAUTHORIZED, "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")
	if clientID == "" || len(clientID) > 200 {
		return nil, fail
	}
	a, err := s.store.ApplicationByClientID(ctx, clientID)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return nil, fail
	}
	if err != nil {
		return nil, err
	}
	if secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(a.ClientSecret)) != 1 {
		return nil, fail
	}
	return a, nil
}

// AuthorizeRequest is what /oauth/authorize receives.
type AuthorizeRequest struct {
	App                 *agora.Application
	RedirectURI         string
	Scopes              string
	CodeChallenge       string
	CodeChallengeMethod string
}

// CheckAuthorize validates an authorization request before the sign-in page is
// shown: the redirect URI must be registered, the scopes within the app's, and
// PKCE, when used, S256. Errors are EINVALID with a message for the person at the
// browser. It returns the parsed scopes.
func (s *Server) CheckAuthorize(r AuthorizeRequest) (agora.Scopes, error) {
	// Registration checks the URI too; this also covers apps registered before it
	// did.
	if !r.App.AllowsRedirect(r.RedirectURI) || !agora.ValidRedirectURI(r.RedirectURI) {
		return nil, agora.Errorf(agora.EINVALID, "The redirect URI is not registered for this application.")
	}
	sc, err := agora.ParseScopes(r.Scopes)
	if err != nil {
		return nil, err
	}
	if !r.App.Scopes.Subset(sc) {
		return nil, agora.Errorf(agora.EINVALID, "The requested scope is not allowed for this application.")
	}
	switch {
	case r.CodeChallenge == "" && r.CodeChallengeMethod == "":
	case r.CodeChallengeMethod != "S256":
		return nil, agora.Errorf(agora.EINVALID, "Only the S256 code challenge method is supported.")
	case len(r.CodeChallenge) < 43 || len(r.CodeChallenge) > 128:
		return nil, agora.Errorf(agora.EINVALID, "The code challenge must be 43 to 128 characters.")
	}
	return sc, nil
}

// IssueCode records an authorization code for the account and returns its value.
func (s *Server) IssueCode(ctx context.Context, r AuthorizeRequest, account *agora.Account) (string, error) {
	sc, err := s.CheckAuthorize(r)
	if err != nil {
		return "", err
	}
	code := randomToken()
	c := &agora.AuthCode{
		Hash:                hashSecret(code),
		ApplicationID:       r.App.ID,
		AccountID:           account.ID,
		Scopes:              sc,
		RedirectURI:         r.RedirectURI,
		CodeChallenge:       r.CodeChallenge,
		CodeChallengeMethod: r.CodeChallengeMethod,
		ExpiresAt:           s.now().Add(authCodeTTL).UTC().Truncate(timePrecision),
	}
	if err := s.store.CreateAuthCode(ctx, c); err != nil {
		return "", err
	}
	return code, nil
}

// ErrClientUnauthenticated is in the chain of ExchangeCode's error when the
// client must authenticate (send its secret) and did not: the token endpoint
// answers invalid_client for it.
var ErrClientUnauthenticated = errors.New("client authentication required")

// CodeExchange is what the authorization_code grant sends.
type CodeExchange struct {
	// App is the client the code is exchanged by.
	App *agora.Application
	// Authenticated is whether the client sent its secret, and it matched. A
	// client without it (a public client) must prove itself with the PKCE
	// verifier of a code issued with a challenge.
	Authenticated bool
	Code          string
	RedirectURI   string
	Verifier      string // PKCE code_verifier, "" when none was sent
}

// ExchangeCode turns an authorization code into a token (authorization_code
// grant). The code is used up whether or not the exchange succeeds; a code used
// a second time revokes the token its first use gave (RFC 6749 4.1.2).
// A code issued with a PKCE challenge needs the verifier that matches it; one
// issued without needs an authenticated client and no verifier (RFC 7636 4.6, as
// Doorkeeper does). Errors: EUNAUTHORIZED when the code is unknown, used,
// expired, for another app or redirect URI, or the verifier does not match; the
// same with ErrClientUnauthenticated in its chain when the code needs client
// authentication that x lacks.
func (s *Server) ExchangeCode(ctx context.Context, x CodeExchange) (string, *agora.Token, error) {
	fail := agora.Errorf(agora.EUNAUTHORIZED, "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")
	if x.Code == "" || len(x.Code) > 200 {
		return "", nil, fail
	}
	hash := hashSecret(x.Code)
	now := s.now().UTC().Truncate(timePrecision)
	c, err := s.store.TakeAuthCode(ctx, hash, now)
	switch agora.ErrorCode(err) {
	case agora.ENOTFOUND:
		return "", nil, fail
	case agora.ECONFLICT:
		// Used before: whoever holds it now, the token it gave is no longer safe.
		if err := s.store.RevokeAuthCode(ctx, hash, now); err != nil {
			return "", nil, fmt.Errorf("revoke a reused code: %w", err)
		}
		return "", nil, fail
	}
	if err != nil {
		return "", nil, err
	}
	if c.ApplicationID != x.App.ID || c.RedirectURI != x.RedirectURI || now.After(c.ExpiresAt) {
		return "", nil, fail
	}
	switch {
	case c.CodeChallenge == "" && !x.Authenticated:
		return "", nil, &agora.Error{Code: agora.EUNAUTHORIZED, Err: ErrClientUnauthenticated,
			Message: "Client authentication failed: a code issued without PKCE needs the client_secret."}
	case c.CodeChallenge == "" && x.Verifier != "":
		return "", nil, fail // a verifier for a code without a challenge proves nothing
	case c.CodeChallenge != "":
		sum := sha256.Sum256([]byte(x.Verifier))
		if x.Verifier == "" || subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(c.CodeChallenge)) != 1 {
			return "", nil, fail
		}
	}
	value, t := s.token(x.App.ID, c.AccountID, c.Scopes)
	if err := s.store.CreateCodeToken(ctx, hash, t); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT {
			return "", nil, fail // reused meanwhile
		}
		return "", nil, err
	}
	return value, t, nil
}

// PasswordGrant signs in with username or email and password (password grant).
func (s *Server) PasswordGrant(ctx context.Context, app *agora.Application, login, password, scopes string) (string, *agora.Token, error) {
	sc, err := s.grantScopes(app, scopes)
	if err != nil {
		return "", nil, err
	}
	a, err := s.CheckPassword(ctx, login, password)
	if err != nil {
		return "", nil, err
	}
	return s.newToken(ctx, app.ID, a.ID, sc)
}

// ClientCredentials returns an app token with no account (client_credentials grant).
func (s *Server) ClientCredentials(ctx context.Context, app *agora.Application, scopes string) (string, *agora.Token, error) {
	sc, err := s.grantScopes(app, scopes)
	if err != nil {
		return "", nil, err
	}
	return s.newToken(ctx, app.ID, 0, sc)
}

// grantScopes parses the requested scopes, which must lie within the app's.
func (s *Server) grantScopes(app *agora.Application, scopes string) (agora.Scopes, error) {
	sc, err := agora.ParseScopes(scopes)
	if err != nil {
		return nil, err
	}
	if !app.Scopes.Subset(sc) {
		return nil, agora.Errorf(agora.EFORBIDDEN, "The requested scope is invalid, unknown, or malformed.")
	}
	return sc, nil
}

// CreateToken makes a token for the account without an application, for scripts
// (`agora token create`). It returns the bearer value, shown only once.
func (s *Server) CreateToken(ctx context.Context, username, scopes string) (string, *agora.Token, error) {
	sc, err := agora.ParseScopes(scopes)
	if err != nil {
		return "", nil, err
	}
	a, err := s.store.AccountByUsername(ctx, username)
	if err != nil {
		return "", nil, err
	}
	return s.newToken(ctx, 0, a.ID, sc)
}

func (s *Server) newToken(ctx context.Context, appID, accountID agora.ID, sc agora.Scopes) (string, *agora.Token, error) {
	value, t := s.token(appID, accountID, sc)
	if err := s.store.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return value, t, nil
}

// token makes a new token, not yet stored, and returns it with its bearer value.
func (s *Server) token(appID, accountID agora.ID, sc agora.Scopes) (string, *agora.Token) {
	value := randomToken()
	return value, &agora.Token{
		ID:            s.ids.New(),
		Hash:          hashSecret(value),
		ApplicationID: appID,
		AccountID:     accountID,
		Scopes:        sc,
		CreatedAt:     s.now().UTC().Truncate(timePrecision),
	}
}

// Revoke revokes the token value when it belongs to app. Unknown tokens are not an
// error (RFC 7009 section 2.2); a token of another app is EFORBIDDEN.
func (s *Server) Revoke(ctx context.Context, app *agora.Application, value string) error {
	if value == "" || len(value) > 200 {
		return nil
	}
	t, err := s.store.TokenByHash(ctx, hashSecret(value))
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if t.ApplicationID != app.ID {
		return agora.Errorf(agora.EFORBIDDEN, "You are not authorized to revoke this token.")
	}
	if err := s.store.RevokeToken(ctx, t.Hash, s.now().UTC().Truncate(timePrecision)); err != nil {
		return err
	}
	return nil
}

// Authenticate returns who the bearer value acts as. EUNAUTHORIZED when the token is
// unknown or revoked, or its account is gone; EFORBIDDEN (refusedToken) when its
// account is suspended or its login disabled, the token staying valid.
func (s *Server) Authenticate(ctx context.Context, value string) (*Auth, error) {
	fail := agora.Errorf(agora.EUNAUTHORIZED, "The access token is invalid")
	if value == "" || len(value) > 200 {
		return nil, fail
	}
	hash := hashSecret(value)
	t, err := s.store.TokenByHash(ctx, hash)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return nil, fail
	}
	if err != nil {
		return nil, err
	}
	if !t.RevokedAt.IsZero() {
		return nil, agora.Errorf(agora.EUNAUTHORIZED, "The access token was revoked")
	}
	auth := &Auth{Token: t}
	if t.AccountID != 0 {
		// Through the account cache: it forgets an account at once on every change
		// made through it, suspension and staff access included, so a suspended
		// account or ended staff access takes effect on the next request.
		a, err := s.store.Account(ctx, t.AccountID)
		if agora.ErrorCode(err) == agora.ENOTFOUND {
			return nil, fail // the account is gone
		}
		if err != nil {
			return nil, err
		}
		auth.Account = a
		if err := refusedToken(auth.Account); err != nil {
			// Suspension by the legal desk revokes the account's tokens; a
			// moderator's suspension or disabling leaves them, refused (403)
			// while it lasts, as Mastodon does.
			return nil, err
		}
	}
	if t.ApplicationID != 0 {
		if auth.App, err = s.store.Application(ctx, t.ApplicationID); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
			return nil, err
		}
	}
	return auth, nil
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// HashToken returns what is stored of a bearer token (agora.Token.Hash), for
// tools that issue tokens outside the service, such as `agora bench seed`.
func HashToken(value string) string { return hashSecret(value) }

// hashSecret is how tokens and codes are stored: hex SHA-256. The values are random
// 256-bit strings, so a fast hash suffices.
func hashSecret(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}
