package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"agora"
)

// The transparency reports' reads (agora.ReportStore): three queries over the
// orders received in a period, whatever their number and that of their targets.

// inPeriod selects the orders o received in [?, ?).
const inPeriod = ` WHERE o.received_at >= ? AND o.received_at < ?`

// ReportOrders returns the orders received in [from, to) with their
// authority's kind and country, the tallies of their targets (whether a
// withhold or remove decision was ever taken on each, read from the decisions)
// and the counts of their appeals by state.
func (db *legalTables) ReportOrders(ctx context.Context, from, to time.Time) ([]*agora.ReportOrder, error) {
	r := db.reader()
	span := []any{millis(from), millis(to)}
	orders, err := queryList(ctx, r, "select report orders", scanReportOrder,
		`SELECT o.id, o.received_at, o.acknowledged_at, o.first_effect_at, o.territorial_scope,
		        COALESCE(a.kind, ''), COALESCE(a.country, '')
		 FROM orders o LEFT JOIN authorities a ON a.id = o.authority_id`+inPeriod+`
		 ORDER BY o.received_at, o.id`, span...)
	if err != nil || len(orders) == 0 {
		return orders, err
	}
	byID := make(map[agora.ID]*agora.ReportOrder, len(orders))
	for _, o := range orders {
		byID[o.ID] = o
	}
	rows, err := r.query(ctx, `SELECT order_id, kind, resolution, state, withheld, removed, COUNT(*)
		FROM (SELECT t.order_id, t.kind, t.resolution, t.state,
		             EXISTS (SELECT 1 FROM decisions d WHERE d.target_id = t.id AND d.action = 'withhold') AS withheld,
		             EXISTS (SELECT 1 FROM decisions d WHERE d.target_id = t.id AND d.action = 'remove') AS removed
		      FROM targets t JOIN orders o ON o.id = t.order_id`+inPeriod+`) x
		GROUP BY order_id, kind, resolution, state, withheld, removed`, span...)
	if err != nil {
		return nil, wrap("select report targets", err)
	}
	err = eachRow(rows, func(row scanner) error {
		var id agora.ID
		var t agora.TargetTally
		if err := row.Scan(&id, &t.Kind, &t.Resolution, &t.State, &t.Withheld, &t.Removed, &t.Count); err != nil {
			return err
		}
		if o := byID[id]; o != nil {
			o.Targets = append(o.Targets, t)
		}
		return nil
	})
	if err != nil {
		return nil, wrap("select report targets", err)
	}
	rows, err = r.query(ctx, `SELECT p.order_id, p.state, COUNT(*)
		FROM appeals p JOIN orders o ON o.id = p.order_id`+inPeriod+`
		GROUP BY p.order_id, p.state`, span...)
	if err != nil {
		return nil, wrap("select report appeals", err)
	}
	err = eachRow(rows, func(row scanner) error {
		var id agora.ID
		var state agora.AppealState
		var n int
		if err := row.Scan(&id, &state, &n); err != nil {
			return err
		}
		if o := byID[id]; o != nil {
			o.Appeals[state] += n
		}
		return nil
	})
	return orders, wrap("select report appeals", err)
}

func scanReportOrder(row scanner) (*agora.ReportOrder, error) {
	o := &agora.ReportOrder{Appeals: map[agora.AppealState]int{}}
	var received int64
	var acknowledged, effect sql.NullInt64
	var scope string
	if err := row.Scan(&o.ID, &received, &acknowledged, &effect, &scope, &o.AuthorityKind, &o.AuthorityCountry); err != nil {
		return nil, err
	}
	o.ReceivedAt, o.AcknowledgedAt, o.FirstEffectAt = fromMillis(received), fromNullMillis(acknowledged), fromNullMillis(effect)
	o.TerritorialScope = splitCountries(scope)
	return o, nil
}

// eachRow calls fn on every row of rows and closes them.
func eachRow(rows *sql.Rows, fn func(scanner) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FirstOrderReceived returns the earliest time of receipt of an order; zero
// when there is none.
func (db *legalTables) FirstOrderReceived(ctx context.Context) (time.Time, error) {
	var first sql.NullInt64
	if err := db.reader().queryRow(ctx, `SELECT MIN(received_at) FROM orders`).Scan(&first); err != nil {
		return time.Time{}, wrap("select first order", err)
	}
	return fromNullMillis(first), nil
}
