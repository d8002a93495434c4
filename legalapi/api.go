// Package legalapi is the legal desk's JSON API under /api/v1/legal/, for accounts
// with the legal or admin role and a token with the legal:read or legal:write
// scope. One route table (routes.go), wire shapes (entity.go), thin handlers; the
// contract is the OpenAPI 3.1 document served at /api/v1/legal/openapi.json.
package legalapi

import (
	"context"
	"log/slog"
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
	"agora/service"
)

// API serves the legal desk.
type API struct {
	desk *legal.Desk
	svc  *service.Service
	log  *slog.Logger
}

// New returns the legal API.
func New(desk *legal.Desk, svc *service.Service, log *slog.Logger) *API {
	return &API{desk: desk, svc: svc, log: log}
}

// Route is one entry of the route table.
type Route struct {
	Pattern string
	Scope   string     // legal:read or legal:write; "" for the public OpenAPI document
	Gate    httpx.Gate // GateStaff with a scope; GateNone for the public document
	Handler httpx.HandlerFunc
}

// Register mounts every route on mux.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.Routes() {
		mux.Handle(rt.Pattern, httpx.Handle(a.log, a.guard(rt)))
	}
}

type actorKey struct{}

// guard authenticates the request: a valid token with the route's scope, belonging
// to an account with legal access (role legal or admin, access not ended). 401
// without a valid token; 403 otherwise.
func (a *API) guard(rt Route) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		if rt.Scope == "" {
			return rt.Handler(w, r)
		}
		tok, ok := httpx.Bearer(r)
		if !ok {
			return agora.Errorf(agora.EUNAUTHORIZED, "The access token is missing.")
		}
		auth, err := a.svc.Authenticate(r.Context(), tok)
		if err != nil {
			return err
		}
		if auth.Account == nil || !auth.Account.StaffAt(a.desk.Now()) {
			return agora.Errorf(agora.EFORBIDDEN, "The legal desk is for accounts with the legal or admin role whose access has not ended.")
		}
		if !auth.Allows(rt.Scope) {
			return agora.Errorf(agora.EFORBIDDEN, "This action needs a token with the %s scope.", rt.Scope)
		}
		return rt.Handler(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, auth.Account)))
	}
}

// actor returns the staff account the request acts as.
func actor(r *http.Request) *agora.Account {
	a, _ := r.Context().Value(actorKey{}).(*agora.Account)
	return a
}

func pathID(r *http.Request, name string) (agora.ID, error) {
	id, err := agora.ParseID(r.PathValue(name))
	if err != nil {
		return 0, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return id, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	httpx.WriteJSON(w, status, v)
	return nil
}
