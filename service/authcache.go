package service

import (
	"sync"
	"time"

	"agora"
)

// authTTL is how long an authenticated token is remembered. Changes made in this
// process (revocation, suspension, the end of staff access) take effect at once by
// forgetting; changes made by other processes on the same database within authTTL.
const authTTL = 10 * time.Second

// maxAuthCache bounds the remembered tokens; past it the cache is emptied.
const maxAuthCache = 100_000

// authCache remembers who recent tokens act as, so a request does not cost three
// queries (token, account, application) before it starts.
type authCache struct {
	mu sync.Mutex
	m  map[string]authEntry // by token hash
	// gen counts forgets; an entry read from the database before a forget is not
	// put, so a revocation racing an authentication cannot be undone by it.
	gen uint64
}

type authEntry struct {
	auth    *Auth
	expires time.Time
}

// get returns the remembered Auth, or nil and the generation to pass to put.
func (c *authCache) get(hash string, now time.Time) (*Auth, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || now.After(e.expires) {
		return nil, c.gen
	}
	return e.auth, c.gen
}

// put remembers a, read from the database after get returned gen, unless
// something was forgotten since.
func (c *authCache) put(hash string, a *Auth, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) >= maxAuthCache {
		c.m = make(map[string]authEntry)
	}
	c.m[hash] = authEntry{auth: a, expires: now.Add(authTTL)}
}

// forgetToken drops one token.
func (c *authCache) forgetToken(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.m, hash)
}

// forgetAccount drops every token of the account.
func (c *authCache) forgetAccount(id agora.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for h, e := range c.m {
		if e.auth.Account != nil && e.auth.Account.ID == id {
			delete(c.m, h)
		}
	}
}

// ForgetAccount makes the service read the account afresh on its next request, after
// a change to who it is or what it may do (suspension, staff access).
func (s *Service) ForgetAccount(id agora.ID) { s.auth.forgetAccount(id) }
