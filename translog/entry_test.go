package translog_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/translog"
)

// TestCheckEntry proves the inclusion of entries the store names on the rules
// (Rule.LogIndex) against the signed checkpoint served with them, from scratch
// and against a state verified before, and fails for a changed entry, a changed
// proof, another key and an entry beyond the log.
func TestCheckEntry(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		r := newRig(t, dsn)
		ctx := t.Context()
		rules := r.withhold(300, time.Time{}) // past the first tile
		st, _ := r.verify(translog.State{}, translog.VerifyOptions{})
		rules = append(rules, r.withhold(40, time.Time{})...)
		rnd := rand.New(rand.NewPCG(7, 8))
		for range 12 {
			rule := rules[rnd.IntN(len(rules))]
			if !rule.Logged() {
				t.Fatalf("rule %d was stored without its log index", rule.ID)
			}
			p, err := r.log.EntryProof(ctx, rule.LogIndex)
			if err != nil {
				t.Fatalf("EntryProof(%d): %v", rule.LogIndex, err)
			}
			for _, from := range []translog.State{{}, st} {
				c, err := translog.CheckEntry(ctx, direct{r.log}, p, from, translog.CheckOptions{})
				if err != nil {
					t.Fatalf("CheckEntry(%d) from a state of %d entries: %v", rule.LogIndex, from.Size, err)
				}
				if c.Entry.RuleID != rule.ID || c.Entry.Action != agora.LogWithhold || c.Checkpoint.Size != 340 ||
					c.Consistent != from.Size || c.Pinned != (from.Key != "") {
					t.Errorf("CheckEntry(%d) = %+v, entry %+v; want rule %d's withhold in the tree of 340", rule.LogIndex, c, c.Entry, rule.ID)
				}
				if err := translog.CheckRefusal(c.Entry, "IN", rule.ID); err != nil {
					t.Errorf("CheckRefusal: %v", err)
				}
			}
		}
		p, err := r.log.EntryProof(ctx, rules[5].LogIndex)
		if err != nil {
			t.Fatal(err)
		}
		check := func(p *translog.EntryProof, opts translog.CheckOptions) error {
			_, err := translog.CheckEntry(ctx, direct{r.log}, p, translog.State{}, opts)
			return err
		}
		changed := *p
		changed.Entry = bytes.Replace(p.Entry, []byte(`"IN"`), []byte(`"PK"`), 1)
		if err := check(&changed, translog.CheckOptions{}); err == nil || !strings.Contains(err.Error(), "entry 5 is not the entry") {
			t.Errorf("a changed entry: %v", err)
		}
		changed = *p
		changed.Proof = append(changed.Proof[:0:0], p.Proof...)
		changed.Proof[0][0] ^= 1
		if err := check(&changed, translog.CheckOptions{}); err == nil {
			t.Errorf("a changed proof verified")
		}
		if err := check(p, translog.CheckOptions{Key: "other.example+01234567+AbCd"}); err == nil {
			t.Errorf("another key verified")
		}
		if _, err := r.log.EntryProof(ctx, 340); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("EntryProof beyond the log: %v, want ENOTFOUND", err)
		}
	})
}

func TestCheckRefusal(t *testing.T) {
	e := &agora.LogEntry{Index: 3, Action: agora.LogWithhold, RuleID: 7, Countries: []string{"IN", "PK"}}
	for _, tt := range []struct {
		name    string
		e       *agora.LogEntry
		country string
		rule    agora.ID
		ok      bool
	}{
		{"its country", e, "PK", 7, true},
		{"any rule", e, "IN", 0, true},
		{"another country", e, "DE", 7, false},
		{"another rule", e, "IN", 8, false},
		{"everywhere", &agora.LogEntry{Action: agora.LogWithhold, RuleID: 7, Countries: []string{"XX"}}, "DE", 7, true},
		{"a lift", &agora.LogEntry{Action: agora.LogLift, RuleID: 7, Countries: []string{"IN"}}, "IN", 7, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := translog.CheckRefusal(tt.e, tt.country, tt.rule); (err == nil) != tt.ok {
				t.Errorf("CheckRefusal = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
