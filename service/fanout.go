package service

import (
	"context"
	"fmt"
	"slices"
	"time"

	"agora"
)

// fanOut adds a new direct status to its participants' conversations, and
// delivers a new status to the home feeds it belongs in, but those of
// owners of an exclusive list holding its author, and to the feeds of the lists
// it belongs in (lists_feed.go).
func (s *core) fanOut(ctx context.Context, st *agora.Status) error {
	if err := s.recordConversation(ctx, st); err != nil { // conversations.go; the feeds go on
		s.log.WarnContext(ctx, "conversations failed", "status", st.ID, "err", err)
	}
	direct, viaTag, err := s.recipients(ctx, st)
	if err != nil {
		return err
	}
	lists, err := s.store.ListsWithMember(ctx, st.AccountID)
	if err != nil {
		return fmt.Errorf("lists of author: %w", err)
	}
	if err := s.fanOutLists(ctx, st, lists); err != nil {
		return err
	}
	excl := exclusiveOwners(st, lists)
	direct, viaTag = withoutOwners(direct, excl), withoutOwners(viaTag, excl)
	e := agora.FeedEntry{ID: st.ID, ReblogOf: st.ReblogOfID}
	if err := s.feeds.Push(ctx, direct, e); err != nil {
		return err
	}
	if len(viaTag) == 0 {
		return nil
	}
	e.ViaTag = true
	return s.feeds.Push(ctx, viaTag, e)
}

// unFanOut takes a deleted status out of every feed it may be in, and moves the
// conversations that ended in a deleted direct status back to the one before.
func (s *core) unFanOut(ctx context.Context, st *agora.Status) error {
	if st.Visibility == agora.VisibilityDirect {
		if err := s.store.StatusGone(ctx, st.ID); err != nil {
			return fmt.Errorf("conversations: %w", err)
		}
	}
	followers, err := s.store.FollowerIDs(ctx, st.AccountID)
	if err != nil {
		return fmt.Errorf("followers: %w", err)
	}
	all := append(append(followers, st.AccountID), st.Mentions...)
	if err := s.feeds.Remove(ctx, all, st.ID); err != nil {
		return err
	}
	lists, err := s.store.ListsWithMember(ctx, st.AccountID)
	if err != nil || len(lists) == 0 || s.listFeeds == nil {
		return err
	}
	ids := make([]agora.ID, len(lists))
	for i, l := range lists {
		ids[i] = l.ID
	}
	return s.listFeeds.Remove(ctx, ids, st.ID)
}

// recipients returns the accounts whose home feed st belongs in: those it reaches
// as the author or a follower, and those it reaches only through a followed hashtag.
func (s *core) recipients(ctx context.Context, st *agora.Status) (direct, viaTag []agora.ID, err error) {
	followers, err := s.store.FollowerIDs(ctx, st.AccountID)
	if err != nil {
		return nil, nil, fmt.Errorf("followers: %w", err)
	}
	// A reply to someone else reaches only those who follow that someone too.
	var followsRepliedTo map[agora.ID]bool
	if st.InReplyToAccountID != 0 && st.InReplyToAccountID != st.AccountID {
		ids, err := s.store.FollowerIDs(ctx, st.InReplyToAccountID)
		if err != nil {
			return nil, nil, fmt.Errorf("followers of replied-to account: %w", err)
		}
		followsRepliedTo = make(map[agora.ID]bool, len(ids))
		for _, id := range ids {
			followsRepliedTo[id] = true
		}
	}
	out := []agora.ID{st.AccountID}
	seen := map[agora.ID]bool{st.AccountID: true}
	for _, f := range followers {
		if inHome(st, f, true, followsRepliedTo[f], false) {
			out = append(out, f)
			seen[f] = true
		}
	}
	// Followers of its hashtags, for a public original.
	if st.Visibility == agora.VisibilityPublic && st.ReblogOfID == 0 && len(st.Tags) > 0 {
		tagFollowers, err := s.store.TagFollowerIDs(ctx, st.Tags)
		if err != nil {
			return nil, nil, fmt.Errorf("tag followers: %w", err)
		}
		for _, f := range tagFollowers {
			if !seen[f] && inHome(st, f, false, followsRepliedTo[f], true) {
				viaTag = append(viaTag, f)
				seen[f] = true
			}
		}
	}
	return out, viaTag, nil
}

// inHome reports whether st belongs in the home feed of reader, given whether the
// reader follows st's author, the account st replies to, and one of st's hashtags.
// It is the one rule for both fan-out and rebuilding a feed:
//   - one's own statuses are always there;
//   - a public original with a hashtag the reader follows is there;
//   - otherwise the reader must follow the author;
//   - a direct status only when it mentions the reader;
//   - a reply to someone else only when the reader is that someone or follows them,
//     as Mastodon keeps half-conversations out of home feeds.
func inHome(st *agora.Status, reader agora.ID, followsAuthor, followsRepliedTo, followsTag bool) bool {
	if st.AccountID == reader {
		return true
	}
	if followsTag && st.Visibility == agora.VisibilityPublic && st.ReblogOfID == 0 {
		return true
	}
	if !followsAuthor {
		return false
	}
	if st.Visibility == agora.VisibilityDirect && !st.MentionsAccount(reader) {
		return false
	}
	if st.InReplyToAccountID != 0 && st.InReplyToAccountID != st.AccountID {
		return st.InReplyToAccountID == reader || followsRepliedTo
	}
	return true
}

// rebuildWindow is how far back a feed rebuild reads first. Most feeds fill from
// it; reading every status of a hundred followed accounts and sorting them was
// most of a rebuild's cost.
const rebuildWindow = 7 * 24 * time.Hour

// homeCandidates reads the statuses a rebuilt feed is chosen from: twice what a
// feed holds, as some are filtered out. It reads the last rebuildWindow first and
// everything only when that is not enough; as statuses older than the window are
// older than every status in it, the result is the same either way.
func (s *core) homeCandidates(ctx context.Context, accountID agora.ID) ([]*agora.Status, error) {
	const want = 2 * agora.FeedLen
	cands, err := s.store.HomeCandidates(ctx, accountID, want, agora.IDAt(s.now().Add(-rebuildWindow)))
	if err == nil && len(cands) < want {
		cands, err = s.store.HomeCandidates(ctx, accountID, want, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("home candidates: %w", err)
	}
	return cands, nil
}

// rebuildFeed fills the account's feed from the database.
func (s *core) rebuildFeed(ctx context.Context, accountID agora.ID) error {
	if err := s.feeds.Begin(ctx, accountID); err != nil {
		return err
	}
	following, err := s.store.FollowingIDs(ctx, accountID)
	if err != nil {
		return fmt.Errorf("following: %w", err)
	}
	slices.Sort(following)
	follows := func(id agora.ID) bool { _, ok := slices.BinarySearch(following, id); return ok }
	cands, err := s.homeCandidates(ctx, accountID)
	if err != nil {
		return err
	}
	var tags []string
	for _, st := range cands {
		tags = append(tags, st.Tags...)
	}
	followedTags, err := s.store.FollowsTags(ctx, accountID, tags)
	if err != nil {
		return fmt.Errorf("followed tags: %w", err)
	}
	followsTag := func(st *agora.Status) bool {
		for _, t := range st.Tags {
			if followedTags[t] {
				return true
			}
		}
		return false
	}
	// The members of the reader's exclusive lists stay out (lists_feed.go).
	exclusive, err := s.store.ExclusiveMemberIDs(ctx, accountID)
	if err != nil {
		return fmt.Errorf("exclusive list members: %w", err)
	}
	entries := make([]agora.FeedEntry, 0, len(cands))
	for _, st := range cands {
		if _, ex := slices.BinarySearch(exclusive, st.AccountID); ex && keptOutOfHome(st) {
			continue
		}
		if inHome(st, accountID, follows(st.AccountID), follows(st.InReplyToAccountID), followsTag(st)) {
			via := st.AccountID != accountID && !follows(st.AccountID)
			entries = append(entries, agora.FeedEntry{ID: st.ID, ReblogOf: st.ReblogOfID, ViaTag: via})
		}
	}
	return s.feeds.Fill(ctx, accountID, entries)
}
