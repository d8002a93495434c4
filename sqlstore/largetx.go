package sqlstore

import (
	"context"
	"fmt"
	"strconv"
)

// The SQLite writer's page cache, in KiB: writerCacheKiB in general, and
// largeTxCacheKiB during a large transaction (inLargeTx). A page cache, once
// filled, is kept for the connection's life: a large one held all the time made
// resident memory grow for as long as the database did (issue 15). modernc's
// allocator gives each 4 KiB page about twice that, so 8 MiB costs about 16 MiB.
const (
	writerCacheKiB  = 8 << 10
	largeTxCacheKiB = 32 << 10
)

// inLargeTx is inTx for a transaction that may touch tens of thousands of pages:
// a bulk decision, an order of 100,000 targets, a bulk load. On SQLite the
// writer's page cache is raised to largeTxCacheKiB for it, so that its pages are
// neither spilled to the WAL mid-transaction nor read again, then set back to
// writerCacheKiB and its memory released. On PostgreSQL it is inTx.
func (db *conns) inLargeTx(ctx context.Context, fn func(c conn) error) error {
	if db.d.name == Postgres {
		return db.inTx(ctx, fn)
	}
	sc, err := db.write.Conn(ctx) // the writer's one connection: others queue for it
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sc.Close()
	if _, err := sc.ExecContext(ctx, "PRAGMA cache_size = -"+strconv.Itoa(largeTxCacheKiB)); err != nil {
		return fmt.Errorf("raise cache: %w", err)
	}
	defer func() {
		// Set back even when ctx has ended. Should it fail, the connection
		// keeps the larger cache, which costs memory, not correctness.
		ctx := context.WithoutCancel(ctx)
		sc.ExecContext(ctx, "PRAGMA cache_size = -"+strconv.Itoa(writerCacheKiB))
		sc.ExecContext(ctx, "PRAGMA shrink_memory")
	}()
	tx, err := sc.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	if err := fn(conn{tx, db.d, nil}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
