package storetest

import (
	"errors"
	"testing"

	"agora"
)

// idTakenTests check that a store tells a record that exists already from an ID
// that is taken (agora.ErrIDTaken): the service answers success for the first
// and retries with new IDs for the second.
var idTakenTests = []test{
	{"IDTaken/Follow", testIDTakenFollow},
	{"IDTaken/MarkNotification", testIDTakenMarkNotification},
}

func testIDTakenFollow(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	first := f.follow(alice, bob)

	again := ids.New()
	err := s.CreateFollow(t.Context(), &agora.Follow{ID: again, AccountID: alice.ID, TargetAccountID: bob.ID, CreatedAt: again.Time()})
	wantCode(t, err, agora.ECONFLICT)
	if errors.Is(err, agora.ErrIDTaken) {
		t.Errorf("a repeated follow with a new ID: %v has ErrIDTaken; want only ECONFLICT", err)
	}

	err = s.CreateFollow(t.Context(), &agora.Follow{ID: first.ID, AccountID: carol.ID, TargetAccountID: bob.ID, CreatedAt: first.CreatedAt})
	wantCode(t, err, agora.ECONFLICT)
	if !errors.Is(err, agora.ErrIDTaken) {
		t.Errorf("a new follow with a taken ID: %v; want ErrIDTaken in its chain", err)
	}
	if c := f.reload(carol); c.FollowingCount != 0 {
		t.Errorf("carol's following count after the refused follow: %d; want 0", c.FollowingCount)
	}
}

func testIDTakenMarkNotification(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	st := f.status(alice, "hello")
	id := ids.New()
	note := &agora.Notification{ID: ids.New(), AccountID: alice.ID, Type: agora.NotifyFavourite, FromAccountID: bob.ID, StatusID: st.ID, CreatedAt: id.Time()}
	mustOK(t, s.CreateMark(t.Context(), &agora.StatusMark{ID: id, Kind: agora.MarkFavourite, AccountID: bob.ID, StatusID: st.ID, CreatedAt: id.Time()}, note), "CreateMark")

	// carol's favourite comes with a notification whose ID bob's took.
	id2 := ids.New()
	taken := &agora.Notification{ID: note.ID, AccountID: alice.ID, Type: agora.NotifyFavourite, FromAccountID: carol.ID, StatusID: st.ID, CreatedAt: id2.Time()}
	err := s.CreateMark(t.Context(), &agora.StatusMark{ID: id2, Kind: agora.MarkFavourite, AccountID: carol.ID, StatusID: st.ID, CreatedAt: id2.Time()}, taken)
	wantCode(t, err, agora.ECONFLICT)
	if !errors.Is(err, agora.ErrIDTaken) {
		t.Errorf("a favourite whose notification's ID is taken: %v; want ErrIDTaken in its chain", err)
	}
	if got := f.reloadStatus(st).FavouritesCount; got != 1 {
		t.Errorf("favourites count after the refused favourite: %d; want 1 (nothing written)", got)
	}
}
