package agora

import "time"

// Follow records that AccountID follows TargetAccountID.
type Follow struct {
	ID              ID
	AccountID       ID
	TargetAccountID ID
	CreatedAt       time.Time
}

// Relation is how a viewer and one other account stand to each other.
type Relation struct {
	Following           bool   // the viewer follows the other account
	FollowedBy          bool   // the other account follows the viewer
	Requested           bool   // the viewer asked to follow the other (locked) account
	RequestedBy         bool   // the other account asked to follow the viewer
	Blocking            bool   // the viewer blocks the other account
	BlockedBy           bool   // the other account blocks the viewer
	Muting              bool   // the viewer mutes the other account (an active mute)
	MutingNotifications bool   // ... and its notifications
	Endorsed            bool   // the viewer features the other account on its profile
	Note                string // the viewer's private note on the other account
}
