package storetest

import (
	"testing"

	"agora"
)

var conversationTests = []test{
	{"Conversations/SaveAndPage", testConversationsSave},
	{"Conversations/ReadDelete", testConversationsReadDelete},
	{"Conversations/MutedThreads", testMutedThreads},
	{"Conversations/StatusGone", testConversationsStatusGone},
}

func testConversationsSave(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	d1 := f.status(alice, "to bob", func(s *agora.Status) { s.Visibility = agora.VisibilityDirect })
	d2 := f.status(alice, "to bob and carol", func(s *agora.Status) { s.Visibility = agora.VisibilityDirect })
	withBob := &agora.Conversation{ID: ids.New(), AccountID: alice.ID, ThreadID: d1.ID, Participants: []agora.ID{bob.ID}, LastStatusID: d1.ID}
	bobs := &agora.Conversation{ID: ids.New(), AccountID: bob.ID, ThreadID: d1.ID, Participants: []agora.ID{alice.ID}, LastStatusID: d1.ID, Unread: true}
	withBoth := &agora.Conversation{ID: ids.New(), AccountID: alice.ID, ThreadID: d2.ID, Participants: []agora.ID{bob.ID, carol.ID}, LastStatusID: d2.ID}
	mustOK(t, s.SaveConversations(t.Context(), []*agora.Conversation{withBob, bobs, withBoth}), "SaveConversations")
	got, err := s.Conversations(t.Context(), alice.ID, agora.Page{})
	mustOK(t, err, "Conversations")
	equal(t, "alice's conversations, latest first", got, []*agora.Conversation{withBoth, withBob})

	// A reply in the first thread updates the same conversation and moves it up.
	reply := f.status(bob, "back to alice", replyTo(d1), func(s *agora.Status) { s.Visibility = agora.VisibilityDirect })
	again := &agora.Conversation{ID: ids.New(), AccountID: alice.ID, ThreadID: d1.ID, Participants: []agora.ID{bob.ID}, LastStatusID: reply.ID, Unread: true}
	mustOK(t, s.SaveConversations(t.Context(), []*agora.Conversation{again}), "SaveConversations again")
	if again.ID != withBob.ID {
		t.Errorf("the updated conversation has ID %d, want the first's %d", again.ID, withBob.ID)
	}
	withBob.LastStatusID, withBob.Unread = reply.ID, true
	got, err = s.Conversations(t.Context(), alice.ID, agora.Page{})
	mustOK(t, err, "Conversations after the reply")
	equal(t, "alice's conversations after the reply", got, []*agora.Conversation{withBob, withBoth})
	got, err = s.Conversations(t.Context(), alice.ID, agora.Page{MaxID: reply.ID})
	mustOK(t, err, "Conversations below")
	equal(t, "below the reply", got, []*agora.Conversation{withBoth})
	got, err = s.Conversations(t.Context(), alice.ID, agora.Page{MinID: d2.ID})
	mustOK(t, err, "Conversations above")
	equal(t, "above d2", got, []*agora.Conversation{withBob})
	got, err = s.Conversations(t.Context(), carol.ID, agora.Page{})
	mustOK(t, err, "Conversations of carol")
	equal(t, "carol has none saved", got, []*agora.Conversation(nil))
}

func testConversationsReadDelete(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	d := f.status(alice, "to bob", func(s *agora.Status) { s.Visibility = agora.VisibilityDirect })
	bobs := &agora.Conversation{ID: ids.New(), AccountID: bob.ID, ThreadID: d.ID, Participants: []agora.ID{alice.ID}, LastStatusID: d.ID, Unread: true}
	alices := &agora.Conversation{ID: ids.New(), AccountID: alice.ID, ThreadID: d.ID, Participants: []agora.ID{bob.ID}, LastStatusID: d.ID}
	mustOK(t, s.SaveConversations(t.Context(), []*agora.Conversation{bobs, alices}), "SaveConversations")
	wantCode(t, s.ReadConversation(t.Context(), alice.ID, bobs.ID), agora.ENOTFOUND)
	wantCode(t, s.DeleteConversation(t.Context(), alice.ID, bobs.ID), agora.ENOTFOUND)
	_, err := s.Conversation(t.Context(), alice.ID, bobs.ID)
	wantCode(t, err, agora.ENOTFOUND)
	mustOK(t, s.ReadConversation(t.Context(), bob.ID, bobs.ID), "ReadConversation")
	got, err := s.Conversation(t.Context(), bob.ID, bobs.ID)
	mustOK(t, err, "Conversation")
	bobs.Unread = false
	equal(t, "bob's conversation after reading", got, bobs)
	mustOK(t, s.DeleteConversation(t.Context(), bob.ID, bobs.ID), "DeleteConversation")
	_, err = s.Conversation(t.Context(), bob.ID, bobs.ID)
	wantCode(t, err, agora.ENOTFOUND)
	got, err = s.Conversation(t.Context(), alice.ID, alices.ID)
	mustOK(t, err, "alice's view stays")
	equal(t, "alice's view", got, alices)
}

func testMutedThreads(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	mustOK(t, s.MuteThread(t.Context(), alice.ID, 10), "MuteThread")
	mustOK(t, s.MuteThread(t.Context(), alice.ID, 10), "MuteThread twice")
	mustOK(t, s.MuteThread(t.Context(), alice.ID, 12), "MuteThread")
	got, err := s.MutedThreads(t.Context(), alice.ID, []agora.ID{10, 11, 12})
	mustOK(t, err, "MutedThreads")
	equal(t, "alice's muted threads", got, map[agora.ID]bool{10: true, 12: true})
	got, err = s.MutedThreads(t.Context(), bob.ID, []agora.ID{10})
	mustOK(t, err, "MutedThreads of bob")
	equal(t, "bob's muted threads", got, map[agora.ID]bool{})
	all, complete, err := s.ThreadMutes(t.Context(), alice.ID, 2)
	mustOK(t, err, "ThreadMutes")
	if !complete {
		t.Errorf("ThreadMutes(limit 2) of 2 mutes: not complete")
	}
	equal(t, "alice's thread mutes", all, []agora.ID{10, 12})
	if all, complete, err := s.ThreadMutes(t.Context(), alice.ID, 1); err != nil || complete || all != nil {
		t.Errorf("ThreadMutes(limit 1) of 2 mutes = %v, %v, %v; want nil, false", all, complete, err)
	}
	mustOK(t, s.UnmuteThread(t.Context(), alice.ID, 10), "UnmuteThread")
	mustOK(t, s.UnmuteThread(t.Context(), alice.ID, 10), "UnmuteThread twice")
	got, err = s.MutedThreads(t.Context(), alice.ID, []agora.ID{10, 12})
	mustOK(t, err, "MutedThreads after unmuting")
	equal(t, "after unmuting 10", got, map[agora.ID]bool{12: true})
}

func testConversationsStatusGone(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	direct := func(s *agora.Status) { s.Visibility = agora.VisibilityDirect }
	d1 := f.status(alice, "to bob", direct)
	d2 := f.status(bob, "back", replyTo(d1), direct)
	lone := f.status(alice, "alone", direct)
	thread := &agora.Conversation{ID: ids.New(), AccountID: alice.ID, ThreadID: d1.ID, Participants: []agora.ID{bob.ID}, LastStatusID: d2.ID, Unread: true}
	single := &agora.Conversation{ID: ids.New(), AccountID: bob.ID, ThreadID: lone.ID, Participants: []agora.ID{alice.ID}, LastStatusID: lone.ID}
	mustOK(t, s.SaveConversations(t.Context(), []*agora.Conversation{thread, single}), "SaveConversations")
	mustOK(t, s.DeleteStatus(t.Context(), d2.ID), "DeleteStatus")
	mustOK(t, s.StatusGone(t.Context(), d2.ID), "StatusGone")
	got, err := s.Conversation(t.Context(), alice.ID, thread.ID)
	mustOK(t, err, "Conversation")
	thread.LastStatusID = d1.ID
	equal(t, "the conversation after its last status went", got, thread)
	mustOK(t, s.DeleteStatus(t.Context(), lone.ID), "DeleteStatus")
	mustOK(t, s.StatusGone(t.Context(), lone.ID), "StatusGone")
	_, err = s.Conversation(t.Context(), bob.ID, single.ID)
	wantCode(t, err, agora.ENOTFOUND)
}
