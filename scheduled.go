package agora

import (
	"context"
	"time"
)

// Limits on scheduled statuses, as Mastodon has them.
const (
	// MinScheduleAhead is how far ahead a status must be scheduled.
	MinScheduleAhead = 5 * time.Minute
	// MaxScheduledTotal is how many statuses an account may have scheduled.
	MaxScheduledTotal = 300
	// MaxScheduledDaily is how many of them may be due on one UTC day.
	MaxScheduledDaily = 25
)

// ScheduledStatus is a status to be published at ScheduledAt by the server's
// sweep, through the same path as a status posted at once.
type ScheduledStatus struct {
	ID          ID
	AccountID   ID
	ScheduledAt time.Time
	Params      ScheduledParams
	CreatedAt   time.Time
}

// ScheduledParams are the parameters of the status to publish, as the author
// sent them. Stored as JSON: a field added here (such as a poll) needs no
// migration; one that old rows lack must read as its zero value.
type ScheduledParams struct {
	Text           string `json:"text"`
	InReplyToID    ID     `json:"in_reply_to_id,omitempty"`
	Visibility     string `json:"visibility,omitempty"`
	SpoilerText    string `json:"spoiler_text,omitempty"`
	Sensitive      bool   `json:"sensitive,omitempty"`
	Language       string `json:"language,omitempty"`
	ApplicationID  ID     `json:"application_id,omitempty"`
	IdempotencyKey string `json:"idempotency,omitempty"`
	// MediaIDs are the author's media to attach at publishing, in order; they
	// stay unattached until then.
	MediaIDs []ID `json:"media_ids,omitempty"`
	// Polls hook: the poll parameters (options, expires_in, multiple,
	// hide_totals) go here when agora has polls, and from here into
	// ScheduledStatus.params.poll on the wire and into the status at publishing.
}

// ScheduledStore persists scheduled statuses. Same error conventions as Store.
type ScheduledStore interface {
	// CreateScheduledStatus inserts s.
	CreateScheduledStatus(ctx context.Context, s *ScheduledStatus) error
	// ScheduledStatus returns the account's scheduled status. ENOTFOUND when it
	// does not exist or belongs to another account.
	ScheduledStatus(ctx context.Context, accountID, id ID) (*ScheduledStatus, error)
	// ScheduledStatuses lists the account's scheduled statuses, newest first,
	// paged by ID.
	ScheduledStatuses(ctx context.Context, accountID ID, p Page) ([]*ScheduledStatus, error)
	// CountScheduled returns how many statuses the account has scheduled in
	// all, and how many of them are due in [dayStart, dayEnd).
	CountScheduled(ctx context.Context, accountID ID, dayStart, dayEnd time.Time) (total, day int, err error)
	// RescheduleStatus sets the account's scheduled status's time to at.
	// ENOTFOUND as ScheduledStatus.
	RescheduleStatus(ctx context.Context, accountID, id ID, at time.Time) error
	// DeleteScheduledStatus removes the account's scheduled status. ENOTFOUND as
	// ScheduledStatus.
	DeleteScheduledStatus(ctx context.Context, accountID, id ID) error
	// ClaimDueStatuses claims up to limit scheduled statuses due at now (time
	// at or before now) that no one holds a claim on, for this caller until
	// leaseUntil, and returns them, earliest first. Of several callers (servers
	// on one database) each row goes to one only; a claim that lapses (its
	// holder stopped before DeleteScheduledStatus) lets the row be claimed again.
	ClaimDueStatuses(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*ScheduledStatus, error)
}
