package service

import (
	"testing"
	"time"

	"agora"
	"agora/internal/ratelimit"
)

// TestTakeUpload: an upload holds one of the processing slots while its image
// is processed; with every slot taken the next is refused at once (ETOOMANY
// with a Retry-After), not queued, and a slot given back serves the next.
// Each account's uploads are counted under the upload rule.
func TestTakeUpload(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := &core{processing: make(chan struct{}, 2), uploads: ratelimit.NewCounter(func() time.Time { return now }),
		now: func() time.Time { return now }}
	release1, err := c.takeUpload(1)
	if err != nil {
		t.Fatal(err)
	}
	release2, err := c.takeUpload(2)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.takeUpload(3)
	var ae *agora.Error
	if agora.ErrorCode(err) != agora.ETOOMANY || !asError(err, &ae) || ae.RetryAfter <= 0 {
		t.Fatalf("an upload with every slot taken: %v, want ETOOMANY with a Retry-After", err)
	}
	release1()
	release3, err := c.takeUpload(3)
	if err != nil {
		t.Fatalf("an upload after a slot was given back: %v", err)
	}
	release2()
	release3()

	c.uploadRule = ratelimit.Rule{N: 2, Period: 30 * time.Minute}
	for i := range 2 {
		release, err := c.takeUpload(7)
		if err != nil {
			t.Fatalf("upload %d of account 7: %v", i+1, err)
		}
		release()
	}
	_, err = c.takeUpload(7)
	if agora.ErrorCode(err) != agora.ETOOMANY || !asError(err, &ae) || ae.RetryAfter <= 0 || ae.RetryAfter > 30*time.Minute {
		t.Fatalf("the third upload of account 7 in 30 minutes: %v, want ETOOMANY with a Retry-After", err)
	}
	if release, err := c.takeUpload(8); err != nil {
		t.Errorf("another account's upload: %v", err)
	} else {
		release()
	}
	now = now.Add(30 * time.Minute)
	if release, err := c.takeUpload(7); err != nil {
		t.Errorf("account 7 after the window: %v", err)
	} else {
		release()
	}
}

func asError(err error, target **agora.Error) bool {
	e, ok := err.(*agora.Error)
	*target = e
	return ok
}
