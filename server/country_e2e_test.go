package server_test

import (
	"io"
	"net/http"
	"testing"

	"agora/agoratest"
	"agora/app"
	"agora/geoip/geoiptest"
)

// The real agora, reached from 127.0.0.1: with 127.0.0.1 a trusted proxy, its
// country header and X-Forwarded-For count; without, they change nothing.
// The metrics listener's /metrics shows which source each request's country
// came from.
func TestAgora_ViewerCountry(t *testing.T) {
	dbPath := geoiptest.MustWriteDB(t)
	tests := []struct {
		name    string
		trusted string
		want    map[string]float64 // increase of agora_viewer_country_total by source
	}{
		{"trusted", "127.0.0.1", map[string]float64{"header": 1, "geoip": 2, "none": 1}},
		{"untrusted", "", map[string]float64{"header": 0, "geoip": 0, "none": 4}},
		{"trusted network, IPv6 notation", "::ffff:127.0.0.0/104", map[string]float64{"header": 1, "geoip": 2, "none": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := agoratest.MustRunServer(t, agoratest.SQLite, func(c *app.Config) {
				c.TrustedProxies, c.GeoIPDB, c.MetricsAddr = tt.trusted, dbPath, "127.0.0.1:0"
				if tt.trusted != "" {
					c.CountryHeader = "CF-IPCountry"
				}
			})
			before := scrape(t, s.MetricsURL)
			for _, hdr := range []map[string]string{
				{"CF-IPCountry": "IN"},                       // header
				{"X-Forwarded-For": "198.51.100.7"},          // geoip: DE
				{"X-Forwarded-For": "10.0.0.1, 2001:db8::1"}, // geoip: FR, the right-most
				nil, // none: 127.0.0.1 is not in the database
			} {
				req, err := http.NewRequest(http.MethodGet, s.URL+"/healthz", nil)
				if err != nil {
					t.Fatal(err)
				}
				for k, v := range hdr {
					req.Header.Set(k, v)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			after := scrape(t, s.MetricsURL)
			for source, want := range tt.want {
				series := `agora_viewer_country_total{source="` + source + `"}`
				if got := after[series] - before[series]; got != want {
					t.Errorf("%s rose by %v, want %v", series, got, want)
				}
			}
			if got := after[`agora_http_request_duration_seconds_count{route="GET /healthz"}`]; got < 4 {
				t.Errorf("durations recorded for GET /healthz: %v, want 4", got)
			}
		})
	}
}

// scrape returns the series of url's /metrics.
func scrape(tb testing.TB, url string) map[string]float64 {
	tb.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET /metrics = %d, %v", resp.StatusCode, err)
	}
	return parseMetrics(tb, string(body))
}
