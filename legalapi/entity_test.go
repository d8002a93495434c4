package legalapi

import (
	"encoding/json"
	"testing"

	"agora"
	"agora/legal"
)

// The wire DecisionResult encodes exactly as the desk's result did when it was
// written as is: same keys, same values, a nil impact as null.
func TestDecisionResultEntity_SameJSON(t *testing.T) {
	for _, r := range []*legal.DecisionResult{
		{Action: agora.ActionWithhold, Applied: 878, Skipped: 1, Rules: 878, Lifted: 2, Warnings: 870, HeldBack: 870, Impact: fullImpact(), Preview: true,
			Decisions: []*agora.Decision{{ID: 1, TargetID: 2, Action: agora.ActionWithhold}}},
		{Action: agora.ActionLift, Impact: &legal.Impact{PerCountry: map[string]legal.CountryImpact{}}},
		{Action: agora.ActionLift, Impact: &legal.Impact{}},
		{Action: agora.ActionComment},
	} {
		want, _ := json.Marshal(r)
		got, _ := json.Marshal(decisionResultEntity(r))
		if string(got) != string(want) {
			t.Errorf("wire %s\nwant %s", got, want)
		}
	}
}
