package service

import (
	"context"

	"agora"
)

// Follow makes viewer follow the target and adds the target's recent statuses to
// the viewer's home feed by rebuilding it. Following twice is not an error.
// Errors: ENOTFOUND for a missing target, EUNPROCESSABLE for following oneself.
func (s *Service) Follow(ctx context.Context, viewer *agora.Account, target agora.ID) (agora.Relation, error) {
	if target == viewer.ID {
		return agora.Relation{}, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot follow yourself.")
	}
	if _, err := s.store.Account(ctx, target); err != nil {
		return agora.Relation{}, err
	}
	f := &agora.Follow{ID: s.ids.New(), AccountID: viewer.ID, TargetAccountID: target, CreatedAt: s.now().UTC().Truncate(timePrecision)}
	if err := s.store.CreateFollow(ctx, f); err != nil && agora.ErrorCode(err) != agora.ECONFLICT {
		return agora.Relation{}, err
	}
	// Merge the followed account's statuses: the next read rebuilds the feed.
	if err := s.feeds.Drop(ctx, viewer.ID); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, viewer, target)
}

// Unfollow stops viewer following the target and takes the target's statuses out of
// the viewer's home feed. Unfollowing an account not followed is not an error.
func (s *Service) Unfollow(ctx context.Context, viewer *agora.Account, target agora.ID) (agora.Relation, error) {
	if _, err := s.store.Account(ctx, target); err != nil {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteFollow(ctx, viewer.ID, target); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	if err := s.feeds.Drop(ctx, viewer.ID); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, viewer, target)
}

func (s *Service) relation(ctx context.Context, viewer *agora.Account, target agora.ID) (agora.Relation, error) {
	rel, err := s.store.Relations(ctx, viewer.ID, []agora.ID{target})
	if err != nil {
		return agora.Relation{}, err
	}
	return rel[target], nil
}

// Relationships returns how the viewer stands to each account, in order; IDs of
// accounts that do not exist are left out, as Mastodon does.
func (s *Service) Relationships(ctx context.Context, viewer *agora.Account, ids []agora.ID) ([]agora.ID, map[agora.ID]agora.Relation, error) {
	found, err := s.store.Accounts(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var exist []agora.ID
	for _, id := range ids {
		if found[id] != nil {
			exist = append(exist, id)
		}
	}
	rel, err := s.store.Relations(ctx, viewer.ID, exist)
	if err != nil {
		return nil, nil, err
	}
	return exist, rel, nil
}

// AccountPage is a page of accounts with the IDs that page the list (follow IDs for
// followers and following), for the Link header.
type AccountPage struct {
	Accounts []*agora.Account
	// Cursor is, per returned account, the ID that pages the list.
	Cursor []agora.ID
}

// Followers lists the accounts following id, newest follow first.
func (s *Service) Followers(ctx context.Context, viewer *agora.Account, id agora.ID, p agora.Page) (*AccountPage, error) {
	if _, err := s.store.Account(ctx, id); err != nil {
		return nil, err
	}
	fs, err := s.store.Followers(ctx, id, p.Normalize())
	if err != nil {
		return nil, err
	}
	return s.followPage(ctx, fs, func(f *agora.Follow) agora.ID { return f.AccountID })
}

// Following lists the accounts id follows, newest follow first.
func (s *Service) Following(ctx context.Context, viewer *agora.Account, id agora.ID, p agora.Page) (*AccountPage, error) {
	if _, err := s.store.Account(ctx, id); err != nil {
		return nil, err
	}
	fs, err := s.store.Following(ctx, id, p.Normalize())
	if err != nil {
		return nil, err
	}
	return s.followPage(ctx, fs, func(f *agora.Follow) agora.ID { return f.TargetAccountID })
}

func (s *Service) followPage(ctx context.Context, fs []*agora.Follow, pick func(*agora.Follow) agora.ID) (*AccountPage, error) {
	ids := make([]agora.ID, len(fs))
	for i, f := range fs {
		ids[i] = pick(f)
	}
	accts, err := s.store.Accounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	page := &AccountPage{}
	for i, f := range fs {
		if a := accts[ids[i]]; a != nil {
			page.Accounts = append(page.Accounts, a)
			page.Cursor = append(page.Cursor, f.ID)
		}
	}
	return page, nil
}
