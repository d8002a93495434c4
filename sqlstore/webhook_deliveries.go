package sqlstore

import (
	"context"
	"strings"
	"time"

	"agora"
)

const deliveryColumns = `d.endpoint_id, d.event_id, e.type, d.state, d.attempts, d.next_attempt_at, d.delivered_at, d.created_at`

func scanDelivery(row scanner) (*agora.WebhookDelivery, error) {
	var d agora.WebhookDelivery
	var next, delivered, created int64
	if err := row.Scan(&d.EndpointID, &d.EventID, &d.Type, &d.State, &d.Attempts, &next, &delivered, &created); err != nil {
		return nil, err
	}
	d.NextAttemptAt, d.DeliveredAt, d.CreatedAt = fromMillis(next), fromMillis(delivered), fromMillis(created)
	if d.State != agora.DeliveryPending {
		d.NextAttemptAt = time.Time{}
	}
	return &d, nil
}

// WebhookDeliveries implements agora.WebhookStore.
func (db *channelTables) WebhookDeliveries(ctx context.Context, q agora.WebhookDeliveryQuery) ([]*agora.WebhookDelivery, error) {
	if q.Limit <= 0 {
		q.Limit = 40
	}
	q.Limit = min(q.Limit, 200)
	var w where
	w.add("d.endpoint_id = ?", q.EndpointID)
	if q.MaxEventID != 0 {
		w.add("d.event_id < ?", q.MaxEventID)
	}
	if q.State != "" {
		w.add("d.state = ?", q.State)
	}
	c := db.reader()
	list, err := queryList(ctx, c, "select webhook deliveries", scanDelivery,
		`SELECT `+deliveryColumns+` FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id`+
			w.String()+` ORDER BY d.event_id DESC LIMIT ?`, append(w.args, q.Limit)...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	events := make([]agora.ID, len(list))
	byEvent := make(map[agora.ID]*agora.WebhookDelivery, len(list))
	for i, d := range list {
		events[i], byEvent[d.EventID] = d.EventID, d
	}
	attempts, err := queryList(ctx, c, "select webhook attempts", scanAttempt,
		`SELECT endpoint_id, event_id, n, at, status, error, duration_ms FROM webhook_attempts
		WHERE endpoint_id = ? AND `+c.d.in("event_id")+` ORDER BY event_id, n`, q.EndpointID, c.d.ids(events))
	for _, a := range attempts {
		d := byEvent[a.EventID]
		d.Log = append(d.Log, a)
	}
	return list, err
}

func scanAttempt(row scanner) (*agora.WebhookAttempt, error) {
	var a agora.WebhookAttempt
	var at, ms int64
	if err := row.Scan(&a.EndpointID, &a.EventID, &a.N, &at, &a.Status, &a.Error, &ms); err != nil {
		return nil, err
	}
	a.At, a.Duration = fromMillis(at), time.Duration(ms)*time.Millisecond
	return &a, nil
}

// ClaimWebhookDeliveries implements agora.WebhookStore. On PostgreSQL the rows
// claimed are locked with SKIP LOCKED, so concurrent dispatchers claim different
// deliveries; SQLite has one writer.
func (db *channelTables) ClaimWebhookDeliveries(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*agora.WebhookDispatch, error) {
	var out []*agora.WebhookDispatch
	err := db.inTx(ctx, func(c conn) error {
		out = nil
		lock := ""
		if c.d.name == Postgres {
			lock = " FOR UPDATE SKIP LOCKED"
		}
		type key struct{ endpoint, event agora.ID }
		keys, err := queryList(ctx, c, "claim webhook deliveries", func(row scanner) (key, error) {
			var k key
			return k, row.Scan(&k.endpoint, &k.event)
		}, `SELECT endpoint_id, event_id FROM webhook_deliveries
			WHERE state = ? AND next_attempt_at <= ? AND lease_until <= ?
			ORDER BY next_attempt_at, event_id LIMIT ?`+lock,
			agora.DeliveryPending, millis(now), millis(now), limit)
		if err != nil || len(keys) == 0 {
			return err
		}
		rows := make([][]any, len(keys))
		for i, k := range keys {
			rows[i] = []any{k.endpoint, k.event}
		}
		records, err := jsonRecords([]string{"endpoint_id", "event_id"}, rows)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE webhook_deliveries SET lease_until = ?
			FROM `+c.d.jsonTable("k", "endpoint_id bigint", "event_id bigint")+`
			WHERE webhook_deliveries.endpoint_id = k.endpoint_id AND webhook_deliveries.event_id = k.event_id`,
			millis(leaseUntil), records); err != nil {
			return wrap("claim webhook deliveries", err)
		}
		out, err = queryList(ctx, c, "select claimed webhook deliveries", scanDispatch,
			`SELECT `+deliveryColumns+`, e.authority_id, e.order_id, e.body, e.created_at, `+prefixed("p.", webhookEndpointColumns)+`
			FROM `+c.d.jsonTable("k", "endpoint_id bigint", "event_id bigint")+`
			JOIN webhook_deliveries d ON d.endpoint_id = k.endpoint_id AND d.event_id = k.event_id
			JOIN webhook_events e ON e.id = d.event_id
			JOIN webhook_endpoints p ON p.id = d.endpoint_id
			ORDER BY d.next_attempt_at, d.event_id`, records)
		return err
	})
	return out, err
}

func scanDispatch(row scanner) (*agora.WebhookDispatch, error) {
	var d agora.WebhookDelivery
	var ev agora.WebhookEvent
	var p agora.WebhookEndpoint
	var next, delivered, created, evCreated, pCreated, pDisabled int64
	var body, events string
	if err := row.Scan(&d.EndpointID, &d.EventID, &d.Type, &d.State, &d.Attempts, &next, &delivered, &created,
		&ev.AuthorityID, &ev.OrderID, &body, &evCreated,
		&p.ID, &p.AuthorityID, &p.URL, &p.Secret, &p.Description, &events, &pCreated, &pDisabled); err != nil {
		return nil, err
	}
	d.NextAttemptAt, d.DeliveredAt, d.CreatedAt = fromMillis(next), fromMillis(delivered), fromMillis(created)
	ev.ID, ev.Type, ev.Body, ev.CreatedAt = d.EventID, d.Type, []byte(body), fromMillis(evCreated)
	p.Events, p.CreatedAt, p.DisabledAt = splitTypes(events), fromMillis(pCreated), fromMillis(pDisabled)
	return &agora.WebhookDispatch{Delivery: &d, Event: &ev, Endpoint: &p}, nil
}

// prefixed qualifies each of the comma-separated columns with prefix.
func prefixed(prefix, columns string) string {
	var b strings.Builder
	for i, col := range strings.Split(columns, ", ") {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(prefix + col)
	}
	return b.String()
}

// ReleaseWebhookDeliveries implements agora.WebhookStore.
func (db *channelTables) ReleaseWebhookDeliveries(ctx context.Context, keys []*agora.WebhookDelivery) error {
	if len(keys) == 0 {
		return nil
	}
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = []any{k.EndpointID, k.EventID}
	}
	records, err := jsonRecords([]string{"endpoint_id", "event_id"}, rows)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE webhook_deliveries SET lease_until = 0
			FROM `+c.d.jsonTable("k", "endpoint_id bigint", "event_id bigint")+`
			WHERE webhook_deliveries.endpoint_id = k.endpoint_id AND webhook_deliveries.event_id = k.event_id`, records)
		return wrap("release webhook deliveries", err)
	})
}

// RecordWebhookAttempt implements agora.WebhookStore.
func (db *channelTables) RecordWebhookAttempt(ctx context.Context, d *agora.WebhookDelivery, a *agora.WebhookAttempt) error {
	a.At = normalize(a.At)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO webhook_attempts (endpoint_id, event_id, n, at, status, error, duration_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, d.EndpointID, d.EventID, a.N, millis(a.At), a.Status, a.Error, a.Duration.Milliseconds())
		if err != nil {
			return wrap("insert webhook attempt", err)
		}
		res, err := c.exec(ctx, `UPDATE webhook_deliveries
			SET state = ?, attempts = ?, next_attempt_at = ?, delivered_at = ?, lease_until = 0
			WHERE endpoint_id = ? AND event_id = ? AND state = ?`,
			d.State, d.Attempts, millis(d.NextAttemptAt), millis(d.DeliveredAt), d.EndpointID, d.EventID, agora.DeliveryPending)
		if err != nil {
			return wrap("update webhook delivery", err)
		}
		return mustAffect("update webhook delivery", res)
	})
}
