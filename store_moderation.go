package agora

import (
	"context"
	"time"
)

// ModerationStore persists reports and the moderators' queue.
type ModerationStore interface {
	// CreateReport inserts r with its statuses and rules, the notifications
	// (admin.report to moderators) and the audit events, in one transaction;
	// times are normalized in place. ENOTFOUND when an account does not exist.
	CreateReport(ctx context.Context, r *Report, ns []*Notification, events []*AuditEvent) error
	// Report returns the report with the ID.
	Report(ctx context.Context, id ID) (*Report, error)
	// Reports returns the reports q selects, newest first, paged by ID.
	Reports(ctx context.Context, q ReportQuery) ([]*Report, error)
	// UpdateReport stores the moderator-editable fields of r (category, rules,
	// assignee, action taken at and by, updated at) with the audit events, in
	// one transaction. ENOTFOUND when the report does not exist.
	UpdateReport(ctx context.Context, r *Report, events []*AuditEvent) error
	// ModeratorIDs returns the IDs of the accounts that may moderate (role
	// moderator or admin, not suspended), at most limit, oldest first.
	ModeratorIDs(ctx context.Context, limit int) ([]ID, error)
	// ListAccounts returns the accounts q selects, newest first, paged by ID.
	ListAccounts(ctx context.Context, q AccountQuery) ([]*Account, error)
}

// NotificationGroupStore is what grouped notifications need beyond
// NotificationStore.
type NotificationGroupStore interface {
	// DismissNotifications deletes those of the recipient's notifications
	// with the IDs, in one statement, and returns how many it deleted.
	DismissNotifications(ctx context.Context, accountID ID, ids []ID) (int, error)
}

// AccountModerationStore persists moderators' actions on accounts
// (account_moderation.go).
type AccountModerationStore interface {
	// ModerateAccount writes m in one transaction: it applies m's action (or
	// its undoing) to the account's moderation state as it is in that
	// transaction, writing only the columns the action is about (see
	// AccountModeration), and sets m.Changed; it resolves the report (when
	// m.ResolveReportID is set and the report is open; a resolved one is left
	// as it is), and writes the warning, the notifications and the audit
	// events (an undoing's only when it changed something); times are
	// normalized in place. ENOTFOUND when the account does not exist, or the
	// report does not exist or is about another account; ECONFLICT for
	// unsuspending an account whose data is deleted; EINVALID for an unknown
	// action or undoing ActionNone; nothing is written then.
	ModerateAccount(ctx context.Context, m *AccountModeration) error
	// AccountLimits returns the accounts that are suspended by the moderators
	// (SuspendedByModerators) or silenced, in one round trip, in ID order.
	AccountLimits(ctx context.Context) ([]AccountLimit, error)
	// DeleteAccountData deletes the data of the suspended account in one
	// transaction: every status of its (with what DeleteStatus deletes with
	// each), and its profile (display name, note, fields); it sets DeletedAt
	// to at and writes the events. The account's row stays, suspended, so its
	// username is never taken again. Its scheduled statuses and its media
	// (attached or not) are deleted too. It returns the IDs of the statuses
	// deleted and the keys of the media files (originals and previews), which
	// the caller removes once it returns. ENOTFOUND when the account does not
	// exist, ECONFLICT when it is not suspended or its data is deleted already;
	// nothing is written then.
	DeleteAccountData(ctx context.Context, id ID, at time.Time, events []*AuditEvent) (statuses []ID, mediaKeys []string, err error)
}
