package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"agora/agoratest"
)

// TestBadInputLanguage: a status's language is an ISO 639 code as Mastodon knows
// them; markup or an unknown code is a 422 and posts nothing, and a tag with a
// region Mastodon does not keep is kept as its language.
func TestBadInputLanguage(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	r.mustAccount("alice")
	tok := r.passwordLogin("alice").Config.AccessToken
	post := func(lang string) (int, map[string]any) {
		status, body, _ := r.do("POST", "/api/v1/statuses", tok, "application/x-www-form-urlencoded",
			url.Values{"status": {"hello"}, "language": {lang}}.Encode())
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		return status, m
	}
	before := countStatuses(t, r)
	for _, lang := range []string{"<script>", "<script>alert(1)</script>", "xx", "english", `"><img src=x>`} {
		if status, body := post(lang); status != http.StatusUnprocessableEntity {
			t.Errorf("language %q: %d %v, want 422", lang, status, body)
		}
	}
	if after := countStatuses(t, r); after != before {
		t.Errorf("refused languages posted %d statuses", after-before)
	}
	for lang, want := range map[string]string{"de": "de", "pt-BR": "pt-BR", "en-US": "en", "tok": "tok"} {
		status, body := post(lang)
		if status != http.StatusOK || body["language"] != want {
			t.Errorf("language %q: %d language %v, want 200 and %q", lang, status, body["language"], want)
		}
	}
}
