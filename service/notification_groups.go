package service

import (
	"context"
	"slices"
	"time"

	"agora"
	"agora/visibility"
)

// Grouped notifications (Mastodon's /api/v2/notifications): the viewer's
// notifications, read through the gate as Notifications reads them, with those
// of the grouped types that share a group key (favourites and boosts of one
// status, follows, within one hour) folded into one group.

// maxSampleAccounts is how many of the accounts behind a group are named, as
// Mastodon names them.
const maxSampleAccounts = 8

// GroupQuery selects the viewer's notification groups: Page.Limit groups (not
// notifications), the filters of NotificationQuery, and which types may group
// (nil: agora.GroupedTypes).
type GroupQuery struct {
	agora.NotificationQuery
	GroupedTypes []agora.NotificationType
}

// NotificationGroup is one group of a page: its key and type, how many of its
// notifications the viewer may see up to the page's newest, the newest of
// them (Latest, whose status, warning or report the group shows), the newest
// and oldest within the page, and the accounts behind the newest ones.
type NotificationGroup struct {
	Key              string
	Type             agora.NotificationType
	Count            int
	Latest           *agora.Notification
	PageMaxID        agora.ID
	PageMinID        agora.ID
	LatestPageAt     time.Time
	SampleAccountIDs []agora.ID
}

// GroupPage is a page of notification groups with what they refer to: the
// Latest notification of each group presented in Notifications (its status,
// warning, report and sender), and every sample account in its Bundle.
type GroupPage struct {
	Groups        []*NotificationGroup
	Notifications *NotificationPage
	Span          Span
}

// NotificationGroups returns a page of the viewer's notification groups,
// newest first. A page holds at most q.Page.Limit groups and stops before the
// notification that would start one more; a group whose notifications go on
// past the page shows again on the next (page_min_id says where this page's
// part ends). It reads at most maxScan notifications besides the page.
func (s *Inbox) NotificationGroups(ctx context.Context, v *visibility.Snapshot, q GroupQuery) (*GroupPage, error) {
	q.Page = q.Page.Normalize()
	limit := q.Page.Limit
	grouped := q.GroupedTypes
	if grouped == nil {
		grouped = agora.GroupedTypes
	}
	keyOf := func(n *agora.Notification) string {
		if slices.Contains(grouped, n.Type) {
			return n.GroupKey()
		}
		return "ungrouped-" + n.ID.String()
	}
	byKey := map[string]*NotificationGroup{}
	var order []*NotificationGroup
	var span Span
	full := false // the page holds limit groups; later notifications only add to them
	var stopAt agora.ID
	bq := q.NotificationQuery
	bq.Page.Limit = agora.MaxListLimit
	for scanned := 0; scanned < limit+maxScan; {
		ns, err := s.store.Notifications(ctx, v.Viewer().ID, bq)
		if err != nil {
			return nil, err
		}
		scanned += len(ns)
		if bq.Page.Ascending() {
			slices.Reverse(ns) // oldest first, as the page walks upward
		}
		kept, err := s.visibleNotifications(ctx, v, ns)
		if err != nil {
			return nil, err
		}
		for _, n := range kept {
			key := keyOf(n)
			g := byKey[key]
			if g == nil {
				if full {
					continue
				}
				if len(order) == limit {
					full = true
					continue
				}
				g = &NotificationGroup{Key: key, Type: n.Type}
				byKey[key] = g
				order = append(order, g)
			}
			if !full {
				g.PageMaxID, g.PageMinID = max(g.PageMaxID, n.ID), minID(g.PageMinID, n.ID)
				span.Newest, span.Oldest = max(span.Newest, n.ID), minID(span.Oldest, n.ID)
			}
			g.Count++
			if g.Latest == nil || n.ID > g.Latest.ID {
				g.Latest = n
			}
			if !slices.Contains(g.SampleAccountIDs, n.FromAccountID) {
				g.SampleAccountIDs = append(g.SampleAccountIDs, n.FromAccountID)
			}
		}
		if len(ns) < bq.Page.Limit {
			break
		}
		if bq.Page.Ascending() {
			if full {
				break
			}
			bq.Page.MinID = ns[len(ns)-1].ID
			continue
		}
		last := ns[len(ns)-1].ID
		if full {
			// Count on into the hours of the page's groups, which hold their
			// older notifications, then stop.
			if stopAt == 0 {
				stopAt = groupsStart(order)
			}
			if last <= stopAt {
				break
			}
		}
		bq.Page.MaxID = last
	}
	// Newest first, by each group's newest notification in the page.
	slices.SortFunc(order, func(a, b *NotificationGroup) int { return cmpID(b.PageMaxID, a.PageMaxID) })
	return s.presentGroups(ctx, v, order, span)
}

// visibleNotifications returns those of ns the viewer is shown, in order.
func (s *Inbox) visibleNotifications(ctx context.Context, v *visibility.Snapshot, ns []*agora.Notification) ([]*agora.Notification, error) {
	page, err := s.presentNotifications(ctx, v, ns)
	if err != nil {
		return nil, err
	}
	return page.Notifications, nil
}

// presentGroups presents the groups' latest notifications and sample
// accounts through the gate; a group whose latest notification the gate no
// longer shows (a rule took effect meanwhile) is left out.
func (s *Inbox) presentGroups(ctx context.Context, v *visibility.Snapshot, groups []*NotificationGroup, span Span) (*GroupPage, error) {
	latest := make([]*agora.Notification, len(groups))
	var samples []agora.ID
	for i, g := range groups {
		latest[i] = g.Latest
		if len(g.SampleAccountIDs) > maxSampleAccounts {
			g.SampleAccountIDs = g.SampleAccountIDs[:maxSampleAccounts]
		}
		samples = append(samples, g.SampleAccountIDs...)
	}
	page, err := s.presentNotifications(ctx, v, latest)
	if err != nil {
		return nil, err
	}
	if err := s.addAccounts(ctx, page.Bundle, samples); err != nil {
		return nil, err
	}
	list := make([]*agora.Account, 0, len(samples))
	for _, id := range samples {
		if a := page.Bundle.Accounts[id]; a != nil {
			list = append(list, a)
		}
	}
	visible, marks, err := v.Accounts(ctx, list, visibility.Direct)
	if err != nil {
		return nil, err
	}
	page.Bundle.Marks.Merge(marks)
	shown := map[agora.ID]bool{}
	for _, a := range visible {
		shown[a.ID] = true
	}
	kept := map[agora.ID]bool{}
	for _, n := range page.Notifications {
		kept[n.ID] = true
	}
	out := &GroupPage{Notifications: page, Span: span}
	for _, g := range groups {
		if !kept[g.Latest.ID] {
			continue
		}
		g.SampleAccountIDs = slices.DeleteFunc(g.SampleAccountIDs, func(id agora.ID) bool { return !shown[id] })
		g.LatestPageAt = g.Latest.CreatedAt
		if g.PageMaxID != 0 && g.PageMaxID != g.Latest.ID {
			g.LatestPageAt = g.PageMaxID.Time()
		}
		out.Groups = append(out.Groups, g)
	}
	return out, nil
}

// groupsStart returns the lowest notification ID the groups' hours begin
// at: older notifications belong to none of them.
func groupsStart(groups []*NotificationGroup) agora.ID {
	var start agora.ID
	for _, g := range groups {
		spec, err := agora.ParseGroupKey(g.Key)
		from := g.PageMinID
		if err == nil && spec.NotificationID == 0 {
			from, _ = spec.Window()
		}
		start = minID(start, from)
	}
	return start
}

// minID is the smaller of a and b where 0 means none.
func minID(a, b agora.ID) agora.ID {
	if a == 0 || (b != 0 && b < a) {
		return b
	}
	return a
}

func cmpID(a, b agora.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
