package storetest

import (
	"testing"
	"time"

	"agora"
)

// The writes that cause notifications (a status with mentions, a boost, a
// favourite, a follow, a follow request) insert them in their own transaction:
// both are there, or neither, whichever part fails.
var notifyWithCauseTests = []test{
	{"CreateStatus/Notifications", testCreateStatusNotifications},
	{"CreateMark/Notifications", testCreateMarkNotifications},
	{"CreateFollow/Notifications", testCreateFollowNotifications},
	{"CreateFollowRequest/Notifications", testCreateFollowRequestNotifications},
}

// note returns a notification, not stored, for to from from, about st when not nil.
func note(typ agora.NotificationType, to, from *agora.Account, st *agora.Status) *agora.Notification {
	id := ids.New()
	n := &agora.Notification{ID: id, AccountID: to.ID, Type: typ, FromAccountID: from.ID, CreatedAt: id.Time()}
	if st != nil {
		n.StatusID = st.ID
	}
	return n
}

// nowhere returns a notification, not stored, whose recipient does not exist:
// inserting it fails, after everything it is given with.
func nowhere(typ agora.NotificationType, from *agora.Account, st *agora.Status) *agora.Notification {
	return note(typ, &agora.Account{ID: ids.New()}, from, st)
}

// stored reports whether the notification is in the store, failing the test when
// it is there but not as it was given.
func (f *fixture) stored(n *agora.Notification) bool {
	f.t.Helper()
	got, err := f.s.Notification(f.ctx, n.AccountID, n.ID)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return false
	}
	mustOK(f.t, err, "Notification")
	equal(f.t, "stored notification", got, n)
	return true
}

// newStatus returns a public status of author, not stored.
func newStatus(author *agora.Account, text string) *agora.Status {
	id := ids.New()
	return &agora.Status{ID: id, AccountID: author.ID, Text: text, Content: "<p>" + text + "</p>",
		Visibility: agora.VisibilityPublic, ThreadID: id, CreatedAt: id.Time()}
}

func testCreateStatusNotifications(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")

	// A status with its mentions' notifications.
	st := newStatus(alice, "hello @bob @carol")
	st.Mentions = []agora.ID{bob.ID, carol.ID}
	toBob, toCarol := note(agora.NotifyMention, bob, alice, st), note(agora.NotifyMention, carol, alice, st)
	mustOK(t, s.CreateStatus(ctx, st, "key-1", toBob, toCarol), "CreateStatus with notifications")
	if !f.stored(toBob) || !f.stored(toCarol) {
		t.Fatal("the mentions' notifications were not stored with the status")
	}

	// The same key again, with notifications of its own: neither is written.
	again := newStatus(alice, "hello @bob again")
	again.Mentions = []agora.ID{bob.ID}
	second := note(agora.NotifyMention, bob, alice, again)
	wantCode(t, s.CreateStatus(ctx, again, "key-1", second), agora.ECONFLICT)
	if f.stored(second) {
		t.Error("a status refused for its idempotency key left its notification")
	}
	_, err := s.Status(ctx, again.ID)
	wantCode(t, err, agora.ENOTFOUND)

	// A notification that cannot be inserted, after the status and everything
	// else the write does: nothing of the status is left, nor its key, counter or
	// other notifications.
	before := f.reload(alice).StatusesCount
	lost := newStatus(alice, "hello @bob #lost")
	lost.Mentions, lost.Tags = []agora.ID{bob.ID}, []string{"lost"}
	good := note(agora.NotifyMention, bob, alice, lost)
	wantCode(t, s.CreateStatus(ctx, lost, "key-2", good, nowhere(agora.NotifyMention, alice, lost)), agora.ENOTFOUND)
	_, err = s.Status(ctx, lost.ID)
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.StatusByIdempotencyKey(ctx, alice.ID, "key-2", time.Time{})
	wantCode(t, err, agora.ENOTFOUND)
	if f.stored(good) {
		t.Error("a status that was not stored left a notification")
	}
	if got := f.reload(alice).StatusesCount; got != before {
		t.Errorf("statuses count %d after a failed CreateStatus, want %d", got, before)
	}
	if used, err := s.TagExists(ctx, "lost"); err != nil || used {
		t.Errorf("TagExists(lost) after a failed CreateStatus = %v, %v", used, err)
	}
	// The key is free: the retry stores the status with its notification.
	retry := note(agora.NotifyMention, bob, alice, lost)
	mustOK(t, s.CreateStatus(ctx, lost, "key-2", retry), "CreateStatus retried")
	if !f.stored(retry) {
		t.Error("the retried status's notification was not stored")
	}

	// A boost with the reblog notification; a notification ID taken undoes it.
	boost := newStatus(bob, "")
	boost.Text, boost.Content, boost.ReblogOfID = "", "", st.ID
	taken := note(agora.NotifyReblog, alice, bob, st)
	taken.ID = toBob.ID
	wantCode(t, s.CreateStatus(ctx, boost, "", taken), agora.ECONFLICT)
	if got := f.reloadStatus(st).ReblogsCount; got != 0 {
		t.Errorf("reblogs count %d after a failed boost, want 0", got)
	}
	_, err = s.ReblogBy(ctx, bob.ID, st.ID)
	wantCode(t, err, agora.ENOTFOUND)
	reblog := note(agora.NotifyReblog, alice, bob, st)
	mustOK(t, s.CreateStatus(ctx, boost, "", reblog), "CreateStatus of a boost")
	if !f.stored(reblog) {
		t.Error("the boost's notification was not stored")
	}
}

func testCreateMarkNotifications(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	st := f.status(alice, "like me")

	fav := func() *agora.StatusMark {
		id := ids.New()
		return &agora.StatusMark{ID: id, Kind: agora.MarkFavourite, AccountID: bob.ID, StatusID: st.ID, CreatedAt: id.Time()}
	}
	// A notification that cannot be inserted undoes the favourite and its count.
	wantCode(t, s.CreateMark(ctx, fav(), nowhere(agora.NotifyFavourite, bob, st)), agora.ENOTFOUND)
	if got := f.reloadStatus(st).FavouritesCount; got != 0 {
		t.Errorf("favourites count %d after a failed CreateMark, want 0", got)
	}
	flags, err := s.ViewerFlags(ctx, bob.ID, []agora.ID{st.ID})
	mustOK(t, err, "ViewerFlags")
	if flags[st.ID].Favourited {
		t.Error("a failed CreateMark left the favourite")
	}

	n := note(agora.NotifyFavourite, alice, bob, st)
	mustOK(t, s.CreateMark(ctx, fav(), n), "CreateMark with a notification")
	if !f.stored(n) {
		t.Error("the favourite's notification was not stored")
	}
	// Favouriting again is refused, and notifies no one again.
	twice := note(agora.NotifyFavourite, alice, bob, st)
	wantCode(t, s.CreateMark(ctx, fav(), twice), agora.ECONFLICT)
	if f.stored(twice) {
		t.Error("a refused second favourite left a notification")
	}
	if got := f.reloadStatus(st).FavouritesCount; got != 1 {
		t.Errorf("favourites count %d, want 1", got)
	}
}

func testCreateFollowNotifications(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	follow := func() *agora.Follow {
		id := ids.New()
		return &agora.Follow{ID: id, AccountID: bob.ID, TargetAccountID: alice.ID, CreatedAt: id.Time()}
	}
	wantCode(t, s.CreateFollow(ctx, follow(), nowhere(agora.NotifyFollow, bob, nil)), agora.ENOTFOUND)
	if a := f.reload(alice); a.FollowersCount != 0 {
		t.Errorf("followers count %d after a failed CreateFollow, want 0", a.FollowersCount)
	}
	if ids, err := s.FollowerIDs(ctx, alice.ID); err != nil || len(ids) != 0 {
		t.Errorf("FollowerIDs after a failed CreateFollow = %v, %v", ids, err)
	}

	n := note(agora.NotifyFollow, alice, bob, nil)
	mustOK(t, s.CreateFollow(ctx, follow(), n), "CreateFollow with a notification")
	if !f.stored(n) {
		t.Error("the follow's notification was not stored")
	}
	twice := note(agora.NotifyFollow, alice, bob, nil)
	wantCode(t, s.CreateFollow(ctx, follow(), twice), agora.ECONFLICT)
	if f.stored(twice) {
		t.Error("a refused second follow left a notification")
	}
}

func testCreateFollowRequestNotifications(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	request := func() *agora.FollowRequest {
		id := ids.New()
		return &agora.FollowRequest{ID: id, AccountID: bob.ID, TargetAccountID: alice.ID, CreatedAt: id.Time()}
	}
	wantCode(t, s.CreateFollowRequest(ctx, request(), nowhere(agora.NotifyFollowRequest, bob, nil)), agora.ENOTFOUND)
	if rs, err := s.FollowRequests(ctx, alice.ID, agora.Page{Limit: 10}); err != nil || len(rs) != 0 {
		t.Errorf("FollowRequests after a failed CreateFollowRequest = %v, %v", rs, err)
	}

	n := note(agora.NotifyFollowRequest, alice, bob, nil)
	mustOK(t, s.CreateFollowRequest(ctx, request(), n), "CreateFollowRequest with a notification")
	if !f.stored(n) {
		t.Error("the request's notification was not stored")
	}
	twice := note(agora.NotifyFollowRequest, alice, bob, nil)
	wantCode(t, s.CreateFollowRequest(ctx, request(), twice), agora.ECONFLICT)
	if f.stored(twice) {
		t.Error("a refused second request left a notification")
	}
}
