package visibility

import "agora"

// This file holds the audience rules: who may read a status whatever the
// withholding rules say. They are pure functions of their arguments.

// Mode says how blocks and mutes apply to a read.
type Mode int

const (
	// List is for timelines, threads, search and other lists: statuses by
	// accounts the viewer blocks, is blocked by or mutes are left out, and so are
	// statuses mentioning an account the viewer blocks. Lists of accounts leave
	// out accounts the viewer blocks or is blocked by.
	List Mode = iota
	// Direct is for a status fetched by ID and for an account's own statuses:
	// only an author who blocks the viewer hides them, as Mastodon has it. Lists
	// of accounts in this mode (followers, following) leave out only withheld
	// accounts.
	Direct
	// Public is List for the public and hashtag timelines and search: in
	// addition, statuses by accounts the platform limited (silenced) are left
	// out for viewers who do not follow them.
	Public
)

// MayRead applies the visibility rules, Mastodon's, given whether the viewer
// (nil: anonymous) follows the author:
//   - public and unlisted: everyone;
//   - private: the author, the author's followers and the accounts mentioned;
//   - direct: the author and the accounts mentioned.
func MayRead(viewer *agora.Account, st *agora.Status, follows bool) bool {
	switch st.Visibility {
	case agora.VisibilityPublic, agora.VisibilityUnlisted:
		return true
	}
	if viewer == nil {
		return false
	}
	if st.AccountID == viewer.ID || st.MentionsAccount(viewer.ID) {
		return true
	}
	return st.Visibility == agora.VisibilityPrivate && follows
}

// HiddenBy reports whether the viewer's blocks and mutes (f, nil for none) hide
// st in the mode. A viewer's own statuses are never hidden.
func HiddenBy(viewer *agora.Account, st *agora.Status, f *agora.AccountFilter, mode Mode) bool {
	if viewer == nil || f == nil || st.AccountID == viewer.ID {
		return false
	}
	if f.BlockedBy[st.AccountID] {
		return true
	}
	if mode == Direct {
		return false
	}
	if f.Hides(st.AccountID) {
		return true
	}
	for _, m := range st.Mentions {
		if f.Blocking[m] {
			return true
		}
	}
	return false
}

// needsFollow reports whether whether the viewer may read st depends on following
// its author: a private status of someone else that does not mention the viewer.
func needsFollow(viewer *agora.Account, st *agora.Status) bool {
	return st != nil && st.Visibility == agora.VisibilityPrivate && viewer != nil &&
		st.AccountID != viewer.ID && !st.MentionsAccount(viewer.ID)
}
