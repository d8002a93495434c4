package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// Favourite marks the status as a favourite of the viewer and notifies its author.
// Favouriting twice is not an error. It returns the status with fresh counters.
func (s *Posts) Favourite(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	return s.mark(ctx, v, agora.MarkFavourite, id)
}

// Unfavourite removes the viewer's favourite; removing none is not an error.
func (s *Posts) Unfavourite(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	return s.unmark(ctx, v, agora.MarkFavourite, id)
}

// Bookmark bookmarks the status for the viewer; twice is not an error.
func (s *Posts) Bookmark(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	return s.mark(ctx, v, agora.MarkBookmark, id)
}

// Unbookmark removes the viewer's bookmark; removing none is not an error.
func (s *Posts) Unbookmark(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	return s.unmark(ctx, v, agora.MarkBookmark, id)
}

// Pin pins the viewer's own status to their profile. Errors: EUNPROCESSABLE for
// another's status, a boost, a direct status, or past agora.MaxPins pins.
func (s *Posts) Pin(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	viewer := v.Viewer()
	st, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	switch {
	case st.AccountID != viewer.ID:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You can pin only your own statuses.")
	case st.ReblogOfID != 0:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A boost cannot be pinned.")
	case st.Visibility == agora.VisibilityDirect:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A direct status cannot be pinned.")
	}
	n, err := s.store.CountMarks(ctx, agora.MarkPin, viewer.ID)
	if err != nil {
		return nil, err
	}
	if n >= agora.MaxPins {
		flags, err := s.store.ViewerFlags(ctx, viewer.ID, []agora.ID{st.ID})
		if err != nil {
			return nil, err
		}
		if flags[st.ID].Pinned { // pinning twice is not an error, at the limit too
			return s.fresh(ctx, v, st.ID)
		}
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You have already pinned the maximum number of statuses (%d).", agora.MaxPins)
	}
	return s.mark(ctx, v, agora.MarkPin, id)
}

// Unpin unpins the viewer's status; unpinning one not pinned is not an error.
// Only one's own statuses are pinned, and owners are not withheld from, so
// unlike unmark it answers 451 for a status withheld from the viewer.
func (s *Posts) Unpin(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	st, err := s.visibleOriginal(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if err := s.store.DeleteMark(ctx, agora.MarkPin, v.Viewer().ID, st.ID); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return nil, err
	}
	return s.fresh(ctx, v, st.ID)
}

// mark adds the viewer's mark of the kind to the status (the original, for a boost).
func (s *Posts) mark(ctx context.Context, v *visibility.Snapshot, kind agora.MarkKind, id agora.ID) (*Bundle, error) {
	viewer := v.Viewer()
	st, err := s.visibleOriginal(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if kind == agora.MarkFavourite {
		if f, err := v.Filter(ctx); err != nil {
			return nil, err
		} else if f.Blocks(st.AccountID) {
			return nil, agora.Errorf(agora.EFORBIDDEN, "This action is not allowed: you and the author block each other.")
		}
	}
	var notes []*agora.Notification
	if kind == agora.MarkFavourite {
		if notes, err = s.newNotifications(ctx, &agora.Notification{AccountID: st.AccountID, Type: agora.NotifyFavourite, FromAccountID: viewer.ID, StatusID: st.ID}); err != nil {
			return nil, err
		}
	}
	m := &agora.StatusMark{ID: s.ids.New(), Kind: kind, AccountID: viewer.ID, StatusID: st.ID, CreatedAt: s.now().UTC().Truncate(timePrecision)}
	// A mark made before has made its notification with it.
	err = writeFresh(func() error { return s.store.CreateMark(ctx, m, notes...) },
		func() { m.ID = s.ids.New(); s.renewIDs(notes) })
	if err != nil && !exists(err) {
		return nil, err
	}
	return s.fresh(ctx, v, st.ID)
}

// unmark removes the viewer's mark of the kind from the status (the original,
// for a boost). It works on a status withheld from the viewer too, so that what
// the viewer did stays undoable, and then answers the withheld shell.
func (s *Posts) unmark(ctx context.Context, v *visibility.Snapshot, kind agora.MarkKind, id agora.ID) (*Bundle, error) {
	viewer := v.Viewer()
	st, err := s.undoableOriginal(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if err := s.store.DeleteMark(ctx, kind, viewer.ID, st.ID); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return nil, err
	}
	return s.freshUndone(ctx, v, st.ID)
}

// undoableOriginal is visibleOriginal for undoing an action: the audience rules
// apply, the withholding rules do not refuse (visibility.Snapshot.Undoable).
func (s *Posts) undoableOriginal(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Status, error) {
	st, err := s.store.Status(ctx, id)
	if err != nil {
		return nil, err
	}
	kept, err := v.Undoable(ctx, st)
	if err != nil || st.ReblogOfID == 0 {
		return st, err
	}
	if o := kept.Originals[st.ReblogOfID]; o != nil {
		return o, nil
	}
	return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
}

// freshUndone is fresh after undoing an action: a status withheld from the
// viewer is presented as its withheld shell (visibility.Marks.Shell).
func (s *Posts) freshUndone(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	st, err := s.store.Status(ctx, id)
	if err != nil {
		return nil, err
	}
	kept, err := v.Undoable(ctx, st)
	if err != nil {
		return nil, err
	}
	return s.bundle(ctx, v.Viewer(), kept)
}

// visibleOriginal returns the status the viewer may see, or its original for a boost.
func (s *Posts) visibleOriginal(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Status, error) {
	st, err := s.visibleStatus(ctx, v, id)
	if err != nil || st.ReblogOfID == 0 {
		return st, err
	}
	return s.visibleStatus(ctx, v, st.ReblogOfID)
}

// fresh re-reads a status the viewer has just acted on (for its counters) and
// presents it through the gate, which may have changed since.
func (s *Posts) fresh(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	st, err := s.store.Status(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.presentOne(ctx, v, st)
}

// MarkedStatuses lists the viewer's favourites or bookmarks, newest mark first. The
// span is that of the marks read (mark IDs), so paging continues past statuses the
// gate left out.
func (s *Posts) MarkedStatuses(ctx context.Context, v *visibility.Snapshot, kind agora.MarkKind, p agora.Page) (*Bundle, Span, error) {
	viewer := v.Viewer()
	marks, err := s.store.MarksByAccount(ctx, kind, viewer.ID, p.Normalize())
	if err != nil {
		return nil, Span{}, err
	}
	ids := make([]agora.ID, len(marks))
	cursors := make([]agora.ID, len(marks))
	for i, m := range marks {
		ids[i], cursors[i] = m.StatusID, m.ID
	}
	b, err := s.presentIDs(ctx, v, ids, visibility.List)
	if err != nil {
		return nil, Span{}, err
	}
	return b, spanOf(cursors), nil
}

// FavouritedBy lists the accounts that favourited the status, newest first, paged
// by favourite ID.
func (s *Posts) FavouritedBy(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*AccountPage, error) {
	st, err := s.visibleOriginal(ctx, v, id)
	if err != nil {
		return nil, err
	}
	marks, err := s.store.MarksOnStatus(ctx, agora.MarkFavourite, st.ID, p.Normalize())
	if err != nil {
		return nil, err
	}
	ids := make([]agora.ID, len(marks))
	cursors := make([]agora.ID, len(marks))
	for i, m := range marks {
		ids[i], cursors[i] = m.AccountID, m.ID
	}
	return s.accountPage(ctx, v, ids, cursors, visibility.List)
}

// PinnedStatuses returns the account's pinned statuses the viewer may see, newest
// pin first.
func (s *Posts) PinnedStatuses(ctx context.Context, v *visibility.Snapshot, accountID agora.ID) (*Bundle, error) {
	if _, _, err := s.account(ctx, v, accountID); err != nil {
		return nil, err
	}
	marks, err := s.store.MarksByAccount(ctx, agora.MarkPin, accountID, agora.Page{Limit: agora.MaxPins})
	if err != nil {
		return nil, err
	}
	ids := make([]agora.ID, len(marks))
	for i, m := range marks {
		ids[i] = m.StatusID
	}
	return s.presentIDs(ctx, v, ids, visibility.List)
}
