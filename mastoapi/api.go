// Package mastoapi is the Mastodon client API: one route table (routes.go), one file
// per resource, the wire entities (entity.go) and the one converter (convert.go).
// Handlers decode, call one service method and encode.
package mastoapi

import (
	"context"
	"log/slog"
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// Info describes the instance for /api/v1/instance and nodeinfo.
type Info struct {
	Title        string
	Description  string
	ContactEmail string
	Version      string // agora's version, e.g. "0.1.0"
}

// API serves the Mastodon client API.
type API struct {
	svc   *service.Service
	gate  *visibility.Gate
	conv  converter
	json  *jsonCache // statusjson.go
	stats instanceStats
	log   *slog.Logger
	info  Info
}

// New returns the API over svc, reading through gate: every request takes one
// snapshot of it for its viewer.
func New(svc *service.Service, gate *visibility.Gate, info Info, log *slog.Logger) *API {
	return &API{svc: svc, gate: gate, conv: converter{base: svc.Config().BaseURL}, json: newJSONCache(), log: log, info: info}
}

// access says who may call a route.
type access int

const (
	public access = iota // anyone; a token, when sent, must be valid
	app                  // any valid token, with or without an account
	user                 // a valid token that belongs to an account
)

// Route is one entry of the route table.
type Route struct {
	Pattern string // http.ServeMux pattern, e.g. "GET /api/v1/statuses/{id}"
	Scope   string // scope the token needs, "" for none
	Access  access
	Gate    httpx.Gate // what the route serves: GateNone or GateContent, never unset
	Handler httpx.HandlerFunc
}

// Register mounts every route on mux.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.Routes() {
		mux.Handle(rt.Pattern, httpx.Handle(a.log, a.guard(rt)))
	}
}

type stateKey struct{}

// state is what the guard learns of a request: who it acts as, and its one
// snapshot of the visibility gate.
type state struct {
	auth *service.Auth
	snap *visibility.Snapshot
}

// guard authenticates the request as rt requires, checks the scope, takes the
// request's snapshot of the gate and puts both into the request context.
func (a *API) guard(rt Route) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		tok, hasTok := httpx.Bearer(r)
		var auth *service.Auth
		if hasTok {
			var err error
			if auth, err = a.svc.Authenticate(r.Context(), tok); err != nil {
				return err
			}
		}
		switch {
		case rt.Access == public && auth == nil:
		case auth == nil:
			return agora.Errorf(agora.EUNAUTHORIZED, "The access token is invalid")
		case rt.Access == user && auth.Account == nil:
			return agora.Errorf(agora.EUNPROCESSABLE, "This method requires an authenticated user")
		}
		if auth != nil && rt.Scope != "" && !auth.Allows(rt.Scope) {
			return agora.Errorf(agora.EFORBIDDEN, "This action is outside the authorized scopes")
		}
		st := &state{auth: auth}
		if auth != nil {
			st.snap = a.gate.Snapshot(r.Context(), auth.Account)
		} else {
			st.snap = a.gate.Snapshot(r.Context(), nil)
		}
		return rt.Handler(w, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)))
	}
}

// authOf returns the request's Auth, nil for anonymous requests.
func authOf(r *http.Request) *service.Auth {
	if st, _ := r.Context().Value(stateKey{}).(*state); st != nil {
		return st.auth
	}
	return nil
}

// snap returns the request's snapshot of the visibility gate, through which
// everything the request serves is read.
func snap(r *http.Request) *visibility.Snapshot {
	return r.Context().Value(stateKey{}).(*state).snap
}

// viewer returns the account the request acts as, nil for anonymous or app tokens.
func viewer(r *http.Request) *agora.Account {
	if auth := authOf(r); auth != nil {
		return auth.Account
	}
	return nil
}

// pathID parses the {name} path value as an ID; a malformed one is ENOTFOUND, as no
// record can have it.
func pathID(r *http.Request, name string) (agora.ID, error) {
	id, err := agora.ParseID(r.PathValue(name))
	if err != nil {
		return 0, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return id, nil
}

func writeJSON(w http.ResponseWriter, v any) error {
	httpx.WriteJSON(w, http.StatusOK, v)
	return nil
}

// first returns the one status a single-status answer is about. The service gates
// it, so it can be missing only when a rule or a block took effect between the
// checks: that reads as not found.
func first(b *service.Bundle) (*agora.Status, error) {
	if len(b.Statuses) == 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return b.Statuses[0], nil
}
