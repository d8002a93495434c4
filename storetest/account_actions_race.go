package storetest

import (
	"sync"
	"testing"
	"time"

	"agora"
)

// testModerateAccountUndo: an undoing clears its own time only, reports
// whether it changed anything and is audited only then; an account whose data
// is deleted is not unsuspended.
func testModerateAccountUndo(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	bob := f.account("bob")
	at := legalTime(1)
	f.moderate(bob, false, at, agora.ActionSuspend, agora.ActionSilence, agora.ActionSensitive, agora.ActionDisable)
	if changed := f.moderate(bob, true, time.Time{}, agora.ActionSilence); !changed[0] {
		t.Error("unsilence of a silenced account: Changed false")
	}
	got := f.reload(bob)
	if got.Silenced() || !got.Suspended() || !got.SuspendedByModerators || !got.Sensitized() || !got.Disabled() {
		t.Errorf("after unsilence: suspended %t (moderators %t) silenced %t sensitized %t disabled %t",
			got.Suspended(), got.SuspendedByModerators, got.Silenced(), got.Sensitized(), got.Disabled())
	}
	if changed := f.moderate(bob, true, time.Time{}, agora.ActionSilence); changed[0] {
		t.Error("unsilence of an account not silenced: Changed true")
	}
	evs, err := s.Audit(ctx, agora.AuditQuery{ObjectKind: "account", ObjectID: bob.ID, Limit: 10})
	mustOK(t, err, "Audit")
	if len(evs) != 5 {
		t.Errorf("audit = %d events, want the four actions' and one undoing's", len(evs))
	}
	f.moderate(bob, true, time.Time{}, agora.ActionSuspend, agora.ActionSensitive, agora.ActionDisable)
	if got := f.reload(bob); got.Suspended() || got.SuspendedByModerators || got.Sensitized() || got.Disabled() {
		t.Errorf("after undoing all: %+v", got)
	}

	// Deleted data: unsuspend is refused and changes nothing.
	f.moderate(bob, false, at, agora.ActionSuspend)
	_, _, err = s.DeleteAccountData(ctx, bob.ID, at, nil)
	mustOK(t, err, "DeleteAccountData")
	wantCode(t, s.ModerateAccount(ctx, moderation(bob, agora.ActionSuspend, true, at)), agora.ECONFLICT)
	if got := f.reload(bob); !got.Suspended() || !got.SuspendedByModerators {
		t.Errorf("a deleted account was unsuspended: %+v", got)
	}
}

// testModerateAccountConcurrent: the four actions taken at once on one
// account, with a legal desk's removal among them, all stay. Each write
// applies its own action to the row as it finds it, so none undoes another.
func testModerateAccountConcurrent(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	at := legalTime(1)
	for round := range 5 {
		bob := f.account("bob" + string(rune('a'+round)))
		acts := []agora.AccountActionType{agora.ActionSuspend, agora.ActionSilence, agora.ActionSensitive, agora.ActionDisable}
		var wg sync.WaitGroup
		errs := make(chan error, len(acts)+1)
		for _, act := range acts {
			wg.Go(func() { errs <- s.ModerateAccount(ctx, moderation(bob, act, false, at)) })
		}
		wg.Go(func() {
			_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{SuspendAccounts: []agora.ID{bob.ID}, SuspendedAt: at})
			errs <- err
		})
		wg.Wait()
		close(errs)
		for err := range errs {
			mustOK(t, err, "a write at once")
		}
		got := f.reload(bob)
		if !got.Suspended() || !got.SuspendedByModerators || !got.Silenced() || !got.Sensitized() || !got.Disabled() {
			t.Errorf("round %d: suspended %t (moderators %t) silenced %t sensitized %t disabled %t", round,
				got.Suspended(), got.SuspendedByModerators, got.Silenced(), got.Sensitized(), got.Disabled())
		}
		// Undoings at once, with a legal removal in force: the suspension
		// stays, the rest is lifted.
		undos := []agora.AccountActionType{agora.ActionSilence, agora.ActionSensitive, agora.ActionDisable}
		errs = make(chan error, len(undos))
		for _, act := range undos {
			wg.Go(func() { errs <- s.ModerateAccount(ctx, moderation(bob, act, true, time.Time{})) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			mustOK(t, err, "an undoing at once")
		}
		if got := f.reload(bob); !got.Suspended() || got.Silenced() || got.Sensitized() || got.Disabled() {
			t.Errorf("round %d after undoings: suspended %t silenced %t sensitized %t disabled %t", round,
				got.Suspended(), got.Silenced(), got.Sensitized(), got.Disabled())
		}
	}
}

// testModerateAccountLegalRemoval: a moderator's action never undoes the
// legal desk's removal, and unsuspend lifts only the moderators' suspension
// while a removal's rule is in force.
func testModerateAccountLegalRemoval(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	bob, carol := f.account("bob"), f.account("carol")
	removedAt, at := legalTime(1), legalTime(2)
	o := f.order(newOrder(), nil)
	remove := func(a *agora.Account) *agora.Rule {
		r := newRule(func(r *agora.Rule) { r.SubjectID, r.OrderID, r.Origin = a.ID, o.ID, "removal:order:"+o.ID.String() })
		_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: o.ID, NewRules: []*agora.Rule{r},
			SuspendAccounts: []agora.ID{a.ID}, SuspendedAt: removedAt})
		mustOK(t, err, "ApplyDecisions (removal)")
		return r
	}

	// Removed, then acted on: the removal stays.
	r := remove(bob)
	f.moderate(bob, false, at, agora.ActionSilence, agora.ActionDisable)
	if got := f.reload(bob); got.SuspendedAt != ms(removedAt) || got.SuspendedByModerators {
		t.Errorf("after silence and disable: suspended at %v (moderators %t), want %v by the desk", got.SuspendedAt, got.SuspendedByModerators, ms(removedAt))
	}
	f.moderate(bob, true, time.Time{}, agora.ActionSuspend) // not the moderators': nothing to lift
	f.moderate(bob, false, at, agora.ActionSuspend)
	if got := f.reload(bob); got.SuspendedAt != ms(removedAt) || !got.SuspendedByModerators {
		t.Errorf("after suspend: suspended at %v (moderators %t), want %v, both", got.SuspendedAt, got.SuspendedByModerators, ms(removedAt))
	}
	if changed := f.moderate(bob, true, time.Time{}, agora.ActionSuspend); !changed[0] {
		t.Error("unsuspend of a suspension of the moderators': Changed false")
	}
	if got := f.reload(bob); got.SuspendedAt != ms(removedAt) || got.SuspendedByModerators {
		t.Errorf("unsuspend under a removal: suspended at %v (moderators %t), want the removal's", got.SuspendedAt, got.SuspendedByModerators)
	}
	// The desk lifts its removal: bob is free.
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: o.ID, LiftRuleIDs: []agora.ID{r.ID}, LiftedAt: at,
		UnsuspendAccounts: []agora.ID{bob.ID}})
	mustOK(t, err, "ApplyDecisions (lift)")
	if got := f.reload(bob); got.Suspended() {
		t.Errorf("bob after the lift: suspended at %v", got.SuspendedAt)
	}

	// Suspended by the moderators, then removed: unsuspend keeps the removal.
	f.moderate(carol, false, at, agora.ActionSuspend)
	remove(carol)
	f.moderate(carol, true, time.Time{}, agora.ActionSuspend)
	if got := f.reload(carol); got.SuspendedAt != ms(at) || got.SuspendedByModerators {
		t.Errorf("carol: suspended at %v (moderators %t), want %v by the desk", got.SuspendedAt, got.SuspendedByModerators, ms(at))
	}
	// A rule that is not a removal does not keep a suspension.
	dave := f.account("dave")
	withheld := newRule(func(r *agora.Rule) { r.SubjectID, r.OrderID, r.Origin = dave.ID, o.ID, "order:"+o.ID.String() })
	_, err = s.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: o.ID, NewRules: []*agora.Rule{withheld}})
	mustOK(t, err, "ApplyDecisions (withhold)")
	f.moderate(dave, false, at, agora.ActionSuspend)
	f.moderate(dave, true, time.Time{}, agora.ActionSuspend)
	if got := f.reload(dave); got.Suspended() {
		t.Errorf("dave, withheld only, still suspended at %v", got.SuspendedAt)
	}
}
