package sqlstore

import (
	"context"
	"fmt"

	"agora"
)

// Handover assigns every order assigned to from that is not closed to to (to 0:
// unassigned) and inserts the events, and for each order moved the event
// orderEvent returns for it (when orderEvent is not nil), in one transaction, and
// returns how many orders it moved. EINVALID when from is 0; ENOTFOUND when to
// does not exist.
func (db *legalTables) Handover(ctx context.Context, from, to agora.ID, events []*agora.AuditEvent, orderEvent func(orderID agora.ID) *agora.AuditEvent) (int, error) {
	if from == 0 {
		return 0, agora.Errorf(agora.EINVALID, "The staff member to hand over from is missing.")
	}
	var moved []agora.ID
	err := db.inTx(ctx, func(c conn) error {
		moved = moved[:0]
		rows, err := c.query(ctx, `UPDATE orders SET assigned_to = ?, version = version + 1
			WHERE assigned_to = ? AND state <> ? RETURNING id`,
			nullID(to), from, string(agora.OrderClosed))
		if err != nil {
			return wrap("hand over orders", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id agora.ID
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("hand over orders: %w", err)
			}
			moved = append(moved, id)
		}
		if err := rows.Err(); err != nil {
			return wrap("hand over orders", err)
		}
		rows.Close()
		all := events
		if orderEvent != nil {
			all = append([]*agora.AuditEvent(nil), events...)
			for _, id := range moved {
				all = append(all, orderEvent(id))
			}
		}
		return insertAudit(ctx, c, all)
	})
	if err != nil {
		return 0, err
	}
	return len(moved), nil
}

// StaffAccounts returns every account with the legal or admin role, by ID.
func (db *legalTables) StaffAccounts(ctx context.Context) ([]*agora.Account, error) {
	return queryList(ctx, db.reader(), "select staff accounts", scanAccount,
		`SELECT `+accountColumns+` FROM accounts WHERE role IN (?, ?) ORDER BY id`,
		string(agora.RoleLegal), string(agora.RoleAdmin))
}
