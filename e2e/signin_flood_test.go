package e2e

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"agora/agoratest"
)

// TestSignInFlood (issue 15: 136 wrong passwords in 15 s, then the right one
// worked): wrong passwords through the password grant are throttled per
// address after a few; the right password from the attacker's address is
// throttled too; an account guessed at from many addresses is closed to new
// addresses, yet the person's right password from an address they signed in
// from before still works.
func TestSignInFlood(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b, trustLoopback)
			r.mustAccount("alice")
			grant := func(addr, password string) limitedResponse {
				return from(t, r.srv, addr, "POST", "/oauth/token", "", url.Values{
					"grant_type": {"password"}, "client_id": {r.app.ClientID}, "client_secret": {r.app.ClientSecret},
					"username": {"alice@example.org"}, "password": {password}, "scope": {"read"}})
			}
			if res := grant(addrPerson, "password-alice"); res.status != http.StatusOK {
				t.Fatalf("the person signs in: status %d: %v", res.status, res.body)
			}

			checked, throttled := 0, 0
			for i := range 40 {
				switch res := grant(addrAttacker, "guess-"+strconv.Itoa(i)); res.status {
				case http.StatusBadRequest:
					checked++
				case http.StatusTooManyRequests:
					throttled++
					if res.retry == "" {
						t.Errorf("429 without Retry-After: %v", res.body)
					}
				default:
					t.Fatalf("guess %d: status %d: %v", i, res.status, res.body)
				}
			}
			if checked > 6 || throttled < 30 {
				t.Errorf("40 wrong passwords from one address: %d checked, %d throttled; want at most 6 checked", checked, throttled)
			}
			if res := grant(addrAttacker, "password-alice"); res.status != http.StatusTooManyRequests {
				t.Errorf("the right password from the attacker's address: status %d, want 429", res.status)
			}

			// Guesses spread over addresses close the account to new ones...
			for a := 1; a <= 3; a++ {
				for i := range 5 {
					grant("203.0.113."+strconv.Itoa(a), "spread-"+strconv.Itoa(i))
				}
			}
			if res := grant(addrOther, "password-alice"); res.status != http.StatusTooManyRequests {
				t.Errorf("the right password from a new address during the attack: status %d, want 429", res.status)
			}
			// ...but not to the person at an address they used before.
			res := grant(addrPerson, "password-alice")
			if res.status != http.StatusOK {
				t.Fatalf("the person during the attack: status %d, want 200: %v", res.status, res.body)
			}
			tok, _ := res.body["access_token"].(string)
			if code, _, _ := r.do("GET", "/api/v1/accounts/verify_credentials", tok, "", ""); code != http.StatusOK {
				t.Errorf("the person's new token: status %d, want 200", code)
			}
		})
	}
}
