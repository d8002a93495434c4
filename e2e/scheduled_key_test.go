package e2e

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"agora/agoratest"
)

// TestScheduledIdempotency checks that an app's retry of a scheduled post with
// the same Idempotency-Key answers the scheduled status the first made, alone
// or at once with the first (it was kept but not enforced, and each retry
// scheduled the status again); another key schedules another.
func TestScheduledIdempotency(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testScheduledIdempotency(t, b) })
	}
}

func testScheduledIdempotency(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	r.mustAccount("alice")
	atok := r.passwordLogin("alice").Config.AccessToken
	at := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	schedule := func(text, key string) string {
		t.Helper()
		body := url.Values{"status": {text}, "scheduled_at": {at}}.Encode()
		status, data, _ := r.do("POST", "/api/v1/statuses", atok, "application/x-www-form-urlencoded", body, "Idempotency-Key", key)
		if status != http.StatusOK {
			t.Errorf("schedule with key %s: %d %s", key, status, data)
			return ""
		}
		var sc wireScheduled
		mustJSON(t, data, &sc)
		return sc.ID
	}
	first := schedule("once", "k1")
	if again := schedule("once", "k1"); again != first {
		t.Errorf("a retry with the same key scheduled %s; want the first, %s", again, first)
	}
	var wg sync.WaitGroup
	ids := make([]string, 4)
	for i := range ids {
		wg.Go(func() { ids[i] = schedule("at once", "k2") })
	}
	wg.Wait()
	for _, id := range ids[1:] {
		if id != ids[0] {
			t.Errorf("four requests at once with one key scheduled %v; want one status", ids)
			break
		}
	}
	other := schedule("another", "k3")
	var list []wireScheduled
	getJSON(t, r, "/api/v1/scheduled_statuses", atok, &list)
	if len(list) != 3 || other == first || other == ids[0] {
		t.Errorf("%d scheduled statuses (first %s, at once %s, other %s); want 3", len(list), first, ids[0], other)
	}
}
