package e2e

import (
	"fmt"
	"slices"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/service"
)

// TestNotificationPolicy_GroupConversation checks that private mentions in a
// conversation the recipient started are not filtered, however far down the
// thread: alice writes privately to erin and carol; erin's answer, erin's
// follow-up to her own answer and carol's reply to erin all reach alice.
// A private thread alice did not start is filtered as before.
func TestNotificationPolicy_GroupConversation(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotificationPolicyGroupConversation(t, b) })
	}
}

func testNotificationPolicyGroupConversation(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := &npScene{t: t, r: r}
	const scopes = "read write follow"
	_, aTok := lgStaff(t, r, "alice", agora.RoleUser, scopes)
	erin, eTok := lgStaff(t, r, "erin", agora.RoleUser, scopes)
	carol, cTok := lgStaff(t, r, "carol", agora.RoleUser, scopes)
	dave, dTok := lgStaff(t, r, "dave", agora.RoleUser, scopes)

	asked := sc.post(aTok, "@erin @carol shall we meet?", "direct", "")
	answer := sc.post(eTok, "@alice @carol yes", "direct", asked)
	followUp := sc.post(eTok, "@alice @carol on Tuesday", "direct", answer)
	agreed := sc.post(cTok, "@erin @alice Tuesday suits me", "direct", answer)
	if got, want := sc.statusIDs(aTok, ""), []string{agreed, followUp, answer}; !slices.Equal(got, want) {
		t.Errorf("alice's notifications = %v, want %v (all in the conversation she started)", got, want)
	}
	for _, from := range []*agora.Account{erin, carol} {
		if rq := sc.requestFrom(aTok, from); rq != nil {
			t.Errorf("a request from %s in alice's own conversation: %+v", from.Username, rq)
		}
	}

	// dave starts one; erin's reply to it mentions alice, who is filtered
	// there: she started nothing.
	cold := sc.post(dTok, "@alice @erin a word", "direct", "")
	reply := sc.post(eTok, "@dave @alice noted", "direct", cold)
	if got := sc.statusIDs(aTok, ""); slices.Contains(got, cold) || slices.Contains(got, reply) {
		t.Errorf("alice's notifications = %v, want neither %s nor %s (a conversation dave started)", got, cold, reply)
	}
	if rq := sc.requestFrom(aTok, erin); rq == nil || rq.LastStatus == nil || rq.LastStatus.ID != reply {
		t.Errorf("alice's request from erin = %+v, want one about %s", rq, reply)
	}
	if rq := sc.requestFrom(aTok, dave); rq == nil {
		t.Error("no request from dave")
	}
}

// TestNotificationPolicy_ThreadWalkLimit checks that the walk up a private
// thread stops at service.MaxThreadWalk statuses: erin's private mention of
// alice answering a chain whose top, alice's private mention of erin, is
// MaxThreadWalk statuses up reaches alice; one a status further down is
// filtered.
func TestNotificationPolicy_ThreadWalkLimit(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testNotificationPolicyThreadWalkLimit(t, b) })
	}
}

func testNotificationPolicyThreadWalkLimit(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	sc := &npScene{t: t, r: r}
	const scopes = "read write follow"
	_, aTok := lgStaff(t, r, "alice", agora.RoleUser, scopes)
	erin, eTok := lgStaff(t, r, "erin", agora.RoleUser, scopes)
	chain := []string{sc.post(aTok, "@erin a long story", "direct", "")}
	for i := range service.MaxThreadWalk {
		chain = append(chain, sc.post(eTok, fmt.Sprintf("note %d to self", i+1), "direct", chain[len(chain)-1]))
	}
	// chain[n] has n statuses above it, alice's at the top.
	reached := sc.post(eTok, "@alice at the limit", "direct", chain[service.MaxThreadWalk-1])
	beyond := sc.post(eTok, "@alice beyond it", "direct", chain[service.MaxThreadWalk])
	if got := sc.statusIDs(aTok, ""); !slices.Equal(got, []string{reached}) {
		t.Errorf("alice's notifications = %v, want only %s (alice's status %d up)", got, reached, service.MaxThreadWalk)
	}
	if rq := sc.requestFrom(aTok, erin); rq == nil || rq.LastStatus == nil || rq.LastStatus.ID != beyond {
		t.Errorf("alice's request from erin = %+v, want one about %s (alice's status %d up)", rq, beyond, service.MaxThreadWalk+1)
	}
}
