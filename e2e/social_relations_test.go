package e2e

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/service"
)

// wireProfileRelation is the part of Relationship the social routes set.
type wireProfileRelation struct {
	ID         string `json:"id"`
	Following  bool   `json:"following"`
	FollowedBy bool   `json:"followed_by"`
	Endorsed   bool   `json:"endorsed"`
	Note       string `json:"note"`
}

// TestAccountNotesEndorsements covers POST /api/v1/accounts/:id/note, /pin,
// /unpin, /remove_from_followers, GET /api/v1/endorsements and
// /api/v1/accounts/:id/endorsements: the note is the writer's alone, only a
// followed account can be endorsed, an unfollow ends the endorsement, and a
// removed follower no longer follows.
func TestAccountNotesEndorsements(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testAccountNotesEndorsements(t, b) })
	}
}

func testAccountNotesEndorsements(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, bob, carol := r.mustAccount("alice"), r.mustAccount("bob"), r.mustAccount("carol")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	atok, btok := ac.Config.AccessToken, bc.Config.AccessToken
	bobPath, carolPath := "/api/v1/accounts/"+bob.ID.String(), "/api/v1/accounts/"+carol.ID.String()
	form := "application/x-www-form-urlencoded"
	rel := func(token, path, body string, want int) wireProfileRelation {
		t.Helper()
		status, data, _ := r.do("POST", path, token, form, body)
		if status != want {
			t.Fatalf("POST %s %s: %d %s, want %d", path, body, status, data, want)
		}
		var out wireProfileRelation
		if status == http.StatusOK {
			mustJSON(t, data, &out)
		}
		return out
	}
	relationOf := func(token, id string) wireProfileRelation {
		t.Helper()
		var list []wireProfileRelation
		getJSON(t, r, "/api/v1/accounts/relationships?id[]="+id, token, &list)
		if len(list) != 1 {
			t.Fatalf("relationships: %+v", list)
		}
		return list[0]
	}

	// Notes: kept, shown to the writer only, cleared by an empty comment.
	if got := rel(atok, bobPath+"/note", "comment="+url.QueryEscape("met at the conference"), 200); got.Note != "met at the conference" {
		t.Errorf("note answer = %+v", got)
	}
	if got := relationOf(atok, bob.ID.String()); got.Note != "met at the conference" {
		t.Errorf("alice's relationship with bob = %+v, want the note", got)
	}
	if got := relationOf(btok, alice.ID.String()); got.Note != "" {
		t.Errorf("bob sees note %q on alice; notes are private", got.Note)
	}
	rel(atok, bobPath+"/note", "comment="+strings.Repeat("x", 2001), http.StatusUnprocessableEntity)
	if got := relationOf(atok, bob.ID.String()); got.Note != "met at the conference" {
		t.Errorf("after a refused note: %q, want unchanged", got.Note)
	}
	rel(atok, "/api/v1/accounts/1/note", "comment=x", http.StatusNotFound)
	if got := rel(atok, bobPath+"/note", "comment=", 200); got.Note != "" {
		t.Errorf("after clearing: note %q", got.Note)
	}

	// Endorsements: only an account alice follows.
	rel(atok, bobPath+"/pin", "", http.StatusUnprocessableEntity)
	for _, id := range []mastodon.ID{mastodon.ID(bob.ID.String()), mastodon.ID(carol.ID.String())} {
		if _, err := ac.AccountFollow(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if got := rel(atok, bobPath+"/pin", "", 200); !got.Endorsed || !got.Following {
		t.Errorf("pin answer = %+v, want endorsed", got)
	}
	rel(atok, bobPath+"/pin", "", 200) // twice: no change
	rel(atok, carolPath+"/pin", "", 200)
	list, err := ac.GetEndorsements(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Username != "carol" || list[1].Username != "bob" {
		t.Errorf("endorsements = %v, want carol, bob", list)
	}
	var public []mastodon.Account
	getJSON(t, r, "/api/v1/accounts/"+alice.ID.String()+"/endorsements?limit=1", "", &public)
	if len(public) != 1 || public[0].Username != "carol" {
		t.Errorf("alice's endorsements seen by anyone, limit 1 = %v, want carol", public)
	}
	if got := rel(atok, carolPath+"/unpin", "", 200); got.Endorsed {
		t.Errorf("unpin answer = %+v", got)
	}
	// An unfollow ends the endorsement; a new follow does not bring it back.
	if _, err := ac.AccountUnfollow(ctx, mastodon.ID(bob.ID.String())); err != nil {
		t.Fatal(err)
	}
	if _, err := ac.AccountFollow(ctx, mastodon.ID(bob.ID.String())); err != nil {
		t.Fatal(err)
	}
	if got := relationOf(atok, bob.ID.String()); got.Endorsed {
		t.Errorf("after unfollow and follow again: %+v, want not endorsed", got)
	}
	if list, _ := ac.GetEndorsements(ctx, nil); len(list) != 0 {
		t.Errorf("endorsements after unpin and unfollow = %v", list)
	}

	// Removing a follower: bob removes alice; she no longer follows him.
	if got := rel(btok, "/api/v1/accounts/"+alice.ID.String()+"/remove_from_followers", "", 200); got.FollowedBy {
		t.Errorf("remove_from_followers answer = %+v, want not followed by", got)
	}
	if got := relationOf(atok, bob.ID.String()); got.Following {
		t.Errorf("alice still follows bob after he removed her")
	}
	followers, err := bc.GetAccountFollowers(ctx, mastodon.ID(bob.ID.String()), nil)
	if err != nil || len(followers) != 0 {
		t.Errorf("bob's followers = %v, %v; want none", followers, err)
	}
	rel(btok, "/api/v1/accounts/"+alice.ID.String()+"/remove_from_followers", "", 200) // again: no change
}

// TestFamiliarFollowers covers GET /api/v1/accounts/familiar_followers: for
// each account asked about, the accounts the viewer follows that follow it.
func TestFamiliarFollowers(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			names := []string{"alice", "bob", "carol", "dave", "erin"}
			ids := map[string]mastodon.ID{}
			cl := map[string]*mastodon.Client{}
			for _, n := range names {
				ids[n] = mastodon.ID(r.mustAccount(n).ID.String())
				cl[n] = r.passwordLogin(n)
			}
			for _, f := range [][2]string{{"alice", "bob"}, {"alice", "carol"}, {"bob", "dave"}, {"carol", "dave"}, {"erin", "dave"}, {"bob", "erin"}} {
				if _, err := cl[f[0]].AccountFollow(ctx, ids[f[1]]); err != nil {
					t.Fatal(err)
				}
			}
			var got []struct {
				ID       string `json:"id"`
				Accounts []struct {
					Username string `json:"username"`
				} `json:"accounts"`
			}
			getJSON(t, r, "/api/v1/accounts/familiar_followers?id[]="+string(ids["dave"])+"&id[]="+string(ids["erin"])+"&id[]=1&id[]=x", cl["alice"].Config.AccessToken, &got)
			usernames := func(i int) []string {
				var out []string
				for _, a := range got[i].Accounts {
					out = append(out, a.Username)
				}
				slices.Sort(out)
				return out
			}
			if len(got) != 2 || got[0].ID != string(ids["dave"]) || got[1].ID != string(ids["erin"]) {
				t.Fatalf("answer = %+v, want entries for dave and erin", got)
			}
			if u := usernames(0); !slices.Equal(u, []string{"bob", "carol"}) {
				t.Errorf("familiar followers of dave = %v, want bob, carol (not erin, whom alice does not follow)", u)
			}
			if u := usernames(1); !slices.Equal(u, []string{"bob"}) {
				t.Errorf("familiar followers of erin = %v, want bob", u)
			}
			q := url.Values{}
			for i := 0; i < 41; i++ {
				q.Add("id[]", string(ids["dave"]))
			}
			if status, body, _ := r.do("GET", "/api/v1/accounts/familiar_followers?"+q.Encode(), cl["alice"].Config.AccessToken, "", ""); status != http.StatusBadRequest {
				t.Errorf("41 IDs: %d %s, want 400", status, body)
			}
		})
	}
}

// TestDirectory covers GET /api/v1/directory: discoverable accounts only, by
// last status (active) or newest (new), offset and limit; withheld accounts
// are left out for a viewer in the country.
func TestDirectory(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			cl := map[string]*mastodon.Client{}
			for _, n := range []string{"anna", "ben", "cleo", "dora"} {
				r.mustAccount(n)
				cl[n] = r.passwordLogin(n)
			}
			for _, n := range []string{"anna", "ben", "cleo", "dora"} { // dora opts out
				if status, body, _ := r.do("PATCH", "/api/v1/accounts/update_credentials", cl[n].Config.AccessToken, "application/json", `{"discoverable": `+strconv.FormatBool(n != "dora")+`}`); status != http.StatusOK {
					t.Fatalf("%s: %d %s", n, status, body)
				}
			}
			post(t, cl["anna"], &mastodon.Toot{Status: "anna posts"})
			names := func(path string) []string {
				t.Helper()
				var list []struct{ Username string }
				getJSON(t, r, path, "", &list)
				var out []string
				for _, a := range list {
					out = append(out, a.Username)
				}
				return out
			}
			if got := names("/api/v1/directory"); !slices.Equal(got, []string{"anna", "cleo", "ben"}) {
				t.Errorf("active = %v, want anna (posted), then cleo, ben (newest first)", got)
			}
			if got := names("/api/v1/directory?order=new&limit=2"); !slices.Equal(got, []string{"cleo", "ben"}) {
				t.Errorf("new, limit 2 = %v, want cleo, ben", got)
			}
			if got := names("/api/v1/directory?order=new&offset=2&local=true"); !slices.Equal(got, []string{"anna"}) {
				t.Errorf("new, offset 2 = %v, want anna", got)
			}
			for _, bad := range []string{"order=popular", "offset=-1", "limit=abc"} {
				if status, body, _ := r.do("GET", "/api/v1/directory?"+bad, "", "", ""); status != http.StatusBadRequest {
					t.Errorf("%s: %d %s, want 400", bad, status, body)
				}
			}
			if _, err := r.srv.Service.Withhold(context.Background(), nil, service.NewRule{Subject: "@ben", Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			if got := names("/api/v1/directory"); !slices.Equal(got, []string{"anna", "cleo"}) {
				t.Errorf("with ben withheld = %v, want anna, cleo", got)
			}
		})
	}
}
