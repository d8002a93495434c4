package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora/agoratest"
)

// TestAccountActions_UnreadCount: a suspended account's notifications are
// left out of the unread counts, v1 as v2 and the list (v1 used to count them
// when no withholding rule was in force).
func TestAccountActions_UnreadCount(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testAccountActionsUnreadCount(t, b) })
	}
}

func testAccountActionsUnreadCount(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := aaBuild(t, r) // bob favourited carol's post
	count := func(path string) int {
		t.Helper()
		code, body := sc.send(sc.carolTok, "GET", path, nil)
		var c struct {
			Count *int `json:"count"`
		}
		mustJSON(t, body, &c)
		if code != http.StatusOK || c.Count == nil {
			t.Fatalf("GET %s = %d %s, want 200 with a count", path, code, lgShort(body))
		}
		return *c.Count
	}
	if v1, v2 := count("/api/v1/notifications/unread_count"), count("/api/v2/notifications/unread_count"); v1 != 1 || v2 != 1 {
		t.Fatalf("before: carol's unread counts v1 %d, v2 %d, want 1 (bob's favourite)", v1, v2)
	}
	sc.act(url.Values{"type": {"suspend"}})
	if v1, v2 := count("/api/v1/notifications/unread_count"), count("/api/v2/notifications/unread_count"); v1 != 0 || v2 != 0 {
		t.Errorf("bob suspended: carol's unread counts v1 %d, v2 %d, want 0", v1, v2)
	}
	if body := mustGet(t, sc, sc.carolTok, "/api/v1/notifications"); strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("bob suspended: carol's notifications = %s, want none", lgShort(body))
	}
	sc.undo("unsuspend")
	if v1 := count("/api/v1/notifications/unread_count"); v1 != 1 {
		t.Errorf("bob unsuspended: carol's v1 unread count %d, want 1", v1)
	}
}
