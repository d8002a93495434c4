package mastoapi

import (
	"context"
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// statusAction adapts a service call that acts on one status and returns it.
func (a *API) statusAction(act func(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		b, err := act(r.Context(), snap(r), id)
		if err != nil {
			return err
		}
		return a.writeStatus(w, b)
	}
}

// idAction is the handler of a route that acts on the viewer's own item named by
// the path's {id} (deletes or dismisses it) and answers an empty object, as
// Mastodon does.
func idAction(act func(ctx context.Context, v *visibility.Snapshot, id agora.ID) error) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := act(r.Context(), snap(r), id); err != nil {
			return err
		}
		return writeJSON(w, struct{}{})
	}
}

// idRead returns a handler that answers what get finds by the path's {id}, as
// conv converts it: the shape of every "read one of mine" route.
func idRead[T, E any](get func(ctx context.Context, v *visibility.Snapshot, id agora.ID) (T, error), conv func(T) E) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		x, err := get(r.Context(), snap(r), id)
		if err != nil {
			return err
		}
		return writeJSON(w, conv(x))
	}
}

// bodyWrite returns a handler that reads the request with read, makes what it
// asks with create, and answers it as conv converts it: the shape of every
// "create one of mine" route.
func bodyWrite[U, T, E any](read func(*http.Request) (U, error), create func(ctx context.Context, v *visibility.Snapshot, u U) (T, error), conv func(T) E) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := read(r)
		if err != nil {
			return err
		}
		x, err := create(r.Context(), snap(r), u)
		if err != nil {
			return err
		}
		return writeJSON(w, conv(x))
	}
}

// idWrite is bodyWrite for a change of one of the viewer's things by the
// path's {id}.
func idWrite[U, T, E any](read func(*http.Request) (U, error), change func(ctx context.Context, v *visibility.Snapshot, id agora.ID, u U) (T, error), conv func(T) E) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		u, err := read(r)
		if err != nil {
			return err
		}
		x, err := change(r.Context(), snap(r), id, u)
		if err != nil {
			return err
		}
		return writeJSON(w, conv(x))
	}
}

func (a statusHandlers) reblog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	vis, err := p.String("visibility")
	if err != nil {
		return err
	}
	b, err := a.posts.Reblog(r.Context(), snap(r), id, vis)
	if err != nil {
		return err
	}
	return a.writeStatus(w, b)
}

// statusAccounts adapts a list of accounts about one status (reblogged_by,
// favourited_by).
func (a *API) statusAccounts(list func(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*service.AccountPage, error)) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		pg, err := readAccountPage(r)
		if err != nil {
			return err
		}
		page, err := list(r.Context(), snap(r), id, pg)
		if err != nil {
			return err
		}
		return a.writeAccounts(w, r, page, pg.Limit)
	}
}

// writeAccounts answers with a page of accounts read with the limit and its Link
// header, which has rel="next" only when the page was full (setLastPageLink).
func (a *API) writeAccounts(w http.ResponseWriter, r *http.Request, page *service.AccountPage, limit int) error {
	out := make([]*Account, len(page.Accounts))
	for i, acct := range page.Accounts {
		out[i] = a.conv.account(acct, page.Marks)
	}
	setLastPageLink(w, r, a.conv.base, page.Span, limit)
	return writeJSON(w, out)
}

// markedStatuses serves /api/v1/favourites and /api/v1/bookmarks: paged by mark
// ID, so the Link header carries mark IDs, as Mastodon's does.
func (a statusHandlers) markedStatuses(kind agora.MarkKind) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		_, pg, err := readPage(r)
		if err != nil {
			return err
		}
		b, span, err := a.posts.MarkedStatuses(r.Context(), snap(r), kind, pg)
		if err != nil {
			return err
		}
		setLastPageLink(w, r, a.conv.base, span, pg.Limit)
		return writeJSON(w, a.conv.statuses(b))
	}
}
