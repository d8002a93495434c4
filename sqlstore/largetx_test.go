package sqlstore

import (
	"context"
	"errors"
	"testing"

	"agora/storetest"
)

// TestInLargeTx: on SQLite the writer's page cache is writerCacheKiB but for the
// length of a large transaction, after it however it ends. Before, the writer
// held a 32 MiB cache all the time, and resident memory grew with it for as
// long as the database did (issue 15).
func TestInLargeTx(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cacheSize := func(c conn) int {
		t.Helper()
		var n int
		if err := c.queryRow(ctx, "PRAGMA cache_size").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	inTxSize := func() int {
		t.Helper()
		var n int
		if err := db.inTx(ctx, func(c conn) error { n = cacheSize(c); return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := inTxSize(); got != -writerCacheKiB {
		t.Fatalf("writer's cache_size %d, want %d", got, -writerCacheKiB)
	}
	var during int
	if err := db.inLargeTx(ctx, func(c conn) error { during = cacheSize(c); return nil }); err != nil {
		t.Fatal(err)
	}
	if during != -largeTxCacheKiB {
		t.Errorf("cache_size during a large transaction %d, want %d", during, -largeTxCacheKiB)
	}
	if got := inTxSize(); got != -writerCacheKiB {
		t.Errorf("cache_size after a large transaction %d, want %d", got, -writerCacheKiB)
	}
	failed := errors.New("refused")
	if err := db.inLargeTx(ctx, func(c conn) error { return failed }); !errors.Is(err, failed) {
		t.Fatalf("inLargeTx = %v, want its function's error", err)
	}
	if got := inTxSize(); got != -writerCacheKiB {
		t.Errorf("cache_size after a failed large transaction %d, want %d", got, -writerCacheKiB)
	}
}
