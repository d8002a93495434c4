package console

import (
	"strconv"
	"time"

	"agora/internal/ratelimit"
)

// Sign-in throttling, in this process's memory (each node throttles its own
// sign-ins; a restart forgets), by ratelimit.Throttle with its default rules
// (oauth's CheckPassword applies the same to every sign-in, by account):
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
var rules = ratelimit.DefaultThrottleRules

var (
	addrFree      = rules.AddrFree
	addrMaxWait   = rules.AddrMaxWait
	accountLimit  = rules.AccountLimit
	accountWindow = rules.AccountWindow
)

// throttle counts failed sign-ins by login: ratelimit.Throttle, the one the
// API's sign-ins use too. It is safe for concurrent use.
type throttle struct{ t *ratelimit.Throttle }

func newThrottle(now func() time.Time) *throttle {
	return &throttle{t: ratelimit.NewThrottle(rules, now)}
}

// check returns how long the address must wait before trying the login; 0
// when it may try now.
func (t *throttle) check(addr, login string) time.Duration {
	return t.t.Check(addr, ratelimit.AccountKey(login))
}

// fail counts a failed sign-in.
func (t *throttle) fail(addr, login string) { t.t.Fail(addr, ratelimit.AccountKey(login)) }

// succeed forgets the address's failures and remembers it as good for the
// login.
func (t *throttle) succeed(addr, login string) { t.t.Succeed(addr, ratelimit.AccountKey(login)) }

// retryAfter is a Retry-After value: whole seconds, rounded up.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}

// humanWait says a wait as people read it.
func humanWait(d time.Duration) string { return ratelimit.HumanWait(d) }
