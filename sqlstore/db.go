// Package sqlstore implements agora.Store on SQLite (modernc.org/sqlite, pure Go)
// and on PostgreSQL (pgx).
//
// The SQL is written once, portably, with ? placeholders; dialect.go holds the few
// differences. Both schemas are created by embedded, numbered migrations (migrate.go).
// Times are stored as Unix milliseconds; methods that insert normalize the caller's
// times in place to UTC milliseconds, so what is written equals what is read back.
// IDs are made by the caller (agora.IDGenerator); stores never make them.
//
// On SQLite, writes go through a single connection in immediate transactions and
// reads through a pool of query-only connections, so concurrent writers queue in
// the process instead of failing with SQLITE_BUSY, and WAL mode lets reads run
// alongside them. On PostgreSQL one pool serves both.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"time"

	"agora"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// DB is an agora.Store on one SQLite file or PostgreSQL database. It is safe for
// concurrent use.
type DB struct {
	*conns
	*accountTables  // accounts, applications and tokens, markers, audit events
	*statusTables   // statuses, timelines, marks, hashtags, search
	*relationTables // follows, follow requests, blocks, mutes, notifications
	*legalTables    // the legal desk: orders, targets, decisions, notices, appeals
	*ruleTables     // withholding rules, bulk loading
	*channelTables  // the authority channel: tokens, submissions
	*logTables      // the transparency log (appended by the rule changes)
}

// The parts of DB, one per group of tables, share its connections.
type (
	accountTables  struct{ *conns }
	statusTables   struct{ *conns }
	relationTables struct{ *conns }
	legalTables    struct{ *conns }
	ruleTables     struct{ *conns }
	channelTables  struct{ *conns }
	logTables      struct{ *conns }
)

// conns are the database's connection pools and dialect.
type conns struct {
	d     dialect
	read  *sql.DB // reads; on SQLite a pool of query-only connections
	write *sql.DB // writes and transactions; on SQLite one connection
	// stmts caches prepared statements of the read pool on SQLite; nil on PostgreSQL.
	stmts *stmtCache
}

var _ agora.Store = (*DB)(nil)

// Open connects to the database named by dsn and migrates its schema. dsn is a
// postgres:// or postgresql:// URL, or else the path of a SQLite file, created if
// missing (for example ./agora.db).
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" || dsn == ":memory:" {
		return nil, fmt.Errorf("open: %q is not a database file path or postgres:// URL", dsn)
	}
	c := &conns{d: dialectOf(dsn)}
	db := &DB{conns: c, accountTables: &accountTables{c}, statusTables: &statusTables{c}, relationTables: &relationTables{c}, legalTables: &legalTables{c}, ruleTables: &ruleTables{c}, channelTables: &channelTables{c}, logTables: &logTables{c}}
	if err := db.open(dsn); err != nil {
		return nil, err
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	if err := migrate(ctx, db.write, db.d); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *conns) open(dsn string) error {
	if db.d.name == Postgres {
		pool, err := sql.Open(db.d.driver, dsn)
		if err != nil {
			return fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxIdleConns(10)
		db.read, db.write = pool, pool
		return nil
	}
	write, err := sql.Open(db.d.driver, sqliteDSN(dsn, false))
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1) // SQLite has one writer; queue for it here
	write.SetMaxIdleConns(1)
	read, err := sql.Open(db.d.driver, sqliteDSN(dsn, true))
	if err != nil {
		write.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	db.read, db.write = read, write
	db.stmts = newStmtCache(read)
	return nil
}

// Close closes the database's connections. Closing twice is not an error.
func (db *conns) Close() error {
	if db.stmts != nil {
		db.stmts.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Dialect returns "sqlite" or "postgres".
func (db *conns) Dialect() string { return db.d.name }

// SQL returns the handle for writes and transactions: on PostgreSQL the one pool, on
// SQLite the single writer connection (which can also read). It is meant for tests
// and tools; the store's own reads use a separate pool on SQLite.
func (db *conns) SQL() *sql.DB { return db.write }

// querier is what conn needs of a pool or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// conn runs queries written with ? placeholders on a pool or a transaction.
type conn struct {
	q     querier
	d     dialect
	stmts *stmtCache // prepared statements for q, or nil
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, c.d.rebind(query), args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = c.d.rebind(query)
	if c.stmts != nil {
		if s := c.stmts.get(ctx, query); s != nil {
			return s.QueryContext(ctx, args...)
		}
	}
	return c.q.QueryContext(ctx, query, args...)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = c.d.rebind(query)
	if c.stmts != nil {
		if s := c.stmts.get(ctx, query); s != nil {
			return s.QueryRowContext(ctx, args...)
		}
	}
	return c.q.QueryRowContext(ctx, query, args...)
}

// reader is for reads outside transactions.
func (db *conns) reader() conn { return conn{db.read, db.d, db.stmts} }

// writer is for single-statement writes outside transactions.
func (db *conns) writer() conn { return conn{db.write, db.d, nil} }

// inTx runs fn in a write transaction (immediate on SQLite) and commits if fn
// returns nil. fn's error is returned as is.
func (db *conns) inTx(ctx context.Context, fn func(c conn) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
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

// millis converts t for storage: Unix milliseconds, 0 for the zero time.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMillis converts a stored time back: UTC, the zero time for 0.
func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// nullMillis converts t for a nullable time column: NULL for the zero time.
func nullMillis(t time.Time) sql.NullInt64 {
	return sql.NullInt64{Int64: millis(t), Valid: !t.IsZero()}
}

// fromNullMillis converts a nullable time column back: the zero time for NULL.
func fromNullMillis(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromMillis(n.Int64)
}

// normalize returns t as it reads back after storing.
func normalize(t time.Time) time.Time { return fromMillis(millis(t)) }

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }
