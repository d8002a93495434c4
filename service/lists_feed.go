package service

import (
	"context"
	"fmt"
	"slices"

	"agora"
)

// UseListFeeds gives the service the cache that holds list feeds, keyed by list
// ID, apart from the home feeds (app wires an in-process one). Without it, list
// timelines cannot be read; call it before serving.
func (s *Service) UseListFeeds(f agora.FeedCache) { s.core.listFeeds = f }

// inList reports whether st, by a member of the list l, belongs in the list's
// feed, given whether the list's owner follows the account st replies to and
// whether that account is in the list. It is the one rule for both fan-out and
// rebuilding a list's feed, Mastodon's:
//   - a direct status never (it belongs to a conversation);
//   - a reply to someone else by the replies policy: to the owner always; to
//     an account the owner follows (followed), to a member (list), or never
//     (none);
//   - anything else is there (the gate and the viewer's mutes and blocks decide
//     at read time what is shown).
func inList(st *agora.Status, l *agora.List, followsRepliedTo, repliedToInList bool) bool {
	if st.Visibility == agora.VisibilityDirect {
		return false
	}
	if st.InReplyToAccountID == 0 || st.InReplyToAccountID == st.AccountID || st.InReplyToAccountID == l.AccountID {
		return true
	}
	switch l.RepliesPolicy {
	case agora.RepliesFollowed:
		return followsRepliedTo
	case agora.RepliesList:
		return repliedToInList
	default:
		return false
	}
}

// keptOutOfHome reports whether st stays out of the home feed of an owner who
// has its author in an exclusive list, as Mastodon's exclusive lists do; direct
// statuses stay, so that no private mention is lost.
func keptOutOfHome(st *agora.Status) bool { return st.Visibility != agora.VisibilityDirect }

// exclusiveOwners returns the owners of the exclusive lists among lists (the
// lists holding st's author), whose home feeds st stays out of.
func exclusiveOwners(st *agora.Status, lists []*agora.List) map[agora.ID]bool {
	if !keptOutOfHome(st) {
		return nil
	}
	var out map[agora.ID]bool
	for _, l := range lists {
		if l.Exclusive {
			if out == nil {
				out = map[agora.ID]bool{}
			}
			out[l.AccountID] = true
		}
	}
	return out
}

// withoutOwners returns ids without those in drop (ids itself when there are none).
func withoutOwners(ids []agora.ID, drop map[agora.ID]bool) []agora.ID {
	if len(drop) == 0 {
		return ids
	}
	return slices.DeleteFunc(ids, func(id agora.ID) bool { return drop[id] })
}

// fanOutLists pushes a new status into the feeds of the lists (those holding
// its author) it belongs in.
func (s *core) fanOutLists(ctx context.Context, st *agora.Status, lists []*agora.List) error {
	if len(lists) == 0 || st.Visibility == agora.VisibilityDirect || s.listFeeds == nil {
		return nil
	}
	replyToOther := st.InReplyToAccountID != 0 && st.InReplyToAccountID != st.AccountID
	var followers map[agora.ID]bool // of the replied-to account, read once when needed
	var repliedIn map[agora.ID]bool // lists holding the replied-to account
	var targets []agora.ID
	for _, l := range lists {
		var follows, inL bool
		if replyToOther && st.InReplyToAccountID != l.AccountID {
			switch l.RepliesPolicy {
			case agora.RepliesFollowed:
				if followers == nil {
					ids, err := s.store.FollowerIDs(ctx, st.InReplyToAccountID)
					if err != nil {
						return fmt.Errorf("followers of replied-to account: %w", err)
					}
					followers = make(map[agora.ID]bool, len(ids))
					for _, id := range ids {
						followers[id] = true
					}
				}
				follows = followers[l.AccountID]
			case agora.RepliesList:
				if repliedIn == nil {
					in, err := s.store.ListsWithMember(ctx, st.InReplyToAccountID)
					if err != nil {
						return fmt.Errorf("lists of replied-to account: %w", err)
					}
					repliedIn = make(map[agora.ID]bool, len(in))
					for _, o := range in {
						repliedIn[o.ID] = true
					}
				}
				inL = repliedIn[l.ID]
			}
		}
		if inList(st, l, follows, inL) {
			targets = append(targets, l.ID)
		}
	}
	if len(targets) == 0 {
		return nil
	}
	return s.listFeeds.Push(ctx, targets, agora.FeedEntry{ID: st.ID, ReblogOf: st.ReblogOfID})
}

// rebuildListFeed fills the list's feed from the database, by the rule of inList.
func (s *core) rebuildListFeed(ctx context.Context, l *agora.List) error {
	if err := s.listFeeds.Begin(ctx, l.ID); err != nil {
		return err
	}
	members, err := s.store.ListMemberIDs(ctx, l.ID)
	if err != nil {
		return fmt.Errorf("list members: %w", err)
	}
	var following []agora.ID
	if l.RepliesPolicy == agora.RepliesFollowed {
		if following, err = s.store.FollowingIDs(ctx, l.AccountID); err != nil {
			return fmt.Errorf("following: %w", err)
		}
		slices.Sort(following)
	}
	in := func(ids []agora.ID, id agora.ID) bool { _, ok := slices.BinarySearch(ids, id); return ok }
	const want = 2 * agora.FeedLen
	cands, err := s.store.ListCandidates(ctx, l.ID, want, agora.IDAt(s.now().Add(-rebuildWindow)))
	if err == nil && len(cands) < want {
		cands, err = s.store.ListCandidates(ctx, l.ID, want, 0)
	}
	if err != nil {
		return fmt.Errorf("list candidates: %w", err)
	}
	entries := make([]agora.FeedEntry, 0, len(cands))
	for _, st := range cands {
		if inList(st, l, in(following, st.InReplyToAccountID), in(members, st.InReplyToAccountID)) {
			entries = append(entries, agora.FeedEntry{ID: st.ID, ReblogOf: st.ReblogOfID})
		}
	}
	return s.listFeeds.Fill(ctx, l.ID, entries)
}

// leaveLists takes the account out of the owner's lists, as an unfollow or a
// block does in Mastodon, and forgets the feeds of the lists it left.
func (s *core) leaveLists(ctx context.Context, ownerID, accountID agora.ID) error {
	left, err := s.store.LeaveLists(ctx, ownerID, accountID)
	if err != nil {
		return fmt.Errorf("leave lists: %w", err)
	}
	for _, id := range left {
		if err := s.dropListFeed(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// dropListFeed forgets the list's feed, so its next read rebuilds it.
func (s *core) dropListFeed(ctx context.Context, id agora.ID) error {
	if s.listFeeds == nil {
		return nil
	}
	return s.listFeeds.Drop(ctx, id)
}
