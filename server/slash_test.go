package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"agora/server"
)

// TestHandler_TrailingSlash: a path ending in one slash is routed as the path
// without it, as Rails routes it, and "/" stays the root.
func TestHandler_TrailingSlash(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("root")) })
	mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("instance " + r.URL.RawQuery)) })
	mux.HandleFunc("GET /api/v1/tags/{name}", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("tag " + r.PathValue("name"))) })
	mux.HandleFunc("GET /{account}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("account " + r.PathValue("account")))
	})
	h := server.Handler(mux, discard, ready, server.Options{})
	for _, tc := range []struct {
		target string
		status int
		body   string
	}{
		{"/", 200, "root"},
		{"/api/v1/instance", 200, "instance "},
		{"/api/v1/instance/", 200, "instance "},
		{"/api/v1/instance/?x=1", 200, "instance x=1"},
		{"/api/v1/tags/caf%C3%A9/", 200, "tag café"},
		{"/@alice/", 200, "account @alice"},
		{"/api/v1/instance//", 404, ""}, // only one slash is taken off
	} {
		t.Run(tc.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.target, nil))
			if rec.Code != tc.status || (tc.body != "" && rec.Body.String() != tc.body) {
				t.Errorf("GET %s = %d %q, want %d %q", tc.target, rec.Code, rec.Body.String(), tc.status, tc.body)
			}
		})
	}
}
