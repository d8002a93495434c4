package storetest

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"agora"
)

var reportTests = []test{
	{"Report/ReportOrders", testReportOrders},
	{"Report/ReportOrders/Empty", testReportOrdersEmpty},
}

// testReportOrders: the orders received in the period, by receipt, with their
// authority, their targets tallied by kind, resolution, state and whether a
// withhold or a remove decision was ever taken on them, and their appeals by
// state; orders outside the period are left out, bounds [from, to).
func testReportOrders(t *testing.T, s agora.Store) {
	sc := newScene(t, s) // received at legalTime(0), no authority
	ctx := t.Context()
	f := sc.f
	court := &agora.Authority{ID: ids.New(), Name: "Landgericht Berlin", Country: "DE", Kind: agora.AuthorityCourt, CreatedAt: legalTime(0)}
	mustOK(t, s.CreateAuthority(ctx, court, nil), "CreateAuthority")
	second := f.order(newOrder(func(o *agora.Order) {
		o.ReceivedAt, o.AuthorityID, o.TerritorialScope = legalTime(2), court.ID, []string{"DE"}
		o.AcknowledgedAt, o.FirstEffectAt = time.Time{}, time.Time{}
	}), []*agora.Target{
		newTarget(func(t *agora.Target) { t.Kind = agora.SubjectAccount }),
		newTarget(func(t *agora.Target) { t.Kind = agora.SubjectAccount }),
		newTarget(func(t *agora.Target) { t.Kind, t.Resolution = agora.SubjectAccount, agora.ResolutionDuplicate }),
	})
	f.order(newOrder(func(o *agora.Order) { o.ReceivedAt = legalTime(24) }), newTargets(2)) // the end is outside
	f.order(newOrder(func(o *agora.Order) { o.ReceivedAt = legalTime(-0.001) }), newTargets(1))

	// The scene's targets: a status withheld, an account withheld then removed,
	// a hashtag declined, and a target not found with a comment.
	ds := []*agora.Decision{sc.decision(sc.t[0], agora.ActionWithhold, 0), sc.decision(sc.t[1], agora.ActionWithhold, 1),
		sc.decision(sc.t[1], agora.ActionRemove, 2), sc.decision(sc.t[2], agora.ActionDecline, 3), sc.decision(sc.t[3], agora.ActionComment, 4)}
	w := sc.warning(sc.alice, sc.t[0], time.Time{})
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Decisions: ds, Warnings: []*agora.AccountWarning{w},
		Targets: []*agora.Target{changed(sc.t[0], agora.TargetWithheld, []string{"IN"}, "", 0), changed(sc.t[1], agora.TargetRemoved, []string{"XX"}, "", 2),
			changed(sc.t[2], agora.TargetDeclined, nil, "journalist", 3)}})
	mustOK(t, err, "ApplyDecisions")
	a := &agora.Appeal{ID: ids.New(), WarningID: w.ID, AccountID: sc.alice.ID, OrderID: sc.order.ID, TargetID: sc.t[0].ID,
		Text: "Satire.", State: agora.AppealApproved, Deadline: legalTime(83), CreatedAt: legalTime(11)}
	mustOK(t, s.CreateAppeal(ctx, a, nil), "CreateAppeal")

	got, err := s.ReportOrders(ctx, legalTime(0), legalTime(24))
	mustOK(t, err, "ReportOrders")
	for _, o := range got {
		slices.SortFunc(o.Targets, func(a, b agora.TargetTally) int {
			return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Resolution, b.Resolution), cmp.Compare(a.State, b.State))
		})
	}
	want := []*agora.ReportOrder{
		{ID: sc.order.ID, ReceivedAt: ms(legalTime(0)), AcknowledgedAt: ms(legalTime(1)), TerritorialScope: []string{"IN", "PK"},
			Targets: []agora.TargetTally{
				{Kind: "", Resolution: agora.ResolutionUnresolved, State: agora.TargetPending, Count: 1},
				{Kind: agora.SubjectAccount, Resolution: agora.ResolutionResolved, State: agora.TargetRemoved, Withheld: true, Removed: true, Count: 1},
				{Kind: agora.SubjectHashtag, Resolution: agora.ResolutionResolved, State: agora.TargetDeclined, Count: 1},
				{Kind: agora.SubjectStatus, Resolution: agora.ResolutionResolved, State: agora.TargetWithheld, Withheld: true, Count: 1},
			},
			Appeals: map[agora.AppealState]int{agora.AppealApproved: 1}},
		{ID: second.ID, ReceivedAt: ms(legalTime(2)), TerritorialScope: []string{"DE"},
			AuthorityKind: agora.AuthorityCourt, AuthorityCountry: "DE",
			Targets: []agora.TargetTally{
				{Kind: agora.SubjectAccount, Resolution: agora.ResolutionDuplicate, State: agora.TargetPending, Count: 1},
				{Kind: agora.SubjectAccount, Resolution: agora.ResolutionResolved, State: agora.TargetPending, Count: 2},
			},
			Appeals: map[agora.AppealState]int{}},
	}
	equal(t, "ReportOrders", got, want)

	first, err := s.FirstOrderReceived(ctx)
	mustOK(t, err, "FirstOrderReceived")
	if !first.Equal(ms(legalTime(-0.001))) {
		t.Errorf("FirstOrderReceived = %v, want %v", first, ms(legalTime(-0.001)))
	}
}

// testReportOrdersEmpty: no orders, no error; no first order.
func testReportOrdersEmpty(t *testing.T, s agora.Store) {
	got, err := s.ReportOrders(t.Context(), legalTime(0), legalTime(24))
	mustOK(t, err, "ReportOrders")
	equal(t, "ReportOrders", got, []*agora.ReportOrder{})
	first, err := s.FirstOrderReceived(t.Context())
	mustOK(t, err, "FirstOrderReceived")
	if !first.IsZero() {
		t.Errorf("FirstOrderReceived = %v, want zero", first)
	}
}
