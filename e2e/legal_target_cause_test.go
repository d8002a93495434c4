package e2e

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"agora"
	"agora/agoratest"
	"agora/legalapi/wire"
)

// TestLegalTarget_CauseIsText: a target naming another server by a long
// non-ASCII host is recorded as unresolved, with a cause that is UTF-8 text
// (the host cut at a character, not inside one), on both databases; cut inside
// a character it was refused by PostgreSQL, and the order failed with a 500.
// FuzzParseSubject found the cut.
func TestLegalTarget_CauseIsText(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			_, tok := lgStaff(t, r, "staff", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			auth := lc.authority("Ministry", "IN", "ministry")
			target := "@alice@x" + strings.Repeat("é", 60) // the host's 100th byte is inside an é
			code, body, _ := lc.send("POST", "/api/v1/legal/orders", wire.OrderInput{AuthorityID: auth, Reference: "cut", TerritorialScope: []string{"IN"}, Targets: []string{target}})
			if code != http.StatusCreated {
				t.Fatalf("POST order = %d %s, want 201", code, lgShort(body))
			}
			var o wire.OrderCreated
			mustJSON(t, body, &o)
			got := lc.targets(o.ID, "")
			if len(got) != 1 || got[0].Resolution != string(agora.ResolutionUnresolved) || !utf8.ValidString(lgStr(got[0].Cause)) || !strings.Contains(lgStr(got[0].Cause), "another server") {
				t.Fatalf("targets = %+v, want one unresolved with a cause naming another server", got)
			}
		})
	}
}
