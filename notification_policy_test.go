package agora

import (
	"errors"
	"testing"
)

func TestNotificationPolicy_Action(t *testing.T) {
	def := DefaultNotificationPolicy(1)
	strict := &NotificationPolicy{ForNotFollowing: PolicyFilter, ForNotFollowers: PolicyDrop, ForNewAccounts: PolicyFilter,
		ForPrivateMentions: PolicyDrop, ForLimitedAccounts: PolicyDrop}
	mutual := PolicyFacts{Following: true, FollowedBy: true}
	tests := []struct {
		name   string
		p      *NotificationPolicy
		f      PolicyFacts
		want   PolicyAction
		accept bool // AcceptsAll
	}{
		{"default: a stranger", def, PolicyFacts{}, PolicyAccept, false},
		{"default: a stranger's private mention", def, PolicyFacts{PrivateMention: true}, PolicyFilter, false},
		{"default: a followed account's private mention", def, PolicyFacts{Following: true, PrivateMention: true}, PolicyAccept, false},
		{"default: a limited stranger", def, PolicyFacts{FollowedBy: true, Limited: true}, PolicyFilter, false},
		{"default: a limited account one follows", def, PolicyFacts{Following: true, Limited: true}, PolicyAccept, false},
		{"default: a new account", def, PolicyFacts{NewAccount: true}, PolicyAccept, false},
		{"strict: mutual, old", strict, mutual, PolicyAccept, false},
		{"strict: not followed", strict, PolicyFacts{FollowedBy: true}, PolicyFilter, false},
		{"strict: not a follower: drop wins", strict, PolicyFacts{Following: true}, PolicyDrop, false},
		{"strict: a new mutual", strict, PolicyFacts{Following: true, FollowedBy: true, NewAccount: true}, PolicyFilter, false},
		{"strict: a private mention from a follower not followed", strict, PolicyFacts{FollowedBy: true, PrivateMention: true}, PolicyDrop, false},
		{"accept all", &NotificationPolicy{ForNotFollowing: PolicyAccept, ForNotFollowers: PolicyAccept, ForNewAccounts: PolicyAccept,
			ForPrivateMentions: PolicyAccept, ForLimitedAccounts: PolicyAccept}, PolicyFacts{NewAccount: true, Limited: true, PrivateMention: true}, PolicyAccept, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Action(tt.f); got != tt.want {
				t.Errorf("Action(%+v) = %s, want %s", tt.f, got, tt.want)
			}
			if got := tt.p.AcceptsAll(); got != tt.accept {
				t.Errorf("AcceptsAll() = %v, want %v", got, tt.accept)
			}
		})
	}
}

func TestParsePolicyAction(t *testing.T) {
	for _, s := range []string{"accept", "filter", "drop"} {
		if a, err := ParsePolicyAction("for_new_accounts", s); err != nil || string(a) != s {
			t.Errorf("ParsePolicyAction(%q) = %q, %v", s, a, err)
		}
	}
	for _, s := range []string{"", "Accept", "maybe", "filter "} {
		_, err := ParsePolicyAction("for_new_accounts", s)
		var e *Error
		if !errors.As(err, &e) || e.Code != EUNPROCESSABLE || len(e.Details["for_new_accounts"]) == 0 {
			t.Errorf("ParsePolicyAction(%q) = %v, want EUNPROCESSABLE naming the field", s, err)
		}
	}
}

func TestNotificationType_Filterable(t *testing.T) {
	want := map[NotificationType]bool{NotifyMention: true, NotifyReblog: true, NotifyFavourite: true, NotifyFollow: true, NotifyFollowRequest: true}
	for _, typ := range NotificationTypes {
		if got := typ.Filterable(); got != want[typ] {
			t.Errorf("%s.Filterable() = %v, want %v", typ, got, want[typ])
		}
	}
}
