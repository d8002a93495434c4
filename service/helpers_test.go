package service_test

import (
	"context"
	"testing"
	"time"

	"agora"
	"agora/feedcache"
	"agora/oauth"
	"agora/service"
	"agora/sqlstore"
	"agora/storetest"
)

// newTestService returns a service over a fresh SQLite database, closed when the
// test ends, with now as its clock (nil: time.Now).
func newTestService(t *testing.T, now func() time.Time) (*service.Service, *sqlstore.DB) {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return service.NewForTest(t, db, feedcache.NewMemory(0), now), db
}

// mustAccount registers the account name through the service.
func mustAccount(t *testing.T, svc *service.Service, name string) *agora.Account {
	t.Helper()
	a, err := svc.CreateAccount(context.Background(), oauth.NewAccount{Username: name, Email: name + "@x.example", Password: "password-" + name})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
