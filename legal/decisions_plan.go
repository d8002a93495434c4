package legal

import (
	"context"
	"fmt"
	"strings"

	"agora"
)

// plan is a decision worked out: the batch to apply and its impact.
type plan struct {
	batch       *agora.DecisionBatch
	impact      *Impact
	skipped     int
	firstEffect bool
	authority   *agora.Authority // the order's, for the owners' warnings
}

// plan works out what the decision does to each target.
func (d *desk) plan(ctx context.Context, actor *agora.Account, o *agora.Order, in DecisionInput, targets []*agora.Target) (*plan, error) {
	now := d.clock()
	explicit := in.Filter == nil
	p := &plan{batch: &agora.DecisionBatch{OrderID: o.ID, LiftedAt: now, SuspendedAt: now}, impact: &Impact{PerCountry: map[string]CountryImpact{}}}
	subjects, err := d.loadSubjects(ctx, targets)
	if err != nil {
		return nil, err
	}
	switch in.Action {
	case agora.ActionWithhold, agora.ActionRemove:
		if p.authority, err = d.orderAuthority(ctx, o); err != nil {
			return nil, err
		}
	}
	// The rules in force by target, read once: a lift looks its target's up.
	rulesByTarget := map[agora.ID][]*agora.Rule{}
	if in.Action == agora.ActionLift {
		orderRules, err := d.store.RulesOfOrder(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range orderRules {
			if r.LiftedAt.IsZero() {
				rulesByTarget[r.TargetID] = append(rulesByTarget[r.TargetID], r)
			}
		}
	}
	if in.Action == agora.ActionWithhold && !o.InScope(in.Countries) {
		if err := d.checkEscalated(ctx, actor, o, in, targets); err != nil {
			return nil, err
		}
	}
	noted := strings.TrimSpace(in.Note) != ""
	var unnoted []*agora.Target // going against what other orders decided, without a note
	for _, t := range targets {
		ok, err := d.applicable(t, in.Action, explicit)
		if err != nil {
			return nil, err
		}
		if !ok {
			p.skipped++
			continue
		}
		if !noted && goesAgainst(t, in.Action) {
			unnoted = append(unnoted, t)
		}
		dec := &agora.Decision{ID: d.ids.New(), OrderID: o.ID, TargetID: t.ID, Action: in.Action, Note: in.Note, CreatedAt: now}
		if actor != nil {
			dec.ActorID = actor.ID
		}
		switch in.Action {
		case agora.ActionWithhold:
			dec.Countries, dec.Reason = in.Countries, agora.WithholdReason(in.Reason)
			d.planWithhold(p, o, t, subjects, dec, false, actor)
		case agora.ActionRemove:
			dec.Countries, dec.Reason = []string{agora.AllCountries}, agora.ReasonLocalLaw
			d.planWithhold(p, o, t, subjects, dec, true, actor)
		case agora.ActionLift:
			for _, r := range rulesByTarget[t.ID] {
				p.batch.LiftRuleIDs = append(p.batch.LiftRuleIDs, r.ID)
			}
			if t.State == agora.TargetRemoved && t.Kind == agora.SubjectAccount {
				p.batch.UnsuspendAccounts = append(p.batch.UnsuspendAccounts, t.SubjectID)
			}
			why := in.liftWhy
			if why == "" {
				why = "the decision was reversed"
			}
			d.planLiftWarning(p.batch, o, t, subjects, rulesByTarget[t.ID], why, now)
			t.State, t.Countries = agora.TargetLifted, nil
		case agora.ActionDecline:
			dec.ReasonCode = in.ReasonCode
			t.State, t.ReasonCode = agora.TargetDeclined, in.ReasonCode
		case agora.ActionEscalate:
			// An escalation of content in force keeps it in force: the state says
			// what is enforced, the decision records the escalation.
			if t.State != agora.TargetWithheld && t.State != agora.TargetRemoved {
				t.State = agora.TargetEscalated
			}
		}
		if in.Action != agora.ActionComment {
			t.UpdatedAt = now
			p.batch.Targets = append(p.batch.Targets, t)
		}
		p.batch.Decisions = append(p.batch.Decisions, dec)
		ev := d.event(ctx, actor, "decision."+string(in.Action), "target", t.ID, decisionSummary(o, t, dec))
		d.announceTarget(ev, o, t, dec, rulesByTarget[t.ID])
		p.batch.Events = append(p.batch.Events, ev)
	}
	p.impact.Skipped = p.skipped
	if len(unnoted) > 0 {
		return nil, unnotedConflict(in.Action, unnoted)
	}
	if len(p.batch.Decisions) == 0 {
		if explicit && p.skipped > 0 {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: none of the targets can be given this decision.")
		}
		return p, nil
	}
	o.State = advance(o.State)
	if (in.Action == agora.ActionWithhold || in.Action == agora.ActionRemove) && o.FirstEffectAt.IsZero() {
		o.FirstEffectAt, p.firstEffect = now, true
	}
	p.batch.Order = o
	p.batch.Events = append(p.batch.Events, d.event(ctx, actor, "order.decide", "order", o.ID,
		fmt.Sprintf("%s on %d targets (%d skipped)", in.Action, len(p.batch.Decisions), p.skipped)))
	return p, nil
}

// advance moves an order into review when a decision is made on it.
func advance(s agora.OrderState) agora.OrderState {
	if s == agora.OrderReceived || s == agora.OrderAcknowledged {
		return agora.OrderInReview
	}
	return s
}

// applicable reports whether the action applies to the target. A target listed
// explicitly that cannot take the action is an error; one selected by a filter is
// skipped.
func (d *desk) applicable(t *agora.Target, a agora.DecisionAction, explicit bool) (bool, error) {
	fail := func(why string) (bool, error) {
		if explicit {
			return false, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: target %s (%q) %s.", t.ID, truncate(t.Input, 80), why)
		}
		return false, nil
	}
	resolved := t.Resolution == agora.ResolutionResolved || t.Resolution == agora.ResolutionAlreadyWithheld
	switch a {
	case agora.ActionWithhold:
		if !resolved {
			return fail("is " + string(t.Resolution) + " and cannot be withheld")
		}
	case agora.ActionRemove:
		if !resolved {
			return fail("is " + string(t.Resolution) + " and cannot be removed")
		}
		if t.Kind == agora.SubjectHashtag {
			return fail("is a hashtag; remove applies to accounts and statuses")
		}
		if t.State == agora.TargetRemoved {
			return fail("is removed already")
		}
	case agora.ActionLift:
		if t.State != agora.TargetWithheld && t.State != agora.TargetRemoved {
			return fail("is not withheld or removed")
		}
	case agora.ActionDecline:
		if t.State == agora.TargetWithheld || t.State == agora.TargetRemoved {
			return fail("is " + string(t.State) + "; lift it before declining")
		}
	}
	return true, nil
}

// checkEscalated enforces that withholding outside the order's territorial scope
// follows an escalation of each target and is decided by an admin.
func (d *desk) checkEscalated(ctx context.Context, actor *agora.Account, o *agora.Order, in DecisionInput, targets []*agora.Target) error {
	if actor != nil && actor.Role != agora.RoleAdmin {
		return agora.Errorf(agora.EFORBIDDEN, "Withholding outside the order's territorial scope (%s) needs an admin, after an escalation.", strings.Join(o.TerritorialScope, ","))
	}
	decisions, err := d.store.Decisions(ctx, o.ID, 0)
	if err != nil {
		return err
	}
	escalated := map[agora.ID]bool{}
	for _, dec := range decisions {
		if dec.Action == agora.ActionEscalate {
			escalated[dec.TargetID] = true
		}
	}
	for _, t := range targets {
		if !escalated[t.ID] {
			return agora.Errorf(agora.EFORBIDDEN, "Target %s must be escalated before it is withheld outside the order's territorial scope.", t.ID)
		}
	}
	return nil
}

// subjects are the accounts and statuses targets resolved to.
type subjects struct {
	accounts map[agora.ID]*agora.Account
	statuses map[agora.ID]*agora.Status
}

// loadSubjects loads in a few round trips the accounts and statuses of the targets,
// and the authors of the statuses.
func (d *desk) loadSubjects(ctx context.Context, targets []*agora.Target) (*subjects, error) {
	var accountIDs, statusIDs []agora.ID
	for _, t := range targets {
		switch t.Kind {
		case agora.SubjectAccount:
			accountIDs = append(accountIDs, t.SubjectID)
		case agora.SubjectStatus:
			statusIDs = append(statusIDs, t.SubjectID)
		}
	}
	s := &subjects{statuses: map[agora.ID]*agora.Status{}}
	var err error
	if len(statusIDs) > 0 {
		if s.statuses, err = d.store.Statuses(ctx, statusIDs); err != nil {
			return nil, err
		}
		for _, st := range s.statuses {
			accountIDs = append(accountIDs, st.AccountID)
		}
	}
	s.accounts = map[agora.ID]*agora.Account{}
	if len(accountIDs) > 0 {
		if s.accounts, err = d.store.Accounts(ctx, accountIDs); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// decisionSummary is the audit line of one decision; it names no staff.
func decisionSummary(o *agora.Order, t *agora.Target, dec *agora.Decision) string {
	s := fmt.Sprintf("order %s target %d (%s): %s", o.Number, t.Position, truncate(t.Input, 80), dec.Action)
	if len(dec.Countries) > 0 {
		s += " in " + strings.Join(dec.Countries, ",")
	}
	if dec.ReasonCode != "" {
		s += " (" + dec.ReasonCode + ")"
	}
	if goesAgainst(t, dec.Action) {
		s += "; against: " + against(t, dec.Action)
	}
	return s
}
