package mastoapi

import (
	"context"
	"testing"
	"time"

	"agora"
	"agora/service"
)

// TestKeptMap checks the two bounds of keptMap: what is read at least once per
// period stays, what is not read is dropped within two periods.
func TestKeptMap(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	var m keptMap[int]
	for id := agora.ID(1); id <= 100; id++ {
		m.put(id, int(id), now)
	}
	if m.len() != 100 {
		t.Fatalf("kept %d, want 100", m.len())
	}
	// Within the first period everything is there; 1 to 10 are read in each
	// period from then on.
	for step := 1; step <= 4; step++ {
		now = now.Add(keptEvery/2 + time.Second)
		for id := agora.ID(1); id <= 10; id++ {
			if v, ok := m.get(id, now); !ok || v != int(id) {
				t.Fatalf("step %d: entry %d is %d, %v; want it kept, as it is read every period", step, id, v, ok)
			}
		}
	}
	if _, ok := m.get(50, now); ok {
		t.Error("entry 50, not read for two periods, is still kept")
	}
	if m.len() != 10 {
		t.Errorf("kept %d entries, want the 10 read in every period", m.len())
	}
	now = now.Add(2 * keptEvery)
	m.put(200, 200, now)
	if m.len() != 1 {
		t.Errorf("after two idle periods kept %d entries, want only the one put since", m.len())
	}
}

// TestJSONCache_Bounded checks that the encodings of statuses no page shows any
// more are let go: before, a jsonCache kept every status it had encoded until it
// held 50,000 of each kind, so resident memory grew for as long as statuses were
// posted and read (issue 15).
func TestJSONCache_Bounded(t *testing.T) {
	ctx := context.Background()
	api, svc, _ := newTestAPI(t, "https://x.example")
	now := time.Unix(1_800_000_000, 0)
	api.json.now = func() time.Time { return now }
	alice := mustAccount(t, svc, "alice")
	encodeNew := func(n int) {
		for i := range n {
			b, err := svc.PostStatus(ctx, svc.As(ctx, alice), service.NewStatus{Text: "post " + string(rune('a'+i%26)), Visibility: "public", Language: "en"})
			if err != nil {
				t.Fatal(err)
			}
			api.json.appendStatuses(nil, api.conv, b)
		}
	}
	encodeNew(30)
	if got := api.json.statuses.len(); got != 30 {
		t.Fatalf("kept %d statuses, want the 30 just encoded", got)
	}
	now = now.Add(2*keptEvery + time.Second)
	encodeNew(5)
	if got := api.json.statuses.len(); got != 5 {
		t.Errorf("kept %d statuses after two idle periods, want only the 5 encoded since", got)
	}
	if got := api.json.accounts.len(); got != 1 {
		t.Errorf("kept %d accounts, want 1 (alice's, read since)", got)
	}
}
