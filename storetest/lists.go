package storetest

import (
	"testing"

	"agora"
)

var listTests = []test{
	{"Lists/CreateReadUpdateDelete", testListsCRUD},
	{"Lists/Limit", testListsLimit},
	{"Lists/Members", testListMembers},
	{"Lists/MemberLimit", testListMemberLimit},
	{"Lists/LeaveAndExclusive", testListsLeaveAndExclusive},
	{"Lists/Candidates", testListCandidates},
}

// list creates a list of owner with the default policy.
func (f *fixture) list(owner *agora.Account, title string) *agora.List {
	f.t.Helper()
	id := ids.New()
	l := &agora.List{ID: id, AccountID: owner.ID, Title: title, RepliesPolicy: agora.RepliesList, CreatedAt: id.Time()}
	mustOK(f.t, f.s.CreateList(f.ctx, l, agora.MaxLists), "CreateList")
	return l
}

// members adds the accounts to the list.
func (f *fixture) members(l *agora.List, accounts ...*agora.Account) []*agora.ListMember {
	f.t.Helper()
	var ms []*agora.ListMember
	for _, a := range accounts {
		id := ids.New()
		ms = append(ms, &agora.ListMember{ID: id, ListID: l.ID, AccountID: a.ID, CreatedAt: id.Time()})
	}
	mustOK(f.t, f.s.AddListMembers(f.ctx, l.ID, ms, agora.MaxListMembers), "AddListMembers")
	return ms
}

func testListsCRUD(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	a1, a2, b1 := f.list(alice, "friends"), f.list(alice, "work"), f.list(bob, "bob's")
	got, err := s.List(t.Context(), a1.ID)
	mustOK(t, err, "List")
	equal(t, "List", got, a1)
	all, err := s.Lists(t.Context(), alice.ID)
	mustOK(t, err, "Lists")
	equal(t, "Lists(alice)", all, []*agora.List{a1, a2})

	a2.Title, a2.RepliesPolicy, a2.Exclusive = "colleagues", agora.RepliesNone, true
	mustOK(t, s.UpdateList(t.Context(), a2), "UpdateList")
	got, err = s.List(t.Context(), a2.ID)
	mustOK(t, err, "List after update")
	equal(t, "updated list", got, a2)
	wantCode(t, s.UpdateList(t.Context(), &agora.List{ID: ids.New(), Title: "x", RepliesPolicy: agora.RepliesList}), agora.ENOTFOUND)

	f.members(a1, bob)
	mustOK(t, s.DeleteList(t.Context(), a1.ID), "DeleteList")
	_, err = s.List(t.Context(), a1.ID)
	wantCode(t, err, agora.ENOTFOUND)
	wantCode(t, s.DeleteList(t.Context(), a1.ID), agora.ENOTFOUND)
	in, err := s.ListsWithMember(t.Context(), bob.ID)
	mustOK(t, err, "ListsWithMember")
	equal(t, "lists with bob after the delete", in, []*agora.List(nil))
	all, err = s.Lists(t.Context(), bob.ID)
	mustOK(t, err, "Lists(bob)")
	equal(t, "Lists(bob)", all, []*agora.List{b1})
}

func testListsLimit(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	for i := range 2 {
		id := ids.New()
		mustOK(t, s.CreateList(t.Context(), &agora.List{ID: id, AccountID: alice.ID, Title: name(i), RepliesPolicy: agora.RepliesList, CreatedAt: id.Time()}, 2), "CreateList")
	}
	id := ids.New()
	err := s.CreateList(t.Context(), &agora.List{ID: id, AccountID: alice.ID, Title: "third", RepliesPolicy: agora.RepliesList, CreatedAt: id.Time()}, 2)
	wantCode(t, err, agora.EUNPROCESSABLE)
	all, err := s.Lists(t.Context(), alice.ID)
	mustOK(t, err, "Lists")
	if len(all) != 2 {
		t.Errorf("%d lists after a refused creation, want 2", len(all))
	}
	wantCode(t, s.CreateList(t.Context(), &agora.List{ID: ids.New(), AccountID: ids.New(), Title: "x", RepliesPolicy: agora.RepliesList}, 2), agora.ENOTFOUND)
}

func testListMembers(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	l := f.list(alice, "friends")
	added := f.members(l, bob, carol)
	// Adding again keeps the first membership.
	again := &agora.ListMember{ID: ids.New(), ListID: l.ID, AccountID: bob.ID, CreatedAt: added[0].CreatedAt}
	mustOK(t, s.AddListMembers(t.Context(), l.ID, []*agora.ListMember{again}, agora.MaxListMembers), "AddListMembers again")
	got, err := s.ListMembers(t.Context(), l.ID, agora.Page{})
	mustOK(t, err, "ListMembers")
	equal(t, "members, newest first", got, []*agora.ListMember{added[1], added[0]})
	got, err = s.ListMembers(t.Context(), l.ID, agora.Page{MaxID: added[1].ID})
	mustOK(t, err, "ListMembers below")
	equal(t, "members below carol's", got, []*agora.ListMember{added[0]})
	ids, err := s.ListMemberIDs(t.Context(), l.ID)
	mustOK(t, err, "ListMemberIDs")
	equal(t, "member IDs", ids, []agora.ID{bob.ID, carol.ID})
	in, err := s.ListsWithMember(t.Context(), carol.ID)
	mustOK(t, err, "ListsWithMember")
	equal(t, "lists with carol", in, []*agora.List{l})

	wantCode(t, s.AddListMembers(t.Context(), l.ID, []*agora.ListMember{{ID: again.ID + 1, ListID: l.ID, AccountID: again.ID + 2}}, agora.MaxListMembers), agora.ENOTFOUND)
	wantCode(t, s.AddListMembers(t.Context(), again.ID+3, []*agora.ListMember{{ID: again.ID + 4, AccountID: bob.ID}}, agora.MaxListMembers), agora.ENOTFOUND)

	mustOK(t, s.RemoveListMembers(t.Context(), l.ID, []agora.ID{bob.ID, alice.ID}), "RemoveListMembers")
	got, err = s.ListMembers(t.Context(), l.ID, agora.Page{})
	mustOK(t, err, "ListMembers after removal")
	equal(t, "members after removing bob", got, []*agora.ListMember{added[1]})
}

func testListMemberLimit(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol, dan := f.account("alice"), f.account("bob"), f.account("carol"), f.account("dan")
	l := f.list(alice, "friends")
	f.members(l, bob)
	more := []*agora.ListMember{{ID: ids.New(), ListID: l.ID, AccountID: carol.ID}, {ID: ids.New(), ListID: l.ID, AccountID: dan.ID}}
	wantCode(t, s.AddListMembers(t.Context(), l.ID, more, 2), agora.EUNPROCESSABLE)
	got, err := s.ListMemberIDs(t.Context(), l.ID)
	mustOK(t, err, "ListMemberIDs")
	equal(t, "members after a refused addition (none added)", got, []agora.ID{bob.ID})
	mustOK(t, s.AddListMembers(t.Context(), l.ID, more[:1], 2), "AddListMembers up to the limit")
}

func testListsLeaveAndExclusive(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	l1, l2, other := f.list(alice, "one"), f.list(alice, "two"), f.list(carol, "carol's")
	l2.Exclusive = true
	mustOK(t, s.UpdateList(t.Context(), l2), "UpdateList")
	f.members(l1, bob, carol)
	f.members(l2, bob)
	f.members(other, bob)
	ex, err := s.ExclusiveMemberIDs(t.Context(), alice.ID)
	mustOK(t, err, "ExclusiveMemberIDs")
	equal(t, "exclusive members", ex, []agora.ID{bob.ID})
	left, err := s.LeaveLists(t.Context(), alice.ID, bob.ID)
	mustOK(t, err, "LeaveLists")
	equal(t, "lists left", left, []agora.ID{l1.ID, l2.ID})
	in, err := s.ListsWithMember(t.Context(), bob.ID)
	mustOK(t, err, "ListsWithMember")
	equal(t, "bob still in carol's list only", in, []*agora.List{other})
	ex, err = s.ExclusiveMemberIDs(t.Context(), alice.ID)
	mustOK(t, err, "ExclusiveMemberIDs after leaving")
	equal(t, "exclusive members after leaving", ex, []agora.ID(nil))
	left, err = s.LeaveLists(t.Context(), alice.ID, bob.ID)
	mustOK(t, err, "LeaveLists again")
	equal(t, "lists left again", left, []agora.ID(nil))
}

func testListCandidates(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	l := f.list(alice, "friends")
	f.members(l, bob)
	b1 := f.status(bob, "one")
	f.status(carol, "not a member")
	f.status(bob, "direct", func(s *agora.Status) { s.Visibility = agora.VisibilityDirect })
	b2 := f.status(bob, "private", func(s *agora.Status) { s.Visibility = agora.VisibilityPrivate })
	b3 := f.status(bob, "reply", replyTo(b1))
	got, err := s.ListCandidates(t.Context(), l.ID, 10, 0)
	mustOK(t, err, "ListCandidates")
	equal(t, "candidates", statusIDs(got), []agora.ID{b3.ID, b2.ID, b1.ID})
	if got[0].InReplyToAccountID != bob.ID || got[1].Visibility != agora.VisibilityPrivate {
		t.Errorf("candidates are missing fields: %+v %+v", got[0], got[1])
	}
	got, err = s.ListCandidates(t.Context(), l.ID, 1, b1.ID)
	mustOK(t, err, "ListCandidates since")
	equal(t, "candidates since b1, limit 1", statusIDs(got), []agora.ID{b3.ID})
}
