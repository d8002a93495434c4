package visibility

import (
	"math/rand/v2"
	"slices"
	"testing"

	"agora"
)

// TestRuleIndex applies random creations and lifts to the index and to a plain map
// of rules, and checks after each step that the index answers like the map for
// every subject: the rules on it and whether they cover a country.
func TestRuleIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	x := newRuleIndex()
	live := map[agora.ID]*agora.Rule{}
	countries := []string{"IN", "PK", "DE", "TR", "XX"}
	tags := []string{"a", "b", "c"}
	var next agora.ID
	for step := range 3000 {
		if len(live) > 0 && rng.IntN(3) == 0 {
			// Lift a random rule.
			ids := make([]agora.ID, 0, len(live))
			for id := range live {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			r := *live[ids[rng.IntN(len(ids))]]
			r.LiftedAt = r.Since.Add(1)
			delete(live, r.ID)
			x.applyLocked([]*agora.Rule{&r}, int64(step))
		} else {
			next++
			r := &agora.Rule{ID: next, Reason: agora.ReasonLegalDemand, Countries: []string{countries[rng.IntN(len(countries))]}}
			switch rng.IntN(3) {
			case 0:
				r.Kind, r.SubjectID = agora.SubjectAccount, agora.ID(1+rng.IntN(5))
			case 1:
				r.Kind, r.SubjectID = agora.SubjectStatus, agora.ID(1+rng.IntN(5))
			default:
				r.Kind, r.Hashtag = agora.SubjectHashtag, tags[rng.IntN(len(tags))]
			}
			live[r.ID] = r
			x.applyLocked([]*agora.Rule{r}, int64(step))
		}
		if len(x.byID) != len(live) {
			t.Fatalf("step %d: index holds %d rules, want %d", step, len(x.byID), len(live))
		}
		check := func(kind agora.SubjectKind, id agora.ID, tag string, head uint32) {
			var want []agora.ID
			for _, r := range live {
				if r.Kind == kind && r.SubjectID == id && r.Hashtag == tag {
					want = append(want, r.ID)
				}
			}
			var got []agora.ID
			for _, r := range x.rulesLocked(head) {
				got = append(got, r.ID)
				if want := live[r.ID]; want == nil || !slices.Equal(r.Countries, want.Countries) {
					t.Fatalf("step %d: rule %d reads back as %v", step, r.ID, r.Countries)
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("step %d: %s %d %q: index has %v, want %v", step, kind, id, tag, got, want)
			}
			for _, cs := range [][]string{{"IN"}, {"FR"}, nil, {"IN", "FR"}, {"DE", "FR"}} {
				snap := &Snapshot{countries: cs}
				wantCover := false
				for _, rid := range want {
					if len(cs) == 0 {
						wantCover = wantCover || live[rid].Covers("", false)
					}
					for _, c := range cs {
						wantCover = wantCover || live[rid].Covers(c, false)
					}
				}
				if got := snap.anyCovering(x, head); got != wantCover {
					t.Fatalf("step %d: %s %d %q covers %q = %v, want %v", step, kind, id, tag, cs, got, wantCover)
				}
			}
		}
		for id := agora.ID(1); id <= 5; id++ {
			check(agora.SubjectAccount, id, "", x.byAccount[id])
			check(agora.SubjectStatus, id, "", x.byStatus[id])
		}
		for _, tag := range tags {
			check(agora.SubjectHashtag, 0, tag, x.byTag[tag])
		}
	}
}

// A viewer in several countries is covered by a rule on any of them; a viewer in
// none (unknown) only by XX rules, or by every rule when unknown fails closed.
func TestRuleEntry_Covers(t *testing.T) {
	x := newRuleIndex()
	x.applyLocked([]*agora.Rule{
		{ID: 1, Kind: agora.SubjectStatus, SubjectID: 1, Countries: []string{"IN", "PK"}},
		{ID: 2, Kind: agora.SubjectStatus, SubjectID: 2, Countries: []string{"XX"}},
	}, 1)
	in, xx := &x.entries[x.byID[1]], &x.entries[x.byID[2]]
	tests := []struct {
		countries []string
		closed    bool
		wantIN    bool
		wantXX    bool
	}{
		{[]string{"IN"}, false, true, true},
		{[]string{"DE"}, false, false, true},
		{[]string{"DE", "IN"}, false, true, true},
		{[]string{"IN", "DE"}, false, true, true},
		{[]string{"DE", "FR"}, false, false, true},
		{[]string{"DE", "FR"}, true, false, true},
		{[]string{"FR", "PK", "DE"}, false, true, true},
		{nil, false, false, true},
		{nil, true, true, true},
	}
	for _, tt := range tests {
		if got := in.covers(tt.countries, tt.closed); got != tt.wantIN {
			t.Errorf("rule IN,PK covers %q (closed %v) = %v, want %v", tt.countries, tt.closed, got, tt.wantIN)
		}
		if got := xx.covers(tt.countries, tt.closed); got != tt.wantXX {
			t.Errorf("rule XX covers %q (closed %v) = %v, want %v", tt.countries, tt.closed, got, tt.wantXX)
		}
	}
}
