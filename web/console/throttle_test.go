package console

import (
	"testing"
	"time"
)

// TestThrottle_Address: an address's first failures are free, then its waits
// double up to addrMaxWait; a success forgets them.
func TestThrottle_Address(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	th := newThrottle(func() time.Time { return now })
	for range addrFree {
		if w := th.check("192.0.2.1", "lena"); w != 0 {
			t.Fatalf("wait before %d failures = %v, want 0", addrFree, w)
		}
		th.fail("192.0.2.1", "lena")
	}
	if w := th.check("192.0.2.1", "lena"); w != time.Second {
		t.Errorf("wait after %d failures = %v, want 1s", addrFree, w)
	}
	if w := th.check("192.0.2.2", "other"); w != 0 {
		t.Errorf("another address and login wait %v, want 0", w)
	}
	now = now.Add(time.Second)
	th.fail("192.0.2.1", "lena")
	if w := th.check("192.0.2.1", "lena"); w != 2*time.Second {
		t.Errorf("wait after %d failures = %v, want 2s", addrFree+1, w)
	}
	for range 30 {
		th.fail("192.0.2.1", "x")
	}
	if w := th.check("192.0.2.1", "y"); w != addrMaxWait {
		t.Errorf("wait after many failures = %v, want %v", w, addrMaxWait)
	}
	th.succeed("192.0.2.1", "lena")
	if w := th.check("192.0.2.1", "y"); w != 0 {
		t.Errorf("wait after a success = %v, want 0", w)
	}
}

// TestThrottle_Account: failures on one login from many addresses stop new
// addresses for accountWindow, but not an address that signed in to it before.
func TestThrottle_Account(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	th := newThrottle(func() time.Time { return now })
	th.succeed("198.51.100.7", "lena") // lena's usual address
	now = now.Add(time.Hour)
	for i := range accountLimit {
		th.fail("203.0.113."+string(rune('0'+i)), "Lena") // a spray from ten addresses
	}
	if w := th.check("203.0.113.200", "lena"); w != accountWindow {
		t.Errorf("a new address's wait for the attacked login = %v, want %v", w, accountWindow)
	}
	if w := th.check("198.51.100.7", "LENA"); w != 0 {
		t.Errorf("lena's known address waits %v, want 0: an attacker must not lock her out", w)
	}
	if w := th.check("203.0.113.200", "sam"); w != 0 {
		t.Errorf("another login waits %v, want 0", w)
	}
	now = now.Add(accountWindow + time.Second)
	if w := th.check("203.0.113.200", "lena"); w != 0 {
		t.Errorf("wait after the window = %v, want 0", w)
	}
}
