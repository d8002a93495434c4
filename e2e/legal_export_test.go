package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/legal/dsa"
	"agora/legal/dsa/dsatest"
	"agora/legal/lumen"
	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// TestLegal_Exports: the Lumen notice of an order and the DSA statements of
// reasons over HTTP, through the typed client, on every backend. Every
// statement the server sends, as the bytes it sends, is valid under the
// Transparency Database's rules (../shared/legal/dsa-sor-rules.json); batches
// hold at most 100 and page by Link; puids are unique and the same in a second
// export; decisions outside the EU and EEA, declines and lifts have none; a
// confidential order is not exported to Lumen and named in no statement.
func TestLegal_Exports(t *testing.T) {
	t.Parallel()
	rules := dsatest.Rules(t)
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			r := newRig(t, b, func(c *app.Config) { c.DSAExportDelay, c.InstanceTitle = 0, "Agora E2E" })
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			const n = 105
			people := lgPopulate(t, r, n+4, func(i int) string { return "post of " + lgName(i) })
			de := lc.authority("Bundesamt für Justiz", "DE", "ministry")
			in := lc.authority("MeitY", "IN", "ministry")

			// 105 accounts withheld in DE and AT at once, one declined.
			var names []string
			for i := range n + 1 {
				names = append(names, "@"+lgName(i))
			}
			bulk := lc.order(wire.OrderInput{AuthorityID: de, Reference: "BfJ 1/26", Channel: "email", LegalBasis: "NetzDG § 3",
				StatementOfReasons: "Insults of a public official in the named accounts.", TerritorialScope: []string{"DE", "AT"},
				RedressInfo: "Verwaltungsgericht Bonn", RecipientAuthority: "BfJ", Targets: names})
			targets := lc.targets(bulk.ID, "")
			var ids []string
			for _, tg := range targets[:n] {
				ids = append(ids, tg.ID)
			}
			lc.decide(bulk.ID, wire.DecisionInput{TargetIDs: ids, Action: "withhold", Note: "reviewed by lena"}, false)
			lc.decide(bulk.ID, wire.DecisionInput{TargetIDs: []string{targets[n].ID}, Action: "decline", ReasonCode: "journalist"}, false)
			// A post removed under the platform's rules; an account withheld in
			// India only; and an account withheld under a confidential order.
			post := r.srv.URL + "/@" + lgName(n+1) + "/" + people.status[n+1]
			removal := lc.order(wire.OrderInput{AuthorityID: de, LegalBasis: "NetzDG § 3", TerritorialScope: []string{"DE"}, Targets: []string{post}})
			lc.decide(removal.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "remove"}, false)
			india := lc.order(wire.OrderInput{AuthorityID: in, LegalBasis: "IT Act s. 69A", TerritorialScope: []string{"IN"}, Targets: []string{"@" + lgName(n+2)}})
			lc.decide(india.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold"}, false)
			gag := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
			sealed := lc.order(wire.OrderInput{AuthorityID: de, Reference: "BfJ 2/26", LegalBasis: "StGB § 86a", TerritorialScope: []string{"DE"},
				Confidential: true, ConfidentialUntil: &gag, Targets: []string{"@" + lgName(n+3)}})
			lc.decide(sealed.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold"}, false)

			// Every batch, as sent, passes the rules; at most 100; Link to the next.
			export := func(q string) ([]*dsa.Statement, []int) {
				t.Helper()
				var all []*dsa.Statement
				var sizes []int
				path := "/api/v1/legal/export/dsa" + q
				for path != "" {
					code, body, h := lc.raw("GET", path, "", nil)
					if code != http.StatusOK {
						t.Fatalf("GET %s: %d %s", path, code, lgShort(body))
					}
					var batch wire.DSAStatements
					if err := json.Unmarshal(body, &batch); err != nil {
						t.Fatal(err)
					}
					if len(batch.Statements) > 0 {
						if err := rules.CheckBatch(body); err != nil {
							t.Errorf("GET %s: %v", path, err)
						}
					}
					sizes = append(sizes, len(batch.Statements))
					all = append(all, batch.Statements...)
					link := h.Get("Link")
					if (link != "") != (len(batch.Statements) > 0) {
						t.Errorf("GET %s: %d statements with Link %q", path, len(batch.Statements), link)
					}
					path = strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
				}
				return all, sizes
			}
			all, sizes := export("")
			if !slices.Equal(sizes, []int{100, 7, 0}) {
				t.Errorf("batches of %v, want 100, 7 and an empty one", sizes)
			}
			dsatest.MustValid(t, all)
			again, _ := export("?limit=30")
			if !slices.Equal(statementIDs(again), statementIDs(all)) {
				t.Errorf("a second export, by 30, has other puids")
			}

			// One statement per restricting decision with an EU or EEA country.
			var want []string
			for _, o := range []string{bulk.ID, removal.ID, india.ID, sealed.ID} {
				for _, d := range lc.decisions(o) {
					if d.Action == "withhold" && !slices.Contains(d.Countries, "IN") || d.Action == "remove" {
						want = append(want, "decision-"+d.ID)
					}
				}
			}
			if got := statementIDs(all); !slices.Equal(got, want) {
				t.Errorf("%d statements, want %d:\n%v\n%v", len(got), len(want), got, want)
			}
			last := all[len(all)-1]
			removed := all[len(all)-2]
			if !slices.Equal(all[0].TerritorialScope, []string{"AT", "DE"}) || all[0].SourceIdentity != "Bundesamt für Justiz" ||
				!strings.Contains(all[0].DecisionFacts, bulk.Number) || !strings.Contains(all[0].DecisionFacts, "Agora E2E") {
				t.Errorf("a withheld account: %+v", all[0])
			}
			if !slices.Equal(removed.DecisionVisibility, []string{dsa.VisibilityRemoved}) || len(removed.TerritorialScope) != 30 {
				t.Errorf("the removed post: %+v", removed)
			}
			text, _ := json.Marshal(all)
			for _, secret := range []string{"u0000", "@", "lena", "reviewed by", "Insults", sealed.Number, "86a", r.srv.URL} {
				if strings.Contains(string(text), secret) {
					t.Errorf("the statements contain %q", secret)
				}
			}
			if last.SourceIdentity != "" || !strings.Contains(last.IllegalContentLegalGround, "confidential") {
				t.Errorf("the confidential order's statement: %+v", last)
			}
			// A statement spoilt on purpose fails, naming the field.
			spoilt := *last
			spoilt.TerritorialScope = []string{"DE", "IN"}
			if err := rules.CheckStatement(&spoilt); err == nil || !strings.Contains(err.Error(), "territorial_scope: ") {
				t.Errorf("a statement with IN in its territorial scope: %v", err)
			}

			// The typed client, since and after.
			page, err := lc.api.DSAStatements(ctx, client.DSAQuery{Limit: 5})
			lc.ok(err)
			if len(page.Batch.Statements) != 5 || !strings.Contains(page.Next, "limit=5") {
				t.Errorf("limit 5: %d statements, next %q", len(page.Batch.Statements), page.Next)
			}
			next, err := lc.api.NextDSAStatements(ctx, page)
			lc.ok(err)
			if next.Batch.Statements[0].PUID != all[5].PUID {
				t.Errorf("the next batch starts at %s, want %s", next.Batch.Statements[0].PUID, all[5].PUID)
			}
			rest, err := lc.api.DSAStatements(ctx, client.DSAQuery{After: strings.TrimPrefix(all[105].PUID, "decision-")})
			lc.ok(err)
			if got := statementIDs(rest.Batch.Statements); !slices.Equal(got, statementIDs(all[106:])) {
				t.Errorf("after the removal: %v", got)
			}
			future, err := lc.api.DSAStatements(ctx, client.DSAQuery{Since: time.Now().Add(time.Hour)})
			lc.ok(err)
			if len(future.Batch.Statements) != 0 || future.Next != "" {
				t.Errorf("since an hour from now: %+v", future)
			}
			lc.fail("GET", "/api/v1/legal/export/dsa?since=yesterday", "", nil, http.StatusBadRequest, "since")
			lc.fail("GET", "/api/v1/legal/export/dsa?limit=101", "", nil, http.StatusBadRequest, "limit")
			lc.fail("GET", "/api/v1/legal/export/dsa?after=x", "", nil, http.StatusBadRequest, "after")

			// Lumen.
			sub, err := lc.api.LumenNotice(ctx, bulk.ID)
			lc.ok(err)
			notice := sub.Notice
			if err := notice.Check(time.Now()); err != nil {
				t.Errorf("not a valid Lumen notice: %v", err)
			}
			if notice.Title != "Order "+bulk.Number+" of Bundesamt für Justiz" || notice.ActionTaken != lumen.ActionPartial ||
				notice.JurisdictionList != "DE, AT" || notice.RegulationList != "NetzDG § 3" || notice.Source != "Email" ||
				notice.Roles[1].Entity.Name != "Agora E2E" || len(notice.Works) != 1 || len(notice.Works[0].URLs) != n+1 ||
				notice.Works[0].URLs[0].URL != r.srv.URL+"/@"+lgName(0) {
				t.Errorf("the bulk order's notice: %+v", notice)
			}
			removedNotice, err := lc.api.LumenNotice(ctx, removal.ID)
			lc.ok(err)
			if w := removedNotice.Notice.Works; removedNotice.Notice.ActionTaken != lumen.ActionYes || len(w) != 1 || w[0].Kind != "post" || w[0].URLs[0].URL != post {
				t.Errorf("the removal's notice: %+v", removedNotice.Notice)
			}
			lc.fail("GET", "/api/v1/legal/orders/"+sealed.ID+"/export/lumen", "", nil, http.StatusConflict, "confidential until")
			lc.fail("GET", "/api/v1/legal/orders/12345/export/lumen", "", nil, http.StatusNotFound)
			if _, err := lc.as(lgToken(t, r, "lena", "read")).api.LumenNotice(ctx, bulk.ID); client.StatusOf(err) != http.StatusForbidden {
				t.Errorf("without legal:read: %v", err)
			}
		})
	}
}

func statementIDs(sts []*dsa.Statement) []string {
	out := make([]string, len(sts))
	for i, st := range sts {
		out[i] = st.PUID
	}
	return out
}
