package demo_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"agora"
	"agora/app"
	"agora/storetest"
)

// openDemoMain opens agora (not serving) on the database.
func openDemoMain(t *testing.T, dsn string) *app.Main {
	t.Helper()
	cfg := app.Defaults()
	cfg.Addr, cfg.DB = "127.0.0.1:0", dsn
	m := app.NewMain(cfg, io.Discard)
	m.PasswordCost = bcrypt.MinCost
	if err := m.Open(context.Background()); err != nil {
		t.Fatalf("open: %v", err)
	}
	return m
}

// TestSeed seeds a fresh SQLite database: the accounts, posts and follows, an
// order of about 1,200 targets of every kind of resolution, acknowledged, with
// targets withheld in IN (enforced by the gate), declined with reasons, escalated
// and pending; working credentials. A second run changes nothing.
func TestSeed(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.SQLitePath(t)
	m := openDemoMain(t, dsn)
	d, err := m.SeedDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Seeded {
		t.Fatalf("a fresh database was not seeded: %s", d.Reason)
	}
	accounts, err := m.DB.CountAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if accounts != d.Accounts || accounts < 1200 || d.Posts < 200 || d.Follows < 500 {
		t.Errorf("%d accounts (demo says %d), %d posts, %d follows; want 1,200+ accounts, 200+ posts, 500+ follows",
			accounts, d.Accounts, d.Posts, d.Follows)
	}

	// The order: about 1,200 targets, some unknown, some duplicates, a hashtag.
	o := d.Order
	c := o.Counts
	if c.Total < 1150 || c.Total > 1250 || c.Resolved < 1100 || c.Unresolved < 10 || c.Duplicate < 10 {
		t.Errorf("order targets %+v, want about 1,200 with 1,100+ resolved, 10+ unresolved, 10+ duplicates", c)
	}
	if o.State != agora.OrderInReview || o.AcknowledgedAt.IsZero() || o.FirstEffectAt.IsZero() || o.AssignedTo == 0 {
		t.Errorf("order state %s, acknowledged %v, first effect %v, assigned to %v; want in review, acknowledged, effect given, assigned",
			o.State, o.AcknowledgedAt, o.FirstEffectAt, o.AssignedTo)
	}
	if d.Authority.Country != "IN" || d.Authority.Kind != agora.AuthorityMinistry || !strings.Contains(strings.Join(o.TerritorialScope, ","), "IN") {
		t.Errorf("authority %+v, scope %v; want a ministry in IN", d.Authority, o.TerritorialScope)
	}
	targets, err := m.Desk.Targets(ctx, nil, agora.TargetQuery{OrderID: o.ID, Limit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	byKind, byState := map[agora.SubjectKind]int{}, map[agora.TargetState]int{}
	var withheldAccount, declinedAccount agora.ID
	for _, tg := range targets {
		byKind[tg.Kind]++
		byState[tg.State]++
		if tg.Kind == agora.SubjectAccount && tg.State == agora.TargetWithheld {
			withheldAccount = tg.SubjectID
		}
		if tg.Kind == agora.SubjectAccount && tg.State == agora.TargetDeclined {
			declinedAccount = tg.SubjectID
			if tg.ReasonCode == "" {
				t.Errorf("declined target %q has no reason code", tg.Input)
			}
		}
	}
	if len(targets) != c.Total || byKind[agora.SubjectHashtag] != 1 || byKind[agora.SubjectStatus] < 10 {
		t.Errorf("%d targets by kind %v; want %d with one hashtag and 10+ statuses", len(targets), byKind, c.Total)
	}
	if byState[agora.TargetWithheld] != d.Withheld || d.Withheld < 400 || byState[agora.TargetDeclined] != d.Declined || d.Declined < 10 ||
		d.Escalated != 2 || d.Pending < 500 {
		t.Errorf("targets by state %v; demo says %d withheld, %d declined, %d escalated, %d pending", byState, d.Withheld, d.Declined, d.Escalated, d.Pending)
	}
	corr, err := m.Desk.Correspondence(ctx, nil, o.ID)
	if err != nil || len(corr) != 2 {
		t.Errorf("correspondence %d, %v; want 2", len(corr), err)
	}

	// The gate enforces the decisions: a withheld account is 451 in IN, seen in DE;
	// a declined one is seen everywhere.
	in, de := agora.WithCountry(ctx, "IN"), agora.WithCountry(ctx, "DE")
	if _, _, err := m.Service.Account(in, m.Service.As(in, nil), withheldAccount); agora.ErrorCode(err) != agora.EWITHHELD {
		t.Errorf("withheld account from IN: %v, want %s", err, agora.EWITHHELD)
	}
	if _, _, err := m.Service.Account(de, m.Service.As(de, nil), withheldAccount); err != nil {
		t.Errorf("withheld account from DE: %v", err)
	}
	if _, _, err := m.Service.Account(in, m.Service.As(in, nil), declinedAccount); err != nil {
		t.Errorf("declined account from IN: %v", err)
	}

	// The credentials work; the user withheld in IN has its moderation warning.
	admin, err := m.Service.CheckPassword(ctx, d.AdminUsername, d.AdminPassword)
	if err != nil || admin.Role != agora.RoleAdmin {
		t.Errorf("admin sign-in: %v", err)
	}
	if a, err := m.Service.CheckPassword(ctx, d.LegalUsername, d.LegalPassword); err != nil || a.Role != agora.RoleLegal {
		t.Errorf("legal sign-in: %v", err)
	}
	auth, err := m.Service.Authenticate(ctx, d.LegalToken)
	if err != nil || auth.Account.Username != d.LegalUsername || !auth.Allows("legal:write") || !auth.Allows("legal:read") {
		t.Errorf("legal token: %+v, %v", auth, err)
	}
	user, err := m.Service.CheckPassword(ctx, d.UserUsername, d.UserPassword)
	if err != nil {
		t.Fatalf("user sign-in: %v", err)
	}
	page, err := m.Service.Notifications(ctx, m.Service.As(ctx, user), agora.NotificationQuery{Types: []agora.NotificationType{agora.NotifyModerationWarning}})
	if err != nil || len(page.Notifications) != 1 {
		t.Errorf("the withheld user's moderation warnings: %v, %v; want 1", page, err)
	}
	if _, _, err := m.Service.Account(in, m.Service.As(in, nil), user.ID); agora.ErrorCode(err) != agora.EWITHHELD {
		t.Errorf("the demo user from IN: %v, want %s", err, agora.EWITHHELD)
	}

	var out bytes.Buffer
	d.Print(&out, m.URL)
	for _, want := range []string{"demo credentials", "DEMO ONLY", "username admin", "username legal", d.AdminPassword,
		d.LegalPassword, d.LegalToken, "legal:write", o.Number} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printed credentials lack %q:\n%s", want, out.String())
		}
	}
	t.Logf("%s", out.String())
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	// A second run on the same database does nothing but say so.
	m2 := openDemoMain(t, dsn)
	defer m2.Close()
	d2, err := m2.SeedDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Seeded || !strings.Contains(d2.Reason, "accounts") {
		t.Errorf("second run: seeded %v, reason %q; want not seeded, because of the accounts", d2.Seeded, d2.Reason)
	}
	if n, err := m2.DB.CountAccounts(ctx); err != nil || n != accounts {
		t.Errorf("after the second run %d accounts (%v), want %d", n, err, accounts)
	}
	if list, err := m2.DB.Orders(ctx, agora.OrderQuery{Limit: 10}); err != nil || len(list) != 1 {
		t.Errorf("after the second run %d orders (%v), want 1", len(list), err)
	}
	out.Reset()
	d2.Print(&out, m2.URL)
	if !strings.Contains(out.String(), "not seeded") || strings.Contains(out.String(), "password") {
		t.Errorf("second run prints %q", out.String())
	}
}
