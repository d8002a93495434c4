package bench

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestRetryBusy(t *testing.T) {
	busy := &StatusError{Method: "POST", Path: "/api/v1/accounts", Code: http.StatusTooManyRequests}
	t.Run("busy then done", func(t *testing.T) {
		calls := 0
		err := retryBusy(context.Background(), func() error {
			calls++
			if calls < 3 {
				return busy
			}
			return nil
		}, time.Millisecond)
		if err != nil || calls != 3 {
			t.Fatalf("err %v after %d calls, want nil after 3", err, calls)
		}
	})
	t.Run("other errors at once", func(t *testing.T) {
		calls := 0
		forbidden := &StatusError{Code: http.StatusForbidden}
		err := retryBusy(context.Background(), func() error { calls++; return forbidden }, time.Millisecond)
		if !errors.Is(err, forbidden) || calls != 1 {
			t.Fatalf("err %v after %d calls, want the 403 after 1", err, calls)
		}
	})
	t.Run("gives up", func(t *testing.T) {
		calls := 0
		err := retryBusy(context.Background(), func() error { calls++; return busy }, time.Microsecond)
		if !errors.Is(err, busy) || calls != 21 {
			t.Fatalf("err %v after %d calls, want the 429 after 21", err, calls)
		}
	})
	t.Run("context ends", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		err := retryBusy(ctx, func() error { calls++; cancel(); return busy }, time.Hour)
		if !errors.Is(err, busy) || calls != 1 {
			t.Fatalf("err %v after %d calls, want the 429 after 1", err, calls)
		}
	})
}
