package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"

	"agora"
)

// ApplyDecisions applies b in one transaction and returns the rule version after
// it: the decisions are inserted; the targets' State, Countries, ReasonCode and
// UpdatedAt written; the new rules inserted and the rules to lift lifted at
// b.LiftedAt, as CreateRules and LiftRules do, with one new rule version for both
// (without rules to create or lift the version stays, and is returned); the
// warnings inserted; the statuses deleted with everything DeleteStatus deletes
// with them (those that no longer exist are skipped); the notifications inserted;
// the accounts to suspend given b.SuspendedAt (those suspended already keep their
// time) and every token of theirs revoked, those to unsuspend cleared; b.Order's
// State, FirstEffectAt, AnsweredAt and ClosedAt written when it is not nil; and the
// events inserted. A warning of the batch whose notification is in the batch (by
// WarningID) and whose NotifiedAt is zero is stored notified at the notification's
// time. Times are normalized in place.
//
// Errors, after which nothing has changed: ENOTFOUND when a rule to lift, a target
// (of its OrderID), the order, or an account a warning or notification is for does
// not exist; ECONFLICT when a rule to lift is lifted already, or an ID is taken;
// EINVALID when rules are to be lifted or accounts suspended without the time.
//
// On PostgreSQL the transaction takes its locks in the order the other writers do:
// the rule version (when rules change), the order, the rules to lift, the statuses
// to delete (see DeleteStatus), then accounts.
func (db *legalTables) ApplyDecisions(ctx context.Context, b *agora.DecisionBatch) (int64, error) {
	if len(b.LiftRuleIDs) > 0 && b.LiftedAt.IsZero() {
		return 0, agora.Errorf(agora.EINVALID, "The time the rules are lifted is missing.")
	}
	if len(b.SuspendAccounts) > 0 && b.SuspendedAt.IsZero() {
		return 0, agora.Errorf(agora.EINVALID, "The time the accounts are suspended is missing.")
	}
	for _, n := range b.Notifications {
		n.CreatedAt = normalize(n.CreatedAt)
	}
	markNotified(b.Warnings, b.Notifications)
	var version int64
	err := db.inLargeTx(ctx, func(c conn) error {
		var err error
		if len(b.NewRules) > 0 || len(b.LiftRuleIDs) > 0 {
			version, err = bumpRuleVersion(ctx, c)
		} else {
			version, err = ruleVersion(ctx, c)
		}
		if err != nil {
			return err
		}
		if b.OrderID != 0 {
			var id agora.ID
			if err := c.queryRow(ctx, `SELECT id FROM orders WHERE id = ?`+c.d.forUpdate(), b.OrderID).Scan(&id); err != nil {
				return wrap("select order", err)
			}
		}
		if err := liftRules(ctx, c, b.LiftRuleIDs, b.LiftedAt, version); err != nil {
			return err
		}
		if err := insertDecisions(ctx, c, b.Decisions); err != nil {
			return err
		}
		if err := updateTargets(ctx, c, b.Targets); err != nil {
			return err
		}
		if err := insertRules(ctx, c, b.NewRules, version); err != nil {
			return err
		}
		if err := insertWarnings(ctx, c, b.Warnings); err != nil {
			return err
		}
		_, keys, err := deleteStatuses(ctx, c, b.DeleteStatuses, false)
		if err != nil {
			return err
		}
		b.RemovedMediaKeys = keys
		// After the deletions, which delete the notifications about the statuses.
		if err := insertNotifications(ctx, c, b.Notifications); err != nil {
			return err
		}
		if err := suspendAccounts(ctx, c, b); err != nil {
			return err
		}
		if err := writeOrderEffect(ctx, c, b.Order, len(b.NewRules) > 0); err != nil {
			return err
		}
		if b.Notice != nil {
			if err := insertNotice(ctx, c, b.Notice); err != nil {
				return err
			}
		}
		if b.Message != nil {
			if err := insertAuthorityMessage(ctx, c, b.Message); err != nil {
				return err
			}
		}
		if err := answerAppeal(ctx, c, b.Appeal); err != nil {
			return err
		}
		return insertAudit(ctx, c, b.Events)
	})
	if err != nil {
		return 0, err
	}
	if len(b.LiftRuleIDs) > 0 {
		b.LiftedAt = normalize(b.LiftedAt)
	}
	b.SuspendedAt = normalize(b.SuspendedAt)
	return version, nil
}

// markNotified sets the NotifiedAt of each warning whose notification is among
// notes, when it is zero, to the notification's time.
func markNotified(warnings []*agora.AccountWarning, notes []*agora.Notification) {
	if len(warnings) == 0 || len(notes) == 0 {
		return
	}
	byID := make(map[agora.ID]*agora.AccountWarning, len(warnings))
	for _, w := range warnings {
		byID[w.ID] = w
	}
	for _, n := range notes {
		if w := byID[n.WarningID]; w != nil && n.WarningID != 0 && w.NotifiedAt.IsZero() {
			w.NotifiedAt = n.CreatedAt
		}
	}
}

// targetStateColumns are the columns of updateTargets' rows.
var targetStateColumns = []string{"id BIGINT", "order_id BIGINT", "state TEXT", "countries TEXT",
	"reason_code TEXT", "updated_at BIGINT"}

// updateTargets writes the State, Countries, ReasonCode and UpdatedAt of the
// targets on c in one statement, normalizing UpdatedAt in place. ENOTFOUND when a
// target does not exist in its OrderID.
func updateTargets(ctx context.Context, c conn, targets []*agora.Target) error {
	if len(targets) == 0 {
		return nil
	}
	rows := make([][]any, len(targets))
	distinct := make(map[agora.ID]bool, len(targets))
	for i, t := range targets {
		t.UpdatedAt = normalize(t.UpdatedAt)
		rows[i] = []any{t.ID, t.OrderID, string(t.State), joinCountries(t.Countries), t.ReasonCode, nullMillis(t.UpdatedAt)}
		distinct[t.ID] = true
	}
	records, err := jsonRecords(targetStateColumns, rows)
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE targets SET state = v.state, countries = v.countries,
		reason_code = v.reason_code, updated_at = v.updated_at
		FROM `+c.d.jsonTable("v", targetStateColumns...)+`
		WHERE targets.id = v.id AND targets.order_id = v.order_id`, records)
	if err != nil {
		return wrap("update targets", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update targets: %w", err)
	}
	if int(n) != len(distinct) {
		return &agora.Error{Code: agora.ENOTFOUND, Message: "A target to update does not exist in its order."}
	}
	return nil
}

// suspendAccounts suspends b.SuspendAccounts at b.SuspendedAt, revoking their
// tokens, and unsuspends b.UnsuspendAccounts, on c. Accounts that do not exist are
// skipped.
func suspendAccounts(ctx context.Context, c conn, b *agora.DecisionBatch) error {
	if len(b.SuspendAccounts) == 0 && len(b.UnsuspendAccounts) == 0 {
		return nil
	}
	if lock := c.d.forUpdate(); lock != "" { // accounts in ID order
		all := make(map[agora.ID]bool)
		for _, id := range append(slices.Clip(b.SuspendAccounts), b.UnsuspendAccounts...) {
			all[id] = true
		}
		if _, err := c.exec(ctx, `SELECT id FROM accounts WHERE `+c.d.in("id")+` ORDER BY id`+lock,
			c.d.ids(slices.Sorted(maps.Keys(all)))); err != nil {
			return wrap("lock accounts", err)
		}
	}
	if len(b.SuspendAccounts) > 0 {
		at, ids := millis(b.SuspendedAt), c.d.ids(b.SuspendAccounts)
		if _, err := c.exec(ctx, `UPDATE accounts SET suspended_at = COALESCE(suspended_at, ?)
			WHERE `+c.d.in("id"), at, ids); err != nil {
			return wrap("suspend accounts", err)
		}
		if _, err := c.exec(ctx, `UPDATE tokens SET revoked_at = ?
			WHERE revoked_at = 0 AND `+c.d.in("account_id"), at, ids); err != nil {
			return wrap("revoke tokens", err)
		}
	}
	if len(b.UnsuspendAccounts) > 0 {
		// A suspension of the moderators' own outlives the legal removal's lift.
		if _, err := c.exec(ctx, `UPDATE accounts SET suspended_at = NULL WHERE NOT suspended_by_moderators AND `+c.d.in("id"),
			c.d.ids(b.UnsuspendAccounts)); err != nil {
			return wrap("unsuspend accounts", err)
		}
	}
	return nil
}

// writeOrderEffect writes what a decision batch changes of the order, when o is
// not nil: state, first effect, answered, closed and revoked times (normalized in
// place), and sets o.Version to the order's new version. It does not check the
// version o was read at: decisions only move an order forward and the batch holds
// the order's row locked, so staff deciding on different targets of one order at
// once do not conflict; the version still moves, so a write-back (UpdateOrder)
// made from an order read before it fails. A revoked order stays closed, and a
// batch that creates rules (creating) under it is refused with ECONFLICT, though
// it was planned from an order read before the revocation. ENOTFOUND when the
// order does not exist.
func writeOrderEffect(ctx context.Context, c conn, o *agora.Order, creating bool) error {
	if o == nil {
		return nil
	}
	o.FirstEffectAt, o.AnsweredAt, o.ClosedAt = normalize(o.FirstEffectAt), normalize(o.AnsweredAt), normalize(o.ClosedAt)
	o.RevokedAt = normalize(o.RevokedAt)
	creates := 0
	if creating {
		creates = 1
	}
	// A revocation is never undone: a batch made from an order read before it
	// cannot clear it, nor reopen the order.
	err := c.queryRow(ctx, `UPDATE orders SET state = CASE WHEN revoked_at IS NULL THEN ? ELSE state END,
		first_effect_at = ?, answered_at = ?, closed_at = CASE WHEN revoked_at IS NULL THEN ? ELSE closed_at END,
		revoked_at = COALESCE(revoked_at, ?), version = version + 1
		WHERE id = ? AND (revoked_at IS NULL OR ? = 0) RETURNING version`,
		string(o.State), nullMillis(o.FirstEffectAt), nullMillis(o.AnsweredAt),
		nullMillis(o.ClosedAt), nullMillis(o.RevokedAt), o.ID, creates).Scan(&o.Version)
	if errors.Is(err, sql.ErrNoRows) && creating {
		var one int
		if err := c.queryRow(ctx, `SELECT 1 FROM orders WHERE id = ?`, o.ID).Scan(&one); err != nil {
			return wrap("select order", err)
		}
		return agora.Errorf(agora.ECONFLICT, "The order was revoked meanwhile: nothing more can be withheld under it.")
	}
	return wrap("update order", err)
}
