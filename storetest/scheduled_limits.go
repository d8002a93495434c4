package storetest

import (
	"sync"
	"testing"
	"time"

	"agora"
)

// newScheduled returns a scheduled status of the account at at, not stored.
func newScheduled(a *agora.Account, at time.Time, key string) *agora.ScheduledStatus {
	id := ids.New()
	return &agora.ScheduledStatus{ID: id, AccountID: a.ID, ScheduledAt: at, CreatedAt: id.Time(),
		Params: agora.ScheduledParams{Text: "later", IdempotencyKey: key}}
}

// testScheduledLimits: the total and daily limits refuse what would pass
// them, writing nothing; a move into a full day is refused, a move within
// its own day is not.
func testScheduledLimits(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	limits := agora.ScheduleLimits{Total: 3, Daily: 2}
	day := time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	first := newScheduled(alice, day.Add(time.Hour), "")
	mustOK(t, s.CreateScheduledStatus(ctx, first, limits), "first")
	mustOK(t, s.CreateScheduledStatus(ctx, newScheduled(alice, day.Add(2*time.Hour), ""), limits), "second")
	wantCode(t, s.CreateScheduledStatus(ctx, newScheduled(alice, day.Add(23*time.Hour), ""), limits), agora.EUNPROCESSABLE)
	other := newScheduled(alice, day.Add(25*time.Hour), "")
	mustOK(t, s.CreateScheduledStatus(ctx, other, limits), "on the next day")
	wantCode(t, s.CreateScheduledStatus(ctx, newScheduled(alice, day.AddDate(0, 0, 5), ""), limits), agora.EUNPROCESSABLE)
	if list, err := s.ScheduledStatuses(ctx, alice.ID, agora.Page{}); err != nil || len(list) != 3 {
		t.Errorf("scheduled after the refusals: %d, %v; want 3", len(list), err)
	}

	wantCode(t, s.RescheduleStatus(ctx, alice.ID, other.ID, day.Add(3*time.Hour), limits), agora.EUNPROCESSABLE)
	mustOK(t, s.RescheduleStatus(ctx, alice.ID, first.ID, day.Add(4*time.Hour), limits), "a move within its day")
	if got, err := s.ScheduledStatus(ctx, alice.ID, other.ID); err != nil || !got.ScheduledAt.Equal(day.Add(25*time.Hour)) {
		t.Errorf("the refused move changed the time: %v, %v", got, err)
	}
}

// testScheduledLimitsAtOnce: requests made at once cannot pass the limit
// together.
func testScheduledLimitsAtOnce(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	limits := agora.ScheduleLimits{Total: 100, Daily: 3}
	at := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, refused := 0, 0
	for i := range 8 {
		sc := newScheduled(alice, at.Add(time.Duration(i)*time.Minute), "")
		wg.Go(func() {
			err := s.CreateScheduledStatus(ctx, sc, limits)
			mu.Lock()
			defer mu.Unlock()
			switch agora.ErrorCode(err) {
			case "":
				ok++
			case agora.EUNPROCESSABLE:
				refused++
			default:
				t.Errorf("CreateScheduledStatus: %v", err)
			}
		})
	}
	wg.Wait()
	if ok != 3 || refused != 5 {
		t.Errorf("8 at once under a daily limit of 3: %d stored, %d refused; want 3 and 5", ok, refused)
	}
}

// testScheduledKey: a second scheduled status with one account's key is
// refused (ECONFLICT) and the first found by it; another account's key is its own.
func testScheduledKey(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	at := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	first := newScheduled(alice, at, "k1")
	mustOK(t, s.CreateScheduledStatus(ctx, first, agora.DefaultScheduleLimits), "first")
	wantCode(t, s.CreateScheduledStatus(ctx, newScheduled(alice, at.Add(time.Hour), "k1"), agora.DefaultScheduleLimits), agora.ECONFLICT)
	got, err := s.ScheduledStatusByKey(ctx, alice.ID, "k1")
	if err != nil || got.ID != first.ID {
		t.Errorf("ScheduledStatusByKey = %v, %v; want the first", got, err)
	}
	mustOK(t, s.CreateScheduledStatus(ctx, newScheduled(bob, at, "k1"), agora.DefaultScheduleLimits), "bob's with the same key")
	for _, key := range []string{"", "k2"} {
		if _, err := s.ScheduledStatusByKey(ctx, alice.ID, key); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("ScheduledStatusByKey(%q): %v, want ENOTFOUND", key, err)
		}
	}
}
