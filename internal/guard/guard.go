// Package guard is the one route guard of agora's APIs (the Mastodon API, the legal
// API, the authority channel, and every surface added later). For each request it authenticates the
// bearer token, checks the access level and scope the route asks for, and takes
// the request's one visibility snapshot, through which the handler reads every
// status, account and hashtag it serves.
package guard

import (
	"context"
	"net/http"
	"strings"

	"agora"
	"agora/internal/httpx"
	"agora/oauth"
	"agora/visibility"
)

// Access says who may call a route.
type Access int

const (
	// Public: anyone; a token, when sent, must be valid. HTTP Basic is not a
	// token but a client authenticating at a token endpoint (RFC 6749 section
	// 2.3.1): it is left to the handler.
	Public Access = iota
	// App: any valid token, with or without an account.
	App
	// User: a valid token that belongs to an account.
	User
	// Staff: a valid token of an account with legal access now (role legal or
	// admin, access not ended).
	Staff
	// Authority: a valid authority token (the authority channel): the principal
	// is the authority, never an account.
	Authority
	// Moderator: a valid token of an account that may moderate (role moderator
	// or admin, not suspended): Mastodon's admin API.
	Moderator
)

// Authenticator tells who a bearer token acts as: EUNAUTHORIZED for a token
// that is unknown or revoked.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*oauth.Auth, error)
}

// AuthorityAuthenticator tells which authority a bearer token of the authority
// channel belongs to: EUNAUTHORIZED for a token that is unknown or revoked.
type AuthorityAuthenticator interface {
	AuthenticateAuthority(ctx context.Context, token string) (*agora.Authority, error)
}

// Guard admits requests to routes. It is safe for concurrent use.
type Guard struct {
	auth        Authenticator
	authorities AuthorityAuthenticator
	gate        *visibility.Gate
}

// New returns a guard that authenticates account tokens with auth and authority
// tokens with authorities (nil: no Authority route admits anyone), and takes
// snapshots of gate.
func New(auth Authenticator, authorities AuthorityAuthenticator, gate *visibility.Gate) *Guard {
	return &Guard{auth: auth, authorities: authorities, gate: gate}
}

type stateKey struct{}

// state is what the guard learns of a request.
type state struct {
	auth      *oauth.Auth
	authority *agora.Authority // on Authority routes
	snap      *visibility.Snapshot
}

// Wrap returns h behind the guard: the request must meet access and, when scope
// is not "", carry a token with that scope. The answers to requests that do not
// are those of Mastodon for Public, App and User routes (401 "The access token
// is invalid", 422 without an account, 403 outside the scopes), and for Staff
// routes 401 without a token and 403 for an account without legal access or a
// token without the scope, each saying what is missing; for Moderator routes
// as Mastodon's admin API, 403 for an account that may not moderate.
func (g *Guard) Wrap(access Access, scope string, h httpx.HandlerFunc) httpx.HandlerFunc {
	if access == Authority {
		return g.wrapAuthority(h)
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		tok, hasTok := httpx.Bearer(r)
		if access == Public && basicAuth(r) {
			hasTok = false
		}
		var auth *oauth.Auth
		switch {
		case hasTok:
			var err error
			if auth, err = g.auth.Authenticate(r.Context(), tok); err != nil {
				return err
			}
		case access == Staff:
			return agora.Errorf(agora.EUNAUTHORIZED, "The access token is missing.")
		case access != Public:
			return agora.Errorf(agora.EUNAUTHORIZED, "The access token is invalid")
		}
		var viewer *agora.Account
		if auth != nil {
			viewer = auth.Account
		}
		snap := g.gate.Snapshot(r.Context(), viewer)
		switch {
		case access == Staff && (viewer == nil || !snap.Staff()):
			return agora.Errorf(agora.EFORBIDDEN, "The legal desk is for accounts with the legal or admin role whose access has not ended.")
		case access == Staff && !auth.Allows(scope):
			return agora.Errorf(agora.EFORBIDDEN, "This action needs a token with the %s scope.", scope)
		case access == Moderator && (viewer == nil || !viewer.IsModerator()):
			return agora.Errorf(agora.EFORBIDDEN, "This action is not allowed")
		case access == User && viewer == nil:
			return agora.Errorf(agora.EUNPROCESSABLE, "This method requires an authenticated user")
		case auth != nil && scope != "" && !auth.Allows(scope):
			return agora.Errorf(agora.EFORBIDDEN, "This action is outside the authorized scopes")
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), stateKey{}, &state{auth: auth, snap: snap})))
	}
}

// basicAuth reports whether the request's Authorization is HTTP Basic.
func basicAuth(r *http.Request) bool {
	scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.EqualFold(scheme, "Basic")
}

// wrapAuthority admits a request that carries a valid authority token (401
// otherwise, saying what is wrong, with a WWW-Authenticate challenge) and gives
// the handler its authority and an anonymous snapshot from the request's
// countries.
func (g *Guard) wrapAuthority(h httpx.HandlerFunc) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		tok, ok := httpx.Bearer(r)
		if !ok || g.authorities == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authority"`)
			return agora.Errorf(agora.EUNAUTHORIZED, "The access token is missing: send an authority token as Authorization: Bearer.")
		}
		a, err := g.authorities.AuthenticateAuthority(r.Context(), tok)
		if err != nil {
			if agora.ErrorCode(err) == agora.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="authority", error="invalid_token"`)
			}
			return err
		}
		st := &state{authority: a, snap: g.gate.Snapshot(r.Context(), nil)}
		return h(w, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)))
	}
}

// AuthorityOf returns the authority an Authority route's request acts as, nil
// elsewhere.
func AuthorityOf(r *http.Request) *agora.Authority {
	if st := stateOf(r); st != nil {
		return st.authority
	}
	return nil
}

func stateOf(r *http.Request) *state {
	st, _ := r.Context().Value(stateKey{}).(*state)
	return st
}

// AuthOf returns the request's Auth, nil for anonymous requests and outside the
// guard.
func AuthOf(r *http.Request) *oauth.Auth {
	if st := stateOf(r); st != nil {
		return st.auth
	}
	return nil
}

// Viewer returns the account the request acts as, nil for anonymous requests and
// app tokens.
func Viewer(r *http.Request) *agora.Account {
	if auth := AuthOf(r); auth != nil {
		return auth.Account
	}
	return nil
}

// Snapshot returns the request's snapshot of the visibility gate. It panics
// outside the guard: a handler that reads content must be behind it.
func Snapshot(r *http.Request) *visibility.Snapshot {
	return stateOf(r).snap
}
