package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"agora/agoratest"
	"agora/service"
)

// TestListLimits checks Mastodon's page sizes: lists of accounts and
// notifications give 40 by default and up to 80; lists of statuses give 20 and
// up to 40. A larger limit is clamped, not refused, as Mastodon does.
func TestListLimits(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite)
	alice := r.mustAccount("alice")
	svc := r.srv.Service
	for i := range 85 {
		fan := r.mustAccount(fmt.Sprintf("fan%d", i))
		if _, err := svc.Follow(ctx, svc.As(ctx, fan), alice.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.PostStatus(ctx, svc.As(ctx, alice), service.NewStatus{Text: fmt.Sprintf("post %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	tok := r.passwordLogin("alice").Config.AccessToken
	count := func(path string) int {
		t.Helper()
		var list []json.RawMessage
		getJSON(t, r, path, tok, &list)
		return len(list)
	}
	followers := "/api/v1/accounts/" + alice.ID.String() + "/followers"
	for _, tc := range []struct {
		path string
		want int
	}{
		{followers, 40},
		{followers + "?limit=80", 80},
		{followers + "?limit=500", 80},
		{"/api/v1/notifications", 40},
		{"/api/v1/notifications?limit=80", 80},
		{"/api/v1/timelines/home", 20},
		{"/api/v1/timelines/home?limit=80", 40},
		{"/api/v1/accounts/" + alice.ID.String() + "/statuses?limit=80", 40},
	} {
		if got := count(tc.path); got != tc.want {
			t.Errorf("GET %s: %d items, want %d", tc.path, got, tc.want)
		}
	}
}
