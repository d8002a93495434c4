package agora

import (
	"context"
	"fmt"
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
	// Poll is the poll to attach when the status is published; nil for none
	// (and in rows kept before scheduled polls were).
	Poll *ScheduledPoll `json:"poll,omitempty"`
}

// ScheduledPoll is the poll of a scheduled status, as checked when it was
// scheduled. Its duration counts from publication, as in Mastodon: the poll
// made at publishing ends ExpiresIn seconds after it.
type ScheduledPoll struct {
	Options    []string `json:"options"`
	ExpiresIn  int64    `json:"expires_in"` // seconds
	Multiple   bool     `json:"multiple,omitempty"`
	HideTotals bool     `json:"hide_totals,omitempty"`
}

// NewScheduledPoll returns what is kept of n, which must be valid (n.Validate):
// its options trimmed and its duration in whole seconds.
func NewScheduledPoll(n *NewPoll) *ScheduledPoll {
	return &ScheduledPoll{Options: n.Trimmed(), ExpiresIn: int64(n.ExpiresIn / time.Second),
		Multiple: n.Multiple, HideTotals: n.HideTotals}
}

// NewPoll returns the poll to post, ending ExpiresIn after it is posted.
func (p *ScheduledPoll) NewPoll() *NewPoll {
	return &NewPoll{Options: append([]string(nil), p.Options...), ExpiresIn: time.Duration(p.ExpiresIn) * time.Second,
		Multiple: p.Multiple, HideTotals: p.HideTotals}
}

// ScheduleLimits are the most statuses one account may have scheduled: in all,
// and due on one UTC day.
type ScheduleLimits struct{ Total, Daily int }

// DefaultScheduleLimits are Mastodon's.
var DefaultScheduleLimits = ScheduleLimits{Total: MaxScheduledTotal, Daily: MaxScheduledDaily}

// Check returns the EUNPROCESSABLE of a new scheduled status when total are
// scheduled and onDay due on its day already, nil when it fits.
func (l ScheduleLimits) Check(total, onDay int) error {
	switch {
	case total >= l.Total:
		return ScheduleError(fmt.Sprintf("You have exceeded the limit of %d scheduled posts.", l.Total))
	case onDay >= l.Daily:
		return ScheduleError(fmt.Sprintf("You have exceeded the limit of %d scheduled posts for that day.", l.Daily))
	}
	return nil
}

// ScheduleError is the EUNPROCESSABLE of a scheduled time that is refused,
// naming scheduled_at as Mastodon's validation errors do.
func ScheduleError(msg string) error {
	return &Error{Code: EUNPROCESSABLE, Message: "Validation failed: " + msg,
		Details: map[string][]string{"scheduled_at": {"ERR_INVALID", msg}}}
}

// ScheduledStore persists scheduled statuses. Same error conventions as Store.
type ScheduledStore interface {
	// CreateScheduledStatus inserts s, unless the account has limits.Total
	// statuses scheduled or limits.Daily due on s's UTC day already
	// (EUNPROCESSABLE naming scheduled_at, limits.Check), or, when
	// s.Params.IdempotencyKey is set, a scheduled status made with that key
	// (ECONFLICT; ScheduledStatusByKey finds it); then nothing is written. The
	// checks and the insert are atomic: two requests at once cannot both pass.
	CreateScheduledStatus(ctx context.Context, s *ScheduledStatus, limits ScheduleLimits) error
	// ScheduledStatusByKey returns the account's scheduled status made with
	// the Idempotency-Key. ENOTFOUND when there is none (or key is "").
	ScheduledStatusByKey(ctx context.Context, accountID ID, key string) (*ScheduledStatus, error)
	// ScheduledStatus returns the account's scheduled status. ENOTFOUND when it
	// does not exist or belongs to another account.
	ScheduledStatus(ctx context.Context, accountID, id ID) (*ScheduledStatus, error)
	// ScheduledStatuses lists the account's scheduled statuses, newest first,
	// paged by ID.
	ScheduledStatuses(ctx context.Context, accountID ID, p Page) ([]*ScheduledStatus, error)
	// RescheduleStatus sets the account's scheduled status's time to at,
	// unless limits.Daily others are due on at's UTC day (EUNPROCESSABLE), as
	// atomically as CreateScheduledStatus. ENOTFOUND as ScheduledStatus.
	RescheduleStatus(ctx context.Context, accountID, id ID, at time.Time, limits ScheduleLimits) error
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
