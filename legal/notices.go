package legal

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"agora"
)

// DocumentInput is a file sent with a notice or a message.
type DocumentInput struct {
	Name        string
	ContentType string
	Data        []byte
}

// NoticeInput is a notice received from the authority about an order.
type NoticeInput struct {
	Kind       agora.NoticeKind
	ReceivedAt time.Time // zero: now
	Deadline   time.Time
	Summary    string
	Document   *DocumentInput
}

// CorrespondenceInput is one message of the formal dialogue.
type CorrespondenceInput struct {
	Direction string    // "in" or "out"
	Channel   string    // agora.ChannelAuthorityAPI: an answer the authority reads on its channel
	Date      time.Time // zero: now
	Parties   string
	Summary   string
	Document  *DocumentInput
	// Documents are more documents, after Document; at most MaxDocuments in all.
	Documents []*DocumentInput
}

// storeDocument keeps the document with its SHA-256. EUNPROCESSABLE when it is
// empty or larger than agora.MaxDocumentBytes.
func (d *desk) storeDocument(ctx context.Context, orderID agora.ID, in *DocumentInput) (agora.ID, error) {
	if in == nil {
		return 0, nil
	}
	doc, err := d.newDocument(in, agora.DocumentAttached)
	if err != nil {
		return 0, err
	}
	doc.OrderID = orderID
	if err := d.store.CreateDocument(ctx, doc); err != nil {
		return 0, err
	}
	return doc.ID, nil
}

// AddNotice records a notice from the authority. A revocation lifts every rule the
// order created and closes the order; an emergency confirmation records that the emergency order was
// confirmed. EUNPROCESSABLE for an unknown kind or missing summary.
func (d *Followup) AddNotice(ctx context.Context, actor *agora.Account, orderID agora.ID, in NoticeInput) (*agora.OrderNotice, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	switch in.Kind {
	case agora.NoticeNonCompliance, agora.NoticeHearing, agora.NoticeEmergencyConfirmation, agora.NoticeRevocation, agora.NoticeOther:
	default:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: kind %q is unknown; use non_compliance, hearing, emergency_confirmation, revocation or other.", truncate(string(in.Kind), 30))
	}
	if strings.TrimSpace(in.Summary) == "" || len(in.Summary) > maxLongField {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: summary is required (at most %d characters).", maxLongField)
	}
	o, err := d.store.Order(ctx, orderID)
	if err != nil {
		return nil, err
	}
	docID, err := d.storeDocument(ctx, orderID, in.Document)
	if err != nil {
		return nil, err
	}
	now := d.clock()
	n := &agora.OrderNotice{
		ID: d.ids.New(), OrderID: orderID, Kind: in.Kind, ReceivedAt: orDefault(in.ReceivedAt, now),
		Deadline: truncMS(in.Deadline), Summary: in.Summary, DocumentID: docID, CreatedAt: now,
	}
	if actor != nil {
		n.CreatedBy = actor.ID
	}
	ev := d.event(ctx, actor, "notice."+string(in.Kind), "order", orderID, fmt.Sprintf("%s notice received", in.Kind))
	if in.Kind == agora.NoticeRevocation {
		// The notice, the lifts, the revocation time and the closing in one
		// transaction: nothing more is decided under a revoked order.
		o.RevokedAt = now
		if err := d.liftOrder(ctx, actor, o, "revoked by the authority", n, ev); err != nil {
			return nil, err
		}
		return n, nil
	}
	if err := d.store.CreateOrderNotice(ctx, n, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	switch in.Kind {
	case agora.NoticeEmergencyConfirmation:
		o.ConfirmedAt = now
		ev := d.event(ctx, actor, "order.confirm", "order", o.ID, "emergency order confirmed")
		if err := d.store.UpdateOrder(ctx, o, []*agora.AuditEvent{ev}); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// liftOrder lifts every rule in force that the order created, with a lift decision
// on each target, and writes the order back (its revocation time included), in one
// transaction with the notice that asks for it, if any, and its audit events.
func (d *desk) liftOrder(ctx context.Context, actor *agora.Account, o *agora.Order, why string, notice *agora.OrderNotice, events ...*agora.AuditEvent) error {
	return d.liftOrderWith(ctx, actor, o, why, &agora.DecisionBatch{Notice: notice, Events: events})
}

// liftOrderWith lifts as liftOrder does, in one transaction with what b holds
// already (a notice, an authority's message, audit events).
func (d *desk) liftOrderWith(ctx context.Context, actor *agora.Account, o *agora.Order, why string, b *agora.DecisionBatch) error {
	rules, err := d.store.RulesOfOrder(ctx, o.ID)
	if err != nil {
		return err
	}
	now := d.clock()
	if !o.RevokedAt.IsZero() && o.State != agora.OrderClosed {
		// A revoked order is closed: nothing more can be withheld under it.
		o.State, o.ClosedAt = agora.OrderClosed, now
	}
	b.OrderID, b.LiftedAt, b.Order = o.ID, now, o
	lifted := map[agora.ID][]*agora.Rule{} // the rules in force by target
	for _, r := range rules {
		if r.LiftedAt.IsZero() {
			b.LiftRuleIDs = append(b.LiftRuleIDs, r.ID)
			lifted[r.TargetID] = append(lifted[r.TargetID], r)
		}
	}
	if len(lifted) > 0 {
		targets, err := d.store.Targets(ctx, agora.TargetQuery{OrderID: o.ID, Limit: d.cfg.MaxTargets})
		if err != nil {
			return err
		}
		targets = slices.DeleteFunc(targets, func(t *agora.Target) bool { return len(lifted[t.ID]) == 0 })
		subjects, err := d.loadSubjects(ctx, targets)
		if err != nil {
			return err
		}
		for _, t := range targets {
			d.planLiftWarning(b, o, t, subjects, lifted[t.ID], why, now)
			if t.State == agora.TargetRemoved && t.Kind == agora.SubjectAccount {
				b.UnsuspendAccounts = append(b.UnsuspendAccounts, t.SubjectID)
			}
			t.State, t.Countries, t.UpdatedAt = agora.TargetLifted, nil, now
			b.Targets = append(b.Targets, t)
			dec := &agora.Decision{ID: d.ids.New(), OrderID: o.ID, TargetID: t.ID, Action: agora.ActionLift, Note: why, CreatedAt: now}
			if actor != nil {
				dec.ActorID = actor.ID
			}
			b.Decisions = append(b.Decisions, dec)
			// Each target's audit trail shows the lift, as it shows every decision.
			ev := d.event(ctx, actor, "decision.lift", "target", t.ID, decisionSummary(o, t, dec)+" ("+why+")")
			d.announceTarget(ev, o, t, dec, lifted[t.ID])
			b.Events = append(b.Events, ev)
		}
	}
	b.Events = append(b.Events, d.event(ctx, actor, "order.lift", "order", o.ID, fmt.Sprintf("%s: %d rules lifted", why, len(b.LiftRuleIDs))))
	if err := d.rules.ChangeRules(ctx, nil, func() error {
		_, err := d.store.ApplyDecisions(ctx, b)
		return err
	}); err != nil {
		return err
	}
	return nil
}

// AnswerNotice marks the notice answered: its deadline no longer makes the order
// overdue. ENOTFOUND for no such notice, ECONFLICT when it is already answered.
func (d *Followup) AnswerNotice(ctx context.Context, actor *agora.Account, id agora.ID) (*agora.OrderNotice, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	n, err := d.store.OrderNotice(ctx, id)
	if err != nil {
		return nil, err
	}
	if !n.AnsweredAt.IsZero() {
		return nil, agora.Errorf(agora.ECONFLICT, "The notice is already answered.")
	}
	o, err := d.store.Order(ctx, n.OrderID)
	if err != nil {
		return nil, err
	}
	n.AnsweredAt = d.clock()
	ev := d.event(ctx, actor, "notice.answer", "order", n.OrderID, fmt.Sprintf("%s notice %s answered", n.Kind, n.ID))
	d.announce(ev, Announcement{Type: agora.EventNoticeAnswered, Order: o, Notice: n})
	if err := d.store.AnswerNotice(ctx, id, n.AnsweredAt, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return n, nil
}

// Notices lists the order's notices.
func (d *Followup) Notices(ctx context.Context, actor *agora.Account, orderID agora.ID) ([]*agora.OrderNotice, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if _, err := d.store.Order(ctx, orderID); err != nil {
		return nil, err
	}
	return d.store.OrderNotices(ctx, orderID)
}

// AddCorrespondence records a message of the formal dialogue, with its
// documents (at most MaxDocuments) in the same transaction. Parties are
// organisations; staff are never named: EUNPROCESSABLE when the parties name a
// staff member (see checkParties), and nothing is recorded. A message out on
// agora.ChannelAuthorityAPI is an answer the order's authority reads on its
// channel (see checkChannelAnswer).
func (d *Followup) AddCorrespondence(ctx context.Context, actor *agora.Account, orderID agora.ID, in CorrespondenceInput) (*agora.Correspondence, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if in.Direction != "in" && in.Direction != "out" {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: direction must be in or out.")
	}
	if strings.TrimSpace(in.Summary) == "" || len(in.Summary) > maxLongField || len(in.Parties) > maxShortField || len(in.Channel) > maxShortField {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: summary is required; summary, parties and channel have length limits.")
	}
	o, err := d.store.Order(ctx, orderID)
	if err != nil {
		return nil, err
	}
	if err := d.checkParties(ctx, in.Parties); err != nil {
		return nil, err
	}
	if in.Channel == agora.ChannelAuthorityAPI {
		if err := d.checkChannelAnswer(ctx, o, in); err != nil {
			return nil, err
		}
	}
	docs, err := d.newDocuments(append([]*DocumentInput{in.Document}, in.Documents...), agora.DocumentAttached)
	if err != nil {
		return nil, err
	}
	now := d.clock()
	c := &agora.Correspondence{
		ID: d.ids.New(), OrderID: orderID, Direction: in.Direction, Channel: in.Channel,
		Date: orDefault(in.Date, now), Parties: in.Parties, Summary: in.Summary, CreatedAt: now, Documents: docs,
	}
	if len(docs) > 0 {
		c.DocumentID = docs[0].ID
	}
	if actor != nil {
		c.CreatedBy = actor.ID
	}
	ev := d.event(ctx, actor, "correspondence."+in.Direction, "order", orderID, fmt.Sprintf("message %s via %s", in.Direction, in.Channel))
	if c.Direction == "out" && c.Channel == agora.ChannelAuthorityAPI {
		// The authority is told of the platform's answers in its dialogue (it
		// knows its own messages); the desk's other records are never sent.
		m := messageOf(c, nil)
		d.announce(ev, Announcement{Type: agora.EventMessageCreated, Order: o, Message: &m})
	}
	if err := d.store.CreateCorrespondence(ctx, c, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return c, nil
}

// Correspondence lists the order's messages, each with its documents' metadata.
func (d *Followup) Correspondence(ctx context.Context, actor *agora.Account, orderID agora.ID) ([]*agora.Correspondence, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if _, err := d.store.Order(ctx, orderID); err != nil {
		return nil, err
	}
	return d.store.Correspondence(ctx, orderID)
}

// Document returns a stored document.
func (d *Followup) Document(ctx context.Context, actor *agora.Account, id agora.ID) (*agora.Document, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	return d.store.Document(ctx, id)
}

// Decisions lists the decisions on the order (on one target when targetID is set).
func (d *Review) Decisions(ctx context.Context, actor *agora.Account, orderID, targetID agora.ID) ([]*agora.Decision, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if _, err := d.store.Order(ctx, orderID); err != nil {
		return nil, err
	}
	return d.store.Decisions(ctx, orderID, targetID)
}

// Audit reads the audit trail.
func (d *Followup) Audit(ctx context.Context, actor *agora.Account, q agora.AuditQuery) ([]*agora.AuditEvent, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	return d.store.Audit(ctx, q)
}

func orDefault(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return truncMS(t)
}

func truncMS(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Millisecond)
}
