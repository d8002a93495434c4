package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/service"
)

// TestEdits edits a status through go-mastodon and reads what Mastodon apps read
// of it: the status with edited_at, its history oldest first, its source; the
// notifications (new mentions only, an update to those who boosted it), the
// hashtag timelines, search and the home feed with the new text; and the
// refusals (another's status, a boost, bad input) that change nothing.
func TestEdits(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testEdits(t, b) })
	}
}

func testEdits(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	ctx := context.Background()
	for _, n := range []string{"alice", "bob", "carol", "dave"} {
		r.mustAccount(n)
	}
	alice, bob, carol, dave := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol"), r.passwordLogin("dave")
	aliceID := mustVerify(t, alice).ID
	if _, err := bob.AccountFollow(ctx, aliceID); err != nil {
		t.Fatal(err)
	}
	st := post(t, alice, &mastodon.Toot{Status: "first words #beforeedit", Visibility: "public"})
	if !st.EditedAt.IsZero() {
		t.Errorf("a new status has edited_at %v", st.EditedAt)
	}
	if _, err := carol.Reblog(ctx, st.ID); err != nil {
		t.Fatal(err)
	}

	edited, err := alice.UpdateStatus(ctx, &mastodon.Toot{Status: "second words #afteredit @dave", SpoilerText: "cw", Language: "de"}, st.ID)
	if err != nil {
		t.Fatalf("UpdateStatus: %v", err)
	}
	if edited.EditedAt.IsZero() || !strings.Contains(edited.Content, "second words") || edited.SpoilerText != "cw" ||
		!edited.Sensitive || edited.Language != "de" || len(edited.Mentions) != 1 || edited.Mentions[0].Username != "dave" {
		t.Errorf("the edited status: edited_at %v, content %q, spoiler %q, sensitive %v, language %q, mentions %v",
			edited.EditedAt, edited.Content, edited.SpoilerText, edited.Sensitive, edited.Language, edited.Mentions)
	}
	if got, err := bob.GetStatus(ctx, st.ID); err != nil || got.Content != edited.Content || !got.EditedAt.Equal(edited.EditedAt) {
		t.Errorf("bob reads the status: %v, content %q", err, got.Content)
	}

	history, err := bob.GetStatusHistory(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 2 || !strings.Contains(history[0].Content, "first words") || history[0].SpoilerText != "" ||
		!strings.Contains(history[1].Content, "second words") || history[1].SpoilerText != "cw" ||
		!history[0].CreatedAt.Equal(st.CreatedAt) || !history[1].CreatedAt.Equal(edited.EditedAt) || history[1].Account.Username != "alice" {
		t.Errorf("history: %+v", history)
	}
	src, err := alice.GetStatusSource(ctx, st.ID)
	if err != nil || src.ID != st.ID || src.Text != "second words #afteredit @dave" || src.SpoilerText != "cw" {
		t.Errorf("source = %+v, %v", src, err)
	}
	if _, err := bob.GetStatusSource(ctx, st.ID); !isStatus(err, http.StatusNotFound) {
		t.Errorf("bob reads alice's source: %v, want 404", err)
	}

	// Hashtags, search and the home feed follow the edit.
	for tag, want := range map[string]int{"beforeedit": 0, "afteredit": 1} {
		list, err := bob.GetTimelineHashtag(ctx, tag, false, nil)
		if err != nil || len(list) != want {
			t.Errorf("#%s timeline: %d statuses, %v; want %d", tag, len(list), err, want)
		}
	}
	for q, want := range map[string]int{"first": 0, "second": 1} {
		res, err := bob.Search(ctx, q, false)
		if err != nil || len(res.Statuses) != want {
			t.Errorf("search %q: %v, %v; want %d statuses", q, res, err, want)
		}
	}
	home, err := bob.GetTimelineHome(ctx, nil)
	if err != nil || len(home) == 0 || home[0].ID != st.ID || home[0].Content != edited.Content {
		t.Errorf("bob's home after the edit: %v", err)
	}

	// A second edit keeping the mention tells dave nothing new.
	if _, err := alice.UpdateStatus(ctx, &mastodon.Toot{Status: "third words @dave"}, st.ID); err != nil {
		t.Fatal(err)
	}
	notes := func(c *mastodon.Client) map[string]int {
		t.Helper()
		ns, err := c.GetNotifications(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, n := range ns {
			if n.Status != nil && n.Status.ID == st.ID {
				out[n.Type]++
			}
		}
		return out
	}
	if got := notes(dave); got["mention"] != 1 || len(got) != 1 {
		t.Errorf("dave's notifications about the status: %v, want one mention", got)
	}
	if got := notes(carol); got["update"] != 2 || len(got) != 1 {
		t.Errorf("carol (who boosted it) has notifications %v, want two updates", got)
	}
	if got := notes(bob); len(got) != 0 {
		t.Errorf("bob (a follower) has notifications %v, want none", got)
	}
	if h, _ := alice.GetStatusHistory(ctx, st.ID); len(h) != 3 {
		t.Errorf("history after two edits has %d revisions, want 3", len(h))
	}

	// Refusals change nothing.
	before, _ := alice.GetStatus(ctx, st.ID)
	if _, err := bob.UpdateStatus(ctx, &mastodon.Toot{Status: "bob was here"}, st.ID); !isStatus(err, http.StatusNotFound) {
		t.Errorf("bob edits alice's status: %v, want 404", err)
	}
	for name, form := range map[string]url.Values{
		"too long":     {"status": {strings.Repeat("x", 501)}},
		"blank":        {"status": {"  "}},
		"bad language": {"status": {"ok"}, "language": {"zz-not"}},
		"half a poll":  {"status": {"ok"}, "poll[options][]": {"a", "b"}},
		"media":        {"status": {"ok"}, "media_ids[]": {"1"}},
	} {
		code, body, _ := whDo(t, r, whViewer{token: alice.Config.AccessToken}, "PUT", "/api/v1/statuses/"+string(st.ID), form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"error"`) {
			t.Errorf("%s: %d %s, want 422 with an error", name, code, body)
		}
	}
	boosts, _ := alice.GetRebloggedBy(ctx, st.ID, nil)
	carolBoost, _ := carol.GetAccountStatuses(ctx, mustVerify(t, carol).ID, nil)
	if len(boosts) == 1 && len(carolBoost) == 1 {
		if _, err := carol.UpdateStatus(ctx, &mastodon.Toot{Status: "a boost"}, carolBoost[0].ID); !isStatus(err, http.StatusUnprocessableEntity) {
			t.Errorf("carol edits her boost: %v, want 422", err)
		}
	} else {
		t.Errorf("carol's boost not found: %d boosts, %d statuses", len(boosts), len(carolBoost))
	}
	after, _ := alice.GetStatus(ctx, st.ID)
	if after.Content != before.Content || !after.EditedAt.Equal(before.EditedAt) {
		t.Errorf("refused edits changed the status: %q (%v) -> %q (%v)", before.Content, before.EditedAt, after.Content, after.EditedAt)
	}
	if h, _ := alice.GetStatusHistory(ctx, st.ID); len(h) != 3 {
		t.Errorf("refused edits changed the history: %d revisions", len(h))
	}

	// A withheld status stays withheld when edited: status, history and source
	// answer 451 to everyone it is withheld from; its author still edits it.
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(st.ID), Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.UpdateStatus(ctx, &mastodon.Toot{Status: "nothing to see, harmless now"}, st.ID); err != nil {
		t.Fatalf("alice edits her withheld status: %v", err)
	}
	for _, path := range []string{"", "/history", "/source"} {
		for _, v := range []whViewer{{name: "bob", token: bob.Config.AccessToken}, {name: "anonymous"}} {
			if v.token == "" && path == "/source" {
				continue // for signed-in users only
			}
			code, body, _ := whDo(t, r, v, "GET", "/api/v1/statuses/"+string(st.ID)+path, nil)
			if code != http.StatusUnavailableForLegalReasons || strings.Contains(string(body), "words") || strings.Contains(string(body), "harmless") {
				t.Errorf("%s reads the withheld status%s: %d %s, want 451", v.name, path, code, whShort(body))
			}
		}
	}
	if h, err := alice.GetStatusHistory(ctx, st.ID); err != nil || len(h) != 4 {
		t.Errorf("alice reads her withheld status's history: %d revisions, %v", len(h), err)
	}
}

func mustVerify(t *testing.T, c *mastodon.Client) *mastodon.Account {
	t.Helper()
	a, err := c.GetAccountCurrentUser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return a
}
