package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/internal/ratelimit"
)

// RateLimits are the API's request limits, as Mastodon's: a Rule that is Off
// limits nothing.
type RateLimits struct {
	// API limits every request under /api/ and /oauth/: per token for a
	// token that has authenticated a request, else per client address.
	API ratelimit.Rule
	// Accounts limits sign-ups (POST /api/v1/accounts) per client address.
	Accounts ratelimit.Rule
	// Media limits uploads (POST /api/v1/media, /api/v2/media) per account,
	// as Mastodon does: the service counts them (service.LimitUploads), as
	// only it knows whose token it is; the limiter here does not.
	Media ratelimit.Rule
}

// DefaultRateLimits are Mastodon's: 300 requests per 5 minutes, 5 sign-ups
// per 30 minutes, 30 uploads per 30 minutes.
var DefaultRateLimits = RateLimits{
	API:      ratelimit.Rule{N: 300, Period: 5 * time.Minute},
	Accounts: ratelimit.Rule{N: 5, Period: 30 * time.Minute},
	Media:    ratelimit.Rule{N: 30, Period: 30 * time.Minute},
}

// RateLimiter counts API requests in this process's memory: several nodes
// each count their own.
type RateLimiter struct {
	limits  RateLimits
	counter *ratelimit.Counter
	now     func() time.Time
	valid   func(ctx context.Context, token string) bool
}

// NewRateLimiter returns a limiter of the limits; now may be nil for
// time.Now. valid tells whether a bearer token is one the server knows, so
// that it is counted as itself; nil counts every request by its address.
func NewRateLimiter(limits RateLimits, valid func(ctx context.Context, token string) bool, now func() time.Time) *RateLimiter {
	if now == nil {
		now = time.Now
	}
	return &RateLimiter{limits: limits, counter: ratelimit.NewCounter(now), now: now, valid: valid}
}

// withRateLimit answers requests under /api/ and /oauth/ over a limit with
// 429 {"error":"Too many requests"} and Retry-After, and every one with
// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (ISO 8601)
// of the tightest rule that applies. A
// request with a bearer token the server knows is counted per token, one
// without or with an unknown token per client address, so that made-up tokens
// cannot escape the address's limit and traffic from a person's address
// cannot stop their token. A token is checked once per window: while it has
// a count, it is known. A nil limiter limits nothing.
func withRateLimit(l *RateLimiter, next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") && !strings.HasPrefix(r.URL.Path, "/oauth/") {
			next.ServeHTTP(w, r)
			return
		}
		addrKey := "addr:" + agora.OriginFrom(r.Context()).ClientIP
		key := addrKey
		if tok, ok := httpx.Bearer(r); ok && tok != "" && l.valid != nil {
			sum := sha256.Sum256([]byte(tok))
			tokenKey := "token:" + hex.EncodeToString(sum[:])
			if l.counter.Has("api\x00"+tokenKey) || l.valid(r.Context(), tok) {
				key = tokenKey
			}
		}
		res := l.counter.Take("api\x00"+key, l.limits.API)
		if r.Method == http.MethodPost && r.URL.Path == "/api/v1/accounts" {
			res = tightest(res, l.counter.Take("accounts\x00"+addrKey, l.limits.Accounts))
		}
		if res.Limit > 0 {
			h := w.Header()
			h.Set("X-RateLimit-Limit", strconv.Itoa(res.Limit))
			h.Set("X-RateLimit-Remaining", strconv.Itoa(res.Remaining))
			h.Set("X-RateLimit-Reset", res.Reset.UTC().Format("2006-01-02T15:04:05.000000Z"))
		}
		if !res.OK {
			w.Header().Set("Retry-After", httpx.RetryAfter(res.Reset.Sub(l.now())))
			httpx.WriteJSON(w, http.StatusTooManyRequests, map[string]string{"error": "Too many requests"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// tightest returns the result with fewer requests left, a refusal first.
func tightest(a, b ratelimit.Result) ratelimit.Result {
	switch {
	case b.Limit == 0:
		return a
	case a.Limit == 0, a.OK && !b.OK:
		return b
	case !a.OK && b.OK:
		return a
	case b.Remaining < a.Remaining:
		return b
	}
	return a
}
