package mastoapi

import (
	"context"
	"net/http"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// socialService is what the handlers of scheduled statuses, account notes and
// endorsements ask (the service's Posts and Accounts).
type socialService interface {
	ScheduleStatus(ctx context.Context, v *visibility.Snapshot, n service.NewStatus, at time.Time, appID agora.ID) (*agora.ScheduledStatus, error)
	ScheduledStatuses(ctx context.Context, v *visibility.Snapshot, p agora.Page) ([]*agora.ScheduledStatus, error)
	ScheduledStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.ScheduledStatus, error)
	RescheduleStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID, at time.Time) (*agora.ScheduledStatus, error)
	CancelScheduledStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) error

	SetNote(ctx context.Context, v *visibility.Snapshot, target agora.ID, comment string) (agora.Relation, error)
	Endorse(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error)
	Unendorse(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error)
	Endorsements(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*service.AccountPage, error)
	RemoveFromFollowers(ctx context.Context, v *visibility.Snapshot, follower agora.ID) (agora.Relation, error)
	FamiliarFollowers(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) ([]service.Familiar, error)
	Directory(ctx context.Context, v *visibility.Snapshot, active bool, offset, limit int) (*service.AccountPage, error)
}

// directory answers GET /api/v1/directory (offset, limit 40 by default and at
// most 80, order active or new; local is accepted and changes nothing).
func (a accountHandlers) directory(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	offset, err := p.Int("offset", 0, 0, service.MaxDirectoryOffset)
	if err != nil {
		return err
	}
	limit, err := p.Int("limit", 40, 1, 1<<30)
	if err != nil {
		return err
	}
	limit = min(limit, service.MaxDirectoryLimit) // clamped, as Mastodon clamps it
	order, err := p.String("order")
	if err != nil {
		return err
	}
	if order != "" && order != "active" && order != "new" {
		return agora.Errorf(agora.EINVALID, "Parameter order must be active or new.")
	}
	if _, err := p.Bool("local"); err != nil {
		return err
	}
	page, err := a.social.Directory(r.Context(), snap(r), order != "new", offset, limit)
	if err != nil {
		return err
	}
	out := make([]*Account, len(page.Accounts))
	for i, acct := range page.Accounts {
		out[i] = a.conv.account(acct, page.Marks)
	}
	return writeJSON(w, out)
}

// FamiliarFollowers is the accounts the viewer follows that follow one account.
type FamiliarFollowers struct {
	ID       string     `json:"id"`
	Accounts []*Account `json:"accounts"`
}

func (a accountHandlers) familiarFollowers(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	raw, err := p.Strings("id")
	if err != nil {
		return err
	}
	if len(raw) > service.MaxFamiliarTargets {
		return agora.Errorf(agora.EINVALID, "Parameter id[] takes at most %d accounts.", service.MaxFamiliarTargets)
	}
	ids := make([]agora.ID, 0, len(raw))
	for _, s := range raw {
		if id, err := agora.ParseID(s); err == nil {
			ids = append(ids, id) // unknown IDs are left out, as relationships leaves them
		}
	}
	list, err := a.social.FamiliarFollowers(r.Context(), snap(r), ids)
	if err != nil {
		return err
	}
	out := make([]FamiliarFollowers, len(list))
	for i, f := range list {
		accts := make([]*Account, len(f.Accounts.Accounts))
		for j, acct := range f.Accounts.Accounts {
			accts[j] = a.conv.account(acct, f.Accounts.Marks)
		}
		out[i] = FamiliarFollowers{ID: f.ID.String(), Accounts: accts}
	}
	return writeJSON(w, out)
}

func (a accountHandlers) setNote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	comment, err := p.String("comment")
	if err != nil {
		return err
	}
	rel, err := a.social.SetNote(r.Context(), snap(r), id, comment)
	if err != nil {
		return err
	}
	return writeJSON(w, relationship(id, rel))
}

func (a accountHandlers) endorse(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.social.Endorse)
}

func (a accountHandlers) unendorse(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.social.Unendorse)
}

func (a accountHandlers) removeFromFollowers(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.social.RemoveFromFollowers)
}

// ownEndorsements answers GET /api/v1/endorsements: the viewer's.
func (a accountHandlers) ownEndorsements(w http.ResponseWriter, r *http.Request) error {
	return a.endorsementList(w, r, viewer(r).ID)
}

// accountEndorsements answers GET /api/v1/accounts/:id/endorsements.
func (a accountHandlers) accountEndorsements(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return a.endorsementList(w, r, id)
}

func (a accountHandlers) endorsementList(w http.ResponseWriter, r *http.Request, id agora.ID) error {
	pg, err := readAccountPage(r)
	if err != nil {
		return err
	}
	page, err := a.social.Endorsements(r.Context(), snap(r), id, pg)
	if err != nil {
		return err
	}
	return a.writeAccounts(w, r, page, pg.Limit)
}
