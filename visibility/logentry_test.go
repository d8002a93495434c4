package visibility

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"agora"
)

// memRules is a RuleSource in memory: rules and the version of their last
// change, as the store keeps them; a created rule gets the next log index.
type memRules struct {
	rules   []*agora.Rule
	changed map[agora.ID]int64
	version int64
	size    int64 // the log's size
}

func (m *memRules) ActiveRules(context.Context) ([]*agora.Rule, int64, error) {
	var out []*agora.Rule
	for _, r := range m.rules {
		if r.LiftedAt.IsZero() {
			c := *r
			out = append(out, &c)
		}
	}
	return out, m.version, nil
}

func (m *memRules) RuleVersion(context.Context) (int64, error) { return m.version, nil }

// AccountLimits implements LimitSource: no account is limited.
func (m *memRules) AccountLimits(context.Context) ([]agora.AccountLimit, error) { return nil, nil }

func (m *memRules) RuleChanges(_ context.Context, after int64) ([]*agora.Rule, int64, error) {
	var out []*agora.Rule
	for _, r := range m.rules {
		if m.changed[r.ID] > after {
			c := *r
			out = append(out, &c)
		}
	}
	return out, max(after, m.version), nil
}

// change stores the created rules, each with the next log index (set in place, as the
// store does), and lifts the rules lifted.
func (m *memRules) change(created []*agora.Rule, lifted ...agora.ID) {
	m.version++
	for _, r := range created {
		r.LogIndex = m.size
		m.size++
		m.rules = append(m.rules, r)
		m.changed[r.ID] = m.version
	}
	for _, r := range m.rules {
		if slices.Contains(lifted, r.ID) {
			r.LiftedAt = testNow
			m.size++ // its lift entry
			m.changed[r.ID] = m.version
		}
	}
}

// logEntryOf returns the log entry a refusal names, "" for none.
func logEntryOf(t *testing.T, err error) string {
	t.Helper()
	var e *agora.Error
	if !errors.As(err, &e) || e.Code != agora.EWITHHELD {
		t.Fatalf("err = %v, want EWITHHELD", err)
	}
	return e.LogEntry
}

// TestGate_LogEntries checks that a 451 names the log entry of the rule whose
// notice it links, and the marks the entries of every rule on an item, through
// changes: a lift and a new withholding of the same status name the new rule's
// entry, in the 451 and in the marks (kept per rules generation), and a rule
// whose transaction has not committed names none until it has.
func TestGate_LogEntries(t *testing.T) {
	ctx := agora.WithCountry(context.Background(), "IN")
	const author = agora.ID(1)
	st := &agora.Status{ID: 10, AccountID: author, Visibility: agora.VisibilityPublic}
	src := &memRules{changed: map[agora.ID]int64{}}
	src.change([]*agora.Rule{statusRule(100, 999, "IN")}) // entry 0, on another status
	first := statusRule(101, st.ID, "IN")
	src.change([]*agora.Rule{first, accountRule(102, author, "PK")}) // entries 1 and 2
	g := New(Config{BaseURL: "https://agora.test"}, src, fakeReader{}, func() time.Time { return testNow }, nil)
	if err := g.Load(ctx); err != nil {
		t.Fatal(err)
	}
	const entries = "https://agora.test/api/v1/transparency/log/entries/"
	refused := func() string {
		t.Helper()
		_, err := g.Snapshot(ctx, nil).Status(ctx, st)
		return logEntryOf(t, err)
	}
	marked := func() []int64 { // as the owner sees them
		t.Helper()
		res, err := g.Snapshot(ctx, acct(author)).Statuses(ctx, []*agora.Status{st}, List)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		if w := res.Marks.Status(st.ID); w != nil {
			for _, r := range w.Rules {
				out = append(out, r.LogIndex)
			}
		}
		return out
	}
	if got := refused(); got != entries+"1" {
		t.Errorf("451: log entry %q, want entry 1", got)
	}
	if got := marked(); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("marks: entries %v, want [2 1] (newest rule first)", got)
	}

	// Lifted, then withheld again by a new rule: its entry is named.
	second := statusRule(103, st.ID, "IN")
	if err := g.ChangeRules(ctx, nil, func() error { src.change(nil, first.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := marked(); !slices.Equal(got, []int64{2}) {
		t.Errorf("marks after the lift: entries %v, want [2]", got)
	}
	var pending string
	if err := g.ChangeRules(ctx, []*agora.Rule{second}, func() error {
		pending = refused() // in force before the commit, not in the log yet
		src.change([]*agora.Rule{second})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if pending != "" {
		t.Errorf("451 during the transaction: log entry %q, want none", pending)
	}
	if got := refused(); got != entries+"4" {
		t.Errorf("451 after the new rule: log entry %q, want entry 4", got)
	}
	if got := marked(); !slices.Equal(got, []int64{4, 2}) {
		t.Errorf("marks after the new rule: entries %v, want [4 2]", got)
	}

	// An account refused names its account rule's entry; a hashtag its own.
	_, err := g.Snapshot(agora.WithCountry(ctx, "PK"), nil).Account(acct(author))
	if got := logEntryOf(t, err); got != entries+"2" {
		t.Errorf("account 451: log entry %q, want entry 2", got)
	}
	tag := &agora.Rule{ID: 104, Kind: agora.SubjectHashtag, Hashtag: "news", Countries: []string{"XX"}, Reason: agora.ReasonLocalLaw}
	if err := g.ChangeRules(ctx, []*agora.Rule{tag}, func() error { src.change([]*agora.Rule{tag}); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := logEntryOf(t, g.Snapshot(ctx, nil).Tag("news")); got != entries+"5" {
		t.Errorf("hashtag 451: log entry %q, want entry 5", got)
	}
}
