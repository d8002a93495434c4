package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"agora/agoratest"
)

// TestInstanceExtras covers the instance's documents and lists apps read
// beside /api/v1/instance, and the streaming API's answers while agora has no
// streaming: a clear error, never 404 for the documented paths.
func TestInstanceExtras(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	for _, tt := range []struct {
		path   string
		status int
		body   string // the whole body (JSON, compact), or "" for any
		errHas string // for an error: text its message holds
	}{
		{"/api/v1/instance/peers", 200, "[]", ""},
		{"/api/v1/instance/translation_languages", 200, "{}", ""},
		{"/api/v1/instance/extended_description", 200, "", ""},
		{"/api/v1/instance/activity", 404, "", "activity"},
		{"/api/v1/instance/privacy_policy", 404, "", "privacy policy"},
		{"/api/v1/instance/terms_of_service", 404, "", "terms of service"},
		{"/api/v1/streaming", 501, "", "polling"},
		{"/api/v1/streaming?stream=public:local", 501, "", "polling"},
		{"/api/v1/streaming/user", 501, "", "polling"},
		{"/api/v1/streaming/public/local", 501, "", "polling"},
		{"/api/v1/streaming/nonsense", 400, `{"error":"Unknown stream type"}`, ""},
		{"/api/v1/streaming?stream=nonsense", 400, `{"error":"Unknown stream type"}`, ""},
		{"/api/v1/streaming/health", 503, "", "Streaming is not available"},
	} {
		status, body, hdr := r.do("GET", tt.path, "", "", "")
		if status != tt.status {
			t.Errorf("GET %s: %d %s, want %d", tt.path, status, body, tt.status)
			continue
		}
		if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q, want JSON", tt.path, ct)
		}
		if tt.body != "" && strings.TrimSpace(string(body)) != tt.body {
			t.Errorf("GET %s: %s, want %s", tt.path, body, tt.body)
		}
		if tt.errHas != "" {
			var e struct{ Error string }
			if json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, tt.errHas) {
				t.Errorf("GET %s: %s, want an error about %q", tt.path, body, tt.errHas)
			}
		}
	}
	// GET /health: Mastodon's plain "OK", to anyone.
	if status, body, hdr := r.do("GET", "/health", "", "", ""); status != http.StatusOK || string(body) != "OK" ||
		!strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
		t.Errorf("GET /health: %d %q %q, want 200 OK text/plain", status, body, hdr.Get("Content-Type"))
	}
	// A WebSocket upgrade gets the same clear answer.
	status, body, _ := r.do("GET", "/api/v1/streaming?stream=user", "", "", "", "Connection", "Upgrade", "Upgrade", "websocket")
	if status != http.StatusNotImplemented || !strings.Contains(string(body), "not available") {
		t.Errorf("WebSocket upgrade: %d %s, want 501 with the reason", status, body)
	}
	var desc struct {
		UpdatedAt string `json:"updated_at"`
		Content   string `json:"content"`
	}
	getJSON(t, r, "/api/v1/instance/extended_description", "", &desc)
	if !strings.HasPrefix(desc.Content, "<p>") || desc.UpdatedAt == "" {
		t.Errorf("extended description = %+v", desc)
	}
}
