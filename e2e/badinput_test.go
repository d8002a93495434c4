package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestBadInput sends malformed and forbidden requests and checks each gets the right
// 4xx with an {"error": ...} body and changes nothing.
func TestBadInput(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite)
	alice := r.mustAccount("alice")
	ac := r.passwordLogin("alice")
	tok := ac.Config.AccessToken
	readOnly, _, err := r.srv.Service.CreateToken(ctx, "alice", "read")
	if err != nil {
		t.Fatal(err)
	}
	revoked := r.passwordLogin("alice").Config.AccessToken
	if status, body, _ := r.do("POST", "/oauth/revoke", "", "application/x-www-form-urlencoded",
		url.Values{"client_id": {r.app.ClientID}, "client_secret": {r.app.ClientSecret}, "token": {revoked}}.Encode()); status != http.StatusOK {
		t.Fatalf("revoke: %d %s", status, body)
	}
	form := "application/x-www-form-urlencoded"
	jsonCT := "application/json"
	cases := []struct {
		name, method, path, token, ct, body string
		want                                int
	}{
		{"empty status", "POST", "/api/v1/statuses", tok, form, "status=", 422},
		{"blank status", "POST", "/api/v1/statuses", tok, form, "status=+++", 422},
		{"status over 500 characters", "POST", "/api/v1/statuses", tok, form, "status=" + strings.Repeat("é", 501), 422},
		{"unknown in_reply_to_id", "POST", "/api/v1/statuses", tok, form, "status=hi&in_reply_to_id=12345", 404},
		{"malformed in_reply_to_id", "POST", "/api/v1/statuses", tok, form, "status=hi&in_reply_to_id=abc", 404},
		{"unknown visibility", "POST", "/api/v1/statuses", tok, form, "status=hi&visibility=friends", 422},
		{"malformed JSON", "POST", "/api/v1/statuses", tok, jsonCT, `{"status": "hi"`, 400},
		{"JSON not an object", "POST", "/api/v1/statuses", tok, jsonCT, `["hi"]`, 400},
		{"status of wrong JSON type", "POST", "/api/v1/statuses", tok, jsonCT, `{"status": {"a": 1}}`, 400},
		{"unsupported content type", "POST", "/api/v1/statuses", tok, "text/xml", "<status>hi</status>", 400},
		{"malformed content type", "POST", "/api/v1/statuses", tok, "application/x-www-form-urlencoded; charset", "status=hi", 400},
		{"content type without a slash", "POST", "/api/v1/statuses", tok, "form", "status=hi", 400},
		{"content type of parameters only", "POST", "/api/v1/statuses", tok, "; boundary=x", "status=hi", 400},
		{"form in another charset", "POST", "/api/v1/statuses", tok, "application/x-www-form-urlencoded; charset=iso-8859-1", "status=hi", 400},
		{"body too large", "POST", "/api/v1/statuses", tok, form, "status=" + strings.Repeat("a", 2<<20), 413},
		{"missing token", "POST", "/api/v1/statuses", "", form, "status=hi", 401},
		{"unknown token", "POST", "/api/v1/statuses", "not-a-token", form, "status=hi", 401},
		{"revoked token", "POST", "/api/v1/statuses", revoked, form, "status=hi", 401},
		{"missing scope", "POST", "/api/v1/statuses", readOnly, form, "status=hi", 403},
		{"home without token", "GET", "/api/v1/timelines/home", "", "", "", 401},
		{"bad max_id", "GET", "/api/v1/timelines/home?max_id=abc", tok, "", "", 400},
		{"negative since_id", "GET", "/api/v1/timelines/public?since_id=-5", "", "", "", 400},
		{"bad limit", "GET", "/api/v1/timelines/public?limit=ten", "", "", "", 400},
		{"bad hashtag", "GET", "/api/v1/timelines/tag/" + url.PathEscape("no tag"), "", "", "", 400},
		{"unknown status", "GET", "/api/v1/statuses/999", "", "", "", 404},
		{"malformed status id", "GET", "/api/v1/statuses/abc", "", "", "", 404},
		{"unknown account", "GET", "/api/v1/accounts/999", "", "", "", 404},
		{"follow unknown account", "POST", "/api/v1/accounts/999/follow", tok, form, "", 404},
		{"follow oneself", "POST", "/api/v1/accounts/" + alice.ID.String() + "/follow", tok, form, "", 422},
		{"display name too long", "PATCH", "/api/v1/accounts/update_credentials", tok, form, "display_name=" + strings.Repeat("x", 31), 422},
		{"lookup without acct", "GET", "/api/v1/accounts/lookup", "", "", "", 422},
		{"lookup remote acct", "GET", "/api/v1/accounts/lookup?acct=alice@elsewhere.example", "", "", "", 404},
		{"app without name", "POST", "/api/v1/apps", "", form, "redirect_uris=urn:ietf:wg:oauth:2.0:oob", 422},
		{"app with unknown scope", "POST", "/api/v1/apps", "", form, "client_name=x&redirect_uris=urn:ietf:wg:oauth:2.0:oob&scopes=everything", 400},
		{"registration closed", "POST", "/api/v1/accounts", tok, form, "username=zed&email=zed@example.org&password=password1&agreement=true", 403},
		{"unknown route", "GET", "/api/v1/nothing-here", "", "", "", 404},
	}
	before := countStatuses(t, r)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := r.do(tc.method, tc.path, tc.token, tc.ct, tc.body)
			if status != tc.want {
				t.Errorf("status %d, want %d; body %s", status, tc.want, body)
			}
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Errorf("body %q is not {\"error\": ...}", body)
			}
		})
	}
	if after := countStatuses(t, r); after != before {
		t.Errorf("bad requests changed the number of statuses: %d -> %d", before, after)
	}
	a, err := ac.GetAccountCurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.DisplayName != "" || a.StatusesCount != 0 {
		t.Errorf("bad requests changed the account: display name %q, %d statuses", a.DisplayName, a.StatusesCount)
	}
}

func countStatuses(t *testing.T, r *rig) int {
	t.Helper()
	n, err := r.srv.DB.CountStatuses(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOAuthErrors checks the token endpoint's RFC 6749 errors.
func TestOAuthErrors(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	r.mustAccount("alice")
	id, secret := r.app.ClientID, r.app.ClientSecret
	for _, tc := range []struct {
		name string
		form url.Values
		want int
		code string
	}{
		{"wrong password", url.Values{"grant_type": {"password"}, "client_id": {id}, "client_secret": {secret}, "username": {"alice@example.org"}, "password": {"nope-nope"}}, 400, "invalid_grant"},
		{"wrong secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {"x"}}, 401, "invalid_client"},
		{"unknown client", url.Values{"grant_type": {"client_credentials"}, "client_id": {"x"}, "client_secret": {"x"}}, 401, "invalid_client"},
		{"unknown grant", url.Values{"grant_type": {"implicit"}, "client_id": {id}, "client_secret": {secret}}, 400, "unsupported_grant_type"},
		{"bad code", url.Values{"grant_type": {"authorization_code"}, "client_id": {id}, "client_secret": {secret}, "code": {"x"}, "redirect_uri": {testRedirect}}, 400, "invalid_grant"},
		{"scope beyond app", url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "scope": {"admin:write"}}, 400, "invalid_scope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := r.postToken(tc.form, tc.want)
			if body["error"] != tc.code || body["error_description"] == "" {
				t.Errorf("body %v, want error %s with a description", body, tc.code)
			}
		})
	}
	// A code can be used once only, and only with its verifier.
	c := r.codeLogin("alice")
	if _, err := c.GetAccountCurrentUser(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestMarkupEscaped posts HTML and checks it comes back as text.
func TestMarkupEscaped(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	r.mustAccount("alice")
	ac := r.passwordLogin("alice")
	s := post(t, ac, &mastodon.Toot{Status: `<script>alert(1)</script> <b onclick="x()">bold</b> & "quotes"`})
	for _, bad := range []string{"<script", "<b", "onclick=\""} {
		if strings.Contains(s.Content, bad) {
			t.Errorf("content %q contains markup %q", s.Content, bad)
		}
	}
	if !strings.Contains(s.Content, "&lt;script&gt;") {
		t.Errorf("content %q does not show the escaped text", s.Content)
	}
}
