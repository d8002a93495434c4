package agora

import "time"

// MarkKind is what an account did to a status: favourite, bookmark or pin. Stored;
// the list is append-only.
type MarkKind string

// Mark kinds.
const (
	MarkFavourite MarkKind = "favourite"
	MarkBookmark  MarkKind = "bookmark"
	MarkPin       MarkKind = "pin"
)

// MaxPins is how many statuses an account may pin, as Mastodon allows.
const MaxPins = 5

// StatusMark records that AccountID favourited, bookmarked or pinned StatusID.
// Lists of marks page by the mark's own ID, so "favourites" lists in the order the
// favourites were made.
type StatusMark struct {
	ID        ID
	Kind      MarkKind
	AccountID ID
	StatusID  ID
	CreatedAt time.Time
}

// ViewerFlags are what the viewer has done to one status.
type ViewerFlags struct {
	Favourited bool
	Reblogged  bool
	Bookmarked bool
	Pinned     bool
	// Muted is set when the viewer muted the status's conversation (thread). The
	// service sets it from ConversationStore.MutedThreads; MarkStore's
	// ViewerFlags leaves it false.
	Muted bool
}
