package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"agora"
)

var legalTests = []test{
	{"Legal/Authorities", testAuthorities},
	{"Legal/CreateOrder", testCreateOrder},
	{"Legal/CreateOrder/Minimal", testCreateOrderMinimal},
	{"Legal/CreateOrder/Errors", testCreateOrderErrors},
	{"Legal/CreateOrder/Numbers", testOrderNumbers},
	{"Legal/CreateOrder/Concurrent", testOrderNumbersConcurrent},
	{"Legal/UpdateOrder", testUpdateOrder},
	{"Legal/Orders", testOrders},
	{"Legal/Orders/Overdue", testOrdersOverdue},
	{"Legal/Targets", testTargets},
	{"Legal/Targets/Text", testTargetsText},
	{"Legal/AddTargets", testAddTargets},
	{"Legal/AddTargetsAnnex", testAddTargetsAnnex},
	{"Legal/ApplyDecisions", testApplyDecisions},
	{"Legal/ApplyDecisions/Atomic", testApplyDecisionsAtomic},
	{"Legal/ApplyDecisions/DeleteStatuses", testApplyDecisionsDelete},
	{"Legal/ApplyDecisions/Suspend", testApplyDecisionsSuspend},
	{"Legal/ReleaseWarnings", testReleaseWarnings},
	{"Legal/Appeals", testAppeals},
	{"Legal/Appeals/Overdue", testOrdersOverdueAppeal},
	{"Legal/Notices", testOrderNotices},
	{"Legal/Correspondence", testCorrespondence},
	{"Legal/Documents", testDocuments},
	{"Legal/SetAccessUntil", testSetAccessUntil},
	{"Legal/Handover", testHandover},
	{"Legal/AssignTarget", testAssignTarget},
	{"Legal/SubjectDecisions", testSubjectDecisions},
	{"Legal/NotificationWarningID", testNotificationWarningID},
}

// legalTime is a time with nanoseconds in ist, hours after a fixed day in 2025.
func legalTime(hours float64) time.Time {
	return time.Date(2025, 3, 4, 5, 6, 7, 891_234_567, ist).Add(time.Duration(hours * float64(time.Hour)))
}

// authority creates an authority of the country.
func (f *fixture) authority(name, country string) *agora.Authority {
	f.t.Helper()
	a := &agora.Authority{ID: ids.New(), Name: name, Country: country, Kind: agora.AuthorityMinistry,
		CreatedAt: legalTime(0)}
	mustOK(f.t, f.s.CreateAuthority(f.ctx, a, nil), "CreateAuthority")
	return a
}

// newOrder returns an order with every field set, received at legalTime(0) (in
// 2025); edit may change it.
func newOrder(edit ...func(*agora.Order)) *agora.Order {
	o := &agora.Order{ID: ids.New(), Reference: "MEITY/2025/17", Channel: "email",
		ReceivedAt: legalTime(0), LegalBasis: "Section 69A IT Act", StatementOfReasons: "Public order, as set out in the annex.",
		TerritorialScope: []string{"IN", "PK"}, Emergency: true, Confidential: true,
		ConfidentialUntil: legalTime(24 * 30), Deadline: legalTime(48), AckDeadline: legalTime(2),
		ConfirmDeadline: legalTime(72), RedressInfo: "Appeal to the High Court", RecipientAuthority: "MeitY",
		Digest: "ab12", State: agora.OrderReceived, AcknowledgedAt: legalTime(1), ConfirmedAt: legalTime(3),
		RevokedAt: legalTime(4), AnsweredAt: legalTime(5), ClosedAt: legalTime(6), FirstEffectAt: legalTime(7),
		Deficiencies: []string{agora.DeficiencyRedress, agora.DeficiencyTerritorial}, CreatedBy: 42,
		CreatedAt: legalTime(0.5)}
	for _, e := range edit {
		e(o)
	}
	return o
}

// newTarget returns a pending target naming a status, resolved; edit may change it.
func newTarget(edit ...func(*agora.Target)) *agora.Target {
	t := &agora.Target{ID: ids.New(), Input: "https://agora.example/@alice/1", Kind: agora.SubjectStatus,
		SubjectID: ids.New(), Resolution: agora.ResolutionResolved, State: agora.TargetPending,
		CreatedAt: legalTime(0.25)}
	for _, e := range edit {
		e(t)
	}
	return t
}

// resolution makes a target's resolution r.
func resolution(r agora.Resolution) func(*agora.Target) {
	return func(t *agora.Target) { t.Resolution = r }
}

// newTargets returns n targets; the resolution of each is rs[i%len(rs)].
func newTargets(n int, rs ...agora.Resolution) []*agora.Target {
	if len(rs) == 0 {
		rs = []agora.Resolution{agora.ResolutionResolved}
	}
	out := make([]*agora.Target, n)
	for i := range out {
		out[i] = newTarget(resolution(rs[i%len(rs)]), func(t *agora.Target) { t.Input = fmt.Sprintf("item %d", i) })
	}
	return out
}

// order creates o with the targets.
func (f *fixture) order(o *agora.Order, targets []*agora.Target) *agora.Order {
	f.t.Helper()
	mustOK(f.t, f.s.CreateOrder(f.ctx, o, targets, nil), "CreateOrder")
	return o
}

// mustOrder reads the order.
func mustOrder(t *testing.T, s agora.Store, id agora.ID) *agora.Order {
	t.Helper()
	o, err := s.Order(t.Context(), id)
	mustOK(t, err, "Order")
	return o
}

// allTargets reads every target of the order.
func allTargets(t *testing.T, s agora.Store, orderID agora.ID) []*agora.Target {
	t.Helper()
	got, err := s.Targets(t.Context(), agora.TargetQuery{OrderID: orderID, Limit: 100_000})
	mustOK(t, err, "Targets")
	return got
}

func orderIDs(list []*agora.Order) []agora.ID {
	out := make([]agora.ID, len(list))
	for i, o := range list {
		out[i] = o.ID
	}
	return out
}

func testAuthorities(t *testing.T, s agora.Store) {
	ctx := t.Context()
	court := &agora.Authority{ID: ids.New(), Name: "Delhi High Court", Country: "IN", Kind: agora.AuthorityCourt,
		CreatedAt: legalTime(0)}
	event := newEvent("authority.create", "authority", court.ID)
	mustOK(t, s.CreateAuthority(ctx, court, []*agora.AuditEvent{event}), "CreateAuthority")
	if want := ms(legalTime(0)); court.CreatedAt != want {
		t.Errorf("CreatedAt not normalized in place: %v, want %v", court.CreatedAt, want)
	}
	police := &agora.Authority{ID: ids.New(), Name: "Cyber Police", Country: "PK", Kind: agora.AuthorityPolice,
		CreatedAt: legalTime(1)}
	mustOK(t, s.CreateAuthority(ctx, police, nil), "CreateAuthority")

	got, err := s.Authority(ctx, court.ID)
	mustOK(t, err, "Authority")
	equal(t, "authority", got, court)
	all, err := s.Authorities(ctx)
	mustOK(t, err, "Authorities")
	equal(t, "authorities by name", all, []*agora.Authority{police, court})
	equal(t, "audit", auditOf(t, s, "authority", court.ID), []*agora.AuditEvent{event})

	_, err = s.Authority(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
	dup := *police
	dup.Name = "Other"
	wantCode(t, s.CreateAuthority(ctx, &dup, []*agora.AuditEvent{newEvent("authority.create", "authority", dup.ID)}),
		agora.ECONFLICT)
	equal(t, "audit after a failed create", auditOf(t, s, "authority", dup.ID), []*agora.AuditEvent{})
}

func testCreateOrder(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	auth := f.authority("MeitY", "IN")
	staff := f.account("legal")
	o := newOrder(func(o *agora.Order) { o.AuthorityID, o.AssignedTo = auth.ID, staff.ID })
	targets := []*agora.Target{
		newTarget(func(t *agora.Target) { t.UpdatedAt = legalTime(0.3) }),
		newTarget(func(t *agora.Target) {
			t.Kind, t.Input, t.SubjectID = agora.SubjectAccount, "@alice", ids.New()
		}),
		newTarget(func(t *agora.Target) {
			t.Kind, t.Input, t.SubjectID, t.Hashtag = agora.SubjectHashtag, "#Banned", 0, "banned"
		}),
		newTarget(func(t *agora.Target) {
			t.Kind, t.SubjectID, t.Resolution, t.Cause = "", 0, agora.ResolutionUnresolved, "no such status"
		}),
		newTarget(resolution(agora.ResolutionDuplicate)),
		newTarget(resolution(agora.ResolutionAlreadyWithheld), func(t *agora.Target) {
			t.State, t.Countries, t.ReasonCode = agora.TargetDeclined, []string{"IN"}, "news_media"
		}),
	}
	targets[4].DuplicateOf = targets[0].ID
	received, updated := o.ReceivedAt, targets[0].UpdatedAt
	events := []*agora.AuditEvent{newEvent("order.create", "order", o.ID)}
	mustOK(t, s.CreateOrder(ctx, o, targets, events), "CreateOrder")

	if o.Number != "2025-000001" {
		t.Errorf("Number = %q, want 2025-000001", o.Number)
	}
	if want := ms(received); o.ReceivedAt != want {
		t.Errorf("ReceivedAt not normalized in place: %v, want %v", o.ReceivedAt, want)
	}
	if want := ms(updated); targets[0].UpdatedAt != want {
		t.Errorf("UpdatedAt not normalized in place: %v, want %v", targets[0].UpdatedAt, want)
	}
	wantCounts := agora.TargetCounts{Total: 6, Resolved: 3, Unresolved: 1, Duplicate: 1, AlreadyWithheld: 1}
	equal(t, "counts set in place", o.Counts, wantCounts)
	for i, tg := range targets {
		if tg.OrderID != o.ID || tg.Position != i+1 {
			t.Errorf("target %d: OrderID %d, Position %d; want %d, %d", i, tg.OrderID, tg.Position, o.ID, i+1)
		}
	}
	equal(t, "order", mustOrder(t, s, o.ID), o)
	equal(t, "targets", allTargets(t, s, o.ID), targets)
	equal(t, "audit", auditOf(t, s, "order", o.ID), events)
	_, err := s.Order(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
}

// testCreateOrderMinimal stores an order with every optional field empty.
func testCreateOrderMinimal(t *testing.T, s agora.Store) {
	o := &agora.Order{ID: ids.New(), ReceivedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		State: agora.OrderReceived, CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	mustOK(t, s.CreateOrder(t.Context(), o, nil, nil), "CreateOrder")
	if o.Number != "2026-000001" {
		t.Errorf("Number = %q, want 2026-000001", o.Number)
	}
	equal(t, "order", mustOrder(t, s, o.ID), o)
	equal(t, "targets", allTargets(t, s, o.ID), []*agora.Target{})
}

func testCreateOrderErrors(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	firstTargets := newTargets(2)
	first := f.order(newOrder(), firstTargets)

	for _, tc := range []struct {
		name    string
		order   *agora.Order
		targets []*agora.Target
		code    string
	}{
		{"MissingAuthority", newOrder(func(o *agora.Order) { o.AuthorityID = ids.New() }), newTargets(1), agora.ENOTFOUND},
		{"MissingAssignee", newOrder(func(o *agora.Order) { o.AssignedTo = ids.New() }), newTargets(1), agora.ENOTFOUND},
		{"TakenOrderID", newOrder(func(o *agora.Order) { o.ID = first.ID }), newTargets(1), agora.ECONFLICT},
		{"TakenTargetID", newOrder(), []*agora.Target{newTarget(),
			newTarget(func(t *agora.Target) { t.ID = firstTargets[0].ID })}, agora.ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			events := []*agora.AuditEvent{newEvent("order.create", "order", tc.order.ID)}
			wantCode(t, s.CreateOrder(ctx, tc.order, tc.targets, events), tc.code)
			if tc.order.ID != first.ID {
				_, err := s.Order(ctx, tc.order.ID)
				wantCode(t, err, agora.ENOTFOUND)
				equal(t, "targets", allTargets(t, s, tc.order.ID), []*agora.Target{})
			}
			equal(t, "audit", auditOf(t, s, "order", tc.order.ID), []*agora.AuditEvent{})
			equal(t, "first order's targets", allTargets(t, s, first.ID), firstTargets)
		})
	}
	// The failed calls used no number.
	next := f.order(newOrder(), nil)
	if next.Number != "2025-000002" {
		t.Errorf("Number after failed calls = %q, want 2025-000002", next.Number)
	}
}

// testOrderNumbers checks numbering by the year of receipt, in UTC.
func testOrderNumbers(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	for _, tc := range []struct {
		received time.Time
		want     string
	}{
		{time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), "2025-000001"},
		{time.Date(2025, 12, 31, 23, 59, 59, 0, time.UTC), "2025-000002"},
		// 2026-01-01 03:00 in IST is still 2025 in UTC.
		{time.Date(2026, 1, 1, 3, 0, 0, 0, ist), "2025-000003"},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "2026-000001"},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2024-000001"},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "2025-000004"},
	} {
		o := f.order(newOrder(func(o *agora.Order) { o.ReceivedAt = tc.received }), nil)
		if o.Number != tc.want {
			t.Errorf("received %v: Number = %q, want %q", tc.received, o.Number, tc.want)
		}
		if got := mustOrder(t, s, o.ID).Number; got != tc.want {
			t.Errorf("received %v: stored Number = %q, want %q", tc.received, got, tc.want)
		}
	}
}

// testOrderNumbersConcurrent creates 20 orders at once: their numbers must be
// unique and consecutive.
func testOrderNumbersConcurrent(t *testing.T, s agora.Store) {
	const n = 20
	orders := make([]*agora.Order, n)
	runAll(t, n, func(i int) error {
		orders[i] = newOrder()
		return s.CreateOrder(t.Context(), orders[i], newTargets(5), nil)
	})
	var got, want []string
	for i, o := range orders {
		if stored := mustOrder(t, s, o.ID).Number; stored != o.Number {
			t.Errorf("order %d: stored Number %q, returned %q", i, stored, o.Number)
		}
		got = append(got, o.Number)
		want = append(want, fmt.Sprintf("2025-%06d", i+1))
	}
	slices.Sort(got)
	equal(t, "numbers", got, want)
}

func testUpdateOrder(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	staff := f.account("legal")
	o := f.order(newOrder(func(o *agora.Order) {
		o.AcknowledgedAt, o.ConfirmedAt, o.RevokedAt, o.AnsweredAt, o.ClosedAt, o.FirstEffectAt =
			time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	}), newTargets(3))

	want := *o
	want.State, want.AcknowledgedAt, want.ConfirmedAt = agora.OrderAnswered, legalTime(1.1), legalTime(1.2)
	want.RevokedAt, want.AnsweredAt, want.ClosedAt, want.FirstEffectAt = legalTime(1.3), legalTime(1.4), legalTime(1.5), legalTime(1.6)
	want.Deadline, want.AckDeadline, want.ConfirmDeadline = legalTime(100), time.Time{}, legalTime(101)
	want.Confidential, want.ConfidentialUntil = false, time.Time{}
	want.Deficiencies, want.AssignedTo = nil, staff.ID
	update := want
	// What the order said as received is not changed.
	update.Reference, update.LegalBasis, update.TerritorialScope, update.Number = "changed", "changed", []string{"DE"}, "x"
	update.ReceivedAt, update.Digest, update.Emergency = legalTime(9), "changed", false
	events := []*agora.AuditEvent{newEvent("order.update", "order", o.ID)}
	mustOK(t, s.UpdateOrder(ctx, &update, events), "UpdateOrder")
	if update.AcknowledgedAt != ms(legalTime(1.1)) {
		t.Errorf("AcknowledgedAt not normalized in place: %v", update.AcknowledgedAt)
	}
	for _, tm := range []*time.Time{&want.AcknowledgedAt, &want.ConfirmedAt, &want.RevokedAt, &want.AnsweredAt,
		&want.ClosedAt, &want.FirstEffectAt, &want.Deadline, &want.ConfirmDeadline} {
		*tm = ms(*tm)
	}
	want.Version = 1
	if update.Version != 1 {
		t.Errorf("Version after the update = %d, want 1 (updated in place)", update.Version)
	}
	equal(t, "updated order", mustOrder(t, s, o.ID), &want)
	equal(t, "audit", auditOf(t, s, "order", o.ID), events)

	// Unassign.
	want.AssignedTo = 0
	update = want
	mustOK(t, s.UpdateOrder(ctx, &update, nil), "UpdateOrder")
	want.Version = 2
	equal(t, "unassigned order", mustOrder(t, s, o.ID), &want)

	// A write-back of the order as read before the last write fails and changes
	// nothing: it would undo that write.
	stale := want
	stale.Version, stale.AssignedTo = 1, staff.ID
	wantCode(t, s.UpdateOrder(ctx, &stale, []*agora.AuditEvent{newEvent("order.update", "order", o.ID)}), agora.ECONFLICT)
	equal(t, "order after a stale write-back", mustOrder(t, s, o.ID), &want)
	equal(t, "audit after a stale write-back", len(auditOf(t, s, "order", o.ID)), len(events))

	missing := newOrder()
	wantCode(t, s.UpdateOrder(ctx, missing, []*agora.AuditEvent{newEvent("order.update", "order", missing.ID)}), agora.ENOTFOUND)
	equal(t, "audit of the missing order", auditOf(t, s, "order", missing.ID), []*agora.AuditEvent{})
	update = want
	update.AssignedTo = ids.New()
	wantCode(t, s.UpdateOrder(ctx, &update, nil), agora.ENOTFOUND)
	equal(t, "order after a failed update", mustOrder(t, s, o.ID), &want)
}
