// Package authorityapi is the authority channel's JSON API under
// /api/v1/authority/ (DESIGN section 6): an authority, holding a token bound to
// itself (`agora authority token`), submits orders and reads, of its own orders
// only, the state and the effect given to each target. The authority is the
// principal, never an account. One route table (routes.go), wire shapes of its
// own (wire/), thin handlers over the legal desk's methods for an authority; the
// contract is the OpenAPI 3.1 document at /api/v1/authority/openapi.json.
package authorityapi

import (
	"context"
	"log/slog"
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
)

// API serves the authority channel.
type API struct {
	desk *legal.Desk
	log  *slog.Logger
}

// New returns the authority API over the desk.
func New(desk *legal.Desk, log *slog.Logger) *API {
	return &API{desk: desk, log: log}
}

// Route is one entry of the route table.
type Route struct {
	Pattern string
	// Gate is GateAuthority for the routes behind the authority guard, GateNone
	// for the public document.
	Gate    httpx.Gate
	Handler httpx.HandlerFunc
}

// Register mounts every route on mux: GateAuthority routes behind the guard,
// which admits authority tokens only. No answer is cached.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.Routes() {
		h := rt.Handler
		if rt.Gate != httpx.GateNone {
			h = a.guard(h)
		}
		mux.Handle(rt.Pattern, httpx.Handle(a.log, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Cache-Control", "no-store")
			return h(w, r)
		}))
	}
}

type authorityKey struct{}

// guard admits a request that carries a valid authority token (401 otherwise,
// saying what is wrong) and gives the handler its authority.
func (a *API) guard(h httpx.HandlerFunc) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		tok, ok := httpx.Bearer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authority"`)
			return agora.Errorf(agora.EUNAUTHORIZED, "The access token is missing: send an authority token as Authorization: Bearer.")
		}
		auth, err := a.desk.AuthenticateAuthority(r.Context(), tok)
		if err != nil {
			if agora.ErrorCode(err) == agora.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="authority", error="invalid_token"`)
			}
			return err
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), authorityKey{}, auth)))
	}
}

// authority returns the request's authority. It panics outside the guard.
func authority(r *http.Request) *agora.Authority {
	return r.Context().Value(authorityKey{}).(*agora.Authority)
}

func pathID(r *http.Request, name string) (agora.ID, error) {
	id, err := agora.ParseID(r.PathValue(name))
	if err != nil {
		return 0, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return id, nil
}
