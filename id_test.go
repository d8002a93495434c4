package agora_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"agora"
)

func TestIDGenerator_New_MonotonicUnderConcurrency(t *testing.T) {
	var g agora.IDGenerator
	const workers, perWorker = 8, 5000
	start := time.Now().UTC().Truncate(time.Millisecond)
	results := make([][]agora.ID, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			ids := make([]agora.ID, perWorker)
			for i := range ids {
				ids[i] = g.New()
			}
			results[w] = ids
		})
	}
	wg.Wait()
	end := time.Now().UTC()

	seen := make(map[agora.ID]bool, workers*perWorker)
	for w, ids := range results {
		for i, id := range ids {
			if i > 0 && id <= ids[i-1] {
				t.Fatalf("worker %d: ID %d after %d; IDs must increase", w, id, ids[i-1])
			}
			if seen[id] {
				t.Fatalf("ID %d made twice", id)
			}
			seen[id] = true
		}
	}
	// Every ID carries the millisecond it was made in (the generator may borrow from
	// the next millisecond when one fills up, never more than a few here).
	for _, ids := range results {
		for _, id := range []agora.ID{ids[0], ids[len(ids)-1]} {
			if tm := id.Time(); tm.Before(start) || tm.After(end.Add(time.Second)) {
				t.Errorf("ID %d has time %v, outside [%v, %v]", id, tm, start, end)
			}
		}
	}
}

func TestIDGenerator_New_TimeSortable(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	now := t0
	g := agora.IDGenerator{Now: func() time.Time { return now }}

	a := g.New()
	now = now.Add(time.Millisecond)
	b := g.New()
	if a >= b {
		t.Errorf("ID a millisecond later %d <= earlier %d", b, a)
	}
	if a.Time() != t0 || b.Time() != t0.Add(time.Millisecond) {
		t.Errorf("times = %v, %v; want %v, %v", a.Time(), b.Time(), t0, t0.Add(time.Millisecond))
	}
	// IDs of another generator (another process) made later sort after both.
	other := agora.IDGenerator{Now: func() time.Time { return t0.Add(2 * time.Millisecond) }}
	if c := other.New(); c <= b {
		t.Errorf("ID of another generator 1ms later %d <= %d", c, b)
	}
	if id := agora.IDAt(t0); id > a || id.Time() != t0 {
		t.Errorf("IDAt(t0) = %d (time %v), want <= %d with time %v", id, id.Time(), a, t0)
	}
}

func TestIDGenerator_New_ClockGoesBack(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	g := agora.IDGenerator{Now: func() time.Time { return now }}
	a := g.New()
	now = now.Add(-time.Hour)
	if b := g.New(); b <= a {
		t.Errorf("after the clock went back: %d <= %d", b, a)
	}
}

func TestIDGenerator_New_FullMillisecond(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	g := agora.IDGenerator{Now: func() time.Time { return now }}
	const n = 1 << 16 // more than one millisecond holds
	ids := make([]agora.ID, n)
	for i := range ids {
		ids[i] = g.New()
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != n {
		t.Fatal("IDs of one millisecond are not strictly increasing")
	}
	// The random start is below 0x8000, so the first 32,768 fit the millisecond.
	if got := ids[1<<15-1].Time(); got != now {
		t.Errorf("ID #32768 has time %v, want %v", got, now)
	}
}

func TestID_String(t *testing.T) {
	for _, id := range []agora.ID{1, 117703411023685581, 1<<63 - 1} {
		got, err := agora.ParseID(id.String())
		if err != nil || got != id {
			t.Errorf("ParseID(%q) = %d, %v; want %d", id.String(), got, err, id)
		}
	}
}

func TestParseID_Errors(t *testing.T) {
	for _, s := range []string{
		"", "0", "-1", "abc", "1.5", "1e6", " 1", "1 ", "0x10",
		"9223372036854775808", // one past the largest int64
		"١٢٣",                 // Arabic-Indic digits
		strings.Repeat("9", 100),
	} {
		t.Run(s, func(t *testing.T) {
			id, err := agora.ParseID(s)
			if err == nil {
				t.Fatalf("ParseID(%q) = %d, want an error", s, id)
			}
			var e *agora.Error
			if !errors.As(err, &e) || e.Code != agora.EINVALID {
				t.Fatalf("ParseID(%q) error = %v, want EINVALID", s, err)
			}
			if id != 0 {
				t.Errorf("ParseID(%q) = %d with the error, want 0", s, id)
			}
			if len(e.Message) > 80 {
				t.Errorf("message %q is not truncated", e.Message)
			}
		})
	}
}
