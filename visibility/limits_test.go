package visibility

import (
	"testing"

	"agora"
)

func TestAccountLimits_With(t *testing.T) {
	l := newAccountLimits([]agora.AccountLimit{{AccountID: 1, Suspended: true}, {AccountID: 2, Silenced: true}})
	got := l.with(agora.AccountLimit{AccountID: 3, Suspended: true, Silenced: true})
	if !got.suspended[1] || !got.silenced[2] || !got.suspended[3] || !got.silenced[3] {
		t.Errorf("with = %+v, want 1 suspended, 2 silenced, 3 both", got)
	}
	if l.suspended[3] || l.silenced[3] {
		t.Error("with changed the set it was called on")
	}
	// A limit that sets nothing takes nothing away.
	if got := l.with(agora.AccountLimit{AccountID: 1}); !got.suspended[1] {
		t.Error("with took a suspension away")
	}
	if !noLimits.empty() || l.empty() {
		t.Error("empty is wrong")
	}
}

func TestSnapshot_Limits(t *testing.T) {
	lim := newAccountLimits([]agora.AccountLimit{{AccountID: 10, Suspended: true}, {AccountID: 20, Silenced: true}})
	alice := &agora.Account{ID: 1, Role: agora.RoleUser}
	suspendedSelf := &agora.Account{ID: 10, Role: agora.RoleUser}
	silencedSelf := &agora.Account{ID: 20, Role: agora.RoleUser}
	for _, tc := range []struct {
		name      string
		viewer    *agora.Account
		author    agora.ID
		mode      Mode
		follows   bool
		suspended bool // hidden by the suspension
		silenced  bool // hidden by the limit
		needs     bool // following decides
	}{
		{"suspended, anonymous", nil, 10, List, false, true, false, false},
		{"suspended, a follower", alice, 10, Direct, true, true, false, false},
		{"suspended, itself", suspendedSelf, 10, List, false, false, false, false},
		{"silenced, public mode, anonymous", nil, 20, Public, false, false, true, false},
		{"silenced, public mode, not following", alice, 20, Public, false, false, true, true},
		{"silenced, public mode, following", alice, 20, Public, true, false, false, true},
		{"silenced, public mode, itself", silencedSelf, 20, Public, false, false, false, false},
		{"silenced, list mode (home, threads)", alice, 20, List, false, false, false, false},
		{"silenced, direct mode (by ID, profile)", nil, 20, Direct, false, false, false, false},
		{"not limited", alice, 30, Public, false, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Snapshot{viewer: tc.viewer}
			if got := s.suspendedFor(lim, tc.author); got != tc.suspended {
				t.Errorf("suspendedFor = %t, want %t", got, tc.suspended)
			}
			if got := s.silencedFor(lim, tc.author, tc.mode, tc.follows); got != tc.silenced {
				t.Errorf("silencedFor = %t, want %t", got, tc.silenced)
			}
			if got := s.needsFollowForLimit(lim, tc.author, tc.mode); got != tc.needs {
				t.Errorf("needsFollowForLimit = %t, want %t", got, tc.needs)
			}
		})
	}
}

func TestSnapshot_Moderating(t *testing.T) {
	g := New(Config{}, nil, nil, nil, nil)
	g.limits.Store(newAccountLimits([]agora.AccountLimit{{AccountID: 10, Suspended: true}}))
	for _, tc := range []struct {
		name   string
		viewer *agora.Account
		reads  bool // reads past the suspension
	}{
		{"anonymous", nil, false},
		{"a user", &agora.Account{ID: 1, Role: agora.RoleUser}, false},
		{"legal staff", &agora.Account{ID: 1, Role: agora.RoleLegal}, false},
		{"a moderator", &agora.Account{ID: 1, Role: agora.RoleModerator}, true},
		{"an admin", &agora.Account{ID: 1, Role: agora.RoleAdmin}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := (&Snapshot{g: g, viewer: tc.viewer}).Moderating()
			if got := !s.suspendedFor(s.limitsFor(), 10); got != tc.reads {
				t.Errorf("reads past the suspension: %t, want %t", got, tc.reads)
			}
		})
	}
}
