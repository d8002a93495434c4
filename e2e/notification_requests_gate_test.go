package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/mastoapi"
	"agora/service"
)

// TestNotificationRequests_WithheldStatus checks that a request counts only
// the filtered notifications the gate shows its viewer: bob's private mention
// withheld everywhere leaves the request's count, its last status and the
// policy summary, and the request goes when none is left.
func TestNotificationRequests_WithheldStatus(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotificationRequestsWithheldStatus(t, b) })
	}
}

func testNotificationRequestsWithheldStatus(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := &npScene{t: t, r: r}
	ctx := context.Background()
	const scopes = "read write follow"
	_, aTok := lgStaff(t, r, "alice", agora.RoleUser, scopes)
	bob, bTok := lgStaff(t, r, "bob", agora.RoleUser, scopes)
	first := sc.post(bTok, "@alice a first private word", "direct", "")
	second := sc.post(bTok, "@alice a second private word", "direct", "")
	rq := sc.requestFrom(aTok, bob)
	if rq == nil || rq.NotificationsCount != "2" || rq.LastStatus == nil || rq.LastStatus.ID != second {
		t.Fatalf("bob's request = %+v, want 2 notifications, the last about %s", rq, second)
	}
	withhold := func(id string) {
		t.Helper()
		if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: id, Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
			t.Fatal(err)
		}
	}

	withhold(second)
	if code, _ := sc.call(aTok, "GET", "/api/v1/statuses/"+second, nil); code != http.StatusUnavailableForLegalReasons {
		t.Fatalf("the withheld status = %d, want 451", code)
	}
	rq = sc.requestFrom(aTok, bob)
	if rq == nil || rq.NotificationsCount != "1" || rq.LastStatus == nil || rq.LastStatus.ID != first {
		t.Errorf("bob's request with %s withheld = %+v, want 1 notification, the last about %s", second, rq, first)
	}
	var one mastoapi.NotificationRequest
	sc.ok(aTok, "GET", "/api/v1/notifications/requests/"+rq.ID, nil, &one)
	if one.NotificationsCount != "1" || one.LastStatus == nil || one.LastStatus.ID != first {
		t.Errorf("GET bob's request = %+v, want 1 notification about %s", one, first)
	}
	if s := sc.policy(aTok).Summary; s != (mastoapi.PolicySummary{PendingRequestsCount: 1, PendingNotificationsCount: 1}) {
		t.Errorf("summary with %s withheld = %+v, want 1 request, 1 notification", second, s)
	}

	withhold(first)
	if got := sc.requests(aTok); len(got) != 0 {
		t.Errorf("requests with both withheld = %+v, want none", got)
	}
	if s := sc.policy(aTok).Summary; s != (mastoapi.PolicySummary{}) {
		t.Errorf("summary with both withheld = %+v, want nothing pending", s)
	}
	if code, body := sc.call(aTok, "GET", "/api/v1/notifications/requests/"+rq.ID, nil); code != http.StatusNotFound || strings.Contains(string(body), "private word") {
		t.Errorf("bob's request with both withheld = %d %s, want 404", code, lgShort(body))
	}
}
