package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"agora"
)

func testOrders(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in, pk := f.authority("MeitY", "IN"), f.authority("PTA", "PK")
	at := func(h float64) time.Time { return legalTime(h) }
	mk := func(auth *agora.Authority, received, deadline float64, state agora.OrderState, scope []string, targets []*agora.Target) *agora.Order {
		return f.order(newOrder(func(o *agora.Order) {
			o.AuthorityID, o.ReceivedAt, o.State, o.TerritorialScope = auth.ID, at(received), state, scope
			o.Deadline = time.Time{}
			if deadline != 0 {
				o.Deadline = at(deadline)
			}
		}), targets)
	}
	// By deadline, then receipt; no deadline last.
	a := mk(in, 1, 50, agora.OrderReceived, []string{"IN"}, newTargets(4, agora.ResolutionResolved, agora.ResolutionUnresolved))
	b := mk(pk, 2, 0, agora.OrderInReview, []string{"PK"}, newTargets(3, agora.ResolutionDuplicate))
	c := mk(in, 3, 10, agora.OrderClosed, []string{"IN", "PK"}, nil)
	d := mk(in, 0.5, 0, agora.OrderInReview, []string{"XX"}, newTargets(2, agora.ResolutionAlreadyWithheld))
	e := mk(pk, 4, 50, agora.OrderInReview, []string{"PKX"}, newTargets(1))
	g := mk(in, 0.25, 50, agora.OrderReceived, []string{"BD", "IN"}, newTargets(2, agora.ResolutionResolved, agora.ResolutionDuplicate))

	for _, tc := range []struct {
		name string
		q    agora.OrderQuery
		want []*agora.Order
	}{
		{"All", agora.OrderQuery{}, []*agora.Order{c, g, a, e, d, b}},
		{"State", agora.OrderQuery{State: agora.OrderInReview}, []*agora.Order{e, d, b}},
		{"Authority", agora.OrderQuery{AuthorityID: pk.ID}, []*agora.Order{e, b}},
		{"Country", agora.OrderQuery{Country: "IN"}, []*agora.Order{c, g, a}},
		{"CountryNotPart", agora.OrderQuery{Country: "PK"}, []*agora.Order{c, b}},
		{"CountryLike", agora.OrderQuery{Country: "%"}, nil},
		{"StateAndCountry", agora.OrderQuery{State: agora.OrderReceived, Country: "IN", AuthorityID: in.ID}, []*agora.Order{g, a}},
		{"Limit", agora.OrderQuery{Limit: 2}, []*agora.Order{c, g}},
		{"Offset", agora.OrderQuery{Limit: 2, Offset: 2}, []*agora.Order{a, e}},
		{"OffsetPast", agora.OrderQuery{Offset: 6}, nil},
		{"None", agora.OrderQuery{AuthorityID: ids.New()}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Orders(ctx, tc.q)
			mustOK(t, err, "Orders")
			equal(t, "orders", got, tc.want)
		})
	}
	list, err := s.Orders(ctx, agora.OrderQuery{})
	mustOK(t, err, "Orders")
	counts := map[agora.ID]agora.TargetCounts{}
	for _, o := range list {
		counts[o.ID] = o.Counts
	}
	equal(t, "counts", counts, map[agora.ID]agora.TargetCounts{
		a.ID: {Total: 4, Resolved: 2, Unresolved: 2},
		b.ID: {Total: 3, Duplicate: 3},
		c.ID: {},
		d.ID: {Total: 2, AlreadyWithheld: 2},
		e.ID: {Total: 1, Resolved: 1},
		g.ID: {Total: 2, Resolved: 1, Duplicate: 1},
	})
	equal(t, "one order's counts", mustOrder(t, s, a.ID).Counts, agora.TargetCounts{Total: 4, Resolved: 2, Unresolved: 2})

	// The default limit is 20, the largest 200.
	for range 205 {
		f.order(newOrder(func(o *agora.Order) { o.Deadline = time.Time{} }), nil)
	}
	for _, tc := range []struct{ limit, want int }{{0, 20}, {-1, 20}, {50, 50}, {1000, 200}} {
		got, err := s.Orders(ctx, agora.OrderQuery{Limit: tc.limit})
		mustOK(t, err, "Orders")
		if len(got) != tc.want {
			t.Errorf("Limit %d: %d orders, want %d", tc.limit, len(got), tc.want)
		}
	}
}

// testOrdersOverdue checks the Overdue filter against agora.Order.Overdue.
func testOrdersOverdue(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	deadline := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	none := time.Time{}
	mk := func(name string, ack, decide, acknowledged, answered time.Time, state agora.OrderState) *agora.Order {
		return f.order(newOrder(func(o *agora.Order) {
			o.Reference, o.State = name, state
			o.AckDeadline, o.Deadline, o.AcknowledgedAt, o.AnsweredAt = ack, decide, acknowledged, answered
			o.ClosedAt = time.Time{}
		}), nil)
	}
	orders := []*agora.Order{
		mk("ack missed", deadline, none, none, none, agora.OrderReceived),
		mk("ack met", deadline, none, deadline.Add(-time.Hour), none, agora.OrderAcknowledged),
		mk("decide missed", none, deadline, none, none, agora.OrderInReview),
		mk("decide met", none, deadline, none, deadline.Add(-time.Hour), agora.OrderAnswered),
		mk("closed", deadline, deadline, none, none, agora.OrderClosed),
		mk("later", deadline.Add(time.Hour), deadline.Add(2*time.Hour), none, none, agora.OrderReceived),
		mk("no deadlines", none, none, none, none, agora.OrderReceived),
		mk("both missed", deadline, deadline.Add(-time.Minute), none, none, agora.OrderReceived),
	}
	// A notice's deadline counts while the notice is not answered.
	withNotice := func(name string, noticeDeadline time.Time, answered bool, state agora.OrderState) *agora.Order {
		o := mk(name, none, none, none, none, state)
		n := &agora.OrderNotice{ID: ids.New(), OrderID: o.ID, Kind: agora.NoticeHearing, ReceivedAt: deadline.Add(-48 * time.Hour),
			Deadline: noticeDeadline, Summary: name, CreatedAt: deadline.Add(-48 * time.Hour)}
		mustOK(t, s.CreateOrderNotice(ctx, n, nil), "CreateOrderNotice")
		if answered {
			mustOK(t, s.AnswerNotice(ctx, n.ID, deadline.Add(-time.Hour), nil), "AnswerNotice")
		} else {
			o.NoticeDeadline = n.Deadline
		}
		equal(t, "notice deadline of "+name, mustOrder(t, s, o.ID).NoticeDeadline, o.NoticeDeadline)
		return o
	}
	orders = append(orders,
		withNotice("notice missed", deadline, false, agora.OrderAcknowledged),
		withNotice("notice answered", deadline, true, agora.OrderAcknowledged),
		withNotice("notice later", deadline.Add(2*time.Hour), false, agora.OrderInReview),
		withNotice("notice of a closed order", deadline, false, agora.OrderClosed),
	)
	for _, now := range []time.Time{
		deadline.Add(-time.Millisecond), deadline, deadline.Add(time.Nanosecond), deadline.Add(time.Millisecond),
		deadline.Add(90 * time.Minute), deadline.Add(3 * time.Hour),
	} {
		var want []agora.ID
		for _, o := range orders {
			if o.Overdue(now) {
				want = append(want, o.ID)
			}
		}
		got, err := s.Orders(ctx, agora.OrderQuery{Overdue: true, Now: now, Limit: 200})
		mustOK(t, err, "Orders")
		gotIDs := orderIDs(got)
		slices.Sort(gotIDs)
		slices.Sort(want)
		equal(t, fmt.Sprintf("overdue at %v", now), gotIDs, want)
	}
	_, err := s.Orders(ctx, agora.OrderQuery{Overdue: true})
	wantCode(t, err, agora.EINVALID)
}

func testTargets(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	targets := newTargets(250, agora.ResolutionResolved, agora.ResolutionUnresolved, agora.ResolutionDuplicate)
	for i, tg := range targets {
		switch i % 4 {
		case 1:
			tg.Kind = agora.SubjectAccount
		case 2:
			tg.Kind, tg.SubjectID, tg.Hashtag = agora.SubjectHashtag, 0, fmt.Sprintf("tag%d", i)
		}
		if i%5 == 0 {
			tg.State = agora.TargetWithheld
		}
	}
	o := f.order(newOrder(), targets)
	f.order(newOrder(), newTargets(10)) // another order's

	filter := func(keep func(*agora.Target) bool) []*agora.Target {
		var out []*agora.Target
		for _, tg := range targets {
			if keep(tg) {
				out = append(out, tg)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		q    agora.TargetQuery
		want []*agora.Target
	}{
		{"Default", agora.TargetQuery{}, targets[:100]},
		{"Limit", agora.TargetQuery{Limit: 7}, targets[:7]},
		{"After", agora.TargetQuery{AfterPosition: 240}, targets[240:]},
		{"AfterLast", agora.TargetQuery{AfterPosition: 250}, nil},
		{"AfterLimit", agora.TargetQuery{AfterPosition: 10, Limit: 3}, targets[10:13]},
		{"Resolution", agora.TargetQuery{Resolution: agora.ResolutionUnresolved, Limit: 1000},
			filter(func(t *agora.Target) bool { return t.Resolution == agora.ResolutionUnresolved })},
		{"Kind", agora.TargetQuery{Kind: agora.SubjectHashtag, Limit: 1000},
			filter(func(t *agora.Target) bool { return t.Kind == agora.SubjectHashtag })},
		{"State", agora.TargetQuery{State: agora.TargetWithheld, Limit: 1000},
			filter(func(t *agora.Target) bool { return t.State == agora.TargetWithheld })},
		{"IDs", agora.TargetQuery{IDs: []agora.ID{targets[200].ID, targets[3].ID, ids.New()}}, []*agora.Target{targets[3], targets[200]}},
		{"Combined", agora.TargetQuery{Kind: agora.SubjectStatus, State: agora.TargetWithheld, Resolution: agora.ResolutionResolved,
			AfterPosition: 100, Limit: 2},
			filter(func(t *agora.Target) bool {
				return t.Position > 100 && t.Kind == agora.SubjectStatus && t.State == agora.TargetWithheld &&
					t.Resolution == agora.ResolutionResolved
			})[:2]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.OrderID = o.ID
			got, err := s.Targets(ctx, tc.q)
			mustOK(t, err, "Targets")
			equal(t, "targets", got, tc.want)
		})
	}

	// Paging through the order in pages of 64 gives every target, in order.
	var paged []*agora.Target
	q := agora.TargetQuery{OrderID: o.ID, Limit: 64}
	for {
		page, err := s.Targets(ctx, q)
		mustOK(t, err, "Targets")
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		q.AfterPosition = page[len(page)-1].Position
	}
	equal(t, "paged targets", paged, targets)
	got, err := s.Targets(ctx, agora.TargetQuery{OrderID: ids.New()})
	mustOK(t, err, "Targets of a missing order")
	equal(t, "targets of a missing order", got, []*agora.Target{})
}

// testTargetsText: q.Text matches the input, hashtag, resolved account's
// username and remarks, without case, wildcards literally, with the other filters.
func testTargetsText(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("AliceSearch")
	targets := []*agora.Target{
		newTarget(func(tg *agora.Target) { tg.Input = "https://agora.example/@Someone/42" }),
		newTarget(func(tg *agora.Target) {
			tg.Input, tg.Kind, tg.SubjectID = "https://agora.example/users/7", agora.SubjectAccount, alice.ID
		}),
		newTarget(func(tg *agora.Target) {
			tg.Input, tg.Kind, tg.SubjectID, tg.Hashtag = "#Protest", agora.SubjectHashtag, 0, "protest"
		}),
		newTarget(func(tg *agora.Target) {
			tg.Input = "@plain"
			tg.Remarks = []agora.Remark{{Column: "Remarks", Value: "Posts 3, 7: INCITEMENT"}}
		}),
		newTarget(func(tg *agora.Target) { tg.Input, tg.State = "https://agora.example/@x/100%_off", agora.TargetWithheld }),
		newTarget(func(tg *agora.Target) { tg.Input = `https://agora.example/@x/1000\off` }),
		newTarget(func(tg *agora.Target) { tg.Input, tg.State = "https://agora.example/@x/100Xoff", agora.TargetWithheld }),
	}
	o := f.order(newOrder(), targets)
	f.order(newOrder(), []*agora.Target{newTarget(func(tg *agora.Target) { tg.Input = "@someone" })}) // another order's
	for _, tc := range []struct {
		name string
		q    agora.TargetQuery
		want []*agora.Target
	}{
		{"Input", agora.TargetQuery{Text: "someONE"}, targets[:1]},
		{"Username", agora.TargetQuery{Text: "alicesearch"}, targets[1:2]},
		{"Hashtag", agora.TargetQuery{Text: "PROTEST"}, targets[2:3]},
		{"Remarks", agora.TargetQuery{Text: "incitement"}, targets[3:4]},
		{"RemarksColumn", agora.TargetQuery{Text: "remarks"}, targets[3:4]},
		{"NoMatch", agora.TargetQuery{Text: "nobody"}, nil},
		{"Percent", agora.TargetQuery{Text: "100%"}, targets[4:5]},
		{"Underscore", agora.TargetQuery{Text: "%_o"}, targets[4:5]},
		{"UnderscoreAlone", agora.TargetQuery{Text: "0_"}, nil},
		{"Backslash", agora.TargetQuery{Text: `0\o`}, targets[5:6]},
		{"Several", agora.TargetQuery{Text: "@x/100"}, targets[4:7]},
		{"Filtered", agora.TargetQuery{Text: "@x/100", State: agora.TargetWithheld}, []*agora.Target{targets[4], targets[6]}},
		{"Paged", agora.TargetQuery{Text: "@x/100", AfterPosition: targets[4].Position, Limit: 1}, targets[5:6]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.OrderID = o.ID
			got, err := s.Targets(ctx, tc.q)
			mustOK(t, err, "Targets")
			equal(t, "targets", got, tc.want)
		})
	}
}

func testAddTargets(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	first := newTargets(3)
	o := f.order(newOrder(), first)
	more := newTargets(4, agora.ResolutionUnresolved)
	events := []*agora.AuditEvent{newEvent("order.targets", "order", o.ID)}
	mustOK(t, s.AddTargets(ctx, o.ID, more, nil, events), "AddTargets")
	for i, tg := range more {
		if tg.OrderID != o.ID || tg.Position != 4+i {
			t.Errorf("added target %d: OrderID %d, Position %d; want %d, %d", i, tg.OrderID, tg.Position, o.ID, 4+i)
		}
	}
	equal(t, "targets", allTargets(t, s, o.ID), append(slices.Clip(first), more...))
	after := mustOrder(t, s, o.ID)
	equal(t, "counts", after.Counts, agora.TargetCounts{Total: 7, Resolved: 3, Unresolved: 4})
	equal(t, "deficiencies left as they were (nil)", after.Deficiencies, o.Deficiencies)
	if after.Version != o.Version {
		t.Errorf("version %d after adding targets without deficiencies, want %d", after.Version, o.Version)
	}
	equal(t, "audit", auditOf(t, s, "order", o.ID), events)

	// Concurrent calls get distinct positions.
	runAll(t, 8, func(int) error { return s.AddTargets(ctx, o.ID, newTargets(5), nil, nil) })
	all := allTargets(t, s, o.ID)
	for i, tg := range all {
		if tg.Position != i+1 {
			t.Fatalf("target %d at position %d after concurrent adds", i, tg.Position)
		}
	}
	if len(all) != 47 {
		t.Errorf("%d targets, want 47", len(all))
	}

	missing := ids.New()
	wantCode(t, s.AddTargets(ctx, missing, newTargets(1), nil, []*agora.AuditEvent{newEvent("order.targets", "order", missing)}), agora.ENOTFOUND)
	equal(t, "audit of the missing order", auditOf(t, s, "order", missing), []*agora.AuditEvent{})
	dup := newTargets(2)
	dup[1].ID = first[0].ID
	dup[0].Remarks = []agora.Remark{{Column: "Remarks", Value: "must not stay"}}
	wantCode(t, s.AddTargets(ctx, o.ID, dup, nil, nil), agora.ECONFLICT)
	if n := len(allTargets(t, s, o.ID)); n != 47 {
		t.Errorf("%d targets after a failed add, want 47", n)
	}
}

// testAddTargetsAnnex: targets keep the remarks of their annex row, and adding
// targets can set the order's deficiencies in the same transaction, bumping its
// version so that an update from the order as read before is a conflict.
func testAddTargetsAnnex(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	o := f.order(newOrder(func(o *agora.Order) {
		o.Deficiencies = []string{agora.DeficiencyTargets, agora.DeficiencyRedress}
	}), nil)
	before := mustOrder(t, s, o.ID)
	remarked := newTargets(3)
	remarked[0].Remarks = []agora.Remark{{Column: "S.No.", Value: "1"}, {Column: "Remarks", Value: "hate speech, \"quoted\"; 2 posts"}}
	remarked[2].Remarks = []agora.Remark{{Column: "column 3", Value: "ünïcode ✓"}}
	events := []*agora.AuditEvent{newEvent("order.targets.add", "order", o.ID)}
	mustOK(t, s.AddTargets(ctx, o.ID, remarked, []string{agora.DeficiencyRedress}, events), "AddTargets with deficiencies")
	equal(t, "targets with remarks", allTargets(t, s, o.ID), remarked)
	after := mustOrder(t, s, o.ID)
	equal(t, "deficiencies", after.Deficiencies, []string{agora.DeficiencyRedress})
	if after.Version != before.Version+1 {
		t.Errorf("version %d after the deficiencies changed, want %d", after.Version, before.Version+1)
	}
	equal(t, "audit", auditOf(t, s, "order", o.ID), events)
	wantCode(t, s.UpdateOrder(ctx, before, nil), agora.ECONFLICT)
	equal(t, "deficiencies after a stale update", mustOrder(t, s, o.ID).Deficiencies, []string{agora.DeficiencyRedress})

	// Empty, not nil: the order lacks nothing any more.
	mustOK(t, s.AddTargets(ctx, o.ID, newTargets(1), []string{}, nil), "AddTargets clearing deficiencies")
	equal(t, "deficiencies cleared", mustOrder(t, s, o.ID).Deficiencies, []string(nil))

	// CreateOrder keeps remarks too.
	withRemarks := newTargets(2)
	withRemarks[1].Remarks = []agora.Remark{{Column: "Reason", Value: "x"}}
	o2 := f.order(newOrder(), withRemarks)
	equal(t, "created targets with remarks", allTargets(t, s, o2.ID), withRemarks)
}
