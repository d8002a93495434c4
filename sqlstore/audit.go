package sqlstore

import (
	"context"

	"agora"
)

// The database refuses updates and deletes of audit_events (triggers in the
// migrations): the log is append-only whoever connects.

const auditColumns = `id, actor_id, actor_kind, action, object_kind, object_id, summary, request_id, client_ip, channel, created_at`

// maxAuditLimit caps AuditQuery.Limit; defaultAuditLimit is used for 0.
const (
	defaultAuditLimit = 100
	maxAuditLimit     = 1000
)

// insertAudit inserts the events on c, normalizing their CreatedAt in place, and
// the webhook events they announce (insertAnnouncements).
func insertAudit(ctx context.Context, c conn, events []*agora.AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	rows := make([][]any, len(events))
	for i, e := range events {
		e.CreatedAt = normalize(e.CreatedAt)
		rows[i] = []any{e.ID, e.ActorID, e.ActorKind, e.Action, e.ObjectKind, e.ObjectID,
			e.Summary, e.RequestID, e.ClientIP, e.Channel, millis(e.CreatedAt)}
	}
	if err := insertRows(ctx, c, `INSERT INTO audit_events (`+auditColumns+`)`, "", rows); err != nil {
		return wrap("insert audit events", err)
	}
	return insertAnnouncements(ctx, c, events)
}

// AppendAudit inserts the events in one transaction; their CreatedAt is normalized
// in place. ECONFLICT when an event's ID is taken; nothing is stored then.
func (db *accountTables) AppendAudit(ctx context.Context, events []*agora.AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	return db.inTx(ctx, func(c conn) error { return insertAudit(ctx, c, events) })
}

// Audit returns the events q selects, oldest (lowest ID) first: those about
// q.ObjectKind and q.ObjectID (each only when set), after q.AfterID, at most
// q.Limit (100 when 0 or less, at most 1000).
func (db *accountTables) Audit(ctx context.Context, q agora.AuditQuery) ([]*agora.AuditEvent, error) {
	var w where
	if q.ObjectKind != "" {
		w.add("object_kind = ?", q.ObjectKind)
	}
	if q.ObjectID != 0 {
		w.add("object_id = ?", q.ObjectID)
	}
	if q.AfterID != 0 {
		w.add("id > ?", q.AfterID)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultAuditLimit
	}
	limit = min(limit, maxAuditLimit)
	return queryList(ctx, db.reader(), "select audit events", scanAuditEvent,
		`SELECT `+auditColumns+` FROM audit_events`+w.String()+` ORDER BY id LIMIT ?`,
		append(w.args, limit)...)
}

func scanAuditEvent(row scanner) (*agora.AuditEvent, error) {
	var e agora.AuditEvent
	var created int64
	if err := row.Scan(&e.ID, &e.ActorID, &e.ActorKind, &e.Action, &e.ObjectKind, &e.ObjectID,
		&e.Summary, &e.RequestID, &e.ClientIP, &e.Channel, &created); err != nil {
		return nil, err
	}
	e.CreatedAt = fromMillis(created)
	return &e, nil
}
