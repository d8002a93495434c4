// Package service holds agora's social rules: registration and sign-in, posting,
// following, timelines and fan-out, boosts, favourites, notifications, search and
// hashtags. Surfaces call it with the request's visibility.Snapshot, through which
// it reads every status, account and hashtag it hands back; it calls the Store
// (with its caches in front, package cachestore) and the FeedCache.
package service

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"agora"
	"agora/internal/ratelimit"
	"agora/oauth"
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

// Service implements the social rules, one topic per part: accounts and
// relations (Accounts), posts and what people do to them (Posts), timelines,
// hashtags and search (Timelines), notifications (Inbox), sign-in and tokens
// (package oauth), and withholding from the command line (Rules). The parts share what
// every one of them needs (core: the store, the feeds, the gate, presenting
// statuses, fan-out). A Service promotes every part's methods, so callers can
// use it whole; a surface may take just the part it needs. It is safe for
// concurrent use.
type Service struct {
	*core
	*Accounts
	*Posts
	*Timelines
	*Inbox
	*oauth.Server
	*Rules
	*Moderation
}

// Accounts are accounts and the relations between them: profiles, lookups,
// follows and follow requests, blocks, mutes, relationships, markers.
type Accounts struct{ *core }

// Posts are statuses and what people do to them: posting, reading one status
// and its thread, deleting, boosts, favourites, bookmarks and pins.
type Posts struct{ *core }

// Timelines are the lists of statuses (home, public, hashtag, an account's),
// hashtags and trends, and search.
type Timelines struct{ *core }

// Inbox is a viewer's notifications.
type Inbox struct{ *core }

// Rules is withholding from the command line: rules made and lifted by hand.
type Rules struct{ *core }

// Moderation is the platform's own moderation: people's reports and the
// moderators' queue (moderation.go), apart from the legal desk.
type Moderation struct{ *core }

// core is what every part of the service shares.
type core struct {
	store agora.Store
	feeds agora.FeedCache
	// listFeeds holds list feeds by list ID (UseListFeeds); nil until given.
	listFeeds agora.FeedCache
	gate      *visibility.Gate
	ids       *agora.IDGenerator
	now       func() time.Time
	log       *slog.Logger
	cfg       Config
	// media keeps the files of media attachments (UseMediaFiles); nil until given.
	media agora.MediaFiles
	// processing holds a slot per image being processed (UseMediaFiles).
	processing chan struct{}
	// uploads counts each account's uploads under uploadRule (LimitUploads).
	uploads    *ratelimit.Counter
	uploadRule ratelimit.Rule
	// sweep is where the media sweep goes on from (SweepMedia).
	sweep struct {
		sync.Mutex
		after agora.ID
	}
}

// New returns a Service over store (the caches of package cachestore in front of
// the database, shared with every other writer in the process so they stay true),
// with gate for rule changes. now may be nil for time.Now.
func New(cfg Config, store agora.Store, feeds agora.FeedCache, gate *visibility.Gate, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	ids := &agora.IDGenerator{Now: now}
	c := &core{store: store, feeds: feeds, gate: gate, ids: ids, now: now, log: log, cfg: cfg,
		uploads: ratelimit.NewCounter(now)}
	auth := oauth.New(oauth.Config{RegistrationsOpen: cfg.RegistrationsOpen, PasswordCost: cfg.PasswordCost, IDs: ids}, store, now)
	return &Service{core: c, Accounts: &Accounts{c}, Posts: &Posts{c}, Timelines: &Timelines{c}, Inbox: &Inbox{c}, Server: auth, Rules: &Rules{c}, Moderation: &Moderation{c}}
}

// IDs returns the generator of the IDs the service writes, which its OAuth
// server shares: give it to the process's other writers (legal.Config.IDs), so
// that no two of them make the same ID.
func (s *Service) IDs() *agora.IDGenerator { return s.core.ids }

// Config returns the service's configuration.
func (s *core) Config() Config { return s.cfg }

// timePrecision is the precision the store keeps times with; times are truncated to
// it before they are stored so what is returned at once equals what is read later.
const timePrecision = time.Millisecond

// As returns the snapshot of the gate for viewer (nil: anonymous) from the
// countries ctx carries, for callers outside a request: the command line, the
// demo, tests. Surfaces take theirs once per request from the gate.
func (s *core) As(ctx context.Context, viewer *agora.Account) *visibility.Snapshot {
	return s.gate.Snapshot(ctx, viewer)
}
