package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/internal/guard"
	"agora/internal/schematest"
	"agora/mastoapi"
	"agora/service"
)

// rpScene is a reporter (alice), the account she reports (bob, with two
// public posts), a moderator and an admin, each with a token.
type rpScene struct {
	r                                  *rig
	schema                             *schematest.Schema
	alice, bob, mod, admin             *agora.Account
	aliceTok, bobTok, modTok, adminTok string
	st1, st2                           string
}

func rpBuild(t *testing.T, r *rig) *rpScene {
	sc := &rpScene{r: r, schema: schematest.Load(t)}
	sc.alice, sc.aliceTok = lgStaff(t, r, "alice", agora.RoleUser, "read write admin:read admin:write")
	sc.bob, sc.bobTok = lgStaff(t, r, "bob", agora.RoleUser, "read write")
	sc.mod, sc.modTok = lgStaff(t, r, "mod", agora.RoleModerator, "read write admin:read:reports admin:write:reports admin:read:accounts")
	sc.admin, sc.adminTok = lgStaff(t, r, "root", agora.RoleAdmin, "read write admin:read admin:write")
	sc.st1 = string(post(t, r.client(sc.bobTok), &mastodon.Toot{Status: "buy cheap pills", Visibility: "public"}).ID)
	sc.st2 = string(post(t, r.client(sc.bobTok), &mastodon.Toot{Status: "buy more pills", Visibility: "public"}).ID)
	return sc
}

// send sends form (nil: none) with the token and returns the status and body.
func (sc *rpScene) send(token, method, path string, form url.Values) (int, []byte) {
	sc.r.t.Helper()
	code, body, _ := whDo(sc.r.t, sc.r, whViewer{token: token}, method, path, form)
	return code, body
}

// ok calls an admin route as a moderator, wants 200 and checks the answer
// against the schema's component (the schema has no paths for the admin API,
// so the checking transport does not know them).
func (sc *rpScene) ok(token, method, path string, form url.Values, component string, into any) {
	sc.r.t.Helper()
	code, body := sc.send(token, method, path, form)
	if code != http.StatusOK {
		sc.r.t.Fatalf("%s %s = %d %s, want 200", method, path, code, lgShort(body))
	}
	if err := sc.schema.Validate(component, body); err != nil {
		sc.r.t.Errorf("%s %s: %v", method, path, err)
	}
	if into != nil {
		mustJSON(sc.r.t, body, into)
	}
}

// reportCount is how many reports the store holds.
func (sc *rpScene) reportCount() int {
	sc.r.t.Helper()
	list, err := sc.r.srv.DB.Reports(context.Background(), agora.ReportQuery{Page: agora.Page{Limit: agora.MaxPageLimit}})
	if err != nil {
		sc.r.t.Fatal(err)
	}
	return len(list)
}

func TestReports(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testReports(t, b) })
	}
}

func testReports(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := rpBuild(t, r)
	ctx := context.Background()

	// go-mastodon files a report as apps do.
	rep, err := r.client(sc.aliceTok).Report(ctx, mastodon.ID(sc.bob.ID.String()), []mastodon.ID{mastodon.ID(sc.st1)}, "selling pills")
	if err != nil {
		t.Fatalf("Report: %v", err)
	}
	if rep.ID == "" || rep.ActionTaken {
		t.Fatalf("report = %+v, want an open report", rep)
	}
	// JSON, with a category and two statuses: the Report entity (checked
	// against the schema by the rig's transport).
	code, body, _ := r.do("POST", "/api/v1/reports", sc.aliceTok, "application/json",
		fmt.Sprintf(`{"account_id": %q, "status_ids": [%q, %q], "comment": "spam twice", "category": "spam", "forward": true}`, sc.bob.ID, sc.st2, sc.st1))
	if code != http.StatusOK {
		t.Fatalf("POST /api/v1/reports = %d %s", code, body)
	}
	var second mastoapi.Report
	mustJSON(t, body, &second)
	if second.Category != "spam" || len(second.StatusIDs) != 2 || second.StatusIDs[0] != sc.st2 ||
		second.TargetAccount.ID != sc.bob.ID.String() || second.Comment != "spam twice" || second.Forwarded {
		t.Errorf("report = %s", body)
	}

	// The moderators are told: admin.report with the report, from the reporter.
	for _, tok := range []string{sc.modTok, sc.adminTok} {
		code, body := sc.send(tok, "GET", "/api/v1/notifications?types[]=admin.report", nil)
		var ns []mastoapi.Notification
		mustJSON(t, body, &ns)
		if code != http.StatusOK || len(ns) != 2 || ns[0].Type != "admin.report" || ns[0].Report == nil ||
			ns[0].Report.ID != second.ID || ns[0].Account.ID != sc.alice.ID.String() {
			t.Errorf("moderator's admin.report notifications = %d %s", code, lgShort(body))
		}
	}
	// Not the reporter, nor the reported account.
	for _, tok := range []string{sc.aliceTok, sc.bobTok} {
		if _, body := sc.send(tok, "GET", "/api/v1/notifications?types[]=admin.report", nil); strings.TrimSpace(string(body)) != "[]" {
			t.Errorf("a user's admin.report notifications = %s, want none", lgShort(body))
		}
	}

	// The queue, newest first, as moderation apps read it.
	var queue []mastoapi.AdminReport
	sc.ok(sc.modTok, "GET", "/api/v1/admin/reports", nil, "[]AdminReport", &queue)
	if len(queue) != 2 || queue[0].ID != second.ID || queue[1].ID != string(rep.ID) {
		t.Fatalf("queue = %+v", queue)
	}
	if q := queue[0]; q.Account.ID != sc.alice.ID.String() || q.TargetAccount.Account.ID != sc.bob.ID.String() ||
		len(q.Statuses) != 2 || q.Statuses[0].ID != sc.st2 || q.AssignedAccount != nil || q.TargetAccount.Email != "bob@example.org" {
		t.Errorf("queue[0] = %+v", q)
	}
	// go-mastodon reads it too.
	got, err := r.client(sc.modTok).GetAdminReports(ctx, nil)
	if err != nil || len(got) != 2 {
		t.Fatalf("GetAdminReports = %v, %v", got, err)
	}

	// Assign, resolve, filter, reopen, reclassify.
	var one mastoapi.AdminReport
	path := "/api/v1/admin/reports/" + second.ID
	sc.ok(sc.modTok, "POST", path+"/assign_to_self", url.Values{}, "AdminReport", &one)
	if one.AssignedAccount == nil || one.AssignedAccount.ID != sc.mod.ID.String() || one.AssignedAccount.Role.Name != "moderator" {
		t.Errorf("assigned = %+v", one.AssignedAccount)
	}
	resolved, err := r.client(sc.modTok).AdminReportResolve(ctx, mastodon.ID(second.ID))
	if err != nil || !resolved.ActionTaken || resolved.ActionTakenAt == nil || resolved.ActionTakenByAccount == nil {
		t.Fatalf("resolve = %+v, %v", resolved, err)
	}
	sc.ok(sc.modTok, "GET", "/api/v1/admin/reports?resolved=false", nil, "[]AdminReport", &queue)
	if len(queue) != 1 || queue[0].ID != string(rep.ID) {
		t.Errorf("open reports = %+v, want the first only", queue)
	}
	sc.ok(sc.modTok, "GET", "/api/v1/admin/reports?resolved=true&target_account_id="+sc.bob.ID.String()+"&account_id="+sc.alice.ID.String(), nil, "[]AdminReport", &queue)
	if len(queue) != 1 || queue[0].ID != second.ID {
		t.Errorf("resolved reports = %+v, want the second only", queue)
	}
	sc.ok(sc.modTok, "GET", "/api/v1/admin/reports?limit=1", nil, "[]AdminReport", &queue)
	if len(queue) != 1 || queue[0].ID != second.ID {
		t.Errorf("limit=1: %+v", queue)
	}
	sc.ok(sc.adminTok, "POST", path+"/reopen", url.Values{}, "AdminReport", &one)
	sc.ok(sc.adminTok, "POST", path+"/unassign", url.Values{}, "AdminReport", &one)
	if one.ActionTaken || one.ActionTakenAt != nil || one.AssignedAccount != nil {
		t.Errorf("reopened and unassigned = %+v", one)
	}
	sc.ok(sc.modTok, "PUT", path, url.Values{"category": {"legal"}}, "AdminReport", &one)
	if one.Category != "legal" {
		t.Errorf("category = %q, want legal", one.Category)
	}
	// Every change is audited, with who made it and from where.
	events, err := r.srv.DB.Audit(ctx, agora.AuditQuery{ObjectKind: "report", ObjectID: mustID(t, second.ID)})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
		if e.Action != "report.create" && (e.ActorKind != "account" || e.Channel != "api" || e.ClientIP == "") {
			t.Errorf("audit event %+v: want the moderator's account, channel api and an address", e)
		}
	}
	if want := "report.create report.assign_to_self report.resolve report.reopen report.unassign report.update"; strings.Join(actions, " ") != want {
		t.Errorf("audit = %v, want %s", actions, want)
	}
}

func mustID(t *testing.T, s string) agora.ID {
	t.Helper()
	id, err := agora.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestReports_BadInput checks that bad reports get the right 4xx with a
// message and store nothing.
func TestReports_BadInput(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			sc := rpBuild(t, r)
			carolPost := string(post(t, r.signUp("carol"), &mastodon.Toot{Status: "carol's", Visibility: "public"}).ID)
			private := string(post(t, r.client(sc.bobTok), &mastodon.Toot{Status: "for followers", Visibility: "private"}).ID)
			bob := sc.bob.ID.String()
			for _, tc := range []struct {
				name  string
				form  url.Values
				code  int
				words string
			}{
				{"no account", url.Values{"comment": {"x"}}, 422, "Account can't be blank"},
				{"unknown account", url.Values{"account_id": {"12345"}}, 404, "Record not found"},
				{"bad account ID", url.Values{"account_id": {"bob"}}, 400, "account_id"},
				{"self", url.Values{"account_id": {sc.alice.ID.String()}}, 422, "yourself"},
				{"comment too long", url.Values{"account_id": {bob}, "comment": {strings.Repeat("é", 1001)}}, 422, "at most 1000"},
				{"category", url.Values{"account_id": {bob}, "category": {"rude"}}, 422, "spam, legal, violation, other"},
				{"rules", url.Values{"account_id": {bob}, "rule_ids[]": {"1"}}, 422, "no rules"},
				{"someone else's status", url.Values{"account_id": {bob}, "status_ids[]": {sc.st1, carolPost}}, 422, "status"},
				{"a status the reporter cannot see", url.Values{"account_id": {bob}, "status_ids[]": {private}}, 422, "status"},
				{"status ID", url.Values{"account_id": {bob}, "status_ids[]": {"x"}}, 400, "status_ids"},
				{"too many statuses", url.Values{"account_id": {bob}, "status_ids[]": strings.Fields(strings.Repeat(sc.st1+" ", 101))}, 400, "100"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					code, body := sc.send(sc.aliceTok, "POST", "/api/v1/reports", tc.form)
					var e struct{ Error string }
					mustJSON(t, body, &e)
					if code != tc.code || !strings.Contains(e.Error, tc.words) {
						t.Errorf("= %d %s, want %d with %q", code, body, tc.code, tc.words)
					}
				})
			}
			if n := sc.reportCount(); n != 0 {
				t.Errorf("%d reports stored after bad input, want none", n)
			}
			// Without a token, or with one without write:reports.
			if code, _ := sc.send("", "POST", "/api/v1/reports", url.Values{"account_id": {bob}}); code != 401 {
				t.Errorf("anonymous report = %d, want 401", code)
			}
			readOnly := lgToken(t, r, "alice", "read")
			if code, _ := sc.send(readOnly, "POST", "/api/v1/reports", url.Values{"account_id": {bob}}); code != 403 {
				t.Errorf("report with a read token = %d, want 403", code)
			}
			// A moderator's bad classification changes nothing.
			rep := sc.file(bob, sc.st1)
			path := "/api/v1/admin/reports/" + rep
			for _, form := range []url.Values{{"category": {"rude"}}, {"rule_ids[]": {"3"}}, {"category": {"spam"}, "rule_ids[]": {"x"}}} {
				if code, body := sc.send(sc.modTok, "PUT", path, form); code != 422 && code != 400 {
					t.Errorf("PUT %v = %d %s, want 4xx", form, code, body)
				}
			}
			var one mastoapi.AdminReport
			sc.ok(sc.modTok, "GET", path, nil, "AdminReport", &one)
			if one.Category != "other" || one.UpdatedAt != one.CreatedAt {
				t.Errorf("after refused updates: %+v", one)
			}
			for _, p := range []string{"/api/v1/admin/reports/999", "/api/v1/admin/reports/x"} {
				if code, _ := sc.send(sc.modTok, "GET", p, nil); code != 404 {
					t.Errorf("GET %s = %d, want 404", p, code)
				}
			}
			if code, _ := sc.send(sc.modTok, "GET", "/api/v1/admin/reports?resolved=true&account_id=x", nil); code != 400 {
				t.Errorf("bad account_id filter = %d, want 400", code)
			}
		})
	}
}

// file files a report of account by alice about the statuses and returns its ID.
func (sc *rpScene) file(account string, statuses ...string) string {
	sc.r.t.Helper()
	code, body := sc.send(sc.aliceTok, "POST", "/api/v1/reports", url.Values{"account_id": {account}, "status_ids[]": statuses})
	if code != http.StatusOK {
		sc.r.t.Fatalf("report: %d %s", code, body)
	}
	var rep mastoapi.Report
	mustJSON(sc.r.t, body, &rep)
	return rep.ID
}

// signUp creates the account and signs in with the password grant.
func (r *rig) signUp(username string) *mastodon.Client {
	r.t.Helper()
	r.mustAccount(username)
	return r.passwordLogin(username)
}

// TestReports_AdminForbidden calls every admin route of the Mastodon API as a
// user (with every admin scope), a moderator whose token lacks the admin
// scopes, a legal staff member and anonymously: 403, 403, 403 and 401, and
// nothing changes.
func TestReports_AdminForbidden(t *testing.T) {
	r := newRig(t, agoratest.SQLite)
	sc := rpBuild(t, r)
	rep := sc.file(sc.bob.ID.String(), sc.st1)
	_, lenaTok := lgStaff(t, r, "lena", agora.RoleLegal, "read write admin:read admin:write legal:read legal:write")
	modNoScope := lgToken(t, r, "mod", "read write")
	routes := mastoapi.New(r.srv.Service, r.srv.Desk, guard.New(r.srv.Service, r.srv.Desk, r.srv.Gate), mastoapi.Info{}, slog.New(slog.NewTextHandler(io.Discard, nil))).Routes()
	n := 0
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.HasPrefix(path, "/api/v1/admin/") && !strings.HasPrefix(path, "/api/v2/admin/") {
			continue
		}
		n++
		path = strings.ReplaceAll(path, "{id}", rep)
		var form url.Values
		if method != "GET" {
			form = url.Values{"category": {"spam"}}
		}
		for _, c := range []struct {
			who, token string
			want       int
		}{{"user", sc.aliceTok, 403}, {"moderator without admin scopes", modNoScope, 403}, {"legal staff", lenaTok, 403}, {"anonymous", "", 401}} {
			code, body := sc.send(c.token, method, path, form)
			var e struct{ Error string }
			if json.Unmarshal(body, &e) != nil || code != c.want || e.Error == "" {
				t.Errorf("%s: %s %s = %d %s, want %d with a message", c.who, method, path, code, lgShort(body), c.want)
			}
		}
	}
	if n < 7 {
		t.Errorf("%d admin routes, want at least 7", n)
	}
	var one mastoapi.AdminReport
	sc.ok(sc.modTok, "GET", "/api/v1/admin/reports/"+rep, nil, "AdminReport", &one)
	if one.Category != "other" || one.ActionTaken || one.AssignedAccount != nil {
		t.Errorf("the report changed: %+v", one)
	}
}

// TestReports_Gate: a report shows its accounts and statuses through the
// moderator's snapshot. A status withheld in the moderator's country is left
// out of the report; a report on a withheld account is left out of the queue
// and of the notifications and answers 451 fetched; an admin (legal staff)
// sees it, marked.
func TestReports_Gate(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			sc := rpBuild(t, r)
			ctx := context.Background()
			rep := sc.file(sc.bob.ID.String(), sc.st1, sc.st2)
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: sc.st2, Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			var one mastoapi.AdminReport
			sc.ok(sc.modTok, "GET", "/api/v1/admin/reports/"+rep, nil, "AdminReport", &one)
			if len(one.Statuses) != 1 || one.Statuses[0].ID != sc.st1 {
				t.Errorf("statuses of the report = %+v, want st1 only", one.Statuses)
			}
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@bob", Countries: []string{"XX"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			code, body := sc.send(sc.modTok, "GET", "/api/v1/admin/reports/"+rep, nil)
			if code != http.StatusUnavailableForLegalReasons {
				t.Errorf("report on a withheld account = %d %s, want 451", code, lgShort(body))
			}
			for _, p := range []string{"/api/v1/admin/reports", "/api/v1/notifications?types[]=admin.report"} {
				if code, body := sc.send(sc.modTok, "GET", p, nil); code != 200 || strings.TrimSpace(string(body)) != "[]" {
					t.Errorf("GET %s = %d %s, want []", p, code, lgShort(body))
				}
			}
			if code, body := sc.send(sc.modTok, "POST", "/api/v1/admin/reports/"+rep+"/resolve", url.Values{}); code != http.StatusUnavailableForLegalReasons {
				t.Errorf("resolve a report on a withheld account = %d %s, want 451", code, lgShort(body))
			}
			var queue []mastoapi.AdminReport
			sc.ok(sc.adminTok, "GET", "/api/v1/admin/reports", nil, "[]AdminReport", &queue)
			if len(queue) != 1 || queue[0].TargetAccount.Account.WithheldInCountries == nil || len(queue[0].Statuses) != 2 {
				t.Errorf("admin's queue = %s", lgShort(mustMarshal(t, queue)))
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
