package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"agora"
)

// The legal desk's tables are in migrations/*/0004_legal.sql. In them, a time or
// a reference that may be absent is NULL when it is (nullMillis, nullID); lists of
// country codes and of deficiency names are joined by commas.

var _ agora.LegalStore = (*DB)(nil)

const authorityColumns = `id, name, country, kind, created_at`

func scanAuthority(row scanner) (*agora.Authority, error) {
	var a agora.Authority
	var created int64
	if err := row.Scan(&a.ID, &a.Name, &a.Country, &a.Kind, &created); err != nil {
		return nil, err
	}
	a.CreatedAt = fromMillis(created)
	return &a, nil
}

// CreateAuthority inserts a and the events in one transaction; their times are
// normalized in place. ECONFLICT when the ID is taken.
func (db *legalTables) CreateAuthority(ctx context.Context, a *agora.Authority, events []*agora.AuditEvent) error {
	a.CreatedAt = normalize(a.CreatedAt)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO authorities (`+authorityColumns+`) VALUES (?, ?, ?, ?, ?)`,
			a.ID, a.Name, a.Country, string(a.Kind), millis(a.CreatedAt))
		if err != nil {
			return wrap("insert authority", err)
		}
		return insertAudit(ctx, c, events)
	})
}

// Authority returns the authority with the ID. ENOTFOUND when there is none.
func (db *legalTables) Authority(ctx context.Context, id agora.ID) (*agora.Authority, error) {
	a, err := scanAuthority(db.reader().queryRow(ctx, `SELECT `+authorityColumns+` FROM authorities WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select authority", err)
	}
	return a, nil
}

// Authorities returns every authority, by name (byte order), then ID.
func (db *legalTables) Authorities(ctx context.Context) ([]*agora.Authority, error) {
	return queryList(ctx, db.reader(), "select authorities", scanAuthority,
		`SELECT `+authorityColumns+` FROM authorities ORDER BY `+db.d.bytewise("name")+`, id`)
}

const orderColumns = `id, number, authority_id, reference, channel, received_at, legal_basis,
	statement_of_reasons, territorial_scope, emergency, confidential, confidential_until,
	deadline, ack_deadline, confirm_deadline, redress_info, recipient_authority, digest,
	state, acknowledged_at, confirmed_at, revoked_at, answered_at, closed_at,
	first_effect_at, deficiencies, assigned_to, created_by, created_at, version`

func scanOrder(row scanner) (*agora.Order, error) {
	var o agora.Order
	var authority, assigned sql.NullInt64
	var scope, deficiencies string
	var received, created int64
	var confidentialUntil, deadline, ackDeadline, confirmDeadline, acknowledged, confirmed,
		revoked, answered, closed, firstEffect sql.NullInt64
	err := row.Scan(&o.ID, &o.Number, &authority, &o.Reference, &o.Channel, &received, &o.LegalBasis,
		&o.StatementOfReasons, &scope, &o.Emergency, &o.Confidential, &confidentialUntil,
		&deadline, &ackDeadline, &confirmDeadline, &o.RedressInfo, &o.RecipientAuthority, &o.Digest,
		&o.State, &acknowledged, &confirmed, &revoked, &answered, &closed,
		&firstEffect, &deficiencies, &assigned, &o.CreatedBy, &created, &o.Version)
	if err != nil {
		return nil, err
	}
	o.AuthorityID, o.AssignedTo = agora.ID(authority.Int64), agora.ID(assigned.Int64)
	o.TerritorialScope, o.Deficiencies = splitCountries(scope), splitCountries(deficiencies)
	o.ReceivedAt, o.CreatedAt = fromMillis(received), fromMillis(created)
	o.ConfidentialUntil = fromNullMillis(confidentialUntil)
	o.Deadline, o.AckDeadline = fromNullMillis(deadline), fromNullMillis(ackDeadline)
	o.ConfirmDeadline = fromNullMillis(confirmDeadline)
	o.AcknowledgedAt, o.ConfirmedAt = fromNullMillis(acknowledged), fromNullMillis(confirmed)
	o.RevokedAt, o.AnsweredAt = fromNullMillis(revoked), fromNullMillis(answered)
	o.ClosedAt, o.FirstEffectAt = fromNullMillis(closed), fromNullMillis(firstEffect)
	return &o, nil
}

// normalizeOrder normalizes the order's times in place.
func normalizeOrder(o *agora.Order) {
	for _, t := range []*time.Time{&o.ReceivedAt, &o.ConfidentialUntil, &o.Deadline, &o.AckDeadline,
		&o.ConfirmDeadline, &o.AcknowledgedAt, &o.ConfirmedAt, &o.RevokedAt, &o.AnsweredAt,
		&o.ClosedAt, &o.FirstEffectAt, &o.CreatedAt} {
		*t = normalize(*t)
	}
}

// orderNumber formats the internal number of an order: the year, then the
// sequence in the year in six digits or more.
func orderNumber(year int, n int64) string { return fmt.Sprintf("%d-%06d", year, n) }

// nextOrderNumber increments the counter of the year on c and returns the number.
// The counter's row stays locked until c's transaction ends (the write lock on
// SQLite), so concurrent callers get consecutive numbers, and a transaction that
// rolls back gives its number back.
func nextOrderNumber(ctx context.Context, c conn, year int) (string, error) {
	var n int64
	err := c.queryRow(ctx, `INSERT INTO order_numbers (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = order_numbers.last + 1 RETURNING last`, year).Scan(&n)
	if err != nil {
		return "", wrap("next order number", err)
	}
	return orderNumber(year, n), nil
}

// CreateOrder inserts the order, its targets and the events in one transaction,
// numbering the order with the next number of the year of its ReceivedAt (in UTC),
// such as 2026-000042. It updates o and the targets in place to what was stored:
// o.Number and o.Counts; each target's OrderID, and its Position, 1 to
// len(targets) in the order given; every time normalized. ECONFLICT when an ID is
// taken; ENOTFOUND when the authority or the assignee does not exist. Nothing is
// stored then, and no number used.
func (db *legalTables) CreateOrder(ctx context.Context, o *agora.Order, targets []*agora.Target, events []*agora.AuditEvent) error {
	var number string
	err := db.inLargeTx(ctx, func(c conn) (err error) {
		number, err = insertOrder(ctx, c, o, targets, events)
		return err
	})
	if err != nil {
		return err
	}
	o.Number, o.Counts = number, countTargets(targets)
	return nil
}

// insertOrder inserts the order, its targets and the events in the transaction
// c and returns the number it gave the order.
func insertOrder(ctx context.Context, c conn, o *agora.Order, targets []*agora.Target, events []*agora.AuditEvent) (string, error) {
	normalizeOrder(o)
	for i, t := range targets {
		t.OrderID, t.Position = o.ID, i+1
	}
	number, err := nextOrderNumber(ctx, c, o.ReceivedAt.Year())
	if err != nil {
		return "", err
	}
	_, err = c.exec(ctx, `INSERT INTO orders (`+orderColumns+`) VALUES (
		?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
		o.ID, number, nullID(o.AuthorityID), o.Reference, o.Channel, millis(o.ReceivedAt), o.LegalBasis,
		o.StatementOfReasons, joinCountries(o.TerritorialScope), o.Emergency, o.Confidential,
		nullMillis(o.ConfidentialUntil), nullMillis(o.Deadline), nullMillis(o.AckDeadline),
		nullMillis(o.ConfirmDeadline), o.RedressInfo, o.RecipientAuthority, o.Digest,
		string(o.State), nullMillis(o.AcknowledgedAt), nullMillis(o.ConfirmedAt), nullMillis(o.RevokedAt),
		nullMillis(o.AnsweredAt), nullMillis(o.ClosedAt), nullMillis(o.FirstEffectAt),
		joinCountries(o.Deficiencies), nullID(o.AssignedTo), o.CreatedBy, millis(o.CreatedAt))
	if err != nil {
		return "", wrap("insert order", err)
	}
	if err := insertTargets(ctx, c, targets); err != nil {
		return "", err
	}
	o.Number = number // for the webhook events announcing the order (WebhookEvent.Render)
	return number, insertAudit(ctx, c, events)
}

// countTargets counts targets by resolution.
func countTargets(targets []*agora.Target) agora.TargetCounts {
	var n agora.TargetCounts
	for _, t := range targets {
		addCount(&n, t.Resolution, 1)
	}
	return n
}

// addCount adds k targets of the resolution to n.
func addCount(n *agora.TargetCounts, r agora.Resolution, k int) {
	n.Total += k
	switch r {
	case agora.ResolutionResolved:
		n.Resolved += k
	case agora.ResolutionUnresolved:
		n.Unresolved += k
	case agora.ResolutionDuplicate:
		n.Duplicate += k
	case agora.ResolutionAlreadyWithheld:
		n.AlreadyWithheld += k
	}
}

// Order returns the order with the ID and its target counts. ENOTFOUND when there
// is none.
func (db *legalTables) Order(ctx context.Context, id agora.ID) (*agora.Order, error) {
	c := db.reader()
	o, err := scanOrder(c.queryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select order", err)
	}
	if err := fillDerived(ctx, c, []*agora.Order{o}); err != nil {
		return nil, err
	}
	return o, nil
}

// Order query limits.
const (
	defaultOrderLimit = 20
	maxOrderLimit     = 200
)

// Orders returns the orders q selects, with their target counts: by deadline to
// decide, orders without one last, then by receipt, then by ID. q.Limit is 20 when
// 0 or less, at most 200. With q.Overdue, only orders not closed that at q.Now have
// passed an ack deadline not met (not acknowledged), a deadline to decide not
// met (not answered) or the deadline of a notice or an appeal not answered, as
// agora.Order.Overdue says; EINVALID when q.Now is zero then.
func (db *legalTables) Orders(ctx context.Context, q agora.OrderQuery) ([]*agora.Order, error) {
	var w where
	if q.State != "" {
		w.add(`state = ?`, string(q.State))
	}
	if q.AuthorityID != 0 {
		w.add(`authority_id = ?`, q.AuthorityID)
	}
	if q.Country != "" {
		w.add(`',' || territorial_scope || ',' LIKE ? ESCAPE '\'`, likeContains(","+q.Country+","))
	}
	if q.Overdue {
		if q.Now.IsZero() {
			return nil, agora.Errorf(agora.EINVALID, "The time to tell overdue orders by is missing.")
		}
		// Order.Overdue's t.After(deadline), for deadlines in whole milliseconds.
		now := ceilMillis(q.Now)
		w.add(`state <> ? AND ((ack_deadline IS NOT NULL AND acknowledged_at IS NULL AND ack_deadline < ?)
			OR (deadline IS NOT NULL AND answered_at IS NULL AND deadline < ?)
			OR EXISTS (SELECT 1 FROM order_notices n WHERE n.order_id = orders.id
				AND n.answered_at IS NULL AND n.deadline IS NOT NULL AND n.deadline < ?)
			OR EXISTS (SELECT 1 FROM appeals a WHERE a.order_id = orders.id
				AND a.answered_at IS NULL AND a.deadline < ?))`,
			string(agora.OrderClosed), now, now, now, now)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultOrderLimit
	}
	limit = min(limit, maxOrderLimit)
	c := db.reader()
	orders, err := queryList(ctx, c, "select orders", scanOrder, `SELECT `+orderColumns+` FROM orders`+
		w.String()+` ORDER BY deadline IS NULL, deadline, received_at, id LIMIT ? OFFSET ?`,
		append(w.args, limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, err
	}
	if err := fillDerived(ctx, c, orders); err != nil {
		return nil, err
	}
	return orders, nil
}

// ceilMillis returns t in Unix milliseconds, rounded up: for a time d in whole
// milliseconds, t.After(d) exactly when d < ceilMillis(t).
func ceilMillis(t time.Time) int64 {
	ms := t.UnixMilli()
	if t.Sub(time.UnixMilli(ms)) > 0 {
		ms++
	}
	return ms
}

// fillDerived sets what is derived of the orders when read: their target
// counts, their notices' deadline and their appeals' deadline.
func fillDerived(ctx context.Context, c conn, orders []*agora.Order) error {
	if err := fillCounts(ctx, c, orders); err != nil {
		return err
	}
	if err := fillDeadlines(ctx, c, orders, "order_notices", func(o *agora.Order) *time.Time { return &o.NoticeDeadline }); err != nil {
		return err
	}
	return fillDeadlines(ctx, c, orders, "appeals", func(o *agora.Order) *time.Time { return &o.AppealDeadline })
}

// fillCounts sets the Counts of the orders from their targets, in one query.
func fillCounts(ctx context.Context, c conn, orders []*agora.Order) error {
	if len(orders) == 0 {
		return nil
	}
	byID := make(map[agora.ID]*agora.Order, len(orders))
	ids := make([]agora.ID, len(orders))
	for i, o := range orders {
		byID[o.ID], ids[i] = o, o.ID
		o.Counts = agora.TargetCounts{}
	}
	rows, err := c.query(ctx, `SELECT order_id, resolution, count(*) FROM targets WHERE `+c.d.in("order_id")+`
		GROUP BY order_id, resolution`, c.d.ids(ids))
	if err != nil {
		return wrap("count targets", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id agora.ID
		var resolution agora.Resolution
		var n int
		if err := rows.Scan(&id, &resolution, &n); err != nil {
			return wrap("scan target count", err)
		}
		addCount(&byID[id].Counts, resolution, n)
	}
	return wrap("count targets", rows.Err())
}

// UpdateOrder writes the order's lifecycle fields: state; the times acknowledged,
// confirmed, revoked, answered, closed and of first effect; the deadlines (to
// decide, to acknowledge, to confirm); confidentiality and its end; deficiencies;
// and the assignee. What the order said as received (authority, reference,
// channel, receipt, legal basis, reasons, scope, emergency, redress, recipient,
// digest) and its number are not changed. The times are normalized in place. In
// one transaction with the events. ENOTFOUND when the order, or the assignee,
// does not exist.
func (db *legalTables) UpdateOrder(ctx context.Context, o *agora.Order, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		if err := updateOrder(ctx, c, o); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
}

// updateOrder writes the order's lifecycle fields at its version, which it
// increments in place: ENOTFOUND when the order does not exist, ECONFLICT when
// it was written after it was read.
func updateOrder(ctx context.Context, c conn, o *agora.Order) error {
	normalizeOrder(o)
	res, err := c.exec(ctx, `UPDATE orders SET state = ?, acknowledged_at = ?, confirmed_at = ?,
		revoked_at = ?, answered_at = ?, closed_at = ?, first_effect_at = ?, deadline = ?,
		ack_deadline = ?, confirm_deadline = ?, confidential = ?, confidential_until = ?,
		deficiencies = ?, assigned_to = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		string(o.State), nullMillis(o.AcknowledgedAt), nullMillis(o.ConfirmedAt),
		nullMillis(o.RevokedAt), nullMillis(o.AnsweredAt), nullMillis(o.ClosedAt),
		nullMillis(o.FirstEffectAt), nullMillis(o.Deadline), nullMillis(o.AckDeadline),
		nullMillis(o.ConfirmDeadline), o.Confidential, nullMillis(o.ConfidentialUntil),
		joinCountries(o.Deficiencies), nullID(o.AssignedTo), o.ID, o.Version)
	if err != nil {
		return wrap("update order", err)
	}
	if err := orderWritten(ctx, c, res, o.ID); err != nil {
		return err
	}
	o.Version++
	return nil
}

// orderWritten checks that an update of the order at its version changed a row:
// ENOTFOUND when the order does not exist, ECONFLICT when it was written after
// it was read.
func orderWritten(ctx context.Context, c conn, res sql.Result, id agora.ID) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update order: %w", err)
	}
	if n > 0 {
		return nil
	}
	var one int
	if err := c.queryRow(ctx, `SELECT 1 FROM orders WHERE id = ?`, id).Scan(&one); err != nil {
		return wrap("select order", err)
	}
	return agora.Errorf(agora.ECONFLICT, "The order was changed by someone else meanwhile; read it again and retry.")
}

// fillDeadlines sets, through field, each order's earliest deadline among the
// rows of table (order_notices or appeals) not answered yet, in one query; zero
// for an order with none.
func fillDeadlines(ctx context.Context, c conn, orders []*agora.Order, table string, field func(*agora.Order) *time.Time) error {
	if len(orders) == 0 {
		return nil
	}
	byID := make(map[agora.ID]*agora.Order, len(orders))
	ids := make([]agora.ID, len(orders))
	for i, o := range orders {
		byID[o.ID], ids[i] = o, o.ID
		*field(o) = time.Time{}
	}
	rows, err := c.query(ctx, `SELECT order_id, min(deadline) FROM `+table+` WHERE `+c.d.in("order_id")+`
		AND answered_at IS NULL AND deadline IS NOT NULL GROUP BY order_id`, c.d.ids(ids))
	if err != nil {
		return wrap("select "+table+" deadlines", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id agora.ID
		var deadline int64
		if err := rows.Scan(&id, &deadline); err != nil {
			return wrap("scan "+table+" deadline", err)
		}
		*field(byID[id]) = fromMillis(deadline)
	}
	return wrap("select "+table+" deadlines", rows.Err())
}
