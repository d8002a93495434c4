package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
)

// TestInstanceLanguages reads GET /api/v1/instance/languages as an app does
// before offering a language picker: public, a list of exactly {code, name},
// every code one a status may be posted in, each once, with an English name.
// The Mastodon schema does not describe this route, so its shape is checked
// here field by field.
func TestInstanceLanguages(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	status, body, hdr := r.do("GET", "/api/v1/instance/languages", "", "", "")
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/instance/languages: %d %s %s", status, hdr.Get("Content-Type"), body)
	}
	var langs []struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&langs); err != nil {
		t.Fatalf("languages: %v in %s", err, body)
	}
	names := make(map[string]string)
	for _, l := range langs {
		if l.Code == "" || l.Name == "" {
			t.Errorf("entry %+v: code and name must both be set", l)
		}
		if _, dup := names[l.Code]; dup {
			t.Errorf("code %q listed twice", l.Code)
		}
		names[l.Code] = l.Name
		if code, err := agora.ParseLanguage(l.Code); err != nil || code != l.Code {
			t.Errorf("code %q: a status could not be posted in it (%q, %v)", l.Code, code, err)
		}
	}
	for code, want := range map[string]string{"en": "English", "de": "German", "ja": "Japanese", "tok": "Toki Pona"} {
		if names[code] != want {
			t.Errorf("name of %q = %q, want %q", code, names[code], want)
		}
	}
	if n := len(agora.LanguageCodes()); len(langs) != n {
		t.Errorf("%d languages, want the %d a status may be written in", len(langs), n)
	}

	// A token changes nothing, and a status posted in a listed language keeps it.
	r.mustAccount("lang")
	tok := string(r.passwordLogin("lang").Config.AccessToken)
	status, authed, _ := r.do("GET", "/api/v1/instance/languages", tok, "", "")
	if status != http.StatusOK || !bytes.Equal(authed, body) {
		t.Errorf("with a token: %d, body differs from the public answer", status)
	}
	var st struct{ Language string }
	status, posted := r.postForm("/api/v1/statuses", tok, url.Values{"status": {"toki"}, "language": {"tok"}})
	if status != http.StatusOK {
		t.Fatalf("post in tok: %d %s", status, posted)
	}
	mustJSON(t, posted, &st)
	if st.Language != "tok" {
		t.Errorf("status language = %q, want tok", st.Language)
	}
}
