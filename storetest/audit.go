package storetest

import (
	"testing"

	"agora"
)

var auditTests = []test{
	{"Audit/RoundTrip", testAuditRoundTrip},
	{"Audit/Conflict", testAuditConflict},
	{"Audit/Paging", testAuditPaging},
}

func testAuditRoundTrip(t *testing.T, s agora.Store) {
	ctx := t.Context()
	e := newEvent("order.create", "order", 7)
	created := e.CreatedAt
	cli := &agora.AuditEvent{ID: ids.New(), ActorKind: "cli", Action: "rule.lift", ObjectKind: "rule",
		ObjectID: 8, CreatedAt: created}
	mustOK(t, s.AppendAudit(ctx, []*agora.AuditEvent{e, cli}), "AppendAudit")
	if want := ms(created); e.CreatedAt != want {
		t.Errorf("CreatedAt not normalized in place: %v, want %v", e.CreatedAt, want)
	}
	got, err := s.Audit(ctx, agora.AuditQuery{})
	mustOK(t, err, "Audit")
	equal(t, "events", got, []*agora.AuditEvent{e, cli})
	mustOK(t, s.AppendAudit(ctx, nil), "AppendAudit with no events")
}

func testAuditConflict(t *testing.T, s agora.Store) {
	ctx := t.Context()
	e := newEvent("order.create", "order", 7)
	mustOK(t, s.AppendAudit(ctx, []*agora.AuditEvent{e}), "AppendAudit")
	other := newEvent("order.create", "order", 9)
	dup := newEvent("order.update", "order", 7)
	dup.ID = e.ID
	wantCode(t, s.AppendAudit(ctx, []*agora.AuditEvent{other, dup}), agora.ECONFLICT)
	got, err := s.Audit(ctx, agora.AuditQuery{})
	mustOK(t, err, "Audit")
	equal(t, "events after a failed append", got, []*agora.AuditEvent{e})
}

func testAuditPaging(t *testing.T, s agora.Store) {
	ctx := t.Context()
	// 1,205 events: every fifth about rule 1, the others about orders 1 to 4.
	var all, rule1 []*agora.AuditEvent
	for i := range 1205 {
		e := newEvent("order.update", "order", agora.ID(i%5))
		if i%5 == 0 {
			e.Action, e.ObjectKind, e.ObjectID = "rule.create", "rule", 1
			rule1 = append(rule1, e)
		}
		all = append(all, e)
	}
	mustOK(t, s.AppendAudit(ctx, all), "AppendAudit")

	for _, tc := range []struct {
		name string
		q    agora.AuditQuery
		want []*agora.AuditEvent
	}{
		{"Default", agora.AuditQuery{}, all[:100]},
		{"Limit", agora.AuditQuery{Limit: 7}, all[:7]},
		{"Capped", agora.AuditQuery{Limit: 5000}, all[:1000]},
		{"After", agora.AuditQuery{AfterID: all[1000].ID, Limit: 1000}, all[1001:]},
		{"AfterLast", agora.AuditQuery{AfterID: all[1204].ID}, nil},
		{"Object", agora.AuditQuery{ObjectKind: "rule", ObjectID: 1}, rule1[:100]},
		{"ObjectAfter", agora.AuditQuery{ObjectKind: "rule", ObjectID: 1, AfterID: rule1[99].ID, Limit: 1000}, rule1[100:]},
		{"ObjectOther", agora.AuditQuery{ObjectKind: "order", ObjectID: 1, Limit: 3}, []*agora.AuditEvent{all[1], all[6], all[11]}},
		{"ObjectNone", agora.AuditQuery{ObjectKind: "target", ObjectID: 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Audit(ctx, tc.q)
			mustOK(t, err, "Audit")
			equal(t, "events", got, tc.want)
		})
	}

	// Paging through one object's events in pages of 100 gives all of them, in order.
	var paged []*agora.AuditEvent
	q := agora.AuditQuery{ObjectKind: "rule", ObjectID: 1}
	for {
		page, err := s.Audit(ctx, q)
		mustOK(t, err, "Audit")
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		q.AfterID = page[len(page)-1].ID
	}
	equal(t, "paged events", paged, rule1)
}
