package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/service"
)

// TestWithholdUnreadCount checks that unread_count counts what the notifications
// list shows: a notification from an account withheld in the viewer's country is
// neither listed nor counted there, and is both elsewhere.
func TestWithholdUnreadCount(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite, whTrusted)
	r.mustAccount("alice")
	r.mustAccount("bob")
	alice, bob := r.passwordLogin("alice").Config.AccessToken, r.passwordLogin("bob").Config.AccessToken
	var st struct{ ID string }
	status, body, _ := r.do("POST", "/api/v1/statuses", alice, "application/json", `{"status": "hello"}`)
	mustJSON(t, body, &st)
	if status != http.StatusOK {
		t.Fatalf("post: %d", status)
	}
	if status, _, _ := r.do("POST", "/api/v1/statuses/"+st.ID+"/favourite", bob, "", ""); status != http.StatusOK {
		t.Fatalf("favourite: %d", status)
	}
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@bob", Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	for country, want := range map[string]int{"IN": 0, "DE": 1} {
		v := whViewer{name: "alice", token: alice, country: country}
		_, list, _ := whDo(t, r, v, "GET", "/api/v1/notifications", nil)
		var ns []json.RawMessage
		mustJSON(t, list, &ns)
		_, cnt, _ := whDo(t, r, v, "GET", "/api/v1/notifications/unread_count", nil)
		var c struct{ Count int }
		mustJSON(t, cnt, &c)
		if len(ns) != want || c.Count != want {
			t.Errorf("from %s: %d notifications listed, unread_count %d; want %d and %d", country, len(ns), c.Count, want, want)
		}
	}
}

// TestWithholdExpiredStaff checks that legal staff see withheld content only while
// their legal access lasts.
func TestWithholdExpiredStaff(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite, whTrusted)
	r.mustAccount("alice")
	_, staffTok := lgStaff(t, r, "lena", agora.RoleLegal, "read write")
	alice := r.passwordLogin("alice").Config.AccessToken
	var st struct{ ID string }
	_, body, _ := r.do("POST", "/api/v1/statuses", alice, "application/json", `{"status": "hello"}`)
	mustJSON(t, body, &st)
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: st.ID, Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	lena := whViewer{name: "lena", token: staffTok, country: "IN"}
	if code, _, _ := whDo(t, r, lena, "GET", "/api/v1/statuses/"+st.ID, nil); code != http.StatusOK {
		t.Errorf("staff with access: %d, want 200", code)
	}
	if _, err := r.srv.Desk.SetAccessUntil(ctx, nil, "lena", time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := whDo(t, r, lena, "GET", "/api/v1/statuses/"+st.ID, nil); code != http.StatusUnavailableForLegalReasons {
		t.Errorf("staff whose access ended: %d, want 451", code)
	}
}
