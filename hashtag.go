package agora

import "time"

// TagUse is how a hashtag was used on one day (UTC): in how many statuses, by how
// many distinct accounts.
type TagUse struct {
	Day      time.Time
	Uses     int
	Accounts int
}

// TagTrend is a hashtag's recent use, for trends.
type TagTrend struct {
	Name     string
	Uses     int
	Accounts int
}

// Uncounted names the statuses that counts of a hashtag's use must leave out for
// one viewer: statuses with the IDs in Statuses and statuses by the accounts in
// Accounts, except statuses by Except (0: none). Who decides what a viewer may
// not see is the visibility gate; a store only leaves out what it is told. The
// zero value leaves out nothing.
type Uncounted struct {
	Statuses []ID
	Accounts []ID
	Except   ID
}

// None reports whether u leaves out nothing.
func (u Uncounted) None() bool { return len(u.Statuses) == 0 && len(u.Accounts) == 0 }

// TagFollow records that AccountID follows the hashtag Name (lowercase): public
// statuses carrying it reach the account's home feed.
type TagFollow struct {
	ID        ID
	AccountID ID
	Name      string
	CreatedAt time.Time
}

// AccountSearch selects accounts by text.
type AccountSearch struct {
	// Text matches a username prefix or any part of a display name, without case.
	Text string
	// FollowedBy restricts the result to accounts this account follows; 0: anyone.
	FollowedBy ID
	Limit      int
	Offset     int
}

// StatusSearch selects statuses by the words of their text.
type StatusSearch struct {
	// Text: every word must occur in the status (full-text match).
	Text string
	// AccountID restricts the result to this author; 0: anyone.
	AccountID ID
	// FollowedBy restricts the result to authors this account follows; 0: anyone.
	FollowedBy ID
	// MaxID, when not 0, returns only statuses older than it, to read further.
	MaxID  ID
	Limit  int
	Offset int
}
