package service

import (
	"context"
	"slices"

	"agora"
	"agora/visibility"
)

// recordConversation adds a new direct status to the conversation of each of its
// participants (its author and the accounts it mentions), as Mastodon does: one
// per thread and set of participants, unread for all but the author.
func (s *core) recordConversation(ctx context.Context, st *agora.Status) error {
	if st.Visibility != agora.VisibilityDirect || st.ReblogOfID != 0 {
		return nil
	}
	parts := append([]agora.ID{st.AccountID}, st.Mentions...)
	slices.Sort(parts)
	parts = slices.Compact(parts)
	cs := make([]*agora.Conversation, 0, len(parts))
	for _, p := range parts {
		others := slices.DeleteFunc(slices.Clone(parts), func(id agora.ID) bool { return id == p })
		cs = append(cs, &agora.Conversation{ID: s.ids.New(), AccountID: p, ThreadID: st.ThreadID,
			Participants: others, LastStatusID: st.ID, Unread: p != st.AccountID})
	}
	return s.store.SaveConversations(ctx, cs)
}

// ConversationPage is a page of the viewer's conversations with their last
// statuses and participants (in Bundle) and the span of last status IDs read.
type ConversationPage struct {
	Conversations []*agora.Conversation
	Bundle        *Bundle
	Span          Span
}

// Conversations returns a page of the viewer's direct conversations, most recent
// first, paged by their last statuses. Each is read through the gate: a
// conversation whose last status the viewer may not see (withheld, or from an
// account the viewer blocks) is left out, and so are participants withheld from
// the viewer.
func (s *Timelines) Conversations(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*ConversationPage, error) {
	cs, err := s.store.Conversations(ctx, v.Viewer().ID, p.Normalize())
	if err != nil {
		return nil, err
	}
	cursors := make([]agora.ID, len(cs))
	for i, c := range cs {
		cursors[i] = c.LastStatusID
	}
	page, err := s.presentConversations(ctx, v, cs)
	if err != nil {
		return nil, err
	}
	page.Span = spanOf(cursors)
	return page, nil
}

// presentConversations loads the conversations' last statuses and participants
// through the gate, keeping the conversations whose last status passes.
func (s *core) presentConversations(ctx context.Context, v *visibility.Snapshot, cs []*agora.Conversation) (*ConversationPage, error) {
	last := make([]agora.ID, len(cs))
	var people []agora.ID
	for i, c := range cs {
		last[i] = c.LastStatusID
		people = append(people, c.Participants...)
	}
	found, err := s.store.Statuses(ctx, last)
	if err != nil {
		return nil, err
	}
	list := make([]*agora.Status, 0, len(last))
	for _, id := range last {
		if st := found[id]; st != nil {
			list = append(list, st)
		}
	}
	kept, err := v.Statuses(ctx, list, visibility.List)
	if err != nil {
		return nil, err
	}
	b, err := s.bundle(ctx, v.Viewer(), kept)
	if err != nil {
		return nil, err
	}
	accounts, err := s.accountPage(ctx, v, people, nil, visibility.List)
	if err != nil {
		return nil, err
	}
	shown := map[agora.ID]bool{}
	for _, a := range accounts.Accounts {
		shown[a.ID] = true
		b.Accounts[a.ID] = a
	}
	b.Marks.Merge(accounts.Marks)
	inBundle := map[agora.ID]bool{}
	for _, st := range b.Statuses {
		inBundle[st.ID] = true
	}
	out := &ConversationPage{Bundle: b}
	for _, c := range cs {
		if !inBundle[c.LastStatusID] {
			continue
		}
		c.Participants = slices.DeleteFunc(slices.Clone(c.Participants), func(id agora.ID) bool { return !shown[id] })
		out.Conversations = append(out.Conversations, c)
	}
	return out, nil
}

// ReadConversation marks the viewer's conversation read and returns it.
// ENOTFOUND for someone else's; EWITHHELD (or ENOTFOUND) when its last status
// is withheld from (or hidden from) the viewer, as fetching that status is.
func (s *Timelines) ReadConversation(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*ConversationPage, error) {
	c, err := s.store.Conversation(ctx, v.Viewer().ID, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.visibleStatus(ctx, v, c.LastStatusID); err != nil {
		return nil, err
	}
	if err := s.store.ReadConversation(ctx, c.AccountID, c.ID); err != nil {
		return nil, err
	}
	c.Unread = false
	return s.presentConversations(ctx, v, []*agora.Conversation{c})
}

// DeleteConversation removes the conversation from the viewer's list (the
// statuses stay, and so do the other participants' conversations). ENOTFOUND
// for someone else's.
func (s *Timelines) DeleteConversation(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	return s.store.DeleteConversation(ctx, v.Viewer().ID, id)
}

// MuteConversation mutes the thread of the status for the viewer: no more
// notifications about its statuses (replies, mentions, favourites, boosts), as
// Mastodon's conversation mute. It answers the status with muted set. Errors
// as fetching the status.
func (s *Posts) MuteConversation(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	st, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if err := s.store.MuteThread(ctx, v.Viewer().ID, st.ThreadID); err != nil {
		return nil, err
	}
	return s.presentOne(ctx, v, st)
}

// UnmuteConversation ends the viewer's mute of the status's thread. Errors as
// MuteConversation.
func (s *Posts) UnmuteConversation(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	st, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if err := s.store.UnmuteThread(ctx, v.Viewer().ID, st.ThreadID); err != nil {
		return nil, err
	}
	return s.presentOne(ctx, v, st)
}

// markMutedThreads sets Muted in the bundle's flags of the statuses (and
// boosted originals) whose thread the viewer muted: one round trip.
func (s *core) markMutedThreads(ctx context.Context, b *Bundle) error {
	if b.Viewer == nil || len(b.Statuses) == 0 {
		return nil
	}
	var threads []agora.ID
	all := slices.Clone(b.Statuses)
	for _, o := range b.Originals {
		all = append(all, o)
	}
	for _, st := range all {
		threads = append(threads, st.ThreadID)
	}
	muted, err := s.store.MutedThreads(ctx, b.Viewer.ID, threads)
	if err != nil || len(muted) == 0 {
		return err
	}
	for _, st := range all {
		if muted[st.ThreadID] {
			fl := b.Flags[st.ID]
			fl.Muted = true
			b.Flags[st.ID] = fl
		}
	}
	return nil
}

// threadMuted reports whether the recipient of n muted the thread of the
// status n is about, which is pending when n is about it (a status not yet
// stored) and otherwise read; newNotifications leaves such notifications out.
func (s *core) threadMuted(ctx context.Context, n *agora.Notification, pending *agora.Status) (bool, error) {
	if n.StatusID == 0 {
		return false, nil
	}
	st := pending
	if st == nil || st.ID != n.StatusID {
		var err error
		if st, err = s.store.Status(ctx, n.StatusID); err != nil {
			return false, err
		}
	}
	muted, err := s.store.MutedThreads(ctx, n.AccountID, []agora.ID{st.ThreadID})
	return muted[st.ThreadID], err
}
