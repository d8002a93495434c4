package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"agora"
)

var scheduledTests = []test{
	{"ScheduledStatuses", testScheduledStatuses},
	{"ScheduledStatuses/Claim", testClaimDueStatuses},
	{"ScheduledStatuses/ClaimOnce", testClaimDueStatusesOnce},
	{"ScheduledStatuses/Limits", testScheduledLimits},
	{"ScheduledStatuses/LimitsAtOnce", testScheduledLimitsAtOnce},
	{"ScheduledStatuses/Key", testScheduledKey},
	{"UpdateProfile/Fields", testProfileFields},
}

// schedule stores a scheduled status of the account at at.
func (f *fixture) schedule(a *agora.Account, text string, at time.Time) *agora.ScheduledStatus {
	f.t.Helper()
	id := ids.New()
	sc := &agora.ScheduledStatus{ID: id, AccountID: a.ID, ScheduledAt: at, CreatedAt: id.Time(),
		Params: agora.ScheduledParams{Text: text, Visibility: "unlisted", InReplyToID: 42, Language: "en", Sensitive: true}}
	if err := f.s.CreateScheduledStatus(f.ctx, sc, agora.DefaultScheduleLimits); err != nil {
		f.t.Fatalf("CreateScheduledStatus: %v", err)
	}
	return sc
}

func testScheduledStatuses(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	day := time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	a1 := f.schedule(alice, "one", day.Add(time.Hour))
	a2 := f.schedule(alice, "two", day.Add(25*time.Hour))
	a3 := f.schedule(alice, "three", day.Add(23*time.Hour))
	f.schedule(bob, "bob's", day.Add(time.Hour))
	// A poll is kept with the rest of the params, and stays when the status is
	// moved (PUT changes only the time).
	withPoll := f.schedule(bob, "bob's poll", day.Add(2*time.Hour))
	withPoll.Params.Poll = &agora.ScheduledPoll{Options: []string{"tea", "coffee"}, ExpiresIn: 600, HideTotals: true}
	withPoll.ID = ids.New()
	if err := s.CreateScheduledStatus(ctx, withPoll, agora.DefaultScheduleLimits); err != nil {
		t.Fatal(err)
	}
	if err := s.RescheduleStatus(ctx, bob.ID, withPoll.ID, day.Add(3*time.Hour), agora.DefaultScheduleLimits); err != nil {
		t.Fatal(err)
	}
	withPoll.ScheduledAt = day.Add(3 * time.Hour)
	if got, err := s.ScheduledStatus(ctx, bob.ID, withPoll.ID); err != nil {
		t.Fatal(err)
	} else if diff := cmp.Diff(withPoll, got); diff != "" {
		t.Errorf("scheduled status with a poll (-stored +read):\n%s", diff)
	}

	got, err := s.ScheduledStatus(ctx, alice.ID, a1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a1, got); diff != "" {
		t.Errorf("ScheduledStatus (-stored +read):\n%s", diff)
	}
	if _, err := s.ScheduledStatus(ctx, bob.ID, a1.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("another account's scheduled status: %v, want ENOTFOUND", err)
	}
	list, err := s.ScheduledStatuses(ctx, alice.ID, agora.Page{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a3.ID || list[1].ID != a2.ID {
		t.Errorf("first page = %v, want three, two", list)
	}
	if list, _ = s.ScheduledStatuses(ctx, alice.ID, agora.Page{MaxID: a2.ID}); len(list) != 1 || list[0].ID != a1.ID {
		t.Errorf("next page = %v, want one", list)
	}
	later := day.AddDate(0, 1, 0)
	if err := s.RescheduleStatus(ctx, alice.ID, a1.ID, later, agora.DefaultScheduleLimits); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ScheduledStatus(ctx, alice.ID, a1.ID); !got.ScheduledAt.Equal(later) {
		t.Errorf("rescheduled at %v, want %v", got.ScheduledAt, later)
	}
	if err := s.RescheduleStatus(ctx, bob.ID, a1.ID, day, agora.DefaultScheduleLimits); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("rescheduling another's: %v, want ENOTFOUND", err)
	}
	if err := s.DeleteScheduledStatus(ctx, bob.ID, a1.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("deleting another's: %v, want ENOTFOUND", err)
	}
	if err := s.DeleteScheduledStatus(ctx, alice.ID, a1.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteScheduledStatus(ctx, alice.ID, a1.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("deleting twice: %v, want ENOTFOUND", err)
	}
}

// testClaimDueStatuses: only due rows are claimed, earliest first; a claimed
// row is not claimed again while the claim holds, and is once it lapses.
func testClaimDueStatuses(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	now := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	late := f.schedule(alice, "late", now.Add(-time.Minute))
	early := f.schedule(alice, "early", now.Add(-time.Hour))
	future := f.schedule(alice, "future", now.Add(time.Second))

	got, err := s.ClaimDueStatuses(ctx, now, now.Add(time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != early.ID || got[1].ID != late.ID {
		t.Fatalf("claimed %v, want early, late", got)
	}
	if again, _ := s.ClaimDueStatuses(ctx, now.Add(30*time.Second), now.Add(2*time.Minute), 10); len(again) != 1 || again[0].ID != future.ID {
		t.Errorf("30 s later claimed %v, want only the one due since (the others are held)", again)
	}
	lapsed, err := s.ClaimDueStatuses(ctx, now.Add(90*time.Second), now.Add(3*time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(lapsed) != 2 || lapsed[0].ID != early.ID || lapsed[1].ID != late.ID {
		t.Errorf("after their claim lapsed claimed %v, want early and late again", lapsed)
	}
}

// testClaimDueStatusesOnce: callers racing for the same due rows (servers on
// one database) get each row once between them.
func testClaimDueStatusesOnce(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	now := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	const rows, callers = 20, 4
	for i := 0; i < rows; i++ {
		f.schedule(alice, "due", now.Add(-time.Duration(i+1)*time.Second))
	}
	var mu sync.Mutex
	seen := map[agora.ID]int{}
	var wg sync.WaitGroup
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := s.ClaimDueStatuses(t.Context(), now, now.Add(time.Minute), rows)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, sc := range got {
				seen[sc.ID]++
			}
		}()
	}
	wg.Wait()
	if len(seen) != rows {
		t.Errorf("%d rows claimed, want %d", len(seen), rows)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("row %v claimed %d times", id, n)
		}
	}
}

// testProfileFields: the metadata fields are stored and read back as given.
func testProfileFields(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	if got, _ := s.Account(ctx, alice.ID); got.Fields == nil || len(got.Fields) != 0 {
		t.Errorf("new account's fields = %#v, want empty", got.Fields)
	}
	alice.Fields = []agora.ProfileField{{Name: "Site", Value: "https://example.org"}, {Name: "Ünïcode \"q\"", Value: "<b>x</b>"}}
	if err := s.UpdateProfile(ctx, alice); err != nil {
		t.Fatal(err)
	}
	got, err := s.Account(ctx, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(alice.Fields, got.Fields); diff != "" {
		t.Errorf("fields (-stored +read):\n%s", diff)
	}
}
