package storetest

import (
	"testing"

	"agora"
)

var followTests = []test{
	{"CreateFollow", testCreateFollow},
	{"CreateFollow/Conflict", testFollowConflict},
	{"DeleteFollow", testDeleteFollow},
	{"FollowerIDs", testFollowerIDs},
	{"Followers/Paging", testFollowersPaging},
	{"Relations", testRelations},
}

func testCreateFollow(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	fl := f.follow(alice, bob)
	if a, b := f.reload(alice), f.reload(bob); a.FollowingCount != 1 || a.FollowersCount != 0 ||
		b.FollowersCount != 1 || b.FollowingCount != 0 {
		t.Errorf("counters: alice following %d followers %d, bob followers %d following %d; want 1 0 1 0",
			a.FollowingCount, a.FollowersCount, b.FollowersCount, b.FollowingCount)
	}
	following, err := s.Following(t.Context(), alice.ID, agora.Page{})
	mustOK(t, err, "Following")
	equal(t, "alice's following", following, []*agora.Follow{fl})
	followers, err := s.Followers(t.Context(), bob.ID, agora.Page{})
	mustOK(t, err, "Followers")
	equal(t, "bob's followers", followers, []*agora.Follow{fl})
	followers, err = s.Followers(t.Context(), alice.ID, agora.Page{})
	mustOK(t, err, "Followers")
	equal(t, "alice's followers", followers, []*agora.Follow{})
}

func testFollowConflict(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	f.follow(alice, bob)
	id := ids.New()
	err := s.CreateFollow(t.Context(), &agora.Follow{ID: id, AccountID: alice.ID, TargetAccountID: bob.ID, CreatedAt: id.Time()})
	wantCode(t, err, agora.ECONFLICT)
	if a, b := f.reload(alice), f.reload(bob); a.FollowingCount != 1 || b.FollowersCount != 1 {
		t.Errorf("counters after a duplicate follow: %d, %d; want 1, 1", a.FollowingCount, b.FollowersCount)
	}
}

func testDeleteFollow(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	f.follow(alice, bob)
	f.follow(bob, alice)
	mustOK(t, s.DeleteFollow(t.Context(), alice.ID, bob.ID), "DeleteFollow")
	if a, b := f.reload(alice), f.reload(bob); a.FollowingCount != 0 || a.FollowersCount != 1 ||
		b.FollowersCount != 0 || b.FollowingCount != 1 {
		t.Errorf("counters: alice following %d followers %d, bob followers %d following %d; want 0 1 0 1",
			a.FollowingCount, a.FollowersCount, b.FollowersCount, b.FollowingCount)
	}
	wantCode(t, s.DeleteFollow(t.Context(), alice.ID, bob.ID), agora.ENOTFOUND)
	f.follow(alice, bob) // following again works
}

func testFollowerIDs(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob, carol, dave := f.account("alice"), f.account("bob"), f.account("carol"), f.account("dave")
	f.follow(bob, alice)
	f.follow(carol, alice)
	f.follow(alice, dave)
	f.follow(alice, bob)
	got, err := s.FollowerIDs(t.Context(), alice.ID)
	mustOK(t, err, "FollowerIDs")
	equal(t, "followers", got, []agora.ID{carol.ID, bob.ID})
	got, err = s.FollowingIDs(t.Context(), alice.ID)
	mustOK(t, err, "FollowingIDs")
	equal(t, "following", got, []agora.ID{bob.ID, dave.ID})
	got, err = s.FollowingIDs(t.Context(), carol.ID)
	mustOK(t, err, "FollowingIDs")
	equal(t, "carol's following", got, []agora.ID{alice.ID})
	got, err = s.FollowerIDs(t.Context(), dave.ID+1)
	mustOK(t, err, "FollowerIDs of nobody")
	equal(t, "nobody's followers", got, []agora.ID{})
}

func testFollowersPaging(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	star, fan := f.account("star"), f.account("fan")
	var followers, following []*agora.Follow // oldest first
	for i := range 8 {
		a := f.account(name(i))
		followers = append(followers, f.follow(a, star))
		following = append(following, f.follow(fan, a))
	}
	f.follow(star, fan) // in neither list
	pick := func(all []*agora.Follow, idx ...int) []*agora.Follow {
		out := []*agora.Follow{}
		for _, i := range idx {
			out = append(out, all[i])
		}
		return out
	}
	for _, tc := range []struct {
		name string
		page agora.Page
		want []int
	}{
		{"default", agora.Page{}, []int{7, 6, 5, 4, 3, 2, 1, 0}},
		{"limit", agora.Page{Limit: 3}, []int{7, 6, 5}},
		{"max_id", agora.Page{MaxID: followers[3].ID}, []int{2, 1, 0}},
		{"since_id", agora.Page{SinceID: followers[3].ID, Limit: 2}, []int{7, 6}},
		{"min_id", agora.Page{MinID: followers[3].ID, Limit: 2}, []int{5, 4}},
		{"min_id and max_id", agora.Page{MinID: followers[1].ID, MaxID: followers[4].ID}, []int{3, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Followers(t.Context(), star.ID, tc.page)
			mustOK(t, err, "Followers")
			equal(t, "followers", got, pick(followers, tc.want...))

			// The same page of Following, with the bounds moved to its follow IDs.
			p := tc.page
			for _, b := range []*agora.ID{&p.MaxID, &p.SinceID, &p.MinID} {
				for i := range followers {
					if *b != 0 && *b == followers[i].ID {
						*b = following[i].ID
					}
				}
			}
			got, err = s.Following(t.Context(), fan.ID, p)
			mustOK(t, err, "Following")
			equal(t, "following", got, pick(following, tc.want...))
		})
	}
}

func testRelations(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me, mutual, followed, follower, none := f.account("me"), f.account("mutual"), f.account("followed"),
		f.account("follower"), f.account("none")
	f.follow(me, mutual)
	f.follow(mutual, me)
	f.follow(me, followed)
	f.follow(follower, me)
	f.follow(followed, none) // not about me
	unknown := ids.New()

	got, err := s.Relations(t.Context(), me.ID, []agora.ID{mutual.ID, followed.ID, follower.ID, none.ID, unknown})
	mustOK(t, err, "Relations")
	equal(t, "relations", got, map[agora.ID]agora.Relation{
		mutual.ID:   {Following: true, FollowedBy: true},
		followed.ID: {Following: true},
		follower.ID: {FollowedBy: true},
		none.ID:     {},
		unknown:     {},
	})
	got, err = s.Relations(t.Context(), me.ID, nil)
	mustOK(t, err, "Relations(nil)")
	if len(got) != 0 {
		t.Errorf("Relations(nil) = %v, want none", got)
	}
}
