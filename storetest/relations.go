package storetest

import (
	"testing"
	"time"

	"agora"
)

var relationTests = []test{
	{"FollowRequests", testFollowRequests},
	{"AcceptFollowRequest", testAcceptFollowRequest},
	{"CreateBlock", testCreateBlock},
	{"Blocks/Paging", testBlocksPaging},
	{"SaveMute", testSaveMute},
	{"Relations/All", testRelationsAll},
	{"AccountFilter", testAccountFilter},
}

// request makes a ask to follow b.
func (f *fixture) request(a, b *agora.Account) *agora.FollowRequest {
	f.t.Helper()
	id := ids.New()
	r := &agora.FollowRequest{ID: id, AccountID: a.ID, TargetAccountID: b.ID, CreatedAt: id.Time()}
	if err := f.s.CreateFollowRequest(f.ctx, r); err != nil {
		f.t.Fatalf("CreateFollowRequest(%s, %s): %v", a.Username, b.Username, err)
	}
	return r
}

// block makes a block b.
func (f *fixture) block(a, b *agora.Account) *agora.Block {
	f.t.Helper()
	id := ids.New()
	bl := &agora.Block{ID: id, AccountID: a.ID, TargetAccountID: b.ID, CreatedAt: id.Time()}
	if err := f.s.CreateBlock(f.ctx, bl); err != nil {
		f.t.Fatalf("CreateBlock(%s, %s): %v", a.Username, b.Username, err)
	}
	return bl
}

// mute makes a mute b until expires (zero: for ever).
func (f *fixture) mute(a, b *agora.Account, notifications bool, expires time.Time) *agora.Mute {
	f.t.Helper()
	id := ids.New()
	m := &agora.Mute{ID: id, AccountID: a.ID, TargetAccountID: b.ID, Notifications: notifications,
		ExpiresAt: expires, CreatedAt: id.Time()}
	if err := f.s.SaveMute(f.ctx, m); err != nil {
		f.t.Fatalf("SaveMute(%s, %s): %v", a.Username, b.Username, err)
	}
	return m
}

// wantCounts fails the test unless the account has the follower and following counts.
func (f *fixture) wantCounts(a *agora.Account, followers, following int) {
	f.t.Helper()
	got := f.reload(a)
	if got.FollowersCount != followers || got.FollowingCount != following {
		f.t.Errorf("%s: followers %d, following %d; want %d, %d",
			a.Username, got.FollowersCount, got.FollowingCount, followers, following)
	}
}

func testFollowRequests(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	locked := f.account("locked")
	var reqs []*agora.FollowRequest // oldest first
	for i := range 8 {
		reqs = append(reqs, f.request(f.account(name(i)), locked))
	}
	f.request(locked, f.account("other")) // not to locked
	id := ids.New()
	err := s.CreateFollowRequest(ctx, &agora.FollowRequest{ID: id, AccountID: reqs[0].AccountID,
		TargetAccountID: locked.ID, CreatedAt: id.Time()})
	wantCode(t, err, agora.ECONFLICT)
	err = s.CreateFollowRequest(ctx, &agora.FollowRequest{ID: ids.New(), AccountID: ids.New(),
		TargetAccountID: locked.ID, CreatedAt: id.Time()})
	wantCode(t, err, agora.ENOTFOUND)

	for _, tc := range pageCases(func(i int) agora.ID { return reqs[i].ID }) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.FollowRequests(t.Context(), locked.ID, tc.page)
			mustOK(t, err, "FollowRequests")
			equal(t, "requests", got, pick(reqs, tc.want))
		})
	}
	mustOK(t, s.DeleteFollowRequest(ctx, reqs[7].AccountID, locked.ID), "DeleteFollowRequest")
	wantCode(t, s.DeleteFollowRequest(ctx, reqs[7].AccountID, locked.ID), agora.ENOTFOUND)
	got, err := s.FollowRequests(ctx, locked.ID, agora.Page{Limit: 1})
	mustOK(t, err, "FollowRequests")
	equal(t, "newest request after a delete", got, []*agora.FollowRequest{reqs[6]})
	f.wantCounts(locked, 0, 0)
}

func testAcceptFollowRequest(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	locked, fan := f.account("locked"), f.account("fan")
	f.request(fan, locked)
	id := ids.New()
	fl := &agora.Follow{ID: id, AccountID: fan.ID, TargetAccountID: locked.ID, CreatedAt: id.Time()}
	mustOK(t, s.AcceptFollowRequest(ctx, fl), "AcceptFollowRequest")
	f.wantCounts(locked, 1, 0)
	f.wantCounts(fan, 0, 1)
	followers, err := s.Followers(ctx, locked.ID, agora.Page{})
	mustOK(t, err, "Followers")
	equal(t, "followers", followers, []*agora.Follow{fl})
	reqs, err := s.FollowRequests(ctx, locked.ID, agora.Page{})
	mustOK(t, err, "FollowRequests")
	equal(t, "requests after accepting", reqs, []*agora.FollowRequest{})

	// Without a request, nothing happens.
	id = ids.New()
	err = s.AcceptFollowRequest(ctx, &agora.Follow{ID: id, AccountID: locked.ID, TargetAccountID: fan.ID, CreatedAt: id.Time()})
	wantCode(t, err, agora.ENOTFOUND)
	f.wantCounts(locked, 1, 0)
	f.wantCounts(fan, 0, 1)
	following, err := s.FollowingIDs(ctx, locked.ID)
	mustOK(t, err, "FollowingIDs")
	equal(t, "locked's following", following, []agora.ID{})
}

func testCreateBlock(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	f.follow(alice, bob)
	f.follow(bob, alice)
	f.follow(carol, alice)
	f.follow(bob, carol)
	f.request(bob, alice)
	f.request(alice, bob)
	f.request(carol, bob)
	st := f.status(alice, "alice's")
	f.notify(agora.NotifyFavourite, alice, bob, st) // goes with the block
	warning := f.notify(agora.NotifyModerationWarning, alice, bob, nil)
	fromCarol := f.notify(agora.NotifyFollow, alice, carol, nil)
	toBob := f.notify(agora.NotifyFollow, bob, alice, nil)

	b := f.block(alice, bob)
	// Alice's notifications from bob go, but not a moderation warning; bob's from
	// alice and alice's from others stay.
	notes, err := s.Notifications(ctx, alice.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "alice's notifications after blocking bob", notes, []*agora.Notification{fromCarol, warning})
	notes, err = s.Notifications(ctx, bob.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "bob's notifications", notes, []*agora.Notification{toBob})
	f.wantCounts(alice, 1, 0) // carol still follows alice
	f.wantCounts(bob, 0, 1)   // bob still follows carol
	f.wantCounts(carol, 1, 1)
	got, err := s.Relations(ctx, alice.ID, []agora.ID{bob.ID})
	mustOK(t, err, "Relations")
	equal(t, "alice and bob", got, map[agora.ID]agora.Relation{bob.ID: {Blocking: true}})
	got, err = s.Relations(ctx, bob.ID, []agora.ID{alice.ID, carol.ID})
	mustOK(t, err, "Relations")
	equal(t, "bob and the others", got, map[agora.ID]agora.Relation{
		alice.ID: {BlockedBy: true}, carol.ID: {Following: true, RequestedBy: true}})
	blocks, err := s.Blocks(ctx, alice.ID, agora.Page{})
	mustOK(t, err, "Blocks")
	equal(t, "alice's blocks", blocks, []*agora.Block{b})

	id := ids.New()
	err = s.CreateBlock(ctx, &agora.Block{ID: id, AccountID: alice.ID, TargetAccountID: bob.ID, CreatedAt: id.Time()})
	wantCode(t, err, agora.ECONFLICT)
	err = s.CreateBlock(ctx, &agora.Block{ID: ids.New(), AccountID: alice.ID, TargetAccountID: ids.New(), CreatedAt: id.Time()})
	wantCode(t, err, agora.ENOTFOUND)
	f.block(bob, alice) // the other way is another block
	f.wantCounts(alice, 1, 0)
	f.wantCounts(bob, 0, 1)

	mustOK(t, s.DeleteBlock(ctx, alice.ID, bob.ID), "DeleteBlock")
	wantCode(t, s.DeleteBlock(ctx, alice.ID, bob.ID), agora.ENOTFOUND)
	got, err = s.Relations(ctx, alice.ID, []agora.ID{bob.ID})
	mustOK(t, err, "Relations")
	equal(t, "after unblocking", got, map[agora.ID]agora.Relation{bob.ID: {BlockedBy: true}})
}

func testBlocksPaging(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	var blocks []*agora.Block
	var mutes []*agora.Mute
	for i := range 8 {
		a := f.account(name(i))
		blocks = append(blocks, f.block(me, a))
		mutes = append(mutes, f.mute(me, a, false, time.Time{}))
	}
	other := f.account("other")
	f.block(other, me) // not me blocking
	f.mute(other, me, true, time.Time{})
	for _, tc := range pageCases(func(i int) agora.ID { return blocks[i].ID }) {
		t.Run("blocks/"+tc.name, func(t *testing.T) {
			got, err := s.Blocks(t.Context(), me.ID, tc.page)
			mustOK(t, err, "Blocks")
			equal(t, "blocks", got, pick(blocks, tc.want))
		})
	}
	for _, tc := range pageCases(func(i int) agora.ID { return mutes[i].ID }) {
		t.Run("mutes/"+tc.name, func(t *testing.T) {
			got, err := s.Mutes(t.Context(), me.ID, tc.page)
			mustOK(t, err, "Mutes")
			equal(t, "mutes", got, pick(mutes, tc.want))
		})
	}
}

func testSaveMute(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, loud, gone := f.account("me"), f.account("loud"), f.account("gone")
	until := time.Now().Add(time.Hour).Add(123 * time.Microsecond)
	m := f.mute(me, loud, true, until)
	if !m.ExpiresAt.Equal(ms(until)) {
		t.Errorf("ExpiresAt = %v, want %v normalized", m.ExpiresAt, until)
	}
	expired := f.mute(me, gone, false, time.Now().Add(-time.Hour))

	// Saving again updates the mute and keeps its ID and creation time.
	id := ids.New()
	again := &agora.Mute{ID: id, AccountID: me.ID, TargetAccountID: loud.ID, Notifications: false, CreatedAt: id.Time()}
	mustOK(t, s.SaveMute(ctx, again), "SaveMute again")
	want := *m
	want.Notifications, want.ExpiresAt = false, time.Time{}
	equal(t, "mute saved again", again, &want)
	list, err := s.Mutes(ctx, me.ID, agora.Page{})
	mustOK(t, err, "Mutes")
	equal(t, "mutes (the expired one included), newest first", list, []*agora.Mute{expired, &want})

	err = s.SaveMute(ctx, &agora.Mute{ID: ids.New(), AccountID: me.ID, TargetAccountID: ids.New(), CreatedAt: id.Time()})
	wantCode(t, err, agora.ENOTFOUND)
	mustOK(t, s.DeleteMute(ctx, me.ID, loud.ID), "DeleteMute")
	wantCode(t, s.DeleteMute(ctx, me.ID, loud.ID), agora.ENOTFOUND)
	list, err = s.Mutes(ctx, me.ID, agora.Page{})
	mustOK(t, err, "Mutes")
	equal(t, "mutes after a delete", list, []*agora.Mute{expired})
}

func testRelationsAll(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	acct := func(n string) *agora.Account { return f.account(n) }
	mutual, requested, requester, blocked, blocker, muted, mutedAll, expired, later, none :=
		acct("mutual"), acct("requested"), acct("requester"), acct("blocked"), acct("blocker"),
		acct("muted"), acct("mutedall"), acct("expired"), acct("later"), acct("none")
	f.follow(me, mutual)
	f.follow(mutual, me)
	f.request(me, requested)
	f.request(requester, me)
	f.block(me, blocked)
	f.block(blocker, me)
	f.mute(me, muted, false, time.Time{})
	f.mute(me, mutedAll, true, time.Time{})
	f.mute(me, expired, true, time.Now().Add(-time.Minute))
	f.mute(me, later, false, time.Now().Add(time.Hour))
	f.mute(muted, me, true, time.Time{}) // not mine
	f.request(none, requested)           // not about me
	f.block(none, blocked)

	others := []agora.ID{mutual.ID, requested.ID, requester.ID, blocked.ID, blocker.ID, muted.ID,
		mutedAll.ID, expired.ID, later.ID, none.ID}
	got, err := s.Relations(t.Context(), me.ID, others)
	mustOK(t, err, "Relations")
	equal(t, "relations", got, map[agora.ID]agora.Relation{
		mutual.ID:    {Following: true, FollowedBy: true},
		requested.ID: {Requested: true},
		requester.ID: {RequestedBy: true},
		blocked.ID:   {Blocking: true},
		blocker.ID:   {BlockedBy: true},
		muted.ID:     {Muting: true},
		mutedAll.ID:  {Muting: true, MutingNotifications: true},
		expired.ID:   {},
		later.ID:     {Muting: true},
		none.ID:      {},
	})
}

func testAccountFilter(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	now := time.Now()
	me := f.account("me")
	blocked, blocker, muted, mutedAll, expiring, none := f.account("blocked"), f.account("blocker"),
		f.account("muted"), f.account("mutedall"), f.account("expiring"), f.account("none")
	f.block(me, blocked)
	f.block(blocker, me)
	f.mute(me, muted, false, time.Time{})
	f.mute(me, mutedAll, true, time.Time{})
	f.mute(me, expiring, true, now.Add(time.Hour))
	f.mute(none, me, true, time.Time{})
	f.block(none, blocked)

	set := func(accts ...*agora.Account) map[agora.ID]bool {
		m := map[agora.ID]bool{}
		for _, a := range accts {
			m[a.ID] = true
		}
		return m
	}
	got, err := s.AccountFilter(t.Context(), me.ID, now)
	mustOK(t, err, "AccountFilter")
	equal(t, "filter now", got, &agora.AccountFilter{Blocking: set(blocked), BlockedBy: set(blocker),
		Muting: set(muted, mutedAll, expiring), MutingNotifications: set(mutedAll, expiring),
		Until: now.Add(time.Hour).Truncate(time.Millisecond).UTC()})
	got, err = s.AccountFilter(t.Context(), me.ID, now.Add(time.Hour))
	mustOK(t, err, "AccountFilter")
	equal(t, "filter when the mute expires", got, &agora.AccountFilter{Blocking: set(blocked),
		BlockedBy: set(blocker), Muting: set(muted, mutedAll), MutingNotifications: set(mutedAll)})
	if !got.Hides(blocker.ID) || got.Hides(none.ID) {
		t.Errorf("Hides(blocker) = %v, Hides(none) = %v; want true, false", got.Hides(blocker.ID), got.Hides(none.ID))
	}
	got, err = s.AccountFilter(t.Context(), none.ID+1, now)
	mustOK(t, err, "AccountFilter of nobody")
	if got.Blocking == nil || got.BlockedBy == nil || got.Muting == nil || got.MutingNotifications == nil {
		t.Errorf("AccountFilter of nobody has nil maps: %+v", got)
	}
	equal(t, "filter of nobody", got, &agora.AccountFilter{Blocking: map[agora.ID]bool{},
		BlockedBy: map[agora.ID]bool{}, Muting: map[agora.ID]bool{}, MutingNotifications: map[agora.ID]bool{}})
}
