package service

import (
	"context"
	"time"

	"agora"
	"agora/visibility"
)

// maxMuteDuration bounds a timed mute.
const maxMuteDuration = 10 * 365 * 24 * time.Hour

// FollowRequests lists the accounts asking to follow the viewer, newest first,
// paged by request ID.
func (s *Accounts) FollowRequests(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*AccountPage, error) {
	viewer := v.Viewer()
	rs, err := s.store.FollowRequests(ctx, viewer.ID, p.Normalize())
	if err != nil {
		return nil, err
	}
	ids := make([]agora.ID, len(rs))
	cursors := make([]agora.ID, len(rs))
	for i, r := range rs {
		ids[i], cursors[i] = r.AccountID, r.ID
	}
	return s.accountPage(ctx, v, ids, cursors, visibility.List)
}

// AuthorizeFollowRequest accepts the request of the account to follow the viewer.
// ENOTFOUND when there is none.
func (s *Accounts) AuthorizeFollowRequest(ctx context.Context, v *visibility.Snapshot, from agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	f := &agora.Follow{ID: s.ids.New(), AccountID: from, TargetAccountID: viewer.ID, CreatedAt: s.now().UTC().Truncate(timePrecision)}
	if err := s.store.AcceptFollowRequest(ctx, f); err != nil {
		return agora.Relation{}, err
	}
	if err := s.feeds.Drop(ctx, from); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, from)
}

// RejectFollowRequest refuses the request of the account to follow the viewer.
// ENOTFOUND when there is none.
func (s *Accounts) RejectFollowRequest(ctx context.Context, v *visibility.Snapshot, from agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	if err := s.store.DeleteFollowRequest(ctx, from, viewer.ID); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, from)
}

// Block blocks the target for the viewer: follows and follow requests between them
// end, and neither sees the other's statuses or notifications. Blocking twice is not
// an error.
func (s *Accounts) Block(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	if target == viewer.ID {
		return agora.Relation{}, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot block yourself.")
	}
	if _, err := s.store.Account(ctx, target); err != nil {
		return agora.Relation{}, err
	}
	b := &agora.Block{ID: s.ids.New(), AccountID: viewer.ID, TargetAccountID: target, CreatedAt: s.now().UTC().Truncate(timePrecision)}
	if err := s.store.CreateBlock(ctx, b); err != nil && agora.ErrorCode(err) != agora.ECONFLICT {
		return agora.Relation{}, err
	}
	// The follows both ways ended: so do the memberships in each other's lists.
	for _, pair := range [][2]agora.ID{{viewer.ID, target}, {target, viewer.ID}} {
		if err := s.leaveLists(ctx, pair[0], pair[1]); err != nil {
			return agora.Relation{}, err
		}
	}
	if err := s.dropEndorsements(ctx, viewer.ID, target); err != nil { // the follows ended (profiles.go)
		return agora.Relation{}, err
	}
	for _, id := range []agora.ID{viewer.ID, target} {
		if err := s.feeds.Drop(ctx, id); err != nil {
			return agora.Relation{}, err
		}
	}
	return s.relation(ctx, v, target)
}

// Unblock ends the viewer's block of the target; unblocking one not blocked is not
// an error.
func (s *Accounts) Unblock(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	if _, err := s.store.Account(ctx, target); err != nil {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteBlock(ctx, viewer.ID, target); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, target)
}

// Mute mutes the target for the viewer, with its notifications when notifications
// is true, for duration (0: until unmuted). Muting again updates the mute.
func (s *Accounts) Mute(ctx context.Context, v *visibility.Snapshot, target agora.ID, notifications bool, duration time.Duration) (agora.Relation, error) {
	viewer := v.Viewer()
	if target == viewer.ID {
		return agora.Relation{}, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot mute yourself.")
	}
	if duration < 0 || duration > maxMuteDuration {
		return agora.Relation{}, agora.Errorf(agora.EINVALID, "Parameter duration must be from 0 (indefinite) to %d seconds.", int(maxMuteDuration.Seconds()))
	}
	if _, err := s.store.Account(ctx, target); err != nil {
		return agora.Relation{}, err
	}
	now := s.now().UTC().Truncate(timePrecision)
	m := &agora.Mute{ID: s.ids.New(), AccountID: viewer.ID, TargetAccountID: target, Notifications: notifications, CreatedAt: now}
	if duration > 0 {
		m.ExpiresAt = now.Add(duration)
	}
	if err := s.store.SaveMute(ctx, m); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, target)
}

// Unmute ends the viewer's mute of the target; unmuting one not muted is not an error.
func (s *Accounts) Unmute(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	if _, err := s.store.Account(ctx, target); err != nil {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteMute(ctx, viewer.ID, target); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, target)
}

// Blocks lists the accounts the viewer blocks, newest block first.
func (s *Accounts) Blocks(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*AccountPage, error) {
	viewer := v.Viewer()
	bs, err := s.store.Blocks(ctx, viewer.ID, p.Normalize())
	if err != nil {
		return nil, err
	}
	ids := make([]agora.ID, len(bs))
	cursors := make([]agora.ID, len(bs))
	for i, b := range bs {
		ids[i], cursors[i] = b.TargetAccountID, b.ID
	}
	page, err := s.loadAccounts(ctx, ids, cursors)
	if err != nil {
		return nil, err
	}
	// Accounts withheld in the viewer's country are left out, as from every list.
	if page.Accounts, page.Marks, err = v.Accounts(ctx, page.Accounts, visibility.Direct); err != nil {
		return nil, err
	}
	return page, nil
}

// Mutes lists the accounts the viewer mutes, newest mute first, with when each mute
// ends (zero: never). Mutes that have ended are left out, as Mastodon deletes them
// when they end; the page's cursors still cover them, so paging goes past them.
func (s *Accounts) Mutes(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*AccountPage, map[agora.ID]time.Time, error) {
	viewer := v.Viewer()
	ms, err := s.store.Mutes(ctx, viewer.ID, p.Normalize())
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	ids := make([]agora.ID, 0, len(ms))
	cursors := make([]agora.ID, len(ms))
	ends := map[agora.ID]time.Time{}
	for i, m := range ms {
		cursors[i] = m.ID
		if m.Active(now) {
			ids = append(ids, m.TargetAccountID)
			ends[m.TargetAccountID] = m.ExpiresAt
		}
	}
	page, err := s.loadAccounts(ctx, ids, cursors)
	if err != nil {
		return nil, nil, err
	}
	// Accounts withheld in the viewer's country are left out, as from every list.
	if page.Accounts, page.Marks, err = v.Accounts(ctx, page.Accounts, visibility.Direct); err != nil {
		return nil, nil, err
	}
	return page, ends, nil
}
