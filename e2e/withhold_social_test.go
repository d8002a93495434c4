package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/service"
)

// inCountry returns a go-mastodon client with the token that reads from country,
// through the rig's schema-checking transport.
func (r *rig) inCountry(token, country string) *mastodon.Client {
	c := r.client(token)
	c.Client.Transport = countryTransport{base: r.tr, country: country}
	return c
}

// mustWithhold makes a rule on the subject for the countries and returns its ID.
func (r *rig) mustWithhold(subject string, countries ...string) agora.ID {
	r.t.Helper()
	rule, err := r.srv.Service.Withhold(context.Background(), nil, service.NewRule{Subject: subject, Countries: countries, Reason: string(agora.ReasonLegalDemand), Origin: "test"})
	if err != nil {
		r.t.Fatalf("withhold %s: %v", subject, err)
	}
	return rule.ID
}

// TestBoostsStayInHome checks that a post boosted by several accounts a reader
// follows stays in the reader's home while any of those boosts is visible to the
// reader: when the boost shown is by an account withheld from the reader or muted
// by them, and when its booster deletes it (DELETE of the boost is unboosting),
// another booster's boost takes its place, as in Mastodon.
func TestBoostsStayInHome(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testBoostsStayInHome(t, b) })
	}
}

func testBoostsStayInHome(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b, whTrusted)
	alice, bob, dave, carol := r.mustMember("alice"), r.mustMember("bob"), r.mustMember("dave"), r.mustMember("carol")
	for _, m := range []member{bob, dave} {
		if _, err := carol.c.AccountFollow(ctx, m.id); err != nil {
			t.Fatal(err)
		}
	}
	homeIDs(t, carol.c) // carol's feed exists: pushes reach it
	s := post(t, alice.c, &mastodon.Toot{Status: "An original", Visibility: "public"})
	bw, err := bob.c.Reblog(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	dw, err := dave.c.Reblog(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	// home checks that carol's home, read from country, shows s once, boosted by want.
	home := func(when, country string, want member, boost mastodon.ID) {
		t.Helper()
		list, err := r.inCountry(carol.tok, country).GetTimelineHome(ctx, nil)
		if err != nil {
			t.Fatalf("%s: home: %v", when, err)
		}
		if len(list) != 1 || list[0].ID != boost || list[0].Account.ID != want.id || list[0].Reblog == nil || list[0].Reblog.ID != s.ID {
			t.Errorf("%s: carol's home from %q = %v, want s boosted by %s (%s)", when, country, ids(list), want.id, boost)
		}
	}
	home("both boost", "DE", bob, bw.ID)

	rule := r.mustWithhold("@bob", "IN")
	home("bob withheld in IN", "IN", dave, dw.ID)
	home("bob withheld in IN", "DE", bob, bw.ID)
	if _, err := r.srv.Service.LiftRule(ctx, nil, rule); err != nil {
		t.Fatal(err)
	}

	if _, err := carol.c.AccountMute(ctx, bob.id); err != nil {
		t.Fatal(err)
	}
	home("carol mutes bob", "DE", dave, dw.ID)
	if _, err := carol.c.AccountUnmute(ctx, bob.id); err != nil {
		t.Fatal(err)
	}
	home("carol unmutes bob", "DE", bob, bw.ID)

	if err := bob.c.DeleteStatus(ctx, bw.ID); err != nil {
		t.Fatal(err)
	}
	home("bob deletes his boost", "DE", dave, dw.ID)
}

// TestWithholdUndo checks that a reader can unfavourite, unbookmark and unboost a
// status withheld in their country, and gets the withheld shell back: the status's
// ID and the flags after the action, with no content, counts or mentions, and the
// author only when the author is not withheld too.
func TestWithholdUndo(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testWithholdUndo(t, b) })
	}
}

func testWithholdUndo(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b, whTrusted)
	alice, carol := r.mustMember("alice"), r.mustMember("carol")
	s1 := post(t, alice.c, &mastodon.Toot{Status: "secret one @carol #news", Visibility: "public"})
	s2 := post(t, alice.c, &mastodon.Toot{Status: "secret two", Visibility: "public"})
	for _, s := range []*mastodon.Status{s1, s2} {
		if _, err := carol.c.Favourite(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := carol.c.Bookmark(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := carol.c.Reblog(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
	}
	r.mustWithhold(string(s1.ID), "IN")
	in := whViewer{name: "carol@IN", token: carol.tok, country: "IN"}
	// undo acts on the status from IN and checks the shell it answers.
	undo := func(s *mastodon.Status, action string, author string, flags map[string]bool) {
		t.Helper()
		code, body, _ := whDo(t, r, in, "POST", "/api/v1/statuses/"+string(s.ID)+"/"+action, nil)
		if code != http.StatusOK {
			t.Fatalf("%s %s from IN = %d %s, want 200", action, s.ID, code, whShort(body))
		}
		e := whEntity(t, body)
		acct, _ := e["account"].(map[string]any)
		if e["id"] != string(s.ID) || e["content"] != "" || e["spoiler_text"] != "" || e["reblogs_count"] != 0.0 ||
			e["favourites_count"] != 0.0 || len(e["mentions"].([]any)) != 0 || len(e["tags"].([]any)) != 0 ||
			e["withheld_in_countries"] == nil || acct == nil || acct["id"] != author {
			t.Errorf("%s %s from IN: %s, want the withheld shell by %q", action, s.ID, whShort(body), author)
		}
		for k, want := range flags {
			if e[k] != want {
				t.Errorf("%s %s from IN: %s = %v, want %v", action, s.ID, k, e[k], want)
			}
		}
		if bytes := string(body); len(bytes) > 0 && (contains(bytes, "secret") || contains(bytes, "news")) {
			t.Errorf("%s %s from IN shows the content: %s", action, s.ID, whShort(body))
		}
	}
	undo(s1, "unfavourite", string(alice.id), map[string]bool{"favourited": false, "bookmarked": true, "reblogged": true})
	undo(s1, "unbookmark", string(alice.id), map[string]bool{"favourited": false, "bookmarked": false, "reblogged": true})
	undo(s1, "unreblog", string(alice.id), map[string]bool{"favourited": false, "bookmarked": false, "reblogged": false})
	// The undoing took effect: seen from elsewhere, s1 carries none of carol's marks.
	if got := statusState(mustStatus(t, carol.c, s1.ID)); got != "replies=0 reblogs=0 favs=0 favourited=false reblogged=false bookmarked=false pinned=- muted=false" {
		t.Errorf("s1 after undoing from IN: %s", got)
	}
	// A status whose author is withheld: the shell does not name the author.
	r.mustWithhold("@alice", "IN")
	undo(s2, "unreblog", "", map[string]bool{"favourited": true, "bookmarked": true, "reblogged": false})
	undo(s2, "unfavourite", "", map[string]bool{"favourited": false})
	// Doing, not undoing, is still refused.
	if code, body, _ := whDo(t, r, in, "POST", "/api/v1/statuses/"+string(s2.ID)+"/favourite", nil); code != http.StatusUnavailableForLegalReasons {
		t.Errorf("favourite a withheld status from IN = %d %s, want 451", code, whShort(body))
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestWithholdFollow checks that following an account withheld from the viewer
// answers 451 with its page's notice, that unfollowing it still works, and that
// GET /api/v1/accounts/relationships leaves it out, as it leaves out unknown IDs.
func TestWithholdFollow(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testWithholdFollow(t, b) })
	}
}

func testWithholdFollow(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b, whTrusted)
	alice, bob, carol := r.mustMember("alice"), r.mustMember("bob"), r.mustMember("carol")
	if _, err := carol.c.AccountFollow(ctx, bob.id); err != nil {
		t.Fatal(err)
	}
	rule := r.mustWithhold("@alice", "IN")
	in, de := whViewer{name: "carol@IN", token: carol.tok, country: "IN"}, whViewer{name: "carol@DE", token: carol.tok, country: "DE"}
	notice := "@alice's account has been withheld in India in response to a legal demand. Learn more"
	code, body, hdr := whDo(t, r, in, "POST", "/api/v1/accounts/"+string(alice.id)+"/follow", nil)
	if code != http.StatusUnavailableForLegalReasons || whEntity(t, body)["error"] != notice ||
		hdr.Get("Link") != "<"+r.srv.URL+"/notices/"+rule.String()+`>; rel="blocked-by"` {
		t.Errorf("follow alice from IN = %d %s Link %q, want 451 with the notice", code, whShort(body), hdr.Get("Link"))
	}
	if rel, err := r.inCountry(carol.tok, "IN").GetAccountRelationships(ctx, []string{string(alice.id), string(bob.id)}); err != nil || len(rel) != 1 || rel[0].ID != bob.id {
		t.Errorf("relationships from IN = %+v, %v; want bob's only", rel, err)
	}
	code, body, _ = whDo(t, r, de, "POST", "/api/v1/accounts/"+string(alice.id)+"/follow", nil)
	if code != http.StatusOK || whEntity(t, body)["following"] != true {
		t.Errorf("follow alice from DE = %d %s, want 200 following", code, whShort(body))
	}
	if rel, err := r.inCountry(carol.tok, "DE").GetAccountRelationships(ctx, []string{string(alice.id), string(bob.id)}); err != nil || len(rel) != 2 {
		t.Errorf("relationships from DE = %+v, %v; want alice's and bob's", rel, err)
	}
	code, body, _ = whDo(t, r, in, "POST", "/api/v1/accounts/"+string(alice.id)+"/unfollow", nil)
	if code != http.StatusOK || whEntity(t, body)["following"] != false {
		t.Errorf("unfollow alice from IN = %d %s, want 200 not following", code, whShort(body))
	}
}
