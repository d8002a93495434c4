package legal

import (
	"slices"
	"time"

	"agora"
)

// What the desk tells an authority of its orders (the webhook events): each
// announcement rides on the audit event of the change it announces, so the
// store writes both in one transaction (agora.AuditEvent.Announce).

// Announcement is one thing an order's authority is told. Order is always
// set; Target, Message or Notice as the type says.
type Announcement struct {
	Type  string
	At    time.Time
	Order *agora.Order
	// Target is the effect given to the target, as GET /orders/{id} shows it.
	Target  *TargetEffect
	Message *Message // as the authority's dialogue shows it
	Notice  *agora.OrderNotice
}

// Announcer makes the body POSTed for an announcement, the event's id given:
// the authority API's wire shape (authorityapi.Announce). It is called as the
// change is written, when the order holds its number.
type Announcer func(id agora.ID, a Announcement) ([]byte, error)

// AnnounceWith makes the desk announce what happens to orders of an authority
// with f. Without it, nothing is announced. Call it before the desk is used.
func (d *Desk) AnnounceWith(f Announcer) { d.announcer = f }

// announce attaches the announcement to ev, the audit event of the change,
// when the order has an authority.
func (d *desk) announce(ev *agora.AuditEvent, a Announcement) {
	if d.announcer == nil || a.Order == nil || a.Order.AuthorityID == 0 {
		return
	}
	f, id := d.announcer, d.ids.New()
	a.At = ev.CreatedAt
	ev.Announce = &agora.WebhookEvent{ID: id, AuthorityID: a.Order.AuthorityID, OrderID: a.Order.ID, Type: a.Type,
		CreatedAt: ev.CreatedAt, Render: func() ([]byte, error) { return f(id, a) }}
}

// announceTarget announces the decision on t, just made, when it gives effect,
// declines or lifts: from are the rules a lift ends, whose countries the
// announcement names.
func (d *desk) announceTarget(ev *agora.AuditEvent, o *agora.Order, t *agora.Target, dec *agora.Decision, from []*agora.Rule) {
	e := targetEffect(t, []*agora.Decision{dec})
	var typ string
	switch dec.Action {
	case agora.ActionWithhold, agora.ActionRemove:
		typ = agora.EventTargetEffectGiven
	case agora.ActionDecline:
		typ = agora.EventTargetDeclined
	case agora.ActionLift:
		typ = agora.EventTargetLifted
		e.Countries = nil
		for _, r := range from {
			e.Countries = appendNew(e.Countries, r.Countries...)
		}
	default:
		return
	}
	d.announce(ev, Announcement{Type: typ, Order: o, Target: &e})
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}
