package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/service"
)

// TestPolls posts polls (form through go-mastodon, and JSON), votes, reads them
// as the author, a voter and others, refuses bad ballots and bad polls without
// changing anything, ends them with the sweep (once, notifying the author and
// the voters), and withholds one.
func TestPolls(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testPolls(t, b) })
	}
}

func testPolls(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	ctx := context.Background()
	for _, n := range []string{"alice", "bob", "carol"} {
		r.mustAccount(n)
	}
	alice, bob, carol := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol")
	as := func(c *mastodon.Client) whViewer { return whViewer{token: c.Config.AccessToken} }

	// The limits are advertised.
	code, body, _ := whDo(t, r, whViewer{}, "GET", "/api/v2/instance", nil)
	var inst struct {
		Configuration struct {
			Polls map[string]int `json:"polls"`
		} `json:"configuration"`
	}
	mustJSON(t, body, &inst)
	if want := map[string]int{"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746}; code != 200 ||
		len(inst.Configuration.Polls) != 4 || inst.Configuration.Polls["max_options"] != 4 || inst.Configuration.Polls["max_characters_per_option"] != 50 ||
		inst.Configuration.Polls["min_expiration"] != 300 || inst.Configuration.Polls["max_expiration"] != 2629746 {
		t.Errorf("configuration.polls = %v, want %v", inst.Configuration.Polls, want)
	}

	st := post(t, alice, &mastodon.Toot{Status: "tea or coffee?", Poll: &mastodon.TootPoll{Options: []string{"tea", "coffee"}, ExpiresInSeconds: 600}})
	if st.Poll == nil || st.Poll.ID != st.ID || len(st.Poll.Options) != 2 || st.Poll.Options[1].Title != "coffee" || st.Poll.Expired ||
		st.Poll.ExpiresAt.Sub(st.CreatedAt) < 590*time.Second || st.Poll.ExpiresAt.Sub(st.CreatedAt) > 610*time.Second || !st.Poll.Voted {
		t.Fatalf("the new poll: %+v", st.Poll)
	}
	// JSON, several choices, totals hidden.
	code, body, _ = whDoJSON(t, r, as(alice), "POST", "/api/v1/statuses", map[string]any{"status": "pick any",
		"poll": map[string]any{"options": []string{"a", "b", "c"}, "expires_in": 3600, "multiple": true, "hide_totals": true}})
	var multi mastodon.Status
	mustJSON(t, body, &multi)
	if code != 200 || multi.Poll == nil || !multi.Poll.Multiple || len(multi.Poll.Options) != 3 {
		t.Fatalf("JSON poll: %d %s", code, body)
	}

	// Votes.
	p, err := bob.PollVote(ctx, st.ID, 1)
	if err != nil {
		t.Fatalf("bob votes: %v", err)
	}
	if !p.Voted || len(p.OwnVotes) != 1 || p.OwnVotes[0] != 1 || p.VotesCount != 1 || p.VotersCount != 1 || p.Options[1].VotesCount != 1 {
		t.Errorf("after bob's vote: %+v", p)
	}
	if p, err := carol.PollVote(ctx, multi.ID, 0, 2); err != nil || p.VotesCount != 2 || p.VotersCount != 1 || p.Options[0].VotesCount != 0 {
		t.Errorf("carol votes twice in one ballot: %+v %v (totals hidden: option counts null)", p, err)
	}
	var raw map[string]any
	_, body, _ = whDo(t, r, as(bob), "GET", "/api/v1/polls/"+string(multi.ID), nil)
	mustJSON(t, body, &raw)
	if opts := raw["options"].([]any); opts[0].(map[string]any)["votes_count"] != nil || raw["voted"] != false {
		t.Errorf("hidden totals shown to bob: %s", body)
	}
	_, body, _ = whDo(t, r, as(alice), "GET", "/api/v1/polls/"+string(multi.ID), nil)
	mustJSON(t, body, &raw)
	if opts := raw["options"].([]any); opts[0].(map[string]any)["votes_count"] != 1.0 {
		t.Errorf("the author does not see her poll's totals: %s", body)
	}
	if got, err := carol.GetStatus(ctx, st.ID); err != nil || got.Poll == nil || got.Poll.Voted || got.Poll.VotesCount != 1 {
		t.Errorf("carol reads the status with the poll: %+v %v", got.Poll, err)
	}

	// Bad ballots: 422, nothing counted.
	for name, c := range map[string]struct {
		who  *mastodon.Client
		poll mastodon.ID
		form url.Values
	}{
		"twice":               {bob, st.ID, url.Values{"choices[]": {"0"}}},
		"own poll":            {alice, st.ID, url.Values{"choices[]": {"0"}}},
		"no such option":      {carol, st.ID, url.Values{"choices[]": {"2"}}},
		"negative":            {carol, st.ID, url.Values{"choices[]": {"-1"}}},
		"not a number":        {carol, st.ID, url.Values{"choices[]": {"tea"}}},
		"two in a single one": {carol, st.ID, url.Values{"choices[]": {"0", "1"}}},
		"none":                {carol, st.ID, url.Values{}},
	} {
		code, body, _ := whDo(t, r, as(c.who), "POST", "/api/v1/polls/"+string(c.poll)+"/votes", c.form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"error"`) {
			t.Errorf("%s: %d %s, want 422", name, code, body)
		}
	}
	if p, _ := alice.GetPoll(ctx, st.ID); p.VotesCount != 1 || p.VotersCount != 1 {
		t.Errorf("refused ballots were counted: %+v", p)
	}
	if _, err := bob.GetPoll(ctx, "123"); !isStatus(err, http.StatusNotFound) {
		t.Errorf("no such poll: %v, want 404", err)
	}

	// Bad polls: 422, nothing posted.
	count := func() int64 { return mustVerify(t, alice).StatusesCount }
	n := count()
	for name, form := range map[string]url.Values{
		"five options":      {"status": {"q"}, "poll[options][]": {"a", "b", "c", "d", "e"}, "poll[expires_in]": {"600"}},
		"one option":        {"status": {"q"}, "poll[options][]": {"a"}, "poll[expires_in]": {"600"}},
		"long option":       {"status": {"q"}, "poll[options][]": {"a", strings.Repeat("é", 51)}, "poll[expires_in]": {"600"}},
		"blank option":      {"status": {"q"}, "poll[options][]": {"a", " "}, "poll[expires_in]": {"600"}},
		"same option twice": {"status": {"q"}, "poll[options][]": {"a", "a"}, "poll[expires_in]": {"600"}},
		"too short":         {"status": {"q"}, "poll[options][]": {"a", "b"}, "poll[expires_in]": {"299"}},
		"too long":          {"status": {"q"}, "poll[options][]": {"a", "b"}, "poll[expires_in]": {"2629747"}},
		"not a number":      {"status": {"q"}, "poll[options][]": {"a", "b"}, "poll[expires_in]": {"soon"}},
		"no duration":       {"status": {"q"}, "poll[options][]": {"a", "b"}},
		"no options":        {"status": {"q"}, "poll[expires_in]": {"600"}},
		"no text":           {"poll[options][]": {"a", "b"}, "poll[expires_in]": {"600"}},
	} {
		code, body, _ := whDo(t, r, as(alice), "POST", "/api/v1/statuses", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"error"`) {
			t.Errorf("%s: %d %s, want 422", name, code, body)
		}
	}
	if got := count(); got != n {
		t.Errorf("refused polls posted statuses: %d -> %d", n, got)
	}

	// An edit keeping the options keeps the votes; new options reset them.
	if p := editPoll(t, r, alice, st.ID, []string{"tea", "coffee"}); p.VotesCount != 1 {
		t.Errorf("an edit keeping the options dropped the votes: %+v", p)
	}
	if h, _ := alice.GetStatusHistory(ctx, st.ID); len(h) != 2 {
		t.Errorf("history after a poll edit: %d revisions", len(h))
	}
	if p := editPoll(t, r, alice, st.ID, []string{"tea", "coffee", "water"}); p.VotesCount != 0 || p.VotersCount != 0 {
		t.Errorf("an edit changing the options kept the votes: %+v", p)
	}
	if _, err := bob.PollVote(ctx, st.ID, 2); err != nil {
		t.Errorf("bob votes again after the reset: %v", err)
	}

	// The end: the sweep announces it once, to the author and the voters.
	if _, err := r.srv.DB.SQL().ExecContext(ctx, `UPDATE polls SET expires_at = expires_at - 7200000`); err != nil {
		t.Fatal(err) // as if two hours had passed
	}
	ended, err := r.srv.Service.EndPolls(ctx, time.Now())
	if err != nil || ended != 2 {
		t.Errorf("EndPolls = %d, %v; want both polls ended", ended, err)
	}
	if again, err := r.srv.Service.EndPolls(ctx, time.Now()); err != nil || again != 0 {
		t.Errorf("a second sweep = %d, %v; want nothing", again, err)
	}
	pollNotes := func(c *mastodon.Client) int {
		ns, err := c.GetNotifications(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		k := 0
		for _, n := range ns {
			if n.Type == "poll" {
				k++
			}
		}
		return k
	}
	for name, c := range map[string]struct {
		c    *mastodon.Client
		want int
	}{"alice": {alice, 2}, "bob": {bob, 1}, "carol": {carol, 1}} {
		if got := pollNotes(c.c); got != c.want {
			t.Errorf("%s has %d poll notifications, want %d", name, got, c.want)
		}
	}
	if p, err := carol.GetPoll(ctx, multi.ID); err != nil || !p.Expired || p.Options[0].VotesCount != 1 {
		t.Errorf("the ended poll: %+v %v (expired, totals shown)", p, err)
	}
	if _, err := carol.PollVote(ctx, st.ID, 0); !isStatus(err, http.StatusUnprocessableEntity) {
		t.Errorf("voting in an ended poll: %v, want 422", err)
	}

	// A withheld status's poll is withheld with it.
	wst := post(t, alice, &mastodon.Toot{Status: "withheld question", Poll: &mastodon.TootPoll{Options: []string{"x", "y"}, ExpiresInSeconds: 600}})
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(wst.ID), Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ method, path string }{{"GET", "/api/v1/polls/" + string(wst.ID)}, {"POST", "/api/v1/polls/" + string(wst.ID) + "/votes"}} {
		code, body, _ := whDo(t, r, as(bob), c.method, c.path, url.Values{"choices[]": {"0"}})
		if code != http.StatusUnavailableForLegalReasons || strings.Contains(string(body), "withheld question") {
			t.Errorf("%s %s of a withheld poll: %d %s, want 451", c.method, c.path, code, whShort(body))
		}
	}
	if p, err := alice.GetPoll(ctx, wst.ID); err != nil || p.VotesCount != 0 {
		t.Errorf("the author reads her withheld poll: %+v %v", p, err)
	}
}

// editPoll edits the status to carry a poll of the options and returns it.
func editPoll(t *testing.T, r *rig, c *mastodon.Client, id mastodon.ID, options []string) *mastodon.Poll {
	t.Helper()
	st, err := c.UpdateStatus(context.Background(), &mastodon.Toot{Status: "tea or coffee?", Poll: &mastodon.TootPoll{Options: options, ExpiresInSeconds: 600}}, id)
	if err != nil || st.Poll == nil {
		t.Fatalf("edit the poll: %v", err)
	}
	return st.Poll
}

// whDoJSON is whDo with a JSON body.
func whDoJSON(t *testing.T, r *rig, v whViewer, method, path string, body any) (int, []byte, http.Header) {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, r.srv.URL+path, strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+v.token)
	resp, err := r.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out, resp.Header
}
