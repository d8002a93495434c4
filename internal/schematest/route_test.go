package schematest

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestComponent(t *testing.T) {
	tests := []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", "/api/v1/statuses/110000000000000100", 200, "Status"},
		{"DELETE", "/api/v1/statuses/1", 200, "Status"},
		{"POST", "/api/v1/statuses", 200, "Status|ScheduledStatus"},
		{"GET", "/api/v1/statuses?id[]=1&id[]=2", 200, "[]Status"},
		{"GET", "/api/v1/statuses/1/context", 200, "Context"},
		{"POST", "/api/v1/statuses/1/favourite", 200, "Status"},
		{"GET", "/api/v1/statuses/1/reblogged_by", 200, "[]Account"},
		{"GET", "/api/v1/timelines/home?limit=20", 200, "[]Status"},
		{"GET", "/api/v1/timelines/tag/agora", 200, "[]Status"},
		{"GET", "/api/v1/accounts/verify_credentials", 200, "CredentialAccount"},
		{"PATCH", "/api/v1/accounts/update_credentials", 200, "CredentialAccount"},
		{"GET", "/api/v1/accounts/lookup?acct=alice", 200, "Account"},
		{"GET", "/api/v1/accounts/relationships?id[]=1", 200, "[]Relationship"},
		{"GET", "/api/v1/accounts/1", 200, "Account"},
		{"POST", "/api/v1/accounts/1/follow", 200, "Relationship"},
		{"POST", "/api/v1/accounts", 200, "Token"},
		{"POST", "/api/v1/apps", 200, "CredentialApplication"},
		{"POST", "/oauth/token", 200, "Token"},
		{"GET", "/api/v1/instance", 200, "V1Instance"},
		{"GET", "/api/v2/instance", 200, "Instance"},
		{"GET", "/api/v1/markers?timeline[]=home", 200, "map[string]Marker"},
		{"GET", "/api/v1/domain_blocks", 200, "[]string"},
		{"GET", "/api/v1/mutes", 200, "[]MutedAccount"},
		{"GET", "/api/v1/notifications/110000000000000100", 200, "Notification"},
		{"GET", "/api/v1/notifications/unread_count?limit=10", 200, "CountResponse"},
		{"HEAD", "/api/v1/instance", 200, "V1Instance"}, // as ServeMux: GET covers HEAD
		{"GET", "/api/v2/filters/1/keywords", 200, "[]FilterKeyword"},
		{"GET", "/api/v2/filters/keywords/1", 200, "FilterKeyword"}, // mounted shared
		{"GET", "/api/v2/filters/statuses/1", 200, "FilterStatus"},  // mounted shared
		{"GET", "/api/v2/filters/other/1", 200, ""},                 // no such route

		{"GET", "/api/v1/statuses/1", 404, "Error"},
		{"POST", "/oauth/token", 400, "Error"},
		{"GET", "/api/v1/not_a_route", 404, "Error"},
		{"GET", "/api/v2/instance", 503, "Error"},

		{"GET", "/.well-known/webfinger?resource=acct:alice@agora.example", 200, ""},
		{"GET", "/.well-known/nodeinfo", 200, ""},
		{"GET", "/nodeinfo/2.0", 200, ""},
		{"GET", "/.well-known/webfinger", 404, ""},
		{"GET", "/@alice", 200, ""},
		{"GET", "/oauth/authorize", 400, ""},
		{"PUT", "/api/v1/accounts/1", 200, ""},         // no such route
		{"GET", "/api/v1/statuses/1/", 200, ""},        // no such route
		{"GET", "/api/v1/statuses/1", 302, ""},         // not a success
		{"POST", "/api/v1/statuses/1/reblog", 101, ""}, // not a success
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			if got := Component(tt.method, tt.path, tt.status); got != tt.want {
				t.Errorf("Component(%s, %s, %d) = %q, want %q", tt.method, tt.path, tt.status, got, tt.want)
			}
		})
	}
}

// deviations are the routes whose component is not what the schema's paths
// say, with the reason.
var deviations = map[string]string{
	"GET /api/v1/filters":     "schema: one V1Filter; Mastodon returns an array",
	"GET /api/v1/preferences": "schema: no response body schema; Mastodon returns Preferences",
	// The v1 form of the notification policy, deprecated in Mastodon 4.3 but
	// still served, has no path in the schema; its entity is there.
	"GET /api/v1/notifications/policy": "schema: no path; Mastodon returns V1NotificationPolicy",
	"PUT /api/v1/notifications/policy": "schema: no path; Mastodon returns V1NotificationPolicy",
}

// TestRoutes_schemaPaths checks each route against the 200 response that the
// schema's paths give for it, so that the table cannot drift from the schema.
func TestRoutes_schemaPaths(t *testing.T) {
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
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct{ Schema json.RawMessage }
			}
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range Routes() {
		t.Run(r.Pattern, func(t *testing.T) {
			if !s.Has(r.Component) {
				t.Fatalf("component %q is not in the schema", r.Component)
			}
			method, p, _ := strings.Cut(r.Pattern, " ")
			op, ok := doc.Paths[p][strings.ToLower(method)]
			_, deviates := deviations[r.Pattern]
			if !ok && !deviates {
				t.Fatalf("schema has no operation %s", r.Pattern)
			}
			want := componentOf(op.Responses["200"].Content["application/json"].Schema)
			if reason, ok := deviations[r.Pattern]; ok {
				if want == r.Component {
					t.Errorf("route is listed as a deviation (%s) but matches the schema", reason)
				}
				return
			}
			if want != r.Component {
				t.Errorf("component %q, schema says %q", r.Component, want)
			}
		})
	}
	for pattern := range deviations {
		method, path, _ := strings.Cut(pattern, " ")
		if Component(method, path, 200) == "" {
			t.Errorf("deviation %s is not a route", pattern)
		}
	}
}

// componentOf names a response schema as Validate does, or gives "".
func componentOf(raw json.RawMessage) string {
	type ref struct {
		Ref  string `json:"$ref"`
		Type string
	}
	var sch struct {
		ref
		Items                *ref
		AdditionalProperties *ref
		OneOf                []ref
	}
	if json.Unmarshal(raw, &sch) != nil {
		return ""
	}
	name := func(r *ref) string {
		if r.Type == "string" {
			return "string"
		}
		return strings.TrimPrefix(r.Ref, "#/components/schemas/")
	}
	switch {
	case sch.Ref != "":
		return name(&sch.ref)
	case sch.Type == "array" && sch.Items != nil:
		return "[]" + name(sch.Items)
	case sch.Type == "object" && sch.AdditionalProperties != nil:
		return "map[string]" + name(sch.AdditionalProperties)
	case len(sch.OneOf) > 0:
		names := make([]string, len(sch.OneOf))
		for i := range sch.OneOf {
			names[i] = name(&sch.OneOf[i])
		}
		return strings.Join(names, "|")
	}
	return ""
}
