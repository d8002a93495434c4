// Package app wires agora together: it is the only package that knows the concrete
// types. cmd/agora and the end-to-end tests both run agora through Main.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"agora"
	"agora/authorityapi"
	"agora/cachestore"
	"agora/feedcache"
	"agora/geoip"
	"agora/internal/guard"
	"agora/legal"
	"agora/legalapi"
	"agora/mastoapi"
	"agora/mediafs"
	"agora/server"
	"agora/service"
	"agora/sqlstore"
	"agora/translog"
	"agora/translogapi"
	"agora/transparencyapi"
	"agora/visibility"
	"agora/web"
	"agora/web/console"
	"agora/webhook"
)

// Version is agora's version.
const Version = "0.1.0"

// RuleWatchInterval is how often a server checks the database for withholding
// rules changed by other processes; the issue asks for at most 1 second.
const RuleWatchInterval = 200 * time.Millisecond

// LegalSweepInterval is how often the legal desk releases held-back owner
// notifications and checks emergency orders' confirmation deadlines.
const LegalSweepInterval = 30 * time.Second

// ScheduledInterval is how often a server publishes the scheduled statuses due.
const ScheduledInterval = time.Second

// MediaSweepInterval is how often media uploaded a day ago and never attached
// are removed.
const MediaSweepInterval = 10 * time.Minute

// AuthPruneInterval is how often authorization codes and tokens past
// oauth.AuthRetention are deleted.
const AuthPruneInterval = time.Hour

// PollSweepInterval is how often ended polls are announced (their poll
// notifications made); a poll's end is announced within it.
const PollSweepInterval = 10 * time.Second

// WebhookInterval is how often a server looks for webhook deliveries due.
const WebhookInterval = 500 * time.Millisecond

// instanceDescription describes the instance in /api/v1/instance and on the
// front page.
const instanceDescription = "A microblogging server that handles government orders lawfully and in the open."

// Main is a running agora: its store, service and HTTP server.
type Main struct {
	Config Config
	Log    *slog.Logger

	// PasswordCost overrides the bcrypt cost (tests use the minimum); 0 is the default.
	PasswordCost int
	// WebhookBackoff overrides the waits between webhook attempts (tests
	// shorten them); nil is webhook.DefaultBackoff.
	WebhookBackoff []time.Duration

	DB *sqlstore.DB
	*Core
	Desk *legal.Desk
	// TransparencyLog serves the log of withholdings (package translog).
	TransparencyLog *translog.Log
	// URL is the public URL the server answers on, known after Open.
	URL string
	// DebugURL is the profiler's base URL ("http://host:port") when debug_addr
	// is set, known after Open; "" otherwise.
	DebugURL string
	// MetricsURL is the metrics listener's base URL ("http://host:port") when
	// metrics_addr is set, known after Open; "" otherwise.
	MetricsURL string

	ln   net.Listener
	srv  *http.Server
	side []sideServer // the debug and metrics listeners, when set
	geo  *geoip.Resolver
}

// sideServer is a listener of the operator's beside the public one.
type sideServer struct {
	ln  net.Listener
	srv *http.Server
}

// NewMain returns a Main for cfg logging to w.
func NewMain(cfg Config, w io.Writer) *Main {
	return &Main{Config: cfg, Log: NewLogger(cfg, w)}
}

// NewLogger returns the logger cfg asks for.
func NewLogger(cfg Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// OpenStore opens (and migrates) the database cfg names. Subcommands that only touch
// data use it without a server.
func OpenStore(ctx context.Context, cfg Config) (*sqlstore.DB, error) {
	db, err := sqlstore.Open(ctx, cfg.DB)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", maskSecret(cfg.DB), err)
	}
	return db, nil
}

// OpenTransparencyLog opens the transparency log of db for the instance at
// baseURL, with the key in cfg.LogKeyPath() (made there on first start).
func OpenTransparencyLog(ctx context.Context, cfg Config, db *sqlstore.DB, baseURL string) (*translog.Log, error) {
	base := strings.TrimSuffix(baseURL, "/")
	skey, vkey, err := translog.LoadOrCreateKey(cfg.LogKeyPath(), translog.Origin(base))
	if err != nil {
		return nil, err
	}
	l, err := translog.Open(ctx, db, base, skey, vkey, nil)
	if err != nil {
		return nil, err
	}
	if err := l.SetWitnesses(cfg.WitnessKeys()); err != nil {
		return nil, err
	}
	return l, nil
}

// OpenGeoIP returns the resolver of viewers' countries that cfg describes, with
// its database open. An unreadable database is an EINVALID error naming geoip_db.
func OpenGeoIP(cfg Config) (*geoip.Resolver, error) {
	proxies, err := geoip.ParsePrefixes(cfg.TrustedProxies)
	if err != nil {
		return nil, agora.Errorf(agora.EINVALID, "trusted_proxies: %v.", err)
	}
	r, err := geoip.Open(geoip.Config{CountryHeader: cfg.CountryHeader, TrustedProxies: proxies, DB: cfg.GeoIPDB})
	if err != nil {
		return nil, &agora.Error{Code: agora.EINVALID, Err: err, Message: fmt.Sprintf(
			"geoip_db = %q cannot be opened as a MaxMind country database (.mmdb): %v.", cfg.GeoIPDB, causeOf(errors.Unwrap(err)))}
	}
	return r, nil
}

// Core is what every part of agora that reads or writes content shares: the
// store with its caches in front, the visibility gate, and the social service.
type Core struct {
	// Store is the database behind the caches (package cachestore); every writer
	// in the process writes through it so the caches stay true.
	Store   agora.Store
	Gate    *visibility.Gate
	Service *service.Service
	// BaseURL is the public URL the core was wired with, without a trailing
	// slash.
	BaseURL string
}

// NewCore wires the core over db with the config's settings. Its gate holds no
// rules until Gate.Load.
func NewCore(cfg Config, db *sqlstore.DB, baseURL string, passwordCost int, log *slog.Logger) *Core {
	base := strings.TrimSuffix(baseURL, "/")
	store := cachestore.New(db, nil)
	gate := visibility.New(visibility.Config{BaseURL: base, UnknownCountryClosed: cfg.UnknownCountry == "closed"}, store, store, nil, log)
	svc := service.New(service.Config{
		BaseURL:           base,
		RegistrationsOpen: cfg.Registrations == "open",
		PasswordCost:      passwordCost,
	}, store, feedcache.NewMemory(0), gate, nil, log)
	svc.UseListFeeds(feedcache.NewMemory(0))
	svc.UseMediaFiles(mediafs.New(cfg.MediaDirPath()))
	if limits, err := ParseRateLimits(cfg.RateLimits); err == nil && limits != nil {
		svc.LimitUploads(limits.Media) // per account, as Mastodon counts uploads
	}
	return &Core{Store: store, Gate: gate, Service: svc, BaseURL: base}
}

// NewDesk returns the legal desk over the core, with metrics (nil: none),
// announcing to authorities in the authority API's shapes.
func (c *Core) NewDesk(cfg Config, metrics legal.Metrics, log *slog.Logger) *legal.Desk {
	lc := cfg.LegalConfig()
	lc.IDs = c.Service.IDs() // one generator for the process: the desk and the service write the same tables
	lc.BaseURL = c.BaseURL   // the address the server listens at when base_url is not set
	lc.RemoveMediaFiles = c.Service.RemoveMediaFiles
	d := legal.New(lc, c.Store, c.Gate, c.Service, nil, metrics, log)
	d.AnnounceWith(authorityapi.Announce)
	return d
}

// Open opens the database, migrates it and starts listening. The server does not
// serve until Run.
func (m *Main) Open(ctx context.Context) error {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	geo, err := OpenGeoIP(m.Config)
	if err != nil {
		return err
	}
	m.geo = geo
	reg := prometheus.NewRegistry()
	metrics, err := server.NewMetrics(reg)
	if err != nil {
		return err
	}
	lm, err := newLegalMetrics(reg)
	if err != nil {
		return err
	}
	db, err := OpenStore(ctx, m.Config)
	if err != nil {
		return err
	}
	m.DB = db
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		_ = db.Close()
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	m.ln = ln
	m.URL = m.Config.BaseURL
	if m.URL == "" {
		cfg := m.Config
		cfg.Addr = ln.Addr().String()
		m.URL = cfg.PublicURL()
	}
	m.Core = NewCore(m.Config, db, m.URL, m.PasswordCost, m.Log)
	// The log first: its first start gives rules made before it their entries,
	// whose indexes the gate then loads with the rules (and names in a 451).
	if m.TransparencyLog, err = OpenTransparencyLog(ctx, m.Config, db, m.URL); err != nil {
		_ = ln.Close()
		_ = m.Close()
		return err
	}
	if err := m.Gate.Load(ctx); err != nil {
		_ = ln.Close()
		_ = m.Close()
		return err
	}
	m.Desk = m.NewDesk(m.Config, lm, m.Log)
	mux := http.NewServeMux()
	g := guard.New(m.Service, m.Desk, m.Gate)
	legalapi.New(m.Desk, m.Service, g, m.Log).Register(mux)
	authorityapi.New(m.Desk, g, m.Log).Register(mux)
	translogapi.New(m.TransparencyLog, m.Log).Register(mux)
	transparencyapi.New(m.Desk, m.Service.Posts, transparencyapi.Info{Title: m.Config.InstanceTitle, BaseURL: m.URL}, m.Log).Register(mux)
	mastoapi.New(m.Service, m.Desk, g, mastoapi.Info{
		Title:        m.Config.InstanceTitle,
		Description:  instanceDescription,
		ContactEmail: m.Config.ContactEmail,
		Version:      Version,
	}, m.Log).Register(mux)
	web.New(m.Service, m.Gate, g, web.Info{
		Title:        m.Config.InstanceTitle,
		Description:  instanceDescription,
		ContactEmail: m.Config.ContactEmail,
		Version:      Version,
	}, m.Log).Register(mux)
	console.New(m.Desk, m.Service, m.Service, db, m.Gate, console.Config{
		Title: m.Config.InstanceTitle, BaseURL: m.URL, Now: m.Desk.Now,
	}, m.Log).Register(mux)
	for _, side := range []struct {
		addr string
		open func() (net.Listener, *http.Server, error)
		url  *string
	}{
		{m.Config.DebugAddr, func() (net.Listener, *http.Server, error) { return openDebug(m.Config.DebugAddr, m.Log) }, &m.DebugURL},
		{m.Config.MetricsAddr, func() (net.Listener, *http.Server, error) { return openMetrics(m.Config.MetricsAddr, metrics, m.Log) }, &m.MetricsURL},
	} {
		if side.addr == "" {
			continue
		}
		sln, ssrv, err := side.open()
		if err != nil {
			_ = ln.Close()
			_ = m.Close()
			return err
		}
		m.side = append(m.side, sideServer{sln, ssrv})
		*side.url = "http://" + sln.Addr().String()
	}
	ready := func(ctx context.Context) error { return db.SQL().PingContext(ctx) }
	m.srv = &http.Server{
		Handler:           server.Handler(mux, m.Log, ready, server.Options{Country: geo, Metrics: metrics, RateLimit: m.rateLimiter()}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.Log.Handler(), slog.LevelWarn),
	}
	return nil
}

// ListenAddr is the address the public listener is bound to, known after
// Open; it differs from URL's host behind a proxy (base_url).
func (m *Main) ListenAddr() string { return m.ln.Addr().String() }

// Run serves until ctx is done, then shuts down gracefully within the configured
// timeout.
func (m *Main) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- m.srv.Serve(m.ln) }()
	for _, s := range m.side {
		go func() { _ = s.srv.Serve(s.ln) }()
		defer s.srv.Close()
	}
	// Rule changes made by other processes (`agora withhold`, other nodes) reach
	// this one within RuleWatchInterval.
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go m.Gate.Watch(watchCtx, RuleWatchInterval)
	go m.Desk.Run(watchCtx, LegalSweepInterval)
	// Scheduled statuses: a publication under way finishes before Run returns.
	scheduled := make(chan struct{})
	go func() { m.Service.RunScheduler(watchCtx, ScheduledInterval); close(scheduled) }()
	defer func() { stopWatch(); <-scheduled }()
	go m.Service.RunPolls(watchCtx, PollSweepInterval)
	go m.Service.RunMediaSweep(watchCtx, MediaSweepInterval)
	go m.Service.RunAuthPrune(watchCtx, AuthPruneInterval)
	// Webhook deliveries stop with the server: an attempt under way finishes
	// and is recorded before Run returns, so none is sent twice.
	dispatched := make(chan struct{})
	dispatcher := webhook.New(webhook.Config{Policy: m.Config.LegalConfig().Webhooks, Backoff: m.WebhookBackoff,
		Interval: WebhookInterval}, m.DB, nil, m.Log)
	go func() { dispatcher.Run(watchCtx); close(dispatched) }()
	defer func() { stopWatch(); <-dispatched }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
	defer cancel()
	return m.srv.Shutdown(sctx)
}

// Close releases what Open acquired.
func (m *Main) Close() error {
	var errs []error
	if m.srv != nil {
		errs = append(errs, m.srv.Close())
	}
	for _, s := range m.side {
		errs = append(errs, s.srv.Close())
		// Close of a server that never served leaves its listener open.
		if err := s.ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	if m.geo != nil {
		errs = append(errs, m.geo.Close())
	}
	return errors.Join(errs...)
}
