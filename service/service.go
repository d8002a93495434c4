// Package service holds agora's social rules: registration and sign-in, posting,
// following, timelines and fan-out, and the one visibility gate every read path
// goes through (visibility.go). Surfaces call it; it calls the Store and the
// FeedCache.
package service

import (
	"log/slog"
	"time"

	"agora"
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
	// UnknownCountryClosed makes every withholding rule apply to viewers whose
	// country is unknown; by default only XX rules do.
	UnknownCountryClosed bool
}

// Service implements the social rules. It is safe for concurrent use.
type Service struct {
	store agora.Store
	feeds agora.FeedCache
	ids   *agora.IDGenerator
	now   func() time.Time
	log   *slog.Logger
	cfg   Config
	rules *ruleIndex
	auth  authCache
}

// New returns a Service. now may be nil for time.Now.
func New(cfg Config, store agora.Store, feeds agora.FeedCache, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: newCachingStore(store, now), feeds: feeds, ids: &agora.IDGenerator{Now: now}, now: now, log: log, cfg: cfg, rules: newRuleIndex()}
}

// Store returns the store the service uses, for surfaces that read plain records and
// for the legal desk: it is the store behind the service's caches, so writes through
// it keep them true.
func (s *Service) Store() agora.Store { return s.store }

// Config returns the service's configuration.
func (s *Service) Config() Config { return s.cfg }

// timePrecision is the precision the store keeps times with; times are truncated to
// it before they are stored so what is returned at once equals what is read later.
const timePrecision = time.Millisecond
