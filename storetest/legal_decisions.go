package storetest

import (
	"slices"
	"testing"
	"time"

	"agora"
)

// scene is an order on alice's and bob's content: targets t[0] alice's status
// st[0], t[1] alice's account, t[2] a hashtag, t[3] unresolved.
type scene struct {
	f          *fixture
	alice, bob *agora.Account
	st         []*agora.Status // alice's two, bob's one
	order      *agora.Order
	t          []*agora.Target
}

func newScene(t *testing.T, s agora.Store) *scene {
	f := newFixture(t, s)
	sc := &scene{f: f, alice: f.account("alice"), bob: f.account("bob")}
	sc.st = []*agora.Status{f.status(sc.alice, "first"), f.status(sc.alice, "second"), f.status(sc.bob, "bob's")}
	sc.t = []*agora.Target{
		newTarget(func(t *agora.Target) { t.SubjectID = sc.st[0].ID }),
		newTarget(func(t *agora.Target) { t.Kind, t.SubjectID, t.Input = agora.SubjectAccount, sc.alice.ID, "@alice" }),
		newTarget(func(t *agora.Target) {
			t.Kind, t.SubjectID, t.Hashtag, t.Input = agora.SubjectHashtag, 0, "banned", "#banned"
		}),
		newTarget(func(t *agora.Target) {
			t.Kind, t.SubjectID, t.Resolution, t.Cause = "", 0, agora.ResolutionUnresolved, "not found"
		}),
	}
	sc.order = f.order(newOrder(func(o *agora.Order) {
		o.State, o.FirstEffectAt, o.AnsweredAt, o.ClosedAt, o.RevokedAt = agora.OrderInReview, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	}), sc.t)
	return sc
}

// decision returns a decision on the target at legalTime(10+h).
func (sc *scene) decision(target *agora.Target, action agora.DecisionAction, h float64) *agora.Decision {
	return &agora.Decision{ID: ids.New(), OrderID: sc.order.ID, TargetID: target.ID, Action: action,
		Countries: []string{"IN", "PK"}, Reason: agora.ReasonLegalDemand, Note: "per order", ActorID: 42,
		CreatedAt: legalTime(10 + h)}
}

// rule returns a rule of the scene's order on the target.
func (sc *scene) rule(target *agora.Target) *agora.Rule {
	return newRule(func(r *agora.Rule) {
		r.Kind, r.SubjectID, r.Hashtag = target.Kind, target.SubjectID, target.Hashtag
		r.OrderID, r.TargetID, r.Origin, r.CreatedBy = sc.order.ID, target.ID, "order:"+sc.order.ID.String(), 42
	})
}

// changed returns a copy of the target with a new state.
func changed(t *agora.Target, state agora.TargetState, countries []string, code string, h float64) *agora.Target {
	c := *t
	c.State, c.Countries, c.ReasonCode, c.UpdatedAt = state, countries, code, legalTime(10+h)
	return &c
}

// warning returns a warning to the account about the target.
func (sc *scene) warning(to *agora.Account, target *agora.Target, notifyAfter time.Time) *agora.AccountWarning {
	return &agora.AccountWarning{ID: ids.New(), AccountID: to.ID, Action: "none", Text: "Withheld in IN, PK",
		StatusIDs: []agora.ID{sc.st[0].ID, sc.st[1].ID}, OrderID: sc.order.ID, TargetID: target.ID,
		NotifyAfter: notifyAfter, CreatedAt: legalTime(10.5)}
}

// warningNote returns the moderation_warning notification of w.
func warningNote(w *agora.AccountWarning) *agora.Notification {
	return &agora.Notification{ID: ids.New(), AccountID: w.AccountID, Type: agora.NotifyModerationWarning,
		WarningID: w.ID, CreatedAt: legalTime(10.75)}
}

func decisionEvents(ds []*agora.Decision) []*agora.AuditEvent {
	out := make([]*agora.AuditEvent, len(ds))
	for i, d := range ds {
		out[i] = newEvent("decision."+string(d.Action), "target", d.TargetID)
	}
	return out
}

func msTimes(ts ...*time.Time) {
	for _, t := range ts {
		*t = ms(*t)
	}
}

func testApplyDecisions(t *testing.T, s agora.Store) {
	sc := newScene(t, s)
	ctx := t.Context()
	_, err := s.CreateRules(ctx, []*agora.Rule{newRule()}, nil) // another rule: version 1
	mustOK(t, err, "CreateRules")

	d := []*agora.Decision{sc.decision(sc.t[0], agora.ActionWithhold, 0), sc.decision(sc.t[1], agora.ActionWithhold, 0.1),
		sc.decision(sc.t[3], agora.ActionDecline, 0.2)}
	d[2].Countries, d[2].Reason, d[2].ReasonCode = nil, "", "not_found"
	targets := []*agora.Target{changed(sc.t[0], agora.TargetWithheld, []string{"IN", "PK"}, "", 0),
		changed(sc.t[1], agora.TargetWithheld, []string{"IN"}, "", 0.1),
		changed(sc.t[3], agora.TargetDeclined, nil, "not_found", 0.2)}
	rules := []*agora.Rule{sc.rule(sc.t[0]), sc.rule(sc.t[1])}
	now, held := sc.warning(sc.alice, sc.t[0], time.Time{}), sc.warning(sc.alice, sc.t[1], legalTime(24*40))
	note := warningNote(now)
	order := *sc.order
	order.State, order.FirstEffectAt, order.AnsweredAt = agora.OrderAnswered, legalTime(10.9), legalTime(10.95)
	order.Reference, order.Deadline, order.AssignedTo = "not written", legalTime(99), 0
	events := append(decisionEvents(d), ruleEvents("rule.create", ruleIDs(rules))...)
	b := &agora.DecisionBatch{OrderID: sc.order.ID, Decisions: d, Targets: targets, NewRules: rules,
		Warnings: []*agora.AccountWarning{now, held}, Notifications: []*agora.Notification{note},
		Order: &order, Events: events}
	v, err := s.ApplyDecisions(ctx, b)
	mustOK(t, err, "ApplyDecisions")
	if v != 2 {
		t.Errorf("version = %d, want 2", v)
	}
	mustVersion(t, s, 2)

	if want := ms(legalTime(10)); d[0].CreatedAt != want {
		t.Errorf("decision CreatedAt not normalized in place: %v, want %v", d[0].CreatedAt, want)
	}
	got, err := s.Decisions(ctx, sc.order.ID, 0)
	mustOK(t, err, "Decisions")
	equal(t, "decisions", got, d)
	got, err = s.Decisions(ctx, sc.order.ID, sc.t[1].ID)
	mustOK(t, err, "Decisions of a target")
	equal(t, "decisions of a target", got, d[1:2])
	got, err = s.Decisions(ctx, ids.New(), 0)
	mustOK(t, err, "Decisions of a missing order")
	equal(t, "decisions of a missing order", got, []*agora.Decision{})

	for _, tg := range targets {
		msTimes(&tg.UpdatedAt)
	}
	equal(t, "targets", allTargets(t, s, sc.order.ID), []*agora.Target{targets[0], targets[1], sc.t[2], targets[2]})
	byOrder, err := s.RulesOfOrder(ctx, sc.order.ID)
	mustOK(t, err, "RulesOfOrder")
	equal(t, "rules of the order", byOrder, rules)
	changes, cv, err := s.RuleChanges(ctx, 1)
	mustOK(t, err, "RuleChanges")
	equal(t, "rule changes", changes, rules)
	if cv != 2 {
		t.Errorf("RuleChanges version = %d, want 2", cv)
	}

	// The warning notified with the batch is stored notified at its notification's time.
	if now.NotifiedAt != note.CreatedAt || note.CreatedAt != ms(legalTime(10.75)) {
		t.Errorf("NotifiedAt %v, notification at %v; want both %v", now.NotifiedAt, note.CreatedAt, ms(legalTime(10.75)))
	}
	for _, w := range []*agora.AccountWarning{now, held} {
		got, err := s.AccountWarning(ctx, w.ID)
		mustOK(t, err, "AccountWarning")
		equal(t, "warning", got, w)
	}
	if !held.NotifiedAt.IsZero() {
		t.Errorf("held warning notified at %v", held.NotifiedAt)
	}
	_, err = s.AccountWarning(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
	notes, err := s.Notifications(ctx, sc.alice.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	equal(t, "notifications", notes, []*agora.Notification{note})

	// Only the order's state and times of effect are written.
	want := *sc.order
	want.State, want.FirstEffectAt, want.AnsweredAt = agora.OrderAnswered, ms(legalTime(10.9)), ms(legalTime(10.95))
	want.Version = sc.order.Version + 1
	if b.Order.Version != want.Version {
		t.Errorf("the batch's order has version %d after it, want %d", b.Order.Version, want.Version)
	}
	equal(t, "order", mustOrder(t, s, sc.order.ID), &want)
	var audit []*agora.AuditEvent
	for _, tg := range sc.t {
		audit = append(audit, auditOf(t, s, "target", tg.ID)...)
	}
	equal(t, "audit of targets", audit, events[:3])
	equal(t, "audit of rules", append(auditOf(t, s, "rule", rules[0].ID), auditOf(t, s, "rule", rules[1].ID)...), events[3:])

	// A second batch lifts a rule.
	lift := sc.decision(sc.t[0], agora.ActionLift, 1)
	lifted := changed(targets[0], agora.TargetLifted, nil, "", 1)
	at := legalTime(11)
	v, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Decisions: []*agora.Decision{lift},
		Targets: []*agora.Target{lifted}, LiftRuleIDs: []agora.ID{rules[0].ID}, LiftedAt: at,
		Events: ruleEvents("rule.lift", []agora.ID{rules[0].ID})})
	mustOK(t, err, "ApplyDecisions (lift)")
	if v != 3 {
		t.Errorf("version after the lift = %d, want 3", v)
	}
	rules[0].LiftedAt = ms(at)
	byOrder, err = s.RulesOfOrder(ctx, sc.order.ID)
	mustOK(t, err, "RulesOfOrder")
	equal(t, "rules of the order after the lift", byOrder, rules)
	active, _, err := s.ActiveRules(ctx)
	mustOK(t, err, "ActiveRules")
	if slices.ContainsFunc(active, func(r *agora.Rule) bool { return r.ID == rules[0].ID }) {
		t.Error("the lifted rule is still in force")
	}
	got, err = s.Decisions(ctx, sc.order.ID, sc.t[0].ID)
	mustOK(t, err, "Decisions")
	equal(t, "decisions of the lifted target", got, []*agora.Decision{d[0], lift})

	// A batch that changes no rule leaves the version.
	comment := sc.decision(sc.t[2], agora.ActionComment, 2)
	v, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Decisions: []*agora.Decision{comment}})
	mustOK(t, err, "ApplyDecisions (comment)")
	if v != 3 {
		t.Errorf("version after a comment = %d, want 3", v)
	}
	mustVersion(t, s, 3)
	if n, err := s.RulesOfOrder(ctx, emptyOrder(t, s)); err != nil || len(n) != 0 {
		t.Errorf("RulesOfOrder of an order without rules = %v, %v", n, err)
	}

	// A target not in its order is not found.
	stray := changed(sc.t[2], agora.TargetWithheld, []string{"IN"}, "", 3)
	stray.OrderID = ids.New()
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{Targets: []*agora.Target{stray}})
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: ids.New(), Decisions: []*agora.Decision{sc.decision(sc.t[2], agora.ActionComment, 3)}})
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{LiftRuleIDs: []agora.ID{rules[1].ID}})
	wantCode(t, err, agora.EINVALID)
}

// emptyOrder creates an order without targets and returns its ID.
func emptyOrder(t *testing.T, s agora.Store) agora.ID {
	o := newOrder()
	mustOK(t, s.CreateOrder(t.Context(), o, nil, nil), "CreateOrder")
	return o.ID
}

// legalState is everything a decision batch can change.
type legalState struct {
	Decisions     []*agora.Decision
	Targets       []*agora.Target
	RulesOfOrder  []*agora.Rule
	ActiveRules   []*agora.Rule
	Version       int64
	Order         *agora.Order
	Audit         []*agora.AuditEvent
	Notifications map[agora.ID][]*agora.Notification
	Accounts      map[agora.ID]*agora.Account
	Statuses      map[agora.ID]*agora.Status
	Token         *agora.Token
	Notices       []*agora.OrderNotice
}

func (sc *scene) state(t *testing.T, token string) legalState {
	t.Helper()
	ctx, s := t.Context(), sc.f.s
	var st legalState
	var err error
	st.Decisions, err = s.Decisions(ctx, sc.order.ID, 0)
	mustOK(t, err, "Decisions")
	st.Targets = allTargets(t, s, sc.order.ID)
	st.RulesOfOrder, err = s.RulesOfOrder(ctx, sc.order.ID)
	mustOK(t, err, "RulesOfOrder")
	st.ActiveRules, st.Version, err = s.ActiveRules(ctx)
	mustOK(t, err, "ActiveRules")
	st.Order = mustOrder(t, s, sc.order.ID)
	st.Audit, err = s.Audit(ctx, agora.AuditQuery{Limit: 1000})
	mustOK(t, err, "Audit")
	st.Notifications = map[agora.ID][]*agora.Notification{}
	for _, a := range []*agora.Account{sc.alice, sc.bob} {
		st.Notifications[a.ID], err = s.Notifications(ctx, a.ID, agora.NotificationQuery{})
		mustOK(t, err, "Notifications")
	}
	st.Accounts, err = s.Accounts(ctx, []agora.ID{sc.alice.ID, sc.bob.ID})
	mustOK(t, err, "Accounts")
	st.Statuses, err = s.Statuses(ctx, statusIDs(sc.st))
	mustOK(t, err, "Statuses")
	st.Token, err = s.TokenByHash(ctx, token)
	mustOK(t, err, "TokenByHash")
	st.Notices, err = s.OrderNotices(ctx, sc.order.ID)
	mustOK(t, err, "OrderNotices")
	return st
}

// testApplyDecisionsAtomic checks that a batch that fails changes nothing at all.
func testApplyDecisionsAtomic(t *testing.T, s agora.Store) {
	sc := newScene(t, s)
	ctx := t.Context()
	tok := &agora.Token{ID: ids.New(), Hash: "bob-token", AccountID: sc.bob.ID, Scopes: agora.Scopes{"read"},
		CreatedAt: legalTime(0)}
	mustOK(t, s.CreateToken(ctx, tok), "CreateToken")
	sc.f.notify(agora.NotifyFavourite, sc.bob, sc.alice, sc.st[2])
	first := []*agora.Rule{sc.rule(sc.t[0]), sc.rule(sc.t[1])}
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID,
		Decisions: []*agora.Decision{sc.decision(sc.t[0], agora.ActionWithhold, 0), sc.decision(sc.t[1], agora.ActionWithhold, 0)},
		NewRules:  first, Events: ruleEvents("rule.create", ruleIDs(first))})
	mustOK(t, err, "ApplyDecisions")
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{LiftRuleIDs: []agora.ID{first[0].ID}, LiftedAt: legalTime(11)})
	mustOK(t, err, "ApplyDecisions (lift)")
	before := sc.state(t, tok.Hash)

	// batch returns a batch that would change everything, lifting the rules.
	batch := func(lift ...agora.ID) (*agora.DecisionBatch, []*agora.AccountWarning) {
		d := []*agora.Decision{sc.decision(sc.t[2], agora.ActionWithhold, 1), sc.decision(sc.t[3], agora.ActionDecline, 1)}
		w := sc.warning(sc.bob, sc.t[2], time.Time{})
		held := sc.warning(sc.alice, sc.t[2], legalTime(100))
		o := *sc.order
		o.State, o.ClosedAt, o.RevokedAt = agora.OrderClosed, legalTime(12), legalTime(12)
		notice := &agora.OrderNotice{ID: ids.New(), OrderID: sc.order.ID, Kind: agora.NoticeRevocation,
			ReceivedAt: legalTime(12), Summary: "revoked", CreatedAt: legalTime(12)}
		return &agora.DecisionBatch{OrderID: sc.order.ID, Decisions: d, Notice: notice,
			Targets:     []*agora.Target{changed(sc.t[2], agora.TargetWithheld, []string{"IN"}, "", 1), changed(sc.t[3], agora.TargetDeclined, nil, "other", 1)},
			NewRules:    []*agora.Rule{sc.rule(sc.t[2])},
			LiftRuleIDs: lift, LiftedAt: legalTime(12),
			Warnings: []*agora.AccountWarning{w, held}, Notifications: []*agora.Notification{warningNote(w)},
			SuspendAccounts: []agora.ID{sc.bob.ID}, UnsuspendAccounts: []agora.ID{sc.alice.ID}, SuspendedAt: legalTime(12),
			DeleteStatuses: []agora.ID{sc.st[2].ID, sc.st[0].ID},
			Order:          &o, Events: append(decisionEvents(d), newEvent("order.close", "order", sc.order.ID)),
		}, []*agora.AccountWarning{w, held}
	}
	for _, tc := range []struct {
		name string
		lift []agora.ID
		edit func(b *agora.DecisionBatch)
		code string
	}{
		{"UnknownRule", []agora.ID{first[1].ID, ids.New()}, nil, agora.ENOTFOUND},
		{"LiftedRule", []agora.ID{first[1].ID, first[0].ID}, nil, agora.ECONFLICT},
		// Fails at the last step, after everything else.
		{"TakenEventID", []agora.ID{first[1].ID}, func(b *agora.DecisionBatch) { b.Events[1].ID = before.Audit[0].ID }, agora.ECONFLICT},
		{"TakenDecisionID", []agora.ID{first[1].ID}, func(b *agora.DecisionBatch) { b.Decisions[1].ID = before.Decisions[0].ID }, agora.ECONFLICT},
		{"MissingWarnedAccount", nil, func(b *agora.DecisionBatch) { b.Warnings[1].AccountID = ids.New() }, agora.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, warnings := batch(tc.lift...)
			if tc.edit != nil {
				tc.edit(b)
			}
			_, err := s.ApplyDecisions(ctx, b)
			wantCode(t, err, tc.code)
			equal(t, "state after a failed batch", sc.state(t, tok.Hash), before)
			for _, w := range warnings {
				_, err := s.AccountWarning(ctx, w.ID)
				wantCode(t, err, agora.ENOTFOUND)
			}
			for _, r := range b.NewRules {
				_, err := s.Rule(ctx, r.ID)
				wantCode(t, err, agora.ENOTFOUND)
			}
		})
	}

	// The same batch without the bad lift applies.
	b, _ := batch(first[1].ID)
	v, err := s.ApplyDecisions(ctx, b)
	mustOK(t, err, "ApplyDecisions")
	if v != before.Version+1 {
		t.Errorf("version = %d, want %d", v, before.Version+1)
	}
	after := sc.state(t, tok.Hash)
	if len(after.Decisions) != len(before.Decisions)+2 || len(after.ActiveRules) != len(before.ActiveRules) ||
		after.Order.State != agora.OrderClosed || after.Accounts[sc.bob.ID].SuspendedAt.IsZero() ||
		len(after.Statuses) != 1 || after.Token.RevokedAt.IsZero() {
		t.Errorf("the batch did not apply: %+v", after)
	}
	equal(t, "the notice recorded with the batch", after.Notices, []*agora.OrderNotice{b.Notice})
	equal(t, "the order's revocation time", after.Order.RevokedAt, b.Order.RevokedAt)

	// A later batch made from the order as read before the revocation does not
	// undo it.
	stale := *sc.order
	stale.State = agora.OrderClosed
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: sc.order.ID, Order: &stale,
		Decisions: []*agora.Decision{sc.decision(sc.t[3], agora.ActionComment, 2)}})
	mustOK(t, err, "ApplyDecisions (stale order)")
	equal(t, "the revocation time after a stale write", mustOrder(t, s, sc.order.ID).RevokedAt, b.Order.RevokedAt)
}
