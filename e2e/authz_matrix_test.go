package e2e

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"agora/agoratest"
	"agora/authorityapi"
	"agora/internal/guard"
	"agora/internal/httpx"
	"agora/legalapi"
	"agora/mastoapi"
	"agora/service"
	"agora/translogapi"
	"agora/transparencyapi"
	"agora/web"
	"agora/web/console"
)

// The authorization matrix: every route of every route table, called as each
// role, against the outcome e2e/testdata/authz_matrix.tsv expects.
//
// The TSV has one line per route: the table ("mastodon", "legal",
// "authority", "translog", "transparency", "web", "console"), the route's
// pattern as its route table spells it ("GET /api/v1/statuses/{id}"), and one
// cell per role, in the order of the header line (mxRoles). Lines starting
// with "#" and blank lines are comments. A cell is one of:
//
//   - allow: the request reaches the handler, which judges it on its merits:
//     any 2xx or 3xx (but the console's redirect to its sign-in page), or a
//     4xx other than 401, 403 and 404 (400, 409, 422 for a body the matrix
//     leaves empty, 451, ...);
//   - refuse: the handler refuses this caller on the merits with a 4xx other
//     than 401, 403 and 404, as Mastodon does (422 for pinning another's
//     status): a 2xx or 3xx fails, and so does a deny;
//   - deny: 401 or 403, a 404 (every path parameter names a real item of the
//     fixture, so a 404 is the API hiding from the caller what it may not see
//     or act on), or the console's redirect to its sign-in page;
//   - "-": the role does not apply to the route and is not called (owner on
//     a route whose path names nothing owned, no_scope on a route without a
//     scope, console sessions for roles that hold none, ...).
//
// A 5xx fails whatever the cell says (but for the answers a route gives on
// purpose, mxDeliberate, which count as allow), and so does an answer that
// holds what the role may not read (mxFixture.leaks). An unexpected allow
// fails, and so does an unexpected deny. A route of a table without a line fails with the line to
// add; a line naming no route fails too. TestAuthzMatrix_Table checks that
// without a server; TestAuthzMatrix runs the matrix on each backend
// (agoratest.Backends: SQLite, and PostgreSQL when configured).
//
// The roles (mxRoles), and who "owner" is per table, are described in
// mxFixture; what each route's path parameters and body are, in mxFixture.request.

// mxRoles are the matrix's columns, in the TSV's order.
var mxRoles = []string{"anonymous", "user", "owner", "moderator", "legal", "admin",
	"authority_a", "authority_b", "staff_ended", "revoked", "no_scope"}

// mxCells are the values a cell may hold.
var mxCells = []string{"allow", "refuse", "deny", "-"}

// mxMatrixPath is the expected table.
const mxMatrixPath = "testdata/authz_matrix.tsv"

// mxRoute is one route of one route table.
type mxRoute struct {
	table, pattern string
	scope          string // the scope the route table gives, "" for none
	access         string // who the route table admits: see mxSuggest
}

func (r mxRoute) key() string { return r.table + "\t" + r.pattern }

// mxRoutes returns every route of every route table, built without a server,
// as TestRouteGate_Classified does, with the access each table declares.
func mxRoutes() []mxRoute {
	var out []mxRoute
	svc := service.New(service.Config{}, nil, nil, nil, nil, nil)
	for _, rt := range mastoapi.New(svc, nil, nil, mastoapi.Info{}, nil).Routes() {
		access := map[guard.Access]string{guard.Public: "public", guard.App: "token", guard.User: "token", guard.Moderator: "moderator"}[rt.Access]
		out = append(out, mxRoute{"mastodon", rt.Pattern, rt.Scope, access})
	}
	for _, rt := range (&legalapi.API{}).Routes() {
		access := "staff"
		if rt.Scope == "" {
			access = "open"
		}
		out = append(out, mxRoute{"legal", rt.Pattern, rt.Scope, access})
	}
	for _, rt := range (&authorityapi.API{}).Routes() {
		access := "authority"
		if rt.Gate == httpx.GateNone {
			access = "open"
		}
		out = append(out, mxRoute{"authority", rt.Pattern, "", access})
	}
	for _, rt := range (&translogapi.API{}).Routes() {
		out = append(out, mxRoute{"translog", rt.Pattern, "", "open"})
	}
	for _, rt := range (&transparencyapi.API{}).Routes() {
		out = append(out, mxRoute{"transparency", rt.Pattern, "", "open"})
	}
	for _, rt := range (&web.Site{}).Routes() {
		out = append(out, mxRoute{"web", rt.Pattern, "", "public"})
	}
	for _, rt := range (&console.Console{}).Routes() {
		access := "open"
		if rt.Staff {
			access = "session"
		}
		out = append(out, mxRoute{"console", rt.Pattern, "", access})
	}
	return out
}

// mxSuggest returns the cells a route's declared access and scope imply, in
// mxRoles order: the starting point of a new route's line, not the answer.
// The accesses: "open" reads no credentials; "public" admits anyone, but a
// token sent must be a valid account token; "token" needs a valid account
// token (user or app); "moderator" a valid token of a moderator or admin
// (Mastodon's admin API: the owner is an ordinary account, so denied where
// the path names its item); "staff" needs a staff account with access now (the
// legal API); "authority" an authority token (B is refused where the path
// names A's item); "session" a console session of staff with access now. What
// only the owner of what the path names may do, no declaration tells: the
// reviewer sets the owner cell and refuses the others.
func mxSuggest(rt mxRoute) []string {
	cell := map[string]string{"owner": "-", "no_scope": "-"}
	set := func(v string, roles ...string) {
		for _, r := range roles {
			cell[r] = v
		}
	}
	accounts := []string{"user", "moderator", "legal", "admin", "staff_ended"}
	switch rt.access {
	case "open":
		set("allow", "anonymous", "authority_a", "authority_b", "revoked")
		set("allow", accounts...)
		if rt.table == "console" {
			set("-", "authority_a", "authority_b")
		}
	case "public", "token":
		set("allow", accounts...)
		if strings.Contains(rt.pattern, "{") {
			cell["owner"] = "allow" // the fixture fills the path with the owner's items
		}
		set("deny", "authority_a", "authority_b", "revoked")
		set(map[string]string{"public": "allow", "token": "deny"}[rt.access], "anonymous")
	case "moderator":
		set("deny", "anonymous", "user", "legal", "staff_ended", "revoked", "authority_a", "authority_b")
		set("allow", "moderator", "admin")
		if strings.Contains(rt.pattern, "{") {
			cell["owner"] = "deny"
		}
	case "staff", "session":
		set("deny", "anonymous", "user", "moderator", "staff_ended", "revoked", "authority_a", "authority_b")
		set("allow", "legal", "admin")
		if rt.access == "session" {
			set("-", "authority_a", "authority_b")
		}
	case "authority":
		set("deny", "anonymous", "revoked")
		set("deny", accounts...)
		set("allow", "authority_a", "authority_b")
		if strings.Contains(rt.pattern, "{") {
			cell["authority_b"] = "deny"
		}
	}
	if rt.scope != "" {
		cell["no_scope"] = "deny"
	}
	out := make([]string, len(mxRoles))
	for i, r := range mxRoles {
		out[i] = cell[r]
		if out[i] == "" {
			out[i] = "?"
		}
	}
	return out
}

// mxRow is one line of the TSV.
type mxRow struct {
	line  int
	cells map[string]string // by role
}

// mxLoad reads the TSV: the rows by key (table, tab, pattern), and every
// problem with the file's lines.
func mxLoad(t *testing.T) (map[string]mxRow, []string) {
	t.Helper()
	f, err := os.Open(mxMatrixPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]mxRow{}
	var problems []string
	header := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if !header {
			want := append([]string{"table", "route"}, mxRoles...)
			if !slices.Equal(fields, want) {
				t.Fatalf("%s:%d: the header is %q, want %q", mxMatrixPath, n, fields, want)
			}
			header = true
			continue
		}
		if len(fields) != 2+len(mxRoles) {
			problems = append(problems, fmt.Sprintf("%s:%d: %d tab-separated fields, want %d (table, route, %s)", mxMatrixPath, n, len(fields), 2+len(mxRoles), strings.Join(mxRoles, ", ")))
			continue
		}
		key := fields[0] + "\t" + fields[1]
		if prev, dup := rows[key]; dup {
			problems = append(problems, fmt.Sprintf("%s:%d: %s %s again (first on line %d)", mxMatrixPath, n, fields[0], fields[1], prev.line))
			continue
		}
		row := mxRow{line: n, cells: map[string]string{}}
		for i, role := range mxRoles {
			c := fields[2+i]
			if !slices.Contains(mxCells, c) {
				problems = append(problems, fmt.Sprintf("%s:%d: cell %s is %q, want one of %s", mxMatrixPath, n, role, c, strings.Join(mxCells, ", ")))
			}
			row.cells[role] = c
		}
		rows[key] = row
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if !header {
		t.Fatalf("%s: no header line", mxMatrixPath)
	}
	return rows, problems
}

// mxCoverage returns what is wrong between the route tables and the rows: a
// route without a line (with the line its declared access implies, mxSuggest), a
// line without a route, and a no_scope cell other than "-" for a route without
// a scope.
func mxCoverage(routes []mxRoute, rows map[string]mxRow) []string {
	var problems []string
	seen := map[string]bool{}
	for _, rt := range routes {
		seen[rt.key()] = true
		row, ok := rows[rt.key()]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s route %q has no line in %s. Add one, deciding each cell (allow, refuse, deny or -) from what the design says the role may do. "+
				"This line is what the route's declared access (%s) and scope (%q) imply; where only the owner of what the path names may act, make owner allow and the others deny:\n%s\t%s\t%s",
				rt.table, rt.pattern, mxMatrixPath, rt.access, rt.scope, rt.table, rt.pattern, strings.Join(mxSuggest(rt), "\t")))
			continue
		}
		if rt.scope == "" && row.cells["no_scope"] != "-" {
			problems = append(problems, fmt.Sprintf("%s:%d: %s %s has no scope, so its no_scope cell must be -", mxMatrixPath, row.line, rt.table, rt.pattern))
		}
		if rt.scope != "" && row.cells["no_scope"] == "-" {
			problems = append(problems, fmt.Sprintf("%s:%d: %s %s needs the scope %s: its no_scope cell must say what a token without it gets", mxMatrixPath, row.line, rt.table, rt.pattern, rt.scope))
		}
	}
	for key, row := range rows {
		if !seen[key] {
			problems = append(problems, fmt.Sprintf("%s:%d: %q is in no route table: remove the line, or correct its table or pattern", mxMatrixPath, row.line, strings.ReplaceAll(key, "\t", " ")))
		}
	}
	slices.Sort(problems)
	return problems
}

// TestAuthzMatrix_Table checks, without a server, that the expected table has
// a well-formed line for every route of every route table and none for a
// route that no longer exists.
func TestAuthzMatrix_Table(t *testing.T) {
	rows, problems := mxLoad(t)
	problems = append(problems, mxCoverage(mxRoutes(), rows)...)
	for _, p := range problems {
		t.Error(p)
	}
}

// TestAuthzMatrix calls every route of every route table as every role that
// applies to it, on a real server on each backend, and compares the outcome's
// class with the cell of the expected table (see the top of this file).
func TestAuthzMatrix(t *testing.T) {
	rows, problems := mxLoad(t)
	routes := mxRoutes()
	problems = append(problems, mxCoverage(routes, rows)...)
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.FailNow()
	}
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { mxRun(t, b, routes, rows) })
	}
}

func mxRun(t *testing.T, b agoratest.Backend, routes []mxRoute, rows map[string]mxRow) {
	start := time.Now()
	fx := mxBuild(t, b)
	t.Logf("fixture built in %v", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	calls := 0
	for _, rt := range mxOrder(routes) {
		row := rows[rt.key()]
		for _, role := range mxRoles {
			want := row.cells[role]
			if want == "-" {
				continue
			}
			got, what, body := fx.call(rt, role)
			if got == "" {
				break // reported: the route's path could not be filled
			}
			calls++
			if got != want && !(want == "allow" && got == "refuse") {
				t.Errorf("%s:%d: %s %s as %s: %s, want %s", mxMatrixPath, row.line, rt.table, rt.pattern, role, what, want)
			}
			if leak := fx.leaks(rt.table, role, body); leak != "" {
				t.Errorf("%s %s as %s: the answer holds %q: %s", rt.table, rt.pattern, role, leak, what)
			}
		}
	}
	t.Logf("%d routes, %d calls in %v", len(routes), calls, time.Since(start).Round(time.Millisecond))
}

// mxOrder returns the routes in the order the matrix calls them: the console
// last, as its sign-out route ends sessions (each call of it signs in
// afresh, but a failure there should not spoil the others), and the
// transparency log's openings after the other tables, so that the fixture's
// confidential order is published by then.
func mxOrder(routes []mxRoute) []mxRoute {
	rank := map[string]int{"console": 2, "translog": 1}
	out := slices.Clone(routes)
	slices.SortStableFunc(out, func(a, b mxRoute) int { return rank[a.table] - rank[b.table] })
	return out
}
