package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// Follow makes viewer follow the target, or, when the target is locked, asks to.
// The target is notified (follow or follow_request). A new follow rebuilds the
// viewer's home feed on its next read, so the target's recent statuses appear.
// Following twice is not an error. Errors: ENOTFOUND for a missing target,
// EUNPROCESSABLE for following oneself, EWITHHELD (the notice of the account's
// page) when the target is withheld from the viewer, EFORBIDDEN when a block
// stands between them.
func (s *Accounts) Follow(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	if target == viewer.ID {
		return agora.Relation{}, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot follow yourself.")
	}
	t, err := s.store.Account(ctx, target)
	if err != nil {
		return agora.Relation{}, err
	}
	if _, err := v.Account(t); err != nil {
		return agora.Relation{}, err
	}
	rel, err := s.relation(ctx, v, target)
	if err != nil {
		return agora.Relation{}, err
	}
	switch {
	case rel.Blocking || rel.BlockedBy:
		return agora.Relation{}, agora.Errorf(agora.EFORBIDDEN, "This action is not allowed: you and this account block each other.")
	case rel.Following || rel.Requested:
		return rel, nil
	}
	now := s.now().UTC().Truncate(timePrecision)
	typ := agora.NotifyFollow
	if t.Locked {
		typ = agora.NotifyFollowRequest
	}
	notes, err := s.newNotifications(ctx, &agora.Notification{AccountID: target, Type: typ, FromAccountID: viewer.ID})
	if err != nil {
		return agora.Relation{}, err
	}
	if t.Locked {
		r := &agora.FollowRequest{ID: s.ids.New(), AccountID: viewer.ID, TargetAccountID: target, CreatedAt: now}
		// A request made before has made its notification with it.
		err := writeFresh(func() error { return s.store.CreateFollowRequest(ctx, r, notes...) },
			func() { r.ID = s.ids.New(); s.renewIDs(notes) })
		if err != nil && !exists(err) {
			return agora.Relation{}, err
		}
		return s.relation(ctx, v, target)
	}
	f := &agora.Follow{ID: s.ids.New(), AccountID: viewer.ID, TargetAccountID: target, CreatedAt: now}
	err = writeFresh(func() error { return s.store.CreateFollow(ctx, f, notes...) },
		func() { f.ID = s.ids.New(); s.renewIDs(notes) })
	if err != nil && !exists(err) {
		return agora.Relation{}, err
	}
	// Merge the followed account's statuses: the next read rebuilds the feed.
	if err := s.feeds.Drop(ctx, viewer.ID); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, target)
}

// Unfollow stops viewer following the target (or withdraws the request to) and takes
// the target's statuses out of the viewer's home feed. Unfollowing an account not
// followed is not an error.
func (s *Accounts) Unfollow(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	if _, err := s.store.Account(ctx, target); err != nil {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteFollow(ctx, viewer.ID, target); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteFollowRequest(ctx, viewer.ID, target); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	if err := s.leaveLists(ctx, viewer.ID, target); err != nil {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteEndorsement(ctx, viewer.ID, target); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err // the endorsement ends with the follow (profiles.go)
	}
	if err := s.feeds.Drop(ctx, viewer.ID); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, target)
}

func (s *core) relation(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	rel, err := s.store.Relations(ctx, viewer.ID, []agora.ID{target})
	if err != nil {
		return agora.Relation{}, err
	}
	if err := s.addProfileRelations(ctx, viewer.ID, rel); err != nil { // profiles.go
		return agora.Relation{}, err
	}
	return rel[target], nil
}

// Relationships returns how the viewer stands to each account, in order; IDs of
// accounts that do not exist are left out, as Mastodon does, and so are those of
// accounts withheld from the viewer, whose pages answer 451: a relationship says
// no more than the account's page.
func (s *Accounts) Relationships(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) ([]agora.ID, map[agora.ID]agora.Relation, error) {
	viewer := v.Viewer()
	found, err := s.store.Accounts(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	list := make([]*agora.Account, 0, len(ids))
	for _, id := range ids {
		if a := found[id]; a != nil {
			list = append(list, a)
		}
	}
	shown, _, err := v.Accounts(ctx, list, visibility.Direct)
	if err != nil {
		return nil, nil, err
	}
	exist := make([]agora.ID, len(shown))
	for i, a := range shown {
		exist[i] = a.ID
	}
	rel, err := s.store.Relations(ctx, viewer.ID, exist)
	if err != nil {
		return nil, nil, err
	}
	if err := s.addProfileRelations(ctx, viewer.ID, rel); err != nil { // profiles.go
		return nil, nil, err
	}
	return exist, rel, nil
}

// Followers lists the accounts following id, newest follow first.
func (s *Accounts) Followers(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*AccountPage, error) {
	if _, _, err := s.Account(ctx, v, id); err != nil {
		return nil, err
	}
	fs, err := s.store.Followers(ctx, id, p.Normalize())
	if err != nil {
		return nil, err
	}
	return s.followPage(ctx, v, fs, func(f *agora.Follow) agora.ID { return f.AccountID })
}

// Following lists the accounts id follows, newest follow first.
func (s *Accounts) Following(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*AccountPage, error) {
	if _, _, err := s.Account(ctx, v, id); err != nil {
		return nil, err
	}
	fs, err := s.store.Following(ctx, id, p.Normalize())
	if err != nil {
		return nil, err
	}
	return s.followPage(ctx, v, fs, func(f *agora.Follow) agora.ID { return f.TargetAccountID })
}

func (s *Accounts) followPage(ctx context.Context, v *visibility.Snapshot, fs []*agora.Follow, pick func(*agora.Follow) agora.ID) (*AccountPage, error) {
	ids := make([]agora.ID, len(fs))
	cursors := make([]agora.ID, len(fs))
	for i, f := range fs {
		ids[i], cursors[i] = pick(f), f.ID
	}
	return s.accountPage(ctx, v, ids, cursors, visibility.List)
}
