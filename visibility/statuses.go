package visibility

import (
	"context"

	"agora"
)

// Statuses is what the gate kept of a list of statuses.
type Statuses struct {
	Kept      []*agora.Status            // in the order given
	Originals map[agora.ID]*agora.Status // the originals of the boosts in Kept, by ID
	Marks     Marks                      // of Kept, their originals, authors and mentions
}

// Statuses returns the statuses of list the viewer may see, in order, with the
// originals of the boosts among them and their marks. A status passes when the
// audience rules (MayRead, then blocks and mutes as mode says) let the viewer read
// it and no withholding rule covering the viewer's countries is on it or its
// author; a boost passes only when its original passes too. Owners and legal staff
// are not withheld from.
//
// It makes at most three round trips whatever the length of list: originals,
// follow relations (only when private statuses of others are involved), and the
// viewer's blocks and mutes (once per snapshot). Errors: ErrStale, and the store's.
func (s *Snapshot) Statuses(ctx context.Context, list []*agora.Status, mode Mode) (*Statuses, error) {
	kept, originals, err := s.audience(ctx, list, mode)
	if err != nil {
		return nil, err
	}
	x, err := s.lock()
	if err != nil {
		return nil, err
	}
	defer x.mu.RUnlock()
	out := kept[:0]
	if len(x.byID) == 0 {
		out = kept
	} else {
		for _, st := range kept {
			if s.statusHitsLocked(x, st, originals[st.ReblogOfID]) == nil {
				out = append(out, st)
			}
		}
	}
	return &Statuses{Kept: out, Originals: originals, Marks: s.statusMarksLocked(x, out, originals)}, nil
}

// Status is Statuses for one status fetched directly (mode Direct). Errors:
// ENOTFOUND when its audience or a block hides it (so it cannot be told from a
// missing status), EWITHHELD with the notice text, its link and the rule's log
// entry when a rule withholds it from the viewer, ErrStale, and the store's.
func (s *Snapshot) Status(ctx context.Context, st *agora.Status) (*Statuses, error) {
	kept, originals, err := s.audienceOne(ctx, st)
	if err != nil {
		return nil, err
	}
	orig := originals[st.ReblogOfID]
	x, err := s.lock()
	if err != nil {
		return nil, err
	}
	if hit := s.statusHitsLocked(x, st, orig); hit != nil {
		x.mu.RUnlock()
		return nil, s.withheldError(ctx, hit, st, orig)
	}
	res := &Statuses{Kept: kept, Originals: originals, Marks: s.statusMarksLocked(x, kept, originals)}
	x.mu.RUnlock()
	return res, nil
}

// Undoable is Status for a status the viewer asks to undo an action on
// (unfavourite, unbookmark, unboost): what the viewer did must stay undoable in a
// country the status is withheld in. The audience rules refuse as for Status
// (ENOTFOUND); the withholding rules do not: a status (or, for a boost, its
// original) they withhold from the viewer is kept, and Marks.Shell reports it
// with the notice that explains it, so the surface answers the withheld shell
// rather than the content. Errors: ENOTFOUND, ErrStale, and the store's.
func (s *Snapshot) Undoable(ctx context.Context, st *agora.Status) (*Statuses, error) {
	kept, originals, err := s.audienceOne(ctx, st)
	if err != nil {
		return nil, err
	}
	x, err := s.lock()
	if err != nil {
		return nil, err
	}
	defer x.mu.RUnlock()
	m := s.statusMarksLocked(x, kept, originals)
	if hit := s.statusHitsLocked(x, st, originals[st.ReblogOfID]); hit != nil {
		put(&m.shells, st.ID, s.g.noticeURL(hit))
	}
	return &Statuses{Kept: kept, Originals: originals, Marks: m}, nil
}

// audienceOne is audience for one status fetched directly: ENOTFOUND when the
// audience rules hide it, so it cannot be told from a missing status.
func (s *Snapshot) audienceOne(ctx context.Context, st *agora.Status) ([]*agora.Status, map[agora.ID]*agora.Status, error) {
	kept, originals, err := s.audience(ctx, []*agora.Status{st}, Direct)
	if err == nil && len(kept) == 0 {
		err = agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return kept, originals, err
}

// audience is the part of the gate that does not depend on the viewer's
// countries: visibility, follows, mentions, blocks and mutes, and the account
// limits (limits.go): statuses and boosts by suspended accounts, and by limited
// ones in mode Public, are left out. It returns the
// statuses of list that pass, in order, and the originals of the boosts of list.
func (s *Snapshot) audience(ctx context.Context, list []*agora.Status, mode Mode) ([]*agora.Status, map[agora.ID]*agora.Status, error) {
	originals, err := s.originals(ctx, list)
	if err != nil {
		return nil, nil, err
	}
	lim := s.limitsFor()
	var need []agora.ID // authors whose statuses' visibility depends on following them
	for _, st := range list {
		for _, c := range [2]*agora.Status{st, originals[st.ReblogOfID]} {
			if needsFollow(s.viewer, c) || (c != nil && s.needsFollowForLimit(lim, c.AccountID, mode)) {
				need = append(need, c.AccountID)
			}
		}
	}
	var rel map[agora.ID]agora.Relation
	if len(need) > 0 {
		if rel, err = s.g.read.Relations(ctx, s.viewer.ID, need); err != nil {
			return nil, nil, err
		}
	}
	f, err := s.Filter(ctx)
	if err != nil {
		return nil, nil, err
	}
	allowed := func(st *agora.Status) bool {
		if st == nil {
			return false
		}
		follows := rel[st.AccountID].Following
		return MayRead(s.viewer, st, follows) && !HiddenBy(s.viewer, st, f, mode) &&
			!s.suspendedFor(lim, st.AccountID) && !s.silencedFor(lim, st.AccountID, mode, follows)
	}
	out := list[:0:0]
	for _, st := range list {
		if allowed(st) && (st.ReblogOfID == 0 || allowed(originals[st.ReblogOfID])) {
			out = append(out, st)
		}
	}
	return out, originals, nil
}

// originals loads the statuses the boosts of list boost, in one round trip.
func (s *Snapshot) originals(ctx context.Context, list []*agora.Status) (map[agora.ID]*agora.Status, error) {
	var ids []agora.ID
	for _, st := range list {
		if st.ReblogOfID != 0 {
			ids = append(ids, st.ReblogOfID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.g.read.Statuses(ctx, ids)
}

// withheldError is the 451 answer for a status withheld by the rules hit: the
// notice text for the viewer and the link to the public notice.
func (s *Snapshot) withheldError(ctx context.Context, hit []*agora.Rule, st, orig *agora.Status) error {
	author := st.AccountID
	if orig != nil {
		// A boost is withheld because of its original or its booster: name whose.
		for _, r := range hit {
			if r.SubjectID == orig.ID || r.SubjectID == orig.AccountID {
				author = orig.AccountID
				break
			}
		}
	}
	a, err := s.g.read.Account(ctx, author)
	if err != nil {
		return err
	}
	// A post of a withheld account reads as the post's notice, as X shows it.
	return s.g.withheld(NoticeText(agora.SubjectStatus, a.Username, hit), hit)
}

// statusMarksLocked marks the statuses of list and their originals, their authors
// and the accounts they mention, and notes what they refer to that is withheld
// from the viewer or suspended: the status a reply answers and its author, and
// mentioned accounts.
func (s *Snapshot) statusMarksLocked(x *ruleIndex, list []*agora.Status, originals map[agora.ID]*agora.Status) Marks {
	m := Marks{Gen: x.gen.Load(), read: true}
	lim := s.limitsFor()
	if len(x.byID) == 0 && len(lim.suspended) == 0 {
		return m
	}
	mark := func(st *agora.Status) {
		if _, done := m.statuses[st.ID]; done {
			return
		}
		// Suspended accounts are hidden as withheld ones are: mentioned, or
		// as the author of the status replied to.
		for _, id := range st.Mentions {
			if s.suspendedFor(lim, id) {
				put(&m.hiddenAccounts, id, true)
			}
		}
		if st.InReplyToAccountID != 0 && s.suspendedFor(lim, st.InReplyToAccountID) {
			put(&m.hiddenAccounts, st.InReplyToAccountID, true)
		}
		if w := s.withholdingLocked(&m, x, x.byStatus[st.ID], x.byAccount[st.AccountID]); w != nil {
			putN(&m.statuses, st.ID, w, len(list))
		}
		s.markAccountLocked(x, &m, st.AccountID)
		for _, id := range st.Mentions {
			s.markAccountLocked(x, &m, id)
		}
		if st.InReplyToID != 0 && s.statusHiddenLocked(x, st.InReplyToID, st.InReplyToAccountID) {
			put(&m.hiddenStatuses, st.InReplyToID, true)
		}
	}
	for _, st := range list {
		mark(st)
		if o := originals[st.ReblogOfID]; o != nil {
			mark(o)
		}
	}
	return m
}

// markAccountLocked records the rules on the account with the ID, and whether
// they withhold it from the viewer.
func (s *Snapshot) markAccountLocked(x *ruleIndex, m *Marks, id agora.ID) {
	head := x.byAccount[id]
	if head == 0 {
		return
	}
	if _, done := m.accounts[id]; done {
		return
	}
	if w := s.withholdingLocked(m, x, 0, head); w != nil {
		put(&m.accounts, id, w)
	}
	if s.accountHiddenLocked(x, id) {
		put(&m.hiddenAccounts, id, true)
	}
}
