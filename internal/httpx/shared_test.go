package httpx

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// echo answers what it is, its id path value and the request's Pattern.
func echo(what string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, what+" "+r.PathValue("id")+" "+r.Pattern)
	})
}

// mustPanic fails the test unless f panics.
func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

func TestShared_ServeHTTP(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /api/v2/filters/{id}/keywords", echo("keywords of"))
	mux.Handle("GET /api/v2/filters/{id}/statuses", echo("statuses of"))
	sh := NewShared("GET /api/v2/filters/{part}/{id}")
	sh.Add("GET /api/v2/filters/keywords/{id}", echo("keyword"))
	sh.Add("GET /api/v2/filters/statuses/{id}", echo("status"))
	mux.Handle(sh.Pattern(), sh)

	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/api/v2/filters/5/keywords", 200, "keywords of 5 GET /api/v2/filters/{id}/keywords"},
		{"GET", "/api/v2/filters/5/statuses", 200, "statuses of 5 GET /api/v2/filters/{id}/statuses"},
		{"GET", "/api/v2/filters/keywords/7", 200, "keyword 7 GET /api/v2/filters/keywords/{id}"},
		{"GET", "/api/v2/filters/statuses/8", 200, "status 8 GET /api/v2/filters/statuses/{id}"},
		{"HEAD", "/api/v2/filters/statuses/8", 200, ""},
		{"GET", "/api/v2/filters/st%61tuses/9", 200, "status 9 GET /api/v2/filters/statuses/{id}"}, // as the mux unescapes
		// Both match: the more specific route keeps the path, as without Shared.
		{"GET", "/api/v2/filters/keywords/keywords", 200, "keywords of keywords GET /api/v2/filters/{id}/keywords"},
		{"GET", "/api/v2/filters/other/9", 404, `{"error":"Not found."}`},
		{"GET", "/api/v2/filters/5/other", 404, `{"error":"Not found."}`},
		{"POST", "/api/v2/filters/keywords/7", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tt.status, rec.Body)
			}
			if got := strings.TrimSpace(rec.Body.String()); tt.body != "" && got != tt.body {
				t.Errorf("body %q, want %q", got, tt.body)
			}
		})
	}
}

func TestShared_Match(t *testing.T) {
	sh := NewShared("GET /a/{part}/{id}")
	sh.Add("GET /a/b/{id}", echo("b"))
	for path, want := range map[string]string{"/a/b/1": "GET /a/b/{id}", "/a/c/1": "", "/a/b": "", "/a/b/1/2": "", "/a/b%zz/1": ""} {
		_, got, ok := sh.Match(&http.Request{Method: "GET", URL: &url.URL{Path: path}})
		if got != want || ok != (want != "") {
			t.Errorf("Match(%s) = %q, %v; want %q", path, got, ok, want)
		}
	}
}

// TestShared_whyNeeded shows what Shared is for: ServeMux refuses the two
// patterns side by side. Should a Go release accept them, Shared can go.
func TestShared_whyNeeded(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /api/v2/filters/{id}/keywords", echo(""))
	mustPanic(t, "ServeMux with both patterns", func() { mux.Handle("GET /api/v2/filters/keywords/{id}", echo("")) })
}

func TestShared_Add_mistakes(t *testing.T) {
	for _, p := range []string{"/api/{part}/{id}", "GET /api/{rest...}", "GET /api/{$}", "GET api/{id}"} {
		mustPanic(t, "NewShared("+p+")", func() { NewShared(p) })
	}
	sh := NewShared("GET /a/{part}/{id}")
	sh.Add("GET /a/b/{id}", echo(""))
	for _, p := range []string{
		"PUT /a/b/{id}",        // another method
		"GET /a/b/{id}/c",      // another length
		"GET /x/b/{id}",        // the shared pattern's literal segment differs
		"GET /a/{other}/{id}",  // matches what /a/b/{id} matches
		"GET /a/b/{different}", // the same paths again
	} {
		mustPanic(t, "Add("+p+")", func() { sh.Add(p, echo("")) })
	}
}
