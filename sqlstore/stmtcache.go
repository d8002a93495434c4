package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the prepared statements a cache keeps; queries beyond it
// run unprepared. The store's query texts are fixed (ID lists are one parameter), so
// a few hundred cover them all.
const maxCachedStmts = 512

// stmtCache keeps prepared statements of one pool, keyed by their SQL text, so
// SQLite does not parse the same statement again on every read: parsing was about a
// quarter of a home timeline's database time. PostgreSQL needs none of it: pgx
// caches prepared statements per connection itself.
type stmtCache struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement for query, preparing it on first use; nil when
// the cache is full or preparing fails (the caller then runs the query as text,
// which reports any error in the statement itself).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	s := c.m[query]
	c.mu.RUnlock()
	if s != nil {
		return s
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.m[query]; s != nil {
		return s
	}
	if len(c.m) >= maxCachedStmts {
		return nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.m[query] = s
	return s
}

// close closes every prepared statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		s.Close()
		delete(c.m, q)
	}
}
