package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// MaxRequestIDs is how many notification requests one bulk accept or dismiss
// may name.
const MaxRequestIDs = 100

// PolicyScanRequests is how many notification requests, newest first, the
// policy summary reads at most, however many of them it leaves out, so that a
// wave of senders later suspended, withheld or blocked does not make every read
// of the policy (Mastodon's web app polls it) page through all their requests.
const PolicyScanRequests = 2 * agora.MaxListLimit

// PolicyView is the viewer's notification policy with the summary of what it
// filtered, counted as the viewer may see it: of the newest PolicyScanRequests
// requests, those NotificationRequests lists, up to agora.MaxMeaningfulCount of
// them, and the sum of their notification counts (as NotificationRequests
// counts them, through the gate). Requests behind PolicyScanRequests left-out
// ones are not counted: Mastodon too caps the requests count at 100 and calls
// the notifications count possibly inaccurate.
type PolicyView struct {
	Policy               *agora.NotificationPolicy
	PendingRequests      int
	PendingNotifications int
}

// PolicyUpdate changes the rules that are not nil.
type PolicyUpdate struct {
	ForNotFollowing, ForNotFollowers, ForNewAccounts, ForPrivateMentions, ForLimitedAccounts *agora.PolicyAction
}

// NotificationPolicy returns the viewer's policy and its summary.
func (s *Inbox) NotificationPolicy(ctx context.Context, v *visibility.Snapshot) (*PolicyView, error) {
	p, err := s.store.NotificationPolicy(ctx, v.Viewer().ID)
	if err != nil {
		return nil, err
	}
	return s.policyView(ctx, v, p)
}

// UpdateNotificationPolicy saves the viewer's policy with the changes of u and
// returns it with its summary. The change applies to notifications made from
// then on.
func (s *Inbox) UpdateNotificationPolicy(ctx context.Context, v *visibility.Snapshot, u PolicyUpdate) (*PolicyView, error) {
	p, err := s.store.NotificationPolicy(ctx, v.Viewer().ID)
	if err != nil {
		return nil, err
	}
	for _, c := range []struct {
		to   *agora.PolicyAction
		from *agora.PolicyAction
	}{{&p.ForNotFollowing, u.ForNotFollowing}, {&p.ForNotFollowers, u.ForNotFollowers}, {&p.ForNewAccounts, u.ForNewAccounts},
		{&p.ForPrivateMentions, u.ForPrivateMentions}, {&p.ForLimitedAccounts, u.ForLimitedAccounts}} {
		if c.from != nil {
			*c.to = *c.from
		}
	}
	if err := s.store.SaveNotificationPolicy(ctx, p); err != nil {
		return nil, err
	}
	return s.policyView(ctx, v, p)
}

func (s *Inbox) policyView(ctx context.Context, v *visibility.Snapshot, p *agora.NotificationPolicy) (*PolicyView, error) {
	view := &PolicyView{Policy: p}
	var pg agora.Page
	for read := 0; read < PolicyScanRequests && view.PendingRequests < agora.MaxMeaningfulCount; {
		pg.Limit = min(agora.MaxListLimit, PolicyScanRequests-read)
		list, err := s.store.NotificationRequests(ctx, v.Viewer().ID, pg)
		if err != nil {
			return nil, err
		}
		read += len(list)
		page, err := s.presentRequests(ctx, v, list)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Requests {
			if view.PendingRequests == agora.MaxMeaningfulCount {
				break
			}
			view.PendingRequests++
			view.PendingNotifications += r.NotificationsCount
		}
		if len(list) < pg.Limit {
			break
		}
		pg.MaxID = list[len(list)-1].ID
	}
	return view, nil
}

// RequestPage is a page of notification requests with their senders and last
// statuses (in Bundle, with the other statuses the requests' notifications are
// about).
type RequestPage struct {
	Requests []*agora.NotificationRequest
	Bundle   *Bundle
	Span     Span
}

// NotificationRequests lists the viewer's notification requests, newest first,
// as the viewer may see them: each request's newest agora.MaxMeaningfulCount
// filtered notifications go through presentNotifications, as the
// notifications list does (so those from a sender withheld from the viewer or
// hidden by the viewer's blocks and mutes, and those about statuses withheld
// from the viewer or otherwise hidden, are left out); a request's
// NotificationsCount is how many of them are left and its LastStatusID the
// status of the newest one left that is about a status (0 when none is); a
// request with none left is left out.
func (s *Inbox) NotificationRequests(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*RequestPage, error) {
	list, err := s.store.NotificationRequests(ctx, v.Viewer().ID, p.Normalize())
	if err != nil {
		return nil, err
	}
	cursors := make([]agora.ID, len(list))
	for i, r := range list {
		cursors[i] = r.ID
	}
	page, err := s.presentRequests(ctx, v, list)
	if err != nil {
		return nil, err
	}
	page.Span = spanOf(cursors)
	return page, nil
}

// NotificationRequest returns one of the viewer's requests. ENOTFOUND when it is
// not the viewer's, holds no filtered notification, or is left out as in
// NotificationRequests.
func (s *Inbox) NotificationRequest(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*RequestPage, error) {
	r, err := s.store.NotificationRequest(ctx, v.Viewer().ID, id)
	if err != nil {
		return nil, err
	}
	page, err := s.presentRequests(ctx, v, []*agora.NotificationRequest{r})
	if err != nil {
		return nil, err
	}
	if len(page.Requests) == 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return page, nil
}

// AcceptNotificationRequest accepts one of the viewer's requests: the sender's
// filtered notifications join the viewer's notifications, and the sender's
// notifications are never filtered again. ENOTFOUND as NotificationRequest.
func (s *Inbox) AcceptNotificationRequest(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	if _, err := s.NotificationRequest(ctx, v, id); err != nil {
		return err
	}
	_, err := s.store.AcceptNotificationRequests(ctx, v.Viewer().ID, []agora.ID{id}, s.now())
	return err
}

// DismissNotificationRequest deletes one of the viewer's requests with its
// filtered notifications; later filtered notifications from the sender make a
// new request. ENOTFOUND as NotificationRequest.
func (s *Inbox) DismissNotificationRequest(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	if _, err := s.NotificationRequest(ctx, v, id); err != nil {
		return err
	}
	_, err := s.store.DismissNotificationRequests(ctx, v.Viewer().ID, []agora.ID{id})
	return err
}

// AcceptNotificationRequests accepts, as AcceptNotificationRequest, those of ids
// that are the viewer's requests, and ignores the others, as Mastodon does.
// EUNPROCESSABLE when ids is empty or names more than MaxRequestIDs; then
// nothing is accepted.
func (s *Inbox) AcceptNotificationRequests(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) error {
	if err := checkRequestIDs(ids); err != nil {
		return err
	}
	_, err := s.store.AcceptNotificationRequests(ctx, v.Viewer().ID, ids, s.now())
	return err
}

// DismissNotificationRequests dismisses, as DismissNotificationRequest, those
// of ids that are the viewer's requests, and ignores the others. Errors as
// AcceptNotificationRequests.
func (s *Inbox) DismissNotificationRequests(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) error {
	if err := checkRequestIDs(ids); err != nil {
		return err
	}
	_, err := s.store.DismissNotificationRequests(ctx, v.Viewer().ID, ids)
	return err
}

func checkRequestIDs(ids []agora.ID) error {
	switch {
	case len(ids) == 0:
		return agora.Errorf(agora.EUNPROCESSABLE, "Name the notification requests with id[] (at least one).")
	case len(ids) > MaxRequestIDs:
		return agora.Errorf(agora.EUNPROCESSABLE, "Too many notification requests: at most %d id[] at once, got %d.", MaxRequestIDs, len(ids))
	}
	return nil
}

// presentRequests keeps the requests of list with filtered notifications the
// viewer is shown, counted and with their last status as NotificationRequests
// says. It reads the notifications of the whole list in one query and presents
// them in one presentNotifications call.
func (s *Inbox) presentRequests(ctx context.Context, v *visibility.Snapshot, list []*agora.NotificationRequest) (*RequestPage, error) {
	from := make([]agora.ID, len(list))
	for i, r := range list {
		from[i] = r.FromAccountID
	}
	ns, err := s.store.FilteredNotifications(ctx, v.Viewer().ID, from, agora.MaxMeaningfulCount)
	if err != nil {
		return nil, err
	}
	shown, err := s.presentNotifications(ctx, v, ns)
	if err != nil {
		return nil, err
	}
	type tally struct {
		count            int
		lastID, statusID agora.ID // the newest notification about a status
	}
	bySender := map[agora.ID]*tally{}
	for _, n := range shown.Notifications {
		t := bySender[n.FromAccountID]
		if t == nil {
			t = &tally{}
			bySender[n.FromAccountID] = t
		}
		t.count++
		if n.StatusID != 0 && n.ID > t.lastID {
			t.lastID, t.statusID = n.ID, n.StatusID
		}
	}
	out := &RequestPage{Bundle: shown.Bundle, Requests: []*agora.NotificationRequest{}}
	for _, r := range list {
		t := bySender[r.FromAccountID]
		if t == nil {
			continue
		}
		seen := *r
		seen.NotificationsCount, seen.LastStatusID = t.count, t.statusID
		out.Requests = append(out.Requests, &seen)
	}
	return out, nil
}
