package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/legalapi/wire"
)

// TestLegal_Remove: remove is a global action under the platform's own rules. An
// account is suspended (hidden everywhere but from staff, its tokens revoked, its
// sign-in refused) and a status is deleted; lifting the removal of an account
// restores it, though old tokens stay revoked.
func TestLegal_Remove(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite, whTrusted)
	_, ltok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
	lena := r.legal(ltok)
	people := lgPopulate(t, r, 2, func(i int) string { return "post of " + lgName(i) })
	userTok, _, err := r.srv.Service.CreateToken(ctx, "u0000", "read write")
	if err != nil {
		t.Fatal(err)
	}
	statusURL := r.srv.URL + "/@u0001/" + people.status[1]
	o := lena.order(wire.OrderInput{Reference: "rm", TerritorialScope: []string{"IN"}, Targets: []string{"@u0000", statusURL, "#sometag"}})
	ts := lena.targets(o.ID, "")
	lena.fail("POST", "/api/v1/legal/orders/"+o.ID+"/decisions", "", map[string]any{"target_ids": []string{ts[2].ID}, "action": "remove"}, http.StatusUnprocessableEntity, "hashtag")
	res := lena.decide(o.ID, wire.DecisionInput{TargetIDs: []string{ts[0].ID, ts[1].ID}, Action: "remove", Note: "terms of service"}, false)
	if res.Applied != 2 || res.RulesCreated != 1 {
		t.Fatalf("remove: %+v", res)
	}

	a0 := "/api/v1/accounts/" + people.acct[0].ID.String()
	for _, v := range []whViewer{{name: "anonymous@DE", country: "DE"}, {name: "anonymous@IN", country: "IN"}, {name: "anonymous"}} {
		lgExpect(t, r, v, a0, http.StatusUnavailableForLegalReasons, "")
		lgExpect(t, r, v, "/api/v1/statuses/"+people.status[1], http.StatusNotFound, "")
	}
	lgExpect(t, r, whViewer{name: "lena", token: ltok, country: "DE"}, a0, http.StatusOK, "")
	// The 451's Link names the notice page of the rule the decision made; it exists.
	_, _, hdr := whDo(t, r, whViewer{name: "anonymous@DE", country: "DE"}, "GET", a0, nil)
	link := hdr.Get("Link")
	start, end := strings.Index(link, "<"), strings.Index(link, ">")
	if start < 0 || end < start || !strings.HasSuffix(link, `; rel="blocked-by"`) {
		t.Fatalf("Link = %q", link)
	}
	if resp, err := http.Get(link[start+1 : end]); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("notice %s: %v %v", link[start+1:end], resp, err)
	} else {
		resp.Body.Close()
	}
	if status, _, _ := r.do("GET", "/api/v1/accounts/verify_credentials", userTok, "", ""); status != http.StatusUnauthorized {
		t.Errorf("the suspended account's token: %d, want 401", status)
	}
	login := url.Values{"grant_type": {"password"}, "client_id": {r.app.ClientID}, "client_secret": {r.app.ClientSecret},
		"username": {"u0000@example.org"}, "password": {"password-u0000"}}
	if body := r.postToken(login, http.StatusBadRequest); body["error"] != "invalid_grant" {
		t.Errorf("sign-in of the suspended account: %v", body)
	}
	// The removal is the desk's, not the moderators': an admin's unsuspend is
	// refused, and after the gate reads the accounts' limits again (a restart)
	// the account still answers its 451, not a moderators' 404.
	_, adminTok := lgStaff(t, r, "rmadmin", agora.RoleAdmin, "admin:write:accounts")
	if code, body, _ := whDo(t, r, whViewer{token: adminTok}, "POST", "/api/v1/admin/accounts/"+people.acct[0].ID.String()+"/unsuspend", url.Values{}); code != http.StatusForbidden || !strings.Contains(string(body), "legal desk") {
		t.Errorf("an admin's unsuspend of a removed account = %d %s, want 403", code, body)
	}
	if err := r.srv.Gate.Load(ctx); err != nil {
		t.Fatal(err)
	}
	lgExpect(t, r, whViewer{name: "anonymous@DE", country: "DE"}, a0, http.StatusUnavailableForLegalReasons, "")
	if got := lena.targets(o.ID, "decision=removed"); len(got) != 2 {
		t.Errorf("removed targets: %+v", got)
	}

	if res := lena.decide(o.ID, wire.DecisionInput{TargetIDs: []string{ts[0].ID}, Action: "lift"}, false); res.Applied != 1 || res.RulesLifted != 1 {
		t.Fatalf("lift: %+v", res)
	}
	lgExpect(t, r, whViewer{name: "anonymous@DE", country: "DE"}, a0, http.StatusOK, "")
	if status, _, _ := r.do("GET", "/api/v1/accounts/verify_credentials", userTok, "", ""); status != http.StatusUnauthorized {
		t.Errorf("a token revoked by the suspension works again: %d", status)
	}
	r.postToken(login, http.StatusOK)
}
