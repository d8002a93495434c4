package service

import (
	"context"
	"slices"

	"agora"
	"agora/visibility"
)

// One notification group, named by its key (/api/v2/notifications/:group_key).

// NotificationGroup returns the group with the key as the viewer sees it:
// every notification of it the gate shows, counted, with the newest as its
// Latest. ENOTFOUND for a key no shown notification of the viewer has.
func (s *Inbox) NotificationGroup(ctx context.Context, v *visibility.Snapshot, key string) (*GroupPage, error) {
	members, err := s.visibleMembers(ctx, v, key)
	if err != nil {
		return nil, err
	}
	g := &NotificationGroup{Key: key, Type: members[0].Type, Latest: members[0], Count: len(members)}
	for _, n := range members {
		if len(g.SampleAccountIDs) < maxSampleAccounts && !slices.Contains(g.SampleAccountIDs, n.FromAccountID) {
			g.SampleAccountIDs = append(g.SampleAccountIDs, n.FromAccountID)
		}
	}
	return s.presentGroups(ctx, v, []*NotificationGroup{g}, Span{})
}

// NotificationGroupAccounts returns the accounts behind the group with the
// key, newest first, each once, those the gate withholds left out. ENOTFOUND
// as NotificationGroup.
func (s *Inbox) NotificationGroupAccounts(ctx context.Context, v *visibility.Snapshot, key string) (*AccountPage, error) {
	members, err := s.visibleMembers(ctx, v, key)
	if err != nil {
		return nil, err
	}
	b := &Bundle{Accounts: map[agora.ID]*agora.Account{}}
	var ids []agora.ID
	for _, n := range members {
		if !slices.Contains(ids, n.FromAccountID) {
			ids = append(ids, n.FromAccountID)
		}
	}
	if err := s.addAccounts(ctx, b, ids); err != nil {
		return nil, err
	}
	list := make([]*agora.Account, 0, len(ids))
	for _, id := range ids {
		if a := b.Accounts[id]; a != nil {
			list = append(list, a)
		}
	}
	visible, marks, err := v.Accounts(ctx, list, visibility.Direct)
	if err != nil {
		return nil, err
	}
	return &AccountPage{Accounts: visible, Marks: marks}, nil
}

// DismissNotificationGroup deletes every notification of the viewer's group
// with the key, shown or not. ENOTFOUND when the viewer has none of it.
func (s *Inbox) DismissNotificationGroup(ctx context.Context, v *visibility.Snapshot, key string) error {
	spec, err := agora.ParseGroupKey(key)
	if err != nil {
		return err
	}
	members, err := s.groupMembers(ctx, v.Viewer().ID, spec)
	if err != nil {
		return err
	}
	ids := make([]agora.ID, len(members))
	for i, n := range members {
		ids[i] = n.ID
	}
	n, err := s.store.DismissNotifications(ctx, v.Viewer().ID, ids)
	if err == nil && n == 0 {
		err = agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return err
}

// visibleMembers returns the group's notifications the viewer is shown,
// newest first; ENOTFOUND when there are none.
func (s *Inbox) visibleMembers(ctx context.Context, v *visibility.Snapshot, key string) ([]*agora.Notification, error) {
	spec, err := agora.ParseGroupKey(key)
	if err != nil {
		return nil, err
	}
	members, err := s.groupMembers(ctx, v.Viewer().ID, spec)
	if err != nil {
		return nil, err
	}
	shown, err := s.visibleNotifications(ctx, v, members)
	if err != nil {
		return nil, err
	}
	if len(shown) == 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return shown, nil
}

// groupMembers reads the recipient's notifications of the group, newest
// first, at most maxScan of them: those of its type within its hour.
func (s *Inbox) groupMembers(ctx context.Context, recipient agora.ID, spec agora.GroupSpec) ([]*agora.Notification, error) {
	if spec.NotificationID != 0 {
		n, err := s.store.Notification(ctx, recipient, spec.NotificationID)
		if err != nil {
			return nil, err
		}
		return []*agora.Notification{n}, nil
	}
	from, to := spec.Window()
	q := agora.NotificationQuery{Types: []agora.NotificationType{spec.Type},
		Page: agora.Page{MaxID: to, SinceID: from - 1, Limit: agora.MaxListLimit}}
	var out []*agora.Notification
	for len(out) < maxScan {
		ns, err := s.store.Notifications(ctx, recipient, q)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if spec.Has(n) {
				out = append(out, n)
			}
		}
		if len(ns) < q.Page.Limit {
			break
		}
		q.Page.MaxID = ns[len(ns)-1].ID
	}
	return out, nil
}

// UnreadNotificationGroups counts the viewer's notification groups with
// notifications newer than the "notifications" marker, up to limit (> 0), as
// NotificationGroups would group them, those the gate hides not counted.
func (s *Inbox) UnreadNotificationGroups(ctx context.Context, v *visibility.Snapshot, q GroupQuery, limit int) (int, error) {
	ms, err := s.store.Markers(ctx, v.Viewer().ID, []string{"notifications"})
	if err != nil {
		return 0, err
	}
	if len(ms) == 1 {
		q.Page.SinceID = ms[0].LastReadID
	}
	grouped := q.GroupedTypes
	if grouped == nil {
		grouped = agora.GroupedTypes
	}
	keys := map[string]bool{}
	q.Page.Limit, q.Page.MaxID, q.Page.MinID = agora.MaxListLimit, 0, 0
	for scanned := 0; scanned < limit+maxScan; {
		ns, err := s.store.Notifications(ctx, v.Viewer().ID, q.NotificationQuery)
		if err != nil {
			return 0, err
		}
		scanned += len(ns)
		shown, err := s.visibleNotifications(ctx, v, ns)
		if err != nil {
			return 0, err
		}
		for _, n := range shown {
			key := "ungrouped-" + n.ID.String()
			if slices.Contains(grouped, n.Type) {
				key = n.GroupKey()
			}
			if keys[key] = true; len(keys) >= limit {
				return limit, nil
			}
		}
		if len(ns) < q.Page.Limit {
			break
		}
		q.Page.MaxID = ns[len(ns)-1].ID
	}
	return len(keys), nil
}
