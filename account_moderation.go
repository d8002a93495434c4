package agora

import (
	"time"
	"unicode/utf8"
)

// This file is the platform's own moderation of accounts (Mastodon's admin
// account actions): suspend, limit ("silence"), mark sensitive, disable. It is
// kept apart from the legal desk's withholding rules: an account action never
// creates a rule, a notice or a transparency log entry. Who may read what of a
// moderated account is decided by the gate's audience rules
// (visibility.AccountLimits).

// AccountActionType is what a moderator does to an account, as Mastodon's
// POST /api/v1/admin/accounts/:id/action names it. Stored in audit events and
// account warnings; the list is append-only.
type AccountActionType string

// Account action types.
const (
	ActionNone      AccountActionType = "none"      // a warning only
	ActionSensitive AccountActionType = "sensitive" // media of its statuses shown as sensitive
	ActionDisable   AccountActionType = "disable"   // login refused, content unchanged
	ActionSilence   AccountActionType = "silence"   // limited: hidden from non-followers' public views
	ActionSuspend   AccountActionType = "suspend"   // hidden from everyone, login refused
)

// ParseAccountActionType returns the type named s; EUNPROCESSABLE naming the
// field for any other value.
func ParseAccountActionType(s string) (AccountActionType, error) {
	switch t := AccountActionType(s); t {
	case ActionNone, ActionSensitive, ActionDisable, ActionSilence, ActionSuspend:
		return t, nil
	}
	return "", fieldError("type", "ERR_INCLUSION", "Type must be one of none, sensitive, disable, silence, suspend.")
}

// MaxAccountActionText bounds a moderator's text to the account (the warning),
// in characters. Mastodon sets no bound; agora keeps it at an appeal's size.
const MaxAccountActionText = 2000

// ValidateAccountActionText checks a moderator's text.
func ValidateAccountActionText(text string) error {
	if utf8.RuneCountInString(text) > MaxAccountActionText {
		return fieldError("text", "ERR_TOO_LONG", "Text is too long (at most 2000 characters).")
	}
	return nil
}

// Suspended reports whether the platform suspended the account.
func (a *Account) Suspended() bool { return !a.SuspendedAt.IsZero() }

// Silenced reports whether a moderator limited the account: its statuses are
// left out of the public and hashtag timelines and search of people who do not
// follow it, and a notification policy may filter its notifications to them.
func (a *Account) Silenced() bool { return !a.SilencedAt.IsZero() }

// Sensitized reports whether a moderator marked the account's media sensitive:
// its statuses render with sensitive true.
func (a *Account) Sensitized() bool { return !a.SensitizedAt.IsZero() }

// Disabled reports whether a moderator disabled the account's login: sign-in
// and its tokens are refused, its content stays.
func (a *Account) Disabled() bool { return !a.DisabledAt.IsZero() }

// OutranksForModeration reports whether a may take moderation actions on
// target, as Mastodon's role positions have it: only on an account whose role
// ranks below a's (a moderator on users, an admin on users, legal staff and
// moderators), and never on itself.
func (a *Account) OutranksForModeration(target *Account) bool {
	return a.ID != target.ID && roleRank(a.Role) > roleRank(target.Role)
}

// roleRank orders roles for moderation: user, then legal and moderator, then
// admin.
func roleRank(r Role) int {
	switch r {
	case RoleAdmin:
		return 2
	case RoleModerator, RoleLegal:
		return 1
	}
	return 0
}

// AccountModeration is one moderation write on an account, made in one
// transaction by Store.ModerateAccount: the change to the account's moderation
// state (an action or the undoing of one), the report the action resolves, the
// account warning and its notification, and the audit events. The store applies
// the change to the state as it finds it in that transaction, and writes only
// the column the change is about, so that actions taken at once, and the legal
// desk's removals, are never lost.
type AccountModeration struct {
	AccountID ID
	// Action is what the write does: sets the action's time (kept when the
	// action is in force already; ActionNone sets nothing), or, with Undo,
	// clears it. Undoing ActionSuspend lifts the moderators' suspension
	// (SuspendedByModerators), and clears SuspendedAt only when no removal of
	// the legal desk's is in force on the account (a withholding rule whose
	// origin begins "removal:"); undoing ActionNone is invalid.
	Action AccountActionType
	Undo   bool
	// At is the time an action sets; normalized in place.
	At time.Time
	// ResolveReportID is the open report the action resolves, by
	// ResolvedByID at ResolvedAt; 0 for none.
	ResolveReportID ID
	ResolvedByID    ID
	ResolvedAt      time.Time
	// Warning is the strike the action records (nil for none); Notifications
	// hold its moderation_warning notification when the owner is told.
	Warning       *AccountWarning
	Notifications []*Notification
	// Events are written with an action always, and with an undoing only
	// when it changed the account's state.
	Events []*AuditEvent
	// Changed is set by the store: whether the account's moderation state
	// changed.
	Changed bool
}

// AccountLimit is the moderation state of an account the gate must know to
// decide who reads its content: suspended by the moderators (a legal removal
// alone is enforced by its withholding rule), or limited.
type AccountLimit struct {
	AccountID ID
	Suspended bool
	Silenced  bool
}
