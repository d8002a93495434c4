package storetest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agora"
)

// ruleOp is one successful change of rules and the version it returned.
type ruleOp struct {
	version int64
	created []agora.ID
	lifted  []agora.ID
}

// ruleView is what a reader saw: the IDs of the rules in force at a version.
type ruleView struct {
	version int64
	ids     []agora.ID
}

// testRulesConcurrency has 20 goroutines create and lift rules at once, racing to
// lift each other's last rules, while readers load ActiveRules and follow
// RuleChanges. Versions must be unique, without gaps, and match what each rule
// stores; every view a reader had must be exactly the rules in force at its version.
func testRulesConcurrency(t *testing.T, s agora.Store) {
	const workers, batches, perBatch = 20, 6, 3
	ctx := t.Context()
	var (
		mu   sync.Mutex
		ops  []ruleOp
		last = make([][]agora.ID, workers) // each worker's last batch
		won  = make(map[agora.ID]int)      // successful lifts of a last batch, by its first ID
	)
	record := func(op ruleOp) {
		mu.Lock()
		defer mu.Unlock()
		ops = append(ops, op)
	}
	lift := func(batch []agora.ID) (bool, error) {
		v, err := s.LiftRules(ctx, batch, time.Now(), ruleEvents("rule.lift", batch))
		if err != nil {
			return false, allow(err, agora.ECONFLICT, agora.ENOTFOUND)
		}
		record(ruleOp{version: v, lifted: batch})
		return true, nil
	}

	var done atomic.Bool
	var views [][]ruleView
	var readers sync.WaitGroup
	var readErrs [2]error
	for i := range readErrs {
		views = append(views, nil)
		readers.Go(func() { views[i], readErrs[i] = readRulesUntil(ctx, s, &done) })
	}

	runAll(t, workers, func(w int) error {
		var prev []agora.ID
		for j := range batches {
			rules := make([]*agora.Rule, perBatch)
			for k := range rules {
				rules[k] = newRule(func(r *agora.Rule) { r.Origin = fmt.Sprintf("order:%d-%d", w, j) })
			}
			v, err := s.CreateRules(ctx, rules, ruleEvents("rule.create", ruleIDs(rules)))
			if err != nil {
				return fmt.Errorf("create rules: %w", err)
			}
			record(ruleOp{version: v, created: ruleIDs(rules)})
			if prev != nil {
				if ok, err := lift(prev); err != nil || !ok {
					return fmt.Errorf("lift own rules: ok %v, %v", ok, err)
				}
			}
			prev = ruleIDs(rules)
		}
		mu.Lock()
		last[w] = prev
		mu.Unlock()
		// Race the previous worker to lift our last batch, and lift the next
		// worker's, which may not exist yet.
		for _, target := range []int{w, (w + 1) % workers} {
			mu.Lock()
			batch := last[target]
			mu.Unlock()
			if batch == nil {
				continue
			}
			ok, err := lift(batch)
			if err != nil {
				return fmt.Errorf("lift last rules: %w", err)
			}
			if ok {
				mu.Lock()
				won[batch[0]]++
				mu.Unlock()
			}
		}
		return nil
	})
	done.Store(true)
	readers.Wait()
	for i, err := range readErrs {
		if err != nil {
			t.Fatalf("reader %d: %v", i, err)
		}
	}

	// Every last batch was lifted exactly once.
	for w, batch := range last {
		if won[batch[0]] != 1 {
			t.Errorf("worker %d's last rules lifted %d times, want once", w, won[batch[0]])
		}
	}
	// Versions are unique and without gaps: 1, 2, ... len(ops).
	slices.SortFunc(ops, func(a, b ruleOp) int { return cmp.Compare(a.version, b.version) })
	for i, op := range ops {
		if op.version != int64(i+1) {
			t.Fatalf("the %dth change has version %d, want %d (versions repeat or skip)", i+1, op.version, i+1)
		}
	}
	mustVersion(t, s, int64(len(ops)))
	CheckLog(t, s) // the log recorded every change, without gaps

	// Each rule stores the version of its last change.
	lastChange := make(map[agora.ID]int64)
	for _, op := range ops {
		for _, id := range append(op.created, op.lifted...) {
			lastChange[id] = op.version
		}
	}
	all, v, err := s.RuleChanges(ctx, 0)
	mustOK(t, err, "RuleChanges")
	if v != int64(len(ops)) || len(all) != workers*batches*perBatch {
		t.Errorf("RuleChanges(0) = %d rules at version %d, want %d at %d", len(all), v, workers*batches*perBatch, len(ops))
	}
	for after := int64(0); after < int64(len(ops)); after += 7 {
		changes, _, err := s.RuleChanges(ctx, after)
		mustOK(t, err, "RuleChanges")
		var want []agora.ID
		for id, v := range lastChange {
			if v > after {
				want = append(want, id)
			}
		}
		got := ruleIDs(changes)
		slices.Sort(got)
		slices.Sort(want)
		equal(t, fmt.Sprintf("rules changed after version %d", after), got, want)
	}

	// Every view was exactly the rules in force at its version.
	inForce := make(map[agora.ID]bool)
	state := [][]agora.ID{nil} // state[v]: the rules in force at version v
	for _, op := range ops {
		for _, id := range op.created {
			inForce[id] = true
		}
		for _, id := range op.lifted {
			delete(inForce, id)
		}
		var list []agora.ID
		for id := range inForce {
			list = append(list, id)
		}
		slices.Sort(list)
		state = append(state, list)
	}
	n := 0
	for _, vs := range views {
		for _, view := range vs {
			equal(t, fmt.Sprintf("rules in force at version %d", view.version), view.ids, state[view.version])
			n++
		}
	}
	t.Logf("%d changes, %d views checked", len(ops), n)
	active, v, err := s.ActiveRules(ctx)
	mustOK(t, err, "ActiveRules")
	equal(t, "rules in force at the end", ruleIDs(active), state[v])
}

// readRulesUntil loads ActiveRules and follows RuleChanges from it, a few times
// each, until done or it has had 500 views, and returns them. The versions it
// sees never decrease.
func readRulesUntil(ctx context.Context, s agora.Store, done *atomic.Bool) ([]ruleView, error) {
	var views []ruleView
	var seen int64
	for !done.Load() && len(views) < 500 {
		active, v, err := s.ActiveRules(ctx)
		if err != nil {
			return nil, fmt.Errorf("ActiveRules: %w", err)
		}
		view := make(map[agora.ID]*agora.Rule)
		apply(view, active)
		for i := 0; ; i++ {
			if v < seen {
				return nil, fmt.Errorf("version went back from %d to %d", seen, v)
			}
			seen = v
			views = append(views, ruleView{v, ruleIDs(sortedRules(view))})
			if i == 5 {
				break
			}
			changes, next, err := s.RuleChanges(ctx, v)
			if err != nil {
				return nil, fmt.Errorf("RuleChanges: %w", err)
			}
			apply(view, changes)
			v = next
		}
	}
	return views, nil
}
