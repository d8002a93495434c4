package legal

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"agora"
	"agora/internal/country"
	"agora/service"
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
	Targets          int                      `json:"targets"`
	Accounts         int                      `json:"accounts"`
	Statuses         int                      `json:"statuses"`
	Hashtags         int                      `json:"hashtags"`
	FollowersReached int                      `json:"followers_reached"`
	PerCountry       map[string]CountryImpact `json:"per_country"`
	Skipped          int                      `json:"skipped"`
}

// CountryImpact is the part of an impact in one country.
type CountryImpact struct {
	Accounts         int `json:"accounts"`
	Statuses         int `json:"statuses"`
	Hashtags         int `json:"hashtags"`
	FollowersReached int `json:"followers_reached"`
}

// DecisionResult is what a decision did (or, previewed, would do).
type DecisionResult struct {
	Action    agora.DecisionAction `json:"action"`
	Applied   int                  `json:"applied"`
	Skipped   int                  `json:"skipped"`
	Rules     int                  `json:"rules_created"`
	Lifted    int                  `json:"rules_lifted"`
	Warnings  int                  `json:"owners_notified"`
	HeldBack  int                  `json:"notifications_held_back"`
	Impact    *Impact              `json:"impact"`
	Preview   bool                 `json:"preview"`
	Decisions []*agora.Decision    `json:"-"`
}

// heldForever is when the warnings of a confidential order without an end date are
// released: never, until the order's confidentiality is lifted.
var heldForever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// Decide applies a decision to targets of the order in one transaction: rules,
// decision events, audit events, owner warnings and notifications, all or none.
// With preview it changes nothing and reports the impact. Errors: EUNPROCESSABLE
// naming the problem (unknown action, bad countries or codes, a target of another
// order, an unresolved target listed explicitly), EFORBIDDEN for withholding
// outside the territorial scope without a prior escalation by an admin.
func (d *Desk) Decide(ctx context.Context, actor *agora.Account, orderID agora.ID, in DecisionInput, preview bool) (*DecisionResult, error) {
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
	plan, err := d.plan(ctx, actor, o, in, targets)
	if err != nil {
		return nil, err
	}
	res := &DecisionResult{Action: in.Action, Applied: len(plan.batch.Decisions), Skipped: plan.skipped,
		Rules: len(plan.batch.NewRules), Lifted: len(plan.batch.LiftRuleIDs), Warnings: len(plan.batch.Warnings),
		HeldBack: len(plan.batch.Warnings) - len(plan.batch.Notifications), Impact: plan.impact, Preview: preview,
		Decisions: plan.batch.Decisions}
	if preview || len(plan.batch.Decisions) == 0 {
		return res, nil
	}
	err = d.svc.ChangeRules(ctx, plan.batch.NewRules, func() error {
		_, err := d.store.ApplyDecisions(ctx, plan.batch)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, id := range append(plan.batch.SuspendAccounts, plan.batch.UnsuspendAccounts...) {
		d.svc.ForgetAccount(id)
	}
	if plan.firstEffect {
		d.metrics.ObserveEffect(plan.batch.Order.FirstEffectAt.Sub(o.ReceivedAt))
	}
	return res, nil
}

// checkInput validates the decision's fields and fills defaults.
func (d *Desk) checkInput(o *agora.Order, in *DecisionInput) error {
	switch in.Action {
	case agora.ActionWithhold, agora.ActionDecline, agora.ActionRemove, agora.ActionLift, agora.ActionEscalate, agora.ActionComment:
	default:
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: action %q is unknown; use withhold, decline, remove, lift, escalate or comment.", truncate(string(in.Action), 30))
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
func (d *Desk) selectTargets(ctx context.Context, o *agora.Order, in DecisionInput) ([]*agora.Target, error) {
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

// plan is a decision worked out: the batch to apply and its impact.
type plan struct {
	batch       *agora.DecisionBatch
	impact      *Impact
	skipped     int
	firstEffect bool
}

// plan works out what the decision does to each target.
func (d *Desk) plan(ctx context.Context, actor *agora.Account, o *agora.Order, in DecisionInput, targets []*agora.Target) (*plan, error) {
	now := d.clock()
	explicit := in.Filter == nil
	p := &plan{batch: &agora.DecisionBatch{OrderID: o.ID, LiftedAt: now, SuspendedAt: now}, impact: &Impact{PerCountry: map[string]CountryImpact{}}}
	subjects, err := d.loadSubjects(ctx, targets)
	if err != nil {
		return nil, err
	}
	// The rules in force by target, read once: a lift looks its target's up.
	rulesByTarget := map[agora.ID][]agora.ID{}
	if in.Action == agora.ActionLift {
		orderRules, err := d.store.RulesOfOrder(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range orderRules {
			if r.LiftedAt.IsZero() {
				rulesByTarget[r.TargetID] = append(rulesByTarget[r.TargetID], r.ID)
			}
		}
	}
	if in.Action == agora.ActionWithhold && !o.InScope(in.Countries) {
		if err := d.checkEscalated(ctx, actor, o, in, targets); err != nil {
			return nil, err
		}
	}
	for _, t := range targets {
		ok, err := d.applicable(t, in.Action, explicit)
		if err != nil {
			return nil, err
		}
		if !ok {
			p.skipped++
			continue
		}
		dec := &agora.Decision{ID: d.ids.New(), OrderID: o.ID, TargetID: t.ID, Action: in.Action, Note: in.Note, CreatedAt: now}
		if actor != nil {
			dec.ActorID = actor.ID
		}
		switch in.Action {
		case agora.ActionWithhold:
			dec.Countries, dec.Reason = in.Countries, agora.WithholdReason(in.Reason)
			d.planWithhold(p, o, t, subjects, dec, false, actor)
		case agora.ActionRemove:
			dec.Countries, dec.Reason = []string{agora.AllCountries}, agora.ReasonLocalLaw
			d.planWithhold(p, o, t, subjects, dec, true, actor)
		case agora.ActionLift:
			p.batch.LiftRuleIDs = append(p.batch.LiftRuleIDs, rulesByTarget[t.ID]...)
			if t.State == agora.TargetRemoved && t.Kind == agora.SubjectAccount {
				p.batch.UnsuspendAccounts = append(p.batch.UnsuspendAccounts, t.SubjectID)
			}
			t.State, t.Countries = agora.TargetLifted, nil
		case agora.ActionDecline:
			dec.ReasonCode = in.ReasonCode
			t.State, t.ReasonCode = agora.TargetDeclined, in.ReasonCode
		case agora.ActionEscalate:
			// An escalation of content in force keeps it in force: the state says
			// what is enforced, the decision records the escalation.
			if t.State != agora.TargetWithheld && t.State != agora.TargetRemoved {
				t.State = agora.TargetEscalated
			}
		}
		if in.Action != agora.ActionComment {
			t.UpdatedAt = now
			p.batch.Targets = append(p.batch.Targets, t)
		}
		p.batch.Decisions = append(p.batch.Decisions, dec)
		p.batch.Events = append(p.batch.Events, d.event(ctx, actor, "decision."+string(in.Action), "target", t.ID,
			decisionSummary(o, t, dec)))
	}
	p.impact.Skipped = p.skipped
	if len(p.batch.Decisions) == 0 {
		if explicit && p.skipped > 0 {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: none of the targets can be given this decision.")
		}
		return p, nil
	}
	o.State = advance(o.State)
	if (in.Action == agora.ActionWithhold || in.Action == agora.ActionRemove) && o.FirstEffectAt.IsZero() {
		o.FirstEffectAt, p.firstEffect = now, true
	}
	p.batch.Order = o
	p.batch.Events = append(p.batch.Events, d.event(ctx, actor, "order.decide", "order", o.ID,
		fmt.Sprintf("%s on %d targets (%d skipped)", in.Action, len(p.batch.Decisions), p.skipped)))
	return p, nil
}

// advance moves an order into review when a decision is made on it.
func advance(s agora.OrderState) agora.OrderState {
	if s == agora.OrderReceived || s == agora.OrderAcknowledged {
		return agora.OrderInReview
	}
	return s
}

// applicable reports whether the action applies to the target. A target listed
// explicitly that cannot take the action is an error; one selected by a filter is
// skipped.
func (d *Desk) applicable(t *agora.Target, a agora.DecisionAction, explicit bool) (bool, error) {
	fail := func(why string) (bool, error) {
		if explicit {
			return false, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: target %s (%q) %s.", t.ID, truncate(t.Input, 80), why)
		}
		return false, nil
	}
	resolved := t.Resolution == agora.ResolutionResolved || t.Resolution == agora.ResolutionAlreadyWithheld
	switch a {
	case agora.ActionWithhold:
		if !resolved {
			return fail("is " + string(t.Resolution) + " and cannot be withheld")
		}
	case agora.ActionRemove:
		if !resolved {
			return fail("is " + string(t.Resolution) + " and cannot be removed")
		}
		if t.Kind == agora.SubjectHashtag {
			return fail("is a hashtag; remove applies to accounts and statuses")
		}
		if t.State == agora.TargetRemoved {
			return fail("is removed already")
		}
	case agora.ActionLift:
		if t.State != agora.TargetWithheld && t.State != agora.TargetRemoved {
			return fail("is not withheld or removed")
		}
	case agora.ActionDecline:
		if t.State == agora.TargetWithheld || t.State == agora.TargetRemoved {
			return fail("is " + string(t.State) + "; lift it before declining")
		}
	}
	return true, nil
}

// checkEscalated enforces that withholding outside the order's territorial scope
// follows an escalation of each target and is decided by an admin.
func (d *Desk) checkEscalated(ctx context.Context, actor *agora.Account, o *agora.Order, in DecisionInput, targets []*agora.Target) error {
	if actor != nil && actor.Role != agora.RoleAdmin {
		return agora.Errorf(agora.EFORBIDDEN, "Withholding outside the order's territorial scope (%s) needs an admin, after an escalation.", strings.Join(o.TerritorialScope, ","))
	}
	decisions, err := d.store.Decisions(ctx, o.ID, 0)
	if err != nil {
		return err
	}
	escalated := map[agora.ID]bool{}
	for _, dec := range decisions {
		if dec.Action == agora.ActionEscalate {
			escalated[dec.TargetID] = true
		}
	}
	for _, t := range targets {
		if !escalated[t.ID] {
			return agora.Errorf(agora.EFORBIDDEN, "Target %s must be escalated before it is withheld outside the order's territorial scope.", t.ID)
		}
	}
	return nil
}

// subjects are the accounts and statuses targets resolved to.
type subjects struct {
	accounts map[agora.ID]*agora.Account
	statuses map[agora.ID]*agora.Status
}

// loadSubjects loads in a few round trips the accounts and statuses of the targets,
// and the authors of the statuses.
func (d *Desk) loadSubjects(ctx context.Context, targets []*agora.Target) (*subjects, error) {
	var accountIDs, statusIDs []agora.ID
	for _, t := range targets {
		switch t.Kind {
		case agora.SubjectAccount:
			accountIDs = append(accountIDs, t.SubjectID)
		case agora.SubjectStatus:
			statusIDs = append(statusIDs, t.SubjectID)
		}
	}
	s := &subjects{statuses: map[agora.ID]*agora.Status{}}
	var err error
	if len(statusIDs) > 0 {
		if s.statuses, err = d.store.Statuses(ctx, statusIDs); err != nil {
			return nil, err
		}
		for _, st := range s.statuses {
			accountIDs = append(accountIDs, st.AccountID)
		}
	}
	s.accounts = map[agora.ID]*agora.Account{}
	if len(accountIDs) > 0 {
		if s.accounts, err = d.store.Accounts(ctx, accountIDs); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// planWithhold adds to p the rule, the owner's warning and the impact of
// withholding (or, with remove, removing) the target.
func (d *Desk) planWithhold(p *plan, o *agora.Order, t *agora.Target, s *subjects, dec *agora.Decision, remove bool, actor *agora.Account) {
	now := dec.CreatedAt
	r := &agora.Rule{
		ID: d.ids.New(), Kind: t.Kind, SubjectID: t.SubjectID, Hashtag: t.Hashtag,
		Countries: dec.Countries, Reason: dec.Reason, Origin: "order:" + o.ID.String(),
		OrderID: o.ID, TargetID: t.ID, Since: now,
	}
	if actor != nil {
		r.CreatedBy = actor.ID
	}
	t.State, t.Countries = agora.TargetWithheld, dec.Countries
	if remove {
		r.Origin = "removal:order:" + o.ID.String()
		t.State = agora.TargetRemoved
	}
	var owner *agora.Account
	var statusIDs []agora.ID
	var statuses, followers int
	switch t.Kind {
	case agora.SubjectAccount:
		owner = s.accounts[t.SubjectID]
		if owner != nil {
			statuses, followers = owner.StatusesCount, owner.FollowersCount
			p.impact.Accounts++
		}
		if remove {
			p.batch.SuspendAccounts = append(p.batch.SuspendAccounts, t.SubjectID)
		}
	case agora.SubjectStatus:
		if st := s.statuses[t.SubjectID]; st != nil {
			owner = s.accounts[st.AccountID]
			statusIDs = []agora.ID{st.ID}
			statuses = 1
			if owner != nil {
				followers = owner.FollowersCount
			}
		}
		if remove {
			p.batch.DeleteStatuses = append(p.batch.DeleteStatuses, t.SubjectID)
		}
	case agora.SubjectHashtag:
		p.impact.Hashtags++
	}
	if !(remove && t.Kind == agora.SubjectStatus) {
		p.batch.NewRules = append(p.batch.NewRules, r)
	}
	p.impact.Targets++
	p.impact.Statuses += statuses
	p.impact.FollowersReached += followers
	for _, c := range dec.Countries {
		ci := p.impact.PerCountry[c]
		ci.Statuses += statuses
		ci.FollowersReached += followers
		if t.Kind == agora.SubjectAccount && owner != nil {
			ci.Accounts++
		}
		if t.Kind == agora.SubjectHashtag {
			ci.Hashtags++
		}
		p.impact.PerCountry[c] = ci
	}
	if owner == nil {
		return
	}
	action := "none"
	kind := agora.SubjectStatus
	switch {
	case remove && t.Kind == agora.SubjectAccount:
		action = "suspend"
	case remove:
		action = "delete_statuses"
	}
	if t.Kind == agora.SubjectAccount {
		kind = agora.SubjectAccount
	}
	text := service.NoticeText(kind, owner.Username, []*agora.Rule{r})
	if remove {
		text = removalText(kind, owner.Username)
	}
	w := &agora.AccountWarning{
		ID: d.ids.New(), AccountID: owner.ID, Action: action, Text: text, StatusIDs: statusIDs,
		OrderID: o.ID, TargetID: t.ID, CreatedAt: now,
	}
	if o.Confidential && (o.ConfidentialUntil.IsZero() || o.ConfidentialUntil.After(now)) {
		w.NotifyAfter = o.ConfidentialUntil
		if w.NotifyAfter.IsZero() {
			w.NotifyAfter = heldForever
		}
	} else {
		w.NotifiedAt = now
		p.batch.Notifications = append(p.batch.Notifications, warningNotification(d.ids.New(), w))
	}
	p.batch.Warnings = append(p.batch.Warnings, w)
}

// warningNotification is the moderation_warning notification carrying w.
func warningNotification(id agora.ID, w *agora.AccountWarning) *agora.Notification {
	return &agora.Notification{
		ID: id, AccountID: w.AccountID, Type: agora.NotifyModerationWarning,
		FromAccountID: w.AccountID, WarningID: w.ID, CreatedAt: id.Time(),
	}
}

// removalText tells the owner that content was removed under the platform's rules.
func removalText(kind agora.SubjectKind, username string) string {
	if kind == agora.SubjectAccount {
		return "@" + username + "'s account has been suspended under the platform's rules, following a legal demand."
	}
	return "A post from @" + username + " has been removed under the platform's rules, following a legal demand."
}

// decisionSummary is the audit line of one decision; it names no staff.
func decisionSummary(o *agora.Order, t *agora.Target, dec *agora.Decision) string {
	s := fmt.Sprintf("order %s target %d (%s): %s", o.Number, t.Position, truncate(t.Input, 80), dec.Action)
	if len(dec.Countries) > 0 {
		s += " in " + strings.Join(dec.Countries, ",")
	}
	if dec.ReasonCode != "" {
		s += " (" + dec.ReasonCode + ")"
	}
	return s
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
