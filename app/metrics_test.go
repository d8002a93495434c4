package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"agora/agoratest"
	"agora/app"
)

// TestMetricsAddr: the public listener never serves /metrics, whose counts
// (legal orders, confidential ones included) are for the operator; with
// metrics_addr set they are served on that listener only.
func TestMetricsAddr(t *testing.T) {
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
	t.Run("unset", func(t *testing.T) {
		s := agoratest.MustRunServer(t, agoratest.SQLite)
		if s.MetricsURL != "" {
			t.Errorf("MetricsURL = %q without metrics_addr", s.MetricsURL)
		}
		if code, body := get(t, s.URL+"/metrics"); code != http.StatusNotFound || strings.Contains(body, "agora_legal") {
			t.Errorf("public listener /metrics: %d %.200q, want 404", code, body)
		}
	})
	t.Run("set", func(t *testing.T) {
		s := agoratest.MustRunServer(t, agoratest.SQLite, func(c *app.Config) { c.MetricsAddr = "127.0.0.1:0" })
		if s.MetricsURL == "" || s.MetricsURL == s.URL {
			t.Fatalf("MetricsURL = %q (public URL %q), want its own listener", s.MetricsURL, s.URL)
		}
		if code, _ := get(t, s.URL+"/healthz"); code != http.StatusOK {
			t.Fatalf("healthz: %d", code)
		}
		code, body := get(t, s.MetricsURL+"/metrics")
		if code != http.StatusOK || !strings.Contains(body, "agora_http_requests_total") || !strings.Contains(body, "agora_legal") {
			t.Errorf("metrics listener /metrics: %d %.300q, want 200 with the request and legal metrics", code, body)
		}
		if code, body := get(t, s.URL+"/metrics"); code != http.StatusNotFound || strings.Contains(body, "agora_") {
			t.Errorf("public listener /metrics: %d %.200q, want 404", code, body)
		}
		if code, _ := get(t, s.MetricsURL+"/api/v1/instance"); code != http.StatusNotFound {
			t.Errorf("metrics listener serves the API: %d, want 404", code)
		}
	})
}
