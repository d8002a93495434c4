package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestProfileFields covers fields_attributes in PATCH
// /api/v1/accounts/update_credentials: the fields are kept (they were dropped
// silently before), shown rendered in Account.fields and as typed in
// source.fields, a link becomes a link and nothing else becomes HTML, and bad
// input is refused with 422 and nothing changed.
func TestProfileFields(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testProfileFields(t, b) })
	}
}

func testProfileFields(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice := r.mustAccount("alice")
	ac := r.passwordLogin("alice")
	token := ac.Config.AccessToken

	fields := []mastodon.Field{
		{Name: "Site", Value: "https://example.org/me?a=1&b=2"},
		{Name: "<b>Pronouns</b>", Value: `she/her <script>alert("x")</script>`},
	}
	if _, err := ac.AccountUpdate(ctx, &mastodon.Profile{Fields: &fields}); err != nil {
		t.Fatalf("update fields through go-mastodon: %v", err)
	}
	var cred struct {
		Fields []struct {
			Name, Value string
			VerifiedAt  *string `json:"verified_at"`
		} `json:"fields"`
		Source struct {
			Fields []struct{ Name, Value string } `json:"fields"`
		} `json:"source"`
	}
	getJSON(t, r, "/api/v1/accounts/verify_credentials", token, &cred)
	if len(cred.Fields) != 2 || len(cred.Source.Fields) != 2 {
		t.Fatalf("fields after update = %+v", cred)
	}
	for i, f := range fields {
		if got := cred.Source.Fields[i]; got.Name != f.Name || got.Value != f.Value {
			t.Errorf("source.fields[%d] = %+v, want as typed %+v", i, got, f)
		}
	}
	if got := cred.Fields[0].Value; !strings.Contains(got, `<a href="https://example.org/me?a=1&amp;b=2"`) ||
		!strings.Contains(got, `rel="nofollow noopener me"`) {
		t.Errorf("link field rendered as %q, want a link", got)
	}
	if got := cred.Fields[1]; got.Name != "<b>Pronouns</b>" || strings.Contains(got.Value, "<script") ||
		!strings.Contains(got.Value, "&lt;script&gt;") {
		t.Errorf("field 1 rendered as %+v, want the name as plain text and the value escaped", got)
	}

	// Others see the same fields on the account.
	a, err := r.client("").GetAccount(ctx, mastodon.ID(alice.ID.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Fields) != 2 || a.Fields[0].Name != "Site" {
		t.Errorf("public account fields = %+v", a.Fields)
	}

	// Bad input: 422 naming the field, nothing changed.
	for _, bad := range []struct{ name, body string }{
		{"five fields", `{"fields_attributes":[{"name":"a","value":"1"},{"name":"b","value":"2"},{"name":"c","value":"3"},{"name":"d","value":"4"},{"name":"e","value":"5"}]}`},
		{"long name", `{"fields_attributes":[{"name":"` + strings.Repeat("n", 256) + `","value":"1"}]}`},
		{"long value", `{"fields_attributes":{"0":{"name":"n","value":"` + strings.Repeat("v", 256) + `"}}}`},
		{"not objects", `{"fields_attributes":["a","b"]}`},
	} {
		status, body, _ := r.do("PATCH", "/api/v1/accounts/update_credentials", token, "application/json", bad.body)
		if status != http.StatusUnprocessableEntity && status != http.StatusBadRequest {
			t.Errorf("%s: status %d %s, want 422", bad.name, status, body)
		}
		if !strings.Contains(string(body), "field") {
			t.Errorf("%s: error %s does not name the fields", bad.name, body)
		}
	}
	getJSON(t, r, "/api/v1/accounts/verify_credentials", token, &cred)
	if len(cred.Source.Fields) != 2 || cred.Source.Fields[0].Name != "Site" {
		t.Errorf("after refused updates fields = %+v, want unchanged", cred.Source.Fields)
	}

	// A form body with indexes (as Mastodon's web UI sends); a field whose name is
	// blank is dropped, as Mastodon drops it; an update without fields_attributes
	// keeps the fields.
	form := "fields_attributes[0][name]=Only&fields_attributes[0][value]=one&fields_attributes[1][name]=&fields_attributes[1][value]=x"
	if status, body, _ := r.do("PATCH", "/api/v1/accounts/update_credentials", token, "application/x-www-form-urlencoded", form); status != http.StatusOK {
		t.Fatalf("form fields: %d %s", status, body)
	}
	if status, body, _ := r.do("PATCH", "/api/v1/accounts/update_credentials", token, "application/x-www-form-urlencoded", "display_name=Alice"); status != http.StatusOK {
		t.Fatalf("display name: %d %s", status, body)
	}
	getJSON(t, r, "/api/v1/accounts/verify_credentials", token, &cred)
	if len(cred.Source.Fields) != 1 || cred.Source.Fields[0].Name != "Only" || cred.Source.Fields[0].Value != "one" {
		t.Errorf("after form update fields = %+v, want [Only one]", cred.Source.Fields)
	}
	// An empty list clears them.
	if status, body, _ := r.do("PATCH", "/api/v1/accounts/update_credentials", token, "application/json", `{"fields_attributes":[]}`); status != http.StatusOK {
		t.Fatalf("clear: %d %s", status, body)
	}
	getJSON(t, r, "/api/v1/accounts/verify_credentials", token, &cred)
	if len(cred.Source.Fields) != 0 {
		t.Errorf("after clearing fields = %+v", cred.Source.Fields)
	}
}
