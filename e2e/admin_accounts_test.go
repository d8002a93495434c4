package e2e

import (
	"context"
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

// aaNames is the usernames of the accounts, in order.
func aaNames(list []mastoapi.AdminAccount) string {
	var s []string
	for _, a := range list {
		s = append(s, a.Username)
	}
	return strings.Join(s, " ")
}

// TestAdminAccounts reads the moderators' account lists (v1 and v2 filters,
// paging) and one account, checked against the schema's AdminAccount, on
// both stores, with go-mastodon's admin calls too; and the gate: an account
// withheld from the moderator is left out and answers 451, while an admin
// (legal staff) sees it marked.
func TestAdminAccounts(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			sc := rpBuild(t, r)
			ctx := context.Background()
			gone := r.mustAccount("gone")
			if _, err := r.srv.DB.ApplyDecisions(ctx, &agora.DecisionBatch{SuspendAccounts: []agora.ID{gone.ID}, SuspendedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
			list := func(token, query string) string {
				t.Helper()
				var got []mastoapi.AdminAccount
				sc.ok(token, "GET", query, nil, "[]AdminAccount", &got)
				return aaNames(got)
			}
			for _, tc := range []struct{ query, want string }{
				{"/api/v1/admin/accounts", "gone root mod bob alice"},
				{"/api/v1/admin/accounts?staff=true", "root mod"},
				{"/api/v1/admin/accounts?suspended=true", "gone"},
				{"/api/v1/admin/accounts?active=true&local=true", "root mod bob alice"},
				{"/api/v1/admin/accounts?username=AL", "alice"},
				{"/api/v1/admin/accounts?email=bob@", "bob"},
				{"/api/v1/admin/accounts?display_name=x", ""},
				{"/api/v1/admin/accounts?pending=true", ""},
				{"/api/v1/admin/accounts?silenced=true", ""},
				{"/api/v1/admin/accounts?remote=true", ""},
				{"/api/v1/admin/accounts?ip=" + url.QueryEscape("192.0.2.1"), ""},
				{"/api/v1/admin/accounts?active=true&suspended=true", ""},
				{"/api/v2/admin/accounts?status=suspended", "gone"},
				{"/api/v2/admin/accounts?status=active&permissions=staff", "root mod"},
				{"/api/v2/admin/accounts?role_ids[]=1", "mod"},
				{"/api/v2/admin/accounts?role_ids[]=-99&username=b", "bob"},
				{"/api/v2/admin/accounts?role_ids[]=77", ""},
				{"/api/v2/admin/accounts?origin=remote", ""},
				{"/api/v2/admin/accounts?status=disabled", ""},
			} {
				if got := list(sc.modTok, tc.query); got != tc.want {
					t.Errorf("GET %s = %q, want %q", tc.query, got, tc.want)
				}
			}
			// Paging, with a Link to the next page.
			code, body, hdr := whDo(t, r, whViewer{token: sc.modTok}, "GET", "/api/v1/admin/accounts?limit=2", nil)
			var page []mastoapi.AdminAccount
			mustJSON(t, body, &page)
			next := lkLinks(hdr)["next"]
			if code != 200 || aaNames(page) != "gone root" || next == "" {
				t.Fatalf("limit=2: %d %q next %q", code, aaNames(page), next)
			}
			u, _ := url.Parse(next)
			if got := list(sc.modTok, u.RequestURI()); got != "mod bob" { // the link keeps limit=2
				t.Errorf("next page = %q", got)
			}
			// One account; go-mastodon reads both.
			var one mastoapi.AdminAccount
			sc.ok(sc.modTok, "GET", "/api/v1/admin/accounts/"+gone.ID.String(), nil, "AdminAccount", &one)
			if !one.Suspended || one.Email != "gone@example.org" || one.Account.ID != gone.ID.String() || one.Role.ID != "-99" {
				t.Errorf("GET gone = %+v", one)
			}
			if accs, err := r.client(sc.modTok).GetAdminAccounts(ctx, nil); err != nil || len(accs) != 5 {
				t.Errorf("go-mastodon GetAdminAccounts = %d, %v", len(accs), err)
			}
			// Bad input.
			for _, q := range []string{"?status=sleeping", "?origin=mars", "?permissions=all", "?limit=x", "?max_id=x"} {
				if code, body, _ := whDo(t, r, whViewer{token: sc.modTok}, "GET", "/api/v2/admin/accounts"+q, nil); code != 400 || !strings.Contains(string(body), `"error"`) {
					t.Errorf("GET /api/v2/admin/accounts%s = %d %s, want 400", q, code, lgShort(body))
				}
			}
			if code, _, _ := whDo(t, r, whViewer{token: sc.modTok}, "GET", "/api/v1/admin/accounts?username="+strings.Repeat("a", 201), nil); code != 400 {
				t.Errorf("a 201-byte username filter = %d, want 400", code)
			}
			for _, p := range []string{"/api/v1/admin/accounts/123", "/api/v1/admin/accounts/x"} {
				if code, _, _ := whDo(t, r, whViewer{token: sc.modTok}, "GET", p, nil); code != 404 {
					t.Errorf("GET %s = %d, want 404", p, code)
				}
			}
			// The gate.
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@bob", Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			if got := list(sc.modTok, "/api/v1/admin/accounts"); got != "gone root mod alice" {
				t.Errorf("moderator's list with bob withheld = %q", got)
			}
			if code, _, _ := whDo(t, r, whViewer{token: sc.modTok}, "GET", "/api/v1/admin/accounts/"+sc.bob.ID.String(), nil); code != http.StatusUnavailableForLegalReasons {
				t.Errorf("moderator's GET of withheld bob = %d, want 451", code)
			}
			var all []mastoapi.AdminAccount
			sc.ok(sc.adminTok, "GET", "/api/v2/admin/accounts?username=bob", nil, "[]AdminAccount", &all)
			if len(all) != 1 || all[0].Account.WithheldInCountries == nil {
				t.Errorf("admin's view of withheld bob = %+v", all)
			}
		})
	}
}
