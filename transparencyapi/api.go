// Package transparencyapi is what agora publishes about the orders it receives,
// for everyone, without an account: the transparency reports per country and
// half-year (JSON at /api/v1/transparency/reports, CSV at
// /api/v1/transparency/reports.csv, and the page /transparency with its charts
// drawn as inline SVG), and the public notices (the page /notices/{id} and
// JSON at /api/v1/transparency/notices/{id}) of orders that may be published,
// and of withholding rules made without an order. docs/TRANSPARENCY.md says
// what each figure and each part of a notice means.
//
// Notices name what is withheld, by design, as the notice a withheld item
// links to always has: by its address (a handle, a post's URL, a hashtag),
// never by its content, which is read only through the visibility gate on
// the other surfaces. Nothing here reads statuses or accounts for a viewer.
package transparencyapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
	"agora/service"
)

// Desk is what the legal desk publishes (legal.Transparency).
type Desk interface {
	// Report returns the report of the half-year; EINVALID for one not begun.
	Report(ctx context.Context, p legal.Period) (*legal.Report, error)
	// ReportPeriods returns the half-years with reports, newest first.
	ReportPeriods(ctx context.Context) ([]legal.Period, error)
	// PublicNotice returns the public notice of the order; ENOTFOUND when
	// there is none (no such order, or a confidential one).
	PublicNotice(ctx context.Context, orderID agora.ID) (*legal.PublicNotice, error)
	// NoticePublished reports whether the order's notice may be read now.
	NoticePublished(ctx context.Context, orderID agora.ID) (bool, error)
	// Now is the desk's clock.
	Now() time.Time
}

// RuleNotices gives the notice of one withholding rule (service.Posts): the
// notice of a rule made without an order, or under an order not yet
// published.
type RuleNotices interface {
	// RuleNotice returns the rule's notice; ENOTFOUND for an unknown rule.
	RuleNotice(ctx context.Context, id agora.ID) (*service.Notice, error)
}

// Info describes the instance for the pages.
type Info struct {
	Title   string // the instance's name
	BaseURL string // its public URL, without a trailing slash
}

// API serves the transparency reports and the public notices.
type API struct {
	desk   Desk
	rules  RuleNotices
	info   Info
	logger *slog.Logger
}

// New returns the API over the desk and the rules' notices.
func New(desk Desk, rules RuleNotices, info Info, logger *slog.Logger) *API {
	return &API{desk: desk, rules: rules, info: info, logger: logger}
}

// Route is one entry of the route table. HTML routes answer errors with a
// page; the others with JSON.
type Route struct {
	Pattern string
	Gate    httpx.Gate
	HTML    bool
	Handler httpx.HandlerFunc
}

// Routes is the route table. Every route is GateNone: the reports count and
// the notices name what is withheld, by design (they are the public record),
// and none serves a status, an account or a hashtag's content; a confidential
// order's notice answers 404 until the order may be published.
func (a *API) Routes() []Route {
	return []Route{
		{"GET /api/v1/transparency/reports", httpx.GateNone, false, a.reportJSON},
		{"GET /api/v1/transparency/reports.csv", httpx.GateNone, false, a.reportCSV},
		{"GET /api/v1/transparency/notices/{id}", httpx.GateNone, false, a.noticeJSON},
		{"GET /transparency", httpx.GateNone, true, a.reportPage},
		{"GET /notices/{id}", httpx.GateNone, true, a.noticePage},
	}
}

// Register mounts every route on mux. The JSON and the CSV may be read from
// any origin (Access-Control-Allow-Origin: *).
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.Routes() {
		h := rt.Handler
		if rt.HTML {
			mux.Handle(rt.Pattern, a.page(h))
			continue
		}
		mux.Handle(rt.Pattern, httpx.Handle(a.logger, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			return h(w, r)
		}))
	}
}

// errNoNotice answers for an ID that has no notice, whatever the reason.
var errNoNotice = agora.Errorf(agora.ENOTFOUND, "No such notice.")

// pathID parses the {id} path value; a malformed one has no notice.
func pathID(r *http.Request) (agora.ID, error) {
	id, err := agora.ParseID(r.PathValue("id"))
	if err != nil {
		return 0, errNoNotice
	}
	return id, nil
}
