package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
)

// Scenario names, in the order Run runs them by default.
const (
	Home   = "home"   // GET /api/v1/timelines/home?limit=20
	Status = "status" // GET /api/v1/statuses/:id of a random known status
	Post   = "post"   // POST /api/v1/statuses with a short text
	Tag    = "tag"    // GET /api/v1/timelines/tag/:tag?limit=20 of a random tag
	Mixed  = "mixed"  // 90% home, 5% status, 5% post
	// Ceiling is the name of the ceiling's result: GET / of a trivial handler.
	Ceiling = "ceiling"
)

// Scenarios returns the name of every scenario, in the order Run runs them.
func Scenarios() []string { return []string{Home, Status, Post, Tag, Mixed} }

// requestFunc sends one request of a scenario as the worker and returns an error
// for a transport failure or an answer outside 2xx.
type requestFunc func(w *worker, ctx context.Context) error

// scenarioRequest returns the request function of a named scenario.
func scenarioRequest(name string) (requestFunc, error) {
	switch name {
	case Home:
		return (*worker).home, nil
	case Status:
		return (*worker).status, nil
	case Post:
		return (*worker).post, nil
	case Tag:
		return (*worker).tag, nil
	case Mixed:
		return (*worker).mixed, nil
	}
	return nil, fmt.Errorf("unknown scenario %q (want one of %v)", name, Scenarios())
}

// needsStatuses reports whether any of the scenarios reads statuses by ID.
func needsStatuses(names []string) bool {
	return slices.Contains(names, Status) || slices.Contains(names, Mixed)
}

// worker is one connection's loop state: its own random source and token
// rotation, so workers share nothing while they run.
type worker struct {
	id       int
	c        *Client
	rng      *rand.Rand
	accts    []Account
	next     int // index in accts of the next token
	statuses []string
	tags     []string
	posts    int
}

// token returns the next account's token, round-robin.
func (w *worker) token() string {
	t := w.accts[w.next].Token
	w.next = (w.next + 1) % len(w.accts)
	return t
}

func (w *worker) home(ctx context.Context) error {
	return w.c.hit(ctx, "GET", "/api/v1/timelines/home?limit=20", w.token(), nil)
}

func (w *worker) status(ctx context.Context) error {
	id := w.statuses[w.rng.IntN(len(w.statuses))]
	return w.c.hit(ctx, "GET", "/api/v1/statuses/"+url.PathEscape(id), w.token(), nil)
}

func (w *worker) post(ctx context.Context) error {
	w.posts++
	text := fmt.Sprintf("Load test post %d from connection %d", w.posts, w.id)
	return w.c.hit(ctx, "POST", "/api/v1/statuses", w.token(), url.Values{"status": {text}, "visibility": {"public"}})
}

func (w *worker) tag(ctx context.Context) error {
	t := w.tags[w.rng.IntN(len(w.tags))]
	return w.c.hit(ctx, "GET", "/api/v1/timelines/tag/"+url.PathEscape(t)+"?limit=20", w.token(), nil)
}

func (w *worker) mixed(ctx context.Context) error {
	switch p := w.rng.IntN(100); {
	case p < 90:
		return w.home(ctx)
	case p < 95:
		return w.status(ctx)
	default:
		return w.post(ctx)
	}
}

// ceiling requests the trivial handler of the ceiling server.
func (w *worker) ceiling(ctx context.Context) error {
	return w.c.hit(ctx, "GET", "/", "", nil)
}
