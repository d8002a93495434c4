package legal

import (
	"context"
	"slices"
	"strings"
	"time"

	"agora"
	"agora/internal/country"
)

// DecisionInput is a decision on some of an order's targets: the listed ones, or
// those a filter selects.
type DecisionInput struct {
	TargetIDs  []agora.ID
	Filter     *TargetFilter
	Action     agora.DecisionAction
	Countries  []string // withhold: where; empty means the order's territorial scope
	Reason     string   // withhold: legal_demand (default), local_law or copyright
	ReasonCode string   // decline: one of agora.DeclineCodes
	Note       string

	appeal  *agora.Appeal // the appeal this decision answers (AnswerAppeal); nil for none
	liftWhy string        // lift: why, for the owner; "the decision was reversed" by default
}

// TargetFilter selects targets of the order for a bulk decision.
type TargetFilter struct {
	Resolution agora.Resolution
	Kind       agora.SubjectKind
	State      agora.TargetState
}

// maxNote bounds a decision's note.
const maxNote = 5000

// Impact is what a decision would hide, overall and per country.
type Impact struct {
	Targets          int
	Accounts         int
	Statuses         int
	Hashtags         int
	FollowersReached int
	PerCountry       map[string]CountryImpact
	Skipped          int
}

// CountryImpact is the part of an impact in one country.
type CountryImpact struct {
	Accounts         int
	Statuses         int
	Hashtags         int
	FollowersReached int
}

// DecisionResult is what a decision did (or, previewed, would do).
type DecisionResult struct {
	Action    agora.DecisionAction
	Applied   int
	Skipped   int
	Rules     int
	Lifted    int
	Warnings  int
	HeldBack  int
	Impact    *Impact
	Preview   bool
	Decisions []*agora.Decision
}

// Decide applies a decision to targets of the order in one transaction: rules,
// decision events, audit events, owner warnings and notifications, all or none.
// With preview it changes nothing and reports the impact. A withhold, removal or
// decline that goes against a decision on the same subject that stands in
// another order (see agora.Conflict) needs a note, for every target it applies
// to: without one the whole decision, or its preview, is refused. Errors:
// EUNPROCESSABLE naming the problem (unknown action, bad countries or codes, a
// target of another order, an unresolved target listed explicitly, a conflict
// without a note), EFORBIDDEN for withholding
// outside the territorial scope without a prior escalation by an admin, ECONFLICT
// for withholding or removing under an order the authority revoked.
func (d *Review) Decide(ctx context.Context, actor *agora.Account, orderID agora.ID, in DecisionInput, preview bool) (*DecisionResult, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	o, err := d.store.Order(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if err := d.checkInput(o, &in); err != nil {
		return nil, err
	}
	targets, err := d.selectTargets(ctx, o, in)
	if err != nil {
		return nil, err
	}
	switch in.Action {
	case agora.ActionWithhold, agora.ActionRemove, agora.ActionDecline:
		if err := d.elsewhere(ctx, o.ID, targets); err != nil {
			return nil, err
		}
	}
	plan, err := d.plan(ctx, actor, o, in, targets)
	if err != nil {
		return nil, err
	}
	if in.appeal != nil && len(plan.batch.Decisions) > 0 {
		if err := d.planAppealAnswer(ctx, plan.batch, o, in.appeal); err != nil {
			return nil, err
		}
	}
	res := &DecisionResult{Action: in.Action, Applied: len(plan.batch.Decisions), Skipped: plan.skipped,
		Rules: len(plan.batch.NewRules), Lifted: len(plan.batch.LiftRuleIDs), Warnings: len(plan.batch.Warnings),
		HeldBack: len(plan.batch.Warnings) - len(plan.batch.Notifications), Impact: plan.impact, Preview: preview,
		Decisions: plan.batch.Decisions}
	if preview || len(plan.batch.Decisions) == 0 {
		return res, nil
	}
	err = d.rules.ChangeRules(ctx, plan.batch.NewRules, func() error {
		_, err := d.store.ApplyDecisions(ctx, plan.batch)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(plan.batch.RemovedMediaKeys) > 0 && d.cfg.RemoveMediaFiles != nil {
		d.cfg.RemoveMediaFiles(ctx, plan.batch.RemovedMediaKeys...)
	}
	if plan.firstEffect {
		d.metrics.ObserveEffect(plan.batch.Order.FirstEffectAt.Sub(o.ReceivedAt))
	}
	return res, nil
}

// checkInput validates the decision's fields and fills defaults.
func (d *desk) checkInput(o *agora.Order, in *DecisionInput) error {
	switch in.Action {
	case agora.ActionWithhold, agora.ActionDecline, agora.ActionRemove, agora.ActionLift, agora.ActionEscalate, agora.ActionComment:
	default:
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: action %q is unknown; use withhold, decline, remove, lift, escalate or comment.", truncate(string(in.Action), 30))
	}
	if !o.RevokedAt.IsZero() && (in.Action == agora.ActionWithhold || in.Action == agora.ActionRemove) {
		return agora.Errorf(agora.ECONFLICT, "The order was revoked on %s and is closed: nothing more can be withheld or removed under it.", o.RevokedAt.UTC().Format(time.RFC3339))
	}
	if len(in.Note) > maxNote {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the note is too long (at most %d characters).", maxNote)
	}
	if (len(in.TargetIDs) == 0) == (in.Filter == nil) {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: give either target_ids or filter.")
	}
	if in.Filter != nil {
		if err := checkFilter(in.Filter.Resolution, in.Filter.Kind, in.Filter.State); err != nil {
			return err
		}
	}
	if len(in.TargetIDs) > d.cfg.MaxTargets {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: at most %d targets per decision.", d.cfg.MaxTargets)
	}
	in.Countries = agora.NormalizeCountries(in.Countries)
	for _, c := range in.Countries {
		if !country.Valid(c) {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: countries: %q is not an ISO 3166-1 alpha-2 country code (or XX for all).", truncate(c, 10))
		}
	}
	switch in.Action {
	case agora.ActionWithhold:
		if len(in.Countries) == 0 {
			in.Countries = o.TerritorialScope
		}
		if len(in.Countries) == 0 {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the order has no territorial scope; give countries.")
		}
		if in.Reason == "" {
			in.Reason = string(agora.ReasonLegalDemand)
		}
		switch agora.WithholdReason(in.Reason) {
		case agora.ReasonLegalDemand, agora.ReasonLocalLaw, agora.ReasonCopyright:
		default:
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: reason must be legal_demand, local_law or copyright.")
		}
	case agora.ActionDecline:
		if !slices.Contains(agora.DeclineCodes, in.ReasonCode) {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: a decline needs reason_code, one of %s.", strings.Join(agora.DeclineCodes, ", "))
		}
	}
	return nil
}

// selectTargets loads the targets the decision names, all of the order.
func (d *desk) selectTargets(ctx context.Context, o *agora.Order, in DecisionInput) ([]*agora.Target, error) {
	q := agora.TargetQuery{OrderID: o.ID, Limit: d.cfg.MaxTargets}
	if in.Filter != nil {
		q.Resolution, q.Kind, q.State = in.Filter.Resolution, in.Filter.Kind, in.Filter.State
		return d.store.Targets(ctx, q)
	}
	ids := slices.Clone(in.TargetIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	q.IDs = ids
	ts, err := d.store.Targets(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(ts) != len(ids) {
		found := make(map[agora.ID]bool, len(ts))
		for _, t := range ts {
			found[t.ID] = true
		}
		for _, id := range ids {
			if !found[id] {
				return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: target %s is not a target of order %s.", id, o.ID)
			}
		}
	}
	return ts, nil
}

// checkFilter refuses target filter values that name nothing, so a typo is an
// error rather than an empty selection.
func checkFilter(res agora.Resolution, kind agora.SubjectKind, state agora.TargetState) error {
	switch res {
	case "", agora.ResolutionResolved, agora.ResolutionUnresolved, agora.ResolutionDuplicate, agora.ResolutionAlreadyWithheld:
	default:
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: resolution must be resolved, unresolved, duplicate or already_withheld.")
	}
	switch kind {
	case "", agora.SubjectAccount, agora.SubjectStatus, agora.SubjectHashtag:
	default:
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: kind must be account, status or hashtag.")
	}
	switch state {
	case "", agora.TargetPending, agora.TargetWithheld, agora.TargetDeclined, agora.TargetRemoved, agora.TargetLifted, agora.TargetEscalated:
	default:
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: decision must be pending, withheld, declined, removed, lifted or escalated.")
	}
	return nil
}
