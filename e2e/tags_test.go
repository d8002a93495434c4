package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// wireTag is the Tag entity, with following as sent (absent for anonymous readers).
type wireTag struct {
	Name    string `json:"name"`
	URL     string `json:"url"`
	History []struct {
		Day      string `json:"day"`
		Uses     string `json:"uses"`
		Accounts string `json:"accounts"`
	} `json:"history"`
	Following *bool `json:"following"`
}

// today returns the start of the current UTC day as Unix seconds, in a string.
func today() string { return strconv.FormatInt(time.Now().UTC().Truncate(24*time.Hour).Unix(), 10) }

// checkHistory checks a tag's history: seven days, newest first, from the day
// given, with the uses and accounts of that day and none on the others.
func checkHistory(t *testing.T, tag wireTag, day, uses, accounts string) {
	t.Helper()
	if len(tag.History) != 7 {
		t.Fatalf("#%s: %d days of history, want 7", tag.Name, len(tag.History))
	}
	first, _ := strconv.ParseInt(day, 10, 64)
	for i, h := range tag.History {
		wantDay, wantUses, wantAccounts := strconv.FormatInt(first-int64(i)*86400, 10), "0", "0"
		if i == 0 {
			wantUses, wantAccounts = uses, accounts
		}
		if h.Day != wantDay || h.Uses != wantUses || h.Accounts != wantAccounts {
			t.Errorf("#%s: history[%d] = %+v, want day %s, uses %s, accounts %s", tag.Name, i, h, wantDay, wantUses, wantAccounts)
		}
	}
}

// TestHashtags covers GET /api/v1/tags/:name, following and unfollowing hashtags,
// GET /api/v1/followed_tags, and followed hashtags in the home timeline.
func TestHashtags(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testHashtags(t, b) })
	}
}

func testHashtags(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	for _, name := range []string{"alice", "bob", "carol", "dave"} {
		r.mustAccount(name)
	}
	ac, bc, cc, dc := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol"), r.passwordLogin("dave")
	atok := ac.Config.AccessToken
	day := today()
	b1 := post(t, bc, &mastodon.Toot{Status: "#GoLang rocks"})
	b2 := post(t, bc, &mastodon.Toot{Status: "more #golang and #golang again"})
	c1 := post(t, cc, &mastodon.Toot{Status: "#golang too"})
	if today() != day {
		t.Skip("the UTC day changed during the test")
	}

	t.Run("tag", func(t *testing.T) {
		var tag wireTag
		getJSON(t, r, "/api/v1/tags/GOLANG", "", &tag)
		if tag.Name != "golang" || tag.URL != r.srv.URL+"/tags/golang" || tag.Following != nil {
			t.Errorf("GET tag, anonymous = %+v, want golang without following", tag)
		}
		checkHistory(t, tag, day, "3", "2")
		getJSON(t, r, "/api/v1/tags/golang", atok, &tag)
		if tag.Following == nil || *tag.Following {
			t.Errorf("GET tag, alice: following = %v, want false", tag.Following)
		}
		got, err := ac.TagInfo(ctx, "GoLang")
		if err != nil || got.Name != "golang" || len(got.History) != 7 || got.History[0].Uses != 3 || got.History[0].Accounts != 2 {
			t.Errorf("TagInfo = %+v, %v", got, err)
		}
		for _, tc := range []struct {
			name string
			want int
		}{{"neverused", 404}, {"123", 400}, {"no%20tag", 400}, {"%23", 400}, {"a-b", 400}} {
			if status, body, _ := r.do("GET", "/api/v1/tags/"+tc.name, atok, "", ""); status != tc.want {
				t.Errorf("GET tag %s: %d %s, want %d", tc.name, status, body, tc.want)
			}
		}
	})

	wantIDs(t, "alice's home before following #golang", nil, statusIDs(t, "home")(ac.GetTimelineHome(ctx, nil)))
	for range 2 { // following twice changes nothing
		tag, err := ac.TagFollow(ctx, "GoLang")
		if err != nil || tag.Name != "golang" || !tag.Following {
			t.Fatalf("follow #GoLang = %+v, %v", tag, err)
		}
	}
	// The public statuses with the tag reach alice's home, by authors she does not
	// follow; unlisted and private ones do not.
	wantIDs(t, "alice's home after following #golang", []*mastodon.Status{c1, b2, b1},
		statusIDs(t, "home")(ac.GetTimelineHome(ctx, nil)))
	d1 := post(t, dc, &mastodon.Toot{Status: "dave likes #golang"})
	post(t, dc, &mastodon.Toot{Status: "dave whispers #golang", Visibility: "unlisted"})
	post(t, dc, &mastodon.Toot{Status: "dave's friends #golang", Visibility: "private"})
	post(t, dc, &mastodon.Toot{Status: "dave without the tag"})
	wantIDs(t, "alice's home after new statuses", []*mastodon.Status{d1, c1, b2, b1},
		statusIDs(t, "home")(ac.GetTimelineHome(ctx, nil)))

	t.Run("followed tags", func(t *testing.T) {
		for _, name := range []string{"rust", "zig"} { // never used: may be followed
			if tag, err := ac.TagFollow(ctx, name); err != nil || !tag.Following {
				t.Fatalf("follow #%s = %+v, %v", name, tag, err)
			}
		}
		var tag wireTag
		getJSON(t, r, "/api/v1/tags/zig", atok, &tag)
		if tag.Name != "zig" || tag.Following == nil || !*tag.Following {
			t.Errorf("GET followed unused tag = %+v", tag)
		}
		checkHistory(t, tag, day, "0", "0")
		if status, _, _ := r.do("GET", "/api/v1/tags/zig", "", "", ""); status != http.StatusNotFound {
			t.Errorf("GET unused tag, anonymous: %d, want 404", status)
		}
		pg := &mastodon.Pagination{Limit: 2}
		var seen []string
		for i := 0; i < 5; i++ {
			page, err := ac.TagsFollowed(ctx, pg)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, tag := range page {
				if !tag.Following {
					t.Errorf("followed tag %s: following false", tag.Name)
				}
				seen = append(seen, tag.Name)
			}
		}
		if diff := cmp.Diff([]string{"zig", "rust", "golang"}, seen); diff != "" {
			t.Errorf("followed tags, newest first (-want +got):\n%s", diff)
		}
		if list, err := bc.TagsFollowed(ctx, nil); err != nil || len(list) != 0 {
			t.Errorf("bob's followed tags = %v, %v; want none", list, err)
		}
	})

	// Following more tags rebuilt alice's home from the database, to the same.
	wantIDs(t, "alice's home, rebuilt", []*mastodon.Status{d1, c1, b2, b1},
		statusIDs(t, "home")(ac.GetTimelineHome(ctx, nil)))

	tag, err := ac.TagUnfollow(ctx, "golang")
	if err != nil || tag.Name != "golang" || tag.Following {
		t.Errorf("unfollow #golang = %+v, %v", tag, err)
	}
	wantIDs(t, "alice's home after unfollowing #golang", nil, statusIDs(t, "home")(ac.GetTimelineHome(ctx, nil)))
	if tag, err := ac.TagUnfollow(ctx, "golang"); err != nil || tag.Following {
		t.Errorf("unfollow #golang again = %+v, %v", tag, err)
	}
	var names []string
	list, err := ac.TagsFollowed(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range list {
		names = append(names, tag.Name)
	}
	if diff := cmp.Diff([]string{"zig", "rust"}, names); diff != "" {
		t.Errorf("followed tags after unfollowing (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		path, token string
		want        int
	}{
		{"/api/v1/tags/123/follow", atok, 400},
		{"/api/v1/tags/no%20tag/unfollow", atok, 400},
		{"/api/v1/tags/golang/follow", "", 401},
	} {
		if status, body, _ := r.do("POST", tc.path, tc.token, "", ""); status != tc.want {
			t.Errorf("POST %s: %d %s, want %d", tc.path, status, body, tc.want)
		}
	}
}

// TestTrendingTags covers GET /api/v1/trends/tags: a hashtag used by many accounts
// ranks above one used many times by one account.
func TestTrendingTags(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testTrendingTags(t, b) })
	}
}

func testTrendingTags(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	var cs []*mastodon.Client
	for i := range 5 {
		name := fmt.Sprintf("user%d", i)
		r.mustAccount(name)
		cs = append(cs, r.passwordLogin(name))
	}
	day := today()
	for i, c := range cs {
		post(t, c, &mastodon.Toot{Status: fmt.Sprintf("#Popular %d", i)})
	}
	for i := range 12 {
		post(t, cs[0], &mastodon.Toot{Status: fmt.Sprintf("#spammy %d", i)})
	}
	post(t, cs[1], &mastodon.Toot{Status: "#middling one"})
	post(t, cs[2], &mastodon.Toot{Status: "#middling two"})
	// Statuses not public do not make a trend.
	for i, c := range cs {
		post(t, c, &mastodon.Toot{Status: fmt.Sprintf("@user0 #hushhush %d", i), Visibility: "direct"})
		post(t, c, &mastodon.Toot{Status: fmt.Sprintf("#hushhush %d", i), Visibility: "private"})
	}
	if today() != day {
		t.Skip("the UTC day changed during the test")
	}

	trends := func(path string) []wireTag {
		t.Helper()
		var list []wireTag
		getJSON(t, r, path, "", &list)
		return list
	}
	names := func(list []wireTag) []string {
		out := []string{}
		for _, tag := range list {
			out = append(out, tag.Name)
		}
		return out
	}
	all := trends("/api/v1/trends/tags")
	if diff := cmp.Diff([]string{"popular", "middling", "spammy"}, names(all)); diff != "" {
		t.Fatalf("trends (-want +got):\n%s", diff)
	}
	checkHistory(t, all[0], day, "5", "5")
	checkHistory(t, all[1], day, "2", "2")
	checkHistory(t, all[2], day, "12", "1")
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/api/v1/trends/tags?limit=1", []string{"popular"}},
		{"/api/v1/trends/tags?limit=2", []string{"popular", "middling"}},
		{"/api/v1/trends/tags?limit=1&offset=1", []string{"middling"}},
		{"/api/v1/trends/tags?offset=3", []string{}},
		{"/api/v1/trends", []string{"popular", "middling", "spammy"}},
	} {
		if diff := cmp.Diff(tc.want, names(trends(tc.path))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.path, diff)
		}
	}
	for _, path := range []string{"/api/v1/trends/tags?limit=0", "/api/v1/trends/tags?limit=21", "/api/v1/trends/tags?offset=-1"} {
		if status, body, _ := r.do("GET", path, "", "", ""); status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", path, status, body)
		}
	}
}
