package storetest

import (
	"testing"

	"agora"
)

var markTests = []test{
	{"CreateMark", testCreateMark},
	{"CreateMark/Errors", testMarkErrors},
	{"DeleteMark", testDeleteMark},
	{"Marks/Paging", testMarksPaging},
	{"ViewerFlags", testViewerFlags},
	{"Reblogs", testReblogs},
}

// mark makes account mark the status with kind.
func (f *fixture) mark(kind agora.MarkKind, a *agora.Account, st *agora.Status) *agora.StatusMark {
	f.t.Helper()
	id := ids.New()
	m := &agora.StatusMark{ID: id, Kind: kind, AccountID: a.ID, StatusID: st.ID, CreatedAt: id.Time()}
	if err := f.s.CreateMark(f.ctx, m); err != nil {
		f.t.Fatalf("CreateMark(%s, %s, %d): %v", kind, a.Username, st.ID, err)
	}
	return m
}

func testCreateMark(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	st := f.status(bob, "markable")
	fav := f.mark(agora.MarkFavourite, alice, st)
	bm := f.mark(agora.MarkBookmark, alice, st)
	pin := f.mark(agora.MarkPin, bob, st)
	f.mark(agora.MarkFavourite, bob, st)

	if got := f.reloadStatus(st); got.FavouritesCount != 2 {
		t.Errorf("FavouritesCount = %d, want 2 (bookmarks and pins do not count)", got.FavouritesCount)
	}
	for _, tc := range []struct {
		kind    agora.MarkKind
		account *agora.Account
		want    []*agora.StatusMark
	}{
		{agora.MarkFavourite, alice, []*agora.StatusMark{fav}},
		{agora.MarkBookmark, alice, []*agora.StatusMark{bm}},
		{agora.MarkPin, alice, nil},
		{agora.MarkPin, bob, []*agora.StatusMark{pin}},
	} {
		got, err := s.MarksByAccount(ctx, tc.kind, tc.account.ID, agora.Page{})
		mustOK(t, err, "MarksByAccount")
		equal(t, string(tc.kind)+"s of "+tc.account.Username, got, tc.want)
		n, err := s.CountMarks(ctx, tc.kind, tc.account.ID)
		mustOK(t, err, "CountMarks")
		if n != len(tc.want) {
			t.Errorf("CountMarks(%s, %s) = %d, want %d", tc.kind, tc.account.Username, n, len(tc.want))
		}
	}
	got, err := s.MarksOnStatus(ctx, agora.MarkBookmark, st.ID, agora.Page{})
	mustOK(t, err, "MarksOnStatus")
	equal(t, "bookmarks on the status", got, []*agora.StatusMark{bm})
}

func testMarkErrors(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	st := f.status(alice, "once")
	f.mark(agora.MarkFavourite, alice, st)
	f.mark(agora.MarkBookmark, alice, st)
	for _, kind := range []agora.MarkKind{agora.MarkFavourite, agora.MarkBookmark} {
		mark := func(account, status agora.ID) error {
			id := ids.New()
			return s.CreateMark(ctx, &agora.StatusMark{ID: id, Kind: kind, AccountID: account,
				StatusID: status, CreatedAt: id.Time()})
		}
		wantCode(t, mark(alice.ID, st.ID), agora.ECONFLICT)
		wantCode(t, mark(alice.ID, ids.New()), agora.ENOTFOUND)
		wantCode(t, mark(ids.New(), st.ID), agora.ENOTFOUND)
	}
	if got := f.reloadStatus(st); got.FavouritesCount != 1 {
		t.Errorf("FavouritesCount = %d after failed favourites, want 1", got.FavouritesCount)
	}
}

func testDeleteMark(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	st := f.status(alice, "x")
	f.mark(agora.MarkFavourite, alice, st)
	f.mark(agora.MarkFavourite, bob, st)
	f.mark(agora.MarkBookmark, bob, st)

	mustOK(t, s.DeleteMark(ctx, agora.MarkFavourite, bob.ID, st.ID), "DeleteMark")
	if got := f.reloadStatus(st); got.FavouritesCount != 1 {
		t.Errorf("FavouritesCount = %d after an unfavourite, want 1", got.FavouritesCount)
	}
	wantCode(t, s.DeleteMark(ctx, agora.MarkFavourite, bob.ID, st.ID), agora.ENOTFOUND)
	wantCode(t, s.DeleteMark(ctx, agora.MarkPin, bob.ID, st.ID), agora.ENOTFOUND)
	if got := f.reloadStatus(st); got.FavouritesCount != 1 {
		t.Errorf("FavouritesCount = %d after failed unfavourites, want 1", got.FavouritesCount)
	}
	mustOK(t, s.DeleteMark(ctx, agora.MarkBookmark, bob.ID, st.ID), "DeleteMark(bookmark)")
	if got := f.reloadStatus(st); got.FavouritesCount != 1 {
		t.Errorf("FavouritesCount = %d after removing a bookmark, want 1", got.FavouritesCount)
	}
	f.mark(agora.MarkFavourite, bob, st) // favouriting again works
	if got := f.reloadStatus(st); got.FavouritesCount != 2 {
		t.Errorf("FavouritesCount = %d after favouriting again, want 2", got.FavouritesCount)
	}
}

func testMarksPaging(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	fan, star := f.account("fan"), f.account("star")
	popular := f.status(star, "popular")
	var byFan, onPopular []*agora.StatusMark // oldest first
	for i := range 8 {
		byFan = append(byFan, f.mark(agora.MarkFavourite, fan, f.status(star, name(i))))
		onPopular = append(onPopular, f.mark(agora.MarkFavourite, f.account(name(i)), popular))
	}
	f.mark(agora.MarkBookmark, fan, popular) // in neither list
	for _, tc := range pageCases(func(i int) agora.ID { return byFan[i].ID }) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.MarksByAccount(t.Context(), agora.MarkFavourite, fan.ID, tc.page)
			mustOK(t, err, "MarksByAccount")
			equal(t, "favourites by fan", got, pick(byFan, tc.want))
		})
	}
	for _, tc := range pageCases(func(i int) agora.ID { return onPopular[i].ID }) {
		t.Run("on status/"+tc.name, func(t *testing.T) {
			got, err := s.MarksOnStatus(t.Context(), agora.MarkFavourite, popular.ID, tc.page)
			mustOK(t, err, "MarksOnStatus")
			equal(t, "favourites of popular", got, pick(onPopular, tc.want))
		})
	}
}

// pageCase is a page of a list of 8 items, made oldest first, and the indexes of the
// items it holds, in the order expected.
type pageCase struct {
	name string
	page agora.Page
	want []int
}

// pageCases returns the paging cases every list paged by ID must pass; id(i) is
// the ID of the i-th item of 8, oldest first.
func pageCases(id func(int) agora.ID) []pageCase {
	return []pageCase{
		{"default", agora.Page{}, []int{7, 6, 5, 4, 3, 2, 1, 0}},
		{"limit", agora.Page{Limit: 3}, []int{7, 6, 5}},
		{"max_id", agora.Page{MaxID: id(3)}, []int{2, 1, 0}},
		{"since_id", agora.Page{SinceID: id(3), Limit: 2}, []int{7, 6}},
		{"min_id", agora.Page{MinID: id(3), Limit: 2}, []int{5, 4}},
		{"min_id and max_id", agora.Page{MinID: id(1), MaxID: id(4)}, []int{3, 2}},
		{"min_id at the newest", agora.Page{MinID: id(7)}, nil},
	}
}

// pick returns the items of all at the indexes, in that order.
func pick[T any](all []T, idx []int) []T {
	out := []T{}
	for _, i := range idx {
		out = append(out, all[i])
	}
	return out
}

func testViewerFlags(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me, other := f.account("me"), f.account("other")
	faved, boosted, pinned, untouched := f.status(other, "a"), f.status(other, "b"), f.status(me, "c"), f.status(other, "d")
	f.mark(agora.MarkFavourite, me, faved)
	f.mark(agora.MarkBookmark, me, faved)
	f.status(me, "", boostOf(boosted))
	f.mark(agora.MarkPin, me, pinned)
	f.mark(agora.MarkFavourite, other, untouched) // by someone else
	f.mark(agora.MarkPin, other, untouched)
	f.status(other, "", boostOf(untouched))
	unknown := ids.New()

	got, err := s.ViewerFlags(t.Context(), me.ID, []agora.ID{faved.ID, boosted.ID, pinned.ID, untouched.ID, unknown})
	mustOK(t, err, "ViewerFlags")
	equal(t, "flags", got, map[agora.ID]agora.ViewerFlags{
		faved.ID:     {Favourited: true, Bookmarked: true},
		boosted.ID:   {Reblogged: true},
		pinned.ID:    {Pinned: true},
		untouched.ID: {},
		unknown:      {},
	})
	got, err = s.ViewerFlags(t.Context(), me.ID, nil)
	mustOK(t, err, "ViewerFlags(nil)")
	if len(got) != 0 {
		t.Errorf("ViewerFlags(nil) = %v, want none", got)
	}

	// All of them: three marks and one boost on three statuses.
	all, complete, err := s.AllViewerFlags(t.Context(), me.ID, 4)
	mustOK(t, err, "AllViewerFlags")
	if !complete {
		t.Fatal("AllViewerFlags(limit 4) of 4 marks and boosts: not complete")
	}
	equal(t, "all flags", all, map[agora.ID]agora.ViewerFlags{
		faved.ID:   {Favourited: true, Bookmarked: true},
		boosted.ID: {Reblogged: true},
		pinned.ID:  {Pinned: true},
	})
	all, complete, err = s.AllViewerFlags(t.Context(), me.ID, 3)
	mustOK(t, err, "AllViewerFlags over the limit")
	if complete || all != nil {
		t.Errorf("AllViewerFlags(limit 3) of 4 = %v, %v; want nil, false", all, complete)
	}
	all, complete, err = s.AllViewerFlags(t.Context(), ids.New(), 4)
	mustOK(t, err, "AllViewerFlags of nobody")
	if !complete || len(all) != 0 {
		t.Errorf("AllViewerFlags of an account with none = %v, %v; want empty, true", all, complete)
	}
}

func testReblogs(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	star, fan := f.account("star"), f.account("fan")
	orig := f.status(star, "orig")
	other := f.status(star, "other")
	var boosts []*agora.Status // oldest first
	for i := range 8 {
		boosts = append(boosts, f.status(f.account(name(i)), "", boostOf(orig)))
	}
	fans := f.status(fan, "", boostOf(other))

	got, err := s.ReblogBy(ctx, fan.ID, other.ID)
	mustOK(t, err, "ReblogBy")
	equal(t, "fan's boost", got, fans)
	_, err = s.ReblogBy(ctx, fan.ID, orig.ID)
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.ReblogBy(ctx, star.ID, 0)
	wantCode(t, err, agora.ENOTFOUND)

	for _, tc := range pageCases(func(i int) agora.ID { return boosts[i].ID }) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Reblogs(t.Context(), orig.ID, tc.page)
			mustOK(t, err, "Reblogs")
			equal(t, "boosts", statusIDs(got), statusIDs(pick(boosts, tc.want)))
		})
	}
	list, err := s.Reblogs(ctx, fans.ID, agora.Page{})
	mustOK(t, err, "Reblogs of a boost")
	equal(t, "boosts of a boost", list, []*agora.Status{})
}
