package e2e

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/service"
)

// faResult is a FilterResult as a status carries it.
type faResult struct {
	Filter struct {
		ID           string `json:"id"`
		Title        string `json:"title"`
		FilterAction string `json:"filter_action"`
	} `json:"filter"`
	KeywordMatches []string `json:"keyword_matches"`
	StatusMatches  []string `json:"status_matches"`
}

// faStatus is a Status with what filters add.
type faStatus struct {
	ID       string     `json:"id"`
	Filtered []faResult `json:"filtered"`
	Reblog   *faStatus  `json:"reblog"`
}

// faTitles returns the titles of the filters that matched st, joined by "+".
func faTitles(st faStatus) string {
	var out []string
	for _, r := range st.Filtered {
		out = append(out, r.Filter.Title)
	}
	return strings.Join(out, "+")
}

// faWalk reads every page of the list at path (limit 2), following the Link
// header's next, and returns the statuses in order.
func faWalk(t *testing.T, r *rig, token, path string) []faStatus {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	next := path + sep + "limit=2"
	var all []faStatus
	for pages := 0; next != ""; pages++ {
		if pages > 50 {
			t.Fatalf("%s: more than 50 pages", path)
		}
		status, body, hdr := r.do("GET", next, token, "", "")
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", next, status, body)
		}
		var page []faStatus
		mustJSON(t, body, &page)
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		next, _ = links(t, r, hdr)
	}
	return all
}

// TestFilters_Applied checks filters where they apply, on both stores: warn
// marks a status with filtered (its keyword or poll option or content
// warning), hide leaves it out of the home, list, public, hashtag and account
// timelines, a thread's context and notifications, with Link paging that
// skips what is hidden and nothing else; a boost is filtered by its original;
// the viewer's own statuses stay; a status hidden is still fetchable by ID; a
// filter covers only its contexts; an expired filter stops applying; another
// viewer sees nothing of the filters, before and after (the shared JSON
// cache); and a filter never brings back a withheld status.
func TestFilters_Applied(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			for _, n := range []string{"alice", "bob", "carol"} {
				r.mustAccount(n)
			}
			alice, bob, carol := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol")
			at, ct := alice.Config.AccessToken, carol.Config.AccessToken
			bobID := mastodon.ID(r.mustAccountID(t, "bob"))
			for _, c := range []*mastodon.Client{alice, carol} {
				if _, err := c.AccountFollow(ctx, bobID); err != nil {
					t.Fatal(err)
				}
			}
			l, err := alice.CreateList(ctx, "bob")
			if err != nil {
				t.Fatal(err)
			}
			if err := alice.AddToList(ctx, l.ID, bobID); err != nil {
				t.Fatal(err)
			}
			newFilter := func(form url.Values) wireFilter {
				var f wireFilter
				mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters", form, http.StatusOK), &f)
				return f
			}
			all := []string{"home", "notifications", "public", "thread", "account"}
			cats := newFilter(url.Values{"title": {"Cats"}, "context[]": all, "filter_action": {"warn"},
				"keywords_attributes[0][keyword]": {"cat"}, "keywords_attributes[0][whole_word]": {"true"}})
			dogs := newFilter(url.Values{"title": {"Dogs"}, "context[]": all, "filter_action": {"hide"},
				"keywords_attributes[0][keyword]": {"dog"}, "keywords_attributes[0][whole_word]": {"false"}})
			newFilter(url.Values{"title": {"Greetings"}, "context[]": {"thread"}, "keywords_attributes[0][keyword]": {"hello"}})

			id := map[string]string{}
			label := map[string]string{}
			say := func(name string, c *mastodon.Client, toot *mastodon.Toot) {
				if toot.Visibility == "" {
					toot.Visibility = "public"
				}
				id[name] = string(post(t, c, toot).ID)
				label[id[name]] = name
			}
			boost := func(name string, c *mastodon.Client, of string) {
				s, err := c.Reblog(ctx, mastodon.ID(id[of]))
				if err != nil {
					t.Fatal(err)
				}
				id[name] = string(s.ID)
				label[id[name]] = name
			}
			say("b1", bob, &mastodon.Toot{Status: "I love my cat #pets"})
			say("b2", bob, &mastodon.Toot{Status: "concatenate strings"})
			say("b3", bob, &mastodon.Toot{Status: "nothing here", SpoilerText: "Cat pictures"})
			say("b4", bob, &mastodon.Toot{Status: "vote", Poll: &mastodon.TootPoll{Options: []string{"CAT", "fish"}, ExpiresInSeconds: 3600}})
			say("b5", bob, &mastodon.Toot{Status: "hotdogs #pets"})
			say("c1", carol, &mastodon.Toot{Status: "a dog day"})
			boost("bb1", bob, "c1")
			say("c2", carol, &mastodon.Toot{Status: "cat nap"})
			boost("bb2", bob, "c2")
			say("b6", bob, &mastodon.Toot{Status: "hello"})
			say("a1", alice, &mastodon.Toot{Status: "my dog"})
			say("r1", carol, &mastodon.Toot{Status: "@bob dog reply", InReplyToID: mastodon.ID(id["b6"])})
			say("r2", carol, &mastodon.Toot{Status: "@bob cat reply", InReplyToID: mastodon.ID(id["b6"])})
			say("n1", bob, &mastodon.Toot{Status: "@alice dog news"})
			say("n2", bob, &mastodon.Toot{Status: "@alice cat news"})

			// check compares a list with the labels wanted, each with the
			// titles of the filters that matched it ("" for none).
			check := func(what string, got []faStatus, want ...[2]string) {
				t.Helper()
				var g, w []string
				for _, st := range got {
					g = append(g, label[st.ID]+":"+faTitles(st))
					if st.Reblog != nil && faTitles(*st.Reblog) != faTitles(st) {
						t.Errorf("%s: %s carries %q, its original %q", what, label[st.ID], faTitles(st), faTitles(*st.Reblog))
					}
				}
				for _, x := range want {
					w = append(w, x[0]+":"+x[1])
				}
				if !slices.Equal(g, w) {
					t.Errorf("%s:\n got %q\nwant %q", what, g, w)
				}
			}
			carolHome := func() {
				t.Helper()
				_, body, _ := r.do("GET", "/api/v1/timelines/home?limit=40", ct, "", "")
				if strings.Contains(string(body), `"filtered"`) {
					t.Errorf("carol, without filters, sees filtered: %.300s", body)
				}
				if !strings.Contains(string(body), `"id":"`+id["b5"]+`"`) {
					t.Errorf("carol's home lacks b5, which only alice's filter hides: %.300s", body)
				}
			}
			carolHome() // the shared JSON cache is warm before alice reads

			timeline := [][2]string{{"n2", "Cats"}, {"a1", "Dogs"}, {"b6", ""}, {"bb2", "Cats"}, {"b4", "Cats"}, {"b3", "Cats"}, {"b2", ""}, {"b1", "Cats"}}
			check("home", faWalk(t, r, at, "/api/v1/timelines/home"), timeline...)
			check("list", faWalk(t, r, at, "/api/v1/timelines/list/"+string(l.ID)),
				[2]string{"n2", "Cats"}, [2]string{"b6", ""}, [2]string{"bb2", "Cats"}, [2]string{"b4", "Cats"}, [2]string{"b3", "Cats"}, [2]string{"b2", ""}, [2]string{"b1", "Cats"})
			check("public", faWalk(t, r, at, "/api/v1/timelines/public"),
				[2]string{"n2", "Cats"}, [2]string{"a1", "Dogs"}, [2]string{"b6", ""}, [2]string{"c2", "Cats"}, [2]string{"b4", "Cats"}, [2]string{"b3", "Cats"}, [2]string{"b2", ""}, [2]string{"b1", "Cats"})
			check("tag", faWalk(t, r, at, "/api/v1/timelines/tag/pets"), [2]string{"b1", "Cats"})
			check("bob's statuses", faWalk(t, r, at, "/api/v1/accounts/"+string(bobID)+"/statuses"),
				[2]string{"n2", "Cats"}, [2]string{"b6", ""}, [2]string{"bb2", "Cats"}, [2]string{"b4", "Cats"}, [2]string{"b3", "Cats"}, [2]string{"b2", ""}, [2]string{"b1", "Cats"})
			carolHome()

			// A thread: the dog reply is left out of the context, but fetched
			// by ID it is there, marked; the thread-only filter marks b6 there.
			var tc struct{ Ancestors, Descendants []faStatus }
			mustJSON(t, fDo(t, r, at, "GET", "/api/v1/statuses/"+id["r2"]+"/context", nil, http.StatusOK), &tc)
			check("r2's ancestors", tc.Ancestors, [2]string{"b6", "Greetings"})
			mustJSON(t, fDo(t, r, at, "GET", "/api/v1/statuses/"+id["b6"]+"/context", nil, http.StatusOK), &tc)
			check("b6's descendants", tc.Descendants, [2]string{"r2", "Cats"})
			var one faStatus
			mustJSON(t, fDo(t, r, at, "GET", "/api/v1/statuses/"+id["r1"], nil, http.StatusOK), &one)
			check("r1 by ID", []faStatus{one}, [2]string{"r1", "Dogs"})
			if one.Filtered[0].Filter.FilterAction != "hide" || !slices.Equal(one.Filtered[0].KeywordMatches, []string{"dog"}) || len(one.Filtered[0].StatusMatches) != 0 {
				t.Errorf("r1's FilterResult = %+v", one.Filtered[0])
			}

			// Notifications: the dog mention is left out.
			var notes []struct {
				Type   string
				Status *faStatus
			}
			mustJSON(t, fDo(t, r, at, "GET", "/api/v1/notifications", nil, http.StatusOK), &notes)
			if len(notes) != 1 || notes[0].Status == nil || label[notes[0].Status.ID] != "n2" || faTitles(*notes[0].Status) != "Cats" {
				t.Errorf("alice's notifications = %+v, want the cat mention alone, marked", notes)
			}

			var unread struct{ Count int }
			mustJSON(t, fDo(t, r, at, "GET", "/api/v1/notifications/unread_count", nil, http.StatusOK), &unread)
			if unread.Count != 1 {
				t.Errorf("alice's unread count = %d, want 1: the dog mention is hidden", unread.Count)
			}
			_, grouped, _ := r.do("GET", "/api/v2/notifications", at, "", "")
			if strings.Contains(string(grouped), id["n1"]) || !strings.Contains(string(grouped), id["n2"]) {
				t.Errorf("alice's grouped notifications = %.400s, want the cat mention alone", grouped)
			}

			// A filter by status: its status_matches.
			var fs struct{ ID string }
			mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters/"+cats.ID+"/statuses", url.Values{"status_id": {id["b2"]}}, http.StatusOK), &fs)
			mustJSON(t, fDo(t, r, at, "GET", "/api/v1/statuses/"+id["b2"], nil, http.StatusOK), &one)
			if len(one.Filtered) != 1 || !slices.Equal(one.Filtered[0].StatusMatches, []string{id["b2"]}) || len(one.Filtered[0].KeywordMatches) != 0 {
				t.Errorf("b2 filtered by status = %+v", one.Filtered)
			}

			// Withheld content: a status withheld is gone whatever filters say,
			// and cannot be added to one.
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: id["b2"], Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: id["b1"], Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/accounts/" + string(bobID) + "/statuses", "/api/v1/timelines/tag/pets"} {
				_, body, _ := r.do("GET", p+"?limit=40", at, "", "")
				if strings.Contains(string(body), id["b2"]) || strings.Contains(string(body), id["b1"]) {
					t.Errorf("%s shows a withheld status: %.300s", p, body)
				}
			}
			fDo(t, r, at, "POST", "/api/v2/filters/"+dogs.ID+"/statuses", url.Values{"status_id": {id["b1"]}}, http.StatusUnavailableForLegalReasons)

			// Deleting the hide filter shows its statuses at once.
			fDo(t, r, at, "DELETE", "/api/v2/filters/"+dogs.ID, nil, http.StatusOK)
			check("home without the hide filter", faWalk(t, r, at, "/api/v1/timelines/home"),
				[2]string{"n2", "Cats"}, [2]string{"n1", ""}, [2]string{"a1", ""}, [2]string{"b6", ""}, [2]string{"bb2", "Cats"}, [2]string{"bb1", ""},
				[2]string{"b5", ""}, [2]string{"b4", "Cats"}, [2]string{"b3", "Cats"})

			// Expiry: a filter hides until it expires, then stops applying and
			// shows when it expired.
			birds := newFilter(url.Values{"title": {"Birds"}, "context[]": {"home"}, "filter_action": {"hide"}, "expires_in": {"2"},
				"keywords_attributes[0][keyword]": {"bird"}})
			say("b7", bob, &mastodon.Toot{Status: "bird song"})
			home := faWalk(t, r, at, "/api/v1/timelines/home")
			if len(home) > 0 && label[home[0].ID] == "b7" {
				t.Errorf("b7 shows before the filter hiding it expired")
			}
			time.Sleep(2500 * time.Millisecond)
			home = faWalk(t, r, at, "/api/v1/timelines/home")
			if len(home) == 0 || label[home[0].ID] != "b7" || faTitles(home[0]) != "" {
				t.Errorf("after the filter expired, home starts with %+v, want b7 unmarked", home[:min(1, len(home))])
			}
			var expired wireFilter
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+birds.ID, nil, http.StatusOK), &expired)
			if expired.ExpiresAt == nil {
				t.Errorf("expired filter: expires_at null")
			}
		})
	}
}
