package cachestore

import (
	"context"
	"sync"
	"time"

	"agora"
)

// tokenTTL is how long a token and its application are remembered. A revocation
// through this store takes effect at once; one by another process within
// tokenTTL. Suspension and the end of staff access need no forgetting here: who a
// token acts as is read through the account cache, which forgets at once.
const tokenTTL = 10 * time.Second

// maxTokens bounds the remembered tokens and applications; past it the cache is
// emptied.
const maxTokens = 100_000

// tokenCache remembers recent tokens by hash and applications by ID, so a request
// does not cost a token and an application query before it starts.
type tokenCache struct {
	mu   sync.Mutex
	m    map[string]tokenEntry // by token hash
	apps map[agora.ID]appEntry
	// gen counts forgets; a token read from the database before a forget is not
	// put, so a revocation racing an authentication cannot be undone by it.
	gen uint64
}

type tokenEntry struct {
	t       *agora.Token
	expires time.Time
}

type appEntry struct {
	a       *agora.Application
	expires time.Time
}

// get returns the remembered token, or nil and the generation to pass to put.
func (c *tokenCache) get(hash string, now time.Time) (*agora.Token, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || now.After(e.expires) {
		return nil, c.gen
	}
	return e.t, c.gen
}

// put remembers t, read from the database after get returned gen, unless a token
// was forgotten since.
func (c *tokenCache) put(hash string, t *agora.Token, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) >= maxTokens {
		c.m = make(map[string]tokenEntry)
	}
	c.m[hash] = tokenEntry{t: t, expires: now.Add(tokenTTL)}
}

// forget drops one token.
func (c *tokenCache) forget(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.m, hash)
}

// forgetAll drops every token, for a change that revokes tokens whose hashes
// the cache is not told.
func (c *tokenCache) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.m = nil
}

// TokenByHash implements agora.OAuthStore, remembering what it read for tokenTTL.
// Tokens handed out are shared: callers must not modify them.
func (c *Store) TokenByHash(ctx context.Context, hash string) (*agora.Token, error) {
	now := c.now()
	t, gen := c.tokens.get(hash, now)
	if t != nil {
		return t, nil
	}
	t, err := c.Store.TokenByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	c.tokens.put(hash, t, gen, now)
	return t, nil
}

// RevokeToken implements agora.OAuthStore and forgets the token.
func (c *Store) RevokeToken(ctx context.Context, hash string, at time.Time) error {
	c.tokens.forget(hash)
	err := c.Store.RevokeToken(ctx, hash, at)
	c.tokens.forget(hash)
	return err
}

// RevokeAuthCode implements agora.OAuthStore and forgets every token: it is
// told the code, not the hash of the token the code gave, and a code's reuse is
// rare.
func (c *Store) RevokeAuthCode(ctx context.Context, hash string, at time.Time) error {
	c.tokens.forgetAll()
	err := c.Store.RevokeAuthCode(ctx, hash, at)
	c.tokens.forgetAll()
	return err
}

// Application implements agora.OAuthStore, remembering applications for tokenTTL
// (they do not change once created).
func (c *Store) Application(ctx context.Context, id agora.ID) (*agora.Application, error) {
	now := c.now()
	c.tokens.mu.Lock()
	e, ok := c.tokens.apps[id]
	c.tokens.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.a, nil
	}
	a, err := c.Store.Application(ctx, id)
	if err != nil {
		return nil, err
	}
	c.tokens.mu.Lock()
	if c.tokens.apps == nil || len(c.tokens.apps) >= maxTokens {
		c.tokens.apps = map[agora.ID]appEntry{}
	}
	c.tokens.apps[id] = appEntry{a: a, expires: now.Add(tokenTTL)}
	c.tokens.mu.Unlock()
	return a, nil
}
