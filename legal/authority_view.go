package legal

import (
	"context"
	"fmt"
	"time"

	"agora"
)

// The authority's side of the desk (DESIGN section 6): an authority submits its
// orders and reads, of its own orders only, the state and the effect given to
// each target. Nothing here returns a staff member, a note or another
// authority's order.

// MaxIdempotencyKey bounds an Idempotency-Key.
const MaxIdempotencyKey = 255

// Submission is how an authority's order arrived: under an Idempotency-Key
// ("" for none) and with the digest of the request's body.
type Submission struct {
	Key           string
	RequestDigest string
}

// SubmitOrder records an order from the authority, as CreateOrder does, with
// the files received with it (in.AnnexFile and in.Documents, kept as the
// order's documents and counted in its digest), and acknowledges it at once:
// the answer is the receipt. Under a key the authority used before with the
// same request, it returns the order then recorded and replayed true; with
// another request, EUNPROCESSABLE. Errors: EUNPROCESSABLE for no targets, too
// many documents or a bad one, and as CreateOrder.
func (d *Channel) SubmitOrder(ctx context.Context, auth *agora.Authority, in OrderInput, sub Submission) (o *agora.Order, replayed bool, err error) {
	if len(sub.Key) > MaxIdempotencyKey {
		return nil, false, agora.Errorf(agora.EINVALID, "The Idempotency-Key is longer than %d characters.", MaxIdempotencyKey)
	}
	if sub.Key != "" {
		if o, err := d.replay(ctx, auth, sub); err == nil || agora.ErrorCode(err) != agora.ENOTFOUND {
			return o, err == nil, err
		}
	}
	if len(in.Targets) == 0 {
		return nil, false, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the order names no targets; send targets or an annex.")
	}
	if len(in.Documents) > MaxDocuments {
		return nil, false, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: at most %d documents may be sent with an order.", MaxDocuments)
	}
	var docs []*agora.Document
	if in.AnnexFile != nil {
		annex, err := d.newDocument(in.AnnexFile, agora.DocumentAnnex)
		if err != nil {
			return nil, false, err
		}
		docs = append(docs, annex)
	}
	others, err := d.newDocuments(in.Documents, agora.DocumentOfOrder)
	if err != nil {
		return nil, false, err
	}
	docs = append(docs, others...)
	in.AuthorityID = auth.ID
	if in.Channel == "" {
		in.Channel = "api"
	}
	o, targets, err := d.prepareOrder(ctx, nil, in)
	if err != nil {
		return nil, false, err
	}
	o.AcknowledgedAt, o.State = o.CreatedAt, agora.OrderAcknowledged
	events := []*agora.AuditEvent{
		d.authorityEvent(ctx, auth, "order.create", o.ID, fmt.Sprintf("order received from the authority: reference %q, %d targets, digest %s", o.Reference, len(targets), o.Digest)),
		d.authorityEvent(ctx, auth, "order.acknowledge", o.ID, fmt.Sprintf("receipt sent at once: received %s, digest %s", o.ReceivedAt.Format(time.RFC3339), o.Digest)),
	}
	d.announce(events[0], Announcement{Type: agora.EventOrderReceived, Order: o})
	d.announce(events[1], Announcement{Type: agora.EventOrderAcknowledged, Order: o})
	err = d.store.CreateSubmittedOrder(ctx, o, targets, &agora.OrderSubmission{
		AuthorityID: auth.ID, Key: sub.Key, RequestDigest: sub.RequestDigest, CreatedAt: o.CreatedAt, Documents: docs}, events)
	if agora.ErrorCode(err) == agora.ECONFLICT && sub.Key != "" {
		// The same key arrived meanwhile: answer as its retry.
		if o, err := d.replay(ctx, auth, sub); err == nil || agora.ErrorCode(err) != agora.ENOTFOUND {
			return o, err == nil, err
		}
	}
	if err != nil {
		return nil, false, err
	}
	d.metrics.ObserveAcknowledge(o.AcknowledgedAt.Sub(o.ReceivedAt))
	return o, false, nil
}

// replay returns the order submitted under the key: ENOTFOUND when there is
// none, EUNPROCESSABLE when it was another request.
func (d *desk) replay(ctx context.Context, auth *agora.Authority, sub Submission) (*agora.Order, error) {
	prev, err := d.store.OrderSubmission(ctx, auth.ID, sub.Key)
	if err != nil {
		return nil, err
	}
	if prev.RequestDigest != sub.RequestDigest {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "This Idempotency-Key was used for another request; use a new key for a new order.")
	}
	return d.store.Order(ctx, prev.OrderID)
}

// authorityEvent prepares an audit event of the authority's own doing.
func (d *desk) authorityEvent(ctx context.Context, auth *agora.Authority, action string, object agora.ID, summary string) *agora.AuditEvent {
	ev := d.event(ctx, nil, action, "order", object, summary)
	ev.ActorKind, ev.ActorID = "authority", auth.ID
	return ev
}

// AuthorityOrders lists the authority's own orders, newest deadline first as the
// desk's queue is ordered. limit is 1 to 200.
func (d *Channel) AuthorityOrders(ctx context.Context, auth *agora.Authority, limit, offset int) ([]*agora.Order, error) {
	return d.store.Orders(ctx, agora.OrderQuery{AuthorityID: auth.ID, Limit: limit, Offset: offset, Now: d.now()})
}

// AuthorityOrder returns one of the authority's own orders. ENOTFOUND for an
// order of another authority, as for one that does not exist.
func (d *Channel) AuthorityOrder(ctx context.Context, auth *agora.Authority, id agora.ID) (*agora.Order, error) {
	o, err := d.store.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.AuthorityID != auth.ID {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return o, nil
}

// Effect is what became of a target, as its authority is told (DSA Art. 9(1)).
type Effect string

// Effects. Stored nowhere: derived from the target's state and decisions.
const (
	EffectPending    Effect = "pending"
	EffectGiven      Effect = "effect_given"
	EffectDeclined   Effect = "declined"
	EffectUnresolved Effect = "unresolved"
	EffectLifted     Effect = "lifted"
)

// TargetEffect is one target of an order as its authority sees it: the item as
// named, and the effect given, when and where. It holds no note and no staff.
type TargetEffect struct {
	ID          agora.ID
	Position    int
	Input       string
	Effect      Effect
	Measure     string   // for effect given or lifted: "withheld" or "removed"
	Countries   []string // where withheld (for lifted: where it was)
	ReasonCode  string   // for declined: the reason category (agora.DeclineCodes)
	Explanation string   // for declined: DeclineExplanation(ReasonCode), never the staff's note
	Cause       string   // for unresolved: why
	// The times of the latest decision of each kind; zero when none.
	EffectGivenAt time.Time
	DeclinedAt    time.Time
	LiftedAt      time.Time
}

// AuthorityEffects returns one of the authority's own orders and the effect
// given to each of its targets, in the order named. ENOTFOUND as AuthorityOrder.
func (d *Channel) AuthorityEffects(ctx context.Context, auth *agora.Authority, id agora.ID) (*agora.Order, []TargetEffect, error) {
	o, err := d.AuthorityOrder(ctx, auth, id)
	if err != nil {
		return nil, nil, err
	}
	targets, err := d.store.Targets(ctx, agora.TargetQuery{OrderID: o.ID, Limit: d.cfg.MaxTargets})
	if err != nil {
		return nil, nil, err
	}
	decisions, err := d.store.Decisions(ctx, o.ID, 0)
	if err != nil {
		return nil, nil, err
	}
	byTarget := make(map[agora.ID][]*agora.Decision)
	for _, dec := range decisions {
		byTarget[dec.TargetID] = append(byTarget[dec.TargetID], dec)
	}
	out := make([]TargetEffect, len(targets))
	for i, t := range targets {
		out[i] = targetEffect(t, byTarget[t.ID])
	}
	return o, out, nil
}

// targetEffect derives what the authority is told of t from its state and its
// decisions, oldest first.
func targetEffect(t *agora.Target, decisions []*agora.Decision) TargetEffect {
	e := TargetEffect{ID: t.ID, Position: t.Position, Input: t.Input}
	var lastCountries []string
	for _, dec := range decisions {
		switch dec.Action {
		case agora.ActionWithhold:
			e.EffectGivenAt, e.Measure, lastCountries = dec.CreatedAt, "withheld", dec.Countries
		case agora.ActionRemove:
			e.EffectGivenAt, e.Measure, lastCountries = dec.CreatedAt, "removed", nil
		case agora.ActionDecline:
			e.DeclinedAt = dec.CreatedAt
		case agora.ActionLift:
			e.LiftedAt = dec.CreatedAt
		}
	}
	switch t.State {
	case agora.TargetWithheld:
		e.Effect, e.Countries = EffectGiven, t.Countries
	case agora.TargetRemoved:
		e.Effect = EffectGiven
	case agora.TargetDeclined:
		e.Effect, e.ReasonCode, e.Measure = EffectDeclined, t.ReasonCode, ""
		e.Explanation = DeclineExplanation(t.ReasonCode)
	case agora.TargetLifted:
		e.Effect, e.Countries = EffectLifted, lastCountries
	default:
		e.Effect, e.Measure = EffectPending, ""
		if t.Resolution == agora.ResolutionUnresolved {
			e.Effect, e.Cause = EffectUnresolved, t.Cause
		}
	}
	return e
}
