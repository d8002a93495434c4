package legal

import (
	"io"
	"log/slog"
	"testing"

	"agora"
)

// TestNew_SharedIDs: a desk given the process's ID generator makes its IDs with
// it. Before, the desk, the service and the OAuth server each had their own,
// and the desk's notifications could take the ID of one the service made in the
// same millisecond: the crash test saw a favourite answered 200 and not stored,
// its notification's insert refused as a duplicate and read as a favourite
// made before.
func TestNew_SharedIDs(t *testing.T) {
	shared := &agora.IDGenerator{}
	cfg := DefaultConfig()
	cfg.IDs = shared
	d := New(cfg, nil, nil, nil, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if d.desk.ids != shared {
		t.Fatal("the desk makes IDs with a generator of its own, not the one given")
	}
	a, b := d.desk.ids.New(), shared.New()
	if b <= a {
		t.Errorf("IDs %d then %d from the shared generator: not increasing", a, b)
	}
	if own := New(DefaultConfig(), nil, nil, nil, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil))); own.desk.ids == nil {
		t.Error("a desk given no generator has none")
	}
}
