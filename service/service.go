// Package service holds agora's social rules: registration and sign-in, posting,
// following, timelines and fan-out, boosts, favourites, notifications, search and
// hashtags. Surfaces call it with the request's visibility.Snapshot, through which
// it reads every status, account and hashtag it hands back; it calls the Store
// (with its caches in front, package cachestore) and the FeedCache.
package service

import (
	"context"
	"log/slog"
	"time"

	"agora"
	"agora/visibility"
)

// Config is what the service needs to know about the instance.
type Config struct {
	// BaseURL is the public URL of the instance, without a trailing slash; links in
	// rendered posts point under it.
	BaseURL string
	// RegistrationsOpen lets anyone sign up through the API.
	RegistrationsOpen bool
	// PasswordCost is the bcrypt cost for new password hashes; 0 means bcrypt's default.
	PasswordCost int
}

// Service implements the social rules. It is safe for concurrent use.
type Service struct {
	store agora.Store
	feeds agora.FeedCache
	gate  *visibility.Gate
	ids   *agora.IDGenerator
	now   func() time.Time
	log   *slog.Logger
	cfg   Config
}

// New returns a Service over store (the caches of package cachestore in front of
// the database, shared with every other writer in the process so they stay true),
// with gate for rule changes. now may be nil for time.Now.
func New(cfg Config, store agora.Store, feeds agora.FeedCache, gate *visibility.Gate, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, feeds: feeds, gate: gate, ids: &agora.IDGenerator{Now: now}, now: now, log: log, cfg: cfg}
}

// Config returns the service's configuration.
func (s *Service) Config() Config { return s.cfg }

// timePrecision is the precision the store keeps times with; times are truncated to
// it before they are stored so what is returned at once equals what is read later.
const timePrecision = time.Millisecond

// As returns the snapshot of the gate for viewer (nil: anonymous) from the
// countries ctx carries, for callers outside a request: the command line, the
// demo, tests. Surfaces take theirs once per request from the gate.
func (s *Service) As(ctx context.Context, viewer *agora.Account) *visibility.Snapshot {
	return s.gate.Snapshot(ctx, viewer)
}
