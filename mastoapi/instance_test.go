package mastoapi

import (
	"context"
	"testing"
	"time"

	"agora/service"
)

// TestInstanceStats: the counts are read once and kept for statsTTL, then
// counted afresh.
func TestInstanceStats(t *testing.T) {
	ctx := context.Background()
	_, svc, _ := newTestAPI(t, "https://x.example")
	alice := mustAccount(t, svc, "alice")
	post := func() {
		if _, err := svc.PostStatus(ctx, svc.As(ctx, alice), service.NewStatus{Text: "hello"}); err != nil {
			t.Fatal(err)
		}
	}
	var st instanceStats
	check := func(step string, wantUsers, wantStatuses int) {
		t.Helper()
		users, statuses, err := st.counts(ctx, svc)
		if err != nil || users != wantUsers || statuses != wantStatuses {
			t.Errorf("%s: counts = %d users, %d statuses, %v; want %d, %d", step, users, statuses, err, wantUsers, wantStatuses)
		}
	}
	post()
	check("first", 1, 1)
	post()
	check("within statsTTL", 1, 1)
	st.at = st.at.Add(-statsTTL - time.Second)
	check("after statsTTL", 1, 2)
}
