package storetest

import (
	"testing"

	"agora"
)

var searchTests = []test{
	{"SearchAccounts", testSearchAccounts},
	{"SearchAccounts/Paging", testSearchAccountsPaging},
	{"SearchStatuses", testSearchStatuses},
	{"SearchStatuses/Filters", testSearchStatusesFilters},
}

func testSearchAccounts(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	named := func(username, display string) *agora.Account {
		a := f.account(username)
		a.DisplayName = display
		mustOK(t, s.UpdateProfile(ctx, a), "UpdateProfile")
		return a
	}
	abc := named("abc", "")
	aUc := named("a_c", "")
	ann := named("Ann", "Anna Smith")
	anna := named("anna", "")
	joe := named("joe", "Joe from ANNapolis")
	pct := named("pct", "100% real")
	me := f.account("me")
	// Followers order the matches after an exact username match.
	for i := range 3 {
		fan := f.account(name(i))
		f.follow(fan, joe)
		if i < 2 {
			f.follow(fan, anna)
		}
	}
	f.follow(me, ann)
	f.follow(me, abc)

	for _, tc := range []struct {
		name string
		q    agora.AccountSearch
		want []*agora.Account
	}{
		{"prefix", agora.AccountSearch{Text: "ab"}, []*agora.Account{abc}},
		{"underscore is literal", agora.AccountSearch{Text: "a_c"}, []*agora.Account{aUc}},
		{"percent is literal", agora.AccountSearch{Text: "0%"}, []*agora.Account{pct}},
		{"percent matches nothing else", agora.AccountSearch{Text: "%"}, []*agora.Account{pct}},
		{"exact first, then followers", agora.AccountSearch{Text: "ann"}, []*agora.Account{ann, joe, anna}},
		{"exact without case", agora.AccountSearch{Text: "ANNA"}, []*agora.Account{anna, joe, ann}},
		{"display name inside", agora.AccountSearch{Text: "smith"}, []*agora.Account{ann}},
		{"username only by prefix", agora.AccountSearch{Text: "nn"}, []*agora.Account{joe, ann}},
		{"followed by", agora.AccountSearch{Text: "a", FollowedBy: me.ID}, []*agora.Account{abc, ann}},
		{"no match", agora.AccountSearch{Text: "zz"}, nil},
		{"blank", agora.AccountSearch{Text: "  "}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.SearchAccounts(t.Context(), tc.q)
			mustOK(t, err, "SearchAccounts")
			want := make([]agora.ID, len(tc.want))
			for i, a := range tc.want {
				want[i] = a.ID
			}
			gotIDs := make([]agora.ID, len(got))
			for i, a := range got {
				gotIDs[i] = a.ID
			}
			equal(t, "accounts", gotIDs, want)
		})
	}
	got, err := s.SearchAccounts(ctx, agora.AccountSearch{Text: "joe"})
	mustOK(t, err, "SearchAccounts")
	equal(t, "whole account", got, []*agora.Account{f.reload(joe)})
}

func testSearchAccountsPaging(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	var all []*agora.Account // by ID: no followers, so ID orders them
	for i := range agora.MaxListLimit + 5 {
		all = append(all, f.account(name(i)))
	}
	for _, tc := range []struct {
		limit, offset int
		want          []*agora.Account
	}{
		{0, 0, all[:agora.DefaultPageLimit]},
		{3, 0, all[:3]},
		{3, 4, all[4:7]},
		{1000, 0, all[:agora.MaxListLimit]},
		{10, agora.MaxListLimit, all[agora.MaxListLimit:]},
		{10, -1, all[:10]},
	} {
		got, err := s.SearchAccounts(t.Context(), agora.AccountSearch{Text: "user", Limit: tc.limit, Offset: tc.offset})
		mustOK(t, err, "SearchAccounts")
		equal(t, "accounts", got, tc.want)
	}
}

func testSearchStatuses(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	hello := f.status(alice, "Hello brave new world")
	private := f.status(bob, "hello there, world!", func(s *agora.Status) { s.Visibility = agora.VisibilityDirect })
	other := f.status(bob, "Goodbye (cruel) world: \"quoted\"")
	f.status(alice, "", boostOf(hello)) // boosts are not found
	gone := f.status(alice, "hello deleted world")
	mustOK(t, s.DeleteStatus(ctx, gone.ID), "DeleteStatus")
	// PostgreSQL's parser reads "masto.js" as one host name, where the query's
	// words are masto and js: both sides must split at punctuation alike.
	dotted := f.status(bob, "Posted from masto.js; see https://example.com/a_b for v1.2.3")

	for _, tc := range []struct {
		name, text string
		want       []*agora.Status
	}{
		{"one word", "world", []*agora.Status{other, private, hello}},
		{"every word", "hello world", []*agora.Status{private, hello}},
		{"words in any order, any case", "WORLD brave", []*agora.Status{hello}},
		{"whole words", "hell", nil},
		{"no match", "hello moon", nil},
		{"punctuation separates words", "there,world", []*agora.Status{private}},
		{"quotes and brackets", `"cruel" (goodbye)`, []*agora.Status{other}},
		{"syntax characters", `hello"*():^-`, []*agora.Status{private, hello}},
		{"FTS operators are words", "hello OR goodbye", nil},
		{"NEAR and column filters", `text:hello NEAR(world)`, nil},
		{"only syntax", `"*():^-`, nil},
		{"empty", "", nil},
		{"dotted name", "masto.js", []*agora.Status{dotted}},
		{"part of a dotted name", "masto", []*agora.Status{dotted}},
		{"host and path of a URL", "example.com/a_b", []*agora.Status{dotted}},
		{"part of a path", "b", []*agora.Status{dotted}},
		{"version", "v1.2.3", []*agora.Status{dotted}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.SearchStatuses(t.Context(), agora.StatusSearch{Text: tc.text})
			mustOK(t, err, "SearchStatuses")
			equal(t, "statuses", statusIDs(got), statusIDs(tc.want))
		})
	}
	got, err := s.SearchStatuses(ctx, agora.StatusSearch{Text: "brave"})
	mustOK(t, err, "SearchStatuses")
	hello.ReblogsCount = 1
	equal(t, "whole status", got, []*agora.Status{hello})
}

func testSearchStatusesFilters(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me, friend, stranger := f.account("me"), f.account("friend"), f.account("stranger")
	f.follow(me, friend)
	var all []*agora.Status // oldest first
	for i := range 8 {
		author := friend
		if i%2 == 1 {
			author = stranger
		}
		all = append(all, f.status(author, "needle "+name(i)))
	}
	f.status(me, "haystack")
	want := func(idx ...int) []agora.ID { return statusIDs(pick(all, idx)) }
	for _, tc := range []struct {
		name string
		q    agora.StatusSearch
		want []agora.ID
	}{
		{"all", agora.StatusSearch{}, want(7, 6, 5, 4, 3, 2, 1, 0)},
		{"account", agora.StatusSearch{AccountID: stranger.ID}, want(7, 5, 3, 1)},
		{"followed by", agora.StatusSearch{FollowedBy: me.ID}, want(6, 4, 2, 0)},
		{"max_id", agora.StatusSearch{MaxID: all[5].ID}, want(4, 3, 2, 1, 0)},
		{"limit", agora.StatusSearch{Limit: 3}, want(7, 6, 5)},
		{"offset", agora.StatusSearch{Limit: 3, Offset: 3}, want(4, 3, 2)},
		{"max_id and offset", agora.StatusSearch{MaxID: all[5].ID, Limit: 2, Offset: 1}, want(3, 2)},
		{"account and followed by", agora.StatusSearch{AccountID: stranger.ID, FollowedBy: me.ID}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Text = "needle"
			got, err := s.SearchStatuses(t.Context(), tc.q)
			mustOK(t, err, "SearchStatuses")
			equal(t, "statuses", statusIDs(got), tc.want)
		})
	}
}
