package e2e

import (
	"context"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// TestLegal_TargetText: q= on the targets list, through the typed client,
// matches the input and the remarks without case, takes % and _ literally,
// combines with the filters and the paging, and is 400 beyond 200 characters.
func TestLegal_TargetText(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b, whTrusted)
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			ctx := context.Background()
			lgPopulate(t, r, 3, func(i int) string { return lgName(i) + " posts" })
			auth := lc.authority("Ministry", "IN", "ministry")
			o := lc.order(wire.OrderInput{AuthorityID: auth, Reference: "searched", LegalBasis: "Section 69A IT Act",
				StatementOfReasons: "Public order.", TerritorialScope: []string{"IN"},
				RedressInfo: "Writ petition to the High Court", RecipientAuthority: "MeitY"})
			annex := "Account URL;Remarks\r\n" +
				r.srv.URL + "/@u0000;Threats, 3 posts\r\n" +
				"@u0001;\r\n" +
				"@nobody_100%;gone\r\n" +
				"@nobodyX100;threats again\r\n"
			_, err := lc.api.AddAnnex(ctx, o.ID, "text/csv", []byte(annex))
			lc.ok(err)

			inputs := func(q client.TargetQuery) []string {
				t.Helper()
				list, err := lc.api.AllTargets(ctx, o.ID, q)
				lc.ok(err)
				out := []string{}
				for _, tg := range list {
					out = append(out, tg.Input)
				}
				return out
			}
			for _, tc := range []struct {
				name string
				q    client.TargetQuery
				want []string
			}{
				{"Input", client.TargetQuery{Text: "U0001"}, []string{"@u0001"}},
				{"Remarks", client.TargetQuery{Text: "THREATS"}, []string{r.srv.URL + "/@u0000", "@nobodyX100"}},
				{"NoMatch", client.TargetQuery{Text: "nothing like it"}, []string{}},
				{"Wildcards", client.TargetQuery{Text: "_100%"}, []string{"@nobody_100%"}},
				{"Filtered", client.TargetQuery{Text: "threats", Resolution: "unresolved"}, []string{"@nobodyX100"}},
				{"Paged", client.TargetQuery{Text: "nobody", Limit: 1}, []string{"@nobody_100%", "@nobodyX100"}},
				{"Longest", client.TargetQuery{Text: strings.Repeat("é", 200)}, []string{}},
			} {
				if got := inputs(tc.q); strings.Join(got, " ") != strings.Join(tc.want, " ") {
					t.Errorf("%s: targets %q, want %q", tc.name, got, tc.want)
				}
			}
			_, err = lc.api.Targets(ctx, o.ID, client.TargetQuery{Text: strings.Repeat("a", 201)})
			if client.StatusOf(err) != 400 || !strings.Contains(err.Error(), "at most 200 characters") {
				t.Errorf("q of 201 characters: %v, want 400", err)
			}
		})
	}
}
