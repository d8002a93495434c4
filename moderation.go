package agora

import (
	"time"
	"unicode/utf8"
)

// ReportCategory is the generic reason of a report, as Mastodon names it.
// Stored; the list is append-only.
type ReportCategory string

// Report categories.
const (
	ReportSpam      ReportCategory = "spam"
	ReportLegal     ReportCategory = "legal"
	ReportViolation ReportCategory = "violation"
	ReportOther     ReportCategory = "other"
)

// ParseReportCategory returns the category named s; EUNPROCESSABLE naming the
// field for any other value.
func ParseReportCategory(s string) (ReportCategory, error) {
	switch c := ReportCategory(s); c {
	case ReportSpam, ReportLegal, ReportViolation, ReportOther:
		return c, nil
	}
	return "", fieldError("category", "ERR_INCLUSION", "Category must be one of spam, legal, violation, other.")
}

// Limits on a report, as Mastodon has them (the comment), or bounds of ours
// (statuses and rules attached).
const (
	MaxReportComment  = 1000
	MaxReportStatuses = 100
	MaxReportRules    = 20
)

// Report is a person's report of an account, and optionally some of its
// statuses, to the platform's moderators: moderation under the platform's own
// rules, kept apart from the legal desk's orders (which come from authorities).
// A report is open until a moderator resolves it.
type Report struct {
	ID              ID
	AccountID       ID // who reported
	TargetAccountID ID // who is reported
	StatusIDs       []ID
	RuleIDs         []ID // the instance rules the report cites
	Comment         string
	Category        ReportCategory
	Forward         bool // asked to forward to a remote server; agora has none
	// AssignedAccountID is the moderator who took the report; 0 when none.
	AssignedAccountID ID
	// ActionTakenAt is when a moderator resolved the report, and
	// ActionTakenByID who; zero while it is open.
	ActionTakenAt   time.Time
	ActionTakenByID ID
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Resolved reports whether a moderator has resolved the report.
func (r *Report) Resolved() bool { return !r.ActionTakenAt.IsZero() }

// Validate checks the fields a reporter or moderator gives.
func (r *Report) Validate() error {
	if _, err := ParseReportCategory(string(r.Category)); err != nil {
		return err
	}
	if utf8.RuneCountInString(r.Comment) > MaxReportComment {
		return fieldError("comment", "ERR_TOO_LONG", "Comment is too long (at most 1000 characters).")
	}
	if len(r.StatusIDs) > MaxReportStatuses {
		return fieldError("status_ids", "ERR_TOO_LONG", "A report can attach at most 100 statuses.")
	}
	if len(r.RuleIDs) > MaxReportRules {
		return fieldError("rule_ids", "ERR_TOO_LONG", "A report can cite at most 20 rules.")
	}
	return nil
}

// ReportQuery selects reports for the moderators' queue. Zero fields do not
// filter.
type ReportQuery struct {
	// Resolved selects resolved reports when true, open ones when false; nil
	// selects both.
	Resolved        *bool
	AccountID       ID // filed by this account
	TargetAccountID ID // about this account
	Page            Page
}

// IsModerator reports whether the account may moderate: a moderator or admin
// role, and not suspended.
func (a *Account) IsModerator() bool {
	return (a.Role == RoleModerator || a.Role == RoleAdmin) && a.SuspendedAt.IsZero()
}

// AccountQuery selects accounts for the moderators' account list (Mastodon's
// admin accounts). Zero fields do not filter; text filters match without
// case: Username as a prefix, DisplayName and Email as substrings.
type AccountQuery struct {
	Suspended *bool // suspended (true) or active (false)
	// Silenced, Disabled and Sensitized select only accounts a moderator
	// limited, disabled or marked sensitive.
	Silenced, Disabled, Sensitized bool
	Staff                          bool // only accounts with the moderator, legal or admin role
	Roles                          []Role
	Username                       string
	DisplayName                    string
	Email                          string
	Page                           Page
}
