package visibility

import (
	"sync"
	"sync/atomic"
	"time"

	"agora"
	"agora/internal/country"
)

// ruleIndex mirrors the withholding rules in force, so the gate checks an item in
// O(1): a map lookup per subject and a walk of the (usually one) rule on it.
// Readers hold the read lock while they check; a writer holds the write lock from
// before its transaction commits until the index reflects it, so no read that
// starts after a commit can miss the rule.
//
// The index holds no pointers per rule: entries live in one slice of plain values
// chained by position, and the maps map IDs to positions. With 100,000 rules the
// garbage collector has next to nothing more to scan, which keeps the gate's cost
// out of every request. Full rules (for notices) are rebuilt from an entry only
// when it hits.
type ruleIndex struct {
	mu      sync.RWMutex
	version int64
	// gen counts the changes applied: it moves after the index changed, under
	// the write lock, so a reader that saw a gen sees rules at least that new.
	gen       atomic.Uint64
	entries   []ruleEntry // position 0 is unused: 0 means "none"
	free      []uint32    // positions of removed entries, for reuse
	byAccount map[agora.ID]uint32
	byStatus  map[agora.ID]uint32
	byTag     map[string]uint32
	byID      map[agora.ID]uint32
	tagOf     map[agora.ID]string // the hashtag of each hashtag rule, by rule ID
	// stale is set when a change committed but could not be read back: the gate
	// refuses to serve until the index catches up.
	stale bool
	// memo keeps the marks made under the current generation (memo.go).
	memo atomic.Pointer[marksMemo]
}

// ruleEntry is one rule in force, in pointer-free form.
type ruleEntry struct {
	id, orderID, subjectID agora.ID
	countries              countrySet
	all                    bool // XX: every country
	kind                   agora.SubjectKind
	reason                 agora.WithholdReason
	sealedUntil            int64  // Unix milliseconds; 0: not sealed (agora.Rule.SealedUntil)
	logIndex               int64  // agora.Rule.LogIndex: its withhold entry; agora.NotLogged while pending
	next                   uint32 // position of the next rule on the same subject; 0: none
}

// sealedAt reports whether the rule's marks are shown only to legal staff at the
// time (Unix milliseconds).
func (e *ruleEntry) sealedAt(ms int64) bool { return ms < e.sealedUntil }

// countrySet is a set of assigned ISO 3166-1 codes, one bit each.
type countrySet [(country.Count + 63) / 64]uint64

func (s *countrySet) add(code string) {
	if i := country.Index(code); i >= 0 {
		s[i/64] |= 1 << (i % 64)
	}
}

func (s *countrySet) has(code string) bool {
	i := country.Index(code)
	return i >= 0 && s[i/64]&(1<<(i%64)) != 0
}

func (s *countrySet) codes() []string {
	var out []string
	for i := range country.Count {
		if s[i/64]&(1<<(i%64)) != 0 {
			out = append(out, country.Code(i))
		}
	}
	return out
}

// covers reports whether the entry applies to a viewer in the countries: Rule.Covers
// for an entry, for a viewer who may be in several countries. An XX rule always
// applies; with no country (unknown), every rule does when closed; otherwise the
// entry applies when it covers any of them.
func (e *ruleEntry) covers(codes []string, closed bool) bool {
	switch {
	case e.all:
		return true
	case len(codes) == 0:
		return closed
	}
	for _, c := range codes {
		if e.countries.has(c) {
			return true
		}
	}
	return false
}

// rule rebuilds the rule of an entry as far as the index knows it: enough for
// notices and marks. Only hits pay for it.
func (e *ruleEntry) rule() *agora.Rule {
	r := &agora.Rule{ID: e.id, Kind: e.kind, SubjectID: e.subjectID, OrderID: e.orderID, Reason: e.reason,
		Countries: e.countries.codes(), LogIndex: e.logIndex}
	if e.sealedUntil != 0 {
		r.SealedUntil = time.UnixMilli(e.sealedUntil).UTC()
	}
	if e.all {
		r.Countries = append([]string{agora.AllCountries}, r.Countries...)
	}
	return r
}

func newRuleIndex() *ruleIndex {
	return &ruleIndex{
		entries:   make([]ruleEntry, 1),
		byAccount: map[agora.ID]uint32{},
		byStatus:  map[agora.ID]uint32{},
		byTag:     map[string]uint32{},
		byID:      map[agora.ID]uint32{},
		tagOf:     map[agora.ID]string{},
	}
}

// applyLocked brings the index to version with the changed rules (created or
// lifted), as the database has them. The caller holds the write lock. Changes at
// or below the index's version are applied too (they are idempotent); the version
// never goes back.
func (x *ruleIndex) applyLocked(changed []*agora.Rule, version int64) {
	for _, r := range changed {
		x.removeLocked(r.ID)
		if r.LiftedAt.IsZero() {
			x.addLocked(r, r.LogIndex)
		}
	}
	x.version = max(x.version, version)
	if len(changed) > 0 {
		x.gen.Add(1)
	}
}

// pendingLocked adds the rules created by a transaction not committed yet: in
// force from now on, without a log entry (it is written in that transaction).
// The caller holds the write lock.
func (x *ruleIndex) pendingLocked(created []*agora.Rule) {
	for _, r := range created {
		x.removeLocked(r.ID)
		x.addLocked(r, agora.NotLogged)
	}
	if len(created) > 0 {
		x.gen.Add(1)
	}
}

// addLocked adds r, whose withhold entry is at logIndex.
func (x *ruleIndex) addLocked(r *agora.Rule, logIndex int64) {
	e := ruleEntry{id: r.ID, orderID: r.OrderID, subjectID: r.SubjectID, kind: r.Kind, reason: r.Reason, logIndex: logIndex}
	if !r.SealedUntil.IsZero() {
		e.sealedUntil = r.SealedUntil.UnixMilli()
	}
	for _, c := range r.Countries {
		if c == agora.AllCountries {
			e.all = true
		} else {
			e.countries.add(c)
		}
	}
	var pos uint32
	if n := len(x.free); n > 0 {
		pos, x.free = x.free[n-1], x.free[:n-1]
	} else {
		pos = uint32(len(x.entries))
		x.entries = append(x.entries, ruleEntry{})
	}
	switch r.Kind {
	case agora.SubjectAccount:
		e.next, x.byAccount[r.SubjectID] = x.byAccount[r.SubjectID], pos
	case agora.SubjectStatus:
		e.next, x.byStatus[r.SubjectID] = x.byStatus[r.SubjectID], pos
	case agora.SubjectHashtag:
		e.next, x.byTag[r.Hashtag] = x.byTag[r.Hashtag], pos
		x.tagOf[r.ID] = r.Hashtag
	}
	x.entries[pos] = e
	x.byID[r.ID] = pos
}

// removeLocked takes the rule with the ID out of the index, if it is there.
func (x *ruleIndex) removeLocked(id agora.ID) {
	pos, ok := x.byID[id]
	if !ok {
		return
	}
	delete(x.byID, id)
	e := x.entries[pos]
	unlink := func(head uint32) uint32 {
		if head == pos {
			return e.next
		}
		for p := head; p != 0; p = x.entries[p].next {
			if x.entries[p].next == pos {
				x.entries[p].next = e.next
				break
			}
		}
		return head
	}
	switch e.kind {
	case agora.SubjectAccount:
		if h := unlink(x.byAccount[e.subjectID]); h == 0 {
			delete(x.byAccount, e.subjectID)
		} else {
			x.byAccount[e.subjectID] = h
		}
	case agora.SubjectStatus:
		if h := unlink(x.byStatus[e.subjectID]); h == 0 {
			delete(x.byStatus, e.subjectID)
		} else {
			x.byStatus[e.subjectID] = h
		}
	case agora.SubjectHashtag:
		tag := x.tagOf[id]
		delete(x.tagOf, id)
		if h := unlink(x.byTag[tag]); h == 0 {
			delete(x.byTag, tag)
		} else {
			x.byTag[tag] = h
		}
	}
	x.entries[pos] = ruleEntry{}
	x.free = append(x.free, pos)
}

// rulesLocked returns the rules on the chain starting at head.
func (x *ruleIndex) rulesLocked(head uint32) []*agora.Rule {
	var out []*agora.Rule
	for p := head; p != 0; p = x.entries[p].next {
		out = append(out, x.entries[p].rule())
	}
	return out
}

// hasTagRulesLocked reports whether any hashtag rule is in force. The caller holds
// a lock.
func (x *ruleIndex) hasTagRulesLocked() bool { return len(x.byTag) > 0 }
