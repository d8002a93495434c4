// Package authorityapi is the authority channel's JSON API under
// /api/v1/authority/ (DESIGN section 6): an authority, holding a token bound to
// itself (`agora authority token`, or one its OAuth client obtained at the
// token endpoint with `agora authority client` credentials), submits orders
// and reads, of its own orders only, the state and the effect given to each
// target. The authority is the
// principal, never an account. One route table (routes.go), wire shapes of its
// own (wire/), thin handlers over the legal desk's methods for an authority; the
// contract is the OpenAPI 3.1 document at /api/v1/authority/openapi.json.
package authorityapi

import (
	"log/slog"
	"net/http"

	"agora"
	"agora/internal/guard"
	"agora/internal/httpx"
	"agora/legal"
)

// API serves the authority channel.
type API struct {
	desk  *legal.Desk
	guard *guard.Guard
	log   *slog.Logger
}

// New returns the authority API over the desk, behind g, which admits authority
// tokens to its GateAuthority routes.
func New(desk *legal.Desk, g *guard.Guard, log *slog.Logger) *API {
	return &API{desk: desk, guard: g, log: log}
}

// Route is one entry of the route table.
type Route struct {
	Pattern string
	// Gate is GateAuthority for the routes behind the authority guard, GateNone
	// for the public document.
	Gate    httpx.Gate
	Handler httpx.HandlerFunc
}

// Register mounts every route on mux: GateAuthority routes behind the guard for
// authority tokens (guard.Authority); the public document and the token
// endpoint, which authenticates the client itself, outside it, for anyone:
// they read no bearer token, as an account's token means nothing on the
// authority channel and an authority's must not make its own document 401.
// No answer is cached.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.Routes() {
		h := rt.Handler
		if rt.Gate != httpx.GateNone {
			h = a.guard.Wrap(guard.Authority, "", h)
		}
		mux.Handle(rt.Pattern, httpx.Handle(a.log, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Cache-Control", "no-store")
			return h(w, r)
		}))
	}
}

// authority returns the request's authority. It panics outside the guard.
func authority(r *http.Request) *agora.Authority {
	a := guard.AuthorityOf(r)
	if a == nil {
		panic("authorityapi: a handler behind no authority guard")
	}
	return a
}

func pathID(r *http.Request, name string) (agora.ID, error) {
	id, err := agora.ParseID(r.PathValue(name))
	if err != nil {
		return 0, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return id, nil
}
