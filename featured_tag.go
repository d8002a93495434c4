package agora

import (
	"context"
	"time"
)

// FeaturedTag is a hashtag an account features on its profile, with the use
// the account made of it: its public and unlisted statuses (boosts aside)
// carrying the hashtag, and when the newest of them was posted.
type FeaturedTag struct {
	ID            ID
	AccountID     ID
	Name          string // lowercase, without '#'
	CreatedAt     time.Time
	StatusesCount int        // read only
	LastStatusAt  *time.Time // read only; nil when none
}

// FeaturedTagStore persists featured hashtags. Same error conventions as Store.
type FeaturedTagStore interface {
	// CreateFeaturedTag inserts f (ID, AccountID, Name, CreatedAt). ECONFLICT
	// when the account features the hashtag already; ENOTFOUND when the
	// account does not exist.
	CreateFeaturedTag(ctx context.Context, f *FeaturedTag) error
	// DeleteFeaturedTag removes the account's featured tag with the ID.
	// ENOTFOUND when the account has none with it.
	DeleteFeaturedTag(ctx context.Context, accountID, id ID) error
	// FeaturedTags lists the account's featured tags with their use, oldest
	// first. One round trip.
	FeaturedTags(ctx context.Context, accountID ID) ([]*FeaturedTag, error)
}
