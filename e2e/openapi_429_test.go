package e2e

import (
	"net/http"
	"testing"

	"agora/agoratest"
)

// TestOpenAPI_TooManyRequests drives the legal and authority APIs over a
// small rate limit: the 429 each answers, with Retry-After and the
// X-RateLimit-* headers, is the one their OpenAPI documents describe (the
// legal API's answers are checked against its document as they arrive).
func TestOpenAPI_TooManyRequests(t *testing.T) {
	r := newRig(t, agoratest.SQLite, agoratest.WithRateLimits("api=4/1m"))
	_, stok := lgStaff(t, r, "lena", "legal", lgAllScopes)
	lc := r.legal(stok)
	p := newAuParties(t, r)
	for _, tc := range []struct {
		name string
		get  func() (int, http.Header)
	}{
		{"legal", func() (int, http.Header) {
			status, _, h := lc.raw(http.MethodGet, "/api/v1/legal/orders", "", nil)
			return status, h
		}},
		{"authority", func() (int, http.Header) {
			status, _, h := p.in.do(http.MethodGet, "/api/v1/authority/orders", nil)
			return status, h
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < 10; i++ {
				status, h := tc.get()
				if status != http.StatusTooManyRequests {
					continue
				}
				for _, name := range []string{"Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
					if h.Get(name) == "" {
						t.Errorf("429 without %s", name)
					}
				}
				return
			}
			t.Fatal("no 429 in 10 requests over a limit of 4 a minute")
		})
	}
	if n := lc.coverage()["listOrders 429"]; n == 0 {
		t.Errorf("no 429 of the legal API was checked against its document: %v", lc.coverage())
	}
}
