package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// Limits of GET /api/v1/accounts/familiar_followers.
const (
	MaxFamiliarTargets  = 40 // accounts asked about in one request
	maxFamiliarAccounts = 80 // familiar followers shown for each
)

// Familiar is the accounts the viewer follows that follow one account.
type Familiar struct {
	ID       agora.ID
	Accounts *AccountPage
}

// FamiliarFollowers returns, for each of ids in order, the accounts the viewer
// follows that also follow it (at most 80 each), read through the gate: IDs of
// accounts that do not exist or are withheld from the viewer are left out, as
// Relationships leaves them out, and so are withheld followers. More than
// MaxFamiliarTargets IDs is EINVALID.
func (s *Accounts) FamiliarFollowers(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) ([]Familiar, error) {
	if len(ids) > MaxFamiliarTargets {
		return nil, agora.Errorf(agora.EINVALID, "Parameter id[] takes at most %d accounts.", MaxFamiliarTargets)
	}
	exist, _, err := s.Relationships(ctx, v, ids) // the same gate as relationships
	if err != nil {
		return nil, err
	}
	out := make([]Familiar, 0, len(exist))
	if len(exist) == 0 {
		return out, nil
	}
	following, err := s.store.FollowingIDs(ctx, v.Viewer().ID)
	if err != nil {
		return nil, err
	}
	followed := make(map[agora.ID]bool, len(following))
	for _, id := range following {
		followed[id] = true
	}
	for _, target := range exist {
		followers, err := s.store.FollowerIDs(ctx, target)
		if err != nil {
			return nil, err
		}
		var common []agora.ID
		for _, id := range followers {
			if followed[id] && len(common) < maxFamiliarAccounts {
				common = append(common, id)
			}
		}
		page, err := s.accountPage(ctx, v, common, common, visibility.List)
		if err != nil {
			return nil, err
		}
		out = append(out, Familiar{ID: target, Accounts: page})
	}
	return out, nil
}

// Limits of GET /api/v1/directory, as Mastodon has them.
const (
	MaxDirectoryLimit  = 80
	MaxDirectoryOffset = 10000 // bounds the work of one request
)

// Directory lists the discoverable accounts (the profile directory), ordered
// by their last status when active, else newest first, from offset; accounts
// withheld from the viewer are left out, as from every list. agora has local
// accounts only, so local changes nothing.
func (s *Accounts) Directory(ctx context.Context, v *visibility.Snapshot, active bool, offset, limit int) (*AccountPage, error) {
	list, err := s.store.Directory(ctx, active, offset, limit)
	if err != nil {
		return nil, err
	}
	shown, marks, err := v.Accounts(ctx, list, visibility.List)
	if err != nil {
		return nil, err
	}
	return &AccountPage{Accounts: shown, Marks: marks}, nil
}
