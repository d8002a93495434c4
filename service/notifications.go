package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// newNotifications returns the notifications of ns that are to be made, with
// their ID and time, for the store write that records what causes them to insert
// in its own transaction: the store methods that write a cause take them
// (CreateStatus for mentions and boosts, CreateMark for favourites, CreateFollow
// and CreateFollowRequest), so that the cause is stored with its notifications
// or not at all, and a crash in between cannot lose them. Call it before that
// write, with the notifications filled in but for ID and CreatedAt:
//
//	notes, err := s.newNotifications(ctx, &agora.Notification{AccountID: to,
//		Type: agora.NotifyFavourite, FromAccountID: viewer.ID, StatusID: st.ID})
//	if err != nil {
//		return nil, err
//	}
//	err = s.store.CreateMark(ctx, m, notes...)
//
// It leaves out, as Mastodon, those for the actor themself or for no one, those
// whose recipient and actor block each other, those whose recipient mutes the
// actor's notifications (such notifications are never made, so they do not
// appear when the block or mute ends), those about a status in a thread the
// recipient muted, repeats of one before, and those the recipient's
// notification policy drops; those it filters are marked Filtered, and the
// store gathers them in a notification request in the same transaction
// (policyAction). An error reading the recipients' blocks, mutes or policies
// is returned: the action is then not to be written either.
func (s *core) newNotifications(ctx context.Context, ns ...*agora.Notification) ([]*agora.Notification, error) {
	return s.newNotificationsWith(ctx, nil, ns...)
}

// newNotificationsWith is newNotifications for notifications about pending, a
// status that is about to be written with them and so cannot be read yet (a new
// status's mentions): its thread is taken from it.
func (s *core) newNotificationsWith(ctx context.Context, pending *agora.Status, ns ...*agora.Notification) ([]*agora.Notification, error) {
	var out []*agora.Notification
	filters := map[agora.ID]*agora.AccountFilter{} // by recipient
	type key struct {
		to, from, status agora.ID
		typ              agora.NotificationType
	}
	seen := map[key]bool{}
	ps := policies{}
	for _, n := range ns {
		if n.AccountID == n.FromAccountID || n.AccountID == 0 {
			continue
		}
		k := key{n.AccountID, n.FromAccountID, n.StatusID, n.Type}
		if seen[k] {
			continue
		}
		seen[k] = true
		f, ok := filters[n.AccountID]
		if !ok {
			var err error
			if f, err = s.store.AccountFilter(ctx, n.AccountID, s.now()); err != nil {
				return nil, err
			}
			filters[n.AccountID] = f
		}
		if notificationHidden(f, n) {
			continue
		}
		muted, err := s.threadMuted(ctx, n, pending) // conversations.go
		if err != nil {
			return nil, err
		}
		if muted {
			continue
		}
		act, err := s.policyAction(ctx, ps, n, pending) // notification_policy.go
		if err != nil {
			return nil, err
		}
		if act == agora.PolicyDrop {
			continue
		}
		n.Filtered = act == agora.PolicyFilter
		n.ID = s.ids.New()
		n.CreatedAt = n.ID.Time()
		out = append(out, n)
	}
	return out, nil
}

// NotificationPage is a page of notifications with the statuses and accounts they
// refer to.
type NotificationPage struct {
	Notifications []*agora.Notification
	Bundle        *Bundle // the statuses the notifications are about, and all accounts
	// Warnings are the account warnings of moderation_warning notifications, by ID.
	Warnings map[agora.ID]*agora.AccountWarning
	Span     Span

	// Reports are the reports of admin.report notifications, by ID.
	Reports map[agora.ID]*ReportView
}

// Notifications lists the viewer's notifications q selects, newest first, leaving
// out those from accounts the viewer blocks or is blocked by or mutes notifications
// of, and those about statuses the viewer may no longer see.
func (s *Inbox) Notifications(ctx context.Context, v *visibility.Snapshot, q agora.NotificationQuery) (*NotificationPage, error) {
	viewer := v.Viewer()
	q.Page = q.Page.Normalize()
	ns, err := s.store.Notifications(ctx, viewer.ID, q)
	if err != nil {
		return nil, err
	}
	cursors := make([]agora.ID, len(ns))
	for i, n := range ns {
		cursors[i] = n.ID
	}
	page, err := s.presentNotifications(ctx, v, ns)
	if err != nil {
		return nil, err
	}
	page.Span = spanOf(cursors)
	return page, nil
}

// Notification returns one of the viewer's notifications. ENOTFOUND when it is not
// the viewer's or is hidden as in Notifications.
func (s *Inbox) Notification(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*NotificationPage, error) {
	viewer := v.Viewer()
	n, err := s.store.Notification(ctx, viewer.ID, id)
	if err != nil {
		return nil, err
	}
	page, err := s.presentNotifications(ctx, v, []*agora.Notification{n})
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
func (s *Inbox) presentNotifications(ctx context.Context, v *visibility.Snapshot, ns []*agora.Notification) (*NotificationPage, error) {
	f, err := v.Filter(ctx)
	if err != nil {
		return nil, err
	}
	var statusIDs []agora.ID
	for _, n := range ns {
		if n.StatusID != 0 {
			statusIDs = append(statusIDs, n.StatusID)
		}
	}
	b, err := s.presentIDs(ctx, v, statusIDs, visibility.Direct)
	if err != nil {
		return nil, err
	}
	// Notifications about statuses a hide filter matches are left out.
	if err := s.filterList(ctx, v, agora.FilterNotifications, b); err != nil {
		return nil, err
	}
	shown := map[agora.ID]bool{}
	for _, st := range b.Statuses {
		shown[st.ID] = true
	}
	var keep []*agora.Notification
	var from []agora.ID
	for _, n := range ns {
		if notificationHidden(f, n) {
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
	// Notifications from accounts withheld in the viewer's country are left out.
	senders := make([]*agora.Account, 0, len(keep))
	for _, n := range keep {
		if a := b.Accounts[n.FromAccountID]; a != nil {
			senders = append(senders, a)
		}
	}
	visible, marks, err := v.Accounts(ctx, senders, visibility.Direct)
	if err != nil {
		return nil, err
	}
	b.Marks.Merge(marks)
	allowed := map[agora.ID]bool{}
	for _, a := range visible {
		allowed[a.ID] = true
	}
	out := &NotificationPage{Bundle: b, Warnings: map[agora.ID]*agora.AccountWarning{}, Reports: map[agora.ID]*ReportView{}}
	for _, n := range keep {
		if !allowed[n.FromAccountID] {
			continue
		}
		if n.WarningID != 0 {
			w, err := s.store.AccountWarning(ctx, n.WarningID)
			if agora.ErrorCode(err) == agora.ENOTFOUND {
				continue
			}
			if err != nil {
				return nil, err
			}
			out.Warnings[w.ID] = w
		}
		if n.ReportID != 0 {
			rv, ok, err := s.notifiedReport(ctx, v, n.ReportID)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			out.Reports[rv.Report.ID] = rv
		}
		out.Notifications = append(out.Notifications, n)
	}
	return out, nil
}

// notificationHidden reports whether the recipient's blocks and mutes, f, hide n:
// the recipient and the sender block each other, or the recipient mutes the
// sender's notifications.
func notificationHidden(f *agora.AccountFilter, n *agora.Notification) bool {
	return f != nil && (f.Blocks(n.FromAccountID) || f.MutingNotifications[n.FromAccountID])
}

// DismissNotification deletes one of the viewer's notifications.
func (s *Inbox) DismissNotification(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	viewer := v.Viewer()
	return s.store.DismissNotification(ctx, viewer.ID, id)
}

// ClearNotifications deletes all the viewer's notifications.
func (s *Inbox) ClearNotifications(ctx context.Context, v *visibility.Snapshot) error {
	viewer := v.Viewer()
	return s.store.ClearNotifications(ctx, viewer.ID)
}

// UnreadNotifications counts the viewer's notifications newer than the
// "notifications" marker, up to limit (> 0), leaving out those the viewer's blocks
// and mutes, withholding, account limits and hide filters hide from
// Notifications.
func (s *Inbox) UnreadNotifications(ctx context.Context, v *visibility.Snapshot, limit int) (int, error) {
	viewer := v.Viewer()
	ms, err := s.store.Markers(ctx, viewer.ID, []string{"notifications"})
	if err != nil {
		return 0, err
	}
	var after agora.ID
	if len(ms) == 1 {
		after = ms[0].LastReadID
	}
	f, err := v.Filter(ctx)
	if err != nil {
		return 0, err
	}
	m, err := s.viewerFilters(ctx, v)
	if err != nil {
		return 0, err
	}
	if len(f.Blocking)+len(f.BlockedBy)+len(f.MutingNotifications) == 0 && !v.AnyRules() && !v.AnyLimits() && !m.MayHide(agora.FilterNotifications) {
		return s.store.CountNotifications(ctx, viewer.ID, after, limit)
	}
	// Some may be hidden, by blocks and mutes, by withholding, by account
	// limits (a suspended account's) or by the viewer's filters: read them,
	// newest first, and count those the list would show.
	q := agora.NotificationQuery{Page: agora.Page{SinceID: after, Limit: agora.MaxPageLimit}}
	n := 0
	for scanned := 0; scanned < limit+maxScan; {
		ns, err := s.store.Notifications(ctx, viewer.ID, q)
		if err != nil {
			return 0, err
		}
		scanned += len(ns)
		page, err := s.presentNotifications(ctx, v, ns)
		if err != nil {
			return 0, err
		}
		if n += len(page.Notifications); n >= limit {
			return limit, nil
		}
		if len(ns) < q.Page.Limit {
			break
		}
		q.Page.MaxID = ns[len(ns)-1].ID
	}
	return n, nil
}
