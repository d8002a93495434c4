package mastoapi_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"agora/mastoapi"
	"agora/service"
)

// The compatibility page (docs/api/mastodon.md, section "Compatibility") must stay
// true: every endpoint of the Mastodon schema has a row saying yes, partial (what) or
// no, and the rows agree with the route table.

const (
	compatDoc    = "../docs/api/mastodon.md"
	compatSchema = "../../shared/mastodon-openapi/schema.json"
)

// startupAndReading are the endpoints Mastodon's web app and the official iOS and
// Android apps call at start-up (instance, app registration and sign-in, the
// account, emoji, filters, lists, preferences, markers, announcements) and to post
// and read (timelines, statuses and their actions, notifications, conversations,
// search, accounts and relationships). Their rows must not say no.
var startupAndReading = []string{
	"GET /api/v1/instance", "GET /api/v2/instance", "GET /api/v1/instance/rules",
	"POST /api/v1/apps", "GET /api/v1/apps/verify_credentials",
	"GET /oauth/authorize", "POST /oauth/token", "POST /oauth/revoke",
	"GET /api/v1/accounts/verify_credentials", "GET /api/v1/custom_emojis",
	"GET /api/v1/filters", "GET /api/v2/filters", "GET /api/v1/lists",
	"GET /api/v1/preferences", "GET /api/v1/markers", "POST /api/v1/markers",
	"GET /api/v1/announcements", "GET /api/v1/followed_tags", "GET /api/v1/follow_requests",
	"GET /api/v1/trends/tags", "GET /api/v1/trends/statuses", "GET /api/v1/trends/links",
	"GET /api/v2/suggestions", "GET /api/v1/streaming/health",
	"GET /api/v1/timelines/home", "GET /api/v1/timelines/public", "GET /api/v1/timelines/tag/{}",
	"GET /api/v1/timelines/list/{}", "GET /api/v1/conversations",
	"GET /api/v1/notifications", "GET /api/v1/notifications/{}", "GET /api/v1/notifications/unread_count",
	"POST /api/v1/notifications/clear", "POST /api/v1/notifications/{}/dismiss",
	"GET /api/v2/notifications",
	"POST /api/v1/statuses", "GET /api/v1/statuses/{}", "DELETE /api/v1/statuses/{}",
	"PUT /api/v1/statuses/{}", "GET /api/v1/statuses/{}/context",
	"POST /api/v1/statuses/{}/reblog", "POST /api/v1/statuses/{}/unreblog",
	"POST /api/v1/statuses/{}/favourite", "POST /api/v1/statuses/{}/unfavourite",
	"POST /api/v1/statuses/{}/bookmark", "POST /api/v1/statuses/{}/unbookmark",
	"GET /api/v1/statuses/{}/reblogged_by", "GET /api/v1/statuses/{}/favourited_by",
	"POST /api/v2/media", "GET /api/v1/polls/{}", "POST /api/v1/polls/{}/votes",
	"GET /api/v1/bookmarks", "GET /api/v1/favourites", "GET /api/v2/search",
	"GET /api/v1/accounts/{}", "GET /api/v1/accounts/{}/statuses", "GET /api/v1/accounts/lookup",
	"GET /api/v1/accounts/relationships", "GET /api/v1/accounts/{}/followers",
	"GET /api/v1/accounts/{}/following", "POST /api/v1/accounts/{}/follow",
	"POST /api/v1/accounts/{}/unfollow", "POST /api/v1/accounts/{}/block",
	"POST /api/v1/accounts/{}/unblock", "POST /api/v1/accounts/{}/mute",
	"POST /api/v1/accounts/{}/unmute",
}

// pendingStartup are endpoints of startupAndReading that say no today, with the
// reason. Remove an entry when its row stops saying no (the test says so).
var pendingStartup = map[string]string{}

// compatRow is one row of the compatibility table.
type compatRow struct {
	endpoint string // as written, e.g. "GET /api/v1/accounts/:id"
	// status is "yes", "yes (note)", "partial (what is missing)", "no", or
	// "no (what it answers)" for an endpoint a route serves only to refuse (501).
	status string
	line   int
}

var (
	compatRowRE  = regexp.MustCompile("^\\| `([A-Z]+ /[^`]*)` \\| (.*) \\|$")
	colonParamRE = regexp.MustCompile(`:[A-Za-z_]+`)
	braceParamRE = regexp.MustCompile(`\{[^}]*\}`)
	statusRE     = regexp.MustCompile(`^(yes|no|yes \(.+\)|partial \(.+\)|no \(.+\))$`)
)

// endpointKey is an endpoint with its path parameters unnamed, so that the doc's
// ":id", the schema's "{account_id}" and the route table's "{id}" compare equal.
func endpointKey(e string) string {
	return braceParamRE.ReplaceAllString(colonParamRE.ReplaceAllString(e, "{}"), "{}")
}

// readCompatTable returns the rows of the Compatibility section, by endpoint key.
func readCompatTable(t *testing.T) map[string]compatRow {
	t.Helper()
	f, err := os.Open(compatDoc)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]compatRow{}
	in := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## Compatibility"
			continue
		}
		m := compatRowRE.FindStringSubmatch(line)
		if !in || m == nil {
			continue
		}
		key := endpointKey(m[1])
		if prev, dup := rows[key]; dup {
			t.Errorf("%s:%d: row `%s` repeats line %d: remove one", compatDoc, n, m[1], prev.line)
		}
		if !statusRE.MatchString(m[2]) {
			t.Errorf("%s:%d: row `%s` says %q: write yes, no, partial (what is missing) or no (what a refusing route answers)", compatDoc, n, m[1], m[2])
		}
		rows[key] = compatRow{endpoint: m[1], status: m[2], line: n}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no rows in the section \"## Compatibility\"", compatDoc)
	}
	return rows
}

// readSchemaEndpoints returns the endpoints of the Mastodon schema, by key, as the
// doc writes them; it skips the test when the schema is not beside the repository.
func readSchemaEndpoints(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(compatSchema)
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("AGORA_TEST_REQUIRE_SERVICES") == "1" {
			t.Fatalf("the Mastodon schema %s is missing (AGORA_TEST_REQUIRE_SERVICES=1)", compatSchema)
		}
		t.Skipf("the Mastodon schema is not there (%s): nothing to compare the compatibility table with", compatSchema)
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", compatSchema, err)
	}
	eps := map[string]string{}
	for path, ops := range doc.Paths {
		for method := range ops {
			switch method {
			case "get", "post", "put", "patch", "delete":
				e := strings.ToUpper(method) + " " + braceParamRE.ReplaceAllStringFunc(path, func(p string) string {
					return ":" + strings.Trim(p, "{}")
				})
				eps[endpointKey(e)] = e
			}
		}
	}
	return eps
}

// routeTable returns the route patterns mastoapi serves.
func routeTable() []string {
	svc := service.New(service.Config{}, nil, nil, nil, nil, nil) // the table only takes method values
	var patterns []string
	for _, rt := range mastoapi.New(svc, nil, nil, mastoapi.Info{}, nil).Routes() {
		patterns = append(patterns, rt.Pattern)
	}
	return patterns
}

// routeServes reports whether the route pattern serves the endpoint key: the same
// method and, segment by segment, the same text or a parameter; a trailing
// "{name...}" takes the rest of the path, as net/http's mux does.
func routeServes(pattern, key string) bool {
	pm, pp, _ := strings.Cut(pattern, " ")
	km, kp, _ := strings.Cut(key, " ")
	if pm != km {
		return false
	}
	ps, ks := strings.Split(pp, "/"), strings.Split(kp, "/")
	for i, seg := range ps {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "...}") {
			return len(ks) > i
		}
		if i >= len(ks) {
			return false
		}
		if seg != ks[i] && !(strings.HasPrefix(seg, "{") && ks[i] == "{}") {
			return false
		}
	}
	return len(ps) == len(ks)
}

// servedBy returns the first route pattern serving the endpoint key, or "".
func servedBy(routes []string, key string) string {
	for _, p := range routes {
		if routeServes(p, key) {
			return p
		}
	}
	return ""
}

func TestCompatibilityTable(t *testing.T) {
	schema := readSchemaEndpoints(t)
	rows := readCompatTable(t)
	routes := routeTable()

	for _, key := range sortedKeys(schema) {
		if _, ok := rows[key]; !ok {
			want := "no"
			if servedBy(routes, key) != "" {
				want = "yes"
			}
			t.Errorf("%s: the schema's endpoint `%s` has no row: add | `%s` | %s |", compatDoc, schema[key], schema[key], want)
		}
	}
	for _, key := range sortedKeys(rows) {
		row := rows[key]
		route := servedBy(routes, key)
		_, inSchema := schema[key]
		switch {
		case row.status == "no" && route != "":
			t.Errorf("%s:%d: `%s` is served (route %q in mastoapi/routes.go): change its row from no to yes or partial (what is missing), or to no (what it answers) if the route only refuses (501)", compatDoc, row.line, row.endpoint, route)
		case strings.HasPrefix(row.status, "no (") && route == "":
			t.Errorf("%s:%d: `%s` says %s but no route answers it: change its row to no", compatDoc, row.line, row.endpoint, row.status)
		case !isNo(row.status) && route == "":
			t.Errorf("%s:%d: `%s` says %s but no route serves it: change its row to no", compatDoc, row.line, row.endpoint, row.status)
		case !inSchema && route == "":
			t.Errorf("%s:%d: `%s` is neither in the schema nor served: remove its row", compatDoc, row.line, row.endpoint)
		}
	}
	for _, p := range routes {
		covered := false
		for key := range rows {
			if routeServes(p, key) {
				covered = true
				break
			}
		}
		if !covered {
			t.Errorf("%s: route %q (mastoapi/routes.go) has no row: add | `%s` | yes | (or partial (what is missing)) to the table of routes the schema does not describe", compatDoc, p, colonise(p))
		}
	}
}

func TestCompatibilityStartup(t *testing.T) {
	rows := readCompatTable(t)
	for _, e := range startupAndReading {
		row, ok := rows[endpointKey(e)]
		reason, pending := pendingStartup[e]
		switch {
		case !ok:
			t.Errorf("%s: start-up or reading endpoint `%s` has no row", compatDoc, colonise(e))
		case isNo(row.status) && !pending:
			t.Errorf("%s:%d: `%s` says no, but apps call it at start-up or to post and read: serve it", compatDoc, row.line, row.endpoint)
		case !isNo(row.status) && pending:
			t.Errorf("%s:%d: `%s` says %s now: remove it from pendingStartup (%s) in mastoapi/compat_test.go", compatDoc, row.line, row.endpoint, row.status, reason)
		}
	}
	for e := range pendingStartup {
		if !containsString(startupAndReading, e) {
			t.Errorf("pendingStartup names %q, which is not in startupAndReading", e)
		}
	}
}

// isNo reports whether a row's status says the endpoint is not there: "no", or
// "no (what the route answers)" for a route that only refuses.
func isNo(status string) bool { return status == "no" || strings.HasPrefix(status, "no (") }

// colonise writes a route pattern's parameters as the doc does: {id} as :id.
func colonise(p string) string {
	return braceParamRE.ReplaceAllStringFunc(p, func(s string) string { return ":" + strings.Trim(s, "{}") })
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func containsString(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
