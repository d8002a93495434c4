package storetest

import (
	"testing"
	"time"

	"agora"
)

// testDeleteCascade checks that deleting a status deletes, with it and with its
// boosts, their marks, notifications, tags, and full-text entry, and that what
// concerns other statuses stays.
func testDeleteCascade(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	orig := f.status(alice, "cascading words", tagged("cascade"), at(day.Add(time.Hour)))
	kept := f.status(alice, "kept words", tagged("cascade"), at(day.Add(2*time.Hour)))
	boost := f.status(bob, "", boostOf(orig))
	keptBoost := f.status(bob, "", boostOf(kept))
	for _, st := range []*agora.Status{orig, boost, kept, keptBoost} {
		f.mark(agora.MarkFavourite, carol, st)
		f.mark(agora.MarkBookmark, carol, st)
	}
	f.mark(agora.MarkPin, alice, orig)
	f.mark(agora.MarkPin, bob, boost)
	f.notify(agora.NotifyFavourite, alice, carol, orig)
	f.notify(agora.NotifyReblog, alice, bob, orig)
	f.notify(agora.NotifyFavourite, bob, carol, boost)
	keptNote := f.notify(agora.NotifyFavourite, alice, carol, kept)
	follow := f.notify(agora.NotifyFollow, alice, carol, nil)

	mustOK(t, s.DeleteStatus(ctx, orig.ID), "DeleteStatus")

	for _, id := range []agora.ID{orig.ID, boost.ID} {
		_, err := s.Status(ctx, id)
		wantCode(t, err, agora.ENOTFOUND)
	}
	for _, tc := range []struct {
		kind agora.MarkKind
		a    *agora.Account
		want int
	}{
		{agora.MarkFavourite, carol, 2}, {agora.MarkBookmark, carol, 2},
		{agora.MarkPin, alice, 0}, {agora.MarkPin, bob, 0},
	} {
		n, err := s.CountMarks(ctx, tc.kind, tc.a.ID)
		mustOK(t, err, "CountMarks")
		if n != tc.want {
			t.Errorf("%s's %ss: %d, want %d", tc.a.Username, tc.kind, n, tc.want)
		}
	}
	flags, err := s.ViewerFlags(ctx, carol.ID, []agora.ID{kept.ID, keptBoost.ID})
	mustOK(t, err, "ViewerFlags")
	equal(t, "carol's flags on what is kept", flags, map[agora.ID]agora.ViewerFlags{
		kept.ID: {Favourited: true, Bookmarked: true}, keptBoost.ID: {Favourited: true, Bookmarked: true}})
	if got := f.reloadStatus(kept); got.FavouritesCount != 1 || got.ReblogsCount != 1 {
		t.Errorf("kept: FavouritesCount %d, ReblogsCount %d; want 1, 1", got.FavouritesCount, got.ReblogsCount)
	}

	notes, err := s.Notifications(ctx, alice.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "alice's notifications", notes, []*agora.Notification{follow, keptNote})
	notes, err = s.Notifications(ctx, bob.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "bob's notifications", notes, []*agora.Notification{})

	if got := f.reload(bob); got.StatusesCount != 1 {
		t.Errorf("bob: StatusesCount %d, want 1 (the boost of kept)", got.StatusesCount)
	}
	found, err := s.SearchStatuses(ctx, agora.StatusSearch{Text: "words"})
	mustOK(t, err, "SearchStatuses")
	equal(t, "found", statusIDs(found), []agora.ID{kept.ID})
	history, err := s.TagHistory(ctx, "cascade", day, day.AddDate(0, 0, 1), agora.Uncounted{})
	mustOK(t, err, "TagHistory")
	equal(t, "history", history, []agora.TagUse{{Day: day, Uses: 1, Accounts: 1}})
}
