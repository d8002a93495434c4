package storetest

import (
	"testing"

	"agora"

	"github.com/google/go-cmp/cmp"
)

var exportTests = []test{
	{"Export/FindDecisions", testFindDecisions},
	{"Export/TagsFirstUsed", testTagsFirstUsed},
}

// testFindDecisions: decisions across orders by ID, filtered by action, by
// country (a code inside the stored list, not a part of one), by time (both
// bounds inclusive) and paged after an ID.
func testFindDecisions(t *testing.T, s agora.Store) {
	sc := newScene(t, s)
	other := sc.f.order(newOrder(), []*agora.Target{newTarget()})
	otherTarget := allTargets(t, s, other.ID)[0]
	at := func(target *agora.Target, order *agora.Order, action agora.DecisionAction, countries []string, h float64) *agora.Decision {
		d := sc.decision(target, action, h)
		d.OrderID, d.Countries = order.ID, countries
		return d
	}
	ds := []*agora.Decision{
		at(sc.t[0], sc.order, agora.ActionWithhold, []string{"IN", "DE"}, 0), // 0
		at(sc.t[1], sc.order, agora.ActionDecline, nil, 1),                   // 1
		at(otherTarget, other, agora.ActionWithhold, []string{"XX"}, 2),      // 2
		at(sc.t[2], sc.order, agora.ActionWithhold, []string{"IN"}, 3),       // 3
		at(sc.t[0], sc.order, agora.ActionRemove, []string{"XX"}, 4),         // 4
		at(sc.t[1], sc.order, agora.ActionWithhold, []string{"FR", "PK"}, 5), // 5
		at(sc.t[0], sc.order, agora.ActionLift, nil, 6),                      // 6
	}
	for _, d := range ds {
		_, err := s.ApplyDecisions(sc.f.ctx, &agora.DecisionBatch{OrderID: d.OrderID, Decisions: []*agora.Decision{d}})
		mustOK(t, err, "ApplyDecisions")
	}
	ctx := t.Context()
	for _, tt := range []struct {
		name string
		q    agora.DecisionQuery
		want []int
	}{
		{"all", agora.DecisionQuery{}, []int{0, 1, 2, 3, 4, 5, 6}},
		{"actions", agora.DecisionQuery{Actions: []agora.DecisionAction{agora.ActionWithhold, agora.ActionRemove}}, []int{0, 2, 3, 4, 5}},
		{"countries", agora.DecisionQuery{Countries: []string{"DE", "FR", "XX"}}, []int{0, 2, 4, 5}},
		{"the last code of a list", agora.DecisionQuery{Countries: []string{"PK"}}, []int{5}},
		{"part of a code", agora.DecisionQuery{Countries: []string{"N", "I", "%"}}, []int{}},
		{"after", agora.DecisionQuery{AfterID: ds[2].ID}, []int{3, 4, 5, 6}},
		{"since and until, inclusive", agora.DecisionQuery{Since: legalTime(11), Until: legalTime(13)}, []int{1, 2, 3}},
		{"limit", agora.DecisionQuery{Actions: []agora.DecisionAction{agora.ActionWithhold}, Limit: 2}, []int{0, 2}},
		{"everything at once", agora.DecisionQuery{Actions: []agora.DecisionAction{agora.ActionWithhold, agora.ActionRemove},
			Countries: []string{"XX", "DE", "FR"}, AfterID: ds[0].ID, Until: legalTime(14), Limit: 10}, []int{2, 4}},
	} {
		got, err := s.FindDecisions(ctx, tt.q)
		mustOK(t, err, tt.name)
		want := make([]*agora.Decision, len(tt.want))
		for i, n := range tt.want {
			want[i] = ds[n]
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", tt.name, diff)
		}
	}
}

// testTagsFirstUsed: when hashtags were first used, by lowercase name; unknown
// names are left out.
func testTagsFirstUsed(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	first := f.status(alice, "#Protest today", func(st *agora.Status) { st.Tags = []string{"protest"} })
	f.status(alice, "#protest again #news", func(st *agora.Status) { st.Tags = []string{"protest", "news"} })
	got, err := s.TagsFirstUsed(t.Context(), []string{"PROTEST", "news", "never"})
	mustOK(t, err, "TagsFirstUsed")
	if len(got) != 2 || !got["protest"].Equal(ms(first.CreatedAt)) || got["news"].Before(got["protest"]) {
		t.Errorf("TagsFirstUsed = %v, want protest at %v and news after it", got, ms(first.CreatedAt))
	}
	if got, err := s.TagsFirstUsed(t.Context(), nil); err != nil || len(got) != 0 {
		t.Errorf("TagsFirstUsed(nil) = %v, %v", got, err)
	}
}
