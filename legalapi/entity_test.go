package legalapi

import (
	"encoding/json"
	"testing"

	"agora"
	"agora/legal"
)

// The wire DecisionResult: the keys the legal API documents, a nil impact as null,
// and neither the desk's decisions nor any other internal field.
func TestDecisionResultEntity_JSON(t *testing.T) {
	for _, tc := range []struct {
		r    *legal.DecisionResult
		want string
	}{
		{&legal.DecisionResult{Action: agora.ActionWithhold, Applied: 878, Skipped: 1, Rules: 878, Lifted: 2, Warnings: 870, HeldBack: 870, Impact: fullImpact(), Preview: true,
			Decisions: []*agora.Decision{{ID: 1, TargetID: 2, Action: agora.ActionWithhold}}},
			`{"action":"withhold","applied":878,"skipped":1,"rules_created":878,"rules_lifted":2,"owners_notified":870,"notifications_held_back":870,"impact":{"targets":3,"accounts":2,"statuses":17,"hashtags":1,"followers_reached":540,"per_country":{"IN":{"accounts":2,"statuses":17,"hashtags":1,"followers_reached":540},"XX":{"accounts":0,"statuses":0,"hashtags":0,"followers_reached":0}},"skipped":1},"preview":true}`},
		{&legal.DecisionResult{Action: agora.ActionLift, Impact: &legal.Impact{PerCountry: map[string]legal.CountryImpact{}}},
			`{"action":"lift","applied":0,"skipped":0,"rules_created":0,"rules_lifted":0,"owners_notified":0,"notifications_held_back":0,"impact":{"targets":0,"accounts":0,"statuses":0,"hashtags":0,"followers_reached":0,"per_country":{},"skipped":0},"preview":false}`},
		{&legal.DecisionResult{Action: agora.ActionComment},
			`{"action":"comment","applied":0,"skipped":0,"rules_created":0,"rules_lifted":0,"owners_notified":0,"notifications_held_back":0,"impact":null,"preview":false}`},
	} {
		got, err := json.Marshal(decisionResultEntity(tc.r))
		if err != nil || string(got) != tc.want {
			t.Errorf("wire %s (%v)\nwant %s", got, err, tc.want)
		}
	}
}
