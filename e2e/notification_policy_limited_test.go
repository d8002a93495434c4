package e2e

import (
	"net/url"
	"slices"
	"testing"

	"agora"
	"agora/agoratest"
)

// TestNotificationPolicy_Limited checks for_limited_accounts against accounts
// moderators silenced through the admin API: by default a silenced account's
// mention goes to the recipient's requests unless the recipient follows it;
// accept lets it through; once unsilenced, it is an account like any other.
func TestNotificationPolicy_Limited(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotificationPolicyLimited(t, b) })
	}
}

func testNotificationPolicyLimited(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := &npScene{t: t, r: r}
	const scopes = "read write follow"
	_, aTok := lgStaff(t, r, "alice", agora.RoleUser, scopes)
	sam, sTok := lgStaff(t, r, "sam", agora.RoleUser, scopes)
	fred, fTok := lgStaff(t, r, "fred", agora.RoleUser, scopes)
	_, modTok := lgStaff(t, r, "mod", agora.RoleModerator, "admin:read admin:write")
	act := func(who *agora.Account, path string, form url.Values) {
		t.Helper()
		sc.ok(modTok, "POST", "/api/v1/admin/accounts/"+who.ID.String()+path, form, nil)
	}
	act(sam, "/action", url.Values{"type": {"silence"}})
	act(fred, "/action", url.Values{"type": {"silence"}})
	sc.ok(aTok, "POST", "/api/v1/accounts/"+fred.ID.String()+"/follow", nil, nil)

	fromSam := sc.post(sTok, "@alice hello from a limited account", "public", "")
	fromFred := sc.post(fTok, "@alice hello from a limited account alice follows", "public", "")
	if got, want := sc.statusIDs(aTok, ""), []string{fromFred}; !slices.Equal(got, want) {
		t.Errorf("notifications = %v, want %v (sam's filtered: silenced and not followed)", got, want)
	}
	if rq := sc.requestFrom(aTok, sam); rq == nil || rq.LastStatus == nil || rq.LastStatus.ID != fromSam {
		t.Errorf("alice's request from sam = %+v, want one about %s", rq, fromSam)
	}
	if rq := sc.requestFrom(aTok, fred); rq != nil {
		t.Errorf("a request from fred, whom alice follows: %+v", rq)
	}

	sc.setPolicy(aTok, url.Values{"for_limited_accounts": {"accept"}})
	accepted := sc.post(sTok, "@alice again, now accepted", "public", "")
	if got := sc.statusIDs(aTok, ""); !slices.Contains(got, accepted) {
		t.Errorf("notifications = %v, want %s in them (for_limited_accounts=accept)", got, accepted)
	}

	sc.setPolicy(aTok, url.Values{"for_limited_accounts": {"filter"}})
	sc.call(modTok, "POST", "/api/v1/admin/accounts/"+sam.ID.String()+"/unsilence", nil)
	free := sc.post(sTok, "@alice unsilenced", "public", "")
	if got := sc.statusIDs(aTok, ""); !slices.Contains(got, free) {
		t.Errorf("notifications = %v, want %s in them (sam is no longer limited)", got, free)
	}
}
