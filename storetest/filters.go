package storetest

import (
	"testing"
	"time"

	"agora"
)

var filterTests = []test{
	{"Filters/CreateReadUpdateDelete", testFiltersCRUD},
	{"Filters/Limits", testFiltersLimits},
	{"Filters/AccountKeywordLimit", testFilterAccountKeywordLimit},
	{"Filters/ConcurrentKeywordEdits", testFilterConcurrentKeywordEdits},
	{"Filters/StatusesGone", testFilterStatusesGone},
	{"Filters/ConcurrentDeleteAndEdits", testFilterConcurrentDeleteAndEdits},
	{"Filters/KeywordsAndStatuses", testFilterKeywordsAndStatuses},
}

// filter makes an unsaved warn filter of owner in the home context with the
// keywords given.
func newFilter(owner *agora.Account, title string, keywords ...string) *agora.Filter {
	id := ids.New()
	f := &agora.Filter{ID: id, AccountID: owner.ID, Title: title, Context: []agora.FilterContext{agora.FilterHome, agora.FilterThread},
		Action: agora.FilterWarn, CreatedAt: id.Time(), Keywords: []*agora.FilterKeyword{}, Statuses: []*agora.FilterStatus{}}
	for _, k := range keywords {
		f.Keywords = append(f.Keywords, &agora.FilterKeyword{ID: ids.New(), FilterID: id, Keyword: k, WholeWord: true})
	}
	return f
}

func testFiltersCRUD(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	none, err := s.Filters(t.Context(), alice.ID)
	mustOK(t, err, "Filters(none)")
	equal(t, "no filters", len(none), 0)

	a1 := newFilter(alice, "cats", "cat", "kitten")
	a1.ExpiresAt = time.Now().Add(time.Hour)
	st := f.status(bob, "a post")
	a1.Statuses = []*agora.FilterStatus{{ID: ids.New(), FilterID: a1.ID, StatusID: st.ID}}
	mustOK(t, s.CreateFilter(t.Context(), a1, agora.DefaultFilterLimits), "CreateFilter")
	a2 := newFilter(alice, "dogs")
	a2.Action, a2.Context = agora.FilterHide, []agora.FilterContext{agora.FilterPublic}
	mustOK(t, s.CreateFilter(t.Context(), a2, agora.DefaultFilterLimits), "CreateFilter 2")
	b1 := newFilter(bob, "bob's", "x")
	mustOK(t, s.CreateFilter(t.Context(), b1, agora.DefaultFilterLimits), "CreateFilter bob")

	got, err := s.Filter(t.Context(), a1.ID)
	mustOK(t, err, "Filter")
	equal(t, "Filter", got, a1)
	all, err := s.Filters(t.Context(), alice.ID)
	mustOK(t, err, "Filters")
	equal(t, "Filters(alice)", all, []*agora.Filter{a1, a2})

	// Update: a new title and context, one keyword changed, one removed, one added.
	a1.Title, a1.Context, a1.Action, a1.ExpiresAt = "felines", []agora.FilterContext{agora.FilterAccount}, agora.FilterBlur, time.Time{}
	purr := &agora.FilterKeyword{ID: ids.New(), FilterID: a1.ID, Keyword: "purr", WholeWord: true}
	edits := []agora.FilterKeywordEdit{
		{ID: a1.Keywords[0].ID, Keyword: ptr("cats"), WholeWord: ptr(false)},
		{ID: a1.Keywords[1].ID, Destroy: true},
		{ID: purr.ID, New: true, Keyword: ptr("purr")},
	}
	a1.Keywords[0].Keyword, a1.Keywords[0].WholeWord = "cats", false
	want := []*agora.FilterKeyword{a1.Keywords[0], purr}
	a1.Keywords = nil // not read: UpdateFilter sets it
	mustOK(t, s.UpdateFilter(t.Context(), a1, edits, agora.DefaultFilterLimits), "UpdateFilter")
	equal(t, "keywords UpdateFilter set", a1.Keywords, want)
	got, err = s.Filter(t.Context(), a1.ID)
	mustOK(t, err, "Filter after update")
	equal(t, "updated filter", got, a1)
	wantCode(t, s.UpdateFilter(t.Context(), newFilter(alice, "missing"), nil, agora.DefaultFilterLimits), agora.ENOTFOUND)
	// An edit naming a keyword of another filter, or one removed by an
	// earlier edit, is ENOTFOUND, and nothing of the update is written.
	a1.Title = "not written"
	wantCode(t, s.UpdateFilter(t.Context(), a1, []agora.FilterKeywordEdit{{ID: b1.Keywords[0].ID, Keyword: ptr("mine")}}, agora.DefaultFilterLimits), agora.ENOTFOUND)
	wantCode(t, s.UpdateFilter(t.Context(), a1, []agora.FilterKeywordEdit{
		{ID: ids.New(), New: true, Keyword: ptr("new")}, {ID: purr.ID, Destroy: true}, {ID: purr.ID, WholeWord: ptr(false)},
	}, agora.DefaultFilterLimits), agora.ENOTFOUND)
	a1.Title = "felines"
	got, err = s.Filter(t.Context(), a1.ID)
	mustOK(t, err, "Filter after refused updates")
	equal(t, "filter after refused updates", got, a1)
	gotB, err := s.Filter(t.Context(), b1.ID)
	mustOK(t, err, "bob's filter")
	equal(t, "bob's filter untouched", gotB, b1)

	mustOK(t, s.DeleteFilter(t.Context(), a1.ID), "DeleteFilter")
	_, err = s.Filter(t.Context(), a1.ID)
	wantCode(t, err, agora.ENOTFOUND)
	wantCode(t, s.DeleteFilter(t.Context(), a1.ID), agora.ENOTFOUND)
	_, err = s.FilterKeyword(t.Context(), got.Keywords[0].ID)
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.FilterStatus(t.Context(), got.Statuses[0].ID)
	wantCode(t, err, agora.ENOTFOUND)
	all, err = s.Filters(t.Context(), alice.ID)
	mustOK(t, err, "Filters after delete")
	equal(t, "Filters(alice) after delete", all, []*agora.Filter{a2})
	all, err = s.Filters(t.Context(), bob.ID)
	mustOK(t, err, "Filters(bob)")
	equal(t, "Filters(bob)", all, []*agora.Filter{b1})
}

func testFiltersLimits(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	for i := range 2 {
		mustOK(t, s.CreateFilter(t.Context(), newFilter(alice, name(i), "k"), agora.FilterLimits{Filters: 2, Keywords: 1, AccountKeywords: 2}), "CreateFilter")
	}
	wantCode(t, s.CreateFilter(t.Context(), newFilter(alice, "third", "k"), agora.FilterLimits{Filters: 2, Keywords: 1, AccountKeywords: 3}), agora.EUNPROCESSABLE)
	all, err := s.Filters(t.Context(), alice.ID)
	mustOK(t, err, "Filters")
	equal(t, "filters kept", len(all), 2)
	_, err = s.FilterKeyword(t.Context(), all[0].Keywords[0].ID)
	mustOK(t, err, "first filter's keyword")

	fl := all[0]
	wantCode(t, s.AddFilterKeyword(t.Context(), &agora.FilterKeyword{ID: ids.New(), FilterID: fl.ID, Keyword: "two"}, agora.FilterLimits{Keywords: 1, AccountKeywords: 10}), agora.EUNPROCESSABLE)
	st := f.status(alice, "mine")
	mustOK(t, s.AddFilterStatus(t.Context(), &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: st.ID}, 1), "AddFilterStatus")
	other := f.status(alice, "other")
	wantCode(t, s.AddFilterStatus(t.Context(), &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: other.ID}, 1), agora.EUNPROCESSABLE)
	got, err := s.Filter(t.Context(), fl.ID)
	mustOK(t, err, "Filter")
	equal(t, "keywords after the refused add", len(got.Keywords), 1)
	equal(t, "statuses after the refused add", len(got.Statuses), 1)
}

func testFilterKeywordsAndStatuses(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	fl := newFilter(alice, "words")
	mustOK(t, s.CreateFilter(t.Context(), fl, agora.DefaultFilterLimits), "CreateFilter")

	k := &agora.FilterKeyword{ID: ids.New(), FilterID: fl.ID, Keyword: "Spoiler", WholeWord: true}
	mustOK(t, s.AddFilterKeyword(t.Context(), k, agora.DefaultFilterLimits), "AddFilterKeyword")
	wantCode(t, s.AddFilterKeyword(t.Context(), &agora.FilterKeyword{ID: ids.New(), FilterID: ids.New(), Keyword: "x"}, agora.DefaultFilterLimits), agora.ENOTFOUND)
	k.Keyword, k.WholeWord = "spoilers", false
	mustOK(t, s.UpdateFilterKeyword(t.Context(), k), "UpdateFilterKeyword")
	gotK, err := s.FilterKeyword(t.Context(), k.ID)
	mustOK(t, err, "FilterKeyword")
	equal(t, "keyword", gotK, k)
	wantCode(t, s.UpdateFilterKeyword(t.Context(), &agora.FilterKeyword{ID: ids.New(), Keyword: "x"}), agora.ENOTFOUND)

	st := f.status(bob, "something")
	fs := &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: st.ID}
	mustOK(t, s.AddFilterStatus(t.Context(), fs, agora.MaxFilterStatuses), "AddFilterStatus")
	wantCode(t, s.AddFilterStatus(t.Context(), &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: st.ID}, agora.MaxFilterStatuses), agora.ECONFLICT)
	gotS, err := s.FilterStatus(t.Context(), fs.ID)
	mustOK(t, err, "FilterStatus")
	equal(t, "filter status", gotS, fs)

	// A status named by a filter can still be deleted.
	mustOK(t, s.DeleteStatus(t.Context(), st.ID), "DeleteStatus of a filtered status")

	got, err := s.Filter(t.Context(), fl.ID)
	mustOK(t, err, "Filter")
	equal(t, "filter's keywords", got.Keywords, []*agora.FilterKeyword{k})
	equal(t, "filter's statuses", got.Statuses, []*agora.FilterStatus{fs})

	mustOK(t, s.DeleteFilterKeyword(t.Context(), k.ID), "DeleteFilterKeyword")
	wantCode(t, s.DeleteFilterKeyword(t.Context(), k.ID), agora.ENOTFOUND)
	mustOK(t, s.DeleteFilterStatus(t.Context(), fs.ID), "DeleteFilterStatus")
	wantCode(t, s.DeleteFilterStatus(t.Context(), fs.ID), agora.ENOTFOUND)
	got, err = s.Filter(t.Context(), fl.ID)
	mustOK(t, err, "Filter after deletes")
	equal(t, "keywords left", len(got.Keywords), 0)
	equal(t, "statuses left", len(got.Statuses), 0)
}
