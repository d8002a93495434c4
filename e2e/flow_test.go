package e2e

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestMastodonFlow is the core journey of issue "Microblogging core": an app
// registers, two users sign in (password grant; authorization code with PKCE), B
// follows A, A posts, and every timeline shows exactly what it should, on every
// database.
func TestMastodonFlow(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testFlow(t, b) })
	}
}

func testFlow(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice := r.mustAccount("alice")
	r.mustAccount("bob")
	r.mustAccount("carol")

	ac := r.passwordLogin("alice")
	bc := r.codeLogin("bob")
	cc := r.passwordLogin("carol")
	anon := r.client("")

	me, err := bc.GetAccountCurrentUser(ctx)
	if err != nil || me.Username != "bob" {
		t.Fatalf("bob verify_credentials = %v, %v", me, err)
	}
	if _, err := bc.AccountFollow(ctx, mastodon.ID(alice.ID.String())); err != nil {
		t.Fatalf("bob follows alice: %v", err)
	}

	s1 := post(t, ac, &mastodon.Toot{Status: "Hello, world"})
	s2 := post(t, ac, &mastodon.Toot{Status: "Learning #GoLang with @bob today"})
	s3 := post(t, ac, &mastodon.Toot{Status: "And a reply to myself", InReplyToID: s2.ID})

	if len(s2.Tags) != 1 || s2.Tags[0].Name != "golang" {
		t.Errorf("s2 tags = %+v, want golang", s2.Tags)
	}
	if len(s2.Mentions) != 1 || s2.Mentions[0].Username != "bob" {
		t.Errorf("s2 mentions = %+v, want bob", s2.Mentions)
	}
	if !strings.Contains(s2.Content, `href="`+r.srv.URL+`/tags/golang"`) || !strings.Contains(s2.Content, `href="`+r.srv.URL+`/@bob"`) {
		t.Errorf("s2 content lacks tag or mention links: %s", s2.Content)
	}
	if s3.InReplyToID != string(s2.ID) {
		t.Errorf("s3 in_reply_to_id = %v, want %s", s3.InReplyToID, s2.ID)
	}

	want := []string{string(s3.ID), string(s2.ID), string(s1.ID)}
	home, err := bc.GetTimelineHome(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, ids(home)); diff != "" {
		t.Errorf("bob's home (-want +got):\n%s", diff)
	}

	t.Run("paging", func(t *testing.T) {
		// Walk with limit=1 following rel="next" until the end.
		var walked []string
		pg := &mastodon.Pagination{Limit: 1}
		for i := 0; i < 10; i++ {
			page, err := bc.GetTimelineHome(ctx, pg)
			if err != nil {
				t.Fatal(err)
			}
			walked = append(walked, ids(page)...)
			if len(page) == 0 || pg.MaxID == "" {
				break
			}
			pg = &mastodon.Pagination{MaxID: pg.MaxID, Limit: 1}
		}
		if diff := cmp.Diff(want, walked); diff != "" {
			t.Errorf("walk by max_id (-want +got):\n%s", diff)
		}
		tok := bc.Config.AccessToken
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"?since_id=" + string(s1.ID), want[:2]},
			{"?min_id=" + string(s1.ID) + "&limit=1", want[1:2]},
			{"?min_id=" + string(s1.ID), want[:2]},
			{"?max_id=" + string(s3.ID) + "&since_id=" + string(s1.ID), want[1:2]},
			{"?max_id=" + string(s1.ID), nil},
		} {
			var got []*mastodon.Status
			status, body, hdr := r.do("GET", "/api/v1/timelines/home"+tc.query, tok, "", "")
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", tc.query, status)
			}
			mustJSON(t, body, &got)
			if diff := cmp.Diff(tc.want, ids(got), cmpNilEmpty); diff != "" {
				t.Errorf("home%s (-want +got):\n%s", tc.query, diff)
			}
			link := hdr.Get("Link")
			if len(tc.want) > 0 {
				next := `max_id=` + tc.want[len(tc.want)-1] + `>; rel="next"`
				prev := `min_id=` + tc.want[0] + `>; rel="prev"`
				if !strings.Contains(link, next) || !strings.Contains(link, prev) || strings.Index(link, "next") > strings.Index(link, "prev") {
					t.Errorf("home%s Link = %q, want next (%s) first, then prev (%s)", tc.query, link, next, prev)
				}
			} else if link != "" {
				t.Errorf("home%s: empty page has Link %q", tc.query, link)
			}
		}
	})

	t.Run("hashtag and public", func(t *testing.T) {
		for _, tag := range []string{"golang", "GoLang", "GOLANG"} {
			got, err := anon.GetTimelineHashtag(ctx, tag, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{string(s2.ID)}, ids(got)); diff != "" {
				t.Errorf("tag %s (-want +got):\n%s", tag, diff)
			}
		}
		pub, err := anon.GetTimelinePublic(ctx, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, ids(pub)); diff != "" {
			t.Errorf("public (-want +got):\n%s", diff)
		}
	})

	t.Run("private and direct", func(t *testing.T) {
		priv := post(t, ac, &mastodon.Toot{Status: "followers only", Visibility: "private"})
		dm := post(t, ac, &mastodon.Toot{Status: "@bob just for you", Visibility: "direct"})
		unl := post(t, ac, &mastodon.Toot{Status: "quietly public", Visibility: "unlisted"})
		hidden := []mastodon.ID{priv.ID, dm.ID}

		// Bob follows alice and is mentioned: he sees both in his home timeline.
		home, err := bc.GetTimelineHome(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range append(hidden, unl.ID) {
			if !slices.Contains(ids(home), string(id)) {
				t.Errorf("bob's home lacks %s", id)
			}
		}
		for name, c := range map[string]*mastodon.Client{"carol": cc, "anonymous": anon} {
			for _, id := range hidden {
				if _, err := c.GetStatus(ctx, id); !isStatus(err, http.StatusNotFound) {
					t.Errorf("%s GET status %s: err %v, want 404", name, id, err)
				}
				if _, err := c.GetStatusContext(ctx, id); !isStatus(err, http.StatusNotFound) {
					t.Errorf("%s GET context %s: err %v, want 404", name, id, err)
				}
			}
			lists := map[string]func() ([]*mastodon.Status, error){
				"account statuses": func() ([]*mastodon.Status, error) {
					return c.GetAccountStatuses(ctx, mastodon.ID(alice.ID.String()), nil)
				},
				"public": func() ([]*mastodon.Status, error) { return c.GetTimelinePublic(ctx, false, nil) },
			}
			if name == "carol" {
				lists["home"] = func() ([]*mastodon.Status, error) { return c.GetTimelineHome(ctx, nil) }
			}
			for list, get := range lists {
				got, err := get()
				if err != nil {
					t.Fatalf("%s %s: %v", name, list, err)
				}
				for _, id := range hidden {
					if slices.Contains(ids(got), string(id)) {
						t.Errorf("%s sees hidden status %s in %s", name, id, list)
					}
				}
			}
		}
		// Unlisted: readable by anyone, but not on the public timeline.
		if _, err := anon.GetStatus(ctx, unl.ID); err != nil {
			t.Errorf("anonymous GET unlisted: %v", err)
		}
		pub, _ := anon.GetTimelinePublic(ctx, false, nil)
		if slices.Contains(ids(pub), string(unl.ID)) {
			t.Error("unlisted status on the public timeline")
		}
	})

	t.Run("delete", func(t *testing.T) {
		if err := ac.DeleteStatus(ctx, s1.ID); err != nil {
			t.Fatal(err)
		}
		checks := map[string]func() ([]*mastodon.Status, error){
			"bob home":   func() ([]*mastodon.Status, error) { return bc.GetTimelineHome(ctx, nil) },
			"alice home": func() ([]*mastodon.Status, error) { return ac.GetTimelineHome(ctx, nil) },
			"public":     func() ([]*mastodon.Status, error) { return anon.GetTimelinePublic(ctx, false, nil) },
			"account statuses": func() ([]*mastodon.Status, error) {
				return anon.GetAccountStatuses(ctx, mastodon.ID(alice.ID.String()), nil)
			},
		}
		for name, get := range checks {
			got, err := get()
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(ids(got), string(s1.ID)) {
				t.Errorf("deleted status still in %s", name)
			}
		}
		if _, err := anon.GetStatus(ctx, s1.ID); !isStatus(err, http.StatusNotFound) {
			t.Errorf("GET deleted status: %v, want 404", err)
		}
	})
}
