package visibility

import "agora"

// A hashtag rule withholds the hashtag itself (its timeline, its page, search
// results, trends, autocomplete and followed-tag delivery), not every post that
// carries it. Legal staff are exempt; a hashtag has no owner.

// Tag checks a hashtag fetched directly (its page, its timeline). Errors:
// EWITHHELD with the notice text, its link and the rule's log entry when a
// hashtag rule withholds it from the viewer, ErrStale.
func (s *Snapshot) Tag(name string) error {
	x, err := s.lock()
	if err != nil {
		return err
	}
	defer x.mu.RUnlock()
	if s.staff {
		return nil
	}
	if hit := s.appendCovering(nil, x, x.byTag[name]); hit != nil {
		return s.g.withheld(tagNoticeText(name, hit), hit)
	}
	return nil
}

// Tags returns the hashtags of names the viewer may see, in order. While the
// rules are stale it returns none, rather than show what may be withheld.
func (s *Snapshot) Tags(names []string) []string {
	x, err := s.lock()
	if err != nil {
		return nil
	}
	defer x.mu.RUnlock()
	if s.staff || len(x.byTag) == 0 {
		return names
	}
	out := names[:0:0]
	for _, n := range names {
		if !s.anyCovering(x, x.byTag[n]) {
			out = append(out, n)
		}
	}
	return out
}

// HidesTag reports whether a hashtag rule withholds the hashtag from the viewer.
// While the rules are stale every hashtag counts as withheld.
func (s *Snapshot) HidesTag(name string) bool { return len(s.Tags([]string{name})) == 0 }

// AnyRules reports whether any rule is in force: when none is, nothing can be
// withheld and a surface may take a shorter path.
func (s *Snapshot) AnyRules() bool {
	x := s.g.rules
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID) > 0 || x.stale
}

// AnyTagRules is AnyRules for hashtag rules.
func (s *Snapshot) AnyTagRules() bool {
	x := s.g.rules
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byTag) > 0 || x.stale
}

// Uncounted returns what counts of the use of hashtags shown to the viewer (a
// hashtag's history, trends) must leave out: the statuses withheld from the viewer
// by a rule on them or on their author, so that counts do not reveal withheld
// posts. The viewer's own statuses are counted, as their owner sees them; legal
// staff count everything. When no rule on a status or an account is in force it
// leaves out nothing, at the cost of two map lengths; otherwise it walks the rules
// in force once. Errors: ErrStale.
func (s *Snapshot) Uncounted() (agora.Uncounted, error) {
	x, err := s.lock()
	if err != nil {
		return agora.Uncounted{}, err
	}
	defer x.mu.RUnlock()
	var u agora.Uncounted
	if s.staff || len(x.byStatus)+len(x.byAccount) == 0 {
		return u, nil
	}
	for id, head := range x.byStatus {
		if s.anyCovering(x, head) {
			u.Statuses = append(u.Statuses, id)
		}
	}
	for id, head := range x.byAccount {
		if !s.exempt(id) && s.anyCovering(x, head) {
			u.Accounts = append(u.Accounts, id)
		}
	}
	if s.viewer != nil && !u.None() {
		u.Except = s.viewer.ID // rules on the viewer's own statuses do not hide them
	}
	return u, nil
}
