package storetest

import (
	"testing"

	"agora"
)

var notificationTests = []test{
	{"Notifications", testNotifications},
	{"Notifications/Paging", testNotificationsPaging},
	{"CreateNotifications/Atomic", testNotificationsAtomic},
	{"DismissNotification", testDismissNotification},
	{"CountNotifications", testCountNotifications},
}

// notify makes a notification for to from from, about st when not nil.
func (f *fixture) notify(typ agora.NotificationType, to, from *agora.Account, st *agora.Status) *agora.Notification {
	f.t.Helper()
	id := ids.New()
	n := &agora.Notification{ID: id, AccountID: to.ID, Type: typ, FromAccountID: from.ID, CreatedAt: id.Time()}
	if st != nil {
		n.StatusID = st.ID
	}
	if err := f.s.CreateNotifications(f.ctx, []*agora.Notification{n}); err != nil {
		f.t.Fatalf("CreateNotifications(%s): %v", typ, err)
	}
	return n
}

func testNotifications(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob, carol := f.account("me"), f.account("bob"), f.account("carol")
	st := f.status(me, "mine")
	follow := f.notify(agora.NotifyFollow, me, bob, nil)
	fav := f.notify(agora.NotifyFavourite, me, carol, st)
	mention := f.notify(agora.NotifyMention, me, bob, st)
	boost := f.notify(agora.NotifyReblog, me, carol, st)
	f.notify(agora.NotifyFollow, bob, me, nil) // someone else's

	for _, tc := range []struct {
		name string
		q    agora.NotificationQuery
		want []*agora.Notification
	}{
		{"all", agora.NotificationQuery{}, []*agora.Notification{boost, mention, fav, follow}},
		{"types", agora.NotificationQuery{Types: []agora.NotificationType{agora.NotifyFollow, agora.NotifyReblog}},
			[]*agora.Notification{boost, follow}},
		{"exclude types", agora.NotificationQuery{ExcludeTypes: []agora.NotificationType{agora.NotifyFollow, agora.NotifyReblog}},
			[]*agora.Notification{mention, fav}},
		{"types and exclude types", agora.NotificationQuery{
			Types:        []agora.NotificationType{agora.NotifyFollow, agora.NotifyReblog},
			ExcludeTypes: []agora.NotificationType{agora.NotifyReblog}}, []*agora.Notification{follow}},
		{"from", agora.NotificationQuery{FromAccountID: bob.ID}, []*agora.Notification{mention, follow}},
		{"from and type", agora.NotificationQuery{FromAccountID: carol.ID,
			Types: []agora.NotificationType{agora.NotifyFavourite}}, []*agora.Notification{fav}},
		{"paged", agora.NotificationQuery{Page: agora.Page{MaxID: boost.ID, Limit: 2}}, []*agora.Notification{mention, fav}},
		{"filtered and paged", agora.NotificationQuery{ExcludeTypes: []agora.NotificationType{agora.NotifyMention},
			Page: agora.Page{MinID: follow.ID, Limit: 1}}, []*agora.Notification{fav}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Notifications(t.Context(), me.ID, tc.q)
			mustOK(t, err, "Notifications")
			equal(t, "notifications", got, tc.want)
		})
	}
	got, err := s.Notification(ctx, me.ID, fav.ID)
	mustOK(t, err, "Notification")
	equal(t, "notification", got, fav)
	_, err = s.Notification(ctx, bob.ID, fav.ID)
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.Notification(ctx, me.ID, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
}

func testNotificationsPaging(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me, other := f.account("me"), f.account("other")
	var all []*agora.Notification // oldest first
	for i := range 8 {
		all = append(all, f.notify(agora.NotifyFollow, me, f.account(name(i)), nil))
		f.notify(agora.NotifyFollow, other, me, nil) // interleaved, someone else's
	}
	for _, tc := range pageCases(func(i int) agora.ID { return all[i].ID }) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Notifications(t.Context(), me.ID, agora.NotificationQuery{Page: tc.page})
			mustOK(t, err, "Notifications")
			equal(t, "notifications", got, pick(all, tc.want))
		})
	}
}

func testNotificationsAtomic(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob := f.account("me"), f.account("bob")
	batch := make([]*agora.Notification, 250) // more than one insert statement
	for i := range batch {
		id := ids.New()
		batch[i] = &agora.Notification{ID: id, AccountID: me.ID, Type: agora.NotifyMention, FromAccountID: bob.ID, CreatedAt: id.Time()}
	}
	mustOK(t, s.CreateNotifications(ctx, batch), "CreateNotifications")
	n, err := s.CountNotifications(ctx, me.ID, 0, 0)
	mustOK(t, err, "CountNotifications")
	if n != len(batch) {
		t.Errorf("CountNotifications = %d, want %d", n, len(batch))
	}
	mustOK(t, s.CreateNotifications(ctx, nil), "CreateNotifications(nil)")

	id := ids.New()
	bad := []*agora.Notification{
		{ID: id, AccountID: bob.ID, Type: agora.NotifyFollow, FromAccountID: me.ID, CreatedAt: id.Time()},
		{ID: ids.New(), AccountID: ids.New(), Type: agora.NotifyFollow, FromAccountID: me.ID, CreatedAt: id.Time()},
	}
	wantCode(t, s.CreateNotifications(ctx, bad), agora.ENOTFOUND)
	_, err = s.Notification(ctx, bob.ID, id)
	wantCode(t, err, agora.ENOTFOUND) // the whole batch failed
	dup := []*agora.Notification{{ID: batch[0].ID, AccountID: bob.ID, Type: agora.NotifyFollow, FromAccountID: me.ID, CreatedAt: id.Time()}}
	wantCode(t, s.CreateNotifications(ctx, dup), agora.ECONFLICT)
}

func testDismissNotification(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob := f.account("me"), f.account("bob")
	a := f.notify(agora.NotifyFollow, me, bob, nil)
	b := f.notify(agora.NotifyMention, me, bob, f.status(bob, "@me"))
	theirs := f.notify(agora.NotifyFollow, bob, me, nil)

	wantCode(t, s.DismissNotification(ctx, me.ID, theirs.ID), agora.ENOTFOUND)
	mustOK(t, s.DismissNotification(ctx, me.ID, a.ID), "DismissNotification")
	wantCode(t, s.DismissNotification(ctx, me.ID, a.ID), agora.ENOTFOUND)
	got, err := s.Notifications(ctx, me.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "after dismissing", got, []*agora.Notification{b})

	mustOK(t, s.ClearNotifications(ctx, me.ID), "ClearNotifications")
	mustOK(t, s.ClearNotifications(ctx, me.ID), "ClearNotifications again")
	got, err = s.Notifications(ctx, me.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "after clearing", got, []*agora.Notification{})
	got, err = s.Notifications(ctx, bob.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "bob's, untouched", got, []*agora.Notification{theirs})
}

func testCountNotifications(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me, bob := f.account("me"), f.account("bob")
	var all []*agora.Notification
	for range 5 {
		all = append(all, f.notify(agora.NotifyFollow, me, bob, nil))
		f.notify(agora.NotifyFollow, bob, me, nil)
	}
	for _, tc := range []struct {
		after agora.ID
		limit int
		want  int
	}{
		{0, 0, 5}, {0, 100, 5}, {0, 3, 3}, {all[1].ID, 0, 3}, {all[1].ID, 2, 2}, {all[4].ID, 10, 0},
	} {
		n, err := s.CountNotifications(t.Context(), me.ID, tc.after, tc.limit)
		mustOK(t, err, "CountNotifications")
		if n != tc.want {
			t.Errorf("CountNotifications(after %d, limit %d) = %d, want %d", tc.after, tc.limit, n, tc.want)
		}
	}
}
