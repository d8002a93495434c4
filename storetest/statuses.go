package storetest

import (
	"testing"
	"time"

	"agora"
)

var statusTests = []test{
	{"CreateStatus", testCreateStatus},
	{"CreateStatus/Counters", testStatusCounters},
	{"CreateStatus/DuplicateID", testStatusDuplicateID},
	{"CreateStatus/IdempotencyKey", testIdempotencyKey},
	{"Status/NotFound", testStatusNotFound},
	{"Statuses", testStatuses},
	{"DeleteStatus", testDeleteStatus},
	{"DeleteStatus/Boost", testDeleteBoost},
	{"CreateStatus/BoostOnce", testBoostOnce},
	{"DeleteStatus/Cascade", testDeleteCascade},
	{"CountStatuses", testCountStatuses},
	{"LatestStatuses", testLatestStatuses},
}

func testCreateStatus(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	id := ids.New()
	st := &agora.Status{ID: id, AccountID: alice.ID, Text: "hi @carol @bob #zeta #alpha",
		Content: "<p>hi</p>", SpoilerText: "cw", Sensitive: true, Visibility: agora.VisibilityUnlisted,
		Language: "en", ThreadID: id, CreatedAt: id.Time().Add(999 * time.Microsecond),
		Tags:         []string{"zeta", "alpha"},    // order of use, not alphabetical
		Mentions:     []agora.ID{carol.ID, bob.ID}, // order of use, not by ID
		RepliesCount: 5}                            // counters are the store's
	want := *st
	want.CreatedAt, want.RepliesCount = ms(id.Time()), 0
	mustOK(t, s.CreateStatus(t.Context(), st, ""), "CreateStatus")
	got := f.reloadStatus(st)
	equal(t, "status", got, &want)
	equal(t, "tags", got.Tags, []string{"zeta", "alpha"})
	equal(t, "mentions", got.Mentions, []agora.ID{carol.ID, bob.ID})
}

func testStatusCounters(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	root := f.status(alice, "root")
	if got := f.reload(alice); got.StatusesCount != 1 || !got.LastStatusAt.Equal(root.CreatedAt) {
		t.Errorf("after a status: StatusesCount %d, LastStatusAt %v; want 1, %v",
			got.StatusesCount, got.LastStatusAt, root.CreatedAt)
	}
	reply := f.status(bob, "reply", replyTo(root))
	f.status(bob, "reply 2", replyTo(root))
	f.status(alice, "reply 3", replyTo(reply))
	boost := f.status(bob, "", boostOf(root))
	f.status(bob, "reply to a deleted status", func(s *agora.Status) { s.InReplyToID = ids.New() })

	if got := f.reloadStatus(root); got.RepliesCount != 2 || got.ReblogsCount != 1 {
		t.Errorf("root: RepliesCount %d, ReblogsCount %d; want 2, 1", got.RepliesCount, got.ReblogsCount)
	}
	if got := f.reloadStatus(reply); got.RepliesCount != 1 {
		t.Errorf("reply: RepliesCount %d, want 1", got.RepliesCount)
	}
	if got := f.reload(alice); got.StatusesCount != 2 {
		t.Errorf("alice: StatusesCount %d, want 2", got.StatusesCount)
	}
	got := f.reload(bob)
	if got.StatusesCount != 4 {
		t.Errorf("bob: StatusesCount %d, want 4 (boosts count)", got.StatusesCount)
	}
	if got.LastStatusAt.Before(boost.CreatedAt) {
		t.Errorf("bob: LastStatusAt %v before his last status %v", got.LastStatusAt, boost.CreatedAt)
	}
}

func testStatusDuplicateID(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	st := f.status(alice, "once", func(s *agora.Status) { s.Tags = []string{"t"} })
	dup := *st
	dup.Text = "twice"
	wantCode(t, s.CreateStatus(t.Context(), &dup, ""), agora.ECONFLICT)
	equal(t, "status", f.reloadStatus(st), st)
	if got := f.reload(alice); got.StatusesCount != 1 {
		t.Errorf("StatusesCount = %d after a failed create, want 1", got.StatusesCount)
	}
}

func testIdempotencyKey(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	id := ids.New()
	st := &agora.Status{ID: id, AccountID: alice.ID, Text: "once", Content: "once",
		Visibility: agora.VisibilityPublic, ThreadID: id, CreatedAt: id.Time(), Tags: []string{"k"}}
	mustOK(t, s.CreateStatus(ctx, st, "key-1"), "CreateStatus with key")

	got, err := s.StatusByIdempotencyKey(ctx, alice.ID, "key-1", st.CreatedAt.Add(-time.Hour))
	mustOK(t, err, "StatusByIdempotencyKey")
	equal(t, "status", got, st)
	got, err = s.StatusByIdempotencyKey(ctx, alice.ID, "key-1", st.CreatedAt)
	mustOK(t, err, "StatusByIdempotencyKey at the creation time")
	_, err = s.StatusByIdempotencyKey(ctx, alice.ID, "key-1", st.CreatedAt.Add(time.Millisecond))
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.StatusByIdempotencyKey(ctx, bob.ID, "key-1", time.Time{})
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.StatusByIdempotencyKey(ctx, alice.ID, "key-2", time.Time{})
	wantCode(t, err, agora.ENOTFOUND)

	// The same key is free for another account, taken for the same one.
	id2 := ids.New()
	other := &agora.Status{ID: id2, AccountID: bob.ID, Text: "x", Visibility: agora.VisibilityPublic, CreatedAt: id2.Time()}
	mustOK(t, s.CreateStatus(ctx, other, "key-1"), "CreateStatus with another account's key")
	id3 := ids.New()
	again := &agora.Status{ID: id3, AccountID: alice.ID, Text: "again", Visibility: agora.VisibilityPublic,
		CreatedAt: id3.Time(), Tags: []string{"k"}, Mentions: []agora.ID{bob.ID}}
	wantCode(t, s.CreateStatus(ctx, again, "key-1"), agora.ECONFLICT)

	// The failed create left nothing behind.
	_, err = s.Status(ctx, id3)
	wantCode(t, err, agora.ENOTFOUND)
	if got := f.reload(alice); got.StatusesCount != 1 {
		t.Errorf("StatusesCount = %d after a conflicting create, want 1", got.StatusesCount)
	}
	list, err := s.ListStatuses(ctx, agora.StatusQuery{Tag: "k"})
	mustOK(t, err, "ListStatuses")
	equal(t, "statuses tagged k", statusIDs(list), []agora.ID{st.ID})
}

func testStatusNotFound(t *testing.T, s agora.Store) {
	_, err := s.Status(t.Context(), ids.New())
	wantCode(t, err, agora.ENOTFOUND)
}

func testStatuses(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	a := f.status(alice, "a", func(s *agora.Status) { s.Tags, s.Mentions = []string{"x", "y"}, []agora.ID{bob.ID} })
	b := f.status(bob, "b", func(s *agora.Status) { s.Tags = []string{"y"} })
	f.status(bob, "c")
	got, err := s.Statuses(t.Context(), []agora.ID{b.ID, ids.New(), a.ID})
	mustOK(t, err, "Statuses")
	equal(t, "statuses", got, map[agora.ID]*agora.Status{a.ID: a, b.ID: b})
	got, err = s.Statuses(t.Context(), nil)
	mustOK(t, err, "Statuses(nil)")
	if len(got) != 0 {
		t.Errorf("Statuses(nil) = %v, want none", got)
	}
}

func testDeleteStatus(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	root := f.status(alice, "root")
	id := ids.New()
	reply := &agora.Status{ID: id, AccountID: bob.ID, Text: "@alice #gone", Visibility: agora.VisibilityPublic,
		CreatedAt: id.Time(), Tags: []string{"gone"}, Mentions: []agora.ID{alice.ID}}
	replyTo(root)(reply)
	mustOK(t, s.CreateStatus(ctx, reply, "key"), "CreateStatus")

	mustOK(t, s.DeleteStatus(ctx, reply.ID), "DeleteStatus")
	_, err := s.Status(ctx, reply.ID)
	wantCode(t, err, agora.ENOTFOUND)
	wantCode(t, s.DeleteStatus(ctx, reply.ID), agora.ENOTFOUND)
	if got := f.reloadStatus(root); got.RepliesCount != 0 {
		t.Errorf("root RepliesCount = %d after deleting the reply, want 0", got.RepliesCount)
	}
	if got := f.reload(bob); got.StatusesCount != 0 {
		t.Errorf("bob StatusesCount = %d after deleting his status, want 0", got.StatusesCount)
	}
	_, err = s.StatusByIdempotencyKey(ctx, bob.ID, "key", time.Time{})
	wantCode(t, err, agora.ENOTFOUND)
	for _, q := range []agora.StatusQuery{{Tag: "gone"}, {AccountID: bob.ID}} {
		list, err := s.ListStatuses(ctx, q)
		mustOK(t, err, "ListStatuses")
		equal(t, "statuses after delete", statusIDs(list), []agora.ID{})
	}
	home, err := s.HomeCandidates(ctx, alice.ID, 10, 0)
	mustOK(t, err, "HomeCandidates")
	equal(t, "alice's home after delete", statusIDs(home), []agora.ID{root.ID})

	// The key is free again.
	id2 := ids.New()
	again := &agora.Status{ID: id2, AccountID: bob.ID, Text: "again", Visibility: agora.VisibilityPublic, CreatedAt: id2.Time()}
	mustOK(t, s.CreateStatus(ctx, again, "key"), "CreateStatus with the deleted status's key")
}

func testDeleteBoost(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	orig := f.status(alice, "orig")
	boost := f.status(bob, "", boostOf(orig))
	mustOK(t, s.DeleteStatus(ctx, boost.ID), "DeleteStatus")
	if got := f.reloadStatus(orig); got.ReblogsCount != 0 {
		t.Errorf("ReblogsCount = %d after deleting the boost, want 0", got.ReblogsCount)
	}
	if got := f.reload(bob); got.StatusesCount != 0 {
		t.Errorf("bob: StatusesCount %d after deleting his boost, want 0", got.StatusesCount)
	}

	// Deleting the original deletes the boosts of it, each counted off its author.
	f.status(bob, "", boostOf(orig))
	f.status(carol, "", boostOf(orig))
	kept := f.status(carol, "kept")
	f.status(carol, "", boostOf(kept))
	mustOK(t, s.DeleteStatus(ctx, orig.ID), "DeleteStatus(original)")
	for _, tc := range []struct {
		a    *agora.Account
		want int
	}{{alice, 0}, {bob, 0}, {carol, 2}} {
		if got := f.reload(tc.a); got.StatusesCount != tc.want {
			t.Errorf("%s: StatusesCount %d, want %d", tc.a.Username, got.StatusesCount, tc.want)
		}
	}
	for _, a := range []*agora.Account{alice, bob} {
		list, err := s.ListStatuses(ctx, agora.StatusQuery{AccountID: a.ID})
		mustOK(t, err, "ListStatuses")
		equal(t, a.Username+"'s statuses", list, []*agora.Status{})
	}
	list, err := s.ListStatuses(ctx, agora.StatusQuery{AccountID: carol.ID})
	mustOK(t, err, "ListStatuses")
	if len(list) != 2 {
		t.Errorf("carol's statuses: %d, want 2 (her status and her boost of it)", len(list))
	}
}

func testCountStatuses(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	a := f.status(alice, "a")
	f.status(alice, "b", replyTo(a))
	f.status(alice, "", boostOf(a))
	n, err := s.CountStatuses(t.Context())
	mustOK(t, err, "CountStatuses")
	if n != 2 {
		t.Errorf("CountStatuses = %d, want 2 (boosts excluded)", n)
	}
}

// testBoostOnce checks that an account boosts a status at most once, even when two
// boosts race past the service's check: the second insert is ECONFLICT and the
// counters count one.
func testBoostOnce(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	orig := f.status(alice, "orig")
	f.status(bob, "", boostOf(orig))
	id := ids.New()
	second := &agora.Status{ID: id, AccountID: bob.ID, Visibility: agora.VisibilityPublic, ThreadID: id, CreatedAt: id.Time(), ReblogOfID: orig.ID}
	if err := s.CreateStatus(ctx, second, ""); agora.ErrorCode(err) != agora.ECONFLICT {
		t.Fatalf("second boost by the same account: %v, want ECONFLICT", err)
	}
	if got := f.reloadStatus(orig); got.ReblogsCount != 1 {
		t.Errorf("ReblogsCount = %d, want 1", got.ReblogsCount)
	}
	if got := f.reload(bob); got.StatusesCount != 1 {
		t.Errorf("bob: StatusesCount = %d, want 1", got.StatusesCount)
	}
	// Another account may boost it, and bob may boost it again once his boost is gone.
	f.status(alice, "", boostOf(orig))
}
