package bench

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// statusCoder is an error that carries the HTTP status of the answer it reports:
// *StatusError here, and the legal bench's own error.
type statusCoder interface{ HTTPStatus() int }

// HTTPStatus returns the status code of the answer.
func (e *StatusError) HTTPStatus() int { return e.Code }

// RetryBusy calls f again while it fails with an answer of 429 Too Many Requests
// (the server's password gate hashes only so many passwords at once and refuses
// sign-ups beyond its queue), as a client should: it waits 50 ms, then twice as
// long each time up to 2 s, at most 20 times, and stops early when ctx ends. It
// returns f's last error: nil once f succeeds, and any error that is not a 429
// at once.
func RetryBusy(ctx context.Context, f func() error) error {
	return retryBusy(ctx, f, 50*time.Millisecond)
}

func retryBusy(ctx context.Context, f func() error, wait time.Duration) error {
	for attempt := 0; ; attempt++ {
		err := f()
		var sc statusCoder
		if !errors.As(err, &sc) || sc.HTTPStatus() != http.StatusTooManyRequests || attempt == 20 {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}
