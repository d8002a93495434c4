package ratelimit_test

import (
	"strconv"
	"testing"
	"time"

	"agora/internal/ratelimit"
)

var rules = ratelimit.DefaultThrottleRules

// TestThrottle_Address: an address's first failures are free, then its waits
// double up to AddrMaxWait; a success forgets them.
func TestThrottle_Address(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	th := ratelimit.NewThrottle(rules, func() time.Time { return now })
	for range rules.AddrFree {
		if w := th.Check("192.0.2.1", "lena"); w != 0 {
			t.Fatalf("wait before %d failures = %v, want 0", rules.AddrFree, w)
		}
		th.Fail("192.0.2.1", "lena")
	}
	if w := th.Check("192.0.2.1", "lena"); w != time.Second {
		t.Errorf("wait after %d failures = %v, want 1s", rules.AddrFree, w)
	}
	if w := th.Check("192.0.2.2", "other"); w != 0 {
		t.Errorf("another address and account wait %v, want 0", w)
	}
	now = now.Add(time.Second)
	th.Fail("192.0.2.1", "lena")
	if w := th.Check("192.0.2.1", "lena"); w != 2*time.Second {
		t.Errorf("wait after %d failures = %v, want 2s", rules.AddrFree+1, w)
	}
	for range 40 {
		th.Fail("192.0.2.1", "x")
	}
	if w := th.Check("192.0.2.1", "y"); w != rules.AddrMaxWait {
		t.Errorf("wait after many failures = %v, want %v", w, rules.AddrMaxWait)
	}
	th.Succeed("192.0.2.1", "lena")
	if w := th.Check("192.0.2.1", "y"); w != 0 {
		t.Errorf("wait after a success = %v, want 0", w)
	}
}

// TestThrottle_Account: failures on one account from many addresses stop new
// addresses for AccountWindow, but not an address that signed in to it
// before.
func TestThrottle_Account(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	th := ratelimit.NewThrottle(rules, func() time.Time { return now })
	th.Succeed("198.51.100.7", "lena")
	now = now.Add(time.Hour)
	for i := range rules.AccountLimit {
		th.Fail("203.0.113."+strconv.Itoa(i), "lena")
	}
	if w := th.Check("203.0.113.200", "lena"); w != rules.AccountWindow {
		t.Errorf("a new address's wait = %v, want %v", w, rules.AccountWindow)
	}
	if w := th.Check("198.51.100.7", "lena"); w != 0 {
		t.Errorf("the known address waits %v, want 0: an attacker must not lock the person out", w)
	}
	now = now.Add(rules.AccountWindow + time.Second)
	if w := th.Check("203.0.113.200", "lena"); w != 0 {
		t.Errorf("wait after the window = %v, want 0", w)
	}
}

func TestHumanWait(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Second: "1 second", 1500 * time.Millisecond: "2 seconds", 59 * time.Second: "59 seconds",
		time.Minute: "1 minute", 61 * time.Second: "2 minutes", 15 * time.Minute: "15 minutes",
	} {
		if got := ratelimit.HumanWait(d); got != want {
			t.Errorf("HumanWait(%v) = %q, want %q", d, got, want)
		}
	}
}
