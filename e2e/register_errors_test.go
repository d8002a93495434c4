package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"agora/agoratest"
)

// TestRegisterErrors: a registration with several failing fields is one 422
// whose details name every one of them, as Mastodon's; an address on a host
// without a dot (admin@localhost) is an address, as Mastodon's
// EmailAddressValidator reads it.
func TestRegisterErrors(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b, agoratest.WithRegistrations(true))
			appTok, _ := r.postToken(url.Values{"grant_type": {"client_credentials"}, "client_id": {r.app.ClientID},
				"client_secret": {r.app.ClientSecret}, "scope": {"read write"}}, http.StatusOK)["access_token"].(string)
			status, body, _ := r.do("POST", "/api/v1/accounts", appTok, "application/json",
				`{"username": "not valid!", "email": "nope", "password": "short", "agreement": "0"}`)
			var e struct {
				Error   string `json:"error"`
				Details map[string][]struct {
					Error       string `json:"error"`
					Description string `json:"description"`
				} `json:"details"`
			}
			if err := json.Unmarshal(body, &e); status != http.StatusUnprocessableEntity || err != nil {
				t.Fatalf("register with four bad fields: %d %s", status, body)
			}
			got := map[string]string{}
			for field, list := range e.Details {
				if len(list) != 1 || list[0].Description == "" {
					t.Errorf("details[%s] = %+v, want one error with a description", field, list)
				}
				got[field] = list[0].Error
			}
			want := map[string]string{"username": "ERR_INVALID", "email": "ERR_INVALID", "password": "ERR_TOO_SHORT", "agreement": "ERR_ACCEPTED"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("details (-want +got):\n%s\n%s", diff, body)
			}

			status, body, _ = r.do("POST", "/api/v1/accounts", appTok, "application/x-www-form-urlencoded", url.Values{
				"username": {"admin"}, "email": {"admin@localhost"}, "password": {"password-admin"}, "agreement": {"1"},
			}.Encode())
			if status != http.StatusOK {
				t.Fatalf("register admin@localhost: %d %s", status, body)
			}
			var tok struct {
				AccessToken string `json:"access_token"`
			}
			mustJSON(t, body, &tok)
			me, err := r.client(tok.AccessToken).GetAccountCurrentUser(context.Background())
			if err != nil || me.Username != "admin" {
				t.Errorf("verify_credentials of admin@localhost: %v, %v", me, err)
			}
		})
	}
}
