package legal

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"agora"
)

// What a reviewer sees beside a target: the decisions on its subject in other
// orders and whether a decision here would go against them (agora.Conflict);
// and who reviews it.

// elsewhere fills the Elsewhere and Conflict of each target of the order that
// names a subject, in one read of the store for all of them.
func (d *desk) elsewhere(ctx context.Context, orderID agora.ID, targets []*agora.Target) error {
	seen := map[agora.Subject]bool{}
	var subjects []agora.Subject
	for _, t := range targets {
		if s := t.Subject(); s.Kind != "" && !seen[s] {
			seen[s] = true
			subjects = append(subjects, s)
		}
	}
	if len(subjects) == 0 {
		return nil
	}
	list, err := d.store.SubjectDecisions(ctx, subjects, orderID)
	if err != nil {
		return err
	}
	bySubject := make(map[agora.Subject][]*agora.SubjectDecision, len(subjects))
	for _, sd := range list {
		if sd.Action != agora.ActionComment {
			bySubject[sd.Subject] = append(bySubject[sd.Subject], sd)
		}
	}
	for _, t := range targets {
		if t.Kind != "" {
			t.Elsewhere = bySubject[t.Subject()]
			t.Conflict = conflictOf(t.State, t.Elsewhere)
		}
	}
	return nil
}

// standing returns what stands of the decisions, by target: the latest of each
// target's withhold, remove, decline and lift decisions, unless it is a lift;
// oldest first. elsewhere must be oldest first.
func standing(elsewhere []*agora.SubjectDecision) []*agora.SubjectDecision {
	if len(elsewhere) == 0 {
		return nil
	}
	last := map[agora.ID]*agora.SubjectDecision{}
	for _, sd := range elsewhere {
		switch sd.Action {
		case agora.ActionWithhold, agora.ActionRemove, agora.ActionDecline, agora.ActionLift:
			last[sd.TargetID] = sd
		}
	}
	var out []*agora.SubjectDecision
	for _, sd := range last {
		if sd.Action != agora.ActionLift {
			out = append(out, sd)
		}
	}
	slices.SortFunc(out, func(a, b *agora.SubjectDecision) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// opposes reports whether deciding action goes against a standing decision
// stood: a decline against a withhold or a removal, or the reverse.
func opposes(stood, action agora.DecisionAction) bool {
	enforcing := func(a agora.DecisionAction) bool { return a == agora.ActionWithhold || a == agora.ActionRemove }
	return (stood == agora.ActionDecline && enforcing(action)) || (enforcing(stood) && action == agora.ActionDecline)
}

// conflictOf is the conflict of a target in the state with the decisions on
// its subject in other orders (oldest first); nil when nothing stands there,
// or when the target is decided (withheld, removed, declined) as they are.
func conflictOf(state agora.TargetState, elsewhere []*agora.SubjectDecision) *agora.Conflict {
	c := &agora.Conflict{With: standing(elsewhere)}
	for _, a := range []agora.DecisionAction{agora.ActionWithhold, agora.ActionRemove, agora.ActionDecline} {
		for _, sd := range c.With {
			if opposes(sd.Action, a) {
				c.NeedsNote = append(c.NeedsNote, a)
				break
			}
		}
	}
	switch state {
	case agora.TargetWithheld, agora.TargetRemoved:
		c.Decided = slices.Contains(c.NeedsNote, agora.ActionWithhold)
	case agora.TargetDeclined:
		c.Decided = slices.Contains(c.NeedsNote, agora.ActionDecline)
	default:
		if len(c.With) > 0 {
			return c
		}
	}
	if !c.Decided {
		return nil
	}
	return c
}

// goesAgainst reports whether deciding action on t goes against a decision of
// another order that stands (t.Elsewhere, filled by elsewhere).
func goesAgainst(t *agora.Target, action agora.DecisionAction) bool {
	for _, sd := range standing(t.Elsewhere) {
		if opposes(sd.Action, action) {
			return true
		}
	}
	return false
}

// against names the standing decisions of other orders on t's subject that
// action goes against: "declined (protected_speech) in order 2026-000003".
func against(t *agora.Target, action agora.DecisionAction) string {
	var parts []string
	for _, sd := range standing(t.Elsewhere) {
		switch {
		case !opposes(sd.Action, action):
		case sd.Action == agora.ActionDecline:
			parts = append(parts, fmt.Sprintf("declined (%s) in order %s", sd.ReasonCode, sd.OrderNumber))
		default:
			parts = append(parts, fmt.Sprintf("%s in %s in order %s", pastTense(sd.Action), strings.Join(sd.Countries, ","), sd.OrderNumber))
		}
	}
	return strings.Join(parts, "; ")
}

func pastTense(a agora.DecisionAction) string {
	if a == agora.ActionRemove {
		return "removed"
	}
	return "withheld"
}

// unnotedConflict is the refusal of a decision without a note on targets where
// it goes against what other orders decided and still stands (unnoted, at
// least one).
func unnotedConflict(action agora.DecisionAction, unnoted []*agora.Target) error {
	t := unnoted[0]
	which := fmt.Sprintf("target %d (%q) was %s", t.Position, truncate(t.Input, 80), against(t, action))
	if len(unnoted) > 1 {
		which = fmt.Sprintf("%d targets go against decisions on the same subjects in other orders; the first, %s", len(unnoted), which)
	}
	return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: %s. A %s against it needs a note saying why; nothing was decided.", which, action)
}

// AssignTarget gives one target to a staff member to review, recorded in the
// audit trail (target.assign on the target), and returns the target with the
// decisions on its subject elsewhere and its appeal. ENOTFOUND for no such
// target; EUNPROCESSABLE when staffID is not staff with legal access.
func (d *Intake) AssignTarget(ctx context.Context, actor *agora.Account, id, staffID agora.ID) (*agora.Target, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	t, err := d.store.Target(ctx, id)
	if err != nil {
		return nil, err
	}
	a, err := d.store.Account(ctx, staffID)
	if agora.ErrorCode(err) == agora.ENOTFOUND || (err == nil && !a.StaffAt(d.now())) {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: targets can be assigned only to staff with legal access.")
	} else if err != nil {
		return nil, err
	}
	o, err := d.store.Order(ctx, t.OrderID)
	if err != nil {
		return nil, err
	}
	ev := d.event(ctx, actor, "target.assign", "target", t.ID, fmt.Sprintf("order %s target %d (%s) assigned to staff account %s",
		o.Number, t.Position, truncate(t.Input, 80), a.ID))
	if err := d.store.AssignTarget(ctx, t.ID, a.ID, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	t.AssignedTo = a.ID
	list := []*agora.Target{t}
	if err := d.appealsOf(ctx, list); err != nil {
		return nil, err
	}
	if err := d.elsewhere(ctx, t.OrderID, list); err != nil {
		return nil, err
	}
	return t, nil
}
