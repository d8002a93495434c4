package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchLegal_Usage(t *testing.T) {
	for _, args := range [][]string{
		{"--token", "x", "--setup"},
		{"--target", "http://127.0.0.1:1", "--setup"},
		{"--target", "http://127.0.0.1:1", "--token", "x"},
		{"--target", "http://127.0.0.1:1", "--token", "x", "--setup", "--names", "f"},
		{"--target", "ftp://example.org", "--token", "x", "--setup"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"bench", "legal"}, args...), func(string) string { return "" }, &stdout, &stderr)
		if code != 2 {
			t.Errorf("agora bench legal %s: exit %d, want 2; stderr %q", strings.Join(args, " "), code, stderr.String())
		}
	}
	// A names file that names too few accounts is found before any request.
	names := filepath.Join(t.TempDir(), "names.txt")
	if err := os.WriteFile(names, []byte("one\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bench", "legal", "--target", "http://127.0.0.1:1", "--token", "x", "--targets", "5", "--names", names},
		func(string) string { return "" }, &stdout, &stderr)
	if want := "agora: usage: " + names + " names 1 accounts, fewer than --targets 5"; code != 2 || !strings.Contains(stderr.String(), want) {
		t.Errorf("a short names file: exit %d, stderr %q; want 2 and %q", code, stderr.String(), want)
	}
}
