package legal

import (
	"context"
	"fmt"
	"time"

	"agora"
)

// Acknowledge records that the receipt (internal number, received-at, digest) was
// sent to the authority, and measures the time it took.
func (d *Intake) Acknowledge(ctx context.Context, actor *agora.Account, id agora.ID) (*agora.Order, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	o, err := d.store.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	if !o.AcknowledgedAt.IsZero() {
		return o, nil
	}
	now := d.clock()
	o.AcknowledgedAt = now
	if o.State == agora.OrderReceived {
		o.State = agora.OrderAcknowledged
	}
	ev := d.event(ctx, actor, "order.acknowledge", "order", o.ID, fmt.Sprintf("receipt sent: number %s, received %s, digest %s", o.Number, o.ReceivedAt.Format(time.RFC3339), o.Digest))
	d.announce(ev, Announcement{Type: agora.EventOrderAcknowledged, Order: o})
	if err := d.store.UpdateOrder(ctx, o, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	d.metrics.ObserveAcknowledge(now.Sub(o.ReceivedAt))
	return o, nil
}

// nextStates are the lifecycle moves a reviewer may make.
var nextStates = map[agora.OrderState][]agora.OrderState{
	agora.OrderReceived:     {agora.OrderAcknowledged, agora.OrderInReview, agora.OrderClosed},
	agora.OrderAcknowledged: {agora.OrderInReview, agora.OrderAnswered, agora.OrderClosed},
	agora.OrderInReview:     {agora.OrderAnswered, agora.OrderClosed},
	agora.OrderAnswered:     {agora.OrderInReview, agora.OrderClosed},
	agora.OrderClosed:       {agora.OrderInReview},
}

// SetState moves the order along its lifecycle. EUNPROCESSABLE for a move the
// lifecycle does not allow.
func (d *Intake) SetState(ctx context.Context, actor *agora.Account, id agora.ID, state agora.OrderState) (*agora.Order, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	o, err := d.store.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	allowed := false
	for _, s := range nextStates[o.State] {
		allowed = allowed || s == state
	}
	if !allowed {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: an order cannot go from %s to %q.", o.State, truncate(string(state), 20))
	}
	now := d.clock()
	switch state {
	case agora.OrderAcknowledged:
		return d.Acknowledge(ctx, actor, id)
	case agora.OrderAnswered:
		o.AnsweredAt = now
	case agora.OrderClosed:
		o.ClosedAt = now
	}
	from := o.State
	o.State = state
	ev := d.event(ctx, actor, "order.state", "order", o.ID, fmt.Sprintf("state %s -> %s", from, state))
	if err := d.store.UpdateOrder(ctx, o, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return o, nil
}

// Assign gives the order to a staff member.
func (d *Intake) Assign(ctx context.Context, actor *agora.Account, id, staffID agora.ID) (*agora.Order, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	o, err := d.store.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	a, err := d.store.Account(ctx, staffID)
	if err != nil || !a.StaffAt(d.now()) {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: orders can be assigned only to staff with legal access.")
	}
	o.AssignedTo = a.ID
	ev := d.event(ctx, actor, "order.assign", "order", o.ID, "assigned to staff account "+a.ID.String())
	if err := d.store.UpdateOrder(ctx, o, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return o, nil
}
