package visibility

import (
	"sync"

	"agora"
)

// marksMemo keeps the marks made of the rule chains of the index under one
// generation, so that marking an item costs a map lookup rather than rebuilding
// its rules: a page of items whose authors all have rules would otherwise build
// them anew on every request. It is keyed by the positions of the chains' heads,
// which stay what they are while the generation does, so it holds at most one
// entry per pair of chains items have shown, and it starts afresh with every
// generation. Chains with a sealed rule are not kept: their marks depend on the
// viewer and the time.
type marksMemo struct {
	gen uint64
	mu  sync.RWMutex
	m   map[uint64]*agora.Withholding // by status chain head << 32 | account chain head
}

// memoLocked returns the memo of the index's current generation. The caller holds
// the index's read lock.
func (x *ruleIndex) memoLocked() *marksMemo {
	gen := x.gen.Load()
	if mm := x.memo.Load(); mm != nil && mm.gen == gen {
		return mm
	}
	mm := &marksMemo{gen: gen, m: map[uint64]*agora.Withholding{}}
	x.memo.Store(mm) // concurrent readers may each store one: the last wins, all are right
	return mm
}

// withholdingLocked returns the marks of the rules on the chains at headStatus
// and headAccount (either 0 for none) for the viewer, nil when there are none to
// show. The caller holds the index's read lock.
func (s *Snapshot) withholdingLocked(m *Marks, x *ruleIndex, headStatus, headAccount uint32) *agora.Withholding {
	if headStatus == 0 && headAccount == 0 {
		return nil
	}
	for _, h := range [2]uint32{headStatus, headAccount} {
		for p := h; p != 0; p = x.entries[p].next {
			if x.entries[p].sealedUntil != 0 {
				return withholdingOf(s.markRulesLocked(m, s.markRulesLocked(m, nil, x, headStatus), x, headAccount))
			}
		}
	}
	mm := x.memoLocked()
	key := uint64(headStatus)<<32 | uint64(headAccount)
	mm.mu.RLock()
	w, ok := mm.m[key]
	mm.mu.RUnlock()
	if ok {
		return w
	}
	w = withholdingOf(append(x.rulesLocked(headStatus), x.rulesLocked(headAccount)...))
	mm.mu.Lock()
	mm.m[key] = w
	mm.mu.Unlock()
	return w
}
