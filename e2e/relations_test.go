package e2e

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
)

// wireRelation is the Relationship entity with the fields go-mastodon leaves out
// (blocked_by, requested_by).
type wireRelation struct {
	ID                  string `json:"id"`
	Following           bool   `json:"following"`
	FollowedBy          bool   `json:"followed_by"`
	Requested           bool   `json:"requested"`
	RequestedBy         bool   `json:"requested_by"`
	Blocking            bool   `json:"blocking"`
	BlockedBy           bool   `json:"blocked_by"`
	Muting              bool   `json:"muting"`
	MutingNotifications bool   `json:"muting_notifications"`
	ShowingReblogs      bool   `json:"showing_reblogs"`
}

// relationWith returns how the token's account stands to the account id, read
// with GET /api/v1/accounts/relationships.
func relationWith(t *testing.T, r *rig, token string, id mastodon.ID) wireRelation {
	t.Helper()
	var list []wireRelation
	getJSON(t, r, "/api/v1/accounts/relationships?id[]="+string(id), token, &list)
	if len(list) != 1 {
		t.Fatalf("relationships with %s: %d entries, want 1", id, len(list))
	}
	return list[0]
}

// postRelation POSTs to an endpoint answering with a Relationship (form body form)
// and returns it, failing unless the status is 200.
func postRelation(t *testing.T, r *rig, path, token, form string) wireRelation {
	t.Helper()
	status, body, _ := r.do("POST", path, token, "application/x-www-form-urlencoded", form)
	if status != http.StatusOK {
		t.Fatalf("POST %s: %d %s", path, status, body)
	}
	var rel wireRelation
	mustJSON(t, body, &rel)
	return rel
}

// statusIDs returns a function that takes what a go-mastodon call returning
// statuses returned and gives the IDs, failing the test on an error:
// statusIDs(t, "home")(c.GetTimelineHome(ctx, nil)).
func statusIDs(t *testing.T, what string) func([]*mastodon.Status, error) []string {
	return func(list []*mastodon.Status, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return ids(list)
	}
}

// wantIDs compares lists of status IDs.
func wantIDs(t *testing.T, what string, want []*mastodon.Status, got []string) {
	t.Helper()
	if diff := cmp.Diff(ids(want), got, cmpNilEmpty); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// accountCounts returns followers_count and following_count of the account.
func accountCounts(t *testing.T, c *mastodon.Client, id mastodon.ID) [2]int64 {
	t.Helper()
	a, err := c.GetAccount(context.Background(), id)
	if err != nil {
		t.Fatalf("GET account %s: %v", id, err)
	}
	return [2]int64{a.FollowersCount, a.FollowingCount}
}

func mid(a *agora.Account) mastodon.ID { return mastodon.ID(a.ID.String()) }

// TestFollowRequests covers locked accounts: a follow becomes a request, listed in
// GET /api/v1/follow_requests, and private statuses stay hidden until the request
// is authorized; reject and unfollow end requests.
func TestFollowRequests(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testFollowRequests(t, b) })
	}
}

func testFollowRequests(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, carol, dave := r.mustAccount("alice"), r.mustAccount("bob"), r.mustAccount("carol"), r.mustAccount("dave")
	ac, bc, cc, dc := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol"), r.passwordLogin("dave")
	anon := r.client("")
	atok := ac.Config.AccessToken

	status, body, _ := r.do("PATCH", "/api/v1/accounts/update_credentials", atok, "application/x-www-form-urlencoded", "locked=true")
	if status != http.StatusOK {
		t.Fatalf("lock: %d %s", status, body)
	}
	if a, err := anon.GetAccount(ctx, mid(alice)); err != nil || !a.Locked {
		t.Fatalf("alice after locking: %+v, %v; want locked", a, err)
	}
	pub := post(t, ac, &mastodon.Toot{Status: "open to all"})
	priv := post(t, ac, &mastodon.Toot{Status: "followers only", Visibility: "private"})

	// Following a locked account asks to.
	for range 2 { // asking twice changes nothing
		rel, err := bc.AccountFollow(ctx, mid(alice))
		if err != nil {
			t.Fatal(err)
		}
		if rel.ID != mid(alice) || !rel.Requested || rel.Following || rel.ShowingReblogs {
			t.Errorf("bob follows locked alice = %+v, want requested, not following", rel)
		}
	}
	if _, err := cc.AccountFollow(ctx, mid(carol)); !isStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("carol follows herself: %v, want 422", err)
	}
	if _, err := cc.AccountFollow(ctx, mid(alice)); err != nil {
		t.Fatal(err)
	}
	if got, want := relationWith(t, r, bc.Config.AccessToken, mid(alice)), (wireRelation{ID: alice.ID.String(), Requested: true}); got != want {
		t.Errorf("bob to alice = %+v, want %+v", got, want)
	}
	if got, want := relationWith(t, r, atok, mid(bob)), (wireRelation{ID: bob.ID.String(), RequestedBy: true}); got != want {
		t.Errorf("alice to bob = %+v, want %+v", got, want)
	}
	if got := accountCounts(t, anon, mid(alice)); got != [2]int64{0, 0} {
		t.Errorf("alice's followers, following with requests pending = %v, want zeros", got)
	}

	t.Run("list with paging", func(t *testing.T) {
		pg := &mastodon.Pagination{Limit: 1}
		var seen []mastodon.ID
		for i := 0; i < 5; i++ {
			page, err := ac.GetFollowRequests(ctx, pg)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			if len(page) != 1 {
				t.Fatalf("page of limit 1 has %d accounts", len(page))
			}
			seen = append(seen, page[0].ID)
			if pg.MaxID == "" {
				t.Fatalf("no Link to the next page after %v", seen)
			}
		}
		if diff := cmp.Diff([]mastodon.ID{mid(carol), mid(bob)}, seen); diff != "" {
			t.Errorf("follow requests, newest first (-want +got):\n%s", diff)
		}
		if list, err := bc.GetFollowRequests(ctx, nil); err != nil || len(list) != 0 {
			t.Errorf("bob's follow requests = %v, %v; want none", accountIDs(list), err)
		}
	})

	// Until authorized, bob sees only what anyone sees.
	if _, err := bc.GetStatus(ctx, priv.ID); !isStatus(err, http.StatusNotFound) {
		t.Errorf("bob GETs the private status before authorization: %v, want 404", err)
	}
	wantIDs(t, "alice's statuses for bob before authorization", []*mastodon.Status{pub},
		statusIDs(t, "account statuses")(bc.GetAccountStatuses(ctx, mid(alice), nil)))
	wantIDs(t, "bob's home before authorization", nil, statusIDs(t, "home")(bc.GetTimelineHome(ctx, nil)))

	// Only a request that exists can be authorized or rejected.
	for _, id := range []mastodon.ID{mid(dave), mid(alice), "999999"} {
		if err := ac.FollowRequestAuthorize(ctx, id); !isStatus(err, http.StatusNotFound) {
			t.Errorf("authorize %s, who did not ask: %v, want 404", id, err)
		}
		if err := ac.FollowRequestReject(ctx, id); !isStatus(err, http.StatusNotFound) {
			t.Errorf("reject %s, who did not ask: %v, want 404", id, err)
		}
	}
	if err := bc.FollowRequestAuthorize(ctx, mid(carol)); !isStatus(err, http.StatusNotFound) {
		t.Errorf("bob authorizes carol's request to alice: %v, want 404", err)
	}

	got := postRelation(t, r, "/api/v1/follow_requests/"+bob.ID.String()+"/authorize", atok, "")
	if want := (wireRelation{ID: bob.ID.String(), FollowedBy: true}); got != want {
		t.Errorf("authorize bob = %+v, want %+v", got, want)
	}
	if got, want := relationWith(t, r, bc.Config.AccessToken, mid(alice)), (wireRelation{ID: alice.ID.String(), Following: true, ShowingReblogs: true}); got != want {
		t.Errorf("bob to alice after authorization = %+v, want %+v", got, want)
	}
	if err := ac.FollowRequestAuthorize(ctx, mid(bob)); !isStatus(err, http.StatusNotFound) {
		t.Errorf("authorize bob twice: %v, want 404", err)
	}
	if got, want := accountCounts(t, anon, mid(alice)), [2]int64{1, 0}; got != want {
		t.Errorf("alice's followers, following = %v, want %v", got, want)
	}
	if got, want := accountCounts(t, anon, mid(bob)), [2]int64{0, 1}; got != want {
		t.Errorf("bob's followers, following = %v, want %v", got, want)
	}

	// Now bob sees the private status, and new ones reach his home.
	if st, err := bc.GetStatus(ctx, priv.ID); err != nil || st.ID != priv.ID {
		t.Errorf("bob GETs the private status after authorization: %v, %v", st, err)
	}
	wantIDs(t, "alice's statuses for bob", []*mastodon.Status{priv, pub},
		statusIDs(t, "account statuses")(bc.GetAccountStatuses(ctx, mid(alice), nil)))
	wantIDs(t, "bob's home after authorization", []*mastodon.Status{priv, pub},
		statusIDs(t, "home")(bc.GetTimelineHome(ctx, nil)))
	priv2 := post(t, ac, &mastodon.Toot{Status: "more for followers", Visibility: "private"})
	wantIDs(t, "bob's home after a new private status", []*mastodon.Status{priv2, priv, pub},
		statusIDs(t, "home")(bc.GetTimelineHome(ctx, nil)))

	// Reject carol: her request is gone and she still sees nothing private.
	got = postRelation(t, r, "/api/v1/follow_requests/"+carol.ID.String()+"/reject", atok, "")
	if want := (wireRelation{ID: carol.ID.String()}); got != want {
		t.Errorf("reject carol = %+v, want %+v", got, want)
	}
	if got, want := relationWith(t, r, cc.Config.AccessToken, mid(alice)), (wireRelation{ID: alice.ID.String()}); got != want {
		t.Errorf("carol to alice after rejection = %+v, want %+v", got, want)
	}
	if _, err := cc.GetStatus(ctx, priv.ID); !isStatus(err, http.StatusNotFound) {
		t.Errorf("rejected carol GETs the private status: %v, want 404", err)
	}
	wantIDs(t, "carol's home after rejection", nil, statusIDs(t, "home")(cc.GetTimelineHome(ctx, nil)))
	if list, err := ac.GetFollowRequests(ctx, nil); err != nil || len(list) != 0 {
		t.Errorf("follow requests after authorize and reject = %v, %v; want none", accountIDs(list), err)
	}

	// Unfollowing withdraws a request.
	if rel, err := dc.AccountFollow(ctx, mid(alice)); err != nil || !rel.Requested {
		t.Fatalf("dave follows alice: %+v, %v", rel, err)
	}
	rel, err := dc.AccountUnfollow(ctx, mid(alice))
	if err != nil || rel.Requested || rel.Following {
		t.Errorf("dave unfollows: %+v, %v; want the request withdrawn", rel, err)
	}
	if got, want := relationWith(t, r, atok, mid(dave)), (wireRelation{ID: dave.ID.String()}); got != want {
		t.Errorf("alice to dave after the withdrawal = %+v, want %+v", got, want)
	}
	if list, err := ac.GetFollowRequests(ctx, nil); err != nil || len(list) != 0 {
		t.Errorf("follow requests after the withdrawal = %v, %v; want none", accountIDs(list), err)
	}
	if err := ac.FollowRequestAuthorize(ctx, mid(dave)); !isStatus(err, http.StatusNotFound) {
		t.Errorf("authorize a withdrawn request: %v, want 404", err)
	}
	if got, want := accountCounts(t, anon, mid(alice)), [2]int64{1, 0}; got != want {
		t.Errorf("alice's followers, following at the end = %v, want %v", got, want)
	}

	// A block ends a request.
	if rel, err := dc.AccountFollow(ctx, mid(alice)); err != nil || !rel.Requested {
		t.Fatalf("dave follows alice again: %+v, %v", rel, err)
	}
	if _, err := ac.AccountBlock(ctx, mid(dave)); err != nil {
		t.Fatal(err)
	}
	if got, want := relationWith(t, r, dc.Config.AccessToken, mid(alice)), (wireRelation{ID: alice.ID.String(), BlockedBy: true}); got != want {
		t.Errorf("dave to alice after the block = %+v, want %+v", got, want)
	}
	if list, err := ac.GetFollowRequests(ctx, nil); err != nil || len(list) != 0 {
		t.Errorf("follow requests after the block = %v, %v; want none", accountIDs(list), err)
	}
}

// TestBlocks covers blocking: follows end both ways, the blocked account's statuses
// (and statuses mentioning it) leave the blocker's timelines, threads and search,
// the blocker is invisible to the blocked account, and neither can follow the other.
func TestBlocks(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testBlocks(t, b) })
	}
}

func testBlocks(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, carol, dave := r.mustAccount("alice"), r.mustAccount("bob"), r.mustAccount("carol"), r.mustAccount("dave")
	ac, bc, cc := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol")
	anon := r.client("")
	atok, btok := ac.Config.AccessToken, bc.Config.AccessToken
	for _, f := range []struct {
		c  *mastodon.Client
		to *agora.Account
	}{{ac, bob}, {ac, carol}, {bc, alice}} {
		if _, err := f.c.AccountFollow(ctx, mid(f.to)); err != nil {
			t.Fatal(err)
		}
	}

	b1 := post(t, bc, &mastodon.Toot{Status: "bob says #blocktag hello"})
	c1 := post(t, cc, &mastodon.Toot{Status: "@bob look at this"})
	c2 := post(t, cc, &mastodon.Toot{Status: "carol alone"})
	a1 := post(t, ac, &mastodon.Toot{Status: "alice asks #blocktag"})
	b2 := post(t, bc, &mastodon.Toot{Status: "@alice bob answers", InReplyToID: a1.ID})
	c3 := post(t, cc, &mastodon.Toot{Status: "@alice carol answers", InReplyToID: a1.ID})
	home := func(c *mastodon.Client) []string { return statusIDs(t, "home")(c.GetTimelineHome(ctx, nil)) }
	public := func(c *mastodon.Client) []string { return statusIDs(t, "public")(c.GetTimelinePublic(ctx, false, nil)) }
	tagged := func(c *mastodon.Client) []string {
		return statusIDs(t, "tag timeline")(c.GetTimelineHashtag(ctx, "blocktag", false, nil))
	}
	wantIDs(t, "alice's home before the block", []*mastodon.Status{c3, b2, a1, c2, c1, b1}, home(ac))

	rel, err := ac.AccountBlock(ctx, mid(bob))
	if err != nil {
		t.Fatal(err)
	}
	if rel.ID != mid(bob) || !rel.Blocking || rel.Following || rel.FollowedBy || rel.Muting {
		t.Errorf("block = %+v, want blocking only", rel)
	}
	if _, err := ac.AccountBlock(ctx, mid(bob)); err != nil {
		t.Errorf("blocking twice: %v", err)
	}
	if got, want := relationWith(t, r, atok, mid(bob)), (wireRelation{ID: bob.ID.String(), Blocking: true}); got != want {
		t.Errorf("alice to bob = %+v, want %+v", got, want)
	}
	if got, want := relationWith(t, r, btok, mid(alice)), (wireRelation{ID: alice.ID.String(), BlockedBy: true}); got != want {
		t.Errorf("bob to alice = %+v, want %+v", got, want)
	}
	// The block ended the follows both ways.
	for _, tc := range []struct {
		who  *agora.Account
		want [2]int64
	}{{alice, [2]int64{0, 1}}, {bob, [2]int64{0, 0}}, {carol, [2]int64{1, 0}}} {
		if got := accountCounts(t, anon, mid(tc.who)); got != tc.want {
			t.Errorf("%s: followers, following after the block = %v, want %v", tc.who.Username, got, tc.want)
		}
	}
	b3 := post(t, bc, &mastodon.Toot{Status: "bob again #blocktag"})
	// Carol, whom alice follows, boosts bob: the boost stays out of alice's home.
	boost, err := cc.Reblog(ctx, b1.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "carol's home with her boost", []*mastodon.Status{boost, c3, c2, c1},
		statusIDs(t, "home")(cc.GetTimelineHome(ctx, nil)))

	t.Run("the blocker", func(t *testing.T) {
		// Bob's statuses and carol's mentioning bob are gone from alice's lists.
		wantIDs(t, "alice's home", []*mastodon.Status{c3, a1, c2}, home(ac))
		wantIDs(t, "public for alice", []*mastodon.Status{a1, c2}, public(ac))
		wantIDs(t, "public for anyone", []*mastodon.Status{b3, a1, c2, c1, b1}, public(anon))
		wantIDs(t, "#blocktag for alice", []*mastodon.Status{a1}, tagged(ac))
		wantIDs(t, "#blocktag for anyone", []*mastodon.Status{b3, a1, b1}, tagged(anon))
		thread, err := ac.GetStatusContext(ctx, a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, "replies to a1 for alice", []*mastodon.Status{c3}, ids(thread.Descendants))
		if thread, err = anon.GetStatusContext(ctx, a1.ID); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, "replies to a1 for anyone", []*mastodon.Status{b2, c3}, ids(thread.Descendants))
		// As in Mastodon, the blocker may still look at the blocked account's profile.
		if _, err := ac.GetStatus(ctx, b1.ID); err != nil {
			t.Errorf("alice GETs bob's status: %v", err)
		}
		wantIDs(t, "bob's statuses for alice", []*mastodon.Status{b3, b2, b1},
			statusIDs(t, "account statuses")(ac.GetAccountStatuses(ctx, mid(bob), nil)))
		// Search finds bob's account for alice, as Mastodon's does (she must find
		// him to unblock him), but none of his statuses; carol finds both.
		for _, tc := range []struct {
			c          *mastodon.Client
			q          string
			accounts   []mastodon.ID
			statusesOf []*mastodon.Status
		}{
			{ac, "hello", nil, nil},
			{cc, "hello", nil, []*mastodon.Status{b1}},
			{ac, "bob", []mastodon.ID{mid(bob)}, nil},
			{cc, "bob", []mastodon.ID{mid(bob)}, []*mastodon.Status{b3, b2, c1, b1}},
			{ac, "#blocktag", nil, []*mastodon.Status{a1}},
			{cc, "#blocktag", nil, []*mastodon.Status{b3, a1, b1}},
			{ac, "look", nil, nil}, // mentions bob
		} {
			res, err := tc.c.Search(ctx, tc.q, false)
			if err != nil {
				t.Fatalf("search %q: %v", tc.q, err)
			}
			if diff := cmp.Diff(tc.accounts, accountIDs(res.Accounts), cmpNilEmpty); diff != "" {
				t.Errorf("search %q: accounts (-want +got):\n%s", tc.q, diff)
			}
			wantIDs(t, "search "+tc.q+": statuses", tc.statusesOf, ids(res.Statuses))
		}
	})

	t.Run("the blocked", func(t *testing.T) {
		// Alice is invisible to bob.
		if _, err := bc.GetStatus(ctx, a1.ID); !isStatus(err, http.StatusNotFound) {
			t.Errorf("bob GETs alice's status: %v, want 404", err)
		}
		wantIDs(t, "alice's statuses for bob", nil,
			statusIDs(t, "account statuses")(bc.GetAccountStatuses(ctx, mid(alice), nil)))
		wantIDs(t, "public for bob", []*mastodon.Status{b3, c2, c1, b1}, public(bc))
		wantIDs(t, "#blocktag for bob", []*mastodon.Status{b3, b1}, tagged(bc))
		wantIDs(t, "bob's home", []*mastodon.Status{b3, b2, b1}, home(bc))
		thread, err := bc.GetStatusContext(ctx, b2.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, "ancestors of b2 for bob", nil, ids(thread.Ancestors))
		// Search finds alice's account, as Mastodon's does, but not her
		// statuses; others' mentioning her stay.
		res, err := bc.Search(ctx, "alice", false)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]mastodon.ID{mid(alice)}, accountIDs(res.Accounts)); diff != "" {
			t.Errorf("bob searches alice: accounts (-want +got):\n%s", diff)
		}
		wantIDs(t, "bob searches alice: statuses", []*mastodon.Status{c3, b2}, ids(res.Statuses))
		if res, err := bc.Search(ctx, "asks", false); err != nil || len(res.Statuses) != 0 {
			t.Errorf("bob searches alice's words: %v, %v; want nothing", res, err)
		}
	})

	// Neither may follow the other.
	if _, err := bc.AccountFollow(ctx, mid(alice)); !isStatus(err, http.StatusForbidden) {
		t.Errorf("bob follows alice, who blocks him: %v, want 403", err)
	}
	if _, err := ac.AccountFollow(ctx, mid(bob)); !isStatus(err, http.StatusForbidden) {
		t.Errorf("alice follows bob, whom she blocks: %v, want 403", err)
	}
	if got := accountCounts(t, anon, mid(alice)); got != [2]int64{0, 1} {
		t.Errorf("alice's counts after refused follows = %v, want [0 1]", got)
	}
	if _, err := ac.AccountBlock(ctx, mid(alice)); !isStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("alice blocks herself: %v, want 422", err)
	}
	if _, err := ac.AccountBlock(ctx, "999999"); !isStatus(err, http.StatusNotFound) {
		t.Errorf("block an unknown account: %v, want 404", err)
	}

	t.Run("list with paging", func(t *testing.T) {
		if _, err := ac.AccountBlock(ctx, mid(dave)); err != nil {
			t.Fatal(err)
		}
		pg := &mastodon.Pagination{Limit: 1}
		var seen []mastodon.ID
		for i := 0; i < 5; i++ {
			page, err := ac.GetBlocks(ctx, pg)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			seen = append(seen, accountIDs(page)...)
		}
		if diff := cmp.Diff([]mastodon.ID{mid(dave), mid(bob)}, seen); diff != "" {
			t.Errorf("blocks, newest first (-want +got):\n%s", diff)
		}
		if list, err := bc.GetBlocks(ctx, nil); err != nil || len(list) != 0 {
			t.Errorf("bob's blocks = %v, %v; want none", accountIDs(list), err)
		}
	})

	// Unblocking brings bob's statuses back, but not the follows.
	rel, err = ac.AccountUnblock(ctx, mid(bob))
	if err != nil || rel.Blocking || rel.Following || rel.FollowedBy {
		t.Errorf("unblock = %+v, %v; want no relation", rel, err)
	}
	if got, want := relationWith(t, r, btok, mid(alice)), (wireRelation{ID: alice.ID.String()}); got != want {
		t.Errorf("bob to alice after unblock = %+v, want %+v", got, want)
	}
	wantIDs(t, "public for alice after unblock", []*mastodon.Status{b3, a1, c2, c1, b1}, public(ac))
	if _, err := bc.GetStatus(ctx, a1.ID); err != nil {
		t.Errorf("bob GETs alice's status after unblock: %v", err)
	}
	if list, err := ac.GetBlocks(ctx, nil); err != nil || !cmp.Equal(accountIDs(list), []mastodon.ID{mid(dave)}) {
		t.Errorf("blocks after unblock = %v, %v; want dave", accountIDs(list), err)
	}
}

// mutedAccount is an entry of GET /api/v1/mutes.
type mutedAccount struct {
	ID            string  `json:"id"`
	MuteExpiresAt *string `json:"mute_expires_at"`
}

// TestMutes covers muting: the muted account's statuses leave the muter's
// timelines, threads and search but stay readable directly; GET /api/v1/mutes with
// paging and mute_expires_at; a timed mute ends by itself.
func TestMutes(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel() // each waits for a mute to end; wait once for all backends
			testMutes(t, b)
		})
	}
}

func testMutes(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, carol, dave, erin := r.mustAccount("alice"), r.mustAccount("bob"), r.mustAccount("carol"), r.mustAccount("dave"), r.mustAccount("erin")
	ac, bc, dc := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("dave")
	atok := ac.Config.AccessToken
	if _, err := ac.AccountFollow(ctx, mid(bob)); err != nil {
		t.Fatal(err)
	}
	home := func() []string { return statusIDs(t, "home")(ac.GetTimelineHome(ctx, nil)) }
	public := func() []string { return statusIDs(t, "public")(ac.GetTimelinePublic(ctx, false, nil)) }
	mutes := func() []mutedAccount {
		var list []mutedAccount
		getJSON(t, r, "/api/v1/mutes", atok, &list)
		return list
	}
	searchIDs := func(q string) []string {
		res, err := ac.Search(ctx, q, false)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		return ids(res.Statuses)
	}

	// A mute for one second, first, so that the test waits for its end as little as
	// it can. Dave's status is unlisted, and alice does not follow him, so it is in
	// none of the timelines checked below, whenever the mute ends; search shows it.
	d1 := post(t, dc, &mastodon.Toot{Status: "dave drones on", Visibility: "unlisted"})
	before := time.Now()
	got := postRelation(t, r, "/api/v1/accounts/"+dave.ID.String()+"/mute", atok, "duration=1")
	muteEnds := time.Now().Add(time.Second)
	if want := (wireRelation{ID: dave.ID.String(), Muting: true, MutingNotifications: true}); got != want {
		t.Errorf("timed mute = %+v, want %+v", got, want)
	}
	list := mutes()
	if len(list) != 1 || list[0].ID != dave.ID.String() || list[0].MuteExpiresAt == nil {
		t.Fatalf("mutes = %+v, want dave with an end", list)
	}
	end, err := time.Parse(time.RFC3339, *list[0].MuteExpiresAt)
	if err != nil || end.Before(before.Add(time.Second).Truncate(time.Millisecond)) || end.After(muteEnds) {
		t.Errorf("mute_expires_at = %s (%v), want a second after %s", *list[0].MuteExpiresAt, err, before)
	}
	wantIDs(t, "search for dave's words while muted", nil, searchIDs("drones"))

	m1 := post(t, bc, &mastodon.Toot{Status: "bob mutters #mutetag quietly"})
	a1 := post(t, ac, &mastodon.Toot{Status: "alice asks"})
	m2 := post(t, bc, &mastodon.Toot{Status: "@alice bob answers", InReplyToID: a1.ID})
	rel, err := ac.AccountMute(ctx, mid(bob))
	if err != nil {
		t.Fatal(err)
	}
	if rel.ID != mid(bob) || !rel.Muting || !rel.MutingNotifications || !rel.Following || rel.Blocking {
		t.Errorf("mute = %+v, want muting with notifications, still following", rel)
	}
	got = postRelation(t, r, "/api/v1/accounts/"+carol.ID.String()+"/mute", atok, "notifications=false")
	if want := (wireRelation{ID: carol.ID.String(), Muting: true}); got != want {
		t.Errorf("mute without notifications = %+v, want %+v", got, want)
	}
	got = postRelation(t, r, "/api/v1/accounts/"+erin.ID.String()+"/mute", atok, "duration=3600")
	if want := (wireRelation{ID: erin.ID.String(), Muting: true, MutingNotifications: true}); got != want {
		t.Errorf("mute for an hour = %+v, want %+v", got, want)
	}

	t.Run("timelines", func(t *testing.T) {
		wantIDs(t, "alice's home", []*mastodon.Status{a1}, home())
		wantIDs(t, "public for alice", []*mastodon.Status{a1}, public())
		wantIDs(t, "#mutetag for alice", nil,
			statusIDs(t, "tag timeline")(ac.GetTimelineHashtag(ctx, "mutetag", false, nil)))
		thread, err := ac.GetStatusContext(ctx, a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, "replies to a1 for alice", nil, ids(thread.Descendants))
		if thread, err = bc.GetStatusContext(ctx, a1.ID); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, "replies to a1 for bob", []*mastodon.Status{m2}, ids(thread.Descendants))
		wantIDs(t, "search for bob's words", nil, searchIDs("quietly"))
		// Still readable directly.
		if st, err := ac.GetStatus(ctx, m1.ID); err != nil || st.ID != m1.ID {
			t.Errorf("alice GETs bob's status: %v, %v", st, err)
		}
		wantIDs(t, "bob's statuses for alice", []*mastodon.Status{m2, m1},
			statusIDs(t, "account statuses")(ac.GetAccountStatuses(ctx, mid(bob), nil)))
	})

	t.Run("list with paging", func(t *testing.T) {
		var seen []mutedAccount
		for path := "/api/v1/mutes?limit=2"; path != ""; {
			var page []mutedAccount
			hdr := getJSON(t, r, path, atok, &page)
			if len(page) == 0 {
				break
			}
			for _, m := range page {
				if m.ID != dave.ID.String() { // his mute may have ended by now
					seen = append(seen, m)
				}
			}
			path, _ = links(t, r, hdr)
		}
		if len(seen) != 3 || seen[0].ID != erin.ID.String() || seen[1].ID != carol.ID.String() || seen[2].ID != bob.ID.String() ||
			seen[0].MuteExpiresAt == nil || seen[1].MuteExpiresAt != nil || seen[2].MuteExpiresAt != nil {
			t.Errorf("mutes, newest first = %+v, want erin with an end, carol and bob without", seen)
		}
	})

	if _, err := ac.AccountMute(ctx, mid(alice)); !isStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("alice mutes herself: %v, want 422", err)
	}
	if _, err := ac.AccountMute(ctx, "999999"); !isStatus(err, http.StatusNotFound) {
		t.Errorf("mute an unknown account: %v, want 404", err)
	}
	for _, form := range []string{"duration=-1", "duration=soon"} { // notifications=perhaps is true, as in Rails
		status, body, _ := r.do("POST", "/api/v1/accounts/"+bob.ID.String()+"/mute", atok, "application/x-www-form-urlencoded", form)
		if status != http.StatusBadRequest {
			t.Errorf("mute with %s: %d %s, want 400", form, status, body)
		}
	}

	// Unmuting brings bob's statuses back.
	rel, err = ac.AccountUnmute(ctx, mid(bob))
	if err != nil || rel.Muting || rel.MutingNotifications || !rel.Following {
		t.Errorf("unmute = %+v, %v", rel, err)
	}
	wantIDs(t, "alice's home after unmuting bob", []*mastodon.Status{m2, a1, m1}, home())
	wantIDs(t, "public for alice after unmuting bob", []*mastodon.Status{a1, m1}, public())

	// The timed mute ends by itself.
	time.Sleep(time.Until(muteEnds) + 50*time.Millisecond)
	if got, want := relationWith(t, r, atok, mid(dave)), (wireRelation{ID: dave.ID.String()}); got != want {
		t.Errorf("alice to dave after the mute ended = %+v, want %+v", got, want)
	}
	wantIDs(t, "search for dave's words after the mute ended", []*mastodon.Status{d1}, searchIDs("drones"))
	list = mutes()
	if len(list) != 2 || list[0].ID != erin.ID.String() || list[1].ID != carol.ID.String() {
		t.Errorf("mutes after the timed mute ended = %+v, want erin and carol", list)
	}
}
