package service

import (
	"context"
	"slices"
	"strings"

	"agora"
	"agora/internal/country"
)

// This file holds the withholding part of the visibility gate: which rules apply
// to a status, an account or a hashtag, and whether they hide it from a viewer.

// withholdCheck is the viewer's side of every withholding decision in one request.
type withholdCheck struct {
	viewer    *agora.Account
	countries []string // none when unknown; a rule covering any of them applies
	closed    bool     // an unknown country fails closed: every rule applies
	staff     bool     // the viewer has legal access now: legal or admin, access not ended
}

// exempt reports whether rules on content owned by owner do not hide it from the
// viewer: owners see their own content and legal staff see everything, both marked.
func (c withholdCheck) exempt(owner agora.ID) bool {
	return c.viewer != nil && (c.viewer.ID == owner || c.staff)
}

// statusRulesLocked returns the rules in force on st: on it and on its author, and
// for a boost on the original and its author. The caller holds the index's read lock.
func (x *ruleIndex) statusRulesLocked(st, orig *agora.Status) (own, original []*agora.Rule) {
	own = append(x.rulesLocked(x.byStatus[st.ID]), x.rulesLocked(x.byAccount[st.AccountID])...)
	if orig != nil {
		original = append(x.rulesLocked(x.byStatus[orig.ID]), x.rulesLocked(x.byAccount[orig.AccountID])...)
	}
	return own, original
}

// statusHiddenLocked returns the rules that hide st (with orig, its original when a
// boost) from the viewer; none when it may be seen. It allocates nothing unless a
// rule hits, as it runs for every item of every list. The caller holds the index's
// read lock.
func (c withholdCheck) statusHiddenLocked(x *ruleIndex, st, orig *agora.Status) []*agora.Rule {
	var hit []*agora.Rule
	if !c.exempt(st.AccountID) {
		hit = c.appendCovering(hit, x, x.byStatus[st.ID])
		hit = c.appendCovering(hit, x, x.byAccount[st.AccountID])
	}
	if orig != nil && !c.exempt(orig.AccountID) {
		hit = c.appendCovering(hit, x, x.byStatus[orig.ID])
		hit = c.appendCovering(hit, x, x.byAccount[orig.AccountID])
	}
	return hit
}

// appendCovering appends the rules on the chain at head that cover any of the
// viewer's countries.
func (c withholdCheck) appendCovering(dst []*agora.Rule, x *ruleIndex, head uint32) []*agora.Rule {
	for p := head; p != 0; p = x.entries[p].next {
		if e := &x.entries[p]; e.covers(c.countries, c.closed) {
			dst = append(dst, e.rule())
		}
	}
	return dst
}

// anyCovering reports whether a rule on the chain at head covers the viewer.
func (c withholdCheck) anyCovering(x *ruleIndex, head uint32) bool {
	for p := head; p != 0; p = x.entries[p].next {
		if x.entries[p].covers(c.countries, c.closed) {
			return true
		}
	}
	return false
}

// withholdingOf describes the rules for marking an entity, nil when there are none.
func withholdingOf(rules []*agora.Rule) *agora.Withholding {
	if len(rules) == 0 {
		return nil
	}
	w := &agora.Withholding{Scope: agora.SubjectStatus}
	for _, r := range rules {
		for _, c := range r.Countries {
			if !slices.Contains(w.Countries, c) {
				w.Countries = append(w.Countries, c)
			}
		}
		if r.Kind == agora.SubjectAccount {
			w.Scope = agora.SubjectAccount
		}
		if r.Reason == agora.ReasonCopyright {
			w.Copyright = true
		}
		w.Rules = append(w.Rules, r)
	}
	slices.Sort(w.Countries)
	slices.SortFunc(w.Rules, func(a, b *agora.Rule) int { return int(b.ID - a.ID) })
	return w
}

// NoticeText is the text a viewer in a withholding country sees, as
// legal/FORMATS.md section 1 gives it: for a post or an account of username,
// withheld by the rules.
func NoticeText(kind agora.SubjectKind, username string, rules []*agora.Rule) string {
	var codes []string
	copyright, legalDemand := false, false
	for _, r := range rules {
		for _, c := range r.Countries {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		copyright = copyright || r.Reason == agora.ReasonCopyright
		legalDemand = legalDemand || r.Reason == agora.ReasonLegalDemand
	}
	if slices.Contains(codes, agora.AllCountries) {
		codes = []string{agora.AllCountries}
	}
	slices.Sort(codes)
	where := country.Names(codes)
	why := "based on local law(s)"
	if legalDemand {
		why = "in response to a legal demand"
	}
	switch {
	case kind != agora.SubjectAccount && copyright && !legalDemand:
		return "This post from @" + username + " has been withheld in response to a report from the copyright holder. Learn more"
	case kind == agora.SubjectAccount:
		return "@" + username + "'s account has been withheld in " + where + " " + why + ". Learn more"
	}
	return "This post from @" + username + " has been withheld in " + where + " " + why + ". Learn more"
}

// StatusWithholding describes the rules in force on the status itself and on its
// author, nil when there are none. Entities carry it so those who may see withheld
// content (viewers elsewhere, owners, staff) see that it is withheld and where.
func (s *Service) StatusWithholding(st *agora.Status) *agora.Withholding {
	s.rules.mu.RLock()
	defer s.rules.mu.RUnlock()
	if len(s.rules.byID) == 0 {
		return nil
	}
	own, _ := s.rules.statusRulesLocked(st, nil)
	return withholdingOf(own)
}

// RulesGeneration is a number that changes whenever the rules in force change.
// What StatusWithholding and AccountWithholding answered after it was read stays
// true until it changes, so encodings of entities may be kept under it.
func (s *Service) RulesGeneration() uint64 { return s.rules.gen.Load() }

// AccountWithholding describes the rules in force on the account, nil when none.
func (s *Service) AccountWithholding(id agora.ID) *agora.Withholding {
	s.rules.mu.RLock()
	defer s.rules.mu.RUnlock()
	if len(s.rules.byID) == 0 {
		return nil
	}
	return withholdingOf(s.rules.rulesLocked(s.rules.byAccount[id]))
}

// checkAccount answers EWITHHELD when an account rule withholds the account from
// the viewer: its profile, its statuses and lookups of it answer 451.
func (s *Service) checkAccount(ctx context.Context, viewer *agora.Account, a *agora.Account) error {
	wc := s.withholdCheck(ctx, viewer)
	s.rules.mu.RLock()
	stale := s.rules.stale
	var hit []*agora.Rule
	if !wc.exempt(a.ID) {
		hit = wc.appendCovering(nil, s.rules, s.rules.byAccount[a.ID])
	}
	s.rules.mu.RUnlock()
	switch {
	case stale:
		return errRulesStale
	case len(hit) > 0:
		return &agora.Error{Code: agora.EWITHHELD, Message: NoticeText(agora.SubjectAccount, a.Username, hit), Notice: s.noticeURL(hit)}
	}
	return nil
}

// withheldAccountsOut returns the accounts of list not withheld from the viewer.
func (s *Service) withheldAccountsOut(ctx context.Context, viewer *agora.Account, list []*agora.Account) []*agora.Account {
	wc := s.withholdCheck(ctx, viewer)
	s.rules.mu.RLock()
	defer s.rules.mu.RUnlock()
	if len(s.rules.byAccount) == 0 {
		return list
	}
	out := list[:0:0]
	for _, a := range list {
		if wc.exempt(a.ID) || !wc.anyCovering(s.rules, s.rules.byAccount[a.ID]) {
			out = append(out, a)
		}
	}
	return out
}

// checkTag answers EWITHHELD when a hashtag rule withholds the hashtag from the
// viewer: its timeline and its page answer 451.
func (s *Service) checkTag(ctx context.Context, viewer *agora.Account, name string) error {
	wc := s.withholdCheck(ctx, viewer)
	s.rules.mu.RLock()
	stale := s.rules.stale
	var hit []*agora.Rule
	if !wc.staff {
		hit = wc.appendCovering(nil, s.rules, s.rules.byTag[name])
	}
	s.rules.mu.RUnlock()
	switch {
	case stale:
		return errRulesStale
	case len(hit) > 0:
		return &agora.Error{Code: agora.EWITHHELD, Message: tagNoticeText(name, hit), Notice: s.noticeURL(hit)}
	}
	return nil
}

// tagWithheld reports whether a hashtag rule withholds the hashtag from the viewer,
// without building a notice. While the index is stale every hashtag counts as
// withheld, so lists leave them out rather than show what may be withheld.
func (s *Service) tagWithheld(ctx context.Context, viewer *agora.Account, name string) bool {
	wc := s.withholdCheck(ctx, viewer)
	s.rules.mu.RLock()
	defer s.rules.mu.RUnlock()
	return s.rules.stale || (!wc.staff && wc.anyCovering(s.rules, s.rules.byTag[name]))
}

// tagNoticeText is the notice for a withheld hashtag, in the words of the post and
// account notices.
func tagNoticeText(name string, rules []*agora.Rule) string {
	text := NoticeText(agora.SubjectStatus, "x", rules)
	_, rest, _ := strings.Cut(text, " has been withheld")
	return "The hashtag #" + name + " has been withheld" + rest
}

// Notice is what the public notice page of a rule shows.
type Notice struct {
	Rule    *agora.Rule
	Subject string // "@user", "#tag", or the status URL
}

// RuleNotice returns the public notice of the rule with the ID. Until orders have
// notices of their own, every rule has one. ENOTFOUND for an unknown rule.
func (s *Service) RuleNotice(ctx context.Context, id agora.ID) (*Notice, error) {
	r, err := s.store.Rule(ctx, id)
	if err != nil {
		return nil, err
	}
	n := &Notice{Rule: r}
	switch r.Kind {
	case agora.SubjectHashtag:
		n.Subject = "#" + r.Hashtag
	case agora.SubjectAccount:
		a, err := s.store.Account(ctx, r.SubjectID)
		if err != nil {
			return nil, err
		}
		n.Subject = "@" + a.Username
	case agora.SubjectStatus:
		st, err := s.store.Status(ctx, r.SubjectID)
		if err != nil {
			n.Subject = "a post that has since been deleted"
			break
		}
		a, err := s.store.Account(ctx, st.AccountID)
		if err != nil {
			return nil, err
		}
		n.Subject = s.cfg.BaseURL + "/@" + a.Username + "/" + st.ID.String()
	}
	return n, nil
}

// RulesOn returns the rules in force on the subject (an account, a status or a
// hashtag), from the rule index.
func (s *Service) RulesOn(kind agora.SubjectKind, id agora.ID, hashtag string) []*agora.Rule {
	s.rules.mu.RLock()
	defer s.rules.mu.RUnlock()
	switch kind {
	case agora.SubjectAccount:
		return s.rules.rulesLocked(s.rules.byAccount[id])
	case agora.SubjectStatus:
		return s.rules.rulesLocked(s.rules.byStatus[id])
	case agora.SubjectHashtag:
		return s.rules.rulesLocked(s.rules.byTag[hashtag])
	}
	return nil
}
