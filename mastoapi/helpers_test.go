package mastoapi

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"agora"
	"agora/feedcache"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
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
	svc := service.New(service.Config{BaseURL: base, PasswordCost: 4}, db, feedcache.NewMemory(0), nil, discard)
	return New(svc, Info{Title: "test"}, discard), svc, db
}

// mustAccount registers the account name through the service.
func mustAccount(tb testing.TB, svc *service.Service, name string) *agora.Account {
	tb.Helper()
	a, err := svc.CreateAccount(context.Background(), service.NewAccount{Username: name, Email: name + "@x.example", Password: "password-" + name})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}
