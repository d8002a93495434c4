package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
)

// wireScheduled is the ScheduledStatus entity as a client reads it.
type wireScheduled struct {
	ID          string `json:"id"`
	ScheduledAt string `json:"scheduled_at"`
	Params      struct {
		Text       string `json:"text"`
		Visibility string `json:"visibility"`
	} `json:"params"`
	Content *string `json:"content"` // a Status has it; a ScheduledStatus must not
}

// TestScheduledStatuses covers scheduled_at on POST /api/v1/statuses (it was
// ignored, and the status went out at once) and /api/v1/scheduled_statuses: a
// scheduled status is kept, not posted, listed, moved and cancelled by its
// owner only; bad times are refused with 422 and nothing kept; and it is
// published at its time by a server started after it was scheduled, through
// the posting path (the mention notifies).
func TestScheduledStatuses(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testScheduledStatuses(t, b) })
	}
}

func testScheduledStatuses(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice, _ := r.mustAccount("alice"), r.mustAccount("bob")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	atok, btok := ac.Config.AccessToken, bc.Config.AccessToken
	form := "application/x-www-form-urlencoded"

	schedule := func(text string, at time.Time) (int, wireScheduled, string) {
		t.Helper()
		body := url.Values{"status": {text}, "scheduled_at": {at.UTC().Format(time.RFC3339)}}.Encode()
		status, data, _ := r.do("POST", "/api/v1/statuses", atok, form, body)
		var sc wireScheduled
		if status == http.StatusOK {
			mustJSON(t, data, &sc)
		}
		return status, sc, string(data)
	}
	listed := func() []wireScheduled {
		t.Helper()
		var list []wireScheduled
		getJSON(t, r, "/api/v1/scheduled_statuses", atok, &list)
		return list
	}
	aliceStatuses := func() []*mastodon.Status {
		t.Helper()
		list, err := ac.GetAccountStatuses(ctx, mastodon.ID(alice.ID.String()), nil)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}

	at := time.Now().Add(10 * time.Minute).Truncate(time.Second)
	status, sc, body := schedule("later, @bob", at)
	if status != http.StatusOK {
		t.Fatalf("schedule: %d %s", status, body)
	}
	if sc.Content != nil || sc.Params.Text != "later, @bob" || sc.Params.Visibility != "public" {
		t.Errorf("answer = %s, want a ScheduledStatus with the text", body)
	}
	if got, err := time.Parse(time.RFC3339Nano, sc.ScheduledAt); err != nil || !got.Equal(at) {
		t.Errorf("scheduled_at = %q, want %v", sc.ScheduledAt, at)
	}
	if n := len(aliceStatuses()); n != 0 {
		t.Fatalf("alice has %d statuses right after scheduling, want none", n)
	}
	if ns, _ := bc.GetNotifications(ctx, nil); len(ns) != 0 {
		t.Errorf("bob has %d notifications before the status is published", len(ns))
	}

	// Bad times: 422 naming scheduled_at, nothing kept.
	for _, bad := range []string{time.Now().Add(4 * time.Minute).UTC().Format(time.RFC3339), "tomorrow", "2020-01-01T00:00:00Z"} {
		status, data, _ := r.do("POST", "/api/v1/statuses", atok, form, url.Values{"status": {"x"}, "scheduled_at": {bad}}.Encode())
		if status != http.StatusUnprocessableEntity || !strings.Contains(string(data), "scheduled_at") {
			t.Errorf("scheduled_at %q: %d %s, want 422 naming scheduled_at", bad, status, data)
		}
	}
	if status, data, _ := r.do("POST", "/api/v1/statuses", atok, form, url.Values{"status": {""}, "scheduled_at": {at.Format(time.RFC3339)}}.Encode()); status != http.StatusUnprocessableEntity {
		t.Errorf("empty scheduled status: %d %s, want 422", status, data)
	}
	// A bad poll is refused as when posting (polls on scheduled statuses:
	// scheduled_poll_test.go).
	pollForm := url.Values{"status": {"vote"}, "scheduled_at": {at.Format(time.RFC3339)}, "poll[options][]": {"a"}, "poll[expires_in]": {"3600"}}
	if status, data, _ := r.do("POST", "/api/v1/statuses", atok, form, pollForm.Encode()); status != http.StatusUnprocessableEntity || !strings.Contains(string(data), "Poll") {
		t.Errorf("scheduled poll with one option: %d %s, want 422 naming the poll", status, data)
	}
	if list := listed(); len(list) != 1 || list[0].ID != sc.ID {
		t.Fatalf("after refused requests listed %+v, want only the first", list)
	}

	// Owner only: another account gets 404 for every action on it.
	path := "/api/v1/scheduled_statuses/" + sc.ID
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		if status, _, _ := r.do(m, path, btok, form, "scheduled_at="+url.QueryEscape(at.Add(time.Hour).Format(time.RFC3339))); status != http.StatusNotFound {
			t.Errorf("bob %s alice's scheduled status: %d, want 404", m, status)
		}
	}

	// Moving it: PUT scheduled_at; too soon is refused.
	moved := at.Add(time.Hour)
	status, data, _ := r.do("PUT", path, atok, form, "scheduled_at="+url.QueryEscape(moved.Format(time.RFC3339)))
	var got wireScheduled
	if status != http.StatusOK {
		t.Fatalf("PUT: %d %s", status, data)
	}
	mustJSON(t, data, &got)
	if ts, _ := time.Parse(time.RFC3339Nano, got.ScheduledAt); !ts.Equal(moved) {
		t.Errorf("after PUT scheduled_at = %s, want %v", got.ScheduledAt, moved)
	}
	if status, _, _ := r.do("PUT", path, atok, form, "scheduled_at="+url.QueryEscape(time.Now().Format(time.RFC3339))); status != http.StatusUnprocessableEntity {
		t.Errorf("PUT too soon: %d, want 422", status)
	}
	getJSON(t, r, path, atok, &got)
	if ts, _ := time.Parse(time.RFC3339Nano, got.ScheduledAt); !ts.Equal(moved) {
		t.Errorf("after a refused PUT scheduled_at = %s, want %v", got.ScheduledAt, moved)
	}

	// Cancelling another: DELETE, then it is gone.
	_, other, _ := schedule("cancelled", at.Add(2*time.Hour))
	if status, data, _ := r.do("DELETE", "/api/v1/scheduled_statuses/"+other.ID, atok, "", ""); status != http.StatusOK || strings.TrimSpace(string(data)) != "{}" {
		t.Errorf("DELETE: %d %s, want 200 {}", status, data)
	}
	if status, _, _ := r.do("GET", "/api/v1/scheduled_statuses/"+other.ID, atok, "", ""); status != http.StatusNotFound {
		t.Errorf("GET after DELETE: %d, want 404", status)
	}

	// Paging: two more, limit=2, the Link header leads to the rest.
	schedule("p1", at.Add(3*time.Hour))
	schedule("p2", at.Add(4*time.Hour))
	var page []wireScheduled
	hdr := getJSON(t, r, "/api/v1/scheduled_statuses?limit=2", atok, &page)
	next, _ := links(t, r, hdr)
	var rest []wireScheduled
	getJSON(t, r, next, atok, &rest)
	if len(page) != 2 || len(rest) != 1 || rest[0].ID != sc.ID {
		t.Errorf("pages = %+v then %+v, want two then the first scheduled", page, rest)
	}

	// Due in a few seconds (moved there through the store, as the API keeps it
	// five minutes ahead); the server stops and a new one publishes it on time.
	due := time.Now().Add(3 * time.Second)
	id, err := agora.ParseID(sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.srv.DB.RescheduleStatus(ctx, alice.ID, id, due, agora.DefaultScheduleLimits); err != nil {
		t.Fatal(err)
	}
	dsn := r.srv.DSN
	r.srv.Stop(t)
	r.srv = agoratest.MustRunServer(t, b, agoratest.WithDB(dsn))
	ac, bc = r.client(atok), r.client(btok)
	var published []*mastodon.Status
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if published = aliceStatuses(); len(published) > 0 {
			break
		}
	}
	if len(published) != 1 {
		t.Fatalf("after the restart alice has %d statuses, want the scheduled one published", len(published))
	}
	if st := published[0]; !strings.Contains(st.Content, "later") || st.CreatedAt.Before(due.Add(-time.Second)) {
		t.Errorf("published %q at %v, want the text at or after %v", st.Content, st.CreatedAt, due)
	}
	ns, err := bc.GetNotifications(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].Type != "mention" || ns[0].Status == nil || ns[0].Status.ID != published[0].ID {
		t.Errorf("bob's notifications = %+v, want the mention", ns)
	}
	if list := listed(); len(list) != 2 {
		t.Errorf("after publishing %d still scheduled, want the two others", len(list))
	}
	// Published once: a later sweep posts nothing more.
	time.Sleep(2 * time.Second)
	if n := len(aliceStatuses()); n != 1 {
		t.Errorf("alice has %d statuses, want it published once", n)
	}
}
