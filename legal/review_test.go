package legal

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"agora"
)

// TestConflictOf: what stands in other orders (the latest withhold, remove,
// decline or lift of each of their targets, a lift leaving nothing), which
// actions would go against it, and whether the target's own state already does.
func TestConflictOf(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	n := 0
	dec := func(target agora.ID, order string, action agora.DecisionAction) *agora.SubjectDecision {
		n++
		d := &agora.Decision{ID: agora.ID(n), TargetID: target, Action: action, CreatedAt: t0.Add(time.Duration(n) * time.Hour)}
		switch action {
		case agora.ActionDecline:
			d.ReasonCode = "protected_speech"
		case agora.ActionWithhold, agora.ActionRemove:
			d.Countries = []string{"IN"}
		}
		return &agora.SubjectDecision{Decision: d, OrderNumber: order}
	}
	declinedA := dec(1, "2026-000001", agora.ActionDecline)
	withheldB := dec(2, "2026-000002", agora.ActionWithhold)
	liftedB := dec(2, "2026-000002", agora.ActionLift)
	escalatedC := dec(3, "2026-000003", agora.ActionEscalate)
	removedC := dec(3, "2026-000003", agora.ActionRemove)
	commentC := dec(3, "2026-000003", agora.ActionComment)
	enforce := []agora.DecisionAction{agora.ActionWithhold, agora.ActionRemove}
	for _, tc := range []struct {
		name      string
		state     agora.TargetState
		elsewhere []*agora.SubjectDecision
		want      *agora.Conflict
	}{
		{"nothing elsewhere", agora.TargetPending, nil, nil},
		{"declined elsewhere", agora.TargetPending, []*agora.SubjectDecision{declinedA},
			&agora.Conflict{NeedsNote: enforce, With: []*agora.SubjectDecision{declinedA}}},
		{"withheld, then lifted", agora.TargetPending, []*agora.SubjectDecision{withheldB, liftedB}, nil},
		{"escalated, then removed, then a comment", agora.TargetPending, []*agora.SubjectDecision{escalatedC, removedC, commentC},
			&agora.Conflict{NeedsNote: []agora.DecisionAction{agora.ActionDecline}, With: []*agora.SubjectDecision{removedC}}},
		{"only escalated", agora.TargetPending, []*agora.SubjectDecision{escalatedC}, nil},
		{"both", agora.TargetEscalated, []*agora.SubjectDecision{declinedA, removedC},
			&agora.Conflict{NeedsNote: []agora.DecisionAction{agora.ActionWithhold, agora.ActionRemove, agora.ActionDecline},
				With: []*agora.SubjectDecision{declinedA, removedC}}},
		{"withheld here, declined there", agora.TargetWithheld, []*agora.SubjectDecision{declinedA},
			&agora.Conflict{NeedsNote: enforce, With: []*agora.SubjectDecision{declinedA}, Decided: true}},
		{"declined here, removed there", agora.TargetDeclined, []*agora.SubjectDecision{removedC},
			&agora.Conflict{NeedsNote: []agora.DecisionAction{agora.ActionDecline}, With: []*agora.SubjectDecision{removedC}, Decided: true}},
		{"declined here and there", agora.TargetDeclined, []*agora.SubjectDecision{declinedA}, nil},
		{"removed here, withheld there", agora.TargetRemoved, []*agora.SubjectDecision{withheldB}, nil},
		{"lifted here, declined there", agora.TargetLifted, []*agora.SubjectDecision{declinedA},
			&agora.Conflict{NeedsNote: enforce, With: []*agora.SubjectDecision{declinedA}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, conflictOf(tc.state, tc.elsewhere)); diff != "" {
				t.Errorf("conflict (-want +got):\n%s", diff)
			}
		})
	}

	// The refusal names the first target, what it goes against, and how many.
	target := func(pos int, elsewhere ...*agora.SubjectDecision) *agora.Target {
		return &agora.Target{Position: pos, Input: "@alice", Kind: agora.SubjectAccount, Elsewhere: elsewhere}
	}
	one := unnotedConflict(agora.ActionWithhold, []*agora.Target{target(12, declinedA, removedC)})
	two := unnotedConflict(agora.ActionDecline, []*agora.Target{target(3, declinedA, removedC), target(4, removedC)})
	for err, words := range map[error][]string{
		one: {"target 12 (\"@alice\") was declined (protected_speech) in order 2026-000001.", "A withhold against it needs a note", "nothing was decided"},
		two: {"2 targets go against", "target 3 (\"@alice\") was removed in IN in order 2026-000003.", "A decline"},
	} {
		if agora.ErrorCode(err) != agora.EUNPROCESSABLE {
			t.Errorf("%v: code %s, want %s", err, agora.ErrorCode(err), agora.EUNPROCESSABLE)
		}
		for _, w := range words {
			if !strings.Contains(agora.ErrorMessage(err), w) {
				t.Errorf("%q does not say %q", agora.ErrorMessage(err), w)
			}
		}
	}
}
