package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"agora/agoratest"
)

// TestAccountEmailConfusables: an e-mail address written with look-alike
// letters (full-width forms, another case, ß for ss, a domain in Unicode or
// punycode) is the address of the account that has it, so it makes no second
// account and signs in to the first; one mixing scripts (a Cyrillic а among
// Latin letters) is refused. An account stored before e-mails were normalized
// still signs in with its address as stored.
func TestAccountEmailConfusables(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite, agoratest.WithRegistrations(true))
	appTok, _ := r.postToken(url.Values{"grant_type": {"client_credentials"}, "client_id": {r.app.ClientID},
		"client_secret": {r.app.ClientSecret}, "scope": {"read write"}}, http.StatusOK)["access_token"].(string)
	n := 0
	register := func(email string) (int, map[string]any) {
		n++
		status, body, _ := r.do("POST", "/api/v1/accounts", appTok, "application/x-www-form-urlencoded", url.Values{
			"username": {"user" + string(rune('a'+n))}, "email": {email}, "password": {"password-long"}, "agreement": {"true"},
		}.Encode())
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		return status, m
	}
	for _, first := range []string{"alice@example.org", "straße@example.org", "carol@bücher.example"} {
		if status, body := register(first); status != http.StatusOK {
			t.Fatalf("register %s: %d %v", first, status, body)
		}
	}
	for _, tc := range []struct{ email, why string }{
		{"ａｌｉｃｅ@example.org", "full-width letters"},
		{"ALICE@EXAMPLE.ORG", "upper case"},
		{"alice@ｅｘａｍｐｌｅ.org", "a full-width domain"},
		{"STRASSE@example.org", "ss for ß"},
		{"carol@xn--bcher-kva.example", "the domain in punycode"},
		{"carol@BÜCHER.example", "the domain in upper case"},
	} {
		status, body := register(tc.email)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s (%s): %d %v, want 422 taken", tc.email, tc.why, status, body)
		}
	}
	for _, email := range []string{"аlice@example.org", "alice@exаmple.org"} { // Cyrillic а
		if status, body := register(email); status != http.StatusUnprocessableEntity {
			t.Errorf("%s (mixed scripts): %d %v, want 422", email, status, body)
		}
	}
	if status, body := register("josé@example.org"); status != http.StatusOK {
		t.Errorf("josé@example.org: %d %v, want 200", status, body)
	}

	// Sign-in takes any form of the address.
	for _, login := range []string{"ａｌｉｃｅ@example.org", "Alice@Example.org", "carol@bücher.example", "carol@xn--bcher-kva.example"} {
		c := r.client("")
		if err := c.Authenticate(ctx, login, "password-long"); err != nil {
			t.Errorf("sign in as %s: %v", login, err)
		}
	}

	// An account stored as it was typed, before normalization, still signs in.
	legacy := r.mustAccount("dave")
	legacy.Email = "Ｄave@example.org"
	if _, err := r.srv.DB.SQL().ExecContext(ctx, `UPDATE accounts SET email = ? WHERE id = ?`, legacy.Email, int64(legacy.ID)); err != nil {
		t.Fatal(err)
	}
	c := r.client("")
	if err := c.Authenticate(ctx, "Ｄave@example.org", "password-dave"); err != nil {
		t.Errorf("sign in to the legacy account: %v", err)
	}
	var count int
	if err := r.srv.DB.SQL().QueryRowContext(ctx, `SELECT count(*) FROM accounts`).Scan(&count); err != nil || count != 5 {
		t.Errorf("%d accounts (%v), want 5: alice, straße, carol, josé, dave", count, err)
	}
}
