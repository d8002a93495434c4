package transparencyapi

import (
	"context"
	"net/http"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
	"agora/service"
	"agora/transparencyapi/wire"
)

// noticeJSON serves GET /api/v1/transparency/notices/{id}: the public notice
// of the order with the ID. The ID of a rule made under an order that may be
// published is answered with a redirect (303) to its order's notice, so that
// the rule named by a log entry leads to it. Anything else is 404 alike: no
// such order, an order that may not be published yet, or a rule without one
// (whose notice is the page /notices/{id} alone).
func (a *API) noticeJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := a.desk.PublicNotice(r.Context(), id)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		order, err := a.ruleOrder(r.Context(), id)
		if err != nil {
			return err
		}
		if order.rule == nil || order.id == 0 {
			return errNoNotice
		}
		http.Redirect(w, r, "/api/v1/transparency/notices/"+order.id.String(), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	httpx.WriteJSON(w, http.StatusOK, a.wireNotice(n))
	return nil
}

// noticePage serves GET /notices/{id}, the page a withheld item's "Learn
// more" (Link rel="blocked-by") leads to: the public notice of the order with
// the ID; for the ID of a rule, a redirect (303) to its order's notice, at
// the rule's item, when the order may be published, and otherwise the
// rule's own notice (see ruleNotice). 404 for anything else.
func (a *API) noticePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := a.desk.PublicNotice(r.Context(), id)
	if err == nil {
		w.Header().Set("Cache-Control", "no-cache")
		return a.render(w, http.StatusOK, "order_notice", a.orderNoticeView(n))
	} else if agora.ErrorCode(err) != agora.ENOTFOUND {
		return err
	}
	order, err := a.ruleOrder(r.Context(), id)
	if err != nil {
		return err
	}
	if order.rule == nil {
		return errNoNotice
	}
	if order.id != 0 {
		http.Redirect(w, r, "/notices/"+order.id.String()+"#target-"+order.rule.Rule.TargetID.String(), http.StatusSeeOther)
		return nil
	}
	w.Header().Set("Cache-Control", "no-cache")
	return a.ruleNotice(w, order.rule)
}

// ruleOrderResult is the notice of a rule, and the order whose notice stands
// for it.
type ruleOrderResult struct {
	rule *service.Notice // nil when there is no rule with the ID
	id   agora.ID        // the rule's order when its notice may be read; 0 otherwise
}

// ruleOrder looks the ID up as a rule's, and the rule's order up when its
// notice may be read. A rule sealed by a confidential order keeps its own
// notice, which names neither its subject nor its order.
func (a *API) ruleOrder(ctx context.Context, id agora.ID) (ruleOrderResult, error) {
	n, err := a.rules.RuleNotice(ctx, id)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return ruleOrderResult{}, nil
	} else if err != nil {
		return ruleOrderResult{}, err
	}
	res := ruleOrderResult{rule: n}
	if n.Rule.OrderID == 0 || n.Sealed {
		return res, nil
	}
	ok, err := a.desk.NoticePublished(ctx, n.Rule.OrderID)
	if err != nil {
		return ruleOrderResult{}, err
	}
	if ok {
		res.id = n.Rule.OrderID
	}
	return res, nil
}

// wireNotice converts the notice to its JSON shape.
func (a *API) wireNotice(n *legal.PublicNotice) *wire.Notice {
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	out := &wire.Notice{
		ID: n.OrderID.String(), URL: a.info.BaseURL + "/notices/" + n.OrderID.String(), Number: n.Number, Reference: n.Reference,
		LegalBasis: n.LegalBasis, TerritorialScope: n.TerritorialScope, Emergency: n.Emergency,
		ConfidentialUntil: opt(n.ConfidentialUntil), ReceivedAt: n.ReceivedAt, AcknowledgedAt: opt(n.AcknowledgedAt),
		FirstEffectAt: opt(n.FirstEffectAt), ConfirmedAt: opt(n.ConfirmedAt), RevokedAt: opt(n.RevokedAt),
		AnsweredAt: opt(n.AnsweredAt), ClosedAt: opt(n.ClosedAt),
		Named: n.Named(), NotFound: n.NotFound, Targets: []*wire.NoticeGroup{},
		Appeals: wire.NoticeAppeals{Received: n.Appeals, Granted: n.Granted},
	}
	if out.TerritorialScope == nil {
		out.TerritorialScope = []string{}
	}
	if au := n.Authority; au != nil {
		out.Authority = &wire.Authority{Name: au.Name, Kind: string(au.Kind), Country: au.Country}
	}
	for _, g := range n.Groups {
		wg := &wire.NoticeGroup{Kind: string(g.Kind), Named: g.Named, Withheld: []*wire.NoticeItem{}, Removed: g.Removed,
			Declined: []*wire.Declined{}, UnderReview: g.UnderReview}
		for _, it := range g.Withheld {
			wi := &wire.NoticeItem{Name: it.Name, Withholdings: []*wire.Withholding{}}
			if it.URL != "" {
				wi.URL = &it.URL
			}
			for _, h := range it.Withholdings {
				wi.Withholdings = append(wi.Withholdings, &wire.Withholding{Rule: h.RuleID.String(), Countries: h.Countries,
					Reason: string(h.Reason), Since: h.Since, LiftedAt: opt(h.LiftedAt)})
			}
			wg.Withheld = append(wg.Withheld, wi)
		}
		for _, d := range g.Declined {
			wg.Declined = append(wg.Declined, &wire.Declined{ReasonCode: d.Code, Explanation: d.Explanation, Count: d.Count})
		}
		out.Targets = append(out.Targets, wg)
	}
	return out
}
