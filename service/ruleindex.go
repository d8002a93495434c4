package service

import (
	"slices"
	"sync"

	"agora"
)

// ruleIndex mirrors the withholding rules in force, so the gate checks an item in
// O(1): a few map lookups. Readers hold the read lock while they check; a writer
// holds the write lock from before its transaction commits until the index reflects
// it, so no read that starts after a commit can miss the rule.
type ruleIndex struct {
	mu        sync.RWMutex
	version   int64
	byAccount map[agora.ID][]*agora.Rule
	byStatus  map[agora.ID][]*agora.Rule
	byTag     map[string][]*agora.Rule
	byID      map[agora.ID]*agora.Rule
	// stale is set when a change committed but could not be read back: the gate
	// refuses to serve until the index catches up.
	stale bool
}

func newRuleIndex() *ruleIndex {
	return &ruleIndex{
		byAccount: map[agora.ID][]*agora.Rule{},
		byStatus:  map[agora.ID][]*agora.Rule{},
		byTag:     map[string][]*agora.Rule{},
		byID:      map[agora.ID]*agora.Rule{},
	}
}

// applyLocked brings the index to version with the changed rules (created or
// lifted). The caller holds the write lock. Changes at or below the index's version
// are applied too (they are idempotent); the version never goes back.
func (x *ruleIndex) applyLocked(changed []*agora.Rule, version int64) {
	for _, r := range changed {
		if old := x.byID[r.ID]; old != nil {
			x.removeLocked(old)
		}
		if r.LiftedAt.IsZero() {
			x.byID[r.ID] = r
			switch r.Kind {
			case agora.SubjectAccount:
				x.byAccount[r.SubjectID] = append(x.byAccount[r.SubjectID], r)
			case agora.SubjectStatus:
				x.byStatus[r.SubjectID] = append(x.byStatus[r.SubjectID], r)
			case agora.SubjectHashtag:
				x.byTag[r.Hashtag] = append(x.byTag[r.Hashtag], r)
			}
		}
	}
	x.version = max(x.version, version)
}

func (x *ruleIndex) removeLocked(r *agora.Rule) {
	delete(x.byID, r.ID)
	drop := func(list []*agora.Rule) []*agora.Rule {
		return slices.DeleteFunc(list, func(o *agora.Rule) bool { return o.ID == r.ID })
	}
	switch r.Kind {
	case agora.SubjectAccount:
		if x.byAccount[r.SubjectID] = drop(x.byAccount[r.SubjectID]); len(x.byAccount[r.SubjectID]) == 0 {
			delete(x.byAccount, r.SubjectID)
		}
	case agora.SubjectStatus:
		if x.byStatus[r.SubjectID] = drop(x.byStatus[r.SubjectID]); len(x.byStatus[r.SubjectID]) == 0 {
			delete(x.byStatus, r.SubjectID)
		}
	case agora.SubjectHashtag:
		if x.byTag[r.Hashtag] = drop(x.byTag[r.Hashtag]); len(x.byTag[r.Hashtag]) == 0 {
			delete(x.byTag, r.Hashtag)
		}
	}
}

// len returns how many rules are in force.
func (x *ruleIndex) len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}

// hasTagRules reports whether any hashtag rule is in force. The caller holds a lock.
func (x *ruleIndex) hasTagRulesLocked() bool { return len(x.byTag) > 0 }
