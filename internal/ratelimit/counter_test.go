package ratelimit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"agora/internal/ratelimit"
)

func TestCounter_Take(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 1, 30, 0, time.UTC)
	c := ratelimit.NewCounter(func() time.Time { return now })
	rule := ratelimit.Rule{N: 2, Period: 5 * time.Minute}
	reset := time.Date(2026, 3, 1, 12, 5, 0, 0, time.UTC)
	for i, want := range []ratelimit.Result{
		{OK: true, Limit: 2, Remaining: 1, Reset: reset},
		{OK: true, Limit: 2, Remaining: 0, Reset: reset},
		{OK: false, Limit: 2, Remaining: 0, Reset: reset},
	} {
		if got := c.Take("a", rule); got != want {
			t.Errorf("take %d = %+v, want %+v", i+1, got, want)
		}
	}
	if got := c.Take("b", rule); !got.OK || got.Remaining != 1 {
		t.Errorf("another key = %+v, want its own count", got)
	}
	if !c.Has("a") || c.Has("c") {
		t.Errorf("Has(a), Has(c) = %v, %v; want true, false", c.Has("a"), c.Has("c"))
	}
	now = reset
	if got := c.Take("a", rule); !got.OK || got.Remaining != 1 || !got.Reset.Equal(reset.Add(5*time.Minute)) {
		t.Errorf("next window = %+v, want a fresh count", got)
	}
	if got := c.Take("a", ratelimit.Rule{}); !got.OK || got.Limit != 0 {
		t.Errorf("an off rule = %+v, want OK without a limit", got)
	}
}

func TestParseRule(t *testing.T) {
	if r, err := ratelimit.ParseRule("300/5m"); err != nil || r != (ratelimit.Rule{N: 300, Period: 5 * time.Minute}) {
		t.Errorf("ParseRule(300/5m) = %v, %v", r, err)
	}
	for _, bad := range []string{"", "300", "0/5m", "-1/5m", "3/0s", "3/500ms", "x/5m", "3/x"} {
		if _, err := ratelimit.ParseRule(bad); err == nil {
			t.Errorf("ParseRule(%q) = nil error", bad)
		}
	}
}

// TestGate_Enter: at most slots run, at most queue more wait, the rest are
// refused at once.
func TestGate_Enter(t *testing.T) {
	g := ratelimit.NewGate(1, 1)
	ctx := context.Background()
	done, err := g.Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() {
		d, err := g.Enter(ctx)
		for errors.Is(err, ratelimit.ErrBusy) { // the main goroutine's probe held the queue
			time.Sleep(time.Millisecond)
			d, err = g.Enter(ctx)
		}
		if err == nil {
			d()
		}
		waited <- err
	}()
	// Wait until the second caller is queued: then a third is refused.
	deadline := time.Now().Add(5 * time.Second)
	for {
		short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
		_, err := g.Enter(short)
		cancel()
		if errors.Is(err, ratelimit.ErrBusy) {
			break
		} else if err == nil {
			t.Fatal("a third caller entered while one ran")
		}
		if time.Now().After(deadline) {
			t.Fatal("the queue never filled")
		}
	}
	done()
	if err := <-waited; err != nil {
		t.Errorf("the queued caller: %v, want to enter", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	done, _ = g.Enter(ctx)
	cancel()
	if _, err := g.Enter(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("a caller whose context ended = %v, want context.Canceled", err)
	}
	done()
}
