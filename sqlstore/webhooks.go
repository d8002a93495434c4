package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"agora"
)

// The authority channel's webhooks: webhook_endpoints, webhook_events (the
// outbox), webhook_deliveries and webhook_attempts (the delivery log).

const webhookEndpointColumns = `id, authority_id, url, secret, description, events, created_at, disabled_at`

func scanWebhookEndpoint(row scanner) (*agora.WebhookEndpoint, error) {
	var e agora.WebhookEndpoint
	var events string
	var created, disabled int64
	if err := row.Scan(&e.ID, &e.AuthorityID, &e.URL, &e.Secret, &e.Description, &events, &created, &disabled); err != nil {
		return nil, err
	}
	e.Events = splitTypes(events)
	e.CreatedAt, e.DisabledAt = fromMillis(created), fromMillis(disabled)
	return &e, nil
}

func splitTypes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// CreateWebhookEndpoint implements agora.WebhookStore; e's times are normalized
// in place.
func (db *channelTables) CreateWebhookEndpoint(ctx context.Context, e *agora.WebhookEndpoint, events []*agora.AuditEvent) error {
	e.CreatedAt, e.DisabledAt = normalize(e.CreatedAt), normalize(e.DisabledAt)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO webhook_endpoints (`+webhookEndpointColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.AuthorityID, e.URL, e.Secret, e.Description, strings.Join(e.Events, ","), millis(e.CreatedAt), millis(e.DisabledAt))
		if err != nil {
			return wrap("insert webhook endpoint", err)
		}
		return insertAudit(ctx, c, events)
	})
}

// WebhookEndpoint implements agora.WebhookStore.
func (db *channelTables) WebhookEndpoint(ctx context.Context, id agora.ID) (*agora.WebhookEndpoint, error) {
	e, err := scanWebhookEndpoint(db.reader().queryRow(ctx,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE id = ?`, id))
	return e, wrap("select webhook endpoint", err)
}

// WebhookEndpoints implements agora.WebhookStore.
func (db *channelTables) WebhookEndpoints(ctx context.Context, authorityID agora.ID) ([]*agora.WebhookEndpoint, error) {
	return queryList(ctx, db.reader(), "select webhook endpoints", scanWebhookEndpoint,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE authority_id = ? ORDER BY id`, authorityID)
}

// DisableWebhookEndpoint implements agora.WebhookStore.
func (db *channelTables) DisableWebhookEndpoint(ctx context.Context, id agora.ID, at time.Time, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE webhook_endpoints
			SET disabled_at = CASE WHEN disabled_at = 0 THEN ? ELSE disabled_at END WHERE id = ?`, millis(at), id)
		if err != nil {
			return wrap("disable webhook endpoint", err)
		}
		if err := mustAffect("disable webhook endpoint", res); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE webhook_deliveries SET state = ?, lease_until = 0
			WHERE endpoint_id = ? AND state = ?`, agora.DeliveryCancelled, id, agora.DeliveryPending); err != nil {
			return wrap("cancel webhook deliveries", err)
		}
		return insertAudit(ctx, c, events)
	})
}

// insertAnnouncements writes the webhook events the audit events announce, with
// a pending delivery to each enabled endpoint of their authority subscribed to
// their type, on c (in the transaction of the change). An event no endpoint is
// subscribed to is not kept.
func insertAnnouncements(ctx context.Context, c conn, events []*agora.AuditEvent) error {
	var anns []*agora.WebhookEvent
	authorities := map[agora.ID]bool{}
	for _, e := range events {
		if e.Announce != nil {
			anns = append(anns, e.Announce)
			authorities[e.Announce.AuthorityID] = true
		}
	}
	if len(anns) == 0 {
		return nil
	}
	ids := make([]agora.ID, 0, len(authorities))
	for id := range authorities {
		ids = append(ids, id)
	}
	endpoints, err := queryList(ctx, c, "select webhook endpoints", scanWebhookEndpoint,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE disabled_at = 0 AND `+c.d.in("authority_id")+` ORDER BY id`, c.d.ids(ids))
	if err != nil || len(endpoints) == 0 {
		return err
	}
	var eventRows, deliveryRows [][]any
	for _, ev := range anns {
		ev.CreatedAt = normalize(ev.CreatedAt)
		n := len(deliveryRows)
		for _, ep := range endpoints {
			if ep.AuthorityID == ev.AuthorityID && ep.Subscribed(ev.Type) {
				deliveryRows = append(deliveryRows, []any{ep.ID, ev.ID, agora.DeliveryPending, millis(ev.CreatedAt), millis(ev.CreatedAt)})
			}
		}
		if len(deliveryRows) > n {
			if ev.Body == nil && ev.Render != nil {
				if ev.Body, err = ev.Render(); err != nil {
					return fmt.Errorf("render webhook event %s: %w", ev.Type, err)
				}
			}
			eventRows = append(eventRows, []any{ev.ID, ev.AuthorityID, ev.OrderID, ev.Type, string(ev.Body), millis(ev.CreatedAt)})
		}
	}
	if err := insertRows(ctx, c, `INSERT INTO webhook_events (id, authority_id, order_id, type, body, created_at)`, "", eventRows); err != nil {
		return wrap("insert webhook events", err)
	}
	err = insertRows(ctx, c, `INSERT INTO webhook_deliveries (endpoint_id, event_id, state, next_attempt_at, created_at)`, "", deliveryRows)
	return wrap("insert webhook deliveries", err)
}
