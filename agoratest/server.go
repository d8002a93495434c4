// Package agoratest runs the real agora for tests: MustRunServer starts the real
// program (app.Main) on 127.0.0.1:0 with a fresh database and returns its URL.
package agoratest

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"agora/app"
	"agora/storetest"
)

// Backend names a database the server can run on in tests.
type Backend string

// Backends.
const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// Backends returns the databases to run end-to-end tests on: SQLite always, and
// PostgreSQL when AGORA_TEST_POSTGRES_DSN is set (CI sets it).
func Backends() []Backend {
	b := []Backend{SQLite}
	if os.Getenv("AGORA_TEST_POSTGRES_DSN") != "" || os.Getenv("AGORA_TEST_REQUIRE_SERVICES") == "1" {
		b = append(b, Postgres)
	}
	return b
}

// Server is a running agora.
type Server struct {
	*app.Main
	// DSN is the database the server uses; a restart reuses it.
	DSN    string
	cancel context.CancelFunc
	done   chan error
}

// Option changes the configuration of a test server.
type Option func(*app.Config)

// WithRegistrations opens or closes registrations.
func WithRegistrations(open bool) Option {
	return func(c *app.Config) {
		c.Registrations = "closed"
		if open {
			c.Registrations = "open"
		}
	}
}

// WithRateLimits sets the rate_limits of the server, which test servers
// otherwise run without ("off").
func WithRateLimits(limits string) Option { return func(c *app.Config) { c.RateLimits = limits } }

// WithDB makes the server use an existing database, e.g. to restart on it.
func WithDB(dsn string) Option { return func(c *app.Config) { c.DB = dsn } }

// DSN returns a fresh database of the backend for tb.
func DSN(tb testing.TB, b Backend) string {
	if b == Postgres {
		return storetest.PostgresDSN(tb)
	}
	return storetest.SQLitePath(tb)
}

// MustRunServer starts agora on 127.0.0.1:0 on a fresh database of the backend and
// stops it when the test ends. Its logs are discarded unless AGORA_TEST_LOG=1.
func MustRunServer(tb testing.TB, b Backend, opts ...Option) *Server {
	tb.Helper()
	return MustRunServerLogging(tb, b, nil, opts...)
}

// MustRunServerLogging is MustRunServer with the server's logs written to w
// (as well as to stderr when AGORA_TEST_LOG=1); nil discards them. Writes to
// w come from the server's goroutines: w must be safe for concurrent use.
func MustRunServerLogging(tb testing.TB, b Backend, w io.Writer, opts ...Option) *Server {
	tb.Helper()
	cfg := app.Defaults()
	cfg.Addr = "127.0.0.1:0"
	cfg.DB = ""
	cfg.RateLimits = "off" // tests make many requests from one address; WithRateLimits turns them on
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.DB == "" {
		cfg.DB = DSN(tb, b)
	}
	if cfg.LogKey == "" {
		cfg.LogKey = logKeyFor(tb, cfg.DB)
	}
	if cfg.MediaDir == "" && cfg.LogKey != "" {
		// PostgreSQL: media files beside the log key, in the test's temporary
		// directory (SQLite's default is beside the database file, in one too).
		cfg.MediaDir = filepath.Join(filepath.Dir(cfg.LogKey), "media")
	}
	var logw io.Writer = io.Discard
	switch {
	case w != nil && os.Getenv("AGORA_TEST_LOG") == "1":
		logw = io.MultiWriter(w, os.Stderr)
	case w != nil:
		logw = w
	case os.Getenv("AGORA_TEST_LOG") == "1":
		logw = os.Stderr
	}
	m := app.NewMain(cfg, logw)
	m.PasswordCost = bcrypt.MinCost
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		cancel()
		tb.Fatalf("open agora: %v", err)
	}
	s := &Server{Main: m, DSN: cfg.DB, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- m.Run(ctx) }()
	tb.Cleanup(func() { s.Stop(tb) })
	if err := waitReady("http://" + m.ListenAddr()); err != nil {
		tb.Fatalf("agora did not become ready: %v", err)
	}
	return s
}

// Stop shuts the server down and closes its database. Stopping twice is harmless.
func (s *Server) Stop(tb testing.TB) {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	if err := <-s.done; err != nil {
		tb.Errorf("agora stopped with: %v", err)
	}
	if err := s.Close(); err != nil {
		tb.Errorf("close agora: %v", err)
	}
}

func waitReady(url string) error {
	var err error
	for i := 0; i < 100; i++ {
		var resp *http.Response
		if resp, err = http.Get(url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return err
}

// logKeys holds the transparency log's key file of each PostgreSQL database a
// test server ran on, so that a restart on it signs with the same key.
var logKeys = struct {
	sync.Mutex
	byDSN map[string]string
}{byDSN: make(map[string]string)}

// logKeyFor returns the log key file for a server on dsn: "" (beside the file)
// for SQLite, and for PostgreSQL one in a temporary directory of the test that
// first ran a server on it (not in the working directory, the default).
func logKeyFor(tb testing.TB, dsn string) string {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return ""
	}
	logKeys.Lock()
	defer logKeys.Unlock()
	if k, ok := logKeys.byDSN[dsn]; ok {
		return k
	}
	k := filepath.Join(tb.TempDir(), "transparency-log.key")
	logKeys.byDSN[dsn] = k
	return k
}
