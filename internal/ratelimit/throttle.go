package ratelimit

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// ThrottleRules are the sign-in throttle's numbers.
type ThrottleRules struct {
	// AddrFree failures from one address cost nothing; after them each
	// attempt from the address waits a delay that doubles with every further
	// failure (1 s, 2 s, 4 s, ...) up to AddrMaxWait after the last failure.
	AddrFree    int
	AddrMaxWait time.Duration
	// AddrForget: an address without a failure for this long is forgotten.
	AddrForget time.Duration
	// AccountLimit failures on one account within AccountWindow, from any
	// addresses, close it to sign-in until AccountWindow after the last
	// failure, except from an address that signed in to it successfully
	// within GoodFor.
	AccountLimit  int
	AccountWindow time.Duration
	GoodFor       time.Duration
}

// DefaultThrottleRules are those of agora's sign-ins.
var DefaultThrottleRules = ThrottleRules{
	AddrFree: 5, AddrMaxWait: 15 * time.Minute, AddrForget: time.Hour,
	AccountLimit: 10, AccountWindow: 15 * time.Minute, GoodFor: 30 * 24 * time.Hour,
}

// Throttle counts failed sign-ins per client address and per account. An
// attacker guessing from many addresses is slowed per address and stopped per
// account, and cannot lock the person out: their correct password from an
// address they have signed in from before still works. A person on a new
// address during an attack waits AccountWindow. Attempts the throttle refuses
// should not check the password, and count as no further failure. It is safe
// for concurrent use.
type Throttle struct {
	rules    ThrottleRules
	mu       sync.Mutex
	now      func() time.Time
	addrs    map[string]*strikes
	accounts map[string]*strikes
	good     map[string]time.Time // account + "\x00" + address -> last success
}

type strikes struct {
	n    int
	last time.Time
}

// NewThrottle returns a throttle with no failures; now may be nil for
// time.Now.
func NewThrottle(rules ThrottleRules, now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{rules: rules, now: now, addrs: map[string]*strikes{}, accounts: map[string]*strikes{}, good: map[string]time.Time{}}
}

// AccountKey is how a throttle names an account signed in to by login
// (username or e-mail): without case or surrounding space. Callers that can
// resolve the login to an account should name it by its ID instead, so that
// its username and its e-mail share one count.
func AccountKey(login string) string { return strings.ToLower(strings.TrimSpace(login)) }

// addrWait is how long after its last failure an address with n failures
// waits.
func (t *Throttle) addrWait(n int) time.Duration {
	if n < t.rules.AddrFree {
		return 0
	}
	shift := n - t.rules.AddrFree
	if shift > 30 {
		return t.rules.AddrMaxWait
	}
	return min(time.Second<<shift, t.rules.AddrMaxWait)
}

// Check returns how long addr must wait before trying to sign in to account;
// 0 when it may try now.
func (t *Throttle) Check(addr, account string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	if s := t.addrs[addr]; s != nil {
		if now.Sub(s.last) > t.rules.AddrForget {
			delete(t.addrs, addr)
		} else if until := s.last.Add(t.addrWait(s.n)); until.After(now) {
			wait = until.Sub(now)
		}
	}
	if s := t.accounts[account]; s != nil && s.n >= t.rules.AccountLimit {
		until := s.last.Add(t.rules.AccountWindow)
		good, ok := t.good[account+"\x00"+addr]
		known := ok && now.Sub(good) < t.rules.GoodFor
		if until.After(now) && !known {
			wait = max(wait, until.Sub(now))
		}
	}
	return wait
}

// Fail counts a failed sign-in.
func (t *Throttle) Fail(addr, account string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.prune(now)
	bump(t.addrs, addr, now, t.rules.AddrForget)
	bump(t.accounts, account, now, t.rules.AccountWindow)
}

func bump(m map[string]*strikes, key string, now time.Time, forget time.Duration) {
	s := m[key]
	if s == nil || now.Sub(s.last) > forget {
		s = &strikes{}
		m[key] = s
	}
	s.n++
	s.last = now
}

// Succeed forgets the address's failures and remembers it as good for the
// account.
func (t *Throttle) Succeed(addr, account string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.prune(now)
	delete(t.addrs, addr)
	t.good[account+"\x00"+addr] = now
}

// prune drops stale entries once a map has grown past pruneAbove, so an
// attacker cycling addresses or logins cannot grow them without bound.
func (t *Throttle) prune(now time.Time) {
	if len(t.addrs) > pruneAbove {
		for k, s := range t.addrs {
			if now.Sub(s.last) > t.addrWait(s.n) {
				delete(t.addrs, k)
			}
		}
	}
	if len(t.accounts) > pruneAbove {
		for k, s := range t.accounts {
			if now.Sub(s.last) > t.rules.AccountWindow {
				delete(t.accounts, k)
			}
		}
	}
	if len(t.good) > pruneAbove {
		for k, at := range t.good {
			if now.Sub(at) > t.rules.GoodFor {
				delete(t.good, k)
			}
		}
	}
}

// HumanWait says a wait as people read it: "1 second", "40 seconds",
// "3 minutes".
func HumanWait(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	if s < 60 {
		if s == 1 {
			return "1 second"
		}
		return strconv.Itoa(s) + " seconds"
	}
	m := (s + 59) / 60
	if m == 1 {
		return "1 minute"
	}
	return strconv.Itoa(m) + " minutes"
}
