// Package web is agora's public web pages: the front page with the local
// timeline, profiles, posts with their threads and hashtags, and their Atom
// feeds. Pages are rendered on the server from embedded templates
// (html/template, go:embed) and read without JavaScript.
//
// Like every surface, web reads content only through the service with the
// request's one visibility snapshot, which the route guard takes with the
// viewer's country: what the gate withholds is left out of lists, and a
// withheld page answers 451 with the notice text and a link to the public
// notice, as the API does.
package web

import (
	"context"
	"log/slog"
	"net/http"

	"agora"
	"agora/internal/guard"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// Info describes the instance on the front page.
type Info struct {
	Title        string
	Description  string
	ContactEmail string
	Version      string // agora's version, named in feeds
}

// The parts of the social service the pages ask for (service.Service has them
// all).
type (
	accountService interface {
		Lookup(ctx context.Context, v *visibility.Snapshot, acct string) (*agora.Account, visibility.Marks, error)
	}
	postService interface {
		Status(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
		Context(ctx context.Context, v *visibility.Snapshot, id agora.ID) (ancestors, descendants *service.Bundle, err error)
	}
	timelineService interface {
		AccountStatuses(ctx context.Context, v *visibility.Snapshot, id agora.ID, q service.AccountStatusesQuery) (*service.Bundle, error)
		PublicTimeline(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*service.Bundle, error)
		TagTimeline(ctx context.Context, v *visibility.Snapshot, tag string, p agora.Page) (*service.Bundle, error)
	}
)

// Notices gives the address of a withholding rule's public notice, which a
// post or account marked as withheld elsewhere links to ("Learn more").
// visibility.Gate is one.
type Notices interface {
	NoticeURL(ruleID agora.ID) string
}

// Site serves the public pages. Its zero value has the route table only.
type Site struct {
	accounts  accountService
	posts     postService
	timelines timelineService
	notices   Notices
	guard     *guard.Guard
	log       *slog.Logger
	info      Info
	base      string // public URL, without a trailing slash
	host      string // host (and port) of base
}

// New returns the pages over svc, behind g, which takes each request's
// snapshot of the visibility gate; notices names the public notices.
func New(svc *service.Service, notices Notices, g *guard.Guard, info Info, log *slog.Logger) *Site {
	return &Site{
		accounts: svc, posts: svc, timelines: svc, notices: notices, guard: g, log: log, info: info,
		base: svc.Config().BaseURL, host: svc.Host(),
	}
}

// Route is one entry of the route table.
type Route struct {
	// Pattern is the http.ServeMux pattern. Profiles ("/@alice") and posts
	// ("/@alice/{id}") have patterns with a wildcard first segment, as a
	// wildcard cannot start with "@"; their handlers answer 404 to what does
	// not start with it. Every more specific pattern (the APIs') wins over them.
	Pattern string
	Gate    httpx.Gate // what the route serves: content, or none
	Handler httpx.HandlerFunc
}

// Routes is the route table of the pages. Every page is public: the guard
// admits anyone (a bearer token, when sent, must be valid) and takes the
// snapshot the handler reads through. GateContent routes are walked with
// withheld fixtures by e2e/web_gate_test.go.
func (s *Site) Routes() []Route {
	return []Route{
		{"GET /{$}", httpx.GateContent, s.home},                          // about the instance, and the local timeline
		{"GET /{account}", httpx.GateContent, s.account},                 // /@name (profile) and /@name.atom (its feed)
		{"GET /{account}/{id}", httpx.GateContent, s.thread},             // /@name/{id}: a post and its thread
		{"GET /tags/{tag}", httpx.GateContent, s.tag},                    // /tags/{name} and /tags/{name}.atom
		{"GET /users/{name}", httpx.GateNone, s.userURI},                 // the account's URI: a redirect to /@name
		{"GET /users/{name}/statuses/{id}", httpx.GateNone, s.statusURI}, // a status's URI: to /@name/{id}
		{"GET /web/agora.css", httpx.GateNone, serveStylesheet},
	}
}

// Register mounts every route on mux, behind the guard.
func (s *Site) Register(mux *http.ServeMux) {
	for _, rt := range s.Routes() {
		mux.Handle(rt.Pattern, s.handle(s.guard.Wrap(guard.Public, "", rt.Handler)))
	}
}
