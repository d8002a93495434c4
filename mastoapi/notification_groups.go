package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/service"
)

// groupQuery reads the filters of /api/v2/notifications and its unread count:
// types[], exclude_types[], account_id, include_filtered and grouped_types[]. none is true when
// types[] names only types agora does not know, which select nothing.
func groupQuery(p *httpx.Params) (q service.GroupQuery, none bool, err error) {
	types, given, err := httpx.Known(p, "types", agora.ParseNotificationType)
	if err != nil {
		return q, false, err
	}
	if given && len(types) == 0 {
		return q, true, nil
	}
	q.Types = types
	if q.ExcludeTypes, _, err = httpx.Known(p, "exclude_types", agora.ParseNotificationType); err != nil {
		return q, false, err
	}
	if q.FromAccountID, err = p.ID("account_id"); err != nil {
		return q, false, err
	}
	if q.IncludeFiltered, err = includeFiltered(p, q.FromAccountID); err != nil {
		return q, false, err
	}
	grouped, given, err := httpx.Known(p, "grouped_types", agora.ParseNotificationType)
	if err != nil {
		return q, false, err
	}
	if given {
		q.GroupedTypes = append([]agora.NotificationType{}, grouped...) // given: only these, maybe none
	}
	return q, false, nil
}

// notificationGroups is GET /api/v2/notifications: a page of groups (limit
// counts groups: 40 by default, at most 80). expand_accounts=partial_avatars
// is answered with full accounts, which it allows; include_filtered changes
// nothing, as no notification is filtered.
func (a statusHandlers) notificationGroups(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	q, none, err := groupQuery(p)
	if err != nil {
		return err
	}
	if q.Page, err = p.Page(agora.DefaultAccountPageLimit, agora.MaxListLimit); err != nil {
		return err
	}
	if expand, err := p.String("expand_accounts"); err != nil {
		return err
	} else if expand != "" && expand != "full" && expand != "partial_avatars" {
		return agora.Errorf(agora.EINVALID, "Parameter expand_accounts must be full or partial_avatars.")
	}
	if none {
		return writeJSON(w, a.conv.groups(&service.GroupPage{}, true))
	}
	page, err := a.inbox.NotificationGroups(r.Context(), snap(r), q)
	if err != nil {
		return err
	}
	setLink(w, r, a.conv.base, page.Span.Newest, page.Span.Oldest)
	return writeJSON(w, a.conv.groups(page, true))
}

// notificationGroup is GET /api/v2/notifications/{group_key}.
func (a statusHandlers) notificationGroup(w http.ResponseWriter, r *http.Request) error {
	page, err := a.inbox.NotificationGroup(r.Context(), snap(r), r.PathValue("group_key"))
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.groups(page, false))
}

// notificationGroupAccounts is GET /api/v2/notifications/{group_key}/accounts.
func (a statusHandlers) notificationGroupAccounts(w http.ResponseWriter, r *http.Request) error {
	page, err := a.inbox.NotificationGroupAccounts(r.Context(), snap(r), r.PathValue("group_key"))
	if err != nil {
		return err
	}
	out := make([]*Account, len(page.Accounts))
	for i, acc := range page.Accounts {
		out[i] = a.conv.account(acc, page.Marks)
	}
	return writeJSON(w, out)
}

// dismissNotificationGroup is POST /api/v2/notifications/{group_key}/dismiss.
func (a statusHandlers) dismissNotificationGroup(w http.ResponseWriter, r *http.Request) error {
	if err := a.inbox.DismissNotificationGroup(r.Context(), snap(r), r.PathValue("group_key")); err != nil {
		return err
	}
	return writeJSON(w, struct{}{})
}

// unreadGroups is GET /api/v2/notifications/unread_count: groups, not
// notifications, newer than the notifications marker (limit: 100 by default,
// at most 1000).
func (a statusHandlers) unreadGroups(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	limit, err := p.Int("limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	q, none, err := groupQuery(p)
	if err != nil || none {
		if err == nil {
			err = writeJSON(w, UnreadCount{Count: 0})
		}
		return err
	}
	n, err := a.inbox.UnreadNotificationGroups(r.Context(), snap(r), q, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, UnreadCount{Count: n})
}

// groups converts a page of groups; paged sets the page fields.
func (c converter) groups(page *service.GroupPage, paged bool) *GroupedNotificationsResults {
	out := &GroupedNotificationsResults{Accounts: []*Account{}, Statuses: []*Status{}, NotificationGroups: []*NotificationGroup{}}
	if page.Notifications == nil {
		return out
	}
	np := page.Notifications
	b := np.Bundle
	statuses := map[agora.ID]*agora.Status{}
	for _, st := range b.Statuses {
		statuses[st.ID] = st
	}
	seenAccount, seenStatus := map[agora.ID]bool{}, map[agora.ID]bool{}
	addAccount := func(id agora.ID) {
		if a := b.Account(id); a != nil && !seenAccount[id] {
			seenAccount[id] = true
			out.Accounts = append(out.Accounts, c.account(a, b.Marks))
		}
	}
	for _, g := range page.Groups {
		n := g.Latest
		e := &NotificationGroup{
			GroupKey: g.Key, NotificationsCount: g.Count, Type: string(g.Type),
			MostRecentNotificationID: int64(n.ID), SampleAccountIDs: []string{},
		}
		if paged {
			minID, maxID, at := g.PageMinID.String(), g.PageMaxID.String(), formatTime(g.LatestPageAt)
			e.PageMinID, e.PageMaxID, e.LatestPageNotificationAt = &minID, &maxID, &at
		}
		for _, id := range g.SampleAccountIDs {
			e.SampleAccountIDs = append(e.SampleAccountIDs, id.String())
			addAccount(id)
		}
		addAccount(n.FromAccountID)
		if st := statuses[n.StatusID]; st != nil {
			id := st.ID.String()
			e.StatusID = &id
			if !seenStatus[st.ID] {
				seenStatus[st.ID] = true
				out.Statuses = append(out.Statuses, c.status(b, st))
			}
		}
		if w := np.Warnings[n.WarningID]; w != nil {
			e.ModerationWarning = accountWarning(w, c.account(b.Account(w.AccountID), b.Marks))
		}
		if rv := np.Reports[n.ReportID]; rv != nil {
			e.Report = c.report(rv)
		}
		out.NotificationGroups = append(out.NotificationGroups, e)
	}
	return out
}
