package legal

import (
	"context"
	"slices"
	"strings"
	"time"

	"agora"
)

// PublicNotice is the public record of an order, once it may be published:
// who issued it, under which law, when, where, and what became of each item
// it named. The items withheld under it are named, by design, as the notice
// of a withholding always has; the rest are counted. It never holds a staff
// member, a note, a remark of the annex, the authority's statement of reasons
// (which may name people; it goes to Lumen with the staff's export) or the
// order's correspondence.
type PublicNotice struct {
	OrderID   agora.ID
	Number    string // the number agora gave the order
	Reference string // the authority's own reference
	// Authority is the issuing authority; nil when the order names none.
	Authority        *agora.Authority
	LegalBasis       string
	TerritorialScope []string
	Emergency        bool
	// ConfidentialUntil is, for an order that was confidential, when that
	// ended; zero for an order that never was.
	ConfidentialUntil time.Time
	// When the order was received, acknowledged, first given effect,
	// confirmed (emergency orders), revoked, answered and closed; zero for
	// what has not happened.
	ReceivedAt, AcknowledgedAt, FirstEffectAt, ConfirmedAt, RevokedAt, AnsweredAt, ClosedAt time.Time
	// Groups are the items named by kind: accounts, posts, hashtags, in that
	// order, those of which the order names none left out.
	Groups []*NoticeGroup
	// NotFound counts the items named that were not found on the platform.
	NotFound int
	// Appeals counts the owners' appeals against the order's decisions, and
	// Granted those granted.
	Appeals, Granted int
}

// Named returns how many items the order names, each once.
func (n *PublicNotice) Named() int {
	c := n.NotFound
	for _, g := range n.Groups {
		c += g.Named
	}
	return c
}

// NoticeGroup is what became of the items of one kind an order names, each
// counted once (a target naming an item twice is left out). Every item named
// falls in exactly one of Withheld, Removed, Declined and UnderReview, as it
// does in the transparency report.
type NoticeGroup struct {
	Kind  agora.SubjectKind
	Named int
	// Withheld are the items a decision withheld (lifted since or not), and
	// not removed, in the order named.
	Withheld []*NoticeItem
	// Removed counts the items removed under the platform's own rules
	// (accounts suspended, posts deleted).
	Removed int
	// Declined counts the items on which the platform declined to act, by
	// reason, in the order of agora.DeclineCodes.
	Declined []*DeclineCount
	// UnderReview counts the items still awaiting a decision.
	UnderReview int
}

// NoticeItem is an item withheld under an order.
type NoticeItem struct {
	TargetID agora.ID
	// Name is how people write the item: "@alice", "#tag", or a post's
	// address; for one that no longer exists, words that say so ("a post
	// deleted since").
	Name string
	// URL is the item's public address; "" for a post deleted since.
	URL string
	// Withholdings are the order's rules on the item, oldest first.
	Withholdings []*NoticeWithholding
}

// NoticeWithholding is one withholding of an item under an order.
type NoticeWithholding struct {
	RuleID    agora.ID
	Countries []string
	Reason    agora.WithholdReason
	Since     time.Time
	LiftedAt  time.Time // zero while in force
}

// DeclineCount counts the items declined for one reason, with the public
// explanation of the reason (DeclineExplanation).
type DeclineCount struct {
	Code        string
	Explanation string
	Count       int
}

// errNoNotice is the answer for an order that has no public notice, whether
// it does not exist or may not be published yet: the two must look alike.
var errNoNotice = agora.Errorf(agora.ENOTFOUND, "No such notice.")

// NoticePublished reports whether the order's public notice may be read now:
// the order exists and is not confidential, or no longer. It is false, with
// no error, for an order that does not exist.
func (d *Transparency) NoticePublished(ctx context.Context, orderID agora.ID) (bool, error) {
	o, err := d.store.Order(ctx, orderID)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return sealedUntil(o, d.now()).IsZero(), nil
}

// PublicNotice returns the public notice of the order. ENOTFOUND for an order
// that does not exist and for one that is confidential: until its end date,
// or for good without one.
func (d *Transparency) PublicNotice(ctx context.Context, orderID agora.ID) (*PublicNotice, error) {
	o, err := d.store.Order(ctx, orderID)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return nil, errNoNotice
	} else if err != nil {
		return nil, err
	}
	if !sealedUntil(o, d.now()).IsZero() {
		return nil, errNoNotice
	}
	auth, err := d.orderAuthority(ctx, o)
	if err != nil {
		return nil, err
	}
	targets, err := d.store.Targets(ctx, agora.TargetQuery{OrderID: o.ID, Limit: d.cfg.MaxTargets})
	if err != nil {
		return nil, err
	}
	decisions, err := d.store.Decisions(ctx, o.ID, 0)
	if err != nil {
		return nil, err
	}
	rules, err := d.store.RulesOfOrder(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	withheld, removed := map[agora.ID]bool{}, map[agora.ID]bool{}
	for _, dec := range decisions {
		switch dec.Action {
		case agora.ActionWithhold:
			withheld[dec.TargetID] = true
		case agora.ActionRemove:
			removed[dec.TargetID] = true
		}
	}
	var shown []*agora.Target // the items named: withheld, and not removed
	for _, t := range targets {
		if t.Resolution != agora.ResolutionDuplicate && withheld[t.ID] && !removed[t.ID] {
			shown = append(shown, t)
		}
	}
	subjects, err := d.loadSubjects(ctx, shown)
	if err != nil {
		return nil, err
	}
	n := &PublicNotice{
		OrderID: o.ID, Number: o.Number, Reference: o.Reference, Authority: auth,
		LegalBasis: strings.TrimSpace(o.LegalBasis), TerritorialScope: o.TerritorialScope, Emergency: o.Emergency,
		ReceivedAt: o.ReceivedAt, AcknowledgedAt: o.AcknowledgedAt, FirstEffectAt: o.FirstEffectAt,
		ConfirmedAt: o.ConfirmedAt, RevokedAt: o.RevokedAt, AnsweredAt: o.AnsweredAt, ClosedAt: o.ClosedAt,
	}
	if o.Confidential {
		n.ConfidentialUntil = o.ConfidentialUntil
	}
	groups := map[agora.SubjectKind]*NoticeGroup{}
	for _, k := range []agora.SubjectKind{agora.SubjectAccount, agora.SubjectStatus, agora.SubjectHashtag} {
		groups[k] = &NoticeGroup{Kind: k}
	}
	declined := map[agora.SubjectKind]map[string]int{}
	for _, t := range targets {
		if t.Resolution == agora.ResolutionDuplicate {
			continue
		}
		g := groups[t.Kind]
		if g == nil {
			n.NotFound++ // unresolved: no kind
			continue
		}
		g.Named++
		switch {
		case removed[t.ID]:
			g.Removed++
		case withheld[t.ID]:
			g.Withheld = append(g.Withheld, d.noticeItem(t, subjects, rules))
		case t.State == agora.TargetDeclined:
			if declined[t.Kind] == nil {
				declined[t.Kind] = map[string]int{}
			}
			declined[t.Kind][t.ReasonCode]++
		default:
			g.UnderReview++
		}
	}
	for _, k := range []agora.SubjectKind{agora.SubjectAccount, agora.SubjectStatus, agora.SubjectHashtag} {
		g := groups[k]
		for _, code := range agora.DeclineCodes {
			if c := declined[k][code]; c > 0 {
				g.Declined = append(g.Declined, &DeclineCount{Code: code, Explanation: DeclineExplanation(code), Count: c})
			}
		}
		for code, c := range declined[k] { // a code no longer known
			if !slices.Contains(agora.DeclineCodes, code) {
				g.Declined = append(g.Declined, &DeclineCount{Code: code, Explanation: DeclineExplanation(code), Count: c})
			}
		}
		if g.Named > 0 {
			n.Groups = append(n.Groups, g)
		}
	}
	ids := make([]agora.ID, len(targets))
	for i, t := range targets {
		ids[i] = t.ID
	}
	appeals, err := d.store.AppealsOfTargets(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, a := range appeals {
		n.Appeals++
		if a.State == agora.AppealApproved {
			n.Granted++
		}
	}
	return n, nil
}

// noticeItem names the withheld target t with its withholdings under the
// order.
func (d *desk) noticeItem(t *agora.Target, s *subjects, rules []*agora.Rule) *NoticeItem {
	it := &NoticeItem{TargetID: t.ID}
	switch t.Kind {
	case agora.SubjectAccount:
		if a := s.accounts[t.SubjectID]; a != nil {
			it.Name = "@" + a.Username
		}
	case agora.SubjectHashtag:
		it.Name = "#" + t.Hashtag
	}
	if t.Kind != agora.SubjectStatus || s.statuses[t.SubjectID] != nil {
		it.URL = d.itemURL(t, s)
	}
	switch {
	case it.Name != "":
	case it.URL != "":
		it.Name = it.URL
	case t.Kind == agora.SubjectStatus:
		it.Name = "a post deleted since"
	default:
		it.Name = "an account no longer on the platform"
	}
	for _, r := range rules {
		if r.TargetID == t.ID {
			it.Withholdings = append(it.Withholdings, &NoticeWithholding{RuleID: r.ID, Countries: r.Countries,
				Reason: r.Reason, Since: r.Since, LiftedAt: r.LiftedAt})
		}
	}
	return it
}
