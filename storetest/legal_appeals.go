package storetest

import (
	"slices"
	"testing"
	"time"

	"agora"
)

// testAppeals: an appeal is stored once per warning, read with its warning,
// listed by target, filters the targets, and is answered once, with a batch.
func testAppeals(t *testing.T, s agora.Store) {
	sc := newScene(t, s)
	ctx := t.Context()
	w := sc.warning(sc.alice, sc.t[0], legalTime(0))
	w.NotifyAfter = legalTime(0)
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Warnings: []*agora.AccountWarning{w}})
	mustOK(t, err, "ApplyDecisions")

	a := &agora.Appeal{ID: ids.New(), WarningID: w.ID, AccountID: sc.alice.ID, OrderID: sc.order.ID, TargetID: sc.t[0].ID,
		Text: "This is satire.", State: agora.AppealPending, Deadline: legalTime(83), CreatedAt: legalTime(11)}
	mustOK(t, s.CreateAppeal(ctx, a, nil), "CreateAppeal")
	if a.CreatedAt != ms(legalTime(11)) || a.Deadline != ms(legalTime(83)) {
		t.Errorf("appeal times not normalized in place: %v %v", a.CreatedAt, a.Deadline)
	}
	again := *a
	again.ID = ids.New()
	wantCode(t, s.CreateAppeal(ctx, &again, nil), agora.ECONFLICT)

	got, err := s.AccountWarning(ctx, w.ID)
	mustOK(t, err, "AccountWarning")
	equal(t, "the warning's appeal", got.Appeal, a)
	one, err := s.Appeal(ctx, a.ID)
	mustOK(t, err, "Appeal")
	equal(t, "appeal", one, a)
	_, err = s.Appeal(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
	list, err := s.AppealsOfTargets(ctx, []agora.ID{sc.t[0].ID, sc.t[1].ID})
	mustOK(t, err, "AppealsOfTargets")
	equal(t, "appeals of targets", list, []*agora.Appeal{a})

	withAppeal := func(state agora.AppealState) []agora.ID {
		t.Helper()
		ts, err := s.Targets(ctx, agora.TargetQuery{OrderID: sc.order.ID, Appeal: state})
		mustOK(t, err, "Targets")
		out := []agora.ID{}
		for _, tg := range ts {
			out = append(out, tg.ID)
		}
		return out
	}
	equal(t, "targets with a pending appeal", withAppeal(agora.AppealPending), []agora.ID{sc.t[0].ID})
	equal(t, "targets with an approved appeal", withAppeal(agora.AppealApproved), []agora.ID{})

	answered := *a
	answered.State, answered.Answer, answered.AnsweredBy, answered.AnsweredAt = agora.AppealApproved, "Granted.", 42, legalTime(12)
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Appeal: &answered})
	mustOK(t, err, "ApplyDecisions answering the appeal")
	one, err = s.Appeal(ctx, a.ID)
	mustOK(t, err, "Appeal")
	equal(t, "answered appeal", one, &answered)
	equal(t, "targets with a pending appeal after the answer", withAppeal(agora.AppealPending), []agora.ID{})
	equal(t, "targets with an approved appeal after the answer", withAppeal(agora.AppealApproved), []agora.ID{sc.t[0].ID})

	// Answered once: a second answer changes nothing.
	second := answered
	second.State, second.Answer = agora.AppealRejected, "Refused."
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Appeal: &second})
	wantCode(t, err, agora.ECONFLICT)
	one, err = s.Appeal(ctx, a.ID)
	mustOK(t, err, "Appeal")
	equal(t, "appeal after a second answer", one, &answered)
}

// testOrdersOverdueAppeal: an appeal past its deadline makes its order overdue,
// in Order.Overdue and in the Overdue filter alike, until it is answered.
func testOrdersOverdueAppeal(t *testing.T, s agora.Store) {
	sc := newScene(t, s)
	ctx := t.Context()
	w := sc.warning(sc.alice, sc.t[0], legalTime(0))
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Warnings: []*agora.AccountWarning{w}})
	mustOK(t, err, "ApplyDecisions")
	deadline := ms(legalTime(30)) // before the order's own deadline to decide, legalTime(48)
	a := &agora.Appeal{ID: ids.New(), WarningID: w.ID, AccountID: sc.alice.ID, OrderID: sc.order.ID, TargetID: sc.t[0].ID,
		Text: "This is satire.", State: agora.AppealPending, Deadline: deadline, CreatedAt: legalTime(11)}
	mustOK(t, s.CreateAppeal(ctx, a, nil), "CreateAppeal")
	equal(t, "appeal deadline of the order", mustOrder(t, s, sc.order.ID).AppealDeadline, deadline)

	check := func(when string, now time.Time, want bool) {
		t.Helper()
		o := mustOrder(t, s, sc.order.ID)
		if o.Overdue(now) != want {
			t.Errorf("%s: Order.Overdue is %v, want %v", when, !want, want)
		}
		got, err := s.Orders(ctx, agora.OrderQuery{Overdue: true, Now: now, Limit: 200})
		mustOK(t, err, "Orders")
		if slices.Contains(orderIDs(got), sc.order.ID) != want {
			t.Errorf("%s: in the overdue filter %v, want %v", when, !want, want)
		}
	}
	check("before the appeal's deadline", deadline.Add(-time.Millisecond), false)
	check("at the appeal's deadline", deadline, false)
	check("past the appeal's deadline", deadline.Add(time.Nanosecond), true)
	check("later", deadline.Add(time.Hour), true)

	answered := *a
	answered.State, answered.Answer, answered.AnsweredBy, answered.AnsweredAt = agora.AppealRejected, "Refused.", 42, legalTime(31)
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Appeal: &answered})
	mustOK(t, err, "ApplyDecisions answering the appeal")
	equal(t, "appeal deadline of the order once answered", mustOrder(t, s, sc.order.ID).AppealDeadline, time.Time{})
	check("answered", deadline.Add(time.Hour), false)
}
