package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

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

// TestNotificationPolicy_SummaryBounded checks that the policy summary reads at
// most service.PolicyScanRequests requests however many it must skip: a
// request behind that many from senders whose notifications the viewer mutes
// is not counted.
func TestNotificationPolicy_SummaryBounded(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotificationPolicySummaryBounded(t, b) })
	}
}

func testNotificationPolicySummaryBounded(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := &npScene{t: t, r: r}
	ctx := context.Background()
	alice, aTok := lgStaff(t, r, "alice", agora.RoleUser, "read write follow")
	ids := r.srv.Service.IDs()
	// filtered makes an account and its filtered follow of alice, through the
	// store: the spam wave is setting, not what is tested.
	filtered := func(name string) *agora.Account {
		t.Helper()
		a := &agora.Account{ID: ids.New(), Username: name, Email: name + "@example.org", PasswordHash: "$2a$10$notused",
			Role: agora.RoleUser, CreatedAt: time.Now()}
		if err := r.srv.DB.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		id := ids.New()
		n := &agora.Notification{ID: id, AccountID: alice.ID, Type: agora.NotifyFollow, FromAccountID: a.ID, CreatedAt: id.Time(), Filtered: true}
		if err := r.srv.DB.CreateNotifications(ctx, []*agora.Notification{n}); err != nil {
			t.Fatal(err)
		}
		return a
	}
	filtered("vic")
	if s := sc.policy(aTok).Summary; s != (mastoapi.PolicySummary{PendingRequestsCount: 1, PendingNotificationsCount: 1}) {
		t.Fatalf("summary = %+v, want vic's request", s)
	}
	for i := range service.PolicyScanRequests {
		spam := filtered(fmt.Sprintf("spam%d", i))
		sc.ok(aTok, "POST", "/api/v1/accounts/"+spam.ID.String()+"/mute", url.Values{"notifications": {"true"}}, nil)
	}
	if list, err := r.srv.DB.NotificationRequests(ctx, alice.ID, agora.Page{Limit: agora.MaxListLimit}); err != nil || len(list) != agora.MaxListLimit {
		t.Fatalf("alice's stored requests = %d, %v; want a full page (the spam senders' are there)", len(list), err)
	}
	if s := sc.policy(aTok).Summary; s != (mastoapi.PolicySummary{}) {
		t.Errorf("summary behind %d muted senders' requests = %+v, want none counted (the scan stops there)", service.PolicyScanRequests, s)
	}
}
