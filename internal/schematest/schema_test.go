package schematest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// sample reads testdata/<name>: a body with exactly the keys the schema
// requires, recursively, so each file shows what agora must send at least.
func sample(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// edit decodes body, applies change to it and encodes it again.
func edit(tb testing.TB, body []byte, change func(m map[string]any)) []byte {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		tb.Fatal(err)
	}
	change(m)
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func set(key string, v any) func(map[string]any) {
	return func(m map[string]any) { m[key] = v }
}

func del(key string) func(map[string]any) {
	return func(m map[string]any) { delete(m, key) }
}

// in applies change to the object at m[key].
func in(key string, change func(map[string]any)) func(map[string]any) {
	return func(m map[string]any) { change(m[key].(map[string]any)) }
}

func TestSchema_Validate(t *testing.T) {
	s := Load(t)
	status := sample(t, "status.json")
	account := sample(t, "account.json")
	token := sample(t, "token.json")
	v1 := sample(t, "instance_v1.json")
	v2 := sample(t, "instance_v2.json")

	tests := []struct {
		name      string
		component string
		body      []byte
		wantPtrs  []string // nil: the body is valid
	}{
		{"Status/valid", "Status", status, nil},
		{"Status/nullable keys null", "Status", edit(t, status, func(m map[string]any) {
			for _, k := range []string{"in_reply_to_id", "reblog", "card", "poll", "url", "language", "edited_at"} {
				m[k] = nil
			}
		}), nil},
		{"Status/reblog of a status", "Status", edit(t, status, set("reblog", json.RawMessage(status))), nil},
		{"Status/missing account", "Status", edit(t, status, del("account")), []string{"/account"}},
		{"Status/missing account.acct", "Status", edit(t, status, in("account", del("acct"))), []string{"/account/acct"}},
		{"Status/count as string", "Status", edit(t, status, set("favourites_count", "0")), []string{"/favourites_count"}},
		{"Status/id as number", "Status", edit(t, status, set("id", 110000000000000100)), []string{"/id"}},
		{"Status/created_at not RFC 3339", "Status", edit(t, status, set("created_at", "2024-05-01 12:30:00")), []string{"/created_at"}},
		{"Status/unknown visibility", "Status", edit(t, status, set("visibility", "everyone")), []string{"/visibility"}},

		{"Account/valid", "Account", account, nil},
		{"Account/missing username", "Account", edit(t, account, del("username")), []string{"/username"}},
		{"Account/missing indexable and group", "Account", edit(t, account, func(m map[string]any) {
			delete(m, "indexable")
			delete(m, "group")
		}), []string{"/group", "/indexable"}},
		{"Account/bot as string", "Account", edit(t, account, set("bot", "false")), []string{"/bot"}},
		{"Account/relative avatar", "Account", edit(t, account, set("avatar", "/avatars/missing.png")), []string{"/avatar"}},
		{"Account/empty avatar allowed", "Account", edit(t, account, set("avatar", "")), nil},
		{"Account/fields null", "Account", edit(t, account, set("fields", nil)), []string{"/fields"}},

		{"Token/valid", "Token", token, nil},
		{"Token/missing access_token", "Token", edit(t, token, del("access_token")), []string{"/access_token"}},
		{"Token/created_at as string", "Token", edit(t, token, set("created_at", "1714564800")), []string{"/created_at"}},

		{"V1Instance/valid", "V1Instance", v1, nil},
		{"V1Instance/empty email allowed", "V1Instance", edit(t, v1, set("email", "")), nil},
		{"V1Instance/bad email", "V1Instance", edit(t, v1, set("email", "admin at agora")), []string{"/email"}},
		{"V1Instance/missing streaming_api", "V1Instance", edit(t, v1, in("urls", del("streaming_api"))), []string{"/urls/streaming_api"}},
		{"V1Instance/registrations as object", "V1Instance", edit(t, v1, set("registrations", map[string]any{"enabled": true})), []string{"/registrations"}},

		{"Instance/valid", "Instance", v2, nil},
		{"Instance/missing api_versions", "Instance", edit(t, v2, del("api_versions")), []string{"/api_versions"}},
		{"Instance/registrations as bool", "Instance", edit(t, v2, set("registrations", true)), []string{"/registrations"}},
		{"Instance/missing translation", "Instance", edit(t, v2, in("configuration", del("translation"))), []string{"/configuration/translation"}},

		{"[]Status/valid", "[]Status", []byte("[" + string(status) + "," + string(status) + "]"), nil},
		{"[]Status/empty", "[]Status", []byte("[]"), nil},
		{"[]Status/second item bad", "[]Status", []byte("[" + string(status) + `,{"id":"1"}]`), []string{"/1/account"}},
		{"[]Status/object", "[]Status", status, []string{""}},
		{"[]string/valid", "[]string", []byte(`["example.com"]`), nil},
		{"[]string/number", "[]string", []byte(`[1]`), []string{"/0"}},
		{"map[string]Marker/valid", "map[string]Marker", []byte(`{"home":{"last_read_id":"1","version":0,"updated_at":"2024-05-01T00:00:00Z"}}`), nil},
		{"map[string]Marker/bad version", "map[string]Marker", []byte(`{"home":{"last_read_id":"1","version":"0","updated_at":"2024-05-01T00:00:00Z"}}`), []string{"/home/version"}},
		{"Error/valid", "Error", []byte(`{"error":"Record not found"}`), nil},
		{"Error/oauth", "Error", []byte(`{"error":"invalid_grant","error_description":"The grant is invalid."}`), nil},
		{"Error/missing error", "Error", []byte(`{"message":"not found"}`), []string{"/error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Validate(tt.component, tt.body)
			if tt.wantPtrs == nil {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var verr *Error
			if !errors.As(err, &verr) {
				t.Fatalf("Validate = %v, want *Error", err)
			}
			got := verr.Pointers()
			for _, p := range tt.wantPtrs {
				if !slices.Contains(got, p) {
					t.Errorf("failing pointers %q, want %q among them; error:\n%v", got, p, err)
				}
			}
		})
	}
}

func TestSchema_Validate_misuse(t *testing.T) {
	s := Load(t)
	var verr *Error
	for _, tt := range []struct{ name, component, body string }{
		{"unknown component", "Statuses", `{}`},
		{"unknown wrapped component", "[]Statuses", `[]`},
		{"not JSON", "Status", `{"id":`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Validate(tt.component, []byte(tt.body))
			if err == nil || errors.As(err, &verr) {
				t.Errorf("Validate = %v, want an error other than *Error", err)
			}
		})
	}
}

func TestError_Error(t *testing.T) {
	s := Load(t)
	err := s.Validate("Status", edit(t, sample(t, "status.json"), func(m map[string]any) {
		delete(m, "uri")
		m["replies_count"] = "0"
	}))
	want := "body does not match Status:\n\t/replies_count: got string, want integer\n\t/uri: required property is missing"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

// TestSchema_examples checks the schema's own examples for the components agora
// serves that have a complete one: known-good bodies from Mastodon's
// documentation, which show that format assertion accepts real data. (The
// examples of Status, Account, Application, Context and V1Instance are
// abridged in the documentation and lack required keys.)
func TestSchema_examples(t *testing.T) {
	s := Load(t)
	path, err := schemaFile()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct{ Example json.RawMessage }
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"Announcement", "CustomEmoji", "Error", "Filter", "Instance", "List", "Marker",
		"Preferences", "Relationship", "Rule", "Tag", "Token", "V1Filter",
	} {
		t.Run(name, func(t *testing.T) {
			ex := doc.Components.Schemas[name].Example
			if ex == nil {
				t.Fatal("no example in the schema")
			}
			if err := s.Validate(name, ex); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestSchema_Validate_concurrent compiles and validates from many goroutines;
// run with -race.
func TestSchema_Validate_concurrent(t *testing.T) {
	s := Load(t)
	status := sample(t, "status.json")
	var wg sync.WaitGroup
	for _, c := range []string{"Status", "Status", "[]Relationship", "Context", "Notification", "Search"} {
		wg.Go(func() { s.Validate(c, status) })
	}
	wg.Wait()
	if err := s.Validate("Status", status); err != nil {
		t.Error(err)
	}
}

func TestOpen_missing(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "schema.json"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open = %v, want os.ErrNotExist", err)
	}
}
