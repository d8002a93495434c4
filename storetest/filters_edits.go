package storetest

import (
	"fmt"
	"slices"
	"testing"

	"agora"
)

func ptr[T any](v T) *T { return &v }

// testFilterAccountKeywordLimit checks lim.AccountKeywords on every write that
// adds keywords (CreateFilter, AddFilterKeyword, UpdateFilter), each refused
// write leaving nothing, and that another account's keywords do not count.
func testFilterAccountKeywordLimit(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	lim := agora.FilterLimits{Filters: 10, Keywords: 3, AccountKeywords: 4}
	mustOK(t, s.CreateFilter(ctx, newFilter(bob, "bob's", "x", "y", "z"), lim), "bob's filter")

	f1 := newFilter(alice, "one", "a", "b", "c")
	mustOK(t, s.CreateFilter(ctx, f1, lim), "CreateFilter with 3")
	wantCode(t, s.CreateFilter(ctx, newFilter(alice, "two", "d", "e"), lim), agora.EUNPROCESSABLE)
	all, err := s.Filters(ctx, alice.ID)
	mustOK(t, err, "Filters")
	equal(t, "filters after the refused creation", len(all), 1)

	f2 := newFilter(alice, "two", "d")
	mustOK(t, s.CreateFilter(ctx, f2, lim), "CreateFilter to the limit")
	wantCode(t, s.AddFilterKeyword(ctx, &agora.FilterKeyword{ID: ids.New(), FilterID: f2.ID, Keyword: "e"}, lim), agora.EUNPROCESSABLE)
	wantCode(t, s.UpdateFilter(ctx, f2, []agora.FilterKeywordEdit{{ID: ids.New(), New: true, Keyword: ptr("e")}}, lim), agora.EUNPROCESSABLE)
	// A removal and an addition in one update leave the count as it was.
	mustOK(t, s.UpdateFilter(ctx, f2, []agora.FilterKeywordEdit{{ID: f2.Keywords[0].ID, Destroy: true}, {ID: ids.New(), New: true, Keyword: ptr("e")}}, lim), "swap a keyword")
	equal(t, "keywords after the swap", len(f2.Keywords), 1)
	// The filter's own limit, on update.
	wantCode(t, s.UpdateFilter(ctx, f1, []agora.FilterKeywordEdit{{ID: f2.Keywords[0].ID, Destroy: false, Keyword: ptr("x")}}, lim), agora.ENOTFOUND)
	mustOK(t, s.DeleteFilter(ctx, f2.ID), "DeleteFilter")
	wantCode(t, s.UpdateFilter(ctx, f1, []agora.FilterKeywordEdit{{ID: ids.New(), New: true, Keyword: ptr("d")}}, lim), agora.EUNPROCESSABLE)

	got, err := s.Filter(ctx, f1.ID)
	mustOK(t, err, "Filter")
	equal(t, "keywords of the first filter", len(got.Keywords), 3)
}

// testFilterConcurrentKeywordEdits has keywords added while the filter is
// updated (its keyword "a" changed each time): no added keyword is lost, and
// the limits hold when adds and updates race for the last places.
func testFilterConcurrentKeywordEdits(t *testing.T, s agora.Store) {
	const workers = 8
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	fl := newFilter(alice, "words", "a")
	mustOK(t, s.CreateFilter(ctx, fl, agora.DefaultFilterLimits), "CreateFilter")
	a := fl.Keywords[0].ID
	runAll(t, 2*workers, func(i int) error {
		if i%2 == 0 {
			return s.AddFilterKeyword(ctx, &agora.FilterKeyword{ID: ids.New(), FilterID: fl.ID, Keyword: fmt.Sprint("added", i)}, agora.DefaultFilterLimits)
		}
		upd := *fl
		return s.UpdateFilter(ctx, &upd, []agora.FilterKeywordEdit{{ID: a, Keyword: ptr(fmt.Sprint("a", i))}}, agora.DefaultFilterLimits)
	})
	got, err := s.Filter(ctx, fl.ID)
	mustOK(t, err, "Filter")
	var words []string
	for _, k := range got.Keywords {
		words = append(words, k.Keyword)
	}
	equal(t, "keywords after the race", len(words), 1+workers)
	for i := 0; i < 2*workers; i += 2 {
		if !slices.Contains(words, fmt.Sprint("added", i)) {
			t.Errorf("keyword added%d lost: %v", i, words)
		}
	}

	// The last places: the filter may hold 3 keywords, the account 4; adds
	// and updates that add race for them, and the counts hold.
	lim := agora.FilterLimits{Filters: 10, Keywords: 3, AccountKeywords: 4}
	other := f.account("other")
	f1, f2 := newFilter(other, "one", "k"), newFilter(other, "two", "k")
	mustOK(t, s.CreateFilter(ctx, f1, lim), "CreateFilter one")
	mustOK(t, s.CreateFilter(ctx, f2, lim), "CreateFilter two")
	runAll(t, 2*workers, func(i int) error {
		target := []*agora.Filter{f1, f2}[i%2]
		var err error
		if i%4 < 2 {
			err = s.AddFilterKeyword(ctx, &agora.FilterKeyword{ID: ids.New(), FilterID: target.ID, Keyword: fmt.Sprint("w", i)}, lim)
		} else {
			upd := *target
			err = s.UpdateFilter(ctx, &upd, []agora.FilterKeywordEdit{{ID: ids.New(), New: true, Keyword: ptr(fmt.Sprint("w", i))}}, lim)
		}
		return allow(err, agora.EUNPROCESSABLE)
	})
	total := 0
	for _, fl := range []*agora.Filter{f1, f2} {
		got, err := s.Filter(ctx, fl.ID)
		mustOK(t, err, "Filter")
		if len(got.Keywords) > lim.Keywords {
			t.Errorf("filter %s has %d keywords, limit %d", fl.Title, len(got.Keywords), lim.Keywords)
		}
		total += len(got.Keywords)
	}
	equal(t, "the account's keywords after the race", total, lim.AccountKeywords)
}

// testFilterConcurrentDeleteAndEdits deletes filters while their keywords are
// updated and added to: each write either happens whole or finds the filter
// gone (ENOTFOUND); none fails otherwise (a deadlock, say).
func testFilterConcurrentDeleteAndEdits(t *testing.T, s agora.Store) {
	const filters = 6
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	var fs []*agora.Filter
	for i := range filters {
		fl := newFilter(alice, name(i), "a", "b", "c")
		mustOK(t, s.CreateFilter(ctx, fl, agora.DefaultFilterLimits), "CreateFilter")
		fs = append(fs, fl)
	}
	runAll(t, 3*filters, func(i int) error {
		fl := fs[i/3]
		switch i % 3 {
		case 0:
			return allow(s.DeleteFilter(ctx, fl.ID), agora.ENOTFOUND)
		case 1:
			upd := *fl
			return allow(s.UpdateFilter(ctx, &upd, []agora.FilterKeywordEdit{
				{ID: fl.Keywords[0].ID, Keyword: ptr("x")}, {ID: fl.Keywords[1].ID, Destroy: true}, {ID: ids.New(), New: true, Keyword: ptr("y")},
			}, agora.DefaultFilterLimits), agora.ENOTFOUND)
		default:
			return allow(s.AddFilterKeyword(ctx, &agora.FilterKeyword{ID: ids.New(), FilterID: fl.ID, Keyword: "z"}, agora.DefaultFilterLimits), agora.ENOTFOUND)
		}
	})
	all, err := s.Filters(ctx, alice.ID)
	mustOK(t, err, "Filters")
	equal(t, "filters left", len(all), 0)
}
