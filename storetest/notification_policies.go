package storetest

import (
	"testing"

	"agora"
)

// Notification policies, the requests that gather filtered notifications, and
// accepting and dismissing them.
var notificationPolicyTests = []test{
	{"NotificationPolicy", testNotificationPolicy},
	{"NotificationRequests", testNotificationRequests},
	{"NotificationRequests/WithCause", testNotificationRequestWithCause},
	{"NotificationRequests/Accept", testAcceptNotificationRequests},
	{"NotificationRequests/Dismiss", testDismissNotificationRequests},
	{"NotificationRequests/FilteredNotifications", testFilteredNotifications},
}

func testNotificationPolicy(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	got, err := s.NotificationPolicy(ctx, alice.ID)
	mustOK(t, err, "NotificationPolicy (never saved)")
	equal(t, "default policy", got, agora.DefaultNotificationPolicy(alice.ID))

	p := &agora.NotificationPolicy{AccountID: alice.ID, ForNotFollowing: agora.PolicyFilter, ForNotFollowers: agora.PolicyDrop,
		ForNewAccounts: agora.PolicyFilter, ForPrivateMentions: agora.PolicyAccept, ForLimitedAccounts: agora.PolicyDrop}
	mustOK(t, s.SaveNotificationPolicy(ctx, p), "SaveNotificationPolicy")
	got, err = s.NotificationPolicy(ctx, alice.ID)
	mustOK(t, err, "NotificationPolicy")
	equal(t, "saved policy", got, p)
	// Saved again: replaced.
	p.ForNotFollowers = agora.PolicyAccept
	mustOK(t, s.SaveNotificationPolicy(ctx, p), "SaveNotificationPolicy again")
	got, _ = s.NotificationPolicy(ctx, alice.ID)
	equal(t, "replaced policy", got, p)
	// Another account's is its own.
	got, _ = s.NotificationPolicy(ctx, bob.ID)
	equal(t, "bob's policy", got, agora.DefaultNotificationPolicy(bob.ID))
	// No such account.
	if err := s.SaveNotificationPolicy(ctx, &agora.NotificationPolicy{AccountID: ids.New(), ForNotFollowing: agora.PolicyAccept,
		ForNotFollowers: agora.PolicyAccept, ForNewAccounts: agora.PolicyAccept, ForPrivateMentions: agora.PolicyAccept,
		ForLimitedAccounts: agora.PolicyAccept}); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("SaveNotificationPolicy of no account: %v, want ENOTFOUND", err)
	}
}

// filteredNote returns a filtered notification, not stored.
func filteredNote(typ agora.NotificationType, to, from *agora.Account, st *agora.Status) *agora.Notification {
	n := note(typ, to, from, st)
	n.Filtered = true
	return n
}

func testNotificationRequests(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob, carol, dan := f.account("me"), f.account("bob"), f.account("carol"), f.account("dan")
	st1, st2 := f.status(bob, "one"), f.status(bob, "two")
	b1 := filteredNote(agora.NotifyMention, me, bob, st1)
	ordinary := note(agora.NotifyFavourite, me, bob, nil)
	c1 := filteredNote(agora.NotifyFollow, me, carol, nil)
	b2 := filteredNote(agora.NotifyMention, me, bob, st2)
	b3 := filteredNote(agora.NotifyFollow, me, bob, nil) // no status: the last status stays st2
	d1 := filteredNote(agora.NotifyFollow, dan, bob, nil)
	mustOK(t, s.CreateNotifications(ctx, []*agora.Notification{b1, ordinary, c1}), "CreateNotifications")
	mustOK(t, s.CreateNotifications(ctx, []*agora.Notification{b2, b3, d1}), "CreateNotifications")

	list, err := s.NotificationRequests(ctx, me.ID, agora.Page{})
	mustOK(t, err, "NotificationRequests")
	want := []*agora.NotificationRequest{
		{ID: c1.ID, AccountID: me.ID, FromAccountID: carol.ID, NotificationsCount: 1, CreatedAt: c1.CreatedAt, UpdatedAt: c1.CreatedAt},
		{ID: b1.ID, AccountID: me.ID, FromAccountID: bob.ID, LastStatusID: st2.ID, NotificationsCount: 3, CreatedAt: b1.CreatedAt, UpdatedAt: b3.CreatedAt},
	}
	equal(t, "requests, newest first", list, want)
	if list, _ = s.NotificationRequests(ctx, me.ID, agora.Page{Limit: 1, MaxID: c1.ID}); len(list) != 1 || list[0].ID != b1.ID {
		t.Errorf("second page = %v, want bob's", list)
	}
	got, err := s.NotificationRequest(ctx, me.ID, b1.ID)
	mustOK(t, err, "NotificationRequest")
	equal(t, "bob's request", got, want[1])
	if _, err := s.NotificationRequest(ctx, dan.ID, b1.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("another's request: %v, want ENOTFOUND", err)
	}

	// Filtered notifications are listed only when asked for, and never counted.
	plain, err := s.Notifications(ctx, me.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "notifications without filtered", plain, []*agora.Notification{ordinary})
	all, err := s.Notifications(ctx, me.ID, agora.NotificationQuery{IncludeFiltered: true})
	mustOK(t, err, "Notifications include filtered")
	equal(t, "notifications with filtered", all, []*agora.Notification{b3, b2, c1, ordinary, b1})
	if n, err := s.CountNotifications(ctx, me.ID, 0, 0); err != nil || n != 1 {
		t.Errorf("CountNotifications = %d, %v; want 1, filtered left out", n, err)
	}
	if n, err := s.CountNotifications(ctx, me.ID, 0, 10); err != nil || n != 1 {
		t.Errorf("CountNotifications up to 10 = %d, %v; want 1", n, err)
	}

	// A request whose filtered notifications are all gone is not listed.
	mustOK(t, s.DismissNotification(ctx, me.ID, c1.ID), "DismissNotification")
	if _, err := s.NotificationRequest(ctx, me.ID, c1.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("empty request: %v, want ENOTFOUND", err)
	}
	if list, _ = s.NotificationRequests(ctx, me.ID, agora.Page{}); len(list) != 1 || list[0].ID != b1.ID {
		t.Errorf("requests after carol's notification went = %v, want bob's alone", list)
	}
}

// A filtered notification's request is written with its cause, or not at all.
func testNotificationRequestWithCause(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	fl := &agora.Follow{ID: ids.New(), AccountID: bob.ID, TargetAccountID: alice.ID}
	fl.CreatedAt = fl.ID.Time()
	n := filteredNote(agora.NotifyFollow, alice, bob, nil)
	mustOK(t, s.CreateFollow(ctx, fl, n), "CreateFollow with a filtered notification")
	if got, err := s.NotificationRequest(ctx, alice.ID, n.ID); err != nil || got.NotificationsCount != 1 {
		t.Errorf("request after the follow: %+v, %v", got, err)
	}
	// The cause fails (the follow exists): neither the notification nor a request.
	again := &agora.Follow{ID: ids.New(), AccountID: bob.ID, TargetAccountID: alice.ID}
	again.CreatedAt = again.ID.Time()
	carol := f.account("carol")
	lost := filteredNote(agora.NotifyFollow, carol, bob, nil)
	if err := s.CreateFollow(ctx, again, lost); agora.ErrorCode(err) != agora.ECONFLICT {
		t.Fatalf("CreateFollow again: %v, want ECONFLICT", err)
	}
	if f.stored(lost) {
		t.Error("the notification of a failed follow was stored")
	}
	if list, err := s.NotificationRequests(ctx, carol.ID, agora.Page{}); err != nil || len(list) != 0 {
		t.Errorf("requests of a failed follow: %v, %v; want none", list, err)
	}
	// The notification fails (no such recipient): no request either.
	st := newStatus(bob, "hello")
	bad := filteredNote(agora.NotifyMention, &agora.Account{ID: ids.New()}, bob, st)
	if err := s.CreateStatus(ctx, st, "", filteredNote(agora.NotifyMention, carol, bob, st), bad); err == nil {
		t.Fatal("CreateStatus with a notification to no one succeeded")
	}
	if list, _ := s.NotificationRequests(ctx, carol.ID, agora.Page{}); len(list) != 0 {
		t.Errorf("requests of a failed status: %v; want none", list)
	}
}

func testAcceptNotificationRequests(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob, carol, dan := f.account("me"), f.account("bob"), f.account("carol"), f.account("dan")
	b1, b2 := filteredNote(agora.NotifyFollow, me, bob, nil), filteredNote(agora.NotifyFavourite, me, bob, nil)
	c1 := filteredNote(agora.NotifyFollow, me, carol, nil)
	d1 := filteredNote(agora.NotifyFollow, dan, bob, nil)
	mustOK(t, s.CreateNotifications(ctx, []*agora.Notification{b1, b2, c1, d1}), "CreateNotifications")
	if ok, err := s.NotificationPermitted(ctx, me.ID, bob.ID); err != nil || ok {
		t.Errorf("permitted before accepting: %v, %v", ok, err)
	}
	// dan's request is not mine: ignored; an unknown ID too.
	n, err := s.AcceptNotificationRequests(ctx, me.ID, []agora.ID{b1.ID, d1.ID, ids.New()}, b2.CreatedAt)
	if err != nil || n != 1 {
		t.Fatalf("AcceptNotificationRequests = %d, %v; want 1", n, err)
	}
	if ok, err := s.NotificationPermitted(ctx, me.ID, bob.ID); err != nil || !ok {
		t.Errorf("permitted after accepting: %v, %v", ok, err)
	}
	if ok, _ := s.NotificationPermitted(ctx, dan.ID, bob.ID); ok {
		t.Error("dan permits bob, whose request he did not accept")
	}
	b1.Filtered, b2.Filtered = false, false
	plain, err := s.Notifications(ctx, me.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "notifications after accepting", plain, []*agora.Notification{b2, b1})
	if _, err := s.NotificationRequest(ctx, me.ID, b1.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("accepted request: %v, want ENOTFOUND", err)
	}
	if list, _ := s.NotificationRequests(ctx, me.ID, agora.Page{}); len(list) != 1 || list[0].ID != c1.ID {
		t.Errorf("requests after accepting = %v, want carol's", list)
	}
	if list, _ := s.NotificationRequests(ctx, dan.ID, agora.Page{}); len(list) != 1 {
		t.Errorf("dan's requests = %v, want his one", list)
	}
	// Accepting twice: nothing more, no error.
	if n, err := s.AcceptNotificationRequests(ctx, me.ID, []agora.ID{b1.ID}, b2.CreatedAt); err != nil || n != 0 {
		t.Errorf("accepting again = %d, %v; want 0", n, err)
	}
}

func testDismissNotificationRequests(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob, carol := f.account("me"), f.account("bob"), f.account("carol")
	b1 := filteredNote(agora.NotifyFollow, me, bob, nil)
	ordinary := note(agora.NotifyFavourite, me, bob, nil)
	c1 := filteredNote(agora.NotifyFollow, me, carol, nil)
	mustOK(t, s.CreateNotifications(ctx, []*agora.Notification{b1, ordinary, c1}), "CreateNotifications")
	if n, err := s.DismissNotificationRequests(ctx, carol.ID, []agora.ID{b1.ID}); err != nil || n != 0 {
		t.Errorf("dismissing another's = %d, %v; want 0", n, err)
	}
	n, err := s.DismissNotificationRequests(ctx, me.ID, []agora.ID{b1.ID, c1.ID})
	if err != nil || n != 2 {
		t.Fatalf("DismissNotificationRequests = %d, %v; want 2", n, err)
	}
	if f.stored(b1) || f.stored(c1) {
		t.Error("filtered notifications of dismissed requests are still there")
	}
	if !f.stored(ordinary) {
		t.Error("an ordinary notification from the sender went with the request")
	}
	if ok, _ := s.NotificationPermitted(ctx, me.ID, bob.ID); ok {
		t.Error("dismissing permitted the sender")
	}
	// A later filtered notification makes a new request.
	b2 := filteredNote(agora.NotifyFollow, me, bob, nil)
	mustOK(t, s.CreateNotifications(ctx, []*agora.Notification{b2}), "CreateNotifications")
	if got, err := s.NotificationRequest(ctx, me.ID, b2.ID); err != nil || got.NotificationsCount != 1 {
		t.Errorf("new request: %+v, %v", got, err)
	}
}

func testFilteredNotifications(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob, carol, dan := f.account("me"), f.account("bob"), f.account("carol"), f.account("dan")
	b1, b2, b3 := filteredNote(agora.NotifyFollow, me, bob, nil), filteredNote(agora.NotifyFavourite, me, bob, nil),
		filteredNote(agora.NotifyFavourite, me, bob, nil)
	ordinary := note(agora.NotifyFavourite, me, bob, nil)
	c1 := filteredNote(agora.NotifyFollow, me, carol, nil)
	d1 := filteredNote(agora.NotifyFollow, me, dan, nil)
	other := filteredNote(agora.NotifyFollow, dan, bob, nil)
	mustOK(t, s.CreateNotifications(ctx, []*agora.Notification{b1, b2, c1, ordinary, b3, d1, other}), "CreateNotifications")

	got, err := s.FilteredNotifications(ctx, me.ID, []agora.ID{bob.ID, carol.ID}, 2)
	mustOK(t, err, "FilteredNotifications")
	equal(t, "the newest two of each sender's, newest first", got, []*agora.Notification{c1, b3, b2})
	got, err = s.FilteredNotifications(ctx, me.ID, []agora.ID{bob.ID, carol.ID, dan.ID}, 10)
	mustOK(t, err, "FilteredNotifications")
	equal(t, "all the senders' filtered ones", got, []*agora.Notification{d1, c1, b3, b2, b1})
	if got, err := s.FilteredNotifications(ctx, carol.ID, []agora.ID{bob.ID}, 10); err != nil || len(got) != 0 {
		t.Errorf("carol's, who has none = %v, %v", got, err)
	}
	if got, err := s.FilteredNotifications(ctx, me.ID, nil, 10); err != nil || len(got) != 0 {
		t.Errorf("of no sender = %v, %v", got, err)
	}
}
