package service

import (
	"context"

	"agora"
)

// notify records a notification unless it is for the actor themself. A failure is
// logged, not returned: the action it reports has happened already, and Mastodon
// too delivers notifications after the fact.
func (s *Service) notify(ctx context.Context, ns ...*agora.Notification) {
	var out []*agora.Notification
	for _, n := range ns {
		if n.AccountID == n.FromAccountID || n.AccountID == 0 {
			continue
		}
		n.ID = s.ids.New()
		n.CreatedAt = n.ID.Time()
		out = append(out, n)
	}
	if len(out) == 0 {
		return
	}
	if err := s.store.CreateNotifications(ctx, out); err != nil {
		s.log.WarnContext(ctx, "notify failed", "err", err)
	}
}

// NotificationPage is a page of notifications with the statuses and accounts they
// refer to.
type NotificationPage struct {
	Notifications []*agora.Notification
	Bundle        *Bundle // the statuses the notifications are about, and all accounts
	Span          Span
}

// Notifications lists the viewer's notifications q selects, newest first, leaving
// out those from accounts the viewer blocks or is blocked by or mutes notifications
// of, and those about statuses the viewer may no longer see.
func (s *Service) Notifications(ctx context.Context, viewer *agora.Account, q agora.NotificationQuery) (*NotificationPage, error) {
	q.Page = q.Page.Normalize()
	ns, err := s.store.Notifications(ctx, viewer.ID, q)
	if err != nil {
		return nil, err
	}
	cursors := make([]agora.ID, len(ns))
	for i, n := range ns {
		cursors[i] = n.ID
	}
	page, err := s.presentNotifications(ctx, viewer, ns)
	if err != nil {
		return nil, err
	}
	page.Span = spanOf(cursors)
	return page, nil
}

// Notification returns one of the viewer's notifications. ENOTFOUND when it is not
// the viewer's or is hidden as in Notifications.
func (s *Service) Notification(ctx context.Context, viewer *agora.Account, id agora.ID) (*NotificationPage, error) {
	n, err := s.store.Notification(ctx, viewer.ID, id)
	if err != nil {
		return nil, err
	}
	page, err := s.presentNotifications(ctx, viewer, []*agora.Notification{n})
	if err != nil {
		return nil, err
	}
	if len(page.Notifications) == 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return page, nil
}

// presentNotifications filters ns through the viewer's blocks and mutes and the
// visibility gate, and loads what they refer to.
func (s *Service) presentNotifications(ctx context.Context, viewer *agora.Account, ns []*agora.Notification) (*NotificationPage, error) {
	f, err := s.filter(ctx, viewer)
	if err != nil {
		return nil, err
	}
	var statusIDs []agora.ID
	for _, n := range ns {
		if n.StatusID != 0 {
			statusIDs = append(statusIDs, n.StatusID)
		}
	}
	b, err := s.presentIDs(ctx, viewer, statusIDs, gateDirect)
	if err != nil {
		return nil, err
	}
	shown := map[agora.ID]bool{}
	for _, st := range b.Statuses {
		shown[st.ID] = true
	}
	var keep []*agora.Notification
	var from []agora.ID
	for _, n := range ns {
		if f.Blocks(n.FromAccountID) || f.MutingNotifications[n.FromAccountID] {
			continue
		}
		if n.StatusID != 0 && !shown[n.StatusID] {
			continue
		}
		keep = append(keep, n)
		from = append(from, n.FromAccountID)
	}
	if err := s.addAccounts(ctx, b, from); err != nil {
		return nil, err
	}
	out := &NotificationPage{Bundle: b}
	for _, n := range keep {
		if b.Accounts[n.FromAccountID] != nil {
			out.Notifications = append(out.Notifications, n)
		}
	}
	return out, nil
}

// DismissNotification deletes one of the viewer's notifications.
func (s *Service) DismissNotification(ctx context.Context, viewer *agora.Account, id agora.ID) error {
	return s.store.DismissNotification(ctx, viewer.ID, id)
}

// ClearNotifications deletes all the viewer's notifications.
func (s *Service) ClearNotifications(ctx context.Context, viewer *agora.Account) error {
	return s.store.ClearNotifications(ctx, viewer.ID)
}

// UnreadNotifications counts the viewer's notifications newer than the
// "notifications" marker, up to limit.
func (s *Service) UnreadNotifications(ctx context.Context, viewer *agora.Account, limit int) (int, error) {
	ms, err := s.store.Markers(ctx, viewer.ID, []string{"notifications"})
	if err != nil {
		return 0, err
	}
	var after agora.ID
	if len(ms) == 1 {
		after = ms[0].LastReadID
	}
	return s.store.CountNotifications(ctx, viewer.ID, after, limit)
}
