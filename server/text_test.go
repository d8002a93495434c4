package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"agora/server"
)

// TestHandler_Text: a path, query string or Idempotency-Key that is not UTF-8
// text without NUL characters is a 400 before any route sees it.
func TestHandler_Text(t *testing.T) {
	reached := 0
	mux := http.NewServeMux()
	mux.HandleFunc("GET /x", func(w http.ResponseWriter, r *http.Request) { reached++ })
	mux.HandleFunc("GET /api/v1/tags/{name}", func(w http.ResponseWriter, r *http.Request) { reached++ })
	h := server.Handler(mux, discard, ready, server.Options{})
	for _, tc := range []struct {
		name, target, key string
		want              int
	}{
		{"text", "/api/v1/tags/caf%C3%A9?q=%C3%A9t%C3%A9&x=1", "key-é", 200},
		{"bad query string escape", "/x?q=%zz", "", 200}, // unparsed pairs are not seen by handlers
		{"NUL in the path", "/api/v1/tags/a%00b", "", 400},
		{"invalid UTF-8 in the path", "/api/v1/tags/a%FFb", "", 400},
		{"NUL in a query value", "/x?q=a%00b", "", 400},
		{"invalid UTF-8 in a query value", "/x?q=%C3", "", 400},
		{"invalid UTF-8 in a query name", "/x?%ED%A0%80=1", "", 400},
		{"invalid UTF-8 in Idempotency-Key", "/x", "a\xffb", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reached = 0
			req := httptest.NewRequest(http.MethodGet, tc.target, nil)
			if tc.key != "" {
				req.Header.Set("Idempotency-Key", tc.key)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Errorf("%s = %d %s, want %d", tc.target, rec.Code, rec.Body, tc.want)
			}
			if tc.want == 400 && (reached != 0 || !strings.Contains(rec.Body.String(), "UTF-8")) {
				t.Errorf("refused request reached the route (%d) or the error %s does not say why", reached, rec.Body)
			}
		})
	}
}
