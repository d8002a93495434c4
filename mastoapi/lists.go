package mastoapi

import (
	"context"
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// List is Mastodon's List entity.
type List struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	RepliesPolicy string `json:"replies_policy"`
	Exclusive     bool   `json:"exclusive"`
}

func toList(l *agora.List) *List {
	return &List{ID: l.ID.String(), Title: l.Title, RepliesPolicy: string(l.RepliesPolicy), Exclusive: l.Exclusive}
}

func toLists(ls []*agora.List) []*List {
	out := make([]*List, len(ls))
	for i, l := range ls {
		out[i] = toList(l)
	}
	return out
}

// listService is what the list handlers ask (service.Timelines).
type listService interface {
	AccountLists(ctx context.Context, v *visibility.Snapshot, accountID agora.ID) ([]*agora.List, error)
	AddToList(ctx context.Context, v *visibility.Snapshot, id agora.ID, accountIDs []agora.ID) error
	CreateList(ctx context.Context, v *visibility.Snapshot, u service.ListUpdate) (*agora.List, error)
	DeleteList(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	List(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.List, error)
	ListAccounts(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page, all bool) (*service.AccountPage, error)
	Lists(ctx context.Context, v *visibility.Snapshot) ([]*agora.List, error)
	ListTimeline(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*service.Bundle, error)
	RemoveFromList(ctx context.Context, v *visibility.Snapshot, id agora.ID, accountIDs []agora.ID) error
	UpdateList(ctx context.Context, v *visibility.Snapshot, id agora.ID, u service.ListUpdate) (*agora.List, error)
}

// listHandlers serve /api/v1/lists, an account's lists and list timelines.
type listHandlers struct{ *API }

func (a listHandlers) lists(w http.ResponseWriter, r *http.Request) error {
	ls, err := a.listSvc.Lists(r.Context(), snap(r))
	if err != nil {
		return err
	}
	return writeJSON(w, toLists(ls))
}

func (a listHandlers) list(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := a.listSvc.List(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, toList(l))
}

// readListUpdate reads title, replies_policy and exclusive; those not given are
// nil.
func readListUpdate(r *http.Request) (service.ListUpdate, error) {
	var u service.ListUpdate
	p, err := httpx.ReadParams(r)
	if err != nil {
		return u, err
	}
	if p.Has("title") {
		t, err := p.String("title")
		if err != nil {
			return u, err
		}
		u.Title = &t
	}
	if p.Has("replies_policy") {
		s, err := p.String("replies_policy")
		if err != nil {
			return u, err
		}
		rp := agora.RepliesPolicy(s)
		u.RepliesPolicy = &rp
	}
	if v, given, err := p.OptionalBool("exclusive"); err != nil {
		return u, err
	} else if given {
		u.Exclusive = &v
	}
	return u, nil
}

func (a listHandlers) createList(w http.ResponseWriter, r *http.Request) error {
	return bodyWrite(readListUpdate, a.listSvc.CreateList, toList)(w, r)
}

func (a listHandlers) updateList(w http.ResponseWriter, r *http.Request) error {
	return idWrite(readListUpdate, a.listSvc.UpdateList, toList)(w, r)
}

func (a listHandlers) listAccounts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	pg, err := p.Page(agora.DefaultAccountPageLimit, agora.MaxListLimit)
	if err != nil {
		return err
	}
	limit, err := p.String("limit")
	if err != nil {
		return err
	}
	page, err := a.listSvc.ListAccounts(r.Context(), snap(r), id, pg, limit == "0") // 0: every member, as Mastodon
	if err != nil {
		return err
	}
	return a.writeAccounts(w, r, page, pg.Limit)
}

// readAccountIDs reads account_ids[]: at least one; a malformed ID is
// ENOTFOUND, as no account has it.
func readAccountIDs(r *http.Request) ([]agora.ID, error) {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return nil, err
	}
	raw, err := p.Strings("account_ids")
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Parameter account_ids is required.")
	}
	if len(raw) > agora.MaxListLimit {
		return nil, agora.Errorf(agora.EINVALID, "Parameter account_ids has more than %d values.", agora.MaxListLimit)
	}
	seen := map[agora.ID]bool{}
	out := make([]agora.ID, 0, len(raw))
	for _, s := range raw {
		id, err := agora.ParseID(s)
		if err != nil {
			return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

func (a listHandlers) addAccounts(w http.ResponseWriter, r *http.Request) error {
	return a.changeMembers(w, r, a.listSvc.AddToList)
}

func (a listHandlers) removeAccounts(w http.ResponseWriter, r *http.Request) error {
	return a.changeMembers(w, r, a.listSvc.RemoveFromList)
}

func (a listHandlers) changeMembers(w http.ResponseWriter, r *http.Request, change func(context.Context, *visibility.Snapshot, agora.ID, []agora.ID) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ids, err := readAccountIDs(r)
	if err != nil {
		return err
	}
	if err := change(r.Context(), snap(r), id, ids); err != nil {
		return err
	}
	return writeJSON(w, struct{}{})
}

func (a listHandlers) accountLists(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ls, err := a.listSvc.AccountLists(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, toLists(ls))
}

func (a listHandlers) listTimeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "list_id")
	if err != nil {
		return err
	}
	_, pg, err := readPage(r)
	if err != nil {
		return err
	}
	b, err := a.listSvc.ListTimeline(r.Context(), snap(r), id, pg)
	if err != nil {
		return err
	}
	return a.writeStatuses(w, r, b)
}
