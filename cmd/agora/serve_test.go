package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listeningRE = regexp.MustCompile(`listening on (http://127\.0\.0\.1:[1-9][0-9]*) `)

// TestServe_Defaults runs `agora serve --addr 127.0.0.1:0` with nothing else set, in
// an empty working directory: it must create ./agora.db there, print its URL, answer
// /healthz and /readyz, and stop with exit code 0 when its context is cancelled.
func TestServe_Defaults(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		code := run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, env(nil), pw, &stderr)
		pw.Close()
		exit <- code
	}()

	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var first string
	select {
	case l, ok := <-lines:
		if !ok {
			t.Fatalf("serve printed nothing and exited %d; stderr:\n%s", <-exit, stderr.String())
		}
		first = l
	case <-time.After(20 * time.Second):
		t.Fatalf("serve printed no line within 20s; stderr:\n%s", stderr.String())
	}
	go func() {
		for range lines { // keep the pipe drained
		}
	}()
	m := listeningRE.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("first line %q does not give the URL", first)
	}
	url := m[1]
	if !strings.Contains(first, "sqlite") {
		t.Errorf("first line %q does not name the database", first)
	}

	if _, err := os.Stat("agora.db"); err != nil {
		t.Errorf("./agora.db in the working directory: %v", err)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", path, resp.StatusCode)
		}
	}

	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit = %d after cancel, want 0; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15s of its context being cancelled")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("the server still answers after serve returned")
	}
}

func TestServe_Errors(t *testing.T) {
	t.Run("AddressInUse", func(t *testing.T) {
		srv := runServeOnce(t, "--addr", "127.0.0.1:0", "--db", tempDB(t))
		r := runCmd(t, nil, "serve", "--addr", strings.TrimPrefix(srv, "http://"), "--db", tempDB(t))
		if r.code != 1 {
			t.Errorf("exit = %d, want 1", r.code)
		}
		if !strings.Contains(r.stderr, "listen on") {
			t.Errorf("stderr = %q, want it to say listening failed", r.stderr)
		}
	})
	t.Run("BadAddress", func(t *testing.T) {
		r := runCmd(t, nil, "serve", "--addr", "nowhere", "--db", tempDB(t))
		if r.code != 2 || !strings.Contains(r.stderr, "addr") {
			t.Errorf("exit = %d, stderr = %q; want 2 naming addr", r.code, r.stderr)
		}
	})
}

// runServeOnce starts serve with args until the test ends and returns its URL.
func runServeOnce(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), env(nil), &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d; stderr:\n%s", code, stderr.String())
		}
	})
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := listeningRE.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d; stderr:\n%s", code, stderr.String())
		default:
		}
	}
	t.Fatalf("serve printed no URL; stderr:\n%s", stderr.String())
	return ""
}
