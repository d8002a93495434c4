package storetest

import (
	"testing"
	"time"

	"agora"
)

var moderationTests = []test{
	{"Reports", testReports},
	{"Reports/Query", testReportsQuery},
	{"CreateReport/Atomic", testCreateReportAtomic},
	{"ModeratorIDs", testModeratorIDs},
	{"DismissNotifications", testDismissNotifications},
	{"ListAccounts", testListAccounts},
}

// staffAccount creates an account with the role, suspended at suspended
// unless that is zero.
func (f *fixture) staffAccount(username string, role agora.Role, suspended time.Time) *agora.Account {
	f.t.Helper()
	id := ids.New()
	a := &agora.Account{ID: id, Username: username, Email: username + "@example.org",
		PasswordHash: "$2a$10$hash", Role: role, CreatedAt: id.Time(), SuspendedAt: suspended}
	if err := f.s.CreateAccount(f.ctx, a); err != nil {
		f.t.Fatalf("CreateAccount(%s): %v", username, err)
	}
	return a
}

// report makes a report of target by from, about the statuses.
func (f *fixture) report(from, target *agora.Account, category agora.ReportCategory, statuses ...*agora.Status) *agora.Report {
	f.t.Helper()
	id := ids.New()
	r := &agora.Report{ID: id, AccountID: from.ID, TargetAccountID: target.ID, Comment: "about " + target.Username,
		Category: category, CreatedAt: id.Time(), UpdatedAt: id.Time()}
	for _, st := range statuses {
		r.StatusIDs = append(r.StatusIDs, st.ID)
	}
	if err := f.s.CreateReport(f.ctx, r, nil, nil); err != nil {
		f.t.Fatalf("CreateReport: %v", err)
	}
	return r
}

func testReports(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	mod := f.staffAccount("mod", agora.RoleModerator, time.Time{})
	st1, st2 := f.status(bob, "one"), f.status(bob, "two")

	id := ids.New()
	at := time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.FixedZone("X", 3600))
	r := &agora.Report{ID: id, AccountID: alice.ID, TargetAccountID: bob.ID, StatusIDs: []agora.ID{st2.ID, st1.ID},
		RuleIDs: []agora.ID{7}, Comment: "spam, spam, spam", Category: agora.ReportSpam, Forward: true, CreatedAt: at, UpdatedAt: at}
	nid := ids.New()
	n := &agora.Notification{ID: nid, AccountID: mod.ID, Type: agora.NotifyAdminReport, FromAccountID: alice.ID, ReportID: id, CreatedAt: nid.Time()}
	ev := &agora.AuditEvent{ID: ids.New(), ActorID: alice.ID, ActorKind: "account", Action: "report.create",
		ObjectKind: "report", ObjectID: id, Summary: "reported", Channel: "api", CreatedAt: at}
	mustOK(t, s.CreateReport(ctx, r, []*agora.Notification{n}, []*agora.AuditEvent{ev}), "CreateReport")
	if r.CreatedAt != ms(at) || r.UpdatedAt != ms(at) {
		t.Errorf("times not normalized in place: %v %v", r.CreatedAt, r.UpdatedAt)
	}
	got, err := s.Report(ctx, id)
	mustOK(t, err, "Report")
	equal(t, "Report", got, r)

	ns, err := s.Notifications(ctx, mod.ID, agora.NotificationQuery{Types: []agora.NotificationType{agora.NotifyAdminReport}})
	mustOK(t, err, "Notifications")
	if len(ns) != 1 || ns[0].ReportID != id || ns[0].FromAccountID != alice.ID {
		t.Errorf("moderator's notifications = %+v, want the admin.report about %d", ns, id)
	}
	evs, err := s.Audit(ctx, agora.AuditQuery{ObjectKind: "report", ObjectID: id})
	mustOK(t, err, "Audit")
	if len(evs) != 1 || evs[0].Action != "report.create" {
		t.Errorf("audit = %+v, want report.create", evs)
	}

	// A moderator takes it and resolves it; then reopens it.
	r.AssignedAccountID, r.ActionTakenAt, r.ActionTakenByID = mod.ID, at.Add(time.Hour), mod.ID
	r.Category, r.RuleIDs, r.UpdatedAt = agora.ReportViolation, nil, at.Add(time.Hour)
	r.Comment = "not written" // not a moderator's to change
	mustOK(t, s.UpdateReport(ctx, r, []*agora.AuditEvent{{ID: ids.New(), ActorID: mod.ID, ActorKind: "account",
		Action: "report.resolve", ObjectKind: "report", ObjectID: id, Channel: "api", CreatedAt: at}}), "UpdateReport")
	got, err = s.Report(ctx, id)
	mustOK(t, err, "Report")
	r.Comment = "spam, spam, spam"
	equal(t, "Report after resolve", got, r)
	if !got.Resolved() {
		t.Error("resolved report reads as open")
	}
	r.ActionTakenAt, r.ActionTakenByID, r.AssignedAccountID = time.Time{}, 0, 0
	mustOK(t, s.UpdateReport(ctx, r, nil), "UpdateReport (reopen)")
	got, err = s.Report(ctx, id)
	mustOK(t, err, "Report")
	equal(t, "Report after reopen", got, r)
	evs, err = s.Audit(ctx, agora.AuditQuery{ObjectKind: "report", ObjectID: id})
	mustOK(t, err, "Audit")
	if len(evs) != 2 {
		t.Errorf("audit has %d events, want 2", len(evs))
	}

	_, err = s.Report(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
	missing := *r
	missing.ID = ids.New()
	wantCode(t, s.UpdateReport(ctx, &missing, nil), agora.ENOTFOUND)
}

func testReportsQuery(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob, carol := f.account("alice"), f.account("bob"), f.account("carol")
	r1 := f.report(alice, bob, agora.ReportSpam)
	r2 := f.report(carol, bob, agora.ReportOther)
	r3 := f.report(alice, carol, agora.ReportLegal)
	r2.ActionTakenAt, r2.ActionTakenByID, r2.UpdatedAt = r2.CreatedAt.Add(time.Minute), alice.ID, r2.CreatedAt.Add(time.Minute)
	mustOK(t, s.UpdateReport(ctx, r2, nil), "UpdateReport")
	yes, no := true, false
	for _, tc := range []struct {
		name string
		q    agora.ReportQuery
		want []*agora.Report
	}{
		{"all", agora.ReportQuery{}, []*agora.Report{r3, r2, r1}},
		{"open", agora.ReportQuery{Resolved: &no}, []*agora.Report{r3, r1}},
		{"resolved", agora.ReportQuery{Resolved: &yes}, []*agora.Report{r2}},
		{"by alice", agora.ReportQuery{AccountID: alice.ID}, []*agora.Report{r3, r1}},
		{"about bob", agora.ReportQuery{TargetAccountID: bob.ID}, []*agora.Report{r2, r1}},
		{"by alice about bob", agora.ReportQuery{AccountID: alice.ID, TargetAccountID: bob.ID}, []*agora.Report{r1}},
		{"max_id", agora.ReportQuery{Page: agora.Page{MaxID: r3.ID}}, []*agora.Report{r2, r1}},
		{"min_id, limit", agora.ReportQuery{Page: agora.Page{MinID: r1.ID, Limit: 1}}, []*agora.Report{r2}},
		{"since_id", agora.ReportQuery{Page: agora.Page{SinceID: r1.ID}}, []*agora.Report{r3, r2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Reports(ctx, tc.q)
			mustOK(t, err, "Reports")
			equal(t, "Reports", got, tc.want)
		})
	}
}

func testCreateReportAtomic(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	id := ids.New()
	r := &agora.Report{ID: id, AccountID: alice.ID, TargetAccountID: bob.ID, Category: agora.ReportOther, CreatedAt: id.Time(), UpdatedAt: id.Time()}
	nid := ids.New()
	// A notification to an account that does not exist: nothing is stored.
	n := &agora.Notification{ID: nid, AccountID: ids.New(), Type: agora.NotifyAdminReport, FromAccountID: alice.ID, ReportID: id, CreatedAt: nid.Time()}
	wantCode(t, s.CreateReport(ctx, r, []*agora.Notification{n}, nil), agora.ENOTFOUND)
	_, err := s.Report(ctx, id)
	wantCode(t, err, agora.ENOTFOUND)
	// A report about an account that does not exist.
	r.TargetAccountID = ids.New()
	wantCode(t, s.CreateReport(ctx, r, nil, nil), agora.ENOTFOUND)
	list, err := s.Reports(ctx, agora.ReportQuery{})
	mustOK(t, err, "Reports")
	if len(list) != 0 {
		t.Errorf("Reports = %d reports after failed creates, want none", len(list))
	}
}

func testModeratorIDs(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	f.account("alice")
	mod := f.staffAccount("mod", agora.RoleModerator, time.Time{})
	f.staffAccount("lena", agora.RoleLegal, time.Time{})
	f.staffAccount("gone", agora.RoleModerator, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	admin := f.staffAccount("root", agora.RoleAdmin, time.Time{})
	got, err := s.ModeratorIDs(ctx, 10)
	mustOK(t, err, "ModeratorIDs")
	equal(t, "ModeratorIDs", got, []agora.ID{mod.ID, admin.ID})
	got, err = s.ModeratorIDs(ctx, 1)
	mustOK(t, err, "ModeratorIDs(1)")
	equal(t, "ModeratorIDs(1)", got, []agora.ID{mod.ID})
}

func testDismissNotifications(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	me, bob := f.account("me"), f.account("bob")
	a, b, c := f.notify(agora.NotifyFollow, me, bob, nil), f.notify(agora.NotifyFollow, me, bob, nil), f.notify(agora.NotifyFollow, me, bob, nil)
	theirs := f.notify(agora.NotifyFollow, bob, me, nil)
	n, err := s.DismissNotifications(ctx, me.ID, []agora.ID{a.ID, c.ID, theirs.ID, ids.New()})
	mustOK(t, err, "DismissNotifications")
	if n != 2 {
		t.Errorf("DismissNotifications = %d, want 2", n)
	}
	left, err := s.Notifications(ctx, me.ID, agora.NotificationQuery{})
	mustOK(t, err, "Notifications")
	if len(left) != 1 || left[0].ID != b.ID {
		t.Errorf("left = %+v, want b only", left)
	}
	if _, err := s.Notification(ctx, bob.ID, theirs.ID); err != nil {
		t.Errorf("someone else's notification was dismissed: %v", err)
	}
	n, err = s.DismissNotifications(ctx, me.ID, nil)
	mustOK(t, err, "DismissNotifications(nil)")
	if n != 0 {
		t.Errorf("DismissNotifications(nil) = %d", n)
	}
}

func testListAccounts(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	mod := f.staffAccount("mod", agora.RoleModerator, time.Time{})
	gone := f.staffAccount("gone_user", agora.RoleUser, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	lena := f.staffAccount("lena", agora.RoleLegal, time.Time{})
	alice.DisplayName = "Alice 100% Real"
	mustOK(t, s.UpdateProfile(ctx, alice), "UpdateProfile")
	yes, no := true, false
	for _, tc := range []struct {
		name string
		q    agora.AccountQuery
		want []*agora.Account
	}{
		{"all", agora.AccountQuery{}, []*agora.Account{lena, gone, mod, alice}},
		{"suspended", agora.AccountQuery{Suspended: &yes}, []*agora.Account{gone}},
		{"active", agora.AccountQuery{Suspended: &no}, []*agora.Account{lena, mod, alice}},
		{"staff", agora.AccountQuery{Staff: true}, []*agora.Account{lena, mod}},
		{"roles", agora.AccountQuery{Roles: []agora.Role{agora.RoleUser}}, []*agora.Account{gone, alice}},
		{"staff and the user role", agora.AccountQuery{Staff: true, Roles: []agora.Role{agora.RoleUser}}, nil},
		{"username prefix, any case", agora.AccountQuery{Username: "GON"}, []*agora.Account{gone}},
		{"username is a prefix, not a pattern", agora.AccountQuery{Username: "gone%"}, nil},
		{"underscore is literal", agora.AccountQuery{Username: "gone_"}, []*agora.Account{gone}},
		{"display name", agora.AccountQuery{DisplayName: "100%"}, []*agora.Account{alice}},
		{"email", agora.AccountQuery{Email: "MOD@EXAMPLE"}, []*agora.Account{mod}},
		{"max_id, limit", agora.AccountQuery{Page: agora.Page{MaxID: lena.ID, Limit: 2}}, []*agora.Account{gone, mod}},
		{"min_id", agora.AccountQuery{Page: agora.Page{MinID: alice.ID, Limit: 1}}, []*agora.Account{mod}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ListAccounts(ctx, tc.q)
			mustOK(t, err, "ListAccounts")
			var names, want []string
			for _, a := range got {
				names = append(names, a.Username)
			}
			for _, a := range tc.want {
				want = append(want, a.Username)
			}
			equal(t, "ListAccounts", names, want)
		})
	}
}
