package visibility

import (
	"cmp"
	"slices"
	"strings"

	"agora"
	"agora/internal/country"
)

// NoticeText is the text a viewer in a withholding country sees, in the words
// Twitter/X uses: for a post or an account of username, withheld by the rules.
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

// tagNoticeText is the notice for a withheld hashtag, in the words of the post and
// account notices.
func tagNoticeText(name string, rules []*agora.Rule) string {
	text := NoticeText(agora.SubjectStatus, "x", rules)
	_, rest, _ := strings.Cut(text, " has been withheld")
	return "The hashtag #" + name + " has been withheld" + rest
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
	slices.SortFunc(w.Rules, func(a, b *agora.Rule) int { return cmp.Compare(b.ID, a.ID) })
	return w
}
