package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
)

// wireScheduledPoll is a ScheduledStatus's params.poll as a client reads it.
type wireScheduledPoll struct {
	Options    []string `json:"options"`
	ExpiresIn  int64    `json:"expires_in"`
	Multiple   bool     `json:"multiple"`
	HideTotals bool     `json:"hide_totals"`
}

// wireScheduledWithPoll is a ScheduledStatus with its params.poll.
type wireScheduledWithPoll struct {
	ID          string `json:"id"`
	ScheduledAt string `json:"scheduled_at"`
	Params      struct {
		Text string             `json:"text"`
		Poll *wireScheduledPoll `json:"poll"`
	} `json:"params"`
}

// TestScheduledPoll covers a poll on a scheduled status (it was refused with
// 422): kept in params.poll from a form and from JSON, listed and read with it,
// kept when PUT moves the status, a bad poll refused with nothing kept, and
// published by the server's sweep as a real poll others vote in, whose duration
// counts from publication as in Mastodon.
func TestScheduledPoll(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testScheduledPoll(t, b) })
	}
}

func testScheduledPoll(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, _ := r.mustAccount("alice"), r.mustAccount("bob")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	atok := ac.Config.AccessToken
	at := time.Now().Add(10 * time.Minute).Truncate(time.Second)
	const form = "application/x-www-form-urlencoded"

	decode := func(status int, data []byte) wireScheduledWithPoll {
		t.Helper()
		if status != http.StatusOK {
			t.Fatalf("schedule: %d %s", status, data)
		}
		var sc wireScheduledWithPoll
		mustJSON(t, data, &sc)
		return sc
	}
	status, data, _ := r.do("POST", "/api/v1/statuses", atok, form, url.Values{
		"status": {"tea or coffee?"}, "scheduled_at": {at.UTC().Format(time.RFC3339)},
		"poll[options][]": {" tea ", "coffee"}, "poll[expires_in]": {"600"}, "poll[multiple]": {"true"},
	}.Encode())
	fromForm := decode(status, data)
	want := wireScheduledPoll{Options: []string{"tea", "coffee"}, ExpiresIn: 600, Multiple: true}
	if fromForm.Params.Poll == nil || !samePoll(*fromForm.Params.Poll, want) {
		t.Errorf("scheduled from a form: params.poll = %s, want %+v", data, want)
	}
	body, _ := json.Marshal(map[string]any{"status": "juice?", "scheduled_at": at.Add(time.Hour).UTC().Format(time.RFC3339),
		"poll": map[string]any{"options": []string{"yes", "no", "maybe"}, "expires_in": 86400, "hide_totals": true}})
	status, data, _ = r.do("POST", "/api/v1/statuses", atok, "application/json", string(body))
	fromJSON := decode(status, data)
	wantJSON := wireScheduledPoll{Options: []string{"yes", "no", "maybe"}, ExpiresIn: 86400, HideTotals: true}
	if fromJSON.Params.Poll == nil || !samePoll(*fromJSON.Params.Poll, wantJSON) {
		t.Errorf("scheduled from JSON: params.poll = %s, want %+v", data, wantJSON)
	}

	// A bad poll: 422 naming what is wrong, nothing kept.
	for name, bad := range map[string]url.Values{
		"one option":  {"poll[options][]": {"a"}, "poll[expires_in]": {"600"}},
		"too short":   {"poll[options][]": {"a", "b"}, "poll[expires_in]": {"60"}},
		"same option": {"poll[options][]": {"a", " a"}, "poll[expires_in]": {"600"}},
		"no duration": {"poll[options][]": {"a", "b"}},
	} {
		bad.Set("status", "bad poll")
		bad.Set("scheduled_at", at.UTC().Format(time.RFC3339))
		if status, data, _ := r.do("POST", "/api/v1/statuses", atok, form, bad.Encode()); status != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(string(data)), "poll") {
			t.Errorf("%s: %d %s, want 422 about the poll", name, status, data)
		}
	}
	// Media and a poll exclude each other when scheduled too.
	pic, err := ac.UploadMediaFromBytes(ctx, pngOf(t, 8, 8))
	if err != nil {
		t.Fatal(err)
	}
	withMedia := url.Values{"status": {"poll and picture"}, "scheduled_at": {at.UTC().Format(time.RFC3339)},
		"poll[options][]": {"a", "b"}, "poll[expires_in]": {"600"}, "media_ids[]": {string(pic.ID)}}
	if status, data, _ := r.do("POST", "/api/v1/statuses", atok, form, withMedia.Encode()); status != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(string(data)), "poll") {
		t.Errorf("scheduled poll with media: %d %s, want 422 about the poll and the media", status, data)
	}
	var listed []wireScheduledWithPoll
	getJSON(t, r, "/api/v1/scheduled_statuses", atok, &listed)
	if len(listed) != 2 || listed[0].ID != fromJSON.ID || listed[1].ID != fromForm.ID {
		t.Fatalf("listed %+v, want the two scheduled polls only", listed)
	}
	if listed[1].Params.Poll == nil || !samePoll(*listed[1].Params.Poll, want) {
		t.Errorf("listed params.poll = %+v, want %+v", listed[1].Params.Poll, want)
	}

	// PUT moves it and leaves its poll as it was (Mastodon changes only the time).
	path := "/api/v1/scheduled_statuses/" + fromForm.ID
	status, data, _ = r.do("PUT", path, atok, form, "scheduled_at="+url.QueryEscape(at.Add(2*time.Hour).Format(time.RFC3339)))
	if moved := decode(status, data); moved.Params.Poll == nil || !samePoll(*moved.Params.Poll, want) {
		t.Errorf("after PUT params.poll = %s, want %+v", data, want)
	}
	var one wireScheduledWithPoll
	getJSON(t, r, path, atok, &one)
	if one.Params.Poll == nil || !samePoll(*one.Params.Poll, want) {
		t.Errorf("GET after PUT: params.poll = %+v, want %+v", one.Params.Poll, want)
	}

	// Due in three seconds (through the store, as the API keeps it five minutes
	// ahead): the running server's sweep publishes it with a real poll.
	scheduledAt := time.Now()
	id, err := agora.ParseID(fromForm.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.srv.DB.RescheduleStatus(ctx, alice.ID, id, scheduledAt.Add(3*time.Second), agora.DefaultScheduleLimits); err != nil {
		t.Fatal(err)
	}
	var published []*mastodon.Status
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if published, err = ac.GetAccountStatuses(ctx, mastodon.ID(alice.ID.String()), nil); err != nil {
			t.Fatal(err)
		} else if len(published) > 0 {
			break
		}
	}
	if len(published) != 1 {
		t.Fatalf("alice has %d statuses, want the scheduled poll published", len(published))
	}
	st := published[0]
	if st.Poll == nil {
		t.Fatalf("published %q without its poll", st.Content)
	}
	var titles []string
	for _, o := range st.Poll.Options {
		titles = append(titles, o.Title)
	}
	if !slices.Equal(titles, want.Options) || !st.Poll.Multiple || st.Poll.Expired {
		t.Errorf("published poll = %+v, want options %v, multiple, open", st.Poll, want.Options)
	}
	// Its ten minutes count from publication, which came at least three seconds
	// after the poll was asked for.
	if d := st.Poll.ExpiresAt.Sub(st.CreatedAt); d < 600*time.Second-time.Second || d > 600*time.Second+time.Second {
		t.Errorf("the poll ends %v after the status was published, want 10m0s", d)
	}
	poll, err := bc.PollVote(ctx, st.Poll.ID, 0, 1)
	if err != nil {
		t.Fatalf("bob votes in the published poll: %v", err)
	}
	if poll.VotesCount != 2 || !poll.Voted {
		t.Errorf("after bob's vote: %+v, want two votes, voted", poll)
	}
	getJSON(t, r, "/api/v1/scheduled_statuses", atok, &listed)
	if len(listed) != 1 || listed[0].ID != fromJSON.ID {
		t.Errorf("still scheduled: %+v, want only the JSON one", listed)
	}
}

func samePoll(a, b wireScheduledPoll) bool {
	return slices.Equal(a.Options, b.Options) && a.ExpiresIn == b.ExpiresIn && a.Multiple == b.Multiple && a.HideTotals == b.HideTotals
}
