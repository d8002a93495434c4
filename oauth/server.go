// Package oauth is registration, sign-in and the OAuth 2.0 server of the
// Mastodon API: applications, authorization codes (with PKCE and the out-of-band
// redirect), the password and client-credentials grants, tokens (stored hashed)
// and their revocation, and who a bearer token acts as.
package oauth

import (
	"time"

	"agora"
	"agora/internal/ratelimit"
)

// Config is what sign-in needs to know about the instance.
type Config struct {
	// IDs makes the IDs of what the server writes; nil: a generator of its own
	// (see legal.Config.IDs).
	IDs *agora.IDGenerator
	// RegistrationsOpen lets anyone sign up through the API.
	RegistrationsOpen bool
	// PasswordCost is the bcrypt cost for new password hashes; 0 means bcrypt's
	// default.
	PasswordCost int
	// PasswordChecks is how many password hashes may be computed at once;
	// 0 means half of GOMAXPROCS, at least 1. As many more may wait; any
	// beyond are refused at once (ETOOMANY), so a flood of sign-ins cannot
	// take the CPUs that reads need.
	PasswordChecks int
}

// Server is registration, sign-in, applications, codes and tokens. It is safe
// for concurrent use.
type Server struct {
	store agora.Store
	ids   *agora.IDGenerator
	now   func() time.Time
	cfg   Config
	// throttle slows failed sign-ins per address and per account.
	throttle *ratelimit.Throttle
	// hashing bounds concurrent bcrypt work.
	hashing *ratelimit.Gate
}

// New returns the service over store (with its caches in front: who a token acts
// as is read through the account cache). now may be nil for time.Now.
func New(cfg Config, store agora.Store, now func() time.Time) *Server {
	if now == nil {
		now = time.Now
	}
	ids := cfg.IDs
	if ids == nil {
		ids = &agora.IDGenerator{Now: now}
	}
	return &Server{store: store, ids: ids, now: now, cfg: cfg,
		throttle: ratelimit.NewThrottle(ratelimit.DefaultThrottleRules, now),
		hashing:  ratelimit.NewGate(cfg.PasswordChecks, -1)}
}

// timePrecision is the precision the store keeps times with.
const timePrecision = time.Millisecond
