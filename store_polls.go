package agora

import (
	"context"
	"time"
)

// EditStore persists edits of statuses and their history. Same error conventions
// as Store.
type EditStore interface {
	// UpdateStatus stores u in one transaction: the edited fields of the status
	// (StatusUpdate says which), its tags and mentions replaced (the tags keeping
	// the status's creation time for history and trends), its full-text entry,
	// its poll created, changed or removed as u.Poll says (votes dropped when
	// u.ResetVotes or the poll is removed), and u.History appended. ENOTFOUND when
	// the status does not exist; ENOTFOUND also when a mentioned account does not.
	UpdateStatus(ctx context.Context, u *StatusUpdate) error
	// StatusEdits returns the revisions of the status, oldest first; none for a
	// status never edited. At most limit.
	StatusEdits(ctx context.Context, statusID ID, limit int) ([]*StatusEdit, error)
}

// PollStore persists polls and votes. A poll is created with its status
// (CreatePollStatus) and changed by UpdateStatus; it is deleted
// with its status. Same error conventions as Store.
type PollStore interface {
	// CreatePollStatus is CreateStatus for a status with a poll: s (HasPoll
	// set) and p (ID and AccountID those of s) in one transaction, with the
	// notifications notes as CreateStatus.
	CreatePollStatus(ctx context.Context, s *Status, p *Poll, idempotencyKey string, notes ...*Notification) error
	// Polls returns the polls of the statuses with the IDs that have one, keyed
	// by ID, with their counts. A fixed number of round trips.
	Polls(ctx context.Context, ids []ID) (map[ID]*Poll, error)
	// PollVotes returns the choices (option indexes, ascending) the account made
	// in each of the polls it voted in, keyed by poll ID. One round trip.
	PollVotes(ctx context.Context, accountID ID, pollIDs []ID) (map[ID][]int, error)
	// Vote records the account's ballot in the poll: one vote per choice, all in
	// one transaction. ECONFLICT when the account has voted in the poll already
	// (one ballot per account, whatever the poll allows), ENOTFOUND when there is
	// no such poll. It checks neither expiry nor choices: the service does.
	Vote(ctx context.Context, pollID, accountID ID, choices []int, at time.Time) error
	// EndablePolls returns up to limit polls that expired at or before now and
	// whose end is not announced yet (EndedAt zero), soonest expired first.
	EndablePolls(ctx context.Context, now time.Time, limit int) ([]*Poll, error)
	// PollVoters returns the accounts that voted in the poll, by ID.
	PollVoters(ctx context.Context, pollID ID) ([]ID, error)
	// EndPoll marks the poll's end announced at the time given and inserts the
	// notifications, in one transaction. ECONFLICT when it was announced before
	// (another node's sweep came first); ENOTFOUND when there is no such poll.
	EndPoll(ctx context.Context, pollID ID, at time.Time, ns []*Notification) error
}
