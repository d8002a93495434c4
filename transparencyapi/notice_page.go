package transparencyapi

import (
	"fmt"
	"strings"
	"time"

	"agora"
	"agora/legal"
)

// orderNoticeView is the page of an order's public notice.
type orderNoticeView struct {
	layout
	ID, Number, Reference string
	// Authority describes the issuing authority: "High Court of Delhi, a
	// court of India"; "" when the order names none.
	Authority         string
	LegalBasis        string
	Scope             string // country names
	Emergency         bool
	ConfidentialUntil string // "" for an order never confidential
	Revoked           string
	Summary           string
	Dates             []labelled
	Named, NotFound   int
	Groups            []*noticeGroupView
	Appeals, Granted  int
	JSONURL           string
}

// labelled is a row of a table: a label and a value.
type labelled struct {
	Label, Value string
	Class        string // "num" for a number
}

// noticeGroupView is what became of the items of one kind.
type noticeGroupView struct {
	ID       string // the section's heading ID
	Heading  string // "Accounts (3)"
	Noun     string // "accounts"
	Outcomes []labelled
	Rows     []*withheldRow
	Caption  string // of the table of withheld items
}

// withheldRow is one withholding of an item withheld.
type withheldRow struct {
	Anchor    string // "target-<ID>" on the item's first row, "" on the others
	Name, URL string
	Countries string
	Reason    string
	Since     string
	Lifted    string // "" while in force
}

// kindWords names the kinds of items: the heading, one, several.
var kindWords = map[agora.SubjectKind][3]string{
	agora.SubjectAccount: {"Accounts", "account", "accounts"},
	agora.SubjectStatus:  {"Posts", "post", "posts"},
	agora.SubjectHashtag: {"Hashtags", "hashtag", "hashtags"},
}

// authorityKinds says what kind of authority issued an order.
var authorityKinds = map[agora.AuthorityKind]string{
	agora.AuthorityMinistry: "a ministry", agora.AuthorityCourt: "a court", agora.AuthorityPolice: "the police",
	agora.AuthorityRegulator: "a regulator", agora.AuthorityOther: "an authority",
}

// plural writes "1 account" or "3 accounts".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (a *API) orderNoticeView(n *legal.PublicNotice) *orderNoticeView {
	v := &orderNoticeView{
		ID: n.OrderID.String(), Number: n.Number, Reference: n.Reference, LegalBasis: n.LegalBasis,
		Scope: countryNames(n.TerritorialScope), Emergency: n.Emergency, Named: n.Named(), NotFound: n.NotFound,
		Appeals: n.Appeals, Granted: n.Granted, JSONURL: "/api/v1/transparency/notices/" + n.OrderID.String(),
	}
	v.Title = "Order " + n.Number
	if au := n.Authority; au != nil {
		v.Title += " of " + au.Name
		v.Authority = au.Name + ", " + authorityKinds[au.Kind] + " of " + countryName(au.Country)
	}
	if !n.ConfidentialUntil.IsZero() {
		v.ConfidentialUntil = formatDate(n.ConfidentialUntil)
	}
	if !n.RevokedAt.IsZero() {
		v.Revoked = formatDate(n.RevokedAt)
	}
	for _, d := range []struct {
		label string
		at    time.Time
	}{{"Received", n.ReceivedAt}, {"Acknowledged", n.AcknowledgedAt}, {"Confirmed (an emergency order)", n.ConfirmedAt},
		{"First given effect", n.FirstEffectAt}, {"Answered", n.AnsweredAt}, {"Revoked by the authority", n.RevokedAt}, {"Closed", n.ClosedAt}} {
		if !d.at.IsZero() {
			v.Dates = append(v.Dates, labelled{Label: d.label, Value: formatDate(d.at)})
		}
	}
	var withheld, removed, declined, review int
	for _, g := range n.Groups {
		w := kindWords[g.Kind]
		gv := &noticeGroupView{ID: "kind-" + string(g.Kind), Heading: fmt.Sprintf("%s (%d)", w[0], g.Named), Noun: w[2],
			Caption: w[0] + " withheld, with where, why and when"}
		count := func(label string, c int) {
			gv.Outcomes = append(gv.Outcomes, labelled{Label: label, Value: fmt.Sprint(c), Class: "num"})
		}
		count("Withheld", len(g.Withheld))
		if g.Kind != agora.SubjectHashtag {
			count("Removed under the platform's own rules", g.Removed)
		}
		for _, d := range g.Declined {
			count(d.Explanation, d.Count)
			declined += d.Count
		}
		count("Under review", g.UnderReview)
		withheld, removed, review = withheld+len(g.Withheld), removed+g.Removed, review+g.UnderReview
		for _, it := range g.Withheld {
			for i, h := range it.Withholdings {
				row := &withheldRow{Name: it.Name, URL: it.URL, Countries: countryNames(h.Countries),
					Reason: strings.TrimPrefix(reasonText[h.Reason], "in response to "), Since: formatDate(h.Since)}
				if i == 0 {
					row.Anchor = "target-" + it.TargetID.String()
				}
				if !h.LiftedAt.IsZero() {
					row.Lifted = formatDate(h.LiftedAt)
				}
				gv.Rows = append(gv.Rows, row)
			}
		}
		v.Groups = append(v.Groups, gv)
	}
	who := "The order"
	if n.Authority != nil {
		who = n.Authority.Name
	}
	v.Summary = fmt.Sprintf("%s asked for %s to be withheld", who, plural(v.Named, "item", "items"))
	if v.Scope != "" {
		v.Summary += " in " + v.Scope
	}
	v.Summary += fmt.Sprintf(". %s withheld %d, removed %d under its own rules and declined %d", a.info.Title, withheld, removed, declined)
	if n.NotFound > 0 {
		v.Summary += fmt.Sprintf("; %d could not be found", n.NotFound)
	}
	switch {
	case review == 1:
		v.Summary += "; 1 awaits review"
	case review > 1:
		v.Summary += fmt.Sprintf("; %d await review", review)
	}
	v.Summary += "."
	return v
}
