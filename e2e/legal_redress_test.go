package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/legalapi/wire"
)

// TestLegal_OwnerRedress: through the Mastodon API, the owner of withheld content is
// told, in the second person, where, by whom, under which law and order, why, and
// how to contest, with a link to the public notice; and is told again when the
// withholding is lifted, by a reversed decision or by the order's revocation.
func TestLegal_OwnerRedress(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			r := newRig(t, b, whTrusted)
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			people := lgPopulate(t, r, 2, func(i int) string { return "hello from " + lgName(i) })
			auth := lc.authority("Ministry of Electronics and IT", "IN", "ministry")
			order := func(ref, target string) wire.OrderCreated {
				return lc.order(wire.OrderInput{
					AuthorityID: auth, Reference: ref, TerritorialScope: []string{"IN"},
					LegalBasis:  "Section 69A of the Information Technology Act, 2000",
					RedressInfo: "You may make a representation to the Designated Officer within 30 days.",
					Targets:     []string{target},
				})
			}
			withhold := func(o wire.OrderCreated) {
				res := lc.decide(o.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold", Countries: []string{"IN"}, Reason: "legal_demand"}, false)
				if res.Applied != 1 || res.OwnersNotified != 1 || res.NotificationsHeldBack != 0 {
					t.Fatalf("withhold: %+v, want one owner notified", res)
				}
			}
			ruleOf := func(i int) string {
				rules := r.srv.Gate.RulesOn(agora.SubjectAccount, people.acct[i].ID, "")
				if len(rules) != 1 {
					t.Fatalf("%s: %d rules in force, want 1", lgName(i), len(rules))
				}
				return rules[0].ID.String()
			}
			owner := func(i int) []string { return lgWarnings(t, r, lgToken(t, r, lgName(i), "read")) }
			// go-mastodon sees the same notifications, as moderation_warning.
			mastoTypes := func(i int) []string {
				ns, err := r.client(lgToken(t, r, lgName(i), "read")).GetNotifications(ctx, nil)
				if err != nil {
					t.Fatalf("go-mastodon notifications of %s: %v", lgName(i), err)
				}
				var out []string
				for _, n := range ns {
					out = append(out, n.Type)
				}
				return out
			}

			// Withheld by a decision, then lifted by reversing it.
			o1 := order("2026/0042", "@u0000")
			withhold(o1)
			rule1 := ruleOf(0)
			want := "none: Your account @u0000 has been withheld in India in response to a legal demand from " +
				"Ministry of Electronics and IT (India) (order " + o1.Number + ", their reference 2026/0042; " +
				"legal basis: Section 69A of the Information Technology Act, 2000). " +
				"It stays visible to you and to people elsewhere. Reason: legal demand. " +
				"How to contest: You may make a representation to the Designated Officer within 30 days. " +
				"More: " + r.srv.URL + "/notices/" + rule1
			if got := owner(0); len(got) != 1 || got[0] != want {
				t.Fatalf("u0000's warnings %q, want [%q]", got, want)
			}
			if got := mastoTypes(0); len(got) != 1 || got[0] != "moderation_warning" {
				t.Errorf("go-mastodon: u0000's notifications %q, want one moderation_warning", got)
			}
			if code, _ := lgGet(t, r, whViewer{name: "anonymous"}, "/notices/"+rule1); code != http.StatusOK {
				t.Errorf("the linked notice: %d", code)
			}
			res := lc.decide(o1.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "lift"}, false)
			if res.Applied != 1 || res.RulesLifted != 1 {
				t.Fatalf("lift: %+v", res)
			}
			lifted := "none: The withholding of your account @u0000 in India under order " + o1.Number +
				" has been lifted: the decision was reversed. It is visible there again. More: " + r.srv.URL + "/notices/" + rule1
			if got := owner(0); len(got) != 2 || got[0] != lifted || got[1] != want {
				t.Errorf("u0000's warnings after the lift %q, want [%q %q]", got, lifted, want)
			}
			if got := mastoTypes(0); len(got) != 2 {
				t.Errorf("go-mastodon: u0000's notifications after the lift %q, want two", got)
			}

			// Withheld, then lifted by the authority's revocation of the order.
			o2 := order("2026/0043", "@u0001")
			withhold(o2)
			rule2 := ruleOf(1)
			lc.addNotice(o2.ID, wire.NoticeInput{Kind: "revocation", Summary: "The order is revoked."})
			got := owner(1)
			revoked := "none: The withholding of your account @u0001 in India under order " + o2.Number +
				" has been lifted: revoked by the authority. It is visible there again. More: " + r.srv.URL + "/notices/" + rule2
			if len(got) != 2 || got[0] != revoked || !strings.HasPrefix(got[1], "none: Your account @u0001 has been withheld in India") ||
				!strings.Contains(got[1], "(order "+o2.Number+", their reference 2026/0043;") {
				t.Errorf("u0001's warnings after the revocation %q, want [%q, the warning]", got, revoked)
			}
			// No staff member is named to the owners.
			for _, w := range append(owner(0), owner(1)...) {
				if strings.Contains(w, "lena") {
					t.Errorf("a warning names the staff member: %q", w)
				}
			}
		})
	}
}
