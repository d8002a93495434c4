package agora

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Limits on lists, as Mastodon has them where it has them: at most MaxLists lists
// per account; a title of at most MaxListTitle characters (Mastodon has no limit,
// agora bounds every input); at most MaxListMembers accounts per list; and at
// most MaxListLimit accounts added or removed by one request.
const (
	MaxLists       = 50
	MaxListTitle   = 100
	MaxListMembers = 1000
)

// RepliesPolicy says which replies (to someone other than their author) a list's
// timeline shows. Stored: append-only.
type RepliesPolicy string

// The replies policies of a list, as Mastodon's.
const (
	// RepliesFollowed shows replies to any account the list's owner follows.
	RepliesFollowed RepliesPolicy = "followed"
	// RepliesList shows replies to the list's members (the default).
	RepliesList RepliesPolicy = "list"
	// RepliesNone shows no replies to others.
	RepliesNone RepliesPolicy = "none"
)

// Valid reports whether p is one of the policies.
func (p RepliesPolicy) Valid() bool {
	return p == RepliesFollowed || p == RepliesList || p == RepliesNone
}

// List is an account's named group of accounts it follows, with its own timeline.
// Replies to the list's owner are shown whatever the policy. The posts of an
// exclusive list's members are left out of the owner's home feed.
type List struct {
	ID            ID
	AccountID     ID // the owner
	Title         string
	RepliesPolicy RepliesPolicy
	Exclusive     bool
	CreatedAt     time.Time
}

// ListMember is an account in a list; its ID orders a list's members for paging.
type ListMember struct {
	ID        ID
	ListID    ID
	AccountID ID
	CreatedAt time.Time
}

// ListStore persists lists and their members. The service decides who may add
// whom; the store keeps the limits it is given in the same transaction as the
// write, so two requests at once cannot pass them.
type ListStore interface {
	// CreateList inserts l unless its owner has max lists already
	// (EUNPROCESSABLE then).
	CreateList(ctx context.Context, l *List, max int) error
	// List returns the list with the ID.
	List(ctx context.Context, id ID) (*List, error)
	// Lists returns the account's lists, oldest first.
	Lists(ctx context.Context, accountID ID) ([]*List, error)
	// UpdateList stores the title, replies policy and exclusive flag of l.
	// ENOTFOUND when it does not exist.
	UpdateList(ctx context.Context, l *List) error
	// DeleteList deletes the list and its members. ENOTFOUND when it does not
	// exist.
	DeleteList(ctx context.Context, id ID) error
	// AddListMembers adds the members (their ListID all the list's) in one
	// transaction, keeping those that are members already (whose ID and CreatedAt
	// stay); EUNPROCESSABLE, adding none, when the list would then have more than
	// max members; ENOTFOUND when the list or an account does not exist.
	AddListMembers(ctx context.Context, listID ID, members []*ListMember, max int) error
	// RemoveListMembers removes the accounts from the list; accounts that are not
	// members are skipped.
	RemoveListMembers(ctx context.Context, listID ID, accountIDs []ID) error
	// ListMembers lists the list's members, newest first, paged by member ID.
	ListMembers(ctx context.Context, listID ID, p Page) ([]*ListMember, error)
	// ListMemberIDs returns the IDs of every account in the list.
	ListMemberIDs(ctx context.Context, listID ID) ([]ID, error)
	// ListsWithMember returns every list the account is a member of, of any owner,
	// by ID.
	ListsWithMember(ctx context.Context, accountID ID) ([]*List, error)
	// LeaveLists removes the account from every list of the owner and returns
	// the IDs of the lists it left.
	LeaveLists(ctx context.Context, ownerID, accountID ID) ([]ID, error)
	// ExclusiveMemberIDs returns the accounts in any exclusive list of the owner,
	// each once, in ID order.
	ExclusiveMemberIDs(ctx context.Context, ownerID ID) ([]ID, error)
	// ListCandidates returns, newest first, up to limit statuses with IDs above
	// since by the list's members that are not direct, partial as
	// HomeCandidates's (ID, AccountID, InReplyToAccountID, ReblogOfID,
	// Visibility, CreatedAt), for rebuilding the list's feed.
	ListCandidates(ctx context.Context, listID ID, limit int, since ID) ([]*Status, error)
}

// Validate checks the title (not blank, at most MaxListTitle characters) and the
// replies policy: EUNPROCESSABLE naming the fields that fail.
func (l *List) Validate() error {
	var errs []error
	switch n := len([]rune(l.Title)); {
	case strings.TrimSpace(l.Title) == "":
		errs = append(errs, fieldError("title", "ERR_BLANK", "Title can't be blank."))
	case n > MaxListTitle:
		errs = append(errs, fieldError("title", "ERR_TOO_LONG", fmt.Sprintf("Title is too long (maximum is %d characters).", MaxListTitle)))
	}
	if !l.RepliesPolicy.Valid() {
		errs = append(errs, fieldError("replies_policy", "ERR_INVALID", "Replies policy is not one of followed, list, none."))
	}
	return ValidationFailed(errs...)
}
