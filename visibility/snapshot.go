package visibility

import (
	"context"

	"agora"
)

// Snapshot is one request's view through the gate: who reads (an account, or
// nobody), from which countries, and whether with legal staff access, fixed when
// the snapshot is taken. A surface takes one per request and reads every status,
// account and hashtag it serves through it.
//
// Each read takes the rule index's lock once, for the whole list, and answers
// ErrStale when the rules are known to be out of date; the rules it applies are
// those in force at the read, so a rule change that commits during a request takes
// effect for the rest of it. The viewer's blocks and mutes are read once per
// snapshot. A Snapshot is not safe for concurrent use.
type Snapshot struct {
	g         *Gate
	viewer    *agora.Account
	countries []string // none: unknown
	closed    bool     // an unknown country fails closed: every rule applies
	staff     bool     // legal or admin, access not ended
	at        int64    // when the snapshot was taken, Unix milliseconds

	filter   *agora.AccountFilter
	filtered bool

	kept       map[any]any // Keep's values
	moderating bool        // reads past account limits (Moderating)
}

// Snapshot returns the view of viewer (nil: anonymous) from the countries the
// request in ctx carries (agora.CountriesFrom).
func (g *Gate) Snapshot(ctx context.Context, viewer *agora.Account) *Snapshot {
	return &Snapshot{
		g: g, viewer: viewer, countries: agora.CountriesFrom(ctx), closed: g.cfg.UnknownCountryClosed,
		staff: viewer != nil && viewer.StaffAt(g.now()), at: g.now().UnixMilli(),
	}
}

// Viewer returns the account reading, nil for anonymous readers.
func (s *Snapshot) Viewer() *agora.Account { return s.viewer }

// Staff reports whether the viewer has legal staff access, under which withheld
// content is shown, marked.
func (s *Snapshot) Staff() bool { return s.staff }

// Filter returns what the viewer's blocks and mutes hide, read once per snapshot;
// nil for anonymous viewers.
func (s *Snapshot) Filter(ctx context.Context) (*agora.AccountFilter, error) {
	if s.viewer == nil || s.filtered {
		return s.filter, nil
	}
	f, err := s.g.read.AccountFilter(ctx, s.viewer.ID, s.g.now())
	if err != nil {
		return nil, err
	}
	s.filter, s.filtered = f, true
	return f, nil
}

// Keep returns the value kept under key for this snapshot, made by mk on the
// first call: a per-request cache, for what a surface reads once per viewer and
// request (the viewer's compiled filters). An error from mk is returned and
// nothing is kept. key should be of an unexported type of the caller's.
func (s *Snapshot) Keep(key any, mk func() (any, error)) (any, error) {
	if v, ok := s.kept[key]; ok {
		return v, nil
	}
	v, err := mk()
	if err != nil {
		return nil, err
	}
	if s.kept == nil {
		s.kept = map[any]any{}
	}
	s.kept[key] = v
	return v, nil
}

// lock takes the rule index's read lock and checks that the rules are fresh: the
// one place that does either. On success the caller must release the lock.
func (s *Snapshot) lock() (*ruleIndex, error) {
	x := s.g.rules
	x.mu.RLock()
	if x.stale {
		x.mu.RUnlock()
		return nil, ErrStale
	}
	return x, nil
}

// exempt reports whether rules on content owned by owner do not hide it from the
// viewer: owners see their own content and legal staff see everything, both marked.
func (s *Snapshot) exempt(owner agora.ID) bool {
	return s.viewer != nil && (s.viewer.ID == owner || s.staff)
}

// covers reports whether the entry covers one of the viewer's countries.
func (s *Snapshot) covers(e *ruleEntry) bool { return e.covers(s.countries, s.closed) }

// appendCovering appends the rules on the chain at head that cover the viewer.
func (s *Snapshot) appendCovering(dst []*agora.Rule, x *ruleIndex, head uint32) []*agora.Rule {
	for p := head; p != 0; p = x.entries[p].next {
		if e := &x.entries[p]; s.covers(e) {
			dst = append(dst, e.rule())
		}
	}
	return dst
}

// anyCovering reports whether a rule on the chain at head covers the viewer.
func (s *Snapshot) anyCovering(x *ruleIndex, head uint32) bool {
	for p := head; p != 0; p = x.entries[p].next {
		if s.covers(&x.entries[p]) {
			return true
		}
	}
	return false
}

// markRulesLocked returns the rules on the chain at head that the viewer may see
// marked: all of them for legal staff; for everyone else, owners included, those
// not sealed by a confidential order (a sealed rule is enforced, but shows no
// marks until its order may be disclosed, as its owner is not told before then).
// Marks that met a sealed rule are personal (Marks.Personal): they differ by
// viewer and by time.
func (s *Snapshot) markRulesLocked(m *Marks, dst []*agora.Rule, x *ruleIndex, head uint32) []*agora.Rule {
	for p := head; p != 0; p = x.entries[p].next {
		e := &x.entries[p]
		sealed := e.sealedAt(s.at)
		m.sealed = m.sealed || sealed
		if s.staff || !sealed {
			dst = append(dst, e.rule())
		}
	}
	return dst
}

// statusHitsLocked returns the rules that withhold st (with orig, its original
// when a boost) from the viewer: rules on it and its author, and on the original
// and its author. It allocates nothing unless a rule hits, as it runs for every
// item of every list.
func (s *Snapshot) statusHitsLocked(x *ruleIndex, st, orig *agora.Status) []*agora.Rule {
	var hit []*agora.Rule
	if !s.exempt(st.AccountID) {
		hit = s.appendCovering(hit, x, x.byStatus[st.ID])
		hit = s.appendCovering(hit, x, x.byAccount[st.AccountID])
	}
	if orig != nil && !s.exempt(orig.AccountID) {
		hit = s.appendCovering(hit, x, x.byStatus[orig.ID])
		hit = s.appendCovering(hit, x, x.byAccount[orig.AccountID])
	}
	return hit
}

// statusHiddenLocked is statusHitsLocked without the rules: whether the status
// with the ID by author is withheld from the viewer.
func (s *Snapshot) statusHiddenLocked(x *ruleIndex, id, author agora.ID) bool {
	return !s.exempt(author) && (s.anyCovering(x, x.byStatus[id]) || s.anyCovering(x, x.byAccount[author]))
}

// accountHiddenLocked reports whether an account rule withholds the account from
// the viewer.
func (s *Snapshot) accountHiddenLocked(x *ruleIndex, id agora.ID) bool {
	return !s.exempt(id) && s.anyCovering(x, x.byAccount[id])
}
