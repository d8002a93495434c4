package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agora/sqlstore"
)

func TestBenchSeed_Usage(t *testing.T) {
	dir := t.TempDir()
	db, tokens := filepath.Join(dir, "agora.db"), filepath.Join(dir, "tokens")
	args := func(extra ...string) []string {
		a := []string{"bench", "seed", "--db", db, "--accounts", "10", "--statuses", "10", "--follows-avg", "2", "--tokens-out", tokens}
		return append(a, extra...)
	}
	for name, args := range map[string][]string{
		"no db":                {"bench", "seed", "--accounts", "10", "--tokens-out", tokens},
		"memory db":            {"bench", "seed", "--db", ":memory:", "--accounts", "10", "--tokens-out", tokens},
		"no tokens-out":        {"bench", "seed", "--db", db, "--accounts", "10"},
		"no accounts":          args("--accounts", "0"),
		"too many accounts":    args("--accounts", "1000001"),
		"negative statuses":    args("--statuses", "-1"),
		"too many statuses":    args("--statuses", "20000001"),
		"too many follows":     args("--follows-avg", "1001"),
		"follow graph too big": args("--accounts", "100000", "--follows-avg", "201"),
		"bad prefix":           args("--prefix", "bench-x"),
		"long prefix":          args("--prefix", strings.Repeat("b", 29)),
		"bad base URL":         args("--base-url", "ftp://example.org"),
		"zero chunk":           args("--chunk-rows", "0"),
		"argument":             args("extra"),
	} {
		t.Run(name, func(t *testing.T) {
			r := runCmd(t, nil, args...)
			if r.code != 2 || !strings.Contains(r.stderr, "agora bench seed --db PATH") {
				t.Errorf("exit %d, want 2 with the usage\nstderr: %s", r.code, r.stderr)
			}
			for _, f := range []string{db, tokens} {
				if _, err := os.Stat(f); !os.IsNotExist(err) {
					t.Errorf("%s written: %v", filepath.Base(f), err)
				}
			}
		})
	}
	t.Run("tokens file cannot be written", func(t *testing.T) {
		r := runCmd(t, nil, args("--tokens-out", filepath.Join(dir, "missing", "tokens"))...)
		if r.code != 1 || !strings.Contains(r.stderr, "tokens-out") {
			t.Fatalf("exit %d, want 1 naming --tokens-out\nstderr: %s", r.code, r.stderr)
		}
		db, err := sqlstore.Open(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if n, err := db.CountAccounts(t.Context()); err != nil || n != 0 {
			t.Errorf("%d accounts loaded, %v; want none", n, err)
		}
	})
	t.Run("prefix taken", func(t *testing.T) {
		db, tokens := filepath.Join(t.TempDir(), "agora.db"), filepath.Join(t.TempDir(), "tokens")
		seed := []string{"bench", "seed", "--db", db, "--accounts", "2", "--tokens-out", tokens, "--prefix", "taken"}
		mustRun(t, nil, seed...)
		r := runCmd(t, nil, seed...)
		if r.code != 2 || !strings.Contains(r.stderr, "agora: usage: the database has 2 accounts named taken_N already") {
			t.Errorf("seeding the prefix again: exit %d, want 2 naming the accounts\nstderr: %s", r.code, r.stderr)
		}
	})
	if r := runCmd(t, nil, "bench", "seed", "-h"); r.code != 0 || !strings.Contains(r.stderr, "--follows-avg") {
		t.Errorf("bench seed -h: exit %d\nstderr: %s", r.code, r.stderr)
	}
}
