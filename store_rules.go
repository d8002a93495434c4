package agora

import (
	"context"
	"time"
)

// RuleStore persists withholding rules. Every change is one transaction with its
// audit event, and bumps the rule version other processes watch.
type RuleStore interface {
	// CreateRules inserts the rules, their entries of the transparency log
	// (LogStore) and the audit events in one transaction and returns the rule
	// version after it.
	CreateRules(ctx context.Context, rules []*Rule, events []*AuditEvent) (version int64, err error)
	// LiftRules sets lifted_at on the rules (all of them in force, else ECONFLICT
	// naming the first lifted already; ENOTFOUND for a missing one) and inserts the
	// audit events, with the rules' lift entries of the transparency log, in one
	// transaction, returning the new rule version.
	LiftRules(ctx context.Context, ids []ID, at time.Time, events []*AuditEvent) (version int64, err error)
	// Rule returns the rule with the ID, lifted or not.
	Rule(ctx context.Context, id ID) (*Rule, error)
	// ActiveRules returns every rule not lifted, and the rule version they reflect.
	ActiveRules(ctx context.Context) ([]*Rule, int64, error)
	// RuleVersion returns the rule version: a number that grows with every change
	// to any rule, in any process.
	RuleVersion(ctx context.Context) (int64, error)
	// RuleChanges returns the rules changed (created or lifted) after version, with
	// the version they bring the reader to.
	RuleChanges(ctx context.Context, after int64) ([]*Rule, int64, error)
}

// AuditStore reads and appends audit events.
type AuditStore interface {
	// AppendAudit inserts the events in one transaction.
	AppendAudit(ctx context.Context, events []*AuditEvent) error
	// Audit returns the events q selects, oldest first.
	Audit(ctx context.Context, q AuditQuery) ([]*AuditEvent, error)
}
