package agora

import (
	"context"
	"time"
)

// MaxAccountNoteLen bounds a private note on an account, as Mastodon bounds it.
const MaxAccountNoteLen = 2000

// Endorsement records that AccountID features TargetAccountID on its profile
// (Mastodon's account pin). It counts only while AccountID follows the target.
type Endorsement struct {
	ID              ID
	AccountID       ID
	TargetAccountID ID
	CreatedAt       time.Time
}

// ProfileRelation is what a viewer keeps about another account beside follows
// and blocks: a private note and whether the viewer endorses it.
type ProfileRelation struct {
	Note     string
	Endorsed bool // an endorsement exists and the viewer follows the account
}

// ProfileStore persists account notes and endorsements. Same error conventions
// as Store.
type ProfileStore interface {
	// SetAccountNote keeps the account's note on the target, or removes it when
	// comment is "". ENOTFOUND when either account does not exist.
	SetAccountNote(ctx context.Context, accountID, targetID ID, comment string, at time.Time) error
	// CreateEndorsement inserts e. ECONFLICT when the account endorses the
	// target already; ENOTFOUND when either account does not exist.
	CreateEndorsement(ctx context.Context, e *Endorsement) error
	// DeleteEndorsement removes the account's endorsement of the target.
	// ENOTFOUND when there was none.
	DeleteEndorsement(ctx context.Context, accountID, targetID ID) error
	// Endorsements lists the account's endorsements of accounts it follows,
	// newest first, paged by endorsement ID.
	Endorsements(ctx context.Context, accountID ID, p Page) ([]*Endorsement, error)
	// ProfileRelations returns the viewer's note on and endorsement of each of
	// others, keyed by ID; every ID in others has an entry. One round trip.
	ProfileRelations(ctx context.Context, viewer ID, others []ID) (map[ID]ProfileRelation, error)
	// Directory lists the discoverable accounts that are not suspended: by the
	// time of their last status, newest first (never posted last), when active,
	// else by creation, newest first; then by ID. limit from offset.
	Directory(ctx context.Context, active bool, offset, limit int) ([]*Account, error)
}
