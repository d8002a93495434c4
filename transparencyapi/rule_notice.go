package transparencyapi

import (
	"net/http"
	"strings"

	"agora"
	"agora/internal/country"
	"agora/service"
)

// reasonText says in words why content is withheld.
var reasonText = map[agora.WithholdReason]string{
	agora.ReasonLegalDemand: "in response to a legal demand",
	agora.ReasonLocalLaw:    "based on local law(s)",
	agora.ReasonCopyright:   "in response to a report from the copyright holder",
}

// ruleNoticeView is the page of one withholding rule.
type ruleNoticeView struct {
	layout
	ID, Kind, Subject, Countries, Reason, Since, Summary, Lifted string
}

// ruleNotice serves the notice of a rule that has no order published: a rule
// made without an order (`agora withhold`), or one under a confidential
// order before it may be published, whose notice says that content is
// withheld, where and why, but not what, nor under which order.
func (a *API) ruleNotice(w http.ResponseWriter, n *service.Notice) error {
	rule := n.Rule
	kind := map[agora.SubjectKind]string{agora.SubjectAccount: "The account", agora.SubjectStatus: "The post", agora.SubjectHashtag: "The hashtag"}[rule.Kind]
	v := &ruleNoticeView{
		layout: layout{Title: "Notice " + rule.ID.String()},
		ID:     rule.ID.String(), Kind: kind, Subject: n.Subject,
		Countries: country.Names(rule.Countries),
		Reason:    reasonText[rule.Reason],
		Since:     formatDate(rule.Since),
		Summary:   kind + " " + n.Subject + " is withheld in " + country.Names(rule.Countries) + " " + reasonText[rule.Reason] + ".",
	}
	if n.Sealed {
		// The order is confidential: say that content is withheld, where and why,
		// but not what, and when that will be said.
		when := "when the order may be disclosed"
		if rule.SealedUntil.Before(agora.Forever) {
			when = "on " + formatDate(rule.SealedUntil)
		}
		v.Kind, v.Subject = "Content", "(not disclosed while the order is confidential)"
		v.Summary = "Content is withheld in " + country.Names(rule.Countries) + " " + reasonText[rule.Reason] +
			". The order is confidential; what is withheld will be named here " + when + "."
	}
	if !rule.LiftedAt.IsZero() {
		v.Lifted = formatDate(rule.LiftedAt)
		v.Summary = strings.Replace(v.Summary, " is withheld ", " was withheld ", 1)
	}
	return a.render(w, http.StatusOK, "rule_notice", v)
}
