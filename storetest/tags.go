package storetest

import (
	"testing"
	"time"

	"agora"
)

var tagTests = []test{
	{"TagExists", testTagExists},
	{"SearchTags", testSearchTags},
	{"TagHistory", testTagHistory},
	{"TrendingTags", testTrendingTags},
	{"TagUses", testTagUses},
	{"FollowTag", testFollowTag},
	{"HomeCandidates/Tags", testHomeCandidatesTags},
}

// tagged sets the tags of a status.
func tagged(tags ...string) func(*agora.Status) {
	return func(s *agora.Status) { s.Tags = tags }
}

// visibility sets the visibility of a status.
func visibility(v agora.Visibility) func(*agora.Status) {
	return func(s *agora.Status) { s.Visibility = v }
}

// at sets the creation time of a status (and an ID made at that time).
func at(t time.Time) func(*agora.Status) {
	return func(s *agora.Status) {
		s.ID = ids.New()&0xffff | agora.IDAt(t)
		s.ThreadID, s.CreatedAt = s.ID, t
	}
}

func testTagExists(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	st := f.status(alice, "#Go", tagged("Go"))
	for _, tc := range []struct {
		name string
		want bool
	}{{"go", true}, {"GO", true}, {"rust", false}, {"g", false}} {
		got, err := s.TagExists(ctx, tc.name)
		mustOK(t, err, "TagExists")
		if got != tc.want {
			t.Errorf("TagExists(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
	mustOK(t, s.DeleteStatus(ctx, st.ID), "DeleteStatus")
	got, err := s.TagExists(ctx, "go")
	mustOK(t, err, "TagExists")
	if !got {
		t.Error("TagExists(go) = false after the status was deleted; it was used once")
	}
}

func testSearchTags(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	f.status(alice, "1", tagged("abc", "abd", "a_c"))
	f.status(alice, "2", tagged("abd", "a_c"))
	f.status(alice, "3", tagged("a_c", "b"))
	f.status(alice, "4", tagged("ab%"))
	f.status(alice, "5", tagged("aa"))
	gone := f.status(alice, "6", tagged("abz", "abz2"))
	f.status(alice, "7", tagged("abz2"))
	mustOK(t, s.DeleteStatus(t.Context(), gone.ID), "DeleteStatus")
	for _, tc := range []struct {
		prefix        string
		limit, offset int
		want          []string
	}{
		{"a", 0, 0, []string{"a_c", "abd", "aa", "ab%", "abc", "abz2", "abz"}},
		{"A", 0, 0, []string{"a_c", "abd", "aa", "ab%", "abc", "abz2", "abz"}},
		{"ab", 0, 0, []string{"abd", "ab%", "abc", "abz2", "abz"}},
		{"a_", 0, 0, []string{"a_c"}},
		{"a_c", 0, 0, []string{"a_c"}},
		{"ab%", 0, 0, []string{"ab%"}},
		{"%", 0, 0, nil},
		{"a", 2, 0, []string{"a_c", "abd"}},
		{"a", 2, 2, []string{"aa", "ab%"}},
		{"a", 0, 6, []string{"abz"}},
		{"c", 0, 0, nil},
	} {
		got, err := s.SearchTags(t.Context(), tc.prefix, tc.limit, tc.offset)
		mustOK(t, err, "SearchTags")
		equal(t, "SearchTags("+tc.prefix+")", got, tc.want)
	}
}

func testTagHistory(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	day := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC) // the 10th
	f.status(alice, "9th, last ms", tagged("go"), at(day.Add(-time.Millisecond)))
	aliceFirst := f.status(alice, "10th, first ms", tagged("go"), at(day))
	aliceTenth := f.status(alice, "10th", tagged("go", "other"), at(day.Add(5*time.Hour)))
	f.status(bob, "10th", tagged("go"), at(day.Add(23*time.Hour)))
	f.status(bob, "12th", tagged("go"), at(day.AddDate(0, 0, 2).Add(time.Hour)))
	f.status(bob, "12th, other tag", tagged("other"), at(day.AddDate(0, 0, 2).Add(2*time.Hour)))
	f.status(bob, "14th, outside", tagged("go"), at(day.AddDate(0, 0, 4)))
	gone := f.status(alice, "11th, deleted", tagged("go"), at(day.AddDate(0, 0, 1)))
	mustOK(t, s.DeleteStatus(ctx, gone.ID), "DeleteStatus")
	for _, v := range []agora.Visibility{agora.VisibilityUnlisted, agora.VisibilityPrivate, agora.VisibilityDirect} {
		f.status(bob, "11th, not public", tagged("go"), at(day.AddDate(0, 0, 1)), visibility(v))
	}

	d := func(n int) time.Time { return day.AddDate(0, 0, n) }
	for _, tc := range []struct {
		name     string
		from, to time.Time
		skip     agora.Uncounted
		want     []agora.TagUse
	}{
		{"four days", d(0), d(4), agora.Uncounted{}, []agora.TagUse{
			{Day: d(3)}, {Day: d(2), Uses: 1, Accounts: 1}, {Day: d(1)}, {Day: d(0), Uses: 3, Accounts: 2}}},
		{"one day", d(-1), d(0), agora.Uncounted{}, []agora.TagUse{{Day: d(-1), Uses: 1, Accounts: 1}}},
		// Days whose start lies in [from, to): from after midnight leaves out its day,
		// to after midnight takes in its day whole.
		{"not at midnight", d(-1).Add(time.Hour), d(2).Add(time.Minute), agora.Uncounted{}, []agora.TagUse{
			{Day: d(2), Uses: 1, Accounts: 1}, {Day: d(1)}, {Day: d(0), Uses: 3, Accounts: 2}}},
		{"empty range", d(2), d(2), agora.Uncounted{}, nil},
		{"reversed", d(2), d(0), agora.Uncounted{}, nil},
		// Statuses left out, by ID or by author, are not counted.
		{"a status left out", d(0), d(1), agora.Uncounted{Statuses: []agora.ID{aliceTenth.ID}},
			[]agora.TagUse{{Day: d(0), Uses: 2, Accounts: 2}}},
		{"all of an account's statuses left out", d(0), d(1), agora.Uncounted{Statuses: []agora.ID{aliceTenth.ID, aliceFirst.ID}},
			[]agora.TagUse{{Day: d(0), Uses: 1, Accounts: 1}}},
		{"an account left out", d(0), d(3), agora.Uncounted{Accounts: []agora.ID{bob.ID}},
			[]agora.TagUse{{Day: d(2)}, {Day: d(1)}, {Day: d(0), Uses: 2, Accounts: 1}}},
		{"both", d(0), d(1), agora.Uncounted{Statuses: []agora.ID{aliceFirst.ID}, Accounts: []agora.ID{bob.ID}},
			[]agora.TagUse{{Day: d(0), Uses: 1, Accounts: 1}}},
		{"except the excepted account's", d(0), d(3), agora.Uncounted{Statuses: []agora.ID{aliceFirst.ID}, Accounts: []agora.ID{bob.ID}, Except: bob.ID},
			[]agora.TagUse{{Day: d(2), Uses: 1, Accounts: 1}, {Day: d(1)}, {Day: d(0), Uses: 2, Accounts: 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.TagHistory(t.Context(), "Go", tc.from, tc.to, tc.skip)
			mustOK(t, err, "TagHistory")
			equal(t, "history", got, tc.want)
		})
	}
	got, err := s.TagHistory(ctx, "unused", d(0), d(2), agora.Uncounted{})
	mustOK(t, err, "TagHistory of an unused tag")
	equal(t, "history of an unused tag", got, []agora.TagUse{{Day: d(1)}, {Day: d(0)}})
}

func testTrendingTags(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	now := time.Now()
	since := now.Add(-24 * time.Hour)
	var accts []*agora.Account
	for i := range 5 {
		accts = append(accts, f.account(name(i)))
	}
	for i := range 20 {
		f.status(accts[0], "spam", tagged("spam"), at(now.Add(-time.Duration(i)*time.Minute)))
	}
	for _, a := range accts {
		f.status(a, "wide", tagged("wide"), at(now.Add(-time.Hour)))
	}
	// Ties on accounts are broken by uses, then by name.
	f.status(accts[1], "b", tagged("b_tie", "a_tie", "c_more"), at(now.Add(-time.Hour)))
	c := f.status(accts[1], "c", tagged("c_more"), at(now.Add(-time.Hour)))
	// Before since: not counted.
	for _, a := range accts {
		f.status(a, "old", tagged("old", "spam"), at(since.Add(-time.Minute)))
	}
	// Not public: not counted.
	for i, a := range accts {
		v := []agora.Visibility{agora.VisibilityUnlisted, agora.VisibilityPrivate, agora.VisibilityDirect}[i%3]
		f.status(a, "hidden", tagged("hidden", "c_more"), at(now.Add(-time.Hour)), visibility(v))
	}

	want := []agora.TagTrend{
		{Name: "wide", Uses: 5, Accounts: 5},  // 5 accounts once each
		{Name: "spam", Uses: 20, Accounts: 1}, // 1 account 20 times
		{Name: "c_more", Uses: 2, Accounts: 1},
		{Name: "a_tie", Uses: 1, Accounts: 1},
		{Name: "b_tie", Uses: 1, Accounts: 1},
	}
	got, err := s.TrendingTags(t.Context(), since, 10, agora.Uncounted{})
	mustOK(t, err, "TrendingTags")
	equal(t, "trends", got, want)
	got, err = s.TrendingTags(t.Context(), since, 2, agora.Uncounted{})
	mustOK(t, err, "TrendingTags with limit")
	equal(t, "trends, limited", got, want[:2])
	// Statuses left out neither count nor make a hashtag trend.
	got, err = s.TrendingTags(t.Context(), since, 10, agora.Uncounted{Statuses: []agora.ID{c.ID}, Accounts: []agora.ID{accts[0].ID}})
	mustOK(t, err, "TrendingTags leaving statuses out")
	equal(t, "trends without some statuses", got, []agora.TagTrend{
		{Name: "wide", Uses: 4, Accounts: 4},
		{Name: "a_tie", Uses: 1, Accounts: 1},
		{Name: "b_tie", Uses: 1, Accounts: 1},
		{Name: "c_more", Uses: 1, Accounts: 1},
	})
	got, err = s.TrendingTags(t.Context(), since, 10, agora.Uncounted{Accounts: []agora.ID{accts[0].ID}, Except: accts[0].ID})
	mustOK(t, err, "TrendingTags leaving out the excepted account")
	equal(t, "trends, the excepted account counted", got, want)
	got, err = s.TrendingTags(t.Context(), now.Add(time.Minute), 10, agora.Uncounted{})
	mustOK(t, err, "TrendingTags in the future")
	equal(t, "no trends", got, []agora.TagTrend{})
}

func testFollowTag(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, other := f.account("me"), f.account("other")
	follow := func(a *agora.Account, name string) *agora.TagFollow {
		t.Helper()
		id := ids.New()
		tf := &agora.TagFollow{ID: id, AccountID: a.ID, Name: name, CreatedAt: id.Time()}
		mustOK(t, s.FollowTag(ctx, tf), "FollowTag")
		return tf
	}
	var mine []*agora.TagFollow // oldest first
	for i := range 8 {
		mine = append(mine, follow(me, name(i)))
	}
	follow(other, name(0))
	follow(other, "theirs")

	again := follow(me, "USER3") // following twice keeps the first
	equal(t, "follow made twice", again, mine[3])
	wantCode(t, s.FollowTag(ctx, &agora.TagFollow{ID: ids.New(), AccountID: ids.New(), Name: "x"}), agora.ENOTFOUND)

	for _, tc := range pageCases(func(i int) agora.ID { return mine[i].ID }) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.FollowedTags(t.Context(), me.ID, tc.page)
			mustOK(t, err, "FollowedTags")
			equal(t, "followed tags", got, pick(mine, tc.want))
		})
	}
	follows, err := s.FollowsTags(ctx, me.ID, []string{"user1", "theirs", "none"})
	mustOK(t, err, "FollowsTags")
	equal(t, "follows tags", follows, map[string]bool{"user1": true, "theirs": false, "none": false})
	followers, err := s.TagFollowerIDs(ctx, []string{"user0", "user1", "theirs", "none"})
	mustOK(t, err, "TagFollowerIDs")
	equal(t, "tag followers", followers, []agora.ID{me.ID, other.ID})
	followers, err = s.TagFollowerIDs(ctx, nil)
	mustOK(t, err, "TagFollowerIDs(nil)")
	equal(t, "tag followers of nothing", followers, []agora.ID{})

	mustOK(t, s.UnfollowTag(ctx, me.ID, "user1"), "UnfollowTag")
	mustOK(t, s.UnfollowTag(ctx, me.ID, "user1"), "UnfollowTag again")
	follows, err = s.FollowsTags(ctx, me.ID, []string{"user1", "user2"})
	mustOK(t, err, "FollowsTags")
	equal(t, "follows after unfollowing", follows, map[string]bool{"user1": false, "user2": true})
}

func testHomeCandidatesTags(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me, friend, stranger := f.account("me"), f.account("friend"), f.account("stranger")
	f.follow(me, friend)
	id := ids.New()
	mustOK(t, s.FollowTag(t.Context(), &agora.TagFollow{ID: id, AccountID: me.ID, Name: "go", CreatedAt: id.Time()}), "FollowTag")

	f.status(stranger, "#rust", tagged("rust"))
	public := f.status(stranger, "#go", tagged("go"))
	private := f.status(stranger, "#go", tagged("go", "x"), func(s *agora.Status) { s.Visibility = agora.VisibilityPrivate })
	both := f.status(friend, "#go from a friend", tagged("go", "rust"))
	mentioning := f.status(stranger, "#go @me", tagged("go"), func(s *agora.Status) { s.Mentions = []agora.ID{me.ID} })

	got, err := s.HomeCandidates(t.Context(), me.ID, 20, 0)
	mustOK(t, err, "HomeCandidates")
	equal(t, "home", statusIDs(got), statusIDs([]*agora.Status{mentioning, both, private, public}))
	// Partial statuses: the followed hashtags only, and whether they mention me.
	equal(t, "followed tags of the friend's status", got[1].Tags, []string{"go"})
	equal(t, "mentions of the mentioning status", got[0].Mentions, []agora.ID{me.ID})
	equal(t, "followed tags of the mentioning status", got[0].Tags, []string{"go"})
	equal(t, "visibility of the private status", got[2].Visibility, agora.VisibilityPrivate)
	since, err := s.HomeCandidates(t.Context(), me.ID, 20, private.ID)
	mustOK(t, err, "HomeCandidates since")
	equal(t, "home since the private status", statusIDs(since), statusIDs([]*agora.Status{mentioning, both}))
	got, err = s.HomeCandidates(t.Context(), me.ID, 3, 0)
	mustOK(t, err, "HomeCandidates with limit")
	equal(t, "home, limited", statusIDs(got), statusIDs([]*agora.Status{mentioning, both, private}))
}
