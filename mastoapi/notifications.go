package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/service"
)

func (a statusHandlers) notifications(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	pg, err := p.Page(agora.DefaultAccountPageLimit, agora.MaxListLimit)
	if err != nil {
		return err
	}
	q := agora.NotificationQuery{Page: pg}
	// Types agora does not know (poll, status, update, ...) are left out, as
	// Mastodon leaves out those it does not know; types[] naming none it knows
	// selects none.
	types, given, err := httpx.Known(p, "types", agora.ParseNotificationType)
	if err != nil {
		return err
	}
	if given && len(types) == 0 {
		return writeJSON(w, []any{})
	}
	q.Types = types
	if q.ExcludeTypes, _, err = httpx.Known(p, "exclude_types", agora.ParseNotificationType); err != nil {
		return err
	}
	if q.FromAccountID, err = p.ID("account_id"); err != nil {
		return err
	}
	if q.IncludeFiltered, err = includeFiltered(p, q.FromAccountID); err != nil {
		return err
	}
	page, err := a.inbox.Notifications(r.Context(), snap(r), q)
	if err != nil {
		return err
	}
	setLink(w, r, a.conv.base, page.Span.Newest, page.Span.Oldest)
	return writeJSON(w, a.conv.notifications(page))
}

// includeFiltered reads include_filtered: filtered notifications are listed
// when it is true or, as Mastodon lists them, when the list is of one sender's
// (account_id, from), which is how apps show a notification request's.
func includeFiltered(p *httpx.Params, from agora.ID) (bool, error) {
	v, err := p.Bool("include_filtered")
	return v || from != 0, err
}

func (a statusHandlers) notification(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	page, err := a.inbox.Notification(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.notifications(page)[0])
}

func (a statusHandlers) clearNotifications(w http.ResponseWriter, r *http.Request) error {
	if err := a.inbox.ClearNotifications(r.Context(), snap(r)); err != nil {
		return err
	}
	return writeJSON(w, struct{}{})
}

func (a statusHandlers) unreadCount(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	limit, err := p.Int("limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	n, err := a.inbox.UnreadNotifications(r.Context(), snap(r), limit)
	if err != nil {
		return err
	}
	return writeJSON(w, UnreadCount{Count: n})
}

func (c converter) notifications(page *service.NotificationPage) []*Notification {
	byID := make(map[agora.ID]*agora.Status, len(page.Bundle.Statuses))
	for _, st := range page.Bundle.Statuses {
		byID[st.ID] = st
	}
	out := make([]*Notification, 0, len(page.Notifications))
	for _, n := range page.Notifications {
		e := &Notification{
			ID:        n.ID.String(),
			Type:      string(n.Type),
			GroupKey:  n.GroupKey(),
			CreatedAt: formatTime(n.CreatedAt),
			Account:   c.account(page.Bundle.Account(n.FromAccountID), page.Bundle.Marks),
		}
		if st := byID[n.StatusID]; st != nil {
			e.Status = c.status(page.Bundle, st)
		}
		if w := page.Warnings[n.WarningID]; w != nil {
			e.ModerationWarning = accountWarning(w, e.Account)
		}
		if rv := page.Reports[n.ReportID]; rv != nil {
			e.Report = c.report(rv)
		}
		out = append(out, e)
	}
	return out
}

// accountWarning is the warning w about the content of owner, with its appeal.
func accountWarning(w *agora.AccountWarning, owner *Account) *AccountWarning {
	e := &AccountWarning{
		ID: w.ID.String(), Action: w.Action, Text: w.Text, StatusIDs: []string{},
		TargetAccount: owner, CreatedAt: formatTime(w.CreatedAt),
	}
	for _, id := range w.StatusIDs {
		e.StatusIDs = append(e.StatusIDs, id.String())
	}
	if w.Appeal != nil {
		e.Appeal = &Appeal{Text: w.Appeal.Text, State: string(w.Appeal.State)}
	}
	return e
}

// appeal files the owner's appeal, with text, against one of their account
// warnings (POST /api/v1/agora/account_warnings/{id}/appeal; Mastodon has no
// client API route for appeals) and answers with the warning and its appeal.
func (a statusHandlers) appeal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	text, err := p.String("text")
	if err != nil {
		return err
	}
	warning, err := a.appeals.Appeal(r.Context(), viewer(r), id, text)
	if err != nil {
		return err
	}
	owner, marks, err := a.accounts.Account(r.Context(), snap(r), warning.AccountID)
	if err != nil {
		return err
	}
	return writeJSON(w, accountWarning(warning, a.conv.account(owner, marks)))
}
