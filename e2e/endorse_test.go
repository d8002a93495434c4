package e2e

import (
	"net/http"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/mastoapi"
)

// TestEndorseAliases checks POST /api/v1/accounts/:id/endorse and /unendorse,
// Mastodon 4.4's names of /pin and /unpin, on both stores.
func TestEndorseAliases(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testEndorseAliases(t, b) })
	}
}

func testEndorseAliases(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	alice, _ := lgStaff(t, r, "alice", agora.RoleUser, "read write")
	_, bobTok := lgStaff(t, r, "bob", agora.RoleUser, "read write follow")
	relation := func(action string, want int) mastoapi.Relationship {
		t.Helper()
		code, body, _ := r.do("POST", "/api/v1/accounts/"+alice.ID.String()+"/"+action, bobTok, "", "")
		var rel mastoapi.Relationship
		if code != want {
			t.Fatalf("%s: %d %s, want %d", action, code, body, want)
		}
		if want == http.StatusOK {
			mustJSON(t, body, &rel)
		}
		return rel
	}
	// Mastodon endorses only accounts one follows.
	relation("endorse", http.StatusUnprocessableEntity)
	relation("follow", http.StatusOK)
	if rel := relation("endorse", http.StatusOK); !rel.Endorsed || rel.ID != alice.ID.String() {
		t.Errorf("endorse: %+v", rel)
	}
	code, body, _ := r.do("GET", "/api/v1/endorsements", bobTok, "", "")
	if code != http.StatusOK || !strings.Contains(string(body), `"id":"`+alice.ID.String()+`"`) {
		t.Errorf("endorsements after endorse: %d %s", code, body)
	}
	if rel := relation("unendorse", http.StatusOK); rel.Endorsed {
		t.Errorf("unendorse: %+v", rel)
	}
	if code, body, _ := r.do("GET", "/api/v1/endorsements", bobTok, "", ""); code != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("endorsements after unendorse: %d %s", code, body)
	}
}
