package storetest

import (
	"testing"

	"agora"
)

var timelineTests = []test{
	{"ListStatuses/Paging", testListPaging},
	{"ListStatuses/Limit", testListLimit},
	{"ListStatuses/Filters", testListFilters},
	{"ListStatuses/AnyAllNone", testListAnyAllNone},
	{"Thread", testThread},
	{"HomeCandidates", testHomeCandidates},
}

func testListPaging(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	var all []*agora.Status // all[i] is older than all[i+1]
	for i := range 10 {
		all = append(all, f.status(alice, name(i)))
	}
	for _, tc := range []struct {
		name string
		page agora.Page
		want []agora.ID
	}{
		{"default", agora.Page{}, idsOf(all, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)},
		{"limit", agora.Page{Limit: 3}, idsOf(all, 9, 8, 7)},
		{"max_id exclusive", agora.Page{MaxID: all[5].ID, Limit: 3}, idsOf(all, 4, 3, 2)},
		{"max_id at the end", agora.Page{MaxID: all[2].ID, Limit: 3}, idsOf(all, 1, 0)},
		{"since_id gives the newest", agora.Page{SinceID: all[5].ID, Limit: 2}, idsOf(all, 9, 8)},
		{"min_id gives the oldest, newest first", agora.Page{MinID: all[5].ID, Limit: 2}, idsOf(all, 7, 6)},
		{"min_id and max_id", agora.Page{MinID: all[2].ID, MaxID: all[6].ID}, idsOf(all, 5, 4, 3)},
		{"since_id and max_id", agora.Page{SinceID: all[2].ID, MaxID: all[6].ID, Limit: 2}, idsOf(all, 5, 4)},
		{"min_id at the newest", agora.Page{MinID: all[9].ID}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ListStatuses(t.Context(), agora.StatusQuery{AccountID: alice.ID, Page: tc.page})
			mustOK(t, err, "ListStatuses")
			equal(t, "IDs", statusIDs(got), tc.want)
		})
	}
}

func testListLimit(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	for i := range agora.MaxListLimit + 5 {
		f.status(alice, name(i))
	}
	for _, tc := range []struct{ limit, want int }{
		{0, agora.DefaultPageLimit}, {-1, agora.DefaultPageLimit}, {5, 5}, {1000, agora.MaxListLimit},
	} {
		got, err := s.ListStatuses(t.Context(), agora.StatusQuery{Page: agora.Page{Limit: tc.limit}})
		mustOK(t, err, "ListStatuses")
		if len(got) != tc.want {
			t.Errorf("limit %d: got %d statuses, want %d", tc.limit, len(got), tc.want)
		}
	}
}

func testListFilters(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	vis := func(v agora.Visibility) func(*agora.Status) { return func(s *agora.Status) { s.Visibility = v } }
	tags := func(t ...string) func(*agora.Status) { return func(s *agora.Status) { s.Tags = t } }

	bobs := f.status(bob, "bob's", tags("go"))
	pub := f.status(alice, "public #go #news", tags("go", "news"))
	unl := f.status(alice, "unlisted #go", vis(agora.VisibilityUnlisted), tags("go"))
	prv := f.status(alice, "private", vis(agora.VisibilityPrivate))
	dir := f.status(alice, "direct", vis(agora.VisibilityDirect))
	toBob := f.status(alice, "reply to bob", replyTo(bobs))
	toSelf := f.status(alice, "reply to self", replyTo(pub))
	boost := f.status(alice, "", boostOf(bobs))
	want := func(list ...*agora.Status) []agora.ID { return statusIDs(list) }

	for _, tc := range []struct {
		name string
		q    agora.StatusQuery
		want []agora.ID
	}{
		{"all", agora.StatusQuery{}, want(boost, toSelf, toBob, dir, prv, unl, pub, bobs)},
		{"account", agora.StatusQuery{AccountID: bob.ID}, want(bobs)},
		{"tag", agora.StatusQuery{Tag: "go"}, want(unl, pub, bobs)},
		{"tag unused", agora.StatusQuery{Tag: "rust"}, nil},
		{"tag and account", agora.StatusQuery{Tag: "go", AccountID: alice.ID}, want(unl, pub)},
		{"visibilities", agora.StatusQuery{AccountID: alice.ID,
			Visibilities: []agora.Visibility{agora.VisibilityPrivate, agora.VisibilityDirect}}, want(dir, prv)},
		{"public tag", agora.StatusQuery{Tag: "go",
			Visibilities: []agora.Visibility{agora.VisibilityPublic}}, want(pub, bobs)},
		{"exclude replies", agora.StatusQuery{AccountID: alice.ID, ExcludeReplies: true},
			want(boost, toSelf, dir, prv, unl, pub)},
		{"exclude boosts", agora.StatusQuery{AccountID: alice.ID, ExcludeReblogs: true},
			want(toSelf, toBob, dir, prv, unl, pub)},
		{"both excluded and paged", agora.StatusQuery{AccountID: alice.ID, ExcludeReplies: true,
			ExcludeReblogs: true, Page: agora.Page{MaxID: dir.ID, Limit: 2}}, want(prv, unl)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ListStatuses(t.Context(), tc.q)
			mustOK(t, err, "ListStatuses")
			equal(t, "IDs", statusIDs(got), tc.want)
		})
	}

	// Listed statuses come whole, with their tags and counters.
	pub.RepliesCount = 1
	got, err := s.ListStatuses(t.Context(), agora.StatusQuery{Tag: "news"})
	mustOK(t, err, "ListStatuses")
	equal(t, "statuses", got, []*agora.Status{pub})
}

func testThread(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	root := f.status(alice, "root")
	r1 := f.status(bob, "r1", replyTo(root), func(s *agora.Status) { s.Mentions = []agora.ID{alice.ID} })
	f.status(alice, "elsewhere")
	r2 := f.status(alice, "r2", replyTo(r1))
	root.RepliesCount, r1.RepliesCount = 1, 1

	got, err := s.Thread(t.Context(), root.ID, 10)
	mustOK(t, err, "Thread")
	equal(t, "thread", got, []*agora.Status{root, r1, r2})
	got, err = s.Thread(t.Context(), root.ID, 2)
	mustOK(t, err, "Thread with limit")
	equal(t, "thread IDs", statusIDs(got), statusIDs([]*agora.Status{root, r1}))
	got, err = s.Thread(t.Context(), ids.New(), 10)
	mustOK(t, err, "Thread of nothing")
	equal(t, "thread of nothing", got, []*agora.Status{})
}

func testHomeCandidates(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me, friend, stranger := f.account("me"), f.account("friend"), f.account("stranger")
	f.follow(me, friend)
	f.follow(stranger, me)
	mention := func(s *agora.Status) { s.Mentions = []agora.ID{me.ID} }

	own := f.status(me, "mine")
	friends := f.status(friend, "friend's")
	f.status(stranger, "unrelated")
	mentioning := f.status(stranger, "@me", mention)
	both := f.status(friend, "@me from a friend", mention)
	boost := f.status(friend, "", boostOf(own))
	f.status(stranger, "", boostOf(own))

	got, err := s.HomeCandidates(t.Context(), me.ID, 20, 0)
	mustOK(t, err, "HomeCandidates")
	equal(t, "home", statusIDs(got), statusIDs([]*agora.Status{boost, both, mentioning, friends, own}))
	equal(t, "the status mentioning me", got[1].Mentions, []agora.ID{me.ID})

	got, err = s.HomeCandidates(t.Context(), me.ID, 2, 0)
	mustOK(t, err, "HomeCandidates with limit")
	equal(t, "home, limited", statusIDs(got), statusIDs([]*agora.Status{boost, both}))

	got, err = s.HomeCandidates(t.Context(), friend.ID, 20, 0)
	mustOK(t, err, "HomeCandidates of friend")
	equal(t, "friend's home", statusIDs(got), statusIDs([]*agora.Status{boost, both, friends}))

	// Only IDs above since, from every source.
	got, err = s.HomeCandidates(t.Context(), me.ID, 20, mentioning.ID)
	mustOK(t, err, "HomeCandidates since")
	equal(t, "home since the mention", statusIDs(got), statusIDs([]*agora.Status{boost, both}))
}

// testListAnyAllNone checks the tag timeline's any[], all[] and none[]: a status
// carrying the tag or any of the others, every one of all, none of none; each
// status once however many of its tags match, paged as ever.
func testListAnyAllNone(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	tags := func(t ...string) func(*agora.Status) { return func(s *agora.Status) { s.Tags = t } }
	goOnly := f.status(alice, "#go", tags("go"))
	rust := f.status(alice, "#rust", tags("rust"))
	both := f.status(alice, "#go #rust", tags("go", "rust"))
	goNews := f.status(alice, "#go #news", tags("go", "news"))
	zig := f.status(alice, "#zig #news", tags("zig", "news"))
	f.status(alice, "#other", tags("other"))
	want := func(list ...*agora.Status) []agora.ID { return statusIDs(list) }

	for _, tc := range []struct {
		name string
		q    agora.StatusQuery
		want []agora.ID
	}{
		{"any", agora.StatusQuery{Tag: "go", AnyTags: []string{"rust"}}, want(goNews, both, rust, goOnly)},
		{"any of two, case", agora.StatusQuery{Tag: "go", AnyTags: []string{"Rust", "zig"}}, want(zig, goNews, both, rust, goOnly)},
		{"any unused", agora.StatusQuery{Tag: "go", AnyTags: []string{"nothing"}}, want(goNews, both, goOnly)},
		{"all", agora.StatusQuery{Tag: "go", AllTags: []string{"rust"}}, want(both)},
		{"all of two", agora.StatusQuery{Tag: "go", AllTags: []string{"rust", "news"}}, nil},
		{"none", agora.StatusQuery{Tag: "go", NoneTags: []string{"rust", "NEWS"}}, want(goOnly)},
		{"any and none", agora.StatusQuery{Tag: "go", AnyTags: []string{"zig", "rust"}, NoneTags: []string{"news"}},
			want(both, rust, goOnly)},
		{"any and all", agora.StatusQuery{Tag: "go", AnyTags: []string{"zig"}, AllTags: []string{"news"}}, want(zig, goNews)},
		{"any, paged", agora.StatusQuery{Tag: "go", AnyTags: []string{"rust", "zig"},
			Page: agora.Page{MaxID: zig.ID, Limit: 2}}, want(goNews, both)},
		{"any, min_id", agora.StatusQuery{Tag: "go", AnyTags: []string{"rust", "zig"},
			Page: agora.Page{MinID: rust.ID, Limit: 2}}, want(goNews, both)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ListStatuses(t.Context(), tc.q)
			mustOK(t, err, "ListStatuses")
			equal(t, "IDs", statusIDs(got), tc.want)
		})
	}
}
