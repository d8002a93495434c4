package legal

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"agora"
	"agora/internal/country"
)

// ownerReason names a rule's reason category for the owner.
var ownerReason = map[agora.WithholdReason]string{
	agora.ReasonLegalDemand: "legal demand",
	agora.ReasonLocalLaw:    "local law",
	agora.ReasonCopyright:   "copyright",
}

// ownerSubject is the owner's content in the second person: "your account @alice"
// or "your post".
func ownerSubject(kind agora.SubjectKind, username string) string {
	if kind == agora.SubjectAccount {
		return "your account @" + username
	}
	return "your post"
}

// ownerOrder describes the order to the owner: its public number, the authority's
// reference, who issued it and under which law. a may be nil. It names no staff
// member.
func ownerOrder(o *agora.Order, a *agora.Authority) string {
	from := "an authority"
	if a != nil && strings.TrimSpace(a.Name) != "" {
		from = a.Name
		if a.Country != "" {
			from += " (" + country.Name(a.Country) + ")"
		}
	}
	order := "order " + o.Number
	if ref := strings.TrimSpace(o.Reference); ref != "" {
		order += ", their reference " + ref
	}
	basis := strings.TrimSpace(o.LegalBasis)
	if basis == "" {
		basis = "not stated in the order"
	}
	return "a legal demand from " + from + " (" + order + "; legal basis: " + basis + ")"
}

// withheldText is the owner's account warning for content withheld (or, with
// remove, removed) under the order o by the rule r, issued by the authority a
// (nil when unknown). noticeURL is the public notice; "" when there is none.
func withheldText(o *agora.Order, a *agora.Authority, kind agora.SubjectKind, username string, r *agora.Rule, remove bool, noticeURL string) string {
	var b strings.Builder
	subject := ownerSubject(kind, username)
	subject = strings.ToUpper(subject[:1]) + subject[1:]
	switch {
	case remove && kind == agora.SubjectAccount:
		b.WriteString(subject + " has been suspended under the platform's rules, following " + ownerOrder(o, a) + ".")
	case remove:
		b.WriteString(subject + " has been removed under the platform's rules, following " + ownerOrder(o, a) + ".")
	default:
		b.WriteString(subject + " has been withheld in " + countryNames(r.Countries) + " in response to " + ownerOrder(o, a) + ".")
		if !slices.Contains(r.Countries, agora.AllCountries) {
			b.WriteString(" It stays visible to you and to people elsewhere.")
		}
	}
	if reason := ownerReason[r.Reason]; reason != "" && !remove {
		b.WriteString(" Reason: " + reason + ".")
	}
	if redress := strings.TrimSpace(o.RedressInfo); redress != "" {
		b.WriteString(" How to contest: " + redress)
		if !strings.HasSuffix(redress, ".") {
			b.WriteString(".")
		}
	} else {
		b.WriteString(" How to contest: the order does not say.")
	}
	if noticeURL != "" {
		b.WriteString(" More: " + noticeURL)
	}
	return b.String()
}

// liftedText is the owner's account warning that the withholding (or suspension)
// of their content under the order o, in the countries, has been lifted; why says
// by what ("the authority revoked the order").
func liftedText(o *agora.Order, kind agora.SubjectKind, username string, countries []string, suspended bool, why, noticeURL string) string {
	subject := ownerSubject(kind, username)
	what, after := "The withholding of "+subject+" in "+countryNames(countries), " It is visible there again."
	if suspended {
		what, after = "The suspension of "+subject, " Your account is active again."
	}
	text := what + " under order " + o.Number + " has been lifted"
	if why != "" {
		text += ": " + why
	}
	text += "." + after
	if noticeURL != "" {
		text += " More: " + noticeURL
	}
	return text
}

// countryNames names the countries, sorted, "all countries" winning.
func countryNames(codes []string) string {
	if slices.Contains(codes, agora.AllCountries) {
		return country.Name(agora.AllCountries)
	}
	codes = slices.Clone(codes)
	slices.Sort(codes)
	return country.Names(codes)
}

// orderAuthority is the authority that issued o; nil when it is not recorded.
func (d *desk) orderAuthority(ctx context.Context, o *agora.Order) (*agora.Authority, error) {
	a, err := d.store.Authority(ctx, o.AuthorityID)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("authority of order: %w", err)
	}
	return a, nil
}

// planLiftWarning adds to b the warning telling the owner of the target t that
// the rules in force on it, about to be lifted, are lifted, and its notification;
// held back, as the warning that the content was withheld was, while the order is
// confidential. Nothing when no rule was in force or the owner is unknown.
func (d *desk) planLiftWarning(b *agora.DecisionBatch, o *agora.Order, t *agora.Target, s *subjects, rules []*agora.Rule, why string, now time.Time) {
	if len(rules) == 0 {
		return
	}
	var owner *agora.Account
	var statusIDs []agora.ID
	switch t.Kind {
	case agora.SubjectAccount:
		owner = s.accounts[t.SubjectID]
	case agora.SubjectStatus:
		if st := s.statuses[t.SubjectID]; st != nil {
			owner, statusIDs = s.accounts[st.AccountID], []agora.ID{st.ID}
		}
	}
	if owner == nil {
		return
	}
	var countries []string
	newest := rules[0]
	for _, r := range rules {
		for _, c := range r.Countries {
			if !slices.Contains(countries, c) {
				countries = append(countries, c)
			}
		}
		if r.ID > newest.ID {
			newest = r
		}
	}
	suspended := t.State == agora.TargetRemoved && t.Kind == agora.SubjectAccount
	w := &agora.AccountWarning{
		ID: d.ids.New(), AccountID: owner.ID, Action: "none", StatusIDs: statusIDs, OrderID: o.ID, TargetID: t.ID, CreatedAt: now,
		Text: liftedText(o, t.Kind, owner.Username, countries, suspended, why, d.rules.NoticeURL(newest.ID)),
	}
	if until := sealedUntil(o, now); !until.IsZero() {
		w.NotifyAfter = until
	} else {
		w.NotifiedAt = now
		b.Notifications = append(b.Notifications, warningNotification(d.ids.New(), w))
	}
	b.Warnings = append(b.Warnings, w)
}
