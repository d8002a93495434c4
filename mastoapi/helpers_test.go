package mastoapi

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"agora"
	"agora/cachestore"
	"agora/feedcache"
	"agora/internal/guard"
	"agora/oauth"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
	"agora/visibility"
)

// newTestAPI returns the Mastodon API over a real service on a fresh SQLite
// database (closed when the test ends), with public URL base.
func newTestAPI(tb testing.TB, base string) (*API, *service.Service, *sqlstore.DB) {
	tb.Helper()
	db, err := sqlstore.Open(context.Background(), storetest.SQLitePath(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	store := cachestore.New(db, nil)
	gate := visibility.New(visibility.Config{BaseURL: base}, store, store, nil, discard)
	if err := gate.Load(context.Background()); err != nil {
		tb.Fatal(err)
	}
	svc := service.New(service.Config{BaseURL: base, PasswordCost: 4}, store, feedcache.NewMemory(0), gate, nil, discard)
	svc.UseListFeeds(feedcache.NewMemory(0))
	testGates.Store(svc, gate)
	return New(svc, nil, guard.New(svc, nil, gate), Info{Title: "test"}, discard), svc, db
}

// testGates holds the gate of each service newTestAPI made.
var testGates sync.Map // *service.Service -> *visibility.Gate

// loadRules reloads the rules of svc's gate from the database, after a test
// wrote rules behind it.
func loadRules(ctx context.Context, svc *service.Service) error {
	g, _ := testGates.Load(svc)
	return g.(*visibility.Gate).Load(ctx)
}

// mustAccount registers the account name through the service.
func mustAccount(tb testing.TB, svc *service.Service, name string) *agora.Account {
	tb.Helper()
	a, err := svc.CreateAccount(context.Background(), oauth.NewAccount{Username: name, Email: name + "@x.example", Password: "password-" + name})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}
