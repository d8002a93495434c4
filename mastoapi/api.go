// Package mastoapi is the Mastodon client API: one route table (routes.go), one file
// per resource, the wire entities (entity.go) and the one converter (convert.go).
// Handlers decode, call one service method and encode.
package mastoapi

import (
	"log/slog"
	"net/http"

	"agora"
	"agora/internal/guard"
	"agora/internal/httpx"
	"agora/oauth"
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
	accounts  accountService
	posts     postService
	timelines timelineService
	inbox     inboxService
	listSvc   listService         // lists.go
	filterSvc filterService       // filters.go
	convSvc   conversationService // conversations.go
	muteSvc   threadMuteService   // conversations.go
	appeals   appealService
	reports   moderationService // reports, the admin API
	oauth     oauthService
	instance  instanceService
	social    socialService // social.go: scheduled statuses, notes, endorsements
	media     mediaService  // media.go
	guard     *guard.Guard
	conv      converter
	json      *jsonCache // statusjson.go
	stats     instanceStats
	log       *slog.Logger
	info      Info
}

// New returns the API over the parts of svc, and the legal desk for owners'
// appeals, behind g, which authenticates each request and takes its one
// snapshot of the visibility gate.
func New(svc *service.Service, appeals appealService, g *guard.Guard, info Info, log *slog.Logger) *API {
	return &API{
		accounts: svc.Accounts, posts: svc.Posts, timelines: svc.Timelines, inbox: svc.Inbox, listSvc: svc.Timelines, filterSvc: svc.Timelines, convSvc: svc.Timelines, muteSvc: svc.Posts, appeals: appeals, reports: svc.Moderation, oauth: svc.Server, instance: svc,
		social: svc, media: svc.Posts, guard: g, conv: converter{base: svc.Config().BaseURL}, json: newJSONCache(), log: log, info: info,
	}
}

// Who may call a route (guard.Access).
const (
	public = guard.Public // anyone; a token, when sent, must be valid
	app    = guard.App    // any valid token, with or without an account
	user   = guard.User   // a valid token that belongs to an account
	// moderator: a valid token of an account with the moderator or admin role
	moderator = guard.Moderator
)

// Route is one entry of the route table.
type Route struct {
	Pattern string // http.ServeMux pattern, e.g. "GET /api/v1/statuses/{id}"
	Scope   string // scope the token needs, "" for none
	Access  guard.Access
	Gate    httpx.Gate // what the route serves: content, or none
	Handler httpx.HandlerFunc
}

// Register mounts every route on mux, behind the guard; those sharedMounts
// names are mounted together under their shared pattern.
func (a *API) Register(mux *http.ServeMux) {
	shared := map[string]*httpx.Shared{}
	for _, rt := range a.Routes() {
		h := httpx.Handle(a.log, a.guard.Wrap(rt.Access, rt.Scope, rt.Handler))
		sp, ok := sharedMounts[rt.Pattern]
		if !ok {
			mux.Handle(rt.Pattern, h)
			continue
		}
		if shared[sp] == nil {
			shared[sp] = httpx.NewShared(sp)
			mux.Handle(sp, shared[sp])
		}
		shared[sp].Add(rt.Pattern, h)
	}
}

// authOf returns the request's Auth, nil for anonymous requests.
func authOf(r *http.Request) *oauth.Auth { return guard.AuthOf(r) }

// viewer returns the account the request acts as, nil for anonymous or app tokens.
func viewer(r *http.Request) *agora.Account { return guard.Viewer(r) }

// snap returns the request's snapshot of the visibility gate, through which
// everything the request serves is read.
func snap(r *http.Request) *visibility.Snapshot { return guard.Snapshot(r) }

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

// The handlers, one group per part of the API, each over the API.
type (
	// accountHandlers serve accounts and the relations between them.
	accountHandlers struct{ *API }
	// statusHandlers serve statuses, timelines, search, hashtags,
	// notifications and markers.
	statusHandlers struct{ *API }
	// appHandlers serve applications, OAuth and the instance.
	appHandlers struct{ *API }
)
