package storetest

import (
	"slices"
	"testing"
	"time"

	"agora"
)

var accountActionTests = []test{
	{"ModerateAccount", testModerateAccount},
	{"ModerateAccount/Atomic", testModerateAccountAtomic},
	{"ModerateAccount/Undo", testModerateAccountUndo},
	{"ModerateAccount/Concurrent", testModerateAccountConcurrent},
	{"ModerateAccount/LegalRemoval", testModerateAccountLegalRemoval},
	{"AccountLimits", testAccountLimits},
	{"DeleteAccountData", testDeleteAccountData},
}

// moderation is the write that takes the action on a at (with undo, undoes
// it), with one audit event.
func moderation(a *agora.Account, act agora.AccountActionType, undo bool, at time.Time) *agora.AccountModeration {
	return &agora.AccountModeration{AccountID: a.ID, Action: act, Undo: undo, At: at,
		Events: []*agora.AuditEvent{{ID: ids.New(), ActorKind: "cli", Action: "account.test", ObjectKind: "account",
			ObjectID: a.ID, Summary: "test", CreatedAt: legalTime(0)}}}
}

// moderate takes the actions on a at, in turn (with undo, undoes them), and
// returns whether each changed a's state.
func (f *fixture) moderate(a *agora.Account, undo bool, at time.Time, acts ...agora.AccountActionType) []bool {
	f.t.Helper()
	var changed []bool
	for _, act := range acts {
		m := moderation(a, act, undo, at)
		mustOK(f.t, f.s.ModerateAccount(f.t.Context(), m), "ModerateAccount "+string(act))
		changed = append(changed, m.Changed)
	}
	return changed
}

func testModerateAccount(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	mod := f.staffAccount("mod", agora.RoleModerator, time.Time{})
	r := f.report(alice, bob, agora.ReportSpam)
	other := f.report(bob, alice, agora.ReportSpam)

	at := time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.FixedZone("X", 3600))
	m := moderation(bob, agora.ActionSuspend, false, at)
	m.ResolveReportID, m.ResolvedByID, m.ResolvedAt = r.ID, mod.ID, at
	w := &agora.AccountWarning{ID: ids.New(), AccountID: bob.ID, Action: "suspend", Text: "spam", CreatedAt: at, NotifiedAt: at}
	m.Warning = w
	nid := ids.New()
	m.Notifications = []*agora.Notification{{ID: nid, AccountID: bob.ID, Type: agora.NotifyModerationWarning,
		FromAccountID: bob.ID, WarningID: w.ID, CreatedAt: nid.Time()}}
	if err := s.ModerateAccount(ctx, m); err != nil {
		t.Fatalf("ModerateAccount: %v", err)
	}
	if m.At != ms(at) || m.ResolvedAt != ms(at) {
		t.Errorf("times not normalized in place: %v, %v", m.At, m.ResolvedAt)
	}
	if !m.Changed {
		t.Error("a suspension: Changed false")
	}
	f.moderate(bob, false, at.Add(time.Second), agora.ActionSilence)
	f.moderate(bob, false, at.Add(2*time.Second), agora.ActionSensitive)
	// Taken again, an action keeps its first time and changes nothing, but
	// is recorded (a strike each time, as Mastodon).
	if changed := f.moderate(bob, false, at.Add(time.Hour), agora.ActionSuspend, agora.ActionSilence, agora.ActionNone); changed[0] || changed[1] || changed[2] {
		t.Errorf("actions in force again: changed %v", changed)
	}
	got, err := s.Account(ctx, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.SuspendedAt != ms(at) || got.SilencedAt != ms(at.Add(time.Second)) || got.SensitizedAt != ms(at.Add(2*time.Second)) || !got.DisabledAt.IsZero() {
		t.Errorf("bob = suspended %v, silenced %v, sensitized %v, disabled %v", got.SuspendedAt, got.SilencedAt, got.SensitizedAt, got.DisabledAt)
	}
	if !got.Suspended() || !got.SuspendedByModerators || !got.Silenced() || !got.Sensitized() || got.Disabled() {
		t.Errorf("bob's flags: suspended %t silenced %t sensitized %t disabled %t", got.Suspended(), got.Silenced(), got.Sensitized(), got.Disabled())
	}
	// The lift of a legal removal leaves the moderators' suspension alone.
	if _, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{UnsuspendAccounts: []agora.ID{bob.ID}}); err != nil {
		t.Fatalf("ApplyDecisions: %v", err)
	}
	if got, _ := s.Account(ctx, bob.ID); !got.Suspended() {
		t.Error("a legal lift ended the moderators' suspension")
	}
	if a, _ := s.Account(ctx, alice.ID); a.Suspended() || a.Silenced() || a.Sensitized() || a.Disabled() {
		t.Error("alice was moderated too")
	}
	rep, err := s.Report(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ActionTakenAt != ms(at) || rep.ActionTakenByID != mod.ID {
		t.Errorf("report resolved at %v by %d, want %v by %d", rep.ActionTakenAt, rep.ActionTakenByID, ms(at), mod.ID)
	}
	if rep, _ := s.Report(ctx, other.ID); rep.Resolved() {
		t.Error("another report was resolved")
	}
	gotW, err := s.AccountWarning(ctx, w.ID)
	if err != nil {
		t.Fatalf("AccountWarning: %v", err)
	}
	if gotW.Action != "suspend" || gotW.Text != "spam" || gotW.OrderID != 0 {
		t.Errorf("warning = %+v", gotW)
	}
	ns, err := s.Notifications(ctx, bob.ID, agora.NotificationQuery{Types: []agora.NotificationType{agora.NotifyModerationWarning}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].WarningID != w.ID {
		t.Errorf("notifications = %+v, want the warning's", ns)
	}
	evs, err := s.Audit(ctx, agora.AuditQuery{ObjectKind: "account", ObjectID: bob.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 6 || evs[0].Action != "account.test" {
		t.Errorf("audit = %d events, want six", len(evs))
	}

	// A resolved report stays as it was; the account's times are cleared.
	later := at.Add(time.Hour)
	f.moderate(bob, true, time.Time{}, agora.ActionSuspend, agora.ActionSilence, agora.ActionSensitive)
	m2 := moderation(bob, agora.ActionDisable, false, later)
	m2.ResolveReportID, m2.ResolvedByID, m2.ResolvedAt = r.ID, alice.ID, later
	if err := s.ModerateAccount(ctx, m2); err != nil {
		t.Fatalf("ModerateAccount again: %v", err)
	}
	got, _ = s.Account(ctx, bob.ID)
	if got.Suspended() || got.Silenced() || got.Sensitized() || got.DisabledAt != ms(later) {
		t.Errorf("bob after = %+v", got)
	}
	if rep, _ := s.Report(ctx, r.ID); rep.ActionTakenAt != ms(at) || rep.ActionTakenByID != mod.ID {
		t.Errorf("a resolved report changed: %v by %d", rep.ActionTakenAt, rep.ActionTakenByID)
	}

	// ListAccounts selects by the new states.
	for _, tc := range []struct {
		q    agora.AccountQuery
		want int
	}{
		{agora.AccountQuery{Disabled: true}, 1},
		{agora.AccountQuery{Silenced: true}, 0},
		{agora.AccountQuery{Sensitized: true}, 0},
	} {
		tc.q.Page = agora.Page{Limit: 10}
		list, err := s.ListAccounts(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != tc.want || (tc.want == 1 && list[0].ID != bob.ID) {
			t.Errorf("ListAccounts(%+v) = %d accounts, want %d", tc.q, len(list), tc.want)
		}
	}
}

// testModerateAccountAtomic: an unknown account, or a report about someone
// else, writes nothing.
func testModerateAccountAtomic(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	aboutAlice := f.report(bob, alice, agora.ReportOther)
	at := legalTime(1)

	ghost := &agora.Account{ID: ids.New()}
	for _, undo := range []bool{false, true} {
		if err := s.ModerateAccount(ctx, moderation(ghost, agora.ActionSuspend, undo, at)); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("unknown account (undo %t): %v, want ENOTFOUND", undo, err)
		}
	}
	for _, m := range []*agora.AccountModeration{
		moderation(bob, "delete", false, at), moderation(bob, agora.ActionNone, true, at),
		moderation(bob, agora.ActionSilence, false, time.Time{}),
	} {
		if err := s.ModerateAccount(ctx, m); agora.ErrorCode(err) != agora.EINVALID {
			t.Errorf("%s (undo %t) at %v: %v, want EINVALID", m.Action, m.Undo, m.At, err)
		}
	}
	m := moderation(bob, agora.ActionSuspend, false, at)
	m.ResolveReportID, m.ResolvedAt = aboutAlice.ID, at
	m.Warning = &agora.AccountWarning{ID: ids.New(), AccountID: bob.ID, Action: "suspend", CreatedAt: at, NotifiedAt: at}
	if err := s.ModerateAccount(ctx, m); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("report about another account: %v, want ENOTFOUND", err)
	}
	if got, _ := s.Account(ctx, bob.ID); got.Suspended() || got.Silenced() {
		t.Errorf("bob was changed: %+v", got)
	}
	if _, err := s.AccountWarning(ctx, m.Warning.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("the warning was written: %v", err)
	}
	if evs, _ := s.Audit(ctx, agora.AuditQuery{ObjectKind: "account", ObjectID: bob.ID, Limit: 10}); len(evs) != 0 {
		t.Errorf("audit written: %+v", evs)
	}
	if rep, _ := s.Report(ctx, aboutAlice.ID); rep.Resolved() {
		t.Error("the report was resolved")
	}
	if limits, _ := s.AccountLimits(ctx); len(limits) != 0 {
		t.Errorf("AccountLimits = %+v, want none", limits)
	}
}

func testAccountLimits(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	a, b, c, d := f.account("a"), f.account("b"), f.account("c"), f.account("d")
	at := legalTime(1)
	f.moderate(a, false, at, agora.ActionSuspend)
	f.moderate(b, false, at, agora.ActionSilence)
	f.moderate(c, false, at, agora.ActionSensitive, agora.ActionDisable) // neither suspended nor silenced
	f.moderate(d, false, at, agora.ActionSuspend, agora.ActionSilence)
	// A suspension that is only the legal desk's removal is enforced by its
	// rule: not a limit.
	legal := f.account("e")
	_, err := s.ApplyDecisions(ctx, &agora.DecisionBatch{SuspendAccounts: []agora.ID{legal.ID}, SuspendedAt: at})
	mustOK(t, err, "ApplyDecisions")
	if got, _ := s.Account(ctx, legal.ID); !got.Suspended() || got.SuspendedByModerators {
		t.Errorf("a legal suspension = %+v", got)
	}
	got, err := s.AccountLimits(ctx)
	if err != nil {
		t.Fatalf("AccountLimits: %v", err)
	}
	want := []agora.AccountLimit{{AccountID: a.ID, Suspended: true}, {AccountID: b.ID, Silenced: true}, {AccountID: d.ID, Suspended: true, Silenced: true}}
	if len(got) != len(want) {
		t.Fatalf("AccountLimits = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("AccountLimits[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func testDeleteAccountData(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice, bob := f.account("alice"), f.account("bob")
	pic, draft := f.media(bob, "posted"), f.media(bob, "never posted")
	st1, st2 := f.status(bob, "one"), f.status(bob, "two", withMedia(pic))
	boost := f.status(alice, "", boostOf(st1))
	later := f.schedule(bob, "later", legalTime(50))
	kept := f.status(alice, "alice's own")
	at := legalTime(2)
	ev := func() []*agora.AuditEvent {
		return []*agora.AuditEvent{{ID: ids.New(), ActorKind: "cli", Action: "account.delete", ObjectKind: "account", ObjectID: bob.ID, CreatedAt: at}}
	}

	// Not suspended: refused, nothing written.
	if _, _, err := s.DeleteAccountData(ctx, bob.ID, at, ev()); agora.ErrorCode(err) != agora.ECONFLICT {
		t.Fatalf("an active account: %v, want ECONFLICT", err)
	}
	if _, err := s.Status(ctx, st1.ID); err != nil {
		t.Fatalf("a refused delete deleted a status: %v", err)
	}
	if _, _, err := s.DeleteAccountData(ctx, ids.New(), at, ev()); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("an unknown account: %v, want ENOTFOUND", err)
	}

	f.moderate(bob, false, at, agora.ActionSuspend)
	deleted, keys, err := s.DeleteAccountData(ctx, bob.ID, at, ev())
	if err != nil {
		t.Fatalf("DeleteAccountData: %v", err)
	}
	if len(deleted) != 2 || deleted[0] != st1.ID || deleted[1] != st2.ID {
		t.Errorf("deleted = %v, want bob's two statuses", deleted)
	}
	// Its media, posted or not, go with it, and its files are named for removal;
	// so do its scheduled statuses.
	wantKeys := []string{pic.FileKey, pic.PreviewKey, draft.FileKey, draft.PreviewKey}
	slices.Sort(keys)
	slices.Sort(wantKeys)
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("media keys = %v, want %v", keys, wantKeys)
	}
	for _, m := range []*agora.MediaAttachment{pic, draft} {
		if _, err := s.Media(ctx, m.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("medium %q after delete: %v, want ENOTFOUND", m.Description, err)
		}
	}
	if _, err := s.ScheduledStatus(ctx, bob.ID, later.ID); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("scheduled status after delete: %v, want ENOTFOUND", err)
	}
	for _, id := range []agora.ID{st1.ID, st2.ID, boost.ID} {
		if _, err := s.Status(ctx, id); agora.ErrorCode(err) != agora.ENOTFOUND {
			t.Errorf("status %d after delete: %v, want ENOTFOUND", id, err)
		}
	}
	if _, err := s.Status(ctx, kept.ID); err != nil {
		t.Errorf("alice's own status: %v", err)
	}
	got, err := s.Account(ctx, bob.ID)
	if err != nil {
		t.Fatalf("bob's row is gone: %v", err)
	}
	if got.DeletedAt != ms(at) || !got.Suspended() || got.StatusesCount != 0 || got.Username != "bob" {
		t.Errorf("bob after delete = %+v", got)
	}
	// The username stays taken.
	again := &agora.Account{ID: ids.New(), Username: "BOB", Email: "new@example.org", PasswordHash: "x", Role: agora.RoleUser, CreatedAt: at}
	if err := s.CreateAccount(ctx, again); agora.ErrorCode(err) != agora.ECONFLICT {
		t.Errorf("a new account named bob: %v, want ECONFLICT", err)
	}
	// Once only.
	if _, _, err := s.DeleteAccountData(ctx, bob.ID, at, ev()); agora.ErrorCode(err) != agora.ECONFLICT {
		t.Errorf("deleting again: %v, want ECONFLICT", err)
	}
	if evs, _ := s.Audit(ctx, agora.AuditQuery{ObjectKind: "account", ObjectID: bob.ID, Limit: 10}); len(evs) != 2 {
		t.Errorf("audit = %d events, want the suspension's and one delete", len(evs))
	}
}
