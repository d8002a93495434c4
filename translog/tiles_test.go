package translog

import (
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

func TestTilePath(t *testing.T) {
	for _, tc := range []struct {
		tile tlog.Tile
		path string
	}{
		{tlog.Tile{H: 8, L: 0, N: 0, W: 256}, "tile/0/000"},
		{tlog.Tile{H: 8, L: 0, N: 0, W: 1}, "tile/0/000.p/1"},
		{tlog.Tile{H: 8, L: 2, N: 1234067, W: 256}, "tile/2/x001/x234/067"},
		{tlog.Tile{H: 8, L: 1, N: 1000, W: 8}, "tile/1/x001/000.p/8"},
		{tlog.Tile{H: 8, L: -1, N: 1234067, W: 8}, "tile/entries/x001/x234/067.p/8"},
		{tlog.Tile{H: 8, L: -1, N: 5, W: 256}, "tile/entries/005"},
	} {
		if got := TilePath(tc.tile); got != tc.path {
			t.Errorf("TilePath(%+v) = %q, want %q", tc.tile, got, tc.path)
		}
		got, err := ParseTilePath(tc.path)
		if err != nil || got != tc.tile {
			t.Errorf("ParseTilePath(%q) = %+v, %v; want %+v", tc.path, got, err, tc.tile)
		}
	}
	for _, bad := range []string{"", "tile/0", "tile/0/1", "tile/0/0001", "tile/0/x000/001", "tile/0/001.p/0",
		"tile/0/001.p/256", "tile/0/001.p/07", "tile/-1/000", "tile/64/000", "tile/8/0/000", "tile/data/000",
		"tile/entries/001/002", "tile/00/000", "tile/0/00a", "checkpoint"} {
		if got, err := ParseTilePath(bad); err == nil {
			t.Errorf("ParseTilePath(%q) = %+v, want an error", bad, got)
		}
	}
}

func TestEntryBundle(t *testing.T) {
	entries := [][]byte{[]byte("a"), make([]byte, 300), {}, []byte(`{"x":1}`)}
	got, err := ParseEntryBundle(entryBundle(entries))
	if err != nil || len(got) != len(entries) {
		t.Fatalf("ParseEntryBundle: %d entries, %v", len(got), err)
	}
	for i := range entries {
		if string(got[i]) != string(entries[i]) {
			t.Errorf("entry %d = %q", i, got[i])
		}
	}
	if _, err := ParseEntryBundle([]byte{0, 5, 'a'}); err == nil {
		t.Error("a truncated bundle parsed")
	}
}

func TestParseCheckpoint(t *testing.T) {
	c := Checkpoint{Origin: "agora.example/transparency/log", Size: 1234, Hash: tlog.RecordHash([]byte("x"))}
	got, err := ParseCheckpoint(c.Text() + "extension line\n")
	if err != nil || got != c {
		t.Errorf("ParseCheckpoint(Text()) = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "o\n1\n", "o\n01\nAAAA\n", "o\n-1\n" + c.Text()[len(c.Origin)+6:], "\n1\n" + c.Text()[len(c.Origin)+6:], "o\n1\nAAAA\n"} {
		if _, err := ParseCheckpoint(bad); err == nil {
			t.Errorf("ParseCheckpoint(%q) succeeded", bad)
		}
	}
}

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://social.example":       "social.example/transparency/log",
		"https://social.example/":      "social.example/transparency/log",
		"http://127.0.0.1:8080/agora/": "127.0.0.1:8080/agora/transparency/log",
		"not a url":                    "agora/transparency/log",
	} {
		if got := Origin(in); got != want {
			t.Errorf("Origin(%q) = %q, want %q", in, got, want)
		}
	}
}
