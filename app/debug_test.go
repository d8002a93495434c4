package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"agora/agoratest"
	"agora/app"
)

// TestDebugAddr: with debug_addr set, Go's profiler answers on that listener and
// only there; without it, there is no profiler at all.
func TestDebugAddr(t *testing.T) {
	get := func(t *testing.T, url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	t.Run("set", func(t *testing.T) {
		s := agoratest.MustRunServer(t, agoratest.SQLite, func(c *app.Config) { c.DebugAddr = "127.0.0.1:0" })
		if s.DebugURL == "" || s.DebugURL == s.URL {
			t.Fatalf("DebugURL = %q (public URL %q), want its own listener", s.DebugURL, s.URL)
		}
		code, body := get(t, s.DebugURL+"/debug/pprof/")
		if code != http.StatusOK || !strings.Contains(body, "goroutine") {
			t.Errorf("profiler index: %d %.100q, want 200 listing profiles", code, body)
		}
		if code, _ := get(t, s.DebugURL+"/debug/pprof/heap?debug=1"); code != http.StatusOK {
			t.Errorf("heap profile: %d, want 200", code)
		}
		if code, _ := get(t, s.URL+"/debug/pprof/"); code != http.StatusNotFound {
			t.Errorf("public listener /debug/pprof/: %d, want 404", code)
		}
	})
	t.Run("unset", func(t *testing.T) {
		s := agoratest.MustRunServer(t, agoratest.SQLite)
		if s.DebugURL != "" {
			t.Errorf("DebugURL = %q without debug_addr", s.DebugURL)
		}
		if code, _ := get(t, s.URL+"/debug/pprof/"); code != http.StatusNotFound {
			t.Errorf("public listener /debug/pprof/: %d, want 404", code)
		}
	})
}
