package mastoapi

import (
	"net/http"
	"strconv"

	"agora"
	"agora/internal/httpx"
	"agora/service"
)

// notificationPolicy is GET /api/v2/notifications/policy.
func (a statusHandlers) notificationPolicy(w http.ResponseWriter, r *http.Request) error {
	view, err := a.inbox.NotificationPolicy(r.Context(), snap(r))
	if err != nil {
		return err
	}
	return writeJSON(w, policyEntity(view))
}

// updateNotificationPolicy is PATCH /api/v2/notifications/policy: each for_*
// given is accept, filter or drop; a wrong one is 422 naming every wrong field,
// and then nothing is changed.
func (a statusHandlers) updateNotificationPolicy(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var u service.PolicyUpdate
	var errs []error
	for _, f := range []struct {
		key string
		to  **agora.PolicyAction
	}{{"for_not_following", &u.ForNotFollowing}, {"for_not_followers", &u.ForNotFollowers}, {"for_new_accounts", &u.ForNewAccounts},
		{"for_private_mentions", &u.ForPrivateMentions}, {"for_limited_accounts", &u.ForLimitedAccounts}} {
		if !p.Has(f.key) {
			continue
		}
		s, err := p.String(f.key)
		if err != nil {
			return err
		}
		act, err := agora.ParsePolicyAction(f.key, s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		*f.to = &act
	}
	if err := agora.ValidationFailed(errs...); err != nil {
		return err
	}
	view, err := a.inbox.UpdateNotificationPolicy(r.Context(), snap(r), u)
	if err != nil {
		return err
	}
	return writeJSON(w, policyEntity(view))
}

// notificationPolicyV1 is GET /api/v1/notifications/policy.
func (a statusHandlers) notificationPolicyV1(w http.ResponseWriter, r *http.Request) error {
	view, err := a.inbox.NotificationPolicy(r.Context(), snap(r))
	if err != nil {
		return err
	}
	return writeJSON(w, policyEntityV1(view))
}

// updateNotificationPolicyV1 is PUT /api/v1/notifications/policy: each
// filter_* given sets its rule to filter (true) or accept (false), as Mastodon
// maps them; for_limited_accounts has no v1 form and is left as it is.
func (a statusHandlers) updateNotificationPolicyV1(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var u service.PolicyUpdate
	for _, f := range []struct {
		key string
		to  **agora.PolicyAction
	}{{"filter_not_following", &u.ForNotFollowing}, {"filter_not_followers", &u.ForNotFollowers},
		{"filter_new_accounts", &u.ForNewAccounts}, {"filter_private_mentions", &u.ForPrivateMentions}} {
		v, given, err := p.OptionalBool(f.key)
		if err != nil {
			return err
		}
		if given {
			act := agora.PolicyAccept
			if v {
				act = agora.PolicyFilter
			}
			*f.to = &act
		}
	}
	view, err := a.inbox.UpdateNotificationPolicy(r.Context(), snap(r), u)
	if err != nil {
		return err
	}
	return writeJSON(w, policyEntityV1(view))
}

func policyEntity(v *service.PolicyView) *NotificationPolicy {
	p := v.Policy
	return &NotificationPolicy{ForNotFollowing: string(p.ForNotFollowing), ForNotFollowers: string(p.ForNotFollowers),
		ForNewAccounts: string(p.ForNewAccounts), ForPrivateMentions: string(p.ForPrivateMentions),
		ForLimitedAccounts: string(p.ForLimitedAccounts), Summary: policySummary(v)}
}

func policyEntityV1(v *service.PolicyView) *V1NotificationPolicy {
	p := v.Policy
	return &V1NotificationPolicy{FilterNotFollowing: p.ForNotFollowing != agora.PolicyAccept,
		FilterNotFollowers: p.ForNotFollowers != agora.PolicyAccept, FilterNewAccounts: p.ForNewAccounts != agora.PolicyAccept,
		FilterPrivateMentions: p.ForPrivateMentions != agora.PolicyAccept, Summary: policySummary(v)}
}

func policySummary(v *service.PolicyView) PolicySummary {
	return PolicySummary{PendingRequestsCount: v.PendingRequests, PendingNotificationsCount: v.PendingNotifications}
}

// notificationRequests is GET /api/v1/notifications/requests: 40 by default,
// at most 80, with a Link header.
func (a statusHandlers) notificationRequests(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	pg, err := p.Page(agora.DefaultAccountPageLimit, agora.MaxListLimit)
	if err != nil {
		return err
	}
	page, err := a.inbox.NotificationRequests(r.Context(), snap(r), pg)
	if err != nil {
		return err
	}
	setLink(w, r, a.conv.base, page.Span.Newest, page.Span.Oldest)
	return writeJSON(w, a.conv.notificationRequests(page))
}

// notificationRequest is GET /api/v1/notifications/requests/{id}.
func (a statusHandlers) notificationRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	page, err := a.inbox.NotificationRequest(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.notificationRequests(page)[0])
}

// notificationRequestsBulk is POST /api/v1/notifications/requests/accept and
// .../dismiss with id[]: act on those that are the viewer's; answers {}.
func (a statusHandlers) notificationRequestsBulk(accept bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := httpx.ReadParams(r)
		if err != nil {
			return err
		}
		raw, err := p.Strings("id")
		if err != nil {
			return err
		}
		ids := make([]agora.ID, 0, len(raw))
		for _, s := range raw {
			id, err := agora.ParseID(s)
			if err != nil {
				return agora.Errorf(agora.EUNPROCESSABLE, "id[] must hold notification request IDs; %q is not one.", truncated(s))
			}
			ids = append(ids, id)
		}
		if accept {
			err = a.inbox.AcceptNotificationRequests(r.Context(), snap(r), ids)
		} else {
			err = a.inbox.DismissNotificationRequests(r.Context(), snap(r), ids)
		}
		if err != nil {
			return err
		}
		return writeJSON(w, struct{}{})
	}
}

// truncated shortens s for an error message.
func truncated(s string) string {
	if r := []rune(s); len(r) > 24 {
		return string(r[:24]) + "..."
	}
	return s
}

// mergedRequests is GET /api/v1/notifications/requests/merged: accepting a
// request merges its notifications before it answers, so they are always
// merged.
func (a statusHandlers) mergedRequests(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, MergedRequests{Merged: true})
}

func (c converter) notificationRequests(page *service.RequestPage) []*NotificationRequest {
	byID := make(map[agora.ID]*agora.Status, len(page.Bundle.Statuses))
	for _, st := range page.Bundle.Statuses {
		byID[st.ID] = st
	}
	out := make([]*NotificationRequest, 0, len(page.Requests))
	for _, rq := range page.Requests {
		e := &NotificationRequest{ID: rq.ID.String(), CreatedAt: formatTime(rq.CreatedAt), UpdatedAt: formatTime(rq.UpdatedAt),
			NotificationsCount: strconv.Itoa(rq.NotificationsCount),
			Account:            c.account(page.Bundle.Account(rq.FromAccountID), page.Bundle.Marks)}
		if st := byID[rq.LastStatusID]; st != nil {
			e.LastStatus = c.status(page.Bundle, st)
		}
		out = append(out, e)
	}
	return out
}
