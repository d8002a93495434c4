package bench

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRunLoad runs the load loops against a local handler that fails every
// fourth request.
func TestRunLoad(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		if n.Add(1)%4 == 0 {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fx := fixture{accts: []Account{{ID: "1", Username: "a", Token: "tok"}}, statuses: []string{"9"}, tags: []string{"x"}}

	t.Run("closed loop", func(t *testing.T) {
		tl, elapsed, err := runLoad(context.Background(), c, (*worker).home, Load{Duration: 100 * time.Millisecond, Connections: 2}, fx)
		if err != nil {
			t.Fatal(err)
		}
		r := newResult(Home, c.Target(), Load{Connections: 2}, tl, elapsed)
		if r.Requests < 10 || r.Errors < r.Requests/4-2 || r.Errors > r.Requests/4+2 {
			t.Errorf("requests %d, errors %d: want many, a quarter failed", r.Requests, r.Errors)
		}
		if !strings.Contains(r.FirstError, "HTTP 500") {
			t.Errorf("first error %q, want the 500", r.FirstError)
		}
		if !(r.P50Ms <= r.P90Ms && r.P90Ms <= r.P99Ms && r.P99Ms <= r.MaxMs && r.MaxMs > 0) {
			t.Errorf("percentiles out of order: %+v", r)
		}
		if r.RPS <= 0 || r.DurationS < 0.1 {
			t.Errorf("rps %v over %vs", r.RPS, r.DurationS)
		}
	})
	t.Run("open loop", func(t *testing.T) {
		// 200/s for 250 ms is 50 requests, due every 5 ms over 2 connections,
		// after one uncounted request per connection that opens it.
		before := n.Load()
		tl, _, err := runLoad(context.Background(), c, (*worker).status, Load{Duration: 250 * time.Millisecond, Connections: 2, Rate: 200}, fx)
		if err != nil {
			t.Fatal(err)
		}
		if tl.requests != 50 {
			t.Errorf("requests = %d, want 50", tl.requests)
		}
		if sent := n.Load() - before; sent != 52 {
			t.Errorf("the server saw %d requests, want 50 and one per connection to open it", sent)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, _, err := runLoad(ctx, c, (*worker).home, Load{Duration: time.Second, Connections: 2}, fx); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

func TestRunCeiling(t *testing.T) {
	r, err := RunCeiling(context.Background(), Load{Duration: 100 * time.Millisecond, Connections: 2})
	if err != nil {
		t.Fatal(err)
	}
	if r.Scenario != Ceiling || r.Requests == 0 || r.Errors != 0 || r.RPS <= 0 || r.RSSBytes != nil {
		t.Errorf("ceiling result %+v", r)
	}
}

func TestForEach(t *testing.T) {
	var calls atomic.Int64
	boom := errors.New("boom")
	err := forEach(context.Background(), 1000, 4, func(ctx context.Context, i int) error {
		calls.Add(1)
		if i == 10 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || calls.Load() >= 1000 {
		t.Errorf("forEach = %v after %d calls, want boom and the rest skipped", err, calls.Load())
	}
	seen := make([]bool, 100)
	if err := forEach(context.Background(), 100, 8, func(_ context.Context, i int) error { seen[i] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	for i, ok := range seen {
		if !ok {
			t.Fatalf("forEach skipped %d", i)
		}
	}
}
