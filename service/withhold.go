package service

import (
	"slices"

	"agora"
	"agora/internal/country"
)

// This file holds the withholding part of the visibility gate: which rules apply
// to a status, an account or a hashtag, and whether they hide it from a viewer.

// withholdCheck is the viewer's side of every withholding decision in one request.
type withholdCheck struct {
	viewer  *agora.Account
	country string // "" when unknown
	closed  bool   // an unknown country fails closed: every rule applies
}

// exempt reports whether rules on content owned by owner do not hide it from the
// viewer: owners see their own content and legal staff see everything, both marked.
func (c withholdCheck) exempt(owner agora.ID) bool {
	return c.viewer != nil && (c.viewer.ID == owner || c.viewer.IsStaff())
}

// covering returns the rules of list that cover the viewer's country.
func (c withholdCheck) covering(list []*agora.Rule) []*agora.Rule {
	var out []*agora.Rule
	for _, r := range list {
		if r.Covers(c.country, c.closed) {
			out = append(out, r)
		}
	}
	return out
}

// statusRules returns the rules in force on st: on it, on its author, and for a
// boost on the original and its author. The caller holds the index's read lock.
func (x *ruleIndex) statusRulesLocked(st, orig *agora.Status) (own, original []*agora.Rule) {
	own = append(slices.Clip(x.byStatus[st.ID]), x.byAccount[st.AccountID]...)
	if orig != nil {
		original = append(slices.Clip(x.byStatus[orig.ID]), x.byAccount[orig.AccountID]...)
	}
	return own, original
}

// statusHiddenLocked reports whether rules hide st (with orig, its original when a
// boost) from the viewer, and returns the rules that do. The caller holds the
// index's read lock.
func (c withholdCheck) statusHiddenLocked(x *ruleIndex, st, orig *agora.Status) []*agora.Rule {
	own, original := x.statusRulesLocked(st, orig)
	var hit []*agora.Rule
	if !c.exempt(st.AccountID) {
		hit = append(hit, c.covering(own)...)
	}
	if orig != nil && !c.exempt(orig.AccountID) {
		hit = append(hit, c.covering(original)...)
	}
	return hit
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

// noticeText is the text a viewer in a withholding country sees, as
// legal/FORMATS.md section 1 gives it.
func noticeText(kind agora.SubjectKind, username string, rules []*agora.Rule) string {
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
