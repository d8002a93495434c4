package server_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"agora/geoip"
	"agora/server"
)

// parseMetrics parses the Prometheus text format in body into a map from series
// as written (name{labels}) to value.
func parseMetrics(tb testing.TB, body string) map[string]float64 {
	tb.Helper()
	m := make(map[string]float64)
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			tb.Fatalf("bad metrics line %q", line)
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			tb.Fatalf("bad metrics line %q: %v", line, err)
		}
		m[line[:i]] = v
	}
	return m
}

// mustMetrics returns new Metrics in a registry of their own.
func mustMetrics(tb testing.TB) *server.Metrics {
	tb.Helper()
	m, err := server.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func TestHandler_Metrics(t *testing.T) {
	proxies, err := geoip.ParsePrefixes("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("POST /items", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) })
	mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	metrics := mustMetrics(t)
	h := server.Handler(mux, discard, ready, server.Options{
		Country: mustResolver(t, geoip.Config{CountryHeader: "CF-IPCountry", TrustedProxies: proxies}),
		Metrics: metrics,
	})
	do := func(method, path, remote string, hdr ...string) int {
		req := httptest.NewRequest(method, path, nil)
		req.RemoteAddr = remote
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := range 3 {
		do("GET", "/items/"+strconv.Itoa(i), "10.0.0.1:1", "CF-IPCountry", "IN")
	}
	do("POST", "/items", "192.0.2.1:1", "CF-IPCountry", "IN") // untrusted: none
	if code := do("GET", "/boom", "10.0.0.1:1"); code != http.StatusInternalServerError {
		t.Errorf("GET /boom = %d, want 500", code)
	}
	do("GET", "/nope", "10.0.0.1:1")
	do("BREW", "/items/1", "10.0.0.1:1")
	do("GET", "/items//1", "10.0.0.1:1") // the mux redirects to the cleaned path, under the pattern

	if code := do("GET", "/metrics", "10.0.0.1:1"); code != http.StatusNotFound {
		t.Errorf("GET /metrics on the public handler = %d, want 404", code)
	}
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	rec := httptest.NewRecorder()
	metrics.Handler(discard).ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q", ct)
	}
	body := rec.Body.String()
	got := parseMetrics(t, body)
	want := map[string]float64{
		`agora_viewer_country_total{source="header"}`:                               3,
		`agora_viewer_country_total{source="geoip"}`:                                0,
		`agora_viewer_country_total{source="none"}`:                                 6, // with the public /metrics
		`agora_http_requests_total{code="200",method="GET"}`:                        3,
		`agora_http_requests_total{code="201",method="POST"}`:                       1,
		`agora_http_requests_total{code="500",method="GET"}`:                        1,
		`agora_http_requests_total{code="404",method="GET"}`:                        2, // with the public /metrics
		`agora_http_requests_total{code="404",method="OTHER"}`:                      1,
		`agora_http_requests_total{code="307",method="GET"}`:                        1,
		`agora_http_request_duration_seconds_count{route="GET /items/{id}"}`:        4, // with the redirect
		`agora_http_request_duration_seconds_count{route="POST /items"}`:            1,
		`agora_http_request_duration_seconds_count{route="GET /boom"}`:              1,
		`agora_http_request_duration_seconds_count{route="/"}`:                      3, // with the public /metrics
		`agora_http_request_duration_seconds_bucket{route="POST /items",le="+Inf"}`: 1,
	}
	for series, w := range want {
		if v, ok := got[series]; !ok || v != w {
			t.Errorf("%s = %v (present %v), want %v", series, v, ok, w)
		}
	}
	for series := range got {
		if strings.Contains(series, "/items/0") || strings.Contains(series, "BREW") {
			t.Errorf("raw path or method in a label: %s", series)
		}
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total", "go_memstats_heap_alloc_bytes"} {
		if _, ok := got[name]; !ok {
			t.Errorf("%s missing: the Go runtime and process collectors are not registered", name)
		}
	}
}

// Each server has its own registry, so several run in one process; registering
// twice in one registry is an error, not a panic.
func TestNewMetrics_Registries(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := server.NewMetrics(reg); err != nil {
		t.Fatal(err)
	}
	if _, err := server.NewMetrics(reg); err == nil {
		t.Error("NewMetrics twice in one registry succeeded")
	}
	a, b := mustMetrics(t), mustMetrics(t)
	for _, m := range []*server.Metrics{a, b} {
		h := server.Handler(http.NewServeMux(), discard, ready, server.Options{Metrics: m})
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
		rec := httptest.NewRecorder()
		m.Handler(discard).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET /metrics = %d", rec.Code)
		}
		if got := parseMetrics(t, rec.Body.String())[`agora_viewer_country_total{source="none"}`]; got != 1 {
			t.Errorf("none = %v, want 1 (only this server's request)", got)
		}
	}
}
