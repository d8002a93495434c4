package e2e

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/legalapi/client"
	"agora/legalapi/wire"
	"agora/service"
)

// TestLegal_Review: what the desk shows a reviewer of each target, through the
// typed client. A second order names what a first one decided on: each target
// previews its account (handle, counts, the latest public posts), status (text,
// author, withheld or not) or hashtag (recent use), lists the first order's
// decisions on it, and flags the conflict; a withhold going against a decline,
// or a decline against a withholding, is refused without a note (one target, or
// a bulk decision: all or nothing, preview too) and recorded with one. Single
// targets are assigned to reviewers, filtered by assignee, audited, and moved by
// a handover.
func TestLegal_Review(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b, whTrusted)
			lena, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			mira, _ := lgStaff(t, r, "mira", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			ctx := context.Background()
			people := lgPopulate(t, r, 3, func(i int) string { return lgName(i) + " posts #news" })
			u0 := people.acct[0]
			for _, text := range []string{"second", "third", "fourth"} {
				if _, err := r.srv.Service.PostStatus(ctx, r.srv.Service.As(ctx, u0), service.NewStatus{Text: text, Visibility: "public"}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := r.srv.Service.PostStatus(ctx, r.srv.Service.As(ctx, u0), service.NewStatus{Text: "followers only", Visibility: "private"}); err != nil {
				t.Fatal(err)
			}
			statusURL := r.srv.URL + "/@u0001/" + people.status[1]
			auth := lc.authority("Ministry", "IN", "ministry")
			newOrder := func(ref string, targets ...string) wire.OrderCreated {
				return lc.order(wire.OrderInput{AuthorityID: auth, Reference: ref, LegalBasis: "Section 69A IT Act",
					StatementOfReasons: "Public order, as the annex sets out.", TerritorialScope: []string{"IN"},
					RedressInfo: "Writ petition to the High Court", RecipientAuthority: "MeitY", Targets: targets})
			}
			byInput := func(orderID string) map[string]*wire.Target {
				out := map[string]*wire.Target{}
				for _, tg := range lc.targets(orderID, "") {
					out[tg.Input] = tg
				}
				return out
			}

			// The first order: u0000 declined as protected speech, u0001's
			// status withheld in IN.
			first := newOrder("first", "@u0000", statusURL)
			ft := byInput(first.ID)
			lc.decide(first.ID, wire.DecisionInput{TargetIDs: []string{ft["@u0000"].ID}, Action: "decline", ReasonCode: "protected_speech"}, false)
			lc.decide(first.ID, wire.DecisionInput{TargetIDs: []string{ft[statusURL].ID}, Action: "withhold"}, false)

			// The second names them again, with #news, u0002 and nobody.
			second := newOrder("second", "@u0000", statusURL, "#news", "@u0002", "@nobody")
			st := byInput(second.ID)
			acct, status, tag := st["@u0000"], st[statusURL], st["#news"]

			t.Run("Preview", func(t *testing.T) {
				p := acct.Preview
				if p == nil || p.Account == nil || p.Account.Acct != "u0000" || p.Account.StatusesCount != 5 || p.Status != nil || p.Hashtag != nil {
					t.Fatalf("@u0000's preview: %+v", p)
				}
				var texts []string
				for _, s := range p.Statuses {
					texts = append(texts, s.Text)
				}
				if want := []string{"fourth", "third", "second"}; !slices.Equal(texts, want) {
					t.Errorf("@u0000's latest posts %q, want %q (newest first, the private one left out)", texts, want)
				}
				// Withheld in IN by the first order; staff see it.
				if p := status.Preview; p == nil || p.Status == nil || p.Status.ID != people.status[1] || p.Status.Text != "u0001 posts #news" ||
					p.Account == nil || p.Account.Acct != "u0001" || len(p.Statuses) != 0 {
					t.Errorf("u0001's status preview: %+v", p)
				}
				if p := tag.Preview; p == nil || p.Hashtag == nil || *p.Hashtag != (wire.HashtagPreview{Name: "news", UsesPastWeek: 3, AccountsPastWeek: 3}) {
					t.Errorf("#news preview: %+v", p)
				}
				if p := st["@nobody"].Preview; p != nil || len(st["@nobody"].OtherDecisions) != 0 || st["@nobody"].Conflict != nil {
					t.Errorf("an unresolved target: preview %+v, other decisions %v, conflict %+v", p, st["@nobody"].OtherDecisions, st["@nobody"].Conflict)
				}
			})

			t.Run("OtherDecisions", func(t *testing.T) {
				if got := acct.OtherDecisions; len(got) != 1 || got[0].OrderNumber != first.Number || got[0].OrderID != first.ID ||
					got[0].Action != "decline" || lgStr(got[0].ReasonCode) != "protected_speech" || got[0].CreatedAt == nil {
					t.Errorf("@u0000's decisions elsewhere: %+v", got)
				}
				if c := acct.Conflict; c == nil || !slices.Equal(c.NeedsNote, []string{"withhold", "remove"}) || c.Decided ||
					!slices.Equal(c.DecisionIDs, []string{acct.OtherDecisions[0].ID}) {
					t.Errorf("@u0000's conflict: %+v", c)
				}
				if got := status.OtherDecisions; len(got) != 1 || got[0].Action != "withhold" || !slices.Equal(got[0].Countries, []string{"IN"}) {
					t.Errorf("the status's decisions elsewhere: %+v", got)
				}
				if c := status.Conflict; c == nil || !slices.Equal(c.NeedsNote, []string{"decline"}) {
					t.Errorf("the status's conflict: %+v", c)
				}
				if c := st["@u0002"].Conflict; c != nil || len(st["@u0002"].OtherDecisions) != 0 {
					t.Errorf("@u0002, decided nowhere: conflict %+v, decisions %v", c, st["@u0002"].OtherDecisions)
				}
			})

			t.Run("NoteRequired", func(t *testing.T) {
				path := "/api/v1/legal/orders/" + second.ID + "/decisions"
				auditLen := len(lc.audit(""))
				lc.fail("POST", path, "", wire.DecisionInput{TargetIDs: []string{acct.ID}, Action: "withhold"}, http.StatusUnprocessableEntity,
					`target 1 ("@u0000") was declined (protected_speech) in order `+first.Number, "needs a note")
				lc.fail("POST", path, "", wire.DecisionInput{TargetIDs: []string{acct.ID}, Action: "remove", Note: "  "}, http.StatusUnprocessableEntity, "needs a note")
				lc.fail("POST", path+"/preview", "", wire.DecisionInput{TargetIDs: []string{acct.ID}, Action: "withhold"}, http.StatusUnprocessableEntity, "needs a note")
				// A bulk decision: all or nothing, though @u0002 has no conflict.
				bulk := wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved", Kind: "account"}, Action: "withhold"}
				lc.fail("POST", path, "", bulk, http.StatusUnprocessableEntity, `target 1 ("@u0000") was declined`, "needs a note")
				lc.fail("POST", path, "", wire.DecisionInput{TargetIDs: []string{status.ID}, Action: "decline", ReasonCode: "news_media"},
					http.StatusUnprocessableEntity, "withheld in IN in order "+first.Number)
				if got := lc.decisions(second.ID); len(got) != 0 {
					t.Errorf("refused decisions recorded: %+v", got)
				}
				if n := len(lc.audit("")); n != auditLen {
					t.Errorf("refused decisions wrote %d audit events", n-auditLen)
				}
				for _, tg := range lc.targets(second.ID, "") {
					if tg.State != "pending" {
						t.Errorf("%s is %s after refused decisions", tg.Input, tg.State)
					}
				}

				bulk.Note = "The court's order of 12 March settles it."
				if res := lc.decide(second.ID, bulk, false); res.Applied != 2 {
					t.Errorf("bulk withhold with a note applied %d, want 2", res.Applied)
				}
				lc.decide(second.ID, wire.DecisionInput{TargetIDs: []string{status.ID}, Action: "decline", ReasonCode: "news_media", Note: "Reporting."}, false)
				after := byInput(second.ID)
				if c := after["@u0000"].Conflict; c == nil || !c.Decided {
					t.Errorf("@u0000 withheld against the first order's decline: conflict %+v, want decided", c)
				}
				if c := after[statusURL].Conflict; c == nil || !c.Decided {
					t.Errorf("the status declined against the first order's withholding: conflict %+v, want decided", c)
				}
				if c := after["@u0002"].Conflict; c != nil {
					t.Errorf("@u0002: conflict %+v", c)
				}
				// The first order now sees the second's decisions, and its own
				// decline goes against them.
				if c := byInput(first.ID)["@u0000"].Conflict; c == nil || !c.Decided || !slices.Equal(c.NeedsNote, []string{"decline"}) {
					t.Errorf("the first order's @u0000: conflict %+v", c)
				}
				var against bool
				for _, e := range lc.audit("target:" + acct.ID) {
					against = against || (e.Action == "decision.withhold" && strings.Contains(e.Summary, "against: declined (protected_speech) in order "+first.Number))
				}
				if !against {
					t.Errorf("the audit trail of @u0000 does not say what the withhold went against: %v", lc.audit("target:"+acct.ID))
				}
			})

			t.Run("Assign", func(t *testing.T) {
				got, err := lc.api.AssignTarget(ctx, tag.ID, lena.ID.String())
				lc.ok(err)
				if lgStr(got.AssignedTo) != lena.ID.String() || got.Preview == nil || got.Preview.Hashtag == nil {
					t.Errorf("assigned target: %+v", got)
				}
				mine, err := lc.api.AllTargets(ctx, second.ID, client.TargetQuery{AssignedTo: lena.ID.String()})
				lc.ok(err)
				if len(mine) != 1 || mine[0].ID != tag.ID {
					t.Errorf("lena's targets: %d, want #news", len(mine))
				}
				if events := lc.audit("target:" + tag.ID); !slices.Contains(lgActions(events), "target.assign") {
					t.Errorf("no target.assign in the target's audit trail: %v", lgActions(events))
				}
				_, err = lc.api.AssignTarget(ctx, tag.ID, people.acct[0].ID.String())
				if client.StatusOf(err) != http.StatusUnprocessableEntity || !strings.Contains(err.Error(), "legal access") {
					t.Errorf("assigned to a user: %v, want 422", err)
				}
				if _, err = lc.api.AssignTarget(ctx, "12345", lena.ID.String()); client.StatusOf(err) != http.StatusNotFound {
					t.Errorf("an unknown target: %v, want 404", err)
				}
				if _, err := lc.api.Targets(ctx, second.ID, client.TargetQuery{AssignedTo: "lena"}); client.StatusOf(err) != http.StatusBadRequest {
					t.Errorf("assigned_to=lena: %v, want 400", err)
				}

				orders, targets, err := r.srv.Desk.Handover(ctx, nil, "lena", "mira")
				if err != nil || orders != 0 || targets != 1 {
					t.Fatalf("handover: %d orders, %d targets, %v; want 0 and 1", orders, targets, err)
				}
				if got := byInput(second.ID)["#news"]; lgStr(got.AssignedTo) != mira.ID.String() {
					t.Errorf("#news assigned to %s after the handover, want mira", lgStr(got.AssignedTo))
				}
				if events := lc.audit("order:" + second.ID); !slices.Contains(lgActions(events), "order.handover") {
					t.Errorf("no order.handover in the order's audit trail: %v", lgActions(events))
				}
			})
		})
	}
}
