package mastoapi

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"agora/feedcache"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
)

// TestInstanceStats: the counts are read once and kept for statsTTL, then
// counted afresh.
func TestInstanceStats(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := service.New(service.Config{BaseURL: "https://x.example", PasswordCost: 4}, db, feedcache.NewMemory(0), nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	alice, err := svc.CreateAccount(ctx, service.NewAccount{Username: "alice", Email: "alice@x.example", Password: "password-alice"})
	if err != nil {
		t.Fatal(err)
	}
	post := func() {
		if _, err := svc.PostStatus(ctx, alice, service.NewStatus{Text: "hello"}); err != nil {
			t.Fatal(err)
		}
	}
	var st instanceStats
	check := func(step string, wantUsers, wantStatuses int) {
		t.Helper()
		users, statuses, err := st.counts(ctx, svc.Store())
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
