package service

import (
	"context"

	"agora"
)

// This file is the one visibility gate: every read path that returns statuses goes
// through gate (usually by way of present), and nothing else decides who sees a
// status.

// gateMode says how blocks and mutes apply.
type gateMode int

const (
	// gateList is for timelines, threads, search and other lists: statuses by
	// accounts the viewer blocks, is blocked by or mutes are left out, and so are
	// statuses mentioning an account the viewer blocks.
	gateList gateMode = iota
	// gateDirect is for a status fetched by ID and for an account's own statuses:
	// only an author who blocks the viewer hides them, as Mastodon has it.
	gateDirect
)

// gate returns the statuses of list the viewer (nil: anonymous) may see, in order,
// and the originals of the boosts among them. A boost passes only when its original
// passes too. The rules, Mastodon's:
//   - public and unlisted: everyone;
//   - private: the author, the author's followers and the accounts mentioned;
//   - direct: the author and the accounts mentioned;
//   - then blocks and mutes as the mode says.
//
// It makes at most four round trips whatever the length of list: originals,
// follow relations (only when private statuses of others are involved), and the
// viewer's blocks and mutes.
func (s *Service) gate(ctx context.Context, viewer *agora.Account, list []*agora.Status, mode gateMode) ([]*agora.Status, map[agora.ID]*agora.Status, error) {
	kept, originals, err := s.audience(ctx, viewer, list, mode)
	if err != nil {
		return nil, nil, err
	}
	wc := s.withholdCheck(ctx, viewer)
	s.rules.mu.RLock()
	defer s.rules.mu.RUnlock()
	if s.rules.stale {
		return nil, nil, errRulesStale
	}
	out := kept[:0]
	for _, st := range kept {
		if len(wc.statusHiddenLocked(s.rules, st, originals[st.ReblogOfID])) == 0 {
			out = append(out, st)
		}
	}
	return out, originals, nil
}

var errRulesStale = agora.Errorf(agora.EUNAVAILABLE, "Withholding rules are being updated; try again in a moment.")

// audience is the part of the gate that does not depend on the viewer's country:
// visibility, follows, mentions, blocks and mutes. It returns the statuses of list
// that pass, in order, and the originals of the boosts of list.
func (s *Service) audience(ctx context.Context, viewer *agora.Account, list []*agora.Status, mode gateMode) ([]*agora.Status, map[agora.ID]*agora.Status, error) {
	originals, err := s.originals(ctx, list)
	if err != nil {
		return nil, nil, err
	}
	var need []agora.ID // authors of private statuses whose visibility depends on following
	consider := func(st *agora.Status) {
		if st != nil && st.Visibility == agora.VisibilityPrivate && viewer != nil && st.AccountID != viewer.ID && !st.MentionsAccount(viewer.ID) {
			need = append(need, st.AccountID)
		}
	}
	for _, st := range list {
		consider(st)
		consider(originals[st.ReblogOfID])
	}
	var rel map[agora.ID]agora.Relation
	if len(need) > 0 {
		if rel, err = s.store.Relations(ctx, viewer.ID, need); err != nil {
			return nil, nil, err
		}
	}
	f, err := s.filter(ctx, viewer)
	if err != nil {
		return nil, nil, err
	}
	allowed := func(st *agora.Status) bool {
		return st != nil && mayRead(viewer, st, rel[st.AccountID].Following) && !hiddenBy(viewer, st, f, mode)
	}
	out := list[:0:0]
	for _, st := range list {
		if allowed(st) && (st.ReblogOfID == 0 || allowed(originals[st.ReblogOfID])) {
			out = append(out, st)
		}
	}
	return out, originals, nil
}

// withholdCheck is the viewer's side of withholding decisions for this request.
func (s *Service) withholdCheck(ctx context.Context, viewer *agora.Account) withholdCheck {
	return withholdCheck{viewer: viewer, countries: agora.CountriesFrom(ctx), closed: s.cfg.UnknownCountryClosed,
		staff: viewer != nil && viewer.StaffAt(s.now())}
}

// originals loads the statuses the boosts of list boost, in one round trip.
func (s *Service) originals(ctx context.Context, list []*agora.Status) (map[agora.ID]*agora.Status, error) {
	var ids []agora.ID
	for _, st := range list {
		if st.ReblogOfID != 0 {
			ids = append(ids, st.ReblogOfID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.store.Statuses(ctx, ids)
}

// canSee is the gate for one status fetched directly: nil when the viewer may see
// it, ENOTFOUND when its audience or a block hides it (so it cannot be told from a
// missing status), EWITHHELD with the notice when a rule withholds it in the
// viewer's country.
func (s *Service) canSee(ctx context.Context, viewer *agora.Account, st *agora.Status) error {
	_, err := s.gateOne(ctx, viewer, st)
	return err
}

// gateOne is canSee that also returns the original of st when st is a boost, so the
// caller can present st without passing it through the gate again.
func (s *Service) gateOne(ctx context.Context, viewer *agora.Account, st *agora.Status) (map[agora.ID]*agora.Status, error) {
	kept, originals, err := s.audience(ctx, viewer, []*agora.Status{st}, gateDirect)
	if err != nil {
		return nil, err
	}
	if len(kept) == 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	orig := originals[st.ReblogOfID]
	wc := s.withholdCheck(ctx, viewer)
	s.rules.mu.RLock()
	stale := s.rules.stale
	hit := wc.statusHiddenLocked(s.rules, st, orig)
	s.rules.mu.RUnlock()
	switch {
	case stale:
		return nil, errRulesStale
	case len(hit) > 0:
		return nil, s.withheldError(ctx, hit, st, orig)
	}
	return originals, nil
}

// withheldError is the 451 answer for a status hidden by the rules hit: the notice
// text for the viewer and the link to the public notice.
func (s *Service) withheldError(ctx context.Context, hit []*agora.Rule, st, orig *agora.Status) error {
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
	a, err := s.store.Account(ctx, author)
	if err != nil {
		return err
	}
	// A post of a withheld account reads as the post's notice, as X shows it.
	return &agora.Error{Code: agora.EWITHHELD, Message: NoticeText(agora.SubjectStatus, a.Username, hit), Notice: s.noticeURL(hit)}
}

// noticeURL is the public notice explaining the newest of the rules. Until orders
// have published notices of their own, every rule, from an order or not, has its
// page at /notices/<rule ID>.
func (s *Service) noticeURL(rules []*agora.Rule) string {
	newest := rules[0]
	for _, r := range rules {
		if r.ID > newest.ID {
			newest = r
		}
	}
	return s.cfg.BaseURL + "/notices/" + newest.ID.String()
}

// mayRead applies the visibility rules given whether viewer follows the author.
func mayRead(viewer *agora.Account, st *agora.Status, follows bool) bool {
	switch st.Visibility {
	case agora.VisibilityPublic, agora.VisibilityUnlisted:
		return true
	}
	if viewer == nil {
		return false
	}
	if st.AccountID == viewer.ID || st.MentionsAccount(viewer.ID) {
		return true
	}
	return st.Visibility == agora.VisibilityPrivate && follows
}

// hiddenBy reports whether blocks and mutes hide st from the viewer.
func hiddenBy(viewer *agora.Account, st *agora.Status, f *agora.AccountFilter, mode gateMode) bool {
	if viewer == nil || f == nil || st.AccountID == viewer.ID {
		return false
	}
	if f.BlockedBy[st.AccountID] {
		return true
	}
	if mode == gateDirect {
		return false
	}
	if f.Hides(st.AccountID) {
		return true
	}
	for _, m := range st.Mentions {
		if f.Blocking[m] {
			return true
		}
	}
	return false
}

// filter returns what the viewer's blocks and mutes hide; nil for anonymous viewers.
func (s *Service) filter(ctx context.Context, viewer *agora.Account) (*agora.AccountFilter, error) {
	if viewer == nil {
		return nil, nil
	}
	return s.store.AccountFilter(ctx, viewer.ID, s.now())
}
