package agora

import "time"

// StatusEdit is one revision of a status: what it read like from CreatedAt until
// the next revision. A status's history is its revisions, oldest first; the first
// is the status as posted and the last is the status as it reads now.
type StatusEdit struct {
	ID          ID
	StatusID    ID
	AccountID   ID
	Text        string
	Content     string
	SpoilerText string
	Sensitive   bool
	Language    string
	// Mentions are the accounts the revision mentions, so that a mention of an
	// account withheld from a viewer can be hidden in an old revision too.
	Mentions []ID
	// PollOptions are the poll's options in this revision; nil when it had none.
	PollOptions []string
	// MediaIDs are the attachments of this revision, in order. An edit deletes
	// the attachments it drops, so an older revision shows those of its
	// attachments the status still has.
	MediaIDs  []ID
	CreatedAt time.Time
}

// StatusUpdate is an edit of a status, stored in one transaction by
// EditStore.UpdateStatus.
type StatusUpdate struct {
	// Status is the status as edited: its Text, Content, SpoilerText, Sensitive,
	// Language, Tags, Mentions, EditedAt and HasPoll are stored, and its Media
	// attached in order (the author's, unattached or already the status's;
	// attachments it had that are not in Media are deleted, files aside), with
	// their descriptions and focal points; the rest is not. Media are updated in
	// place: pass copies.
	Status *Status
	// Poll is the status's poll after the edit (its Options, Multiple,
	// HideTotals, ExpiresAt); nil when it has none, which removes a poll it had.
	Poll *Poll
	// ResetVotes drops the votes of the poll: its options changed.
	ResetVotes bool
	// History are the revisions to append, oldest first: the status as it was
	// before its first edit, then the status as edited.
	History []*StatusEdit
	// Notes are the notifications the edit causes, written in its transaction.
	Notes []*Notification
	// DroppedMediaKeys is set by UpdateStatus: the file keys (originals and
	// previews) of the attachments the edit deleted, read in its transaction,
	// whose files the caller removes.
	DroppedMediaKeys []string
}
