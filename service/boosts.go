package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// Reblog boosts the status for the viewer and returns the boost, whose original is
// in the bundle. Boosting a boost boosts its original; boosting twice returns the
// first boost. audience ("" for public) is the boost's own audience: public,
// unlisted or private. Errors: ENOTFOUND when the status may not be seen,
// EUNPROCESSABLE for a direct status or another's private one, as Mastodon.
func (s *Posts) Reblog(ctx context.Context, v *visibility.Snapshot, id agora.ID, audience string) (*Bundle, error) {
	viewer := v.Viewer()
	orig, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if orig.ReblogOfID != 0 {
		if orig, err = s.visibleStatus(ctx, v, orig.ReblogOfID); err != nil {
			return nil, err
		}
	}
	switch {
	case orig.Visibility == agora.VisibilityDirect:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A direct status cannot be boosted.")
	case orig.Visibility == agora.VisibilityPrivate && orig.AccountID != viewer.ID:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A followers-only status of someone else cannot be boosted.")
	}
	vis, err := agora.ParseVisibility(audience)
	if err != nil || vis == agora.VisibilityDirect {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A boost's visibility must be public, unlisted or private.")
	}
	if orig.Visibility == agora.VisibilityPrivate {
		vis = agora.VisibilityPrivate // one's own followers-only status keeps its audience, as Mastodon
	}
	if f, err := v.Filter(ctx); err != nil {
		return nil, err
	} else if f.Blocks(orig.AccountID) {
		return nil, agora.Errorf(agora.EFORBIDDEN, "This action is not allowed: you and the author block each other.")
	}
	if existing, err := s.store.ReblogBy(ctx, viewer.ID, orig.ID); err == nil {
		return s.present(ctx, v, []*agora.Status{existing}, visibility.Direct)
	} else if agora.ErrorCode(err) != agora.ENOTFOUND {
		return nil, err
	}
	boost := &agora.Status{
		AccountID:  viewer.ID,
		Visibility: vis,
		ReblogOfID: orig.ID,
	}
	boost.ID = s.ids.New()
	boost.ThreadID = boost.ID
	boost.CreatedAt = boost.ID.Time()
	notes, err := s.newNotifications(ctx, &agora.Notification{AccountID: orig.AccountID, Type: agora.NotifyReblog, FromAccountID: viewer.ID, StatusID: orig.ID})
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateStatus(ctx, boost, "", notes...); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT { // a concurrent boost by the same viewer won
			if existing, err2 := s.store.ReblogBy(ctx, viewer.ID, orig.ID); err2 == nil {
				return s.present(ctx, v, []*agora.Status{existing}, visibility.Direct)
			}
		}
		return nil, err
	}
	if err := s.fanOut(ctx, boost); err != nil {
		s.log.WarnContext(ctx, "fan-out failed", "status", boost.ID, "err", err)
	}
	return s.present(ctx, v, []*agora.Status{boost}, visibility.Direct)
}

// Unreblog removes the viewer's boost of the status and returns the original.
// Unboosting a status not boosted is not an error. It works on a status withheld
// from the viewer too, so that the viewer can take back a boost, and then answers
// the withheld shell (visibility.Marks.Shell).
func (s *Posts) Unreblog(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	viewer := v.Viewer()
	orig, err := s.undoableOriginal(ctx, v, id)
	if err != nil {
		return nil, err
	}
	boost, err := s.store.ReblogBy(ctx, viewer.ID, orig.ID)
	switch agora.ErrorCode(err) {
	case "":
		if err := s.store.DeleteStatus(ctx, boost.ID); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
			return nil, err
		}
		s.withdrawBoost(ctx, boost)
	case agora.ENOTFOUND:
	default:
		return nil, err
	}
	return s.freshUndone(ctx, v, orig.ID)
}

// withdrawBoost takes a deleted boost out of the feeds and puts the remaining
// boosts of its original in its place (refillBoosts). Failures are logged: the
// boost is gone either way and a rebuilt feed is right.
func (s *core) withdrawBoost(ctx context.Context, boost *agora.Status) {
	if err := s.unFanOut(ctx, boost); err != nil {
		s.log.WarnContext(ctx, "removing a boost from feeds failed", "status", boost.ID, "err", err)
	}
	if err := s.refillBoosts(ctx, boost.ReblogOfID); err != nil {
		s.log.WarnContext(ctx, "putting other boosts in feeds failed", "status", boost.ReblogOfID, "err", err)
	}
}

// refillBoosts pushes the remaining boosts of the status, oldest first, into the
// feeds of their boosters' followers. A feed that showed a boost just removed gets
// the oldest other boost its reader follows, as Mastodon's feeds do and as a
// rebuilt feed would show; feeds holding the original or another boost of it are
// left alone by Push. Only the oldest boosts are considered.
func (s *core) refillBoosts(ctx context.Context, origID agora.ID) error {
	boosts, err := s.store.Reblogs(ctx, origID, agora.Page{MinID: 1, Limit: agora.MaxPageLimit})
	if err != nil {
		return err
	}
	for i := len(boosts) - 1; i >= 0; i-- { // newest first: walk from the oldest
		if err := s.fanOut(ctx, boosts[i]); err != nil {
			return err
		}
	}
	return nil
}

// RebloggedBy lists the accounts that boosted the status, newest boost first, paged
// by boost ID.
func (s *Posts) RebloggedBy(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*AccountPage, error) {
	if _, err := s.visibleStatus(ctx, v, id); err != nil {
		return nil, err
	}
	boosts, err := s.store.Reblogs(ctx, id, p.Normalize())
	if err != nil {
		return nil, err
	}
	ids := make([]agora.ID, len(boosts))
	cursors := make([]agora.ID, len(boosts))
	for i, b := range boosts {
		ids[i], cursors[i] = b.AccountID, b.ID
	}
	return s.accountPage(ctx, v, ids, cursors, visibility.List)
}
