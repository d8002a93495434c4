package storetest

import (
	"strings"
	"testing"

	"agora"
)

var accountTests = []test{
	{"CreateAccount", testCreateAccount},
	{"CreateAccount/UsernameTaken", testUsernameTaken},
	{"CreateAccount/EmailTaken", testEmailTaken},
	{"Account/NotFound", testAccountNotFound},
	{"AccountByUsername", testAccountByUsername},
	{"AccountByEmail", testAccountByEmail},
	{"Accounts", testAccounts},
	{"UpdateProfile", testUpdateProfile},
	{"CountAccounts", testCountAccounts},
}

func testCreateAccount(t *testing.T, s agora.Store) {
	id := ids.New()
	a := &agora.Account{ID: id, Username: "Alice", Email: "alice@example.org", PasswordHash: "h",
		Role: agora.RoleAdmin, DisplayName: "Alice A.", Note: "hi", Locked: true, Bot: true,
		Discoverable: true, CreatedAt: id.Time().Add(123456), // sub-millisecond part
		FollowersCount: 7, StatusesCount: 3} // counters are the store's, not the caller's
	want := *a
	want.CreatedAt, want.FollowersCount, want.StatusesCount = ms(id.Time()), 0, 0
	mustOK(t, s.CreateAccount(t.Context(), a), "CreateAccount")
	got, err := s.Account(t.Context(), a.ID)
	mustOK(t, err, "Account")
	equal(t, "account", got, &want)
	if got.CreatedAt.Location().String() != "UTC" {
		t.Errorf("CreatedAt location = %v, want UTC", got.CreatedAt.Location())
	}
}

func testUsernameTaken(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	f.account("alice")
	id := ids.New()
	err := s.CreateAccount(t.Context(), &agora.Account{ID: id, Username: "ALICE",
		Email: "other@example.org", Role: agora.RoleUser, CreatedAt: id.Time()})
	wantTaken(t, err, "username", "Username is already taken.")
}

func testEmailTaken(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	f.account("alice")
	id := ids.New()
	err := s.CreateAccount(t.Context(), &agora.Account{ID: id, Username: "bob",
		Email: "Alice@Example.ORG", Role: agora.RoleUser, CreatedAt: id.Time()})
	wantTaken(t, err, "email", "Email is already taken.")
	n, err := s.CountAccounts(t.Context())
	mustOK(t, err, "CountAccounts")
	if n != 1 {
		t.Errorf("CountAccounts = %d, want 1", n)
	}
}

func wantTaken(t *testing.T, err error, field, msg string) {
	t.Helper()
	wantCode(t, err, agora.ECONFLICT)
	if got := agora.ErrorMessage(err); got != msg {
		t.Errorf("message = %q, want %q", got, msg)
	}
	var e *agora.Error
	if !asError(err, &e) || len(e.Details[field]) == 0 || e.Details[field][0] != "ERR_TAKEN" {
		t.Errorf("details = %v, want %s: [ERR_TAKEN ...]", e.Details, field)
	}
}

func testAccountNotFound(t *testing.T, s agora.Store) {
	_, err := s.Account(t.Context(), ids.New())
	wantCode(t, err, agora.ENOTFOUND)
	if msg := agora.ErrorMessage(err); strings.Contains(msg, "sql") || msg == "" {
		t.Errorf("message %q is not client-safe", msg)
	}
}

func testAccountByUsername(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	a := f.account("Alice_1")
	f.account("bob")
	got, err := s.AccountByUsername(t.Context(), "aLICE_1")
	mustOK(t, err, "AccountByUsername")
	equal(t, "account", got, a)
	_, err = s.AccountByUsername(t.Context(), "carol")
	wantCode(t, err, agora.ENOTFOUND)
}

func testAccountByEmail(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	a := f.account("alice")
	f.account("bob")
	got, err := s.AccountByEmail(t.Context(), "ALICE@example.ORG")
	mustOK(t, err, "AccountByEmail")
	equal(t, "account", got, a)
	_, err = s.AccountByEmail(t.Context(), "carol@example.org")
	wantCode(t, err, agora.ENOTFOUND)
}

func testAccounts(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	a, b := f.account("alice"), f.account("bob")
	f.account("carol")
	got, err := s.Accounts(t.Context(), []agora.ID{a.ID, ids.New(), b.ID, a.ID})
	mustOK(t, err, "Accounts")
	equal(t, "accounts", got, map[agora.ID]*agora.Account{a.ID: a, b.ID: b})
	got, err = s.Accounts(t.Context(), nil)
	mustOK(t, err, "Accounts(nil)")
	if len(got) != 0 {
		t.Errorf("Accounts(nil) = %v, want none", got)
	}
}

func testUpdateProfile(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	a := f.account("alice")
	f.status(a, "hello")
	want := f.reload(a)
	want.DisplayName, want.Note, want.Locked, want.Bot, want.Discoverable = "Al", "bio", true, true, true

	edit := *want
	edit.Username, edit.Email, edit.Role, edit.StatusesCount = "mallory", "m@example.org", agora.RoleAdmin, 99 // not profile fields
	mustOK(t, s.UpdateProfile(t.Context(), &edit), "UpdateProfile")
	equal(t, "account", f.reload(a), want)
	wantCode(t, s.UpdateProfile(t.Context(), &agora.Account{ID: ids.New()}), agora.ENOTFOUND)
}

func testCountAccounts(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	n, err := s.CountAccounts(t.Context())
	mustOK(t, err, "CountAccounts")
	if n != 0 {
		t.Fatalf("CountAccounts = %d on an empty store", n)
	}
	for i := range 3 {
		f.account(name(i))
	}
	n, err = s.CountAccounts(t.Context())
	mustOK(t, err, "CountAccounts")
	if n != 3 {
		t.Errorf("CountAccounts = %d, want 3", n)
	}
}
