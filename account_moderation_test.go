package agora

import (
	"strings"
	"testing"
)

func TestAccount_OutranksForModeration(t *testing.T) {
	roles := []Role{RoleUser, RoleLegal, RoleModerator, RoleAdmin}
	// want[i][j]: may an account of roles[i] act on one of roles[j]?
	want := [4][4]bool{
		{false, false, false, false}, // user
		{true, false, false, false},  // legal (never a moderator: IsModerator decides first)
		{true, false, false, false},  // moderator: users only
		{true, true, true, false},    // admin: all but admins
	}
	for i, a := range roles {
		for j, b := range roles {
			actor, target := &Account{ID: 1, Role: a}, &Account{ID: 2, Role: b}
			if got := actor.OutranksForModeration(target); got != want[i][j] {
				t.Errorf("%s on %s = %t, want %t", a, b, got, want[i][j])
			}
		}
	}
	admin := &Account{ID: 1, Role: RoleAdmin}
	if admin.OutranksForModeration(admin) {
		t.Error("an admin may act on itself")
	}
}

func TestParseAccountActionType(t *testing.T) {
	for _, s := range []string{"none", "sensitive", "disable", "silence", "suspend"} {
		if got, err := ParseAccountActionType(s); err != nil || string(got) != s {
			t.Errorf("ParseAccountActionType(%q) = %q, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "Suspend", "ban", "delete_statuses"} {
		if _, err := ParseAccountActionType(s); ErrorCode(err) != EUNPROCESSABLE {
			t.Errorf("ParseAccountActionType(%q): %v, want EUNPROCESSABLE", s, err)
		}
	}
	if err := ValidateAccountActionText(strings.Repeat("é", MaxAccountActionText)); err != nil {
		t.Errorf("text at the limit: %v", err)
	}
	if err := ValidateAccountActionText(strings.Repeat("é", MaxAccountActionText+1)); ErrorCode(err) != EUNPROCESSABLE {
		t.Errorf("text over the limit: %v", err)
	}
}
