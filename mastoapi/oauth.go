package mastoapi

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"agora"
	"agora/internal/httpx"
	"agora/oauth"
)

// oauthError converts a service error into the RFC 6749 shape the token endpoint uses.
func oauthError(err error) error {
	if errors.Is(err, oauth.ErrClientUnauthenticated) {
		return &httpx.OAuthError{Status: http.StatusUnauthorized, Code: "invalid_client", Description: agora.ErrorMessage(err)}
	}
	switch agora.ErrorCode(err) {
	case agora.EUNAUTHORIZED:
		return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "invalid_grant", Description: agora.ErrorMessage(err)}
	case agora.EFORBIDDEN, agora.EINVALID:
		return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "invalid_scope", Description: agora.ErrorMessage(err)}
	}
	return err
}

func (a appHandlers) token(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "invalid_request", Description: agora.ErrorMessage(err)}
	}
	get := func(k string) string { s, _ := p.String(k); return s }
	clientID, secret, err := clientCredentials(r, get)
	if err != nil {
		return err
	}
	grant := get("grant_type")
	switch grant {
	case "authorization_code", "password", "client_credentials":
	case "":
		return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "invalid_request", Description: "The grant_type parameter is missing."}
	default:
		return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "unsupported_grant_type", Description: "The authorization grant type is not supported by the authorization server."}
	}
	// A public client using PKCE may omit its secret for the code grant; whether
	// the code allows it is for ExchangeCode to say.
	if secret == "" && (grant != "authorization_code" || get("code_verifier") == "") {
		return &httpx.OAuthError{Status: http.StatusUnauthorized, Code: "invalid_client", Description: "Client authentication failed: client_secret is missing."}
	}
	app, err := a.oauth.App(r.Context(), clientID, secret)
	if err != nil {
		if agora.ErrorCode(err) == agora.EUNAUTHORIZED {
			return &httpx.OAuthError{Status: http.StatusUnauthorized, Code: "invalid_client", Description: agora.ErrorMessage(err)}
		}
		return err
	}
	var value string
	var tok *agora.Token
	switch grant {
	case "authorization_code":
		value, tok, err = a.oauth.ExchangeCode(r.Context(), oauth.CodeExchange{App: app, Authenticated: secret != "",
			Code: get("code"), RedirectURI: get("redirect_uri"), Verifier: get("code_verifier")})
	case "password":
		value, tok, err = a.oauth.PasswordGrant(r.Context(), app, get("username"), get("password"), get("scope"))
	case "client_credentials":
		value, tok, err = a.oauth.ClientCredentials(r.Context(), app, get("scope"))
	}
	if err != nil {
		return oauthError(err)
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, tokenEntity(value, tok))
}

func (a appHandlers) revoke(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return &httpx.OAuthError{Status: http.StatusBadRequest, Code: "invalid_request", Description: agora.ErrorMessage(err)}
	}
	get := func(k string) string { s, _ := p.String(k); return s }
	clientID, secret, err := clientCredentials(r, get)
	if err != nil {
		return err
	}
	if secret == "" {
		return &httpx.OAuthError{Status: http.StatusUnauthorized, Code: "invalid_client", Description: "Client authentication failed: client_secret is missing."}
	}
	app, err := a.oauth.App(r.Context(), clientID, secret)
	if err != nil {
		if agora.ErrorCode(err) == agora.EUNAUTHORIZED {
			return &httpx.OAuthError{Status: http.StatusUnauthorized, Code: "invalid_client", Description: agora.ErrorMessage(err)}
		}
		return err
	}
	if err := a.oauth.Revoke(r.Context(), app, get("token")); err != nil {
		if agora.ErrorCode(err) == agora.EFORBIDDEN {
			return &httpx.OAuthError{Status: http.StatusForbidden, Code: "unauthorized_client", Description: agora.ErrorMessage(err)}
		}
		return err
	}
	return writeJSON(w, struct{}{})
}

// clientCredentials returns the client_id and client_secret of a token or
// revocation request: from the body, or else from HTTP Basic, whose decoded
// credentials must be text as the body's are (httpx.ValidText).
func clientCredentials(r *http.Request, get func(string) string) (id, secret string, err error) {
	id, secret = get("client_id"), get("client_secret")
	if u, pw, ok := r.BasicAuth(); ok && id == "" {
		if !httpx.ValidText(u) || !httpx.ValidText(pw) {
			return "", "", &httpx.OAuthError{Status: http.StatusBadRequest, Code: "invalid_request",
				Description: "The client credentials in HTTP Basic must be UTF-8 text without NUL characters."}
		}
		id, secret = u, pw
	}
	return id, secret, nil
}

// csrfCookie holds the token the sign-in form must echo (double-submit), so another
// site cannot post the form on a visitor's behalf.
const csrfCookie = "agora_csrf"

// csrfToken returns the sign-in form's token: the cookie's, or a new one set
// in it. The cookie is HttpOnly, SameSite=Lax, for /oauth only, and Secure when
// the request came over TLS or the instance's public URL is https (behind a
// TLS proxy), as the console's cookies are.
func (a appHandlers) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	var b [24]byte
	_, _ = rand.Read(b[:])
	v := base64.RawURLEncoding.EncodeToString(b[:])
	secure := r.TLS != nil || strings.HasPrefix(a.conv.base, "https://")
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/oauth", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secure})
	return v
}

func csrfOK(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	return err == nil && c.Value != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) == 1
}

// authorizeRequest reads and checks the OAuth parameters of /oauth/authorize.
func (a appHandlers) authorizeRequest(r *http.Request, get func(string) string) (oauth.AuthorizeRequest, *agora.Application, error) {
	if rt := get("response_type"); rt != "code" {
		return oauth.AuthorizeRequest{}, nil, agora.Errorf(agora.EINVALID, "The response_type must be code.")
	}
	app, err := a.oauth.App(r.Context(), get("client_id"), "")
	if err != nil {
		return oauth.AuthorizeRequest{}, nil, agora.Errorf(agora.EINVALID, "The application (client_id) is unknown.")
	}
	req := oauth.AuthorizeRequest{
		App:                 app,
		RedirectURI:         get("redirect_uri"),
		Scopes:              get("scope"),
		CodeChallenge:       get("code_challenge"),
		CodeChallengeMethod: get("code_challenge_method"),
	}
	if _, err := a.oauth.CheckAuthorize(req); err != nil {
		return req, app, err
	}
	return req, app, nil
}

// authorizePage shows the sign-in and consent form.
func (a appHandlers) authorizePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	req, app, err := a.authorizeRequest(r, q.Get)
	if err != nil {
		return a.renderAuthorize(w, http.StatusBadRequest, authorizeView{Error: agora.ErrorMessage(err)})
	}
	return a.renderAuthorize(w, http.StatusOK, a.authorizeViewOf(w, r, req, app, q.Get("state"), ""))
}

func (a appHandlers) authorizeViewOf(w http.ResponseWriter, r *http.Request, req oauth.AuthorizeRequest, app *agora.Application, state, msg string) authorizeView {
	sc, _ := agora.ParseScopes(req.Scopes)
	return authorizeView{
		Title: a.info.Title, App: app.Name, Scopes: sc, Error: msg,
		ClientID: app.ClientID, RedirectURI: req.RedirectURI, Scope: req.Scopes, State: state,
		CodeChallenge: req.CodeChallenge, CodeChallengeMethod: req.CodeChallengeMethod,
		CSRF: a.csrfToken(w, r),
	}
}

// authorizeSubmit checks the credentials and consent, then redirects with a code, or
// shows it for the out-of-band redirect URI.
func (a appHandlers) authorizeSubmit(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return a.renderAuthorize(w, http.StatusBadRequest, authorizeView{Error: "The form could not be read."})
	}
	if err := httpx.CheckValues("the form", r.PostForm); err != nil {
		return a.renderAuthorize(w, http.StatusBadRequest, authorizeView{Error: agora.ErrorMessage(err)})
	}
	get := r.PostFormValue
	req, app, err := a.authorizeRequest(r, get)
	if err != nil {
		return a.renderAuthorize(w, http.StatusBadRequest, authorizeView{Error: agora.ErrorMessage(err)})
	}
	state := get("state")
	if !csrfOK(r) {
		return a.renderAuthorize(w, http.StatusForbidden, a.authorizeViewOf(w, r, req, app, state, "Your session expired. Please sign in again."))
	}
	if get("decision") == "deny" {
		if req.RedirectURI == agora.OOBRedirect {
			return a.renderAuthorize(w, http.StatusOK, authorizeView{Title: a.info.Title, App: app.Name, Error: "Access was denied. You can close this page."})
		}
		return redirectOAuth(w, r, req.RedirectURI, url.Values{"error": {"access_denied"}, "state": {state}})
	}
	acct, err := a.oauth.CheckPassword(r.Context(), get("login"), get("password"))
	if err != nil {
		var ae *agora.Error
		switch {
		case errors.As(err, &ae) && ae.Code == agora.ETOOMANY:
			if ae.RetryAfter > 0 {
				w.Header().Set("Retry-After", httpx.RetryAfter(ae.RetryAfter))
			}
			return a.renderAuthorize(w, http.StatusTooManyRequests, a.authorizeViewOf(w, r, req, app, state, agora.ErrorMessage(err)))
		case agora.ErrorCode(err) != agora.EUNAUTHORIZED:
			return err
		}
		return a.renderAuthorize(w, http.StatusUnauthorized, a.authorizeViewOf(w, r, req, app, state, agora.ErrorMessage(err)))
	}
	code, err := a.oauth.IssueCode(r.Context(), req, acct)
	if err != nil {
		return err
	}
	if req.RedirectURI == agora.OOBRedirect {
		return a.renderAuthorize(w, http.StatusOK, authorizeView{Title: a.info.Title, App: app.Name, Code: code})
	}
	return redirectOAuth(w, r, req.RedirectURI, url.Values{"code": {code}, "state": {state}})
}

func redirectOAuth(w http.ResponseWriter, r *http.Request, redirectURI string, v url.Values) error {
	if v.Get("state") == "" {
		v.Del("state")
	}
	u, err := url.Parse(redirectURI)
	if err != nil {
		return agora.Errorf(agora.EINVALID, "The redirect URI is invalid.")
	}
	q := u.Query()
	for k, vals := range v {
		q[k] = vals
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
	return nil
}
