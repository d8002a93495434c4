package storetest

import (
	"testing"

	"agora"
)

// What a reviewer works with beside a target: who it is assigned to, and what
// other orders decided on its subject.

func testAssignTarget(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	lena, omar := f.account("lena"), f.account("omar")
	targets := newTargets(3)
	o := f.order(newOrder(), targets)

	got, err := s.Target(ctx, targets[1].ID)
	mustOK(t, err, "Target")
	equal(t, "target", got, allTargets(t, s, o.ID)[1])
	_, err = s.Target(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)

	ev := newEvent("target.assign", "target", targets[1].ID)
	mustOK(t, s.AssignTarget(ctx, targets[1].ID, lena.ID, []*agora.AuditEvent{ev}), "AssignTarget")
	mustOK(t, s.AssignTarget(ctx, targets[2].ID, omar.ID, nil), "AssignTarget")
	assignees := func() []agora.ID {
		var out []agora.ID
		for _, tg := range allTargets(t, s, o.ID) {
			out = append(out, tg.AssignedTo)
		}
		return out
	}
	equal(t, "assignees", assignees(), []agora.ID{0, lena.ID, omar.ID})
	equal(t, "audit", auditOf(t, s, "target", targets[1].ID), []*agora.AuditEvent{ev})

	mine, err := s.Targets(ctx, agora.TargetQuery{OrderID: o.ID, AssignedTo: lena.ID})
	mustOK(t, err, "Targets assigned to lena")
	equal(t, "lena's targets", len(mine), 1)
	if len(mine) == 1 && mine[0].ID != targets[1].ID {
		t.Errorf("lena's target is %d, want %d", mine[0].ID, targets[1].ID)
	}

	// No such account, no such target: nothing changes, no event.
	err = s.AssignTarget(ctx, targets[0].ID, ids.New(), []*agora.AuditEvent{newEvent("target.assign", "target", targets[0].ID)})
	wantCode(t, err, agora.ENOTFOUND)
	err = s.AssignTarget(ctx, ids.New(), lena.ID, []*agora.AuditEvent{newEvent("target.assign", "target", targets[0].ID)})
	wantCode(t, err, agora.ENOTFOUND)
	equal(t, "assignees after failures", assignees(), []agora.ID{0, lena.ID, omar.ID})
	equal(t, "audit after failures", auditOf(t, s, "target", targets[0].ID), []*agora.AuditEvent{})

	mustOK(t, s.AssignTarget(ctx, targets[1].ID, 0, nil), "AssignTarget to nobody")
	equal(t, "assignees after unassigning", assignees(), []agora.ID{0, 0, omar.ID})
}

func testSubjectDecisions(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	st := f.status(alice, "hello")
	// Three orders naming alice, her status and #tag; the third also bob's
	// account (an ID that only an account target has) and an unresolved target.
	naming := func() []*agora.Target {
		return []*agora.Target{
			newTarget(func(t *agora.Target) { t.Kind, t.SubjectID = agora.SubjectAccount, alice.ID }),
			newTarget(func(t *agora.Target) { t.Kind, t.SubjectID = agora.SubjectStatus, st.ID }),
			newTarget(func(t *agora.Target) { t.Kind, t.SubjectID, t.Hashtag = agora.SubjectHashtag, 0, "tag" }),
			newTarget(func(t *agora.Target) {
				t.Kind, t.SubjectID, t.Resolution = "", 0, agora.ResolutionUnresolved
			}),
		}
	}
	var orders []*agora.Order
	var targets [][]*agora.Target
	for range 3 {
		ts := naming()
		orders = append(orders, f.order(newOrder(func(o *agora.Order) { o.State = agora.OrderInReview }), ts))
		targets = append(targets, ts)
	}
	decide := func(o int, tg int, action agora.DecisionAction, h float64) *agora.Decision {
		d := &agora.Decision{ID: ids.New(), OrderID: orders[o].ID, TargetID: targets[o][tg].ID, Action: action,
			ReasonCode: "protected_speech", Note: "n", CreatedAt: legalTime(10 + h)}
		if action != agora.ActionDecline {
			d.ReasonCode, d.Countries, d.Reason = "", []string{"IN"}, agora.ReasonLegalDemand
		}
		_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: orders[o].ID, Decisions: []*agora.Decision{d}})
		mustOK(t, err, "ApplyDecisions")
		d.CreatedAt = ms(d.CreatedAt)
		return d
	}
	// Out of creation order in time: the answer is by time.
	declined := decide(0, 0, agora.ActionDecline, 2)
	withheld := decide(1, 0, agora.ActionWithhold, 1)
	tagged := decide(1, 2, agora.ActionWithhold, 3)
	status := decide(0, 1, agora.ActionComment, 4)
	mine := decide(2, 0, agora.ActionWithhold, 5)

	account := agora.Subject{Kind: agora.SubjectAccount, ID: alice.ID}
	sd := func(d *agora.Decision, o int, subj agora.Subject) *agora.SubjectDecision {
		return &agora.SubjectDecision{Decision: d, Subject: subj, OrderNumber: orders[o].Number}
	}
	tag := agora.Subject{Kind: agora.SubjectHashtag, Hashtag: "tag"}
	statusSubject := agora.Subject{Kind: agora.SubjectStatus, ID: st.ID}
	for _, tc := range []struct {
		name     string
		subjects []agora.Subject
		except   agora.ID
		want     []*agora.SubjectDecision
	}{
		{"every order", []agora.Subject{account}, 0,
			[]*agora.SubjectDecision{sd(withheld, 1, account), sd(declined, 0, account), sd(mine, 2, account)}},
		{"but the third", []agora.Subject{account, tag, statusSubject}, orders[2].ID,
			[]*agora.SubjectDecision{sd(withheld, 1, account), sd(declined, 0, account), sd(tagged, 1, tag), sd(status, 0, statusSubject)}},
		// The status's ID is not an account's: kinds are told apart.
		{"kinds apart", []agora.Subject{{Kind: agora.SubjectAccount, ID: st.ID}, {Kind: agora.SubjectStatus, ID: alice.ID}}, 0, nil},
		{"unknown kind", []agora.Subject{{Kind: "person", ID: alice.ID}}, 0, nil},
		{"none", nil, 0, nil},
	} {
		got, err := s.SubjectDecisions(ctx, tc.subjects, tc.except)
		mustOK(t, err, "SubjectDecisions "+tc.name)
		equal(t, tc.name, got, tc.want)
	}
}
