package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/service"
)

// wireList is Mastodon's List entity with the fields go-mastodon leaves out.
type wireList struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	RepliesPolicy string `json:"replies_policy"`
	Exclusive     bool   `json:"exclusive"`
}

// listDo sends a form request as the token's account and decodes a 200 answer
// into v (when not nil); it fails the test on another status than want.
func listDo(t *testing.T, r *rig, token, method, path string, form url.Values, want int, v any) []byte {
	t.Helper()
	status, body, _ := r.do(method, path, token, "application/x-www-form-urlencoded", form.Encode())
	if status != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, status, body, want)
	}
	if v != nil {
		mustJSON(t, body, v)
	}
	return body
}

// TestLists_Timeline drives lists through go-mastodon and plain HTTP (checked
// against the schema): members, the list timeline fanned out on posting and
// rebuilt after a change, each replies policy, exclusive lists leaving home,
// and members leaving with an unfollow.
func TestLists_Timeline(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			for _, n := range []string{"alice", "bob", "carol", "dave"} {
				r.mustAccount(n)
			}
			alice, bob, carol := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol")
			tok := alice.Config.AccessToken
			id := func(n string) mastodon.ID { return mastodon.ID(r.mustAccountID(t, n)) }
			for _, n := range []string{"bob", "carol"} {
				if _, err := alice.AccountFollow(ctx, id(n)); err != nil {
					t.Fatal(err)
				}
			}
			l, err := alice.CreateList(ctx, "friends")
			if err != nil {
				t.Fatal(err)
			}
			var got wireList
			listDo(t, r, tok, "GET", "/api/v1/lists/"+string(l.ID), nil, http.StatusOK, &got)
			if want := (wireList{ID: string(l.ID), Title: "friends", RepliesPolicy: "list"}); got != want {
				t.Errorf("new list = %+v, want %+v", got, want)
			}
			bob1 := post(t, bob, &mastodon.Toot{Status: "bob before joining"})
			if err := alice.AddToList(ctx, l.ID, id("bob")); err != nil {
				t.Fatalf("add bob: %v", err)
			}
			// dave is not followed: 422, and nothing changes.
			body := listDo(t, r, tok, "POST", "/api/v1/lists/"+string(l.ID)+"/accounts",
				url.Values{"account_ids[]": {r.mustAccountID(t, "carol"), r.mustAccountID(t, "dave")}}, http.StatusUnprocessableEntity, nil)
			if !strings.Contains(string(body), "follow") {
				t.Errorf("adding an account not followed: %s, want a message saying why", body)
			}
			members, err := alice.GetListAccounts(ctx, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(members) != 1 || members[0].Username != "bob" {
				t.Fatalf("members after a refused addition: %v, want bob alone", members)
			}
			in, err := alice.GetAccountLists(ctx, id("bob"))
			if err != nil || len(in) != 1 || in[0].ID != l.ID {
				t.Fatalf("bob's lists: %v %v, want [friends]", in, err)
			}
			if in, err := alice.GetAccountLists(ctx, id("carol")); err != nil || len(in) != 0 {
				t.Fatalf("carol's lists: %v %v, want none", in, err)
			}

			timeline := func() []string {
				t.Helper()
				return statusIDs(t, "list timeline")(alice.GetTimelineList(ctx, l.ID, nil))
			}
			home := func() []string {
				t.Helper()
				return statusIDs(t, "home")(alice.GetTimelineHome(ctx, nil))
			}
			// Rebuilt from the database: bob's earlier post is there.
			wantIDs(t, "list after adding bob", []*mastodon.Status{bob1}, timeline())
			// Fanned out on posting.
			carol1 := post(t, carol, &mastodon.Toot{Status: "carol is not in the list"})
			bob2 := post(t, bob, &mastodon.Toot{Status: "bob in the list"})
			toAlice := post(t, bob, &mastodon.Toot{Status: "@alice a reply to alice", InReplyToID: post(t, alice, &mastodon.Toot{Status: "alice asks"}).ID})
			toCarol := post(t, bob, &mastodon.Toot{Status: "@carol a reply to carol", InReplyToID: carol1.ID})
			direct := post(t, bob, &mastodon.Toot{Status: "@alice secret", Visibility: "direct"})
			got1 := timeline()
			if slices.Contains(got1, string(carol1.ID)) || slices.Contains(got1, string(direct.ID)) {
				t.Errorf("list timeline %v holds carol's post or a direct one", got1)
			}
			for _, want := range []mastodon.ID{bob2.ID, toAlice.ID, bob1.ID} {
				if !slices.Contains(got1, string(want)) {
					t.Errorf("list timeline %v lacks %s", got1, want)
				}
			}
			if slices.Contains(got1, string(toCarol.ID)) {
				t.Errorf("policy list: a reply to carol (not a member) is in the list: %v", got1)
			}
			// followed: replies to anyone alice follows; the feed is rebuilt.
			listDo(t, r, tok, "PUT", "/api/v1/lists/"+string(l.ID), url.Values{"replies_policy": {"followed"}}, http.StatusOK, &got)
			if got.RepliesPolicy != "followed" || got.Title != "friends" {
				t.Errorf("after PUT replies_policy: %+v", got)
			}
			if !slices.Contains(timeline(), string(toCarol.ID)) {
				t.Errorf("policy followed: the reply to carol is not in the list")
			}
			toCarol2 := post(t, bob, &mastodon.Toot{Status: "@carol again", InReplyToID: carol1.ID})
			if !slices.Contains(timeline(), string(toCarol2.ID)) {
				t.Errorf("policy followed: a new reply to carol was not fanned out to the list")
			}
			// none: no replies to others, but those to alice.
			listDo(t, r, tok, "PUT", "/api/v1/lists/"+string(l.ID), url.Values{"replies_policy": {"none"}}, http.StatusOK, &got)
			got2 := timeline()
			if slices.Contains(got2, string(toCarol.ID)) || !slices.Contains(got2, string(toAlice.ID)) {
				t.Errorf("policy none: %v, want the reply to alice and not that to carol", got2)
			}

			// Exclusive: bob's posts leave alice's home; carol's stay.
			if h := home(); !slices.Contains(h, string(bob2.ID)) {
				t.Fatalf("home %v lacks bob's post before the list is exclusive", h)
			}
			listDo(t, r, tok, "PUT", "/api/v1/lists/"+string(l.ID), url.Values{"exclusive": {"true"}}, http.StatusOK, &got)
			if !got.Exclusive || got.RepliesPolicy != "none" {
				t.Errorf("after PUT exclusive: %+v", got)
			}
			bob3 := post(t, bob, &mastodon.Toot{Status: "bob while exclusive"})
			h := home()
			if slices.Contains(h, string(bob2.ID)) || slices.Contains(h, string(bob3.ID)) || !slices.Contains(h, string(carol1.ID)) {
				t.Errorf("home with bob in an exclusive list: %v, want carol's post and none of bob's (%s, %s)", h, bob2.ID, bob3.ID)
			}
			if !slices.Contains(h, string(direct.ID)) {
				t.Errorf("home lost bob's direct mention of alice: %v", h)
			}
			if !slices.Contains(timeline(), string(bob3.ID)) {
				t.Errorf("list lacks bob's new post")
			}
			// Unfollowing bob takes him out of the list, and his posts back to...
			// nowhere: alice follows him no more.
			if _, err := alice.AccountUnfollow(ctx, id("bob")); err != nil {
				t.Fatal(err)
			}
			if members, err := alice.GetListAccounts(ctx, l.ID); err != nil || len(members) != 0 {
				t.Errorf("members after unfollowing bob: %v %v, want none", members, err)
			}
			if tl := timeline(); len(tl) != 0 {
				t.Errorf("list timeline after bob left: %v, want empty", tl)
			}
			if err := alice.DeleteList(ctx, l.ID); err != nil {
				t.Fatal(err)
			}
			listDo(t, r, tok, "GET", "/api/v1/lists/"+string(l.ID), nil, http.StatusNotFound, nil)
			if ls, err := alice.GetLists(ctx); err != nil || len(ls) != 0 {
				t.Errorf("lists after the delete: %v %v", ls, err)
			}
		})
	}
}

// TestLists_BadInput: someone else's list is 404 on every route and stays as it
// was; titles, policies and account lists that cannot be taken are 4xx with
// a message, and change nothing; the number of lists is bounded.
func TestLists_BadInput(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			r.mustAccount("owner")
			r.mustAccount("other")
			r.mustAccount("friend")
			owner, other := r.passwordLogin("owner"), r.passwordLogin("other")
			friend := r.mustAccountID(t, "friend")
			for _, c := range []*mastodon.Client{owner, other} {
				if _, err := c.AccountFollow(ctx, mastodon.ID(friend)); err != nil {
					t.Fatal(err)
				}
			}
			var l wireList
			listDo(t, r, owner.Config.AccessToken, "POST", "/api/v1/lists", url.Values{"title": {"mine"}}, http.StatusOK, &l)
			listDo(t, r, owner.Config.AccessToken, "POST", "/api/v1/lists/"+l.ID+"/accounts", url.Values{"account_ids[]": {friend}}, http.StatusOK, nil)
			ot := other.Config.AccessToken
			p := "/api/v1/lists/" + l.ID
			for _, c := range []struct {
				method, path string
				form         url.Values
			}{
				{"GET", p, nil}, {"PUT", p, url.Values{"title": {"taken"}}}, {"DELETE", p, nil},
				{"GET", p + "/accounts", nil}, {"POST", p + "/accounts", url.Values{"account_ids[]": {friend}}},
				{"DELETE", p + "/accounts", url.Values{"account_ids[]": {friend}}},
				{"GET", "/api/v1/timelines/list/" + l.ID, nil},
				{"GET", "/api/v1/lists/not-an-id", nil},
			} {
				body := listDo(t, r, ot, c.method, c.path, c.form, http.StatusNotFound, nil)
				var e struct{ Error string }
				if json.Unmarshal(body, &e) != nil || e.Error == "" {
					t.Errorf("%s %s: %s, want {\"error\": ...}", c.method, c.path, body)
				}
			}
			var after wireList
			listDo(t, r, owner.Config.AccessToken, "GET", p, nil, http.StatusOK, &after)
			if after != l {
				t.Errorf("the list after others' requests: %+v, want %+v", after, l)
			}
			if m, err := owner.GetListAccounts(ctx, mastodon.ID(l.ID)); err != nil || len(m) != 1 {
				t.Errorf("members after others' requests: %v %v, want the friend", m, err)
			}

			tok := owner.Config.AccessToken
			for _, c := range []struct {
				name   string
				method string
				path   string
				form   url.Values
				want   int
				detail string // the field details must name, if any
			}{
				{"blank title", "POST", "/api/v1/lists", url.Values{"title": {"  "}}, 422, "title"},
				{"no title", "POST", "/api/v1/lists", url.Values{}, 422, "title"},
				{"long title", "POST", "/api/v1/lists", url.Values{"title": {strings.Repeat("é", agora.MaxListTitle+1)}}, 422, "title"},
				{"unknown policy", "POST", "/api/v1/lists", url.Values{"title": {"x"}, "replies_policy": {"everyone"}}, 422, "replies_policy"},
				{"blank title on update", "PUT", p, url.Values{"title": {""}}, 422, "title"},
				{"unknown policy on update", "PUT", p, url.Values{"replies_policy": {"all"}}, 422, "replies_policy"},
				{"no accounts", "POST", p + "/accounts", url.Values{}, 422, ""},
				{"malformed account", "POST", p + "/accounts", url.Values{"account_ids[]": {"bob"}}, 404, ""},
				{"unknown account", "POST", p + "/accounts", url.Values{"account_ids[]": {"12345"}}, 404, ""},
				{"too many accounts", "POST", p + "/accounts", url.Values{"account_ids[]": slices.Repeat([]string{friend}, agora.MaxListLimit+1)}, 400, ""},
				{"oneself", "POST", p + "/accounts", url.Values{"account_ids[]": {r.mustAccountID(t, "owner")}}, 422, ""},
			} {
				body := listDo(t, r, tok, c.method, c.path, c.form, c.want, nil)
				var e struct {
					Error   string
					Details map[string]any
				}
				mustJSON(t, body, &e)
				if e.Error == "" || (c.detail != "" && e.Details[c.detail] == nil) {
					t.Errorf("%s: %s, want an error naming %q", c.name, body, c.detail)
				}
			}
			listDo(t, r, tok, "GET", p, nil, http.StatusOK, &after)
			if after != l {
				t.Errorf("the list after refused updates: %+v, want %+v", after, l)
			}
			// At most agora.MaxLists lists.
			for i := 1; i < agora.MaxLists; i++ {
				listDo(t, r, tok, "POST", "/api/v1/lists", url.Values{"title": {"list"}}, http.StatusOK, nil)
			}
			body := listDo(t, r, tok, "POST", "/api/v1/lists", url.Values{"title": {"one too many"}}, http.StatusUnprocessableEntity, nil)
			if !strings.Contains(string(body), "50") {
				t.Errorf("the list over the limit: %s, want the limit named", body)
			}
			if ls, err := owner.GetLists(ctx); err != nil || len(ls) != agora.MaxLists {
				t.Errorf("lists: %d %v, want %d", len(ls), err, agora.MaxLists)
			}
		})
	}
}

// TestLists_Withheld: a member withheld in a country stays in the list but its
// statuses leave the list timeline and the member list for viewers there, and
// show, marked, elsewhere.
func TestLists_Withheld(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b, whTrusted)
			r.mustAccount("reader")
			r.mustAccount("banned")
			r.mustAccount("fine")
			reader := r.passwordLogin("reader")
			banned, fine := r.passwordLogin("banned"), r.passwordLogin("fine")
			for _, n := range []string{"banned", "fine"} {
				if _, err := reader.AccountFollow(ctx, mastodon.ID(r.mustAccountID(t, n))); err != nil {
					t.Fatal(err)
				}
			}
			l, err := reader.CreateList(ctx, "both")
			if err != nil {
				t.Fatal(err)
			}
			if err := reader.AddToList(ctx, l.ID, mastodon.ID(r.mustAccountID(t, "banned")), mastodon.ID(r.mustAccountID(t, "fine"))); err != nil {
				t.Fatal(err)
			}
			bs := post(t, banned, &mastodon.Toot{Status: "banned words"})
			fs := post(t, fine, &mastodon.Toot{Status: "fine words"})
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@banned", Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			v := whViewer{name: "reader", token: reader.Config.AccessToken}
			for _, country := range []string{"IN", "DE"} {
				v.country = country
				code, body, _ := whDo(t, r, v, "GET", "/api/v1/timelines/list/"+string(l.ID), nil)
				if code != http.StatusOK {
					t.Fatalf("%s: list timeline %d %s", country, code, body)
				}
				var sts []struct{ ID string }
				mustJSON(t, body, &sts)
				var got []string
				for _, s := range sts {
					got = append(got, s.ID)
				}
				want := []string{string(fs.ID), string(bs.ID)}
				if country == "IN" {
					want = want[:1]
					if strings.Contains(string(body), "banned") {
						t.Errorf("IN: the list timeline names the withheld account: %s", body)
					}
				} else if !strings.Contains(string(body), `"withheld_in_countries":["IN"]`) && !strings.Contains(string(body), "withheld") {
					t.Errorf("DE: the withheld account's post is not marked: %s", body)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: list timeline %v, want %v", country, got, want)
				}
				code, body, _ = whDo(t, r, v, "GET", "/api/v1/lists/"+string(l.ID)+"/accounts", nil)
				if code != http.StatusOK || (country == "IN") == strings.Contains(string(body), "banned") {
					t.Errorf("%s: members %d %s", country, code, body)
				}
				code, _, _ = whDo(t, r, v, "GET", "/api/v1/accounts/"+r.mustAccountID(t, "banned")+"/lists", nil)
				if want := map[string]int{"IN": http.StatusUnavailableForLegalReasons, "DE": http.StatusOK}[country]; code != want {
					t.Errorf("%s: the withheld account's lists: %d, want %d", country, code, want)
				}
			}
		})
	}
}

// TestLists_Paging walks a list timeline with its Link header, both ways.
func TestLists_Paging(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite)
	r.mustAccount("reader")
	r.mustAccount("writer")
	reader, writer := r.passwordLogin("reader"), r.passwordLogin("writer")
	if _, err := reader.AccountFollow(ctx, mastodon.ID(r.mustAccountID(t, "writer"))); err != nil {
		t.Fatal(err)
	}
	l, err := reader.CreateList(ctx, "one")
	if err != nil {
		t.Fatal(err)
	}
	if err := reader.AddToList(ctx, l.ID, mastodon.ID(r.mustAccountID(t, "writer"))); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 5 {
		st := post(t, writer, &mastodon.Toot{Status: "post " + string(rune('a'+i))})
		want = append([]string{string(st.ID)}, want...) // newest first
	}
	var got []string
	path := "/api/v1/timelines/list/" + string(l.ID) + "?limit=2"
	for range 4 {
		var page []struct{ ID string }
		hdr := getJSON(t, r, path, reader.Config.AccessToken, &page)
		for _, s := range page {
			got = append(got, s.ID)
		}
		next, prev := links(t, r, hdr)
		if len(page) == 0 {
			break
		}
		if prev == "" {
			t.Errorf("page %v has no rel=prev", page)
		}
		path = next
	}
	if !slices.Equal(got, want) {
		t.Errorf("walked %v, want %v", got, want)
	}
	var newer []struct{ ID string }
	getJSON(t, r, "/api/v1/timelines/list/"+string(l.ID)+"?min_id="+want[3], reader.Config.AccessToken, &newer)
	if len(newer) != 3 || newer[0].ID != want[0] || newer[2].ID != want[2] {
		t.Errorf("min_id=%s: %v, want the three newer", want[3], newer)
	}
}
