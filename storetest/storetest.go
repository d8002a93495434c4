// Package storetest is the one test suite for agora.Store, run against every
// implementation (sqlstore on SQLite and on PostgreSQL), and the helpers that give
// other packages' tests a database.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"agora"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Option adds to what Run checks.
type Option func(*config)

type config struct {
	reopen func(t *testing.T, s agora.Store) agora.Store
}

// Reopen enables the persistence tests for stores that keep their data: reopen
// must close s and return a new store on the same database.
func Reopen(reopen func(t *testing.T, s agora.Store) agora.Store) Option {
	return func(c *config) { c.reopen = reopen }
}

// test is one subtest, run on a store of its own.
type test struct {
	name string
	fn   func(t *testing.T, s agora.Store)
}

// Run runs the suite: one subtest per behaviour, each on a store that open returns
// on a fresh, empty database. open is responsible for closing the store when the
// subtest ends (t.Cleanup); closing it twice must not fail.
func Run(t *testing.T, open func(t *testing.T) agora.Store, opts ...Option) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	for _, group := range [][]test{
		accountTests,
		statusTests,
		timelineTests,
		followTests,
		oauthTests,
		markerTests,
		markTests,
		relationTests,
		notificationTests,
		notifyWithCauseTests,
		tagTests,
		searchTests,
		concurrencyTests,
		ruleTests,
		auditTests,
		legalTests,
		authorityTests,
		webhookTests,
		exportTests,
		reportTests,
		logTests,
		pollTests,
		listTests,
		conversationTests,
		moderationTests,
		scheduledTests,
		profileTests,
		idTakenTests,
		authPruneTests,
		notificationPolicyTests,
		filterTests,
		accountActionTests,
		mediaTests,
	} {
		for _, tt := range group {
			t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
		}
	}
	t.Run("Persistence", func(t *testing.T) {
		if cfg.reopen == nil {
			t.Skip("the store does not persist (no Reopen option)")
		}
		testPersistence(t, open(t), cfg.reopen)
	})
}

// ids makes the IDs of every fixture; IDs grow in the order fixtures are made.
var ids agora.IDGenerator

// fixture makes records in the store under test and fails the test on errors.
type fixture struct {
	t   *testing.T
	ctx context.Context
	s   agora.Store
}

func newFixture(t *testing.T, s agora.Store) *fixture {
	return &fixture{t: t, ctx: t.Context(), s: s}
}

// account creates a user named username with the email username@example.org.
func (f *fixture) account(username string) *agora.Account {
	f.t.Helper()
	id := ids.New()
	a := &agora.Account{ID: id, Username: username, Email: username + "@example.org",
		PasswordHash: "$2a$10$hash", Role: agora.RoleUser, CreatedAt: id.Time()}
	if err := f.s.CreateAccount(f.ctx, a); err != nil {
		f.t.Fatalf("CreateAccount(%s): %v", username, err)
	}
	return a
}

// status creates a public status of author; edit may change it before it is stored.
func (f *fixture) status(author *agora.Account, text string, edit ...func(*agora.Status)) *agora.Status {
	f.t.Helper()
	id := ids.New()
	s := &agora.Status{ID: id, AccountID: author.ID, Text: text, Content: "<p>" + text + "</p>",
		Visibility: agora.VisibilityPublic, ThreadID: id, CreatedAt: id.Time()}
	for _, e := range edit {
		e(s)
	}
	if err := f.s.CreateStatus(f.ctx, s, ""); err != nil {
		f.t.Fatalf("CreateStatus(%q): %v", text, err)
	}
	return s
}

// replyTo makes a status a reply to parent.
func replyTo(parent *agora.Status) func(*agora.Status) {
	return func(s *agora.Status) {
		s.InReplyToID, s.InReplyToAccountID, s.ThreadID = parent.ID, parent.AccountID, parent.ThreadID
	}
}

// boostOf makes a status a boost of orig.
func boostOf(orig *agora.Status) func(*agora.Status) {
	return func(s *agora.Status) { s.Text, s.Content, s.ReblogOfID = "", "", orig.ID }
}

// follow makes a follow b.
func (f *fixture) follow(a, b *agora.Account) *agora.Follow {
	f.t.Helper()
	id := ids.New()
	fl := &agora.Follow{ID: id, AccountID: a.ID, TargetAccountID: b.ID, CreatedAt: id.Time()}
	if err := f.s.CreateFollow(f.ctx, fl); err != nil {
		f.t.Fatalf("CreateFollow(%s, %s): %v", a.Username, b.Username, err)
	}
	return fl
}

// reload reads the account again.
func (f *fixture) reload(a *agora.Account) *agora.Account {
	f.t.Helper()
	got, err := f.s.Account(f.ctx, a.ID)
	if err != nil {
		f.t.Fatalf("Account(%s): %v", a.Username, err)
	}
	return got
}

// reloadStatus reads the status again.
func (f *fixture) reloadStatus(s *agora.Status) *agora.Status {
	f.t.Helper()
	got, err := f.s.Status(f.ctx, s.ID)
	if err != nil {
		f.t.Fatalf("Status(%d): %v", s.ID, err)
	}
	return got
}

// wantCode fails the test unless err carries the agora error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := agora.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

// mustOK fails the test when err is not nil.
func mustOK(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// equal fails the test when got and want differ; empty and nil slices are equal.
func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, diff)
	}
}

// statusIDs returns the IDs of list, for comparing orders.
func statusIDs(list []*agora.Status) []agora.ID {
	out := make([]agora.ID, len(list))
	for i, s := range list {
		out[i] = s.ID
	}
	return out
}

// idsOf returns the IDs of the statuses at the given indexes of all.
func idsOf(all []*agora.Status, idx ...int) []agora.ID {
	out := make([]agora.ID, len(idx))
	for i, j := range idx {
		out[i] = all[j].ID
	}
	return out
}

func name(i int) string { return fmt.Sprintf("user%d", i) }

// ms is a time in whole milliseconds, as the store keeps it.
func ms(t time.Time) time.Time { return time.UnixMilli(t.UnixMilli()).UTC() }

// asError is errors.As for *agora.Error.
func asError(err error, target **agora.Error) bool { return errors.As(err, target) }
