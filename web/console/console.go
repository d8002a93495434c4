// Package console is the legal console at /legal: the legal desk's pages for
// staff with the legal or admin role, signed in with their account's password.
// Pages are rendered on the server from embedded templates (html/template,
// go:embed) and work without JavaScript.
//
// The console is a surface like the legal API: it acts through the legal
// desk's methods with the signed-in staff account as the actor, and reads what
// targets name only through the service's previews with the request's snapshot
// of the visibility gate. Its sessions are its own (session.go): a cookie
// holding a secret whose SHA-256 the store keeps, a CSRF token per session
// checked on every form, and throttled sign-in (throttle.go).
package console

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
	"agora/visibility"
)

// Passwords checks an account's password: the OAuth server (service.Service
// embeds it). Any failure is EUNAUTHORIZED, whichever part was wrong.
type Passwords interface {
	CheckPassword(ctx context.Context, login, password string) (*agora.Account, error)
}

// Previews shows a reviewer what targets name, read through the request's
// snapshot (service.Rules implements it; the legal API asks the same).
type Previews interface {
	Previews(ctx context.Context, v *visibility.Snapshot, subjects []agora.Subject) (map[agora.Subject]*agora.SubjectPreview, error)
}

// Sessions keeps the console's sessions and reads the account a session
// belongs to, afresh on every request, so that an ended staff access ends the
// session at once. The store (sqlstore.DB) is one.
type Sessions interface {
	agora.ConsoleSessionStore
	// Account returns the account with the ID; ENOTFOUND when there is none.
	Account(ctx context.Context, id agora.ID) (*agora.Account, error)
	// StaffAccounts returns every account with the legal or admin role,
	// whether its access has ended or not: whom an order, a target or a
	// handover can name.
	StaffAccounts(ctx context.Context) ([]*agora.Account, error)
}

// Config is the console's settings.
type Config struct {
	// Title is the instance's name, shown in the pages' titles.
	Title string
	// BaseURL is the instance's public URL; when it is https, the session
	// cookie is Secure whatever the request's scheme (a TLS proxy in front).
	BaseURL string
	// SessionFor is how long a session lasts from sign-in; 8 hours when zero.
	SessionFor time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Console serves the legal console. Its zero value has the route table only.
type Console struct {
	desk     *legal.Desk
	previews Previews
	pw       Passwords
	sessions Sessions
	gate     *visibility.Gate
	log      *slog.Logger
	cfg      Config
	throttle *throttle
}

// New returns the console over the desk; it signs staff in with pw, keeps
// their sessions in sessions and takes each request's snapshot of gate.
func New(desk *legal.Desk, previews Previews, pw Passwords, sessions Sessions, gate *visibility.Gate, cfg Config, log *slog.Logger) *Console {
	if cfg.SessionFor == 0 {
		cfg.SessionFor = 8 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Console{desk: desk, previews: previews, pw: pw, sessions: sessions, gate: gate, log: log, cfg: cfg,
		throttle: newThrottle(cfg.Now)}
}

// Route is one entry of the route table.
type Route struct {
	// Pattern is the http.ServeMux pattern. Every pattern has a literal first
	// segment, "legal", and none ends in a multi-segment wildcard, so none
	// conflicts with the public pages' "GET /{account}/{id}".
	Pattern string
	// Gate is GateStaff for the pages behind a session (only staff open them;
	// staff see withheld content), GateNone for signing in and out and the
	// stylesheet.
	Gate httpx.Gate
	// Staff says whether the route needs a staff session; its POSTs then need
	// the session's CSRF token.
	Staff   bool
	Handler handlerFunc
}

// Routes is the console's route table.
func (c *Console) Routes() []Route {
	return []Route{
		{"GET /legal/signin", httpx.GateNone, false, c.signInPage},
		{"POST /legal/signin", httpx.GateNone, false, c.signIn},
		{"POST /legal/signout", httpx.GateNone, true, c.signOut},
		{"GET /legal", httpx.GateStaff, true, c.dashboard},
		{"GET /legal/orders", httpx.GateStaff, true, c.orders},
		{"GET /legal/orders/new", httpx.GateStaff, true, c.newOrderPage},
		{"POST /legal/orders", httpx.GateStaff, true, c.createOrder},
		{"GET /legal/orders/{id}", httpx.GateStaff, true, c.order},
		{"GET /legal/orders/{id}/targets", httpx.GateStaff, true, c.targets},
		{"POST /legal/orders/{id}/decisions/preview", httpx.GateStaff, true, c.previewDecision},
		{"POST /legal/orders/{id}/decisions", httpx.GateStaff, true, c.decide},
		{"POST /legal/orders/{id}/acknowledge", httpx.GateStaff, true, c.acknowledge},
		{"POST /legal/orders/{id}/state", httpx.GateStaff, true, c.setState},
		{"POST /legal/orders/{id}/assign", httpx.GateStaff, true, c.assign},
		{"POST /legal/orders/{id}/targets/assign", httpx.GateStaff, true, c.assignTarget},
		{"POST /legal/orders/{id}/notices", httpx.GateStaff, true, c.addNotice},
		{"POST /legal/orders/{id}/correspondence", httpx.GateStaff, true, c.addCorrespondence},
		{"POST /legal/notices/{id}/answer", httpx.GateStaff, true, c.answerNotice},
		{"GET /legal/appeals", httpx.GateStaff, true, c.appeals},
		{"POST /legal/appeals/{id}/answer", httpx.GateStaff, true, c.answerAppeal},
		{"GET /legal/handover", httpx.GateStaff, true, c.handoverPage},
		{"POST /legal/handover", httpx.GateStaff, true, c.handover},
		{"GET /legal/console.css", httpx.GateNone, false, serveStylesheet},
		{"GET /legal/static/{name}", httpx.GateNone, false, serveScript},
	}
}

// Register mounts every route on mux.
func (c *Console) Register(mux *http.ServeMux) {
	for _, rt := range c.Routes() {
		h := rt.Handler
		if rt.Staff {
			h = c.requireStaff(h)
		}
		mux.Handle(rt.Pattern, c.handle(h))
	}
}

// request is what a handler gets: the request and, behind requireStaff, the
// session's staff account, its snapshot and its CSRF token.
type request struct {
	*http.Request
	staff *agora.Account
	snap  *visibility.Snapshot
	csrf  string
	hash  string // the session's hash
}

// handlerFunc serves a console request; an error it returns is written as a
// page.
type handlerFunc func(w http.ResponseWriter, r *request) error

// handle adapts h to http.Handler. No console answer is cached anywhere.
func (c *Console) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		rq := &request{Request: r}
		if err := h(w, rq); err != nil {
			c.writeError(w, rq, err)
		}
	})
}

// secure reports whether cookies set in answer to r must be Secure: the request
// came over TLS, or the instance's public URL is https.
func (c *Console) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(c.cfg.BaseURL, "https://")
}

// clientIP is the request's client address as the server resolved it (behind
// trusted proxies, the one they forward).
func clientIP(r *http.Request) string {
	if ip := agora.OriginFrom(r.Context()).ClientIP; ip != "" {
		return ip
	}
	return r.RemoteAddr
}
