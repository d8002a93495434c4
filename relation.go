package agora

import "time"

// FollowRequest is a request to follow a locked account, waiting for its owner.
type FollowRequest struct {
	ID              ID
	AccountID       ID // who asks
	TargetAccountID ID // the locked account
	CreatedAt       time.Time
}

// Block records that AccountID blocks TargetAccountID: neither sees the other's
// statuses or notifications, and follows between them are removed.
type Block struct {
	ID              ID
	AccountID       ID
	TargetAccountID ID
	CreatedAt       time.Time
}

// Mute records that AccountID mutes TargetAccountID: the target's statuses leave the
// account's timelines, and with Notifications its notifications too.
type Mute struct {
	ID              ID
	AccountID       ID
	TargetAccountID ID
	Notifications   bool
	ExpiresAt       time.Time // zero: never
	CreatedAt       time.Time
}

// Active reports whether the mute applies at t.
func (m *Mute) Active(t time.Time) bool { return m.ExpiresAt.IsZero() || t.Before(m.ExpiresAt) }

// AccountFilter is what a viewer's blocks and mutes hide: every account the viewer
// blocks, is blocked by, or mutes. Read paths consult it through the visibility gate.
type AccountFilter struct {
	Blocking  map[ID]bool // accounts the viewer blocks
	BlockedBy map[ID]bool // accounts that block the viewer
	Muting    map[ID]bool // accounts the viewer mutes (active mutes only)
	// MutingNotifications are the muted accounts whose notifications are hidden too.
	MutingNotifications map[ID]bool
	// Until is when the first of the mutes above ends, after which the filter is
	// out of date; the zero time when none of them ends.
	Until time.Time
}

// Hides reports whether statuses of the account are hidden from the viewer.
func (f *AccountFilter) Hides(id ID) bool {
	return f != nil && (f.Blocking[id] || f.BlockedBy[id] || f.Muting[id])
}

// Blocks reports whether the viewer and the account block each other either way.
func (f *AccountFilter) Blocks(id ID) bool {
	return f != nil && (f.Blocking[id] || f.BlockedBy[id])
}
