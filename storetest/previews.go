package storetest

import (
	"testing"
	"time"

	"agora"
)

// What the legal desk's previews of targets read: an account's latest posts and
// a hashtag's recent use, for many subjects at once.

func testLatestStatuses(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol, quiet := f.account("alice"), f.account("bob"), f.account("carol"), f.account("quiet")
	var aliceAll []*agora.Status
	for i := range 5 {
		aliceAll = append(aliceAll, f.status(alice, "alice "+name(i), tagged("t"), func(st *agora.Status) { st.Mentions = []agora.ID{bob.ID} }))
	}
	f.status(alice, "", boostOf(f.status(bob, "bob's, boosted")))
	private := f.status(alice, "private", visibility(agora.VisibilityPrivate))
	unlisted := f.status(bob, "bob unlisted", visibility(agora.VisibilityUnlisted))
	direct := f.status(carol, "carol direct", visibility(agora.VisibilityDirect))
	bobOld := f.status(bob, "bob old")
	bobAll := []*agora.Status{f.status(bob, "bob new")}
	public := []agora.Visibility{agora.VisibilityPublic, agora.VisibilityUnlisted}

	got, err := s.LatestStatuses(ctx, []agora.ID{alice.ID, bob.ID, carol.ID, quiet.ID, ids.New()}, 3, public)
	mustOK(t, err, "LatestStatuses")
	byAccount := map[agora.ID][]agora.ID{}
	for id, list := range got {
		byAccount[id] = statusIDs(list)
	}
	// Newest first, boosts and other visibilities left out, at most 3 each;
	// accounts without any are absent.
	equal(t, "latest public statuses", byAccount, map[agora.ID][]agora.ID{
		alice.ID: idsOf(aliceAll, 4, 3, 2),
		bob.ID:   {bobAll[0].ID, bobOld.ID, unlisted.ID},
	})
	if l := got[alice.ID]; len(l) > 0 && (len(l[0].Tags) != 1 || len(l[0].Mentions) != 1 || l[0].Text != "alice user4") {
		t.Errorf("latest status without its text, tags or mentions: %+v", l[0])
	}

	got, err = s.LatestStatuses(ctx, []agora.ID{alice.ID, carol.ID}, 1, nil)
	mustOK(t, err, "LatestStatuses of any visibility")
	equal(t, "latest of any visibility", map[agora.ID]agora.ID{alice.ID: got[alice.ID][0].ID, carol.ID: got[carol.ID][0].ID},
		map[agora.ID]agora.ID{alice.ID: private.ID, carol.ID: direct.ID})

	got, err = s.LatestStatuses(ctx, nil, 3, public)
	mustOK(t, err, "LatestStatuses of nobody")
	equal(t, "latest of nobody", len(got), 0)
}

func testTagUses(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	since := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	f.status(alice, "before", tagged("go"), at(since.Add(-time.Millisecond)))
	first := f.status(alice, "at since", tagged("go", "b_tag"), at(since))
	f.status(alice, "later", tagged("go"), at(since.Add(time.Hour)))
	f.status(bob, "bob", tagged("go"), at(since.Add(2*time.Hour)))
	f.status(bob, "unlisted", tagged("go", "quiet"), at(since.Add(3*time.Hour)), visibility(agora.VisibilityUnlisted))
	gone := f.status(bob, "deleted", tagged("go"), at(since.Add(4*time.Hour)))
	mustOK(t, s.DeleteStatus(ctx, gone.ID), "DeleteStatus")

	for _, tc := range []struct {
		name  string
		names []string
		skip  agora.Uncounted
		want  []agora.TagTrend
	}{
		{"public statuses since, by name", []string{"GO", "b_tag", "quiet", "never"}, agora.Uncounted{},
			[]agora.TagTrend{{Name: "b_tag", Uses: 1, Accounts: 1}, {Name: "go", Uses: 3, Accounts: 2}}},
		{"left out", []string{"go", "b_tag"}, agora.Uncounted{Statuses: []agora.ID{first.ID}},
			[]agora.TagTrend{{Name: "go", Uses: 2, Accounts: 2}}},
		{"an account left out", []string{"go"}, agora.Uncounted{Accounts: []agora.ID{bob.ID}},
			[]agora.TagTrend{{Name: "go", Uses: 2, Accounts: 1}}},
		{"none", nil, agora.Uncounted{}, nil},
	} {
		got, err := s.TagUses(ctx, tc.names, since, tc.skip)
		mustOK(t, err, "TagUses "+tc.name)
		equal(t, tc.name, got, tc.want)
	}
}
