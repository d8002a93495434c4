package legal

import (
	"context"
	"fmt"
	"time"

	"agora"
)

// SetAccessUntil ends a staff account's legal access on the date (zero: never).
// EUNPROCESSABLE for an account without a legal or admin role.
func (d *Followup) SetAccessUntil(ctx context.Context, actor *agora.Account, username string, until time.Time) (*agora.Account, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	a, err := d.store.AccountByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	if !a.IsStaff() {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: @%s is not a legal or admin account.", a.Username)
	}
	a.AccessUntil = truncMS(until)
	summary := "legal access without end date"
	if !until.IsZero() {
		summary = "legal access until " + until.UTC().Format(time.RFC3339)
	}
	ev := d.event(ctx, actor, "staff.access", "account", a.ID, summary)
	if err := d.store.SetAccessUntil(ctx, a.ID, a.AccessUntil, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return a, nil
}

// Handover moves every open order assigned to one staff member to another, and
// every target assigned to them in an open order, in one step, and returns how
// many orders and targets moved. The receiver must have legal access. Each
// order touched has an order.handover event in its audit trail.
func (d *Followup) Handover(ctx context.Context, actor *agora.Account, fromUser, toUser string) (orders, targets int, err error) {
	if err := d.staff(actor); err != nil {
		return 0, 0, err
	}
	from, err := d.store.AccountByUsername(ctx, fromUser)
	if err != nil {
		return 0, 0, err
	}
	to, err := d.store.AccountByUsername(ctx, toUser)
	if err != nil {
		return 0, 0, err
	}
	if !to.StaffAt(d.now()) {
		return 0, 0, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: @%s has no legal access to take the orders over.", to.Username)
	}
	ev := d.event(ctx, actor, "staff.handover", "account", from.ID, fmt.Sprintf("open orders and targets handed over to staff account %s", to.ID))
	// Each order's own audit trail shows the move too.
	perOrder := func(orderID agora.ID) *agora.AuditEvent {
		return d.event(ctx, actor, "order.handover", "order", orderID,
			fmt.Sprintf("handed over from staff account %s to staff account %s", from.ID, to.ID))
	}
	return d.store.Handover(ctx, from.ID, to.ID, []*agora.AuditEvent{ev}, perOrder)
}
