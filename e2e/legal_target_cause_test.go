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
// non-ASCII host, or by a URL whose host holds an escaped byte that is not
// UTF-8, is recorded as unresolved, with a cause that is UTF-8 text, on both
// databases; the host cut inside a character, or its byte shown as is, was
// refused by PostgreSQL, and the order failed with a 500. FuzzParseSubject
// found both.
func TestLegalTarget_CauseIsText(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			_, tok := lgStaff(t, r, "staff", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			auth := lc.authority("Ministry", "IN", "ministry")
			targets := []string{
				"@alice@x" + strings.Repeat("é", 60), // the host's 100th byte is inside an é
				"https://x%80.example/@alice",        // the host's byte 0x80 is not UTF-8
			}
			code, body, _ := lc.send("POST", "/api/v1/legal/orders", wire.OrderInput{AuthorityID: auth, Reference: "cut", TerritorialScope: []string{"IN"}, Targets: targets})
			if code != http.StatusCreated {
				t.Fatalf("POST order = %d %s, want 201", code, lgShort(body))
			}
			var o wire.OrderCreated
			mustJSON(t, body, &o)
			got := lc.targets(o.ID, "")
			if len(got) != len(targets) {
				t.Fatalf("targets = %+v, want %d", got, len(targets))
			}
			for _, tg := range got {
				if tg.Resolution != string(agora.ResolutionUnresolved) || !utf8.ValidString(lgStr(tg.Cause)) || !strings.Contains(lgStr(tg.Cause), "another server") {
					t.Errorf("target %+v: want unresolved with a cause naming another server", tg)
				}
			}
		})
	}
}
