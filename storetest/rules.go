package storetest

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	"agora"
)

var ruleTests = []test{
	{"Rules/RoundTrip", testRulesRoundTrip},
	{"Rules/Lift", testLiftRules},
	{"Rules/LiftErrors", testLiftRulesErrors},
	{"Rules/CreateConflict", testCreateRulesConflict},
	{"Rules/Empty", testRulesEmpty},
	{"Rules/Changes", testRuleChanges},
	{"Rules/Concurrency", testRulesConcurrency},
}

// ist is a zone other than UTC with a sub-hour offset.
var ist = time.FixedZone("IST", 5*3600+1800)

// newRule returns a rule on an account, in force in IN and PK since a time with
// nanoseconds in ist; edit may change it.
func newRule(edit ...func(*agora.Rule)) *agora.Rule {
	r := &agora.Rule{ID: ids.New(), Kind: agora.SubjectAccount, SubjectID: ids.New(),
		Countries: []string{"IN", "PK"}, Reason: agora.ReasonLegalDemand, Origin: "cli",
		Since: time.Date(2025, 3, 4, 5, 6, 7, 891_234_567, ist)}
	for _, e := range edit {
		e(r)
	}
	return r
}

// newEvent returns an audit event about the object, at a time with nanoseconds in ist.
func newEvent(action, objectKind string, objectID agora.ID) *agora.AuditEvent {
	return &agora.AuditEvent{ID: ids.New(), ActorID: 42, ActorKind: "account", Action: action,
		ObjectKind: objectKind, ObjectID: objectID, Summary: action + " " + objectID.String(),
		RequestID: "req-" + objectID.String(), ClientIP: "2001:db8::7", Channel: "api", CreatedAt: time.Date(2025, 3, 4, 5, 6, 8, 123_456_789, ist)}
}

// ruleEvents returns one event per rule ID.
func ruleEvents(action string, of []agora.ID) []*agora.AuditEvent {
	out := make([]*agora.AuditEvent, len(of))
	for i, id := range of {
		out[i] = newEvent(action, "rule", id)
	}
	return out
}

func ruleIDs(rules []*agora.Rule) []agora.ID {
	out := make([]agora.ID, len(rules))
	for i, r := range rules {
		out[i] = r.ID
	}
	return out
}

// mustVersion fails the test unless the rule version is want.
func mustVersion(t *testing.T, s agora.Store, want int64) {
	t.Helper()
	v, err := s.RuleVersion(t.Context())
	mustOK(t, err, "RuleVersion")
	if v != want {
		t.Fatalf("RuleVersion = %d, want %d", v, want)
	}
}

// auditOf returns every audit event about the object.
func auditOf(t *testing.T, s agora.Store, kind string, id agora.ID) []*agora.AuditEvent {
	t.Helper()
	got, err := s.Audit(t.Context(), agora.AuditQuery{ObjectKind: kind, ObjectID: id, Limit: 1000})
	mustOK(t, err, "Audit")
	return got
}

func testRulesRoundTrip(t *testing.T, s agora.Store) {
	ctx := t.Context()
	mustVersion(t, s, 0)
	account := newRule(func(r *agora.Rule) {
		r.Origin, r.OrderID, r.TargetID, r.CreatedBy = "order:77", 77, 78, 79
		r.SealedUntil = time.Date(2026, 1, 2, 3, 4, 5, 678_900_000, ist) // a confidential order's
	})
	status := newRule(func(r *agora.Rule) {
		r.Kind, r.Countries, r.Reason, r.Origin = agora.SubjectStatus, []string{"XX"}, agora.ReasonCopyright, "api"
	})
	hashtag := newRule(func(r *agora.Rule) {
		r.Kind, r.SubjectID, r.Hashtag, r.Countries, r.Reason = agora.SubjectHashtag, 0, "café", []string{"DE"}, agora.ReasonLocalLaw
		r.SealedUntil = agora.Forever // confidential without an end date
	})
	lifted := newRule(func(r *agora.Rule) { r.LiftedAt = time.Date(2025, 4, 1, 0, 0, 0, 999_999_999, ist) })
	since, liftedAt := account.Since, lifted.LiftedAt
	rules := []*agora.Rule{account, status, hashtag, lifted}
	events := ruleEvents("rule.create", ruleIDs(rules))
	created := events[0].CreatedAt

	v, err := s.CreateRules(ctx, rules, events)
	mustOK(t, err, "CreateRules")
	if v != 1 {
		t.Errorf("CreateRules version = %d, want 1", v)
	}
	mustVersion(t, s, 1)
	if want := ms(since); !account.Since.Equal(want) || account.Since.Location() != time.UTC {
		t.Errorf("Since not normalized in place: %v, want %v", account.Since, want)
	}
	if want := ms(liftedAt); lifted.LiftedAt != want {
		t.Errorf("LiftedAt not normalized in place: %v, want %v", lifted.LiftedAt, want)
	}
	if want := ms(created); events[0].CreatedAt != want {
		t.Errorf("CreatedAt not normalized in place: %v, want %v", events[0].CreatedAt, want)
	}
	for _, r := range rules {
		got, err := s.Rule(ctx, r.ID)
		mustOK(t, err, "Rule")
		equal(t, "rule", got, r)
	}
	for i, r := range rules {
		equal(t, "audit of rule", auditOf(t, s, "rule", r.ID), events[i:i+1])
	}
	active, v, err := s.ActiveRules(ctx)
	mustOK(t, err, "ActiveRules")
	equal(t, "active rules", active, rules[:3])
	if v != 1 {
		t.Errorf("ActiveRules version = %d, want 1", v)
	}

	_, err = s.Rule(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
}

func testLiftRules(t *testing.T, s agora.Store) {
	ctx := t.Context()
	a, b, c := newRule(), newRule(), newRule()
	_, err := s.CreateRules(ctx, []*agora.Rule{a, b, c}, nil)
	mustOK(t, err, "CreateRules")
	at := time.Date(2025, 5, 6, 7, 8, 9, 10_555_555, ist)
	events := ruleEvents("rule.lift", []agora.ID{a.ID, c.ID})
	v, err := s.LiftRules(ctx, []agora.ID{c.ID, a.ID, c.ID}, at, events)
	mustOK(t, err, "LiftRules")
	if v != 2 {
		t.Errorf("LiftRules version = %d, want 2", v)
	}
	mustVersion(t, s, 2)
	for _, r := range []*agora.Rule{a, c} {
		got, err := s.Rule(ctx, r.ID)
		mustOK(t, err, "Rule")
		r.LiftedAt = ms(at)
		equal(t, "lifted rule", got, r)
		if got.Active(ms(at)) || !got.Active(ms(at).Add(-time.Millisecond)) {
			t.Errorf("rule lifted at %v: Active is wrong around that time", got.LiftedAt)
		}
	}
	got, err := s.Rule(ctx, b.ID)
	mustOK(t, err, "Rule")
	equal(t, "rule in force", got, b)
	active, v, err := s.ActiveRules(ctx)
	mustOK(t, err, "ActiveRules")
	equal(t, "active rules", active, []*agora.Rule{b})
	if v != 2 {
		t.Errorf("ActiveRules version = %d, want 2", v)
	}
	equal(t, "audit of a", auditOf(t, s, "rule", a.ID), events[:1])
	equal(t, "audit of c", auditOf(t, s, "rule", c.ID), events[1:])
}

func testLiftRulesErrors(t *testing.T, s agora.Store) {
	ctx := t.Context()
	a, b := newRule(), newRule()
	_, err := s.CreateRules(ctx, []*agora.Rule{a, b}, nil)
	mustOK(t, err, "CreateRules")
	at := time.Now()
	_, err = s.LiftRules(ctx, []agora.ID{b.ID}, at, nil)
	mustOK(t, err, "LiftRules")
	b.LiftedAt = ms(at)
	missing := ids.New()
	later := at.Add(time.Hour)

	for _, tc := range []struct {
		name string
		ids  []agora.ID
		at   time.Time
		code string
		in   string // the message contains it
	}{
		{"Missing", []agora.ID{a.ID, missing}, later, agora.ENOTFOUND, missing.String()},
		{"MissingFirst", []agora.ID{missing, b.ID}, later, agora.ENOTFOUND, missing.String()},
		{"LiftedAlready", []agora.ID{a.ID, b.ID}, later, agora.ECONFLICT, b.ID.String()},
		{"LiftedFirst", []agora.ID{b.ID, missing}, later, agora.ECONFLICT, b.ID.String()},
		{"NoTime", []agora.ID{a.ID}, time.Time{}, agora.EINVALID, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			event := newEvent("rule.lift", "rule", a.ID)
			_, err := s.LiftRules(ctx, tc.ids, tc.at, []*agora.AuditEvent{event})
			wantCode(t, err, tc.code)
			var e *agora.Error
			if asError(err, &e) && !strings.Contains(e.Message, tc.in) {
				t.Errorf("message %q does not name %s", e.Message, tc.in)
			}
			// Nothing changed: not the version, not the rules, not the audit log.
			mustVersion(t, s, 2)
			for _, r := range []*agora.Rule{a, b} {
				got, err := s.Rule(ctx, r.ID)
				mustOK(t, err, "Rule")
				equal(t, "rule", got, r)
			}
			equal(t, "audit", auditOf(t, s, "rule", a.ID), []*agora.AuditEvent{})
		})
	}
}

func testCreateRulesConflict(t *testing.T, s agora.Store) {
	ctx := t.Context()
	a := newRule()
	_, err := s.CreateRules(ctx, []*agora.Rule{a}, ruleEvents("rule.create", []agora.ID{a.ID}))
	mustOK(t, err, "CreateRules")

	b := newRule()
	_, err = s.CreateRules(ctx, []*agora.Rule{b, newRule(func(r *agora.Rule) { r.ID = a.ID })},
		ruleEvents("rule.create", []agora.ID{b.ID}))
	wantCode(t, err, agora.ECONFLICT)
	mustVersion(t, s, 1)
	_, err = s.Rule(ctx, b.ID)
	wantCode(t, err, agora.ENOTFOUND)
	equal(t, "audit of the rule not created", auditOf(t, s, "rule", b.ID), []*agora.AuditEvent{})

	// An event ID taken fails the rules too.
	c := newRule()
	events := ruleEvents("rule.create", []agora.ID{c.ID})
	events[0].ID = auditOf(t, s, "rule", a.ID)[0].ID
	_, err = s.CreateRules(ctx, []*agora.Rule{c}, events)
	wantCode(t, err, agora.ECONFLICT)
	mustVersion(t, s, 1)
	_, err = s.Rule(ctx, c.ID)
	wantCode(t, err, agora.ENOTFOUND)
}

// testRulesEmpty: calls without rules change no version but append their events.
func testRulesEmpty(t *testing.T, s agora.Store) {
	ctx := t.Context()
	a := newRule()
	_, err := s.CreateRules(ctx, []*agora.Rule{a}, nil)
	mustOK(t, err, "CreateRules")
	e1, e2 := newEvent("rule.create", "rule", 0), newEvent("rule.lift", "rule", 0)
	v, err := s.CreateRules(ctx, nil, []*agora.AuditEvent{e1})
	mustOK(t, err, "CreateRules without rules")
	if v != 1 {
		t.Errorf("CreateRules without rules: version %d, want 1", v)
	}
	v, err = s.LiftRules(ctx, nil, time.Now(), []*agora.AuditEvent{e2})
	mustOK(t, err, "LiftRules without IDs")
	if v != 1 {
		t.Errorf("LiftRules without IDs: version %d, want 1", v)
	}
	mustVersion(t, s, 1)
	equal(t, "events", auditOf(t, s, "rule", 0), []*agora.AuditEvent{e1, e2})
	changes, v, err := s.RuleChanges(ctx, 1)
	mustOK(t, err, "RuleChanges")
	if len(changes) != 0 || v != 1 {
		t.Errorf("RuleChanges(1) = %d rules, version %d; want none, 1", len(changes), v)
	}
}

// testRuleChanges: a reader that loads ActiveRules and then follows RuleChanges
// sees every rule created and lifted, and ends with what ActiveRules returns.
func testRuleChanges(t *testing.T, s agora.Store) {
	ctx := t.Context()
	a, b, c := newRule(), newRule(), newRule()
	v1, err := s.CreateRules(ctx, []*agora.Rule{a, b}, nil)
	mustOK(t, err, "CreateRules")
	active, v, err := s.ActiveRules(ctx)
	mustOK(t, err, "ActiveRules")
	if v != v1 || len(active) != 2 {
		t.Fatalf("ActiveRules = %d rules at version %d, want 2 at %d", len(active), v, v1)
	}
	changes, v, err := s.RuleChanges(ctx, v1)
	mustOK(t, err, "RuleChanges")
	if len(changes) != 0 || v != v1 {
		t.Errorf("RuleChanges(%d) with no change = %d rules, version %d", v1, len(changes), v)
	}

	v2, err := s.CreateRules(ctx, []*agora.Rule{c}, nil)
	mustOK(t, err, "CreateRules")
	at := ms(time.Now())
	v3, err := s.LiftRules(ctx, []agora.ID{a.ID}, at, nil)
	mustOK(t, err, "LiftRules")
	if !(v1 < v2 && v2 < v3) {
		t.Fatalf("versions %d, %d, %d do not increase", v1, v2, v3)
	}
	a.LiftedAt = at

	changes, v, err = s.RuleChanges(ctx, v1)
	mustOK(t, err, "RuleChanges")
	equal(t, "changes after v1", changes, []*agora.Rule{c, a})
	if v != v3 {
		t.Errorf("RuleChanges(%d) version = %d, want %d", v1, v, v3)
	}
	changes, v, err = s.RuleChanges(ctx, v2)
	mustOK(t, err, "RuleChanges")
	equal(t, "changes after v2", changes, []*agora.Rule{a})
	if v != v3 {
		t.Errorf("RuleChanges(%d) version = %d, want %d", v2, v, v3)
	}
	changes, v, err = s.RuleChanges(ctx, 0)
	mustOK(t, err, "RuleChanges")
	equal(t, "every rule, by last change", changes, []*agora.Rule{b, c, a})
	if v != v3 {
		t.Errorf("RuleChanges(0) version = %d, want %d", v, v3)
	}
	// A reader ahead of the store (say, restored from a backup) keeps its version.
	changes, v, err = s.RuleChanges(ctx, v3+10)
	mustOK(t, err, "RuleChanges")
	if len(changes) != 0 || v != v3+10 {
		t.Errorf("RuleChanges(%d) = %d rules, version %d", v3+10, len(changes), v)
	}

	// Applying the changes to what ActiveRules returned gives what it returns now.
	view := make(map[agora.ID]*agora.Rule)
	for _, r := range active {
		view[r.ID] = r
	}
	changes, _, err = s.RuleChanges(ctx, v1)
	mustOK(t, err, "RuleChanges")
	apply(view, changes)
	now, _, err := s.ActiveRules(ctx)
	mustOK(t, err, "ActiveRules")
	equal(t, "caught-up view", sortedRules(view), now)
}

// apply applies rule changes to a reader's view of the rules in force.
func apply(view map[agora.ID]*agora.Rule, changes []*agora.Rule) {
	for _, r := range changes {
		if r.LiftedAt.IsZero() {
			view[r.ID] = r
		} else {
			delete(view, r.ID)
		}
	}
}

// sortedRules returns the rules of view in ID order, as ActiveRules does.
func sortedRules(view map[agora.ID]*agora.Rule) []*agora.Rule {
	out := make([]*agora.Rule, 0, len(view))
	for _, r := range view {
		out = append(out, r)
	}
	sortByID(out)
	return out
}

func sortByID(rules []*agora.Rule) {
	slices.SortFunc(rules, func(a, b *agora.Rule) int { return cmp.Compare(a.ID, b.ID) })
}
