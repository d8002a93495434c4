package agora

import (
	"context"
	"time"
)

// The stores of the interactions issue. Same error conventions as Store: ENOTFOUND
// for a missing object, ECONFLICT for a uniqueness violation, EINTERNAL otherwise.

// MarkStore persists favourites, bookmarks and pins, and answers the per-viewer flags.
type MarkStore interface {
	// CreateMark inserts m; for a favourite it also increments the status's
	// favourites_count; and it inserts the notifications the mark causes, notes:
	// all in one transaction. ECONFLICT when the account has that mark on the
	// status already; ENOTFOUND when the status does not exist; then nothing is
	// written.
	CreateMark(ctx context.Context, m *StatusMark, notes ...*Notification) error
	// DeleteMark removes the mark (and decrements favourites_count for a
	// favourite). ENOTFOUND when there was none.
	DeleteMark(ctx context.Context, kind MarkKind, accountID, statusID ID) error
	// MarksByAccount lists the account's marks of the kind, newest first, paged by
	// mark ID.
	MarksByAccount(ctx context.Context, kind MarkKind, accountID ID, p Page) ([]*StatusMark, error)
	// MarksOnStatus lists the marks of the kind on the status, newest first, paged by
	// mark ID.
	MarksOnStatus(ctx context.Context, kind MarkKind, statusID ID, p Page) ([]*StatusMark, error)
	// CountMarks returns how many marks of the kind the account has.
	CountMarks(ctx context.Context, kind MarkKind, accountID ID) (int, error)
	// ViewerFlags returns, for each of the statuses, what the viewer did to it:
	// favourited, boosted (a boost by the viewer exists), bookmarked, pinned. Every
	// ID has an entry. A fixed number of round trips.
	ViewerFlags(ctx context.Context, viewer ID, statusIDs []ID) (map[ID]ViewerFlags, error)
	// AllViewerFlags returns the flags of every status the viewer has favourited,
	// boosted, bookmarked or pinned, keyed by status ID, with complete true, when
	// there are at most limit marks and boosts in all; otherwise nil and false. One
	// round trip; caches use it to answer ViewerFlags from memory.
	AllViewerFlags(ctx context.Context, viewer ID, limit int) (flags map[ID]ViewerFlags, complete bool, err error)
	// ReblogBy returns the account's boost of the status. ENOTFOUND when none.
	ReblogBy(ctx context.Context, accountID, statusID ID) (*Status, error)
	// Reblogs lists the boosts of the status, newest first, paged by boost ID.
	Reblogs(ctx context.Context, statusID ID, p Page) ([]*Status, error)
}

// RelationStore persists follow requests, blocks and mutes.
type RelationStore interface {
	// CreateFollowRequest inserts r and the notifications it causes, notes, in one
	// transaction. ECONFLICT when the request exists; then nothing is written.
	CreateFollowRequest(ctx context.Context, r *FollowRequest, notes ...*Notification) error
	// DeleteFollowRequest removes the request of account to follow target.
	// ENOTFOUND when there was none.
	DeleteFollowRequest(ctx context.Context, accountID, targetID ID) error
	// FollowRequests lists the requests to follow the target, newest first, paged by
	// request ID.
	FollowRequests(ctx context.Context, targetID ID, p Page) ([]*FollowRequest, error)
	// AcceptFollowRequest turns the request of f.AccountID to follow
	// f.TargetAccountID into the follow f, with counters, in one transaction.
	// ENOTFOUND when there is no such request.
	AcceptFollowRequest(ctx context.Context, f *Follow) error
	// CreateBlock inserts b and, in the same transaction, removes follows and follow
	// requests between the two accounts both ways (with counters). ECONFLICT when
	// the block exists.
	CreateBlock(ctx context.Context, b *Block) error
	// DeleteBlock removes the block. ENOTFOUND when there was none.
	DeleteBlock(ctx context.Context, accountID, targetID ID) error
	// Blocks lists the account's blocks, newest first, paged by block ID.
	Blocks(ctx context.Context, accountID ID, p Page) ([]*Block, error)
	// SaveMute inserts m, or updates Notifications and ExpiresAt of an existing mute
	// of the same target (keeping its ID, which is written back to m).
	SaveMute(ctx context.Context, m *Mute) error
	// DeleteMute removes the mute. ENOTFOUND when there was none.
	DeleteMute(ctx context.Context, accountID, targetID ID) error
	// Mutes lists the account's mutes (expired ones included), newest first, paged
	// by mute ID.
	Mutes(ctx context.Context, accountID ID, p Page) ([]*Mute, error)
	// AccountFilter returns what the account's blocks and mutes hide: accounts it
	// blocks, accounts blocking it, and accounts it mutes with mutes active at now.
	AccountFilter(ctx context.Context, accountID ID, now time.Time) (*AccountFilter, error)
}

// NotificationStore persists notifications. A notification caused by a write of
// another store (a status, a favourite, a follow) is written by that write, in
// its transaction, so that a crash cannot leave the cause without it.
type NotificationStore interface {
	// CreateNotifications inserts the notifications in one transaction, for
	// notifications that are the only write (their cause is stored already).
	CreateNotifications(ctx context.Context, ns []*Notification) error
	// Notifications lists the recipient's notifications q selects, newest first.
	Notifications(ctx context.Context, accountID ID, q NotificationQuery) ([]*Notification, error)
	// Notification returns the recipient's notification. ENOTFOUND when it does not
	// exist or belongs to someone else.
	Notification(ctx context.Context, accountID, id ID) (*Notification, error)
	// DismissNotification deletes the recipient's notification. ENOTFOUND as above.
	DismissNotification(ctx context.Context, accountID, id ID) error
	// ClearNotifications deletes all the recipient's notifications.
	ClearNotifications(ctx context.Context, accountID ID) error
	// CountNotifications counts the recipient's notifications with ID > afterID, up
	// to limit.
	CountNotifications(ctx context.Context, accountID, afterID ID, limit int) (int, error)
}

// TagStore answers questions about hashtags and persists tag follows.
type TagStore interface {
	// TagExists reports whether any status ever used the (lowercase) hashtag.
	TagExists(ctx context.Context, name string) (bool, error)
	// SearchTags returns used hashtags starting with prefix (lowercase), most used
	// first, then by name.
	SearchTags(ctx context.Context, prefix string, limit, offset int) ([]string, error)
	// TagHistory returns the use of the hashtag in public statuses per UTC day for
	// the days in [from, to), newest day first; days without use are included with
	// zeros. Statuses skip names are not counted.
	TagHistory(ctx context.Context, name string, from, to time.Time, skip Uncounted) ([]TagUse, error)
	// TagUses returns the use of each of the (lowercase) hashtags in public
	// statuses created at or after since: uses and distinct accounts, by name in
	// byte order; hashtags without use are absent. Statuses skip names are not
	// counted. One round trip however many names are given.
	TagUses(ctx context.Context, names []string, since time.Time, skip Uncounted) ([]TagTrend, error)
	// TrendingTags returns the hashtags used in public statuses since then, by
	// distinct accounts first, then by uses, then by name. At most limit.
	// Statuses skip names are not counted.
	TrendingTags(ctx context.Context, since time.Time, limit int, skip Uncounted) ([]TagTrend, error)
	// FollowTag records the follow; following twice keeps the first.
	FollowTag(ctx context.Context, f *TagFollow) error
	// UnfollowTag removes the follow; unfollowing a tag not followed is not an error.
	UnfollowTag(ctx context.Context, accountID ID, name string) error
	// FollowedTags lists the account's tag follows, newest first, paged by follow ID.
	FollowedTags(ctx context.Context, accountID ID, p Page) ([]*TagFollow, error)
	// FollowsTags reports which of the names the account follows.
	FollowsTags(ctx context.Context, accountID ID, names []string) (map[string]bool, error)
	// TagFollowerIDs returns the accounts following any of the names, each once.
	TagFollowerIDs(ctx context.Context, names []string) ([]ID, error)
}

// SearchStore finds accounts and statuses by text.
type SearchStore interface {
	// SearchAccounts returns accounts whose username starts with q.Text or whose
	// display name contains it, without case: an exact username match first, then
	// by followers, then by ID.
	SearchAccounts(ctx context.Context, q AccountSearch) ([]*Account, error)
	// SearchStatuses returns statuses (not boosts) whose text contains every word of
	// q.Text (full-text search: SQLite FTS5, PostgreSQL text search), newest first.
	SearchStatuses(ctx context.Context, q StatusSearch) ([]*Status, error)
}
