package storetest

import (
	"testing"
	"time"

	"agora"
)

var webhookTests = []test{
	{"Webhooks/Endpoints", testWebhookEndpoints},
	{"Webhooks/Outbox", testWebhookOutbox},
	{"Webhooks/Claim", testWebhookClaim},
}

func newEndpoint(auth *agora.Authority, at float64, events ...string) *agora.WebhookEndpoint {
	return &agora.WebhookEndpoint{ID: ids.New(), AuthorityID: auth.ID, URL: "https://hooks.example/" + auth.Country,
		Secret: "whsec_c2VjcmV0", Description: "portal", Events: events, CreatedAt: legalTime(at)}
}

// announce returns an audit event on the order announcing an event of the type.
func announce(auth *agora.Authority, orderID agora.ID, typ string, at float64) *agora.AuditEvent {
	return &agora.AuditEvent{ID: ids.New(), ActorKind: "cli", Action: "test." + typ, ObjectKind: "order", ObjectID: orderID,
		CreatedAt: legalTime(at), Announce: &agora.WebhookEvent{ID: ids.New(), AuthorityID: auth.ID, OrderID: orderID,
			Type: typ, Body: []byte(`{"type":"` + typ + `"}`), CreatedAt: legalTime(at)}}
}

func testWebhookEndpoints(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in, de := f.authority("MeitY", "IN"), f.authority("BfJ", "DE")
	all := newEndpoint(in, 1)
	some := newEndpoint(in, 2, agora.EventTargetLifted, agora.EventOrderReceived)
	other := newEndpoint(de, 2)
	for _, e := range []*agora.WebhookEndpoint{all, some, other} {
		mustOK(t, s.CreateWebhookEndpoint(ctx, e, nil), "CreateWebhookEndpoint")
	}
	got, err := s.WebhookEndpoint(ctx, some.ID)
	mustOK(t, err, "WebhookEndpoint")
	equal(t, "endpoint", got, some)
	list, err := s.WebhookEndpoints(ctx, in.ID)
	mustOK(t, err, "WebhookEndpoints")
	equal(t, "IN's endpoints", list, []*agora.WebhookEndpoint{all, some})
	_, err = s.WebhookEndpoint(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
	orphan := newEndpoint(&agora.Authority{ID: ids.New()}, 1)
	wantCode(t, s.CreateWebhookEndpoint(ctx, orphan, nil), agora.ENOTFOUND)

	mustOK(t, s.DisableWebhookEndpoint(ctx, all.ID, legalTime(3), nil), "DisableWebhookEndpoint")
	mustOK(t, s.DisableWebhookEndpoint(ctx, all.ID, legalTime(4), nil), "DisableWebhookEndpoint again")
	got, err = s.WebhookEndpoint(ctx, all.ID)
	mustOK(t, err, "WebhookEndpoint")
	if !got.DisabledAt.Equal(legalTime(3).Truncate(time.Millisecond)) {
		t.Errorf("disabled at %v, want the first time %v", got.DisabledAt, legalTime(3))
	}
	wantCode(t, s.DisableWebhookEndpoint(ctx, ids.New(), legalTime(3), nil), agora.ENOTFOUND)
}

// testWebhookOutbox checks that announcements are written with their audit
// events, one delivery per subscribed, enabled endpoint of the authority, and
// that a failed transaction leaves none.
func testWebhookOutbox(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in, de := f.authority("MeitY", "IN"), f.authority("BfJ", "DE")
	all, lifts, off, other := newEndpoint(in, 1), newEndpoint(in, 1, agora.EventTargetLifted), newEndpoint(in, 1), newEndpoint(de, 1)
	for _, e := range []*agora.WebhookEndpoint{all, lifts, off, other} {
		mustOK(t, s.CreateWebhookEndpoint(ctx, e, nil), "CreateWebhookEndpoint")
	}
	mustOK(t, s.DisableWebhookEndpoint(ctx, off.ID, legalTime(1), nil), "DisableWebhookEndpoint")
	order := ids.New()
	received, lifted := announce(in, order, agora.EventOrderReceived, 2), announce(in, order, agora.EventTargetLifted, 3)
	mustOK(t, s.AppendAudit(ctx, []*agora.AuditEvent{received, lifted}), "AppendAudit")

	deliveries := func(e *agora.WebhookEndpoint) []agora.ID {
		list, err := s.WebhookDeliveries(ctx, agora.WebhookDeliveryQuery{EndpointID: e.ID})
		mustOK(t, err, "WebhookDeliveries")
		out := []agora.ID{}
		for _, d := range list {
			if d.State != agora.DeliveryPending || d.Attempts != 0 || len(d.Log) != 0 {
				t.Errorf("new delivery %+v, want pending with no attempts", d)
			}
			out = append(out, d.EventID)
		}
		return out
	}
	equal(t, "deliveries to the endpoint of every type", deliveries(all), []agora.ID{lifted.Announce.ID, received.Announce.ID})
	equal(t, "deliveries to the endpoint of lifts", deliveries(lifts), []agora.ID{lifted.Announce.ID})
	equal(t, "deliveries to the disabled endpoint", deliveries(off), []agora.ID{})
	equal(t, "deliveries to another authority", deliveries(other), []agora.ID{})

	// A transaction that fails writes no event and no delivery.
	dup := announce(in, order, agora.EventOrderAcknowledged, 4)
	dup.ID = received.ID
	wantCode(t, s.AppendAudit(ctx, []*agora.AuditEvent{announce(in, order, agora.EventOrderAcknowledged, 4), dup}), agora.ECONFLICT)
	equal(t, "deliveries after a failed write", deliveries(all), []agora.ID{lifted.Announce.ID, received.Announce.ID})
}

// testWebhookClaim checks the dispatch cycle: a claim takes due deliveries once
// until its lease ends, an attempt is logged, a release frees a claim, and
// disabling an endpoint cancels what it has pending.
func testWebhookClaim(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in := f.authority("MeitY", "IN")
	ep := newEndpoint(in, 0)
	mustOK(t, s.CreateWebhookEndpoint(ctx, ep, nil), "CreateWebhookEndpoint")
	order := ids.New()
	first, second := announce(in, order, agora.EventOrderReceived, 1), announce(in, order, agora.EventOrderAcknowledged, 2)
	mustOK(t, s.AppendAudit(ctx, []*agora.AuditEvent{first, second}), "AppendAudit")

	early, err := s.ClaimWebhookDeliveries(ctx, legalTime(1.5), legalTime(3), 10)
	mustOK(t, err, "ClaimWebhookDeliveries")
	if len(early) != 1 || early[0].Event.ID != first.Announce.ID {
		t.Fatalf("claim at 1.5h = %v, want the first event only", early)
	}
	d := early[0]
	if string(d.Event.Body) != string(first.Announce.Body) || d.Endpoint.URL != ep.URL || d.Endpoint.Secret != ep.Secret || d.Event.Type != agora.EventOrderReceived {
		t.Errorf("dispatch = %+v %+v, want the event's body and the endpoint's URL and secret", d.Event, d.Endpoint)
	}
	again, err := s.ClaimWebhookDeliveries(ctx, legalTime(2.5), legalTime(2.6), 10)
	mustOK(t, err, "ClaimWebhookDeliveries")
	if len(again) != 1 || again[0].Event.ID != second.Announce.ID {
		t.Fatalf("claim at 2.5h = %v, want only the second event: the first is leased", again)
	}
	mustOK(t, s.ReleaseWebhookDeliveries(ctx, []*agora.WebhookDelivery{again[0].Delivery}), "ReleaseWebhookDeliveries")

	// The first attempt fails: retried later.
	d.Delivery.Attempts, d.Delivery.NextAttemptAt = 1, legalTime(5)
	a1 := &agora.WebhookAttempt{N: 1, At: legalTime(1.5), Status: 503, Error: "503 Service Unavailable", Duration: 20 * time.Millisecond}
	mustOK(t, s.RecordWebhookAttempt(ctx, d.Delivery, a1), "RecordWebhookAttempt")
	due, err := s.ClaimWebhookDeliveries(ctx, legalTime(2.5), legalTime(2.6), 10)
	mustOK(t, err, "ClaimWebhookDeliveries")
	if len(due) != 1 || due[0].Event.ID != second.Announce.ID {
		t.Fatalf("claim after the release = %v, want the second event, and not the first before its retry", due)
	}
	// At 5h the first is due again, and the second, whose claim has lapsed
	// unrecorded, is due at once: it comes first.
	retry, err := s.ClaimWebhookDeliveries(ctx, legalTime(5), legalTime(5.1), 10)
	mustOK(t, err, "ClaimWebhookDeliveries")
	if len(retry) != 2 || retry[0].Event.ID != second.Announce.ID || retry[1].Event.ID != first.Announce.ID || retry[1].Delivery.Attempts != 1 {
		t.Fatalf("claim at 5h = %v, want the second event's lapsed claim and the first event's retry", retry)
	}
	retry = retry[1:]
	r := retry[0].Delivery
	r.State, r.Attempts, r.NextAttemptAt, r.DeliveredAt = agora.DeliveryDelivered, 2, time.Time{}, legalTime(5)
	mustOK(t, s.RecordWebhookAttempt(ctx, r, &agora.WebhookAttempt{N: 2, At: legalTime(5), Status: 204, Duration: time.Millisecond}), "RecordWebhookAttempt")
	wantCode(t, s.RecordWebhookAttempt(ctx, r, &agora.WebhookAttempt{N: 3, At: legalTime(5), Status: 204}), agora.ENOTFOUND)

	list, err := s.WebhookDeliveries(ctx, agora.WebhookDeliveryQuery{EndpointID: ep.ID, State: agora.DeliveryDelivered})
	mustOK(t, err, "WebhookDeliveries")
	if len(list) != 1 || list[0].EventID != first.Announce.ID || list[0].Attempts != 2 || len(list[0].Log) != 2 ||
		list[0].Log[0].Status != 503 || list[0].Log[0].Error != a1.Error || list[0].Log[1].Status != 204 ||
		!list[0].DeliveredAt.Equal(legalTime(5).Truncate(time.Millisecond)) {
		t.Errorf("delivered = %+v, want the first event after two attempts, logged", list)
	}

	mustOK(t, s.DisableWebhookEndpoint(ctx, ep.ID, legalTime(6), nil), "DisableWebhookEndpoint")
	left, err := s.ClaimWebhookDeliveries(ctx, legalTime(9), legalTime(9.1), 10)
	mustOK(t, err, "ClaimWebhookDeliveries")
	if len(left) != 0 {
		t.Errorf("claim after disabling = %v, want nothing", left)
	}
	list, err = s.WebhookDeliveries(ctx, agora.WebhookDeliveryQuery{EndpointID: ep.ID, State: agora.DeliveryCancelled})
	mustOK(t, err, "WebhookDeliveries")
	if len(list) != 1 || list[0].EventID != second.Announce.ID {
		t.Errorf("cancelled = %v, want the second event", list)
	}
}
