package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// AdminAccounts lists the accounts q selects for a moderator, newest first,
// through the moderator's snapshot read past account limits
// (visibility.Snapshot.Moderating): accounts withheld from the moderator are
// left out (legal staff, admins among them, see them marked), suspended ones
// are not. EFORBIDDEN for
// viewers who may not moderate.
func (s *Moderation) AdminAccounts(ctx context.Context, v *visibility.Snapshot, q agora.AccountQuery) (*AccountPage, error) {
	if _, err := requireModerator(v); err != nil {
		return nil, err
	}
	v = v.Moderating() // suspended accounts are listed to moderators
	q.Page = q.Page.Normalize()
	list, err := s.store.ListAccounts(ctx, q)
	if err != nil {
		return nil, err
	}
	cursors := make([]agora.ID, len(list))
	for i, a := range list {
		cursors[i] = a.ID
	}
	visible, marks, err := v.Accounts(ctx, list, visibility.Direct)
	if err != nil {
		return nil, err
	}
	return &AccountPage{Accounts: visible, Marks: marks, Span: spanOf(cursors)}, nil
}

// AdminAccount returns one account for a moderator, suspended or not.
// EFORBIDDEN for viewers
// who may not moderate, ENOTFOUND, EWITHHELD when it is withheld from the
// moderator.
func (s *Moderation) AdminAccount(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, visibility.Marks, error) {
	if _, err := requireModerator(v); err != nil {
		return nil, visibility.Marks{}, err
	}
	return s.account(ctx, v.Moderating(), id)
}
