package console

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sign-in throttling, in this process's memory (each node throttles its own
// sign-ins; a restart forgets):
//
//   - Per address: the first addrFree failures from a client address cost
//     nothing; after them each attempt from that address must wait a delay that
//     doubles with every further failure (1 s, 2 s, 4 s, ... at most addrMaxWait)
//     after the last failure. A success from the address forgets its failures,
//     and so does an hour without one.
//   - Per account: after accountLimit failures on one login (username or email,
//     without case) within accountWindow, from any addresses, that login is
//     refused until accountWindow after the last failure, except from an
//     address that has signed in to it successfully within goodFor. So an
//     attacker guessing from many addresses is slowed per address and stopped
//     per account, and cannot lock the person out: their correct password from
//     an address they have used before still works. A person on a new address
//     during an attack waits accountWindow.
//
// Attempts refused by the throttle do not check the password, and count as no
// further failure.
const (
	addrFree      = 5
	addrMaxWait   = 15 * time.Minute
	addrForget    = time.Hour
	accountLimit  = 10
	accountWindow = 15 * time.Minute
	goodFor       = 30 * 24 * time.Hour
	// pruneAbove is how many entries a map may hold before stale ones are
	// dropped.
	pruneAbove = 10_000
)

type strikes struct {
	n    int
	last time.Time
}

// throttle counts failed sign-ins. It is safe for concurrent use.
type throttle struct {
	mu     sync.Mutex
	now    func() time.Time
	addrs  map[string]*strikes
	logins map[string]*strikes
	good   map[string]time.Time // login + "\x00" + address -> last success
}

func newThrottle(now func() time.Time) *throttle {
	return &throttle{now: now, addrs: map[string]*strikes{}, logins: map[string]*strikes{}, good: map[string]time.Time{}}
}

func loginKey(login string) string { return strings.ToLower(strings.TrimSpace(login)) }

// addrWait is how long after its last failure an address with n failures
// waits.
func addrWait(n int) time.Duration {
	if n < addrFree {
		return 0
	}
	shift := n - addrFree
	if shift > 20 {
		return addrMaxWait
	}
	return min(time.Second<<shift, addrMaxWait)
}

// check returns how long the address must wait before trying the login; 0
// when it may try now.
func (t *throttle) check(addr, login string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	if s := t.addrs[addr]; s != nil {
		if now.Sub(s.last) > addrForget {
			delete(t.addrs, addr)
		} else if until := s.last.Add(addrWait(s.n)); until.After(now) {
			wait = until.Sub(now)
		}
	}
	key := loginKey(login)
	if s := t.logins[key]; s != nil && s.n >= accountLimit {
		until := s.last.Add(accountWindow)
		good, ok := t.good[key+"\x00"+addr]
		known := ok && now.Sub(good) < goodFor
		if until.After(now) && !known {
			wait = max(wait, until.Sub(now))
		}
	}
	return wait
}

// fail counts a failed sign-in.
func (t *throttle) fail(addr, login string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.prune(now)
	bump(t.addrs, addr, now, addrForget)
	bump(t.logins, loginKey(login), now, accountWindow)
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

// succeed forgets the address's failures and remembers it as good for the
// login.
func (t *throttle) succeed(addr, login string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.prune(now)
	delete(t.addrs, addr)
	t.good[loginKey(login)+"\x00"+addr] = now
}

// prune drops stale entries once a map has grown past pruneAbove, so an
// attacker cycling addresses or logins cannot grow them without bound.
func (t *throttle) prune(now time.Time) {
	if len(t.addrs) > pruneAbove {
		for k, s := range t.addrs {
			if now.Sub(s.last) > addrWait(s.n) {
				delete(t.addrs, k)
			}
		}
	}
	if len(t.logins) > pruneAbove {
		for k, s := range t.logins {
			if now.Sub(s.last) > accountWindow {
				delete(t.logins, k)
			}
		}
	}
	if len(t.good) > pruneAbove {
		for k, at := range t.good {
			if now.Sub(at) > goodFor {
				delete(t.good, k)
			}
		}
	}
}

// retryAfter is a Retry-After value: whole seconds, rounded up.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}

// humanWait says a wait as people read it.
func humanWait(d time.Duration) string {
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
