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
	"agora/internal/guard"
	"agora/internal/httpx"
	"agora/legal"
	"agora/visibility"
)

// Previews shows a reviewer what targets name: the service (service.Rules),
// reading every account, status and hashtag through the request's snapshot of
// the gate, never straight from the store.
type Previews interface {
	// Previews returns what v shows of each subject; subjects that no longer
	// exist, or that v does not show, are absent. A fixed number of round
	// trips whatever the number of subjects. Errors: visibility.ErrStale and
	// the store's (EINTERNAL).
	Previews(ctx context.Context, v *visibility.Snapshot, subjects []agora.Subject) (map[agora.Subject]*agora.SubjectPreview, error)
}

// API serves the legal desk.
type API struct {
	desk     *legal.Desk
	previews Previews
	guard    *guard.Guard
	log      *slog.Logger
}

// New returns the legal API behind g, which admits only legal staff to its
// scoped routes, showing what targets name through previews.
func New(desk *legal.Desk, previews Previews, g *guard.Guard, log *slog.Logger) *API {
	return &API{desk: desk, previews: previews, guard: g, log: log}
}

// Route is one entry of the route table.
type Route struct {
	Pattern string
	Scope   string     // legal:read or legal:write; "" for the public OpenAPI document
	Gate    httpx.Gate // GateStaff with a scope; GateNone for the public document
	Handler httpx.HandlerFunc
}

// Register mounts every route on mux: a route with a scope behind the guard for
// legal staff (guard.Staff); the public document, which serves the same bytes
// to anyone, outside it, reading no token (a client that sends its expired
// token everywhere still reads the document, which documents no 401). No
// answer of the legal API is cached.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.Routes() {
		h := rt.Handler
		if rt.Scope != "" {
			h = a.guard.Wrap(guard.Staff, rt.Scope, h)
		}
		mux.Handle(rt.Pattern, httpx.Handle(a.log, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Cache-Control", "no-store")
			return h(w, r)
		}))
	}
}

// actor returns the staff account the request acts as.
func actor(r *http.Request) *agora.Account { return guard.Viewer(r) }

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
