package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"agora"
)

// Handover assigns every order assigned to from that is not closed to to (to 0:
// unassigned), and every target assigned to from of such an order, and inserts
// the events, and for each order whose assignment or any of whose targets'
// moved the event orderEvent returns for it (when orderEvent is not nil), once,
// in the order of the orders' IDs, in one transaction. It returns how many
// orders and targets it moved. EINVALID when from is 0; ENOTFOUND when to does
// not exist.
func (db *legalTables) Handover(ctx context.Context, from, to agora.ID, events []*agora.AuditEvent, orderEvent func(orderID agora.ID) *agora.AuditEvent) (orders, targets int, err error) {
	if from == 0 {
		return 0, 0, agora.Errorf(agora.EINVALID, "The staff member to hand over from is missing.")
	}
	err = db.inTx(ctx, func(c conn) error {
		// Lock every order touched before its targets, as the other writers of
		// targets do (ApplyDecisions, AddTargets), so that none waits for the
		// other in a cycle (PostgreSQL; SQLite has one writer).
		if _, err := returningIDs(ctx, c, "lock orders", `SELECT id FROM orders WHERE state <> ?
			AND (assigned_to = ? OR id IN (SELECT order_id FROM targets WHERE assigned_to = ?))
			ORDER BY id`+c.d.forUpdate(), string(agora.OrderClosed), from, from); err != nil {
			return err
		}
		movedOrders, err := returningIDs(ctx, c, "hand over orders", `UPDATE orders SET assigned_to = ?, version = version + 1
			WHERE assigned_to = ? AND state <> ? RETURNING id`,
			nullID(to), from, string(agora.OrderClosed))
		if err != nil {
			return err
		}
		movedTargets, err := returningIDs(ctx, c, "hand over targets", `UPDATE targets SET assigned_to = ?
			WHERE assigned_to = ? AND order_id IN (SELECT id FROM orders WHERE state <> ?) RETURNING order_id`,
			nullID(to), from, string(agora.OrderClosed))
		if err != nil {
			return err
		}
		orders, targets = len(movedOrders), len(movedTargets)
		all := events
		if orderEvent != nil {
			touched := slices.Concat(movedOrders, movedTargets)
			slices.Sort(touched)
			all = append([]*agora.AuditEvent(nil), events...)
			for _, id := range slices.Compact(touched) {
				all = append(all, orderEvent(id))
			}
		}
		return insertAudit(ctx, c, all)
	})
	if err != nil {
		return 0, 0, err
	}
	return orders, targets, nil
}

// returningIDs runs a query of one ID column (an UPDATE ... RETURNING, a SELECT)
// and returns the IDs, one per row.
func returningIDs(ctx context.Context, c conn, step, query string, args ...any) ([]agora.ID, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, wrap(step, err)
	}
	defer rows.Close()
	var out []agora.ID
	for rows.Next() {
		var id agora.ID
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("%s: %w", step, err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(step, err)
	}
	return out, nil
}

// StaffAccounts returns every account with the legal or admin role, by ID.
func (db *legalTables) StaffAccounts(ctx context.Context) ([]*agora.Account, error) {
	return queryList(ctx, db.reader(), "select staff accounts", scanAccount,
		`SELECT `+accountColumns+` FROM accounts WHERE role IN (?, ?) ORDER BY id`,
		string(agora.RoleLegal), string(agora.RoleAdmin))
}
