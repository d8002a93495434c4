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
	Following  bool // the viewer follows the other account
	FollowedBy bool // the other account follows the viewer
}
