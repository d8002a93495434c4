package mastoapi

import (
	"net/http"
	"time"

	"agora/internal/httpx"
)

func (a accountHandlers) block(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.accounts.Block)
}
func (a accountHandlers) unblock(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.accounts.Unblock)
}
func (a accountHandlers) unmute(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.accounts.Unmute)
}

func (a accountHandlers) mute(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	notifications := true
	if v, given, err := p.OptionalBool("notifications"); err != nil {
		return err
	} else if given {
		notifications = v
	}
	secs, err := p.Int("duration", 0, 0, 1<<31-1)
	if err != nil {
		return err
	}
	rel, err := a.accounts.Mute(r.Context(), snap(r), id, notifications, time.Duration(secs)*time.Second)
	if err != nil {
		return err
	}
	return writeJSON(w, relationship(id, rel))
}

func (a accountHandlers) blocks(w http.ResponseWriter, r *http.Request) error {
	pg, err := readAccountPage(r)
	if err != nil {
		return err
	}
	page, err := a.accounts.Blocks(r.Context(), snap(r), pg)
	if err != nil {
		return err
	}
	return a.writeAccounts(w, r, page, pg.Limit)
}

func (a accountHandlers) mutes(w http.ResponseWriter, r *http.Request) error {
	pg, err := readAccountPage(r)
	if err != nil {
		return err
	}
	page, ends, err := a.accounts.Mutes(r.Context(), snap(r), pg)
	if err != nil {
		return err
	}
	out := make([]*MutedAccount, len(page.Accounts))
	for i, acct := range page.Accounts {
		out[i] = &MutedAccount{Account: *a.conv.account(acct, page.Marks)}
		if end := ends[acct.ID]; !end.IsZero() {
			s := formatTime(end)
			out[i].MuteExpiresAt = &s
		}
	}
	setLastPageLink(w, r, a.conv.base, page.Span, pg.Limit)
	return writeJSON(w, out)
}

func (a accountHandlers) followRequests(w http.ResponseWriter, r *http.Request) error {
	pg, err := readAccountPage(r)
	if err != nil {
		return err
	}
	page, err := a.accounts.FollowRequests(r.Context(), snap(r), pg)
	if err != nil {
		return err
	}
	return a.writeAccounts(w, r, page, pg.Limit)
}

func (a accountHandlers) authorizeFollow(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.accounts.AuthorizeFollowRequest)
}

func (a accountHandlers) rejectFollow(w http.ResponseWriter, r *http.Request) error {
	return a.relate(w, r, a.accounts.RejectFollowRequest)
}
