package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"agora"
	"agora/geoip"
	"agora/geoip/geoiptest"
	"agora/server"
)

// ready is a Ready that is always ready.
func ready(context.Context) error { return nil }

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// mustResolver opens a geoip.Resolver for cfg, closed when the test ends.
func mustResolver(tb testing.TB, cfg geoip.Config) *geoip.Resolver {
	tb.Helper()
	r, err := geoip.Open(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

// countryHandler is agora's handler with one route, GET /country, that answers
// the viewer's countries from the request context, comma-separated.
func countryHandler(tb testing.TB, opts server.Options) http.Handler {
	tb.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /country", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "country="+strings.Join(agora.CountriesFrom(r.Context()), ","))
	})
	return server.Handler(mux, discard, ready, opts)
}

func TestHandler_Country(t *testing.T) {
	proxies, err := geoip.ParsePrefixes("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	h := countryHandler(t, server.Options{Country: mustResolver(t, geoip.Config{
		CountryHeader:  "CF-IPCountry",
		TrustedProxies: proxies,
		DB:             geoiptest.MustWriteDB(t),
	})})
	tests := []struct {
		name   string
		remote string
		hdr    []string // name, value pairs; a name may repeat
		want   string
	}{
		{"header from trusted proxy", "10.1.2.3:4711", []string{"CF-IPCountry", "br"}, "BR"},
		{"X-Forwarded-For from trusted proxy", "10.1.2.3:4711", []string{"X-Forwarded-For", "203.0.113.4"}, "PK"},
		{"spoofed header and X-Forwarded-For", "198.51.100.7:4711",
			[]string{"CF-IPCountry", "BR", "X-Forwarded-For", "203.0.113.4"}, "DE"},
		{"IPv6 peer", "[2001:db8::1]:4711", nil, "FR"},
		{"unknown", "172.16.0.1:4711", []string{"CF-IPCountry", "BR"}, ""},
		{"header twice", "10.1.2.3:4711", []string{"CF-IPCountry", "DE", "CF-IPCountry", "IN"}, "DE,IN"},
		{"header list", "10.1.2.3:4711", []string{"CF-IPCountry", "de, IN, de"}, "DE,IN"},
		{"header list with XX", "10.1.2.3:4711", []string{"CF-IPCountry", "IN,XX", "X-Forwarded-For", "203.0.113.4"}, "IN,PK"},
		{"header empty twice", "10.1.2.3:4711", []string{"CF-IPCountry", "", "CF-IPCountry", ""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/country", nil)
			req.RemoteAddr = tt.remote
			for i := 0; i+1 < len(tt.hdr); i += 2 {
				req.Header.Add(tt.hdr[i], tt.hdr[i+1])
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if got, want := rec.Body.String(), "country="+tt.want; rec.Code != http.StatusOK || got != want {
				t.Errorf("got %d %q, want 200 %q", rec.Code, got, want)
			}
		})
	}
}

// Without a resolver every viewer's country is unknown, whatever they send.
func TestHandler_Country_NoResolver(t *testing.T) {
	h := countryHandler(t, server.Options{})
	req := httptest.NewRequest(http.MethodGet, "/country", nil)
	req.Header.Set("CF-IPCountry", "IN")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Body.String(); got != "country=" {
		t.Errorf("got %q, want country=", got)
	}
	// No metrics, no /metrics.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET /metrics without metrics = %d, want 404", rec.Code)
	}
}
