package legal_test

import (
	"context"
	"testing"

	"agora"
	"agora/legal"
	"agora/storetest"
)

// TestDesk_Targets_Batched: a page of targets, with their appeals and the
// decisions on their subjects in other orders, costs a fixed number of store
// reads whatever its length; so does a bulk decision checking its conflicts.
func TestDesk_Targets_Batched(t *testing.T) {
	var counting *storetest.Counting
	d := newBenchDesk(t, 150, func(s agora.Store) agora.Store { counting = storetest.NewCounting(s); return counting })
	ctx := context.Background()
	targets := d.targets()
	first := d.order(t, targets[:100])
	if _, err := d.desk.Decide(ctx, nil, first.ID, legal.DecisionInput{Filter: &legal.TargetFilter{Kind: agora.SubjectAccount},
		Action: agora.ActionDecline, ReasonCode: "protected_speech"}, false); err != nil {
		t.Fatal(err)
	}
	second := d.order(t, targets)

	counting.Reset()
	list, err := d.desk.Targets(ctx, nil, agora.TargetQuery{OrderID: second.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	conflicts := 0
	for _, tg := range list {
		if tg.Conflict != nil && len(tg.Elsewhere) == 1 && tg.Elsewhere[0].OrderNumber == first.Number {
			conflicts++
		}
	}
	if len(list) != 150 || conflicts != 100 {
		t.Errorf("%d targets, %d with the first order's decline as a conflict; want 150 and 100", len(list), conflicts)
	}
	for method, n := range counting.Calls() {
		if n > 1 {
			t.Errorf("Targets of 150: %s called %d times, want at most once", method, n)
		}
	}

	counting.Reset()
	withhold := legal.DecisionInput{Filter: &legal.TargetFilter{Kind: agora.SubjectAccount}, Action: agora.ActionWithhold, Countries: []string{"IN"}}
	if _, err := d.desk.Decide(ctx, nil, second.ID, withhold, false); agora.ErrorCode(err) != agora.EUNPROCESSABLE {
		t.Errorf("a bulk withhold without a note against 100 declines: %v, want 422", err)
	}
	withhold.Note = "The High Court's order settles it."
	res, err := d.desk.Decide(ctx, nil, second.ID, withhold, false)
	if err != nil || res.Applied != 150 {
		t.Fatalf("with a note: %+v, %v", res, err)
	}
	if n := counting.Calls()["SubjectDecisions"]; n != 2 {
		t.Errorf("two bulk decisions read the decisions elsewhere %d times, want 2", n)
	}
}
