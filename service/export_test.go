package service

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"agora"
	"agora/cachestore"
	"agora/visibility"
)

// CacheForTest returns the caches the service reads through, for tests that look
// behind it or tune them. The tests' services are made over a cachestore.Store.
func CacheForTest(s *Service) *cachestore.Store { return s.store.(*cachestore.Store) }

// NewForTest wires a service as app does, over db with its caches in front and a
// visibility gate loaded from it, at https://x.example. now may be nil.
func NewForTest(tb testing.TB, db agora.Store, feeds agora.FeedCache, now func() time.Time) *Service {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	store := cachestore.New(db, now)
	gate := visibility.New(visibility.Config{BaseURL: "https://x.example"}, store, store, now, log)
	if err := gate.Load(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return New(Config{BaseURL: "https://x.example", PasswordCost: 4}, store, feeds, gate, now, log)
}

// GateForTest returns the service's visibility gate.
func GateForTest(s *Service) *visibility.Gate { return s.gate }
