package service

import (
	"context"

	"agora"
)

// This file is the one visibility gate: every read path that returns statuses calls
// visible (lists) or canSee (single status) and nothing else decides who sees a
// status.

// visible returns the statuses of list that viewer (nil: anonymous) may see, in
// order. Mastodon's rules:
//   - public and unlisted: everyone;
//   - private: the author, the author's followers and the accounts mentioned;
//   - direct: the author and the accounts mentioned.
//
// It looks up the follow relations it needs in one round trip.
func (s *Service) visible(ctx context.Context, viewer *agora.Account, list []*agora.Status) ([]*agora.Status, error) {
	var need []agora.ID // authors of private statuses whose visibility depends on following
	for _, st := range list {
		if st.Visibility == agora.VisibilityPrivate && viewer != nil && st.AccountID != viewer.ID && !st.MentionsAccount(viewer.ID) {
			need = append(need, st.AccountID)
		}
	}
	var rel map[agora.ID]agora.Relation
	if len(need) > 0 {
		var err error
		if rel, err = s.store.Relations(ctx, viewer.ID, need); err != nil {
			return nil, err
		}
	}
	out := list[:0:0]
	for _, st := range list {
		if mayRead(viewer, st, rel[st.AccountID].Following) {
			out = append(out, st)
		}
	}
	return out, nil
}

// canSee is visible for one status. A failure to look up relations hides the status.
func (s *Service) canSee(ctx context.Context, viewer *agora.Account, st *agora.Status) bool {
	v, err := s.visible(ctx, viewer, []*agora.Status{st})
	if err != nil {
		s.log.WarnContext(ctx, "visibility check failed", "status", st.ID, "err", err)
		return false
	}
	return len(v) == 1
}

// mayRead applies the visibility rules given whether viewer follows the author.
func mayRead(viewer *agora.Account, st *agora.Status, follows bool) bool {
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
