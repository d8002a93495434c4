package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"agora/agoratest"
	"agora/app"
)

// Addresses the tests' requests come from: the server trusts 127.0.0.1 as a
// proxy, so X-Forwarded-For names the client.
const (
	addrPerson   = "198.51.100.7"
	addrAttacker = "203.0.113.66"
	addrOther    = "192.0.2.10"
)

// trustLoopback makes 127.0.0.1 a trusted proxy.
func trustLoopback(c *app.Config) { c.TrustedProxies = "127.0.0.1" }

// limitedResponse is what a rate-limit test reads of a response.
type limitedResponse struct {
	status    int
	body      map[string]any
	limit     int
	remaining int
	reset     time.Time
	retry     string
}

// from sends a request as if from addr, with token ("" for none), on a plain
// client: a 429 is outside the API's schema.
func from(t *testing.T, srv *agoratest.Server, addr, method, path, token string, form url.Values) limitedResponse {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Forwarded-For", addr)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	lr := limitedResponse{status: resp.StatusCode, retry: resp.Header.Get("Retry-After")}
	_ = json.Unmarshal(data, &lr.body)
	lr.limit, _ = strconv.Atoi(resp.Header.Get("X-RateLimit-Limit"))
	lr.remaining, _ = strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
	if h := resp.Header.Get("X-RateLimit-Reset"); h != "" {
		if lr.reset, err = time.Parse(time.RFC3339Nano, h); err != nil {
			t.Errorf("X-RateLimit-Reset %q is not ISO 8601: %v", h, err)
		}
	}
	return lr
}

// TestRateLimit: every API response says the limit, what remains and when it
// resets; past the limit the answer is 429 {"error":"Too many requests"};
// requests are counted per address without a token and per token with one,
// so that neither spends the other's; made-up tokens count as their address;
// sign-ups have their own, tighter limit.
func TestRateLimit(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b, agoratest.WithRateLimits("api=5/1h,accounts=2/1h"), agoratest.WithRegistrations(true), trustLoopback)
			r.mustAccount("alice")
			token, _, err := r.srv.Service.CreateToken(context.Background(), "alice", "read write")
			if err != nil {
				t.Fatal(err)
			}
			const path = "/api/v1/timelines/public"

			t.Run("HeadersThen429", func(t *testing.T) {
				for i := 1; i <= 5; i++ {
					res := from(t, r.srv, addrPerson, "GET", path, "", nil)
					if res.status != http.StatusOK || res.limit != 5 || res.remaining != 5-i {
						t.Fatalf("request %d: status %d, limit %d, remaining %d; want 200, 5, %d", i, res.status, res.limit, res.remaining, 5-i)
					}
					if until := time.Until(res.reset); until <= 0 || until > time.Hour {
						t.Errorf("request %d: reset %v is not within the hour", i, res.reset)
					}
				}
				res := from(t, r.srv, addrPerson, "GET", path, "", nil)
				if res.status != http.StatusTooManyRequests || res.body["error"] != "Too many requests" || res.remaining != 0 || res.retry == "" {
					t.Errorf("over the limit: status %d, body %v, remaining %d, Retry-After %q; want 429, Too many requests, 0, set",
						res.status, res.body, res.remaining, res.retry)
				}
			})
			t.Run("PerAddress", func(t *testing.T) {
				if res := from(t, r.srv, addrOther, "GET", path, "", nil); res.status != http.StatusOK || res.remaining != 4 {
					t.Errorf("another address: status %d, remaining %d; want 200, 4", res.status, res.remaining)
				}
			})
			t.Run("PerToken", func(t *testing.T) {
				// From the exhausted address, the person's token has its own count.
				for i := 1; i <= 5; i++ {
					if res := from(t, r.srv, addrPerson, "GET", path, token, nil); res.status != http.StatusOK || res.remaining != 5-i {
						t.Fatalf("token request %d: status %d, remaining %d; want 200, %d", i, res.status, res.remaining, 5-i)
					}
				}
				if res := from(t, r.srv, addrOther, "GET", path, token, nil); res.status != http.StatusTooManyRequests {
					t.Errorf("token over its limit from another address: status %d, want 429", res.status)
				}
				// ...and the address it was used from kept its own.
				if res := from(t, r.srv, addrOther, "GET", path, "", nil); res.status != http.StatusOK || res.remaining != 3 {
					t.Errorf("address after token use: status %d, remaining %d; want 200, 3", res.status, res.remaining)
				}
			})
			t.Run("MadeUpTokensCountAsTheAddress", func(t *testing.T) {
				for i := 0; i < 3; i++ {
					from(t, r.srv, addrOther, "GET", path, "made-up-"+strconv.Itoa(i), nil)
				}
				if res := from(t, r.srv, addrOther, "GET", path, "made-up-x", nil); res.status != http.StatusTooManyRequests {
					t.Errorf("made-up token from an exhausted address: status %d, want 429", res.status)
				}
			})
			t.Run("SignUps", func(t *testing.T) {
				const addr = "192.0.2.99"
				appTok := r.postToken(url.Values{"grant_type": {"client_credentials"}, "client_id": {r.app.ClientID},
					"client_secret": {r.app.ClientSecret}, "scope": {"read write follow"}}, http.StatusOK)["access_token"].(string)
				for i, want := range []int{http.StatusOK, http.StatusOK, http.StatusTooManyRequests} {
					name := "signup" + strconv.Itoa(i)
					res := from(t, r.srv, addr, "POST", "/api/v1/accounts", appTok, url.Values{
						"username": {name}, "email": {name + "@example.org"}, "password": {"password-" + name}, "agreement": {"true"}, "locale": {"en"}})
					if res.status != want {
						t.Errorf("sign-up %d: status %d, want %d: %v", i+1, res.status, want, res.body)
					}
				}
			})
		})
	}
}
