package agora

import "context"

// FeedLen is how many status IDs a home feed keeps; older entries fall off, and a
// reader paging past them is served from the database.
const FeedLen = 800

// FeedEntry is one status in a feed, with the status it boosts (0 for an original),
// so a feed can keep a boost out when it already holds the original or another boost
// of it.
type FeedEntry struct {
	ID       ID
	ReblogOf ID
	// ViaTag is set when the status is in the feed only because the reader follows
	// one of its hashtags, so a rule withholding the hashtag can keep it out.
	ViaTag bool
}

// FeedCache holds home feeds as lists of status IDs, newest first. It is a cache:
// the database is the source of truth and a missing feed is rebuilt from it.
//
// A feed is rebuilt in two steps so no push is lost while the database is read:
// Begin marks the feed as being built (pushes from then on are kept), the caller reads
// the database, and Fill merges what it read with what was pushed meanwhile.
type FeedCache interface {
	// Feed returns the feed of the account, newest first, and whether it is complete
	// (false when it is missing or still being built).
	Feed(ctx context.Context, accountID ID) (entries []FeedEntry, ok bool, err error)
	// FeedPage returns the part of the feed the page selects, newest first: with
	// MinID, the p.Limit oldest entries above it; otherwise the p.Limit newest;
	// always within MaxID, SinceID and MinID (Page.Contains). ok as for Feed. It
	// costs the page, not the feed.
	FeedPage(ctx context.Context, accountID ID, p Page) (entries []FeedEntry, ok bool, err error)
	// Push inserts e into the feeds of the accounts that have one (complete or being
	// built); accounts without a feed are skipped. A boost is not inserted into a
	// feed that holds its original or another boost of it, as Mastodon keeps a
	// reader from seeing the same post twice.
	Push(ctx context.Context, accountIDs []ID, e FeedEntry) error
	// Remove takes statusID out of the feeds of the accounts.
	Remove(ctx context.Context, accountIDs []ID, statusID ID) error
	// Begin starts building the feed of the account.
	Begin(ctx context.Context, accountID ID) error
	// Fill completes the feed of the account with entries (any order), merged with
	// the entries pushed since Begin, applying Push's rule for boosts from the
	// oldest entry up.
	Fill(ctx context.Context, accountID ID, entries []FeedEntry) error
	// Drop forgets the feed of the account; the next read rebuilds it.
	Drop(ctx context.Context, accountID ID) error
}
