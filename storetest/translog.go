package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"agora"
)

var logTests = []test{
	{"Log/Entries", testLogEntries},
	{"Log/Proofs", testLogProofs},
	{"Log/Sealed", testLogSealed},
	{"Log/Decisions", testLogDecisions},
	{"Log/Concurrency", testLogConcurrency},
	{"Log/Start", testLogStart},
}

// logHashReader reads the store's stored hashes for tlog.
type logHashReader struct {
	t *testing.T
	s agora.Store
}

func (r logHashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	got, err := r.s.LogHashes(r.t.Context(), indexes)
	if err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(got))
	for i, h := range got {
		out[i] = h
	}
	return out, nil
}

// logEntries reads every entry of the log, parsed.
func logEntries(t *testing.T, s agora.Store) []*agora.LogEntry {
	t.Helper()
	head, err := s.LogHead(t.Context())
	mustOK(t, err, "LogHead")
	raw, err := s.LogEntries(t.Context(), 0, head.Size)
	mustOK(t, err, "LogEntries")
	out := make([]*agora.LogEntry, len(raw))
	for i, data := range raw {
		e, err := agora.ParseLogEntry(data)
		mustOK(t, err, fmt.Sprintf("entry %d", i))
		out[i] = e
	}
	return out
}

// CheckLog fails the test unless the store's log is whole and agrees with its
// rules: the entries are numbered from 0 without gaps up to the head's size, in
// canonical form; the head's root is the RFC 6962 hash of those entries,
// computed here from them alone, and the stored hashes give the same; every rule
// in force has a withhold entry as its last, and carries its index
// (Rule.LogIndex), every rule whose last entry is a withhold is in force, and
// every entry names a rule that exists.
func CheckLog(t *testing.T, s agora.Store) {
	t.Helper()
	ctx := t.Context()
	head, err := s.LogHead(ctx)
	mustOK(t, err, "LogHead")
	raw, err := s.LogEntries(ctx, 0, head.Size+10)
	mustOK(t, err, "LogEntries")
	if int64(len(raw)) != head.Size {
		t.Fatalf("the log has %d entries, its head says %d", len(raw), head.Size)
	}
	last := make(map[agora.ID]agora.LogAction)
	withheldAt := make(map[agora.ID]int64) // the index of each rule's withhold entry
	leaves := make([]tlog.Hash, len(raw))
	for i, data := range raw {
		e, err := agora.ParseLogEntry(data)
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if e.Index != int64(i) {
			t.Fatalf("entry %d says index %d", i, e.Index)
		}
		last[e.RuleID] = e.Action
		if e.Action == agora.LogWithhold {
			withheldAt[e.RuleID] = e.Index
		}
		leaves[i] = tlog.RecordHash(data)
	}
	if got := tlog.Hash(head.Root); got != merkleRoot(leaves) {
		t.Fatalf("the head's root %v is not the hash of the entries %v", got, merkleRoot(leaves))
	}
	if th, err := tlog.TreeHash(head.Size, logHashReader{t, s}); err != nil || th != tlog.Hash(head.Root) {
		t.Fatalf("the stored hashes give the root %v (%v), the head says %v", th, err, tlog.Hash(head.Root))
	}
	active, _, err := s.ActiveRules(ctx)
	mustOK(t, err, "ActiveRules")
	for _, r := range active {
		if last[r.ID] != agora.LogWithhold {
			t.Errorf("rule %d is in force, its last entry is %q", r.ID, last[r.ID])
		} else if r.LogIndex != withheldAt[r.ID] {
			t.Errorf("rule %d says its entry is %d, its withhold entry is %d", r.ID, r.LogIndex, withheldAt[r.ID])
		}
		delete(last, r.ID)
	}
	for id, action := range last {
		if action == agora.LogWithhold {
			t.Errorf("rule %d is not in force, its last entry is a withhold", id)
		}
		if _, err := s.Rule(ctx, id); err != nil {
			t.Errorf("the log names rule %d: %v", id, err)
		}
	}
}

// merkleRoot is the RFC 6962 Merkle tree hash of the leaves, by the definition.
func merkleRoot(leaves []tlog.Hash) tlog.Hash {
	switch len(leaves) {
	case 0:
		return tlog.Hash(emptyTreeHash)
	case 1:
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	return tlog.NodeHash(merkleRoot(leaves[:k]), merkleRoot(leaves[k:]))
}

// emptyTreeHash is SHA-256 of nothing.
var emptyTreeHash = [32]byte{0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8,
	0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b,
	0x78, 0x52, 0xb8, 0x55}

// testLogEntries checks what the entries of rules created and lifted say.
func testLogEntries(t *testing.T, s agora.Store) {
	ctx := t.Context()
	head, err := s.LogHead(ctx)
	mustOK(t, err, "LogHead")
	if head.Size != 0 || head.Root != emptyTreeHash {
		t.Fatalf("empty log: head %+v", head)
	}
	f := newFixture(t, s)
	alice := f.account("alice")
	st := f.status(alice, "post")
	o := f.order(newOrder(func(o *agora.Order) { o.Confidential = false }), nil)
	acc := newRule(func(r *agora.Rule) { r.SubjectID = alice.ID })
	status := newRule(func(r *agora.Rule) {
		r.Kind, r.SubjectID, r.Countries, r.OrderID = agora.SubjectStatus, st.ID, []string{"XX"}, o.ID
	})
	tag := newRule(func(r *agora.Rule) {
		r.Kind, r.SubjectID, r.Hashtag, r.Reason = agora.SubjectHashtag, 0, "café", agora.ReasonLocalLaw
	})
	lifted := newRule(func(r *agora.Rule) { r.SubjectID, r.LiftedAt = alice.ID, r.Since.Add(time.Hour) })
	_, err = s.CreateRules(ctx, []*agora.Rule{acc, status, tag, lifted}, nil)
	mustOK(t, err, "CreateRules")
	// Each rule is stored with the index of its withhold entry, set in place.
	for i, r := range []*agora.Rule{acc, status, tag, lifted} {
		got, err := s.Rule(ctx, r.ID)
		mustOK(t, err, "Rule")
		if r.LogIndex != int64(i) || got.LogIndex != int64(i) {
			t.Errorf("rule %d: LogIndex %d, read back %d; want %d", i, r.LogIndex, got.LogIndex, i)
		}
	}
	at := time.Date(2025, 5, 6, 7, 8, 9, 10_000_000, ist)
	_, err = s.LiftRules(ctx, []agora.ID{status.ID, acc.ID, status.ID}, at, nil)
	mustOK(t, err, "LiftRules")
	_, err = s.LiftRules(ctx, []agora.ID{tag.ID, lifted.ID}, at, nil) // ECONFLICT: nothing logged
	wantCode(t, err, agora.ECONFLICT)

	entry := func(i int64, at time.Time, action agora.LogAction, r *agora.Rule, subject, order string) *agora.LogEntry {
		return &agora.LogEntry{Index: i, Time: ms(at), Action: action, RuleID: r.ID, Subject: subject,
			Countries: r.Countries, Reason: r.Reason, Order: order}
	}
	stURL, number := "/@alice/"+st.ID.String(), o.Number
	want := []*agora.LogEntry{
		entry(0, acc.Since, agora.LogWithhold, acc, "/@alice", ""),
		entry(1, acc.Since, agora.LogWithhold, status, stURL, number),
		entry(2, acc.Since, agora.LogWithhold, tag, "/tags/café", ""),
		entry(3, acc.Since, agora.LogWithhold, lifted, "/@alice", ""),
		entry(4, lifted.LiftedAt, agora.LogLift, lifted, "/@alice", ""),
		entry(5, at, agora.LogLift, status, stURL, number),
		entry(6, at, agora.LogLift, acc, "/@alice", ""),
	}
	equal(t, "entries", logEntries(t, s), want)
	CheckLog(t, s)
	if _, _, err := s.LogOpening(ctx, 1); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("LogOpening of an entry in the open: %v, want ENOTFOUND", err)
	}
	if _, err := s.LogHashes(ctx, []int64{tlog.StoredHashIndex(0, 7)}); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("LogHashes beyond the log: %v, want ENOTFOUND", err)
	}
	if got, err := s.LogEntries(ctx, 5, 100); err != nil || len(got) != 2 {
		t.Errorf("LogEntries(5, 100) = %d entries, %v; want 2", len(got), err)
	}
}

// testLogProofs grows the log in batches and checks, against the stored hashes,
// inclusion proofs of random entries in every size seen and consistency proofs
// between every two sizes seen.
func testLogProofs(t *testing.T, s agora.Store) {
	ctx := t.Context()
	rnd := rand.New(rand.NewPCG(1, 2))
	type seen struct {
		size int64
		root tlog.Hash
	}
	var heads []seen
	for range 12 {
		rules := make([]*agora.Rule, 1+rnd.IntN(60))
		for i := range rules {
			rules[i] = newRule()
		}
		_, err := s.CreateRules(ctx, rules, nil)
		mustOK(t, err, "CreateRules")
		h, err := s.LogHead(ctx)
		mustOK(t, err, "LogHead")
		heads = append(heads, seen{h.Size, h.Root})
	}
	r := logHashReader{t, s}
	raw, err := s.LogEntries(ctx, 0, heads[len(heads)-1].size)
	mustOK(t, err, "LogEntries")
	for _, h := range heads {
		for range 5 {
			i := rnd.Int64N(h.size)
			p, err := tlog.ProveRecord(h.size, i, r)
			mustOK(t, err, "ProveRecord")
			if err := tlog.CheckRecord(p, h.size, h.root, i, tlog.RecordHash(raw[i])); err != nil {
				t.Errorf("entry %d in the tree of size %d: %v", i, h.size, err)
			}
			if err := tlog.CheckRecord(p, h.size, h.root, i, tlog.RecordHash(append(raw[i], ' '))); err == nil {
				t.Errorf("a changed entry %d verified in the tree of size %d", i, h.size)
			}
		}
	}
	for i, old := range heads {
		for _, cur := range heads[i:] {
			p, err := tlog.ProveTree(cur.size, old.size, r)
			mustOK(t, err, "ProveTree")
			if err := tlog.CheckTree(p, cur.size, cur.root, old.size, old.root); err != nil {
				t.Errorf("tree %d not consistent with tree %d: %v", cur.size, old.size, err)
			}
		}
	}
	CheckLog(t, s)
}

// testLogSealed checks that the entry of a sealed rule commits to its subject
// and order, that the opening opens it, and that a lift after the seal is in
// the open.
func testLogSealed(t *testing.T, s agora.Store) {
	ctx := t.Context()
	f := newFixture(t, s)
	alice := f.account("alice")
	o := f.order(newOrder(), nil)
	until := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	r := newRule(func(r *agora.Rule) { r.SubjectID, r.OrderID, r.SealedUntil = alice.ID, o.ID, until })
	_, err := s.CreateRules(ctx, []*agora.Rule{r}, nil)
	mustOK(t, err, "CreateRules")
	_, err = s.LiftRules(ctx, []agora.ID{r.ID}, until.Add(time.Hour), nil)
	mustOK(t, err, "LiftRules")
	got := logEntries(t, s)
	if len(got) != 2 {
		t.Fatalf("%d entries, want 2", len(got))
	}
	e := got[0]
	if e.Subject != "" || e.Order != "" || len(e.Commitment) != 64 {
		t.Errorf("sealed entry: %+v, want a commitment only", e)
	}
	op, sealed, err := s.LogOpening(ctx, 0)
	mustOK(t, err, "LogOpening")
	if sealed != until {
		t.Errorf("sealed until %v, want %v", sealed, until)
	}
	if op.Subject != "/@alice" || op.Order != o.Number || o.Number == "" || len(op.Salt) != agora.LogSaltSize || op.Index != 0 {
		t.Errorf("opening %+v", op)
	}
	if op.Commitment() != e.Commitment {
		t.Errorf("the opening does not open the commitment")
	}
	if lift := got[1]; lift.Subject != "/@alice" || lift.Order != o.Number || lift.Commitment != "" {
		t.Errorf("the lift after the seal: %+v, want in the open", lift)
	}
	if _, _, err := s.LogOpening(ctx, 1); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("LogOpening(1): %v, want ENOTFOUND", err)
	}
	CheckLog(t, s)
}

// testLogDecisions applies many decision batches, some failing, and checks that
// the log and the rules agree after each.
func testLogDecisions(t *testing.T, s agora.Store) {
	ctx := t.Context()
	sc := newScene(t, s)
	rnd := rand.New(rand.NewPCG(3, 4))
	var inForce []agora.ID
	for round := range 30 {
		b := &agora.DecisionBatch{OrderID: sc.order.ID}
		switch n := rnd.IntN(4); {
		case n < 2 || len(inForce) == 0:
			for range 1 + rnd.IntN(5) {
				r := sc.rule(sc.t[rnd.IntN(3)])
				b.NewRules = append(b.NewRules, r)
			}
		default:
			k := 1 + rnd.IntN(len(inForce))
			b.LiftRuleIDs, b.LiftedAt = slices.Clone(inForce[:k]), legalTime(float64(20+round))
			if n == 3 { // lift one twice in another batch: ECONFLICT, nothing changes
				_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{LiftRuleIDs: []agora.ID{inForce[0]}, LiftedAt: legalTime(19)})
				mustOK(t, err, "ApplyDecisions (lift)")
				inForce = inForce[1:]
				b.LiftRuleIDs = append(b.LiftRuleIDs, b.LiftRuleIDs[0])
			}
		}
		_, err := s.ApplyDecisions(ctx, b)
		switch {
		case err == nil:
			inForce = append(inForce, ruleIDs(b.NewRules)...)
			inForce = slices.DeleteFunc(inForce, func(id agora.ID) bool { return slices.Contains(b.LiftRuleIDs, id) })
		case agora.ErrorCode(err) != agora.ECONFLICT:
			t.Fatalf("ApplyDecisions: %v", err)
		}
		CheckLog(t, s)
	}
}

// testLogConcurrency has writers create and lift rules at once and checks that
// the log is whole afterwards: indexes without gaps, in the order of commits.
func testLogConcurrency(t *testing.T, s agora.Store) {
	const workers, batches = 8, 5
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range batches {
				rules := []*agora.Rule{newRule(), newRule()}
				if _, err := s.CreateRules(ctx, rules, nil); err != nil {
					errs <- err
					return
				}
				if _, err := s.LiftRules(ctx, []agora.ID{rules[0].ID}, time.Now(), nil); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	head, err := s.LogHead(ctx)
	mustOK(t, err, "LogHead")
	if want := int64(workers * batches * 3); head.Size != want {
		t.Errorf("log size %d, want %d", head.Size, want)
	}
	CheckLog(t, s)
}

// testLogStart checks that StartLog records the instance once and that the
// base URL it records is that of the subjects logged after.
func testLogStart(t *testing.T, s agora.Store) {
	ctx := t.Context()
	got, err := s.StartLog(ctx, agora.LogInfo{BaseURL: "https://agora.example", Verifier: "key1"})
	mustOK(t, err, "StartLog")
	equal(t, "recorded", got, agora.LogInfo{BaseURL: "https://agora.example", Verifier: "key1"})
	got, err = s.StartLog(ctx, agora.LogInfo{BaseURL: "https://other.example", Verifier: "key2"})
	mustOK(t, err, "StartLog again")
	equal(t, "recorded after a second start", got, agora.LogInfo{BaseURL: "https://agora.example", Verifier: "key1"})
	r := newRule(func(r *agora.Rule) { r.Kind, r.SubjectID, r.Hashtag = agora.SubjectHashtag, 0, "tag" })
	_, err = s.CreateRules(ctx, []*agora.Rule{r}, nil)
	mustOK(t, err, "CreateRules")
	if e := logEntries(t, s); len(e) != 1 || e[0].Subject != "https://agora.example/tags/tag" {
		t.Errorf("entries after the start: %+v", e)
	}
	CheckLog(t, s)
}
