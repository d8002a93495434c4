package storetest

import (
	"testing"

	"agora"
)

// testFilterStatusesGone checks that AddFilterStatus does not count the
// filter's statuses whose status was deleted: it removes them, and only them.
func testFilterStatusesGone(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	fl := newFilter(alice, "statuses")
	mustOK(t, s.CreateFilter(ctx, fl, agora.DefaultFilterLimits), "CreateFilter")
	gone, kept, next, last := f.status(bob, "gone"), f.status(bob, "kept"), f.status(bob, "next"), f.status(bob, "last")
	fsGone := &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: gone.ID}
	fsKept := &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: kept.ID}
	mustOK(t, s.AddFilterStatus(ctx, fsGone, 2), "AddFilterStatus gone")
	mustOK(t, s.AddFilterStatus(ctx, fsKept, 2), "AddFilterStatus kept")
	wantCode(t, s.AddFilterStatus(ctx, &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: next.ID}, 2), agora.EUNPROCESSABLE)

	mustOK(t, s.DeleteStatus(ctx, gone.ID), "DeleteStatus")
	fsNext := &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: next.ID}
	mustOK(t, s.AddFilterStatus(ctx, fsNext, 2), "AddFilterStatus after the deletion")
	wantCode(t, s.AddFilterStatus(ctx, &agora.FilterStatus{ID: ids.New(), FilterID: fl.ID, StatusID: last.ID}, 2), agora.EUNPROCESSABLE)
	got, err := s.Filter(ctx, fl.ID)
	mustOK(t, err, "Filter")
	equal(t, "the filter's statuses", got.Statuses, []*agora.FilterStatus{fsKept, fsNext})
	_, err = s.FilterStatus(ctx, fsGone.ID)
	wantCode(t, err, agora.ENOTFOUND)
}
