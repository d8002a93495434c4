package storetest

import (
	"testing"
	"time"

	"agora"
)

// testApplyDecisionsDelete checks that deleting statuses in a batch cascades as
// DeleteStatus does.
func testApplyDecisionsDelete(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	orig := f.status(alice, "cascading words", tagged("cascade"), at(day.Add(time.Hour)))
	kept := f.status(alice, "kept words", tagged("cascade"), at(day.Add(2*time.Hour)))
	reply := f.status(bob, "replying words", replyTo(kept))
	other := f.status(carol, "other words", replyTo(orig))
	boost := f.status(bob, "", boostOf(orig))
	keptBoost := f.status(carol, "", boostOf(kept))
	keptBoost2 := f.status(bob, "", boostOf(kept))
	for _, st := range []*agora.Status{orig, boost, kept, keptBoost, reply} {
		f.mark(agora.MarkFavourite, carol, st)
		f.mark(agora.MarkBookmark, carol, st)
	}
	f.mark(agora.MarkPin, alice, orig)
	f.mark(agora.MarkPin, bob, boost)
	f.notify(agora.NotifyFavourite, alice, carol, orig)
	f.notify(agora.NotifyReblog, alice, bob, orig)
	f.notify(agora.NotifyFavourite, bob, carol, reply)
	keptNote := f.notify(agora.NotifyFavourite, alice, carol, kept)
	follow := f.notify(agora.NotifyFollow, alice, carol, nil)
	o := f.order(newOrder(), []*agora.Target{newTarget(func(t *agora.Target) { t.SubjectID = orig.ID })})
	if got := f.reloadStatus(kept); got.RepliesCount != 1 || got.ReblogsCount != 2 {
		t.Fatalf("kept before: RepliesCount %d, ReblogsCount %d", got.RepliesCount, got.ReblogsCount)
	}

	// The original (with its boost), a reply to kept, a boost of kept, and a
	// status that does not exist.
	warning := &agora.AccountWarning{ID: ids.New(), AccountID: alice.ID, Action: "delete_statuses",
		StatusIDs: []agora.ID{orig.ID}, OrderID: o.ID, CreatedAt: legalTime(1)}
	note := warningNote(warning)
	note.StatusID = orig.ID // about a status deleted in the same batch: kept
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: o.ID,
		DeleteStatuses: []agora.ID{orig.ID, reply.ID, keptBoost.ID, ids.New()},
		Warnings:       []*agora.AccountWarning{warning}, Notifications: []*agora.Notification{note}})
	mustOK(t, err, "ApplyDecisions")

	for _, id := range []agora.ID{orig.ID, boost.ID, reply.ID, keptBoost.ID} {
		_, err := s.Status(ctx, id)
		wantCode(t, err, agora.ENOTFOUND)
	}
	if got := f.reloadStatus(kept); got.RepliesCount != 0 || got.ReblogsCount != 1 || got.FavouritesCount != 1 {
		t.Errorf("kept: RepliesCount %d, ReblogsCount %d, FavouritesCount %d; want 0, 1, 1",
			got.RepliesCount, got.ReblogsCount, got.FavouritesCount)
	}
	f.reloadStatus(other)
	f.reloadStatus(keptBoost2)
	for _, tc := range []struct {
		a        *agora.Account
		statuses int
	}{{alice, 1}, {bob, 1}, {carol, 1}} {
		if got := f.reload(tc.a); got.StatusesCount != tc.statuses {
			t.Errorf("%s: StatusesCount %d, want %d", tc.a.Username, got.StatusesCount, tc.statuses)
		}
	}
	for _, tc := range []struct {
		kind agora.MarkKind
		a    *agora.Account
		want int
	}{
		{agora.MarkFavourite, carol, 1}, {agora.MarkBookmark, carol, 1},
		{agora.MarkPin, alice, 0}, {agora.MarkPin, bob, 0},
	} {
		n, err := s.CountMarks(ctx, tc.kind, tc.a.ID)
		mustOK(t, err, "CountMarks")
		if n != tc.want {
			t.Errorf("%s's %ss: %d, want %d", tc.a.Username, tc.kind, n, tc.want)
		}
	}
	notes, err := s.Notifications(ctx, alice.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "alice's notifications", notes, []*agora.Notification{note, follow, keptNote})
	notes, err = s.Notifications(ctx, bob.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "bob's notifications", notes, []*agora.Notification{})
	found, err := s.SearchStatuses(ctx, agora.StatusSearch{Text: "words"})
	mustOK(t, err, "SearchStatuses")
	equal(t, "found", statusIDs(found), []agora.ID{other.ID, kept.ID})
	history, err := s.TagHistory(ctx, "cascade", day, day.AddDate(0, 0, 1), agora.Uncounted{})
	mustOK(t, err, "TagHistory")
	equal(t, "history", history, []agora.TagUse{{Day: day, Uses: 1, Accounts: 1}})
}

func testApplyDecisionsSuspend(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	tokens := []*agora.Token{
		{ID: ids.New(), Hash: "alice-1", AccountID: alice.ID, Scopes: agora.Scopes{"read"}, CreatedAt: legalTime(0)},
		{ID: ids.New(), Hash: "alice-2", AccountID: alice.ID, Scopes: agora.Scopes{"read"}, CreatedAt: legalTime(0),
			RevokedAt: legalTime(1)},
		{ID: ids.New(), Hash: "bob-1", AccountID: bob.ID, Scopes: agora.Scopes{"read"}, CreatedAt: legalTime(0)},
	}
	for _, tok := range tokens {
		mustOK(t, s.CreateToken(ctx, tok), "CreateToken")
	}
	o := f.order(newOrder(), nil)
	at := legalTime(2)
	b := &agora.DecisionBatch{OrderID: o.ID, SuspendAccounts: []agora.ID{alice.ID, ids.New()}, SuspendedAt: at}
	_, err := s.ApplyDecisions(ctx, b)
	mustOK(t, err, "ApplyDecisions (suspend)")
	if b.SuspendedAt != ms(at) {
		t.Errorf("SuspendedAt not normalized in place: %v", b.SuspendedAt)
	}
	for _, read := range []func() (*agora.Account, error){
		func() (*agora.Account, error) { return s.Account(ctx, alice.ID) },
		func() (*agora.Account, error) { return s.AccountByUsername(ctx, "alice") },
		func() (*agora.Account, error) { return s.AccountByEmail(ctx, "alice@example.org") },
		func() (*agora.Account, error) {
			m, err := s.Accounts(ctx, []agora.ID{alice.ID})
			return m[alice.ID], err
		},
	} {
		got, err := read()
		mustOK(t, err, "read alice")
		if got.SuspendedAt != ms(at) {
			t.Errorf("alice's SuspendedAt = %v, want %v", got.SuspendedAt, ms(at))
		}
	}
	if got := f.reload(bob); !got.SuspendedAt.IsZero() {
		t.Errorf("bob suspended at %v", got.SuspendedAt)
	}
	for _, tc := range []struct {
		hash    string
		revoked time.Time
	}{{"alice-1", ms(at)}, {"alice-2", ms(legalTime(1))}, {"bob-1", time.Time{}}} {
		tok, err := s.TokenByHash(ctx, tc.hash)
		mustOK(t, err, "TokenByHash")
		if tok.RevokedAt != tc.revoked {
			t.Errorf("token %s revoked at %v, want %v", tc.hash, tok.RevokedAt, tc.revoked)
		}
	}

	// Suspended again, alice keeps the first time.
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{SuspendAccounts: []agora.ID{alice.ID}, SuspendedAt: legalTime(3)})
	mustOK(t, err, "ApplyDecisions (suspend again)")
	if got := f.reload(alice); got.SuspendedAt != ms(at) {
		t.Errorf("alice's SuspendedAt after a second suspension = %v, want %v", got.SuspendedAt, ms(at))
	}
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{UnsuspendAccounts: []agora.ID{alice.ID, bob.ID}})
	mustOK(t, err, "ApplyDecisions (unsuspend)")
	if got := f.reload(alice); !got.SuspendedAt.IsZero() {
		t.Errorf("alice still suspended at %v", got.SuspendedAt)
	}
	if tok, _ := s.TokenByHash(ctx, "alice-1"); tok == nil || tok.RevokedAt != ms(at) {
		t.Errorf("alice's token after unsuspension: %+v, want still revoked", tok)
	}
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{SuspendAccounts: []agora.ID{bob.ID}})
	wantCode(t, err, agora.EINVALID)
}

func testReleaseWarnings(t *testing.T, s agora.Store) {
	sc := newScene(t, s)
	ctx := t.Context()
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	due := sc.warning(sc.alice, sc.t[0], base)                          // due at base
	later := sc.warning(sc.bob, sc.t[1], base.Add(2*time.Hour))         // due later
	atOnce := sc.warning(sc.bob, sc.t[0], time.Time{})                  // due at once, not notified
	silent := sc.warning(sc.alice, sc.t[1], base.Add(-time.Hour))       // due; notify makes nothing
	done := sc.warning(sc.alice, sc.t[2], base.Add(-2*time.Hour))       // notified already
	future := sc.warning(sc.alice, sc.t[2], base.Add(time.Millisecond)) // due just after base
	done.NotifiedAt = base.Add(-90 * time.Minute)
	all := []*agora.AccountWarning{due, later, atOnce, silent, done, future}
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Warnings: all})
	mustOK(t, err, "ApplyDecisions")

	var notes []*agora.Notification
	notify := func(w *agora.AccountWarning) *agora.Notification {
		if w.ID == silent.ID {
			return nil
		}
		n := warningNote(w)
		n.CreatedAt = w.NotifiedAt
		notes = append(notes, n)
		return n
	}
	n, err := s.ReleaseWarnings(ctx, base, notify)
	mustOK(t, err, "ReleaseWarnings")
	if n != 3 {
		t.Errorf("released %d warnings, want 3", n)
	}
	for _, w := range []*agora.AccountWarning{due, atOnce, silent} {
		w.NotifiedAt = base
	}
	for _, w := range all {
		got, err := s.AccountWarning(ctx, w.ID)
		mustOK(t, err, "AccountWarning")
		equal(t, "warning", got, w)
	}
	var wids []agora.ID
	for _, n := range notes {
		wids = append(wids, n.WarningID)
	}
	equal(t, "notified warnings", wids, []agora.ID{due.ID, atOnce.ID})
	got, err := s.Notifications(ctx, sc.alice.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "alice's notifications", got, notes[:1])
	got, err = s.Notifications(ctx, sc.bob.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "bob's notifications", got, notes[1:])

	n, err = s.ReleaseWarnings(ctx, base, notify)
	mustOK(t, err, "ReleaseWarnings again")
	if n != 0 || len(notes) != 2 {
		t.Errorf("released %d warnings again (%d notifications), want 0", n, len(notes)-2)
	}
	n, err = s.ReleaseWarnings(ctx, base.Add(3*time.Hour), notify)
	mustOK(t, err, "ReleaseWarnings later")
	if n != 2 {
		t.Errorf("released %d warnings later, want 2", n)
	}
	_, err = s.ReleaseWarnings(ctx, time.Time{}, notify)
	wantCode(t, err, agora.EINVALID)
}
