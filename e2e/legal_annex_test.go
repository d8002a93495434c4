package e2e

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"agora"
	"agora/agoratest"
	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// TestLegal_Annex: an annex as authorities send it (a spreadsheet's CSV with a
// BOM, `;`, CRLF, a quoted field with a comma, headers of their own) is read
// through the typed client, added later or sent with the order; the other
// columns are kept with each target; the deficiencies follow the annex; and an
// annex without a column of targets is a 400 naming the line that records
// nothing.
func TestLegal_Annex(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b, whTrusted)
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			ctx := context.Background()
			lgPopulate(t, r, 3, func(i int) string { return lgName(i) + " posts" })
			auth := lc.authority("Ministry", "IN", "ministry")
			annex := "\ufeffS.No.;Account URL;Remarks\r\n" +
				"1;" + r.srv.URL + "/@u0000;\"threats, 3 posts\"\r\n" +
				"2;@u0001;\r\n" +
				"3;@nobody;gone\r\n"
			wantRemarks := [][]wire.Remark{
				{{Column: "S.No.", Value: "1"}, {Column: "Remarks", Value: "threats, 3 posts"}},
				{{Column: "S.No.", Value: "2"}},
				{{Column: "S.No.", Value: "3"}, {Column: "Remarks", Value: "gone"}},
			}
			remarks := func(orderID string) [][]wire.Remark {
				t.Helper()
				var out [][]wire.Remark
				for _, tg := range lc.targets(orderID, "") {
					out = append(out, tg.Remarks)
				}
				return out
			}
			complete := wire.OrderInput{AuthorityID: auth, Reference: "annexed", LegalBasis: "Section 69A IT Act",
				StatementOfReasons: "Public order, as set out in the annex to this order.", TerritorialScope: []string{"IN"},
				RedressInfo: "Writ petition to the High Court", RecipientAuthority: "MeitY"}

			// Added later: the deficiencies are recomputed.
			{
				o := lc.order(complete)
				if !slices.Contains(o.Deficiencies, agora.DeficiencyTargets) {
					t.Fatalf("order without targets: deficiencies %q lack %s", o.Deficiencies, agora.DeficiencyTargets)
				}
				added, err := lc.api.AddAnnex(ctx, o.ID, "text/csv; charset=utf-8", []byte(annex))
				if err != nil {
					t.Errorf("AddAnnex: %v", err)
				} else if want := (agora.TargetCounts{Total: 3, Resolved: 2, Unresolved: 1}); added.Targets != want {
					t.Errorf("added %+v, want %+v", added.Targets, want)
				}
				if got := lc.getOrder(o.ID).Deficiencies; len(got) != 0 {
					t.Errorf("deficiencies after the annex: %q, want none", got)
				}
				if diff := cmp.Diff(wantRemarks, remarks(o.ID)); diff != "" {
					t.Errorf("remarks (-want +got):\n%s", diff)
				}
			}

			// With the order, in one request: the digest covers the annex.
			in := complete
			in.Annex = &wire.Document{Name: "annex.csv", ContentType: "text/csv", Data: base64.StdEncoding.EncodeToString([]byte(annex))}
			if o, err := lc.api.CreateOrder(ctx, in); err != nil {
				t.Errorf("CreateOrder with its annex: %v", err)
			} else {
				if len(o.Deficiencies) != 0 || o.Targets.Total != 3 {
					t.Errorf("order with its annex: deficiencies %q, targets %+v; want none and 3", o.Deficiencies, o.Targets)
				}
				if diff := cmp.Diff(wantRemarks, remarks(o.ID)); diff != "" {
					t.Errorf("remarks (-want +got):\n%s", diff)
				}
				// The digest covers the annex: the same order with the same
				// targets but other remarks, or without the annex, differs.
				other := in
				other.Annex = &wire.Document{ContentType: "text/csv", Data: base64.StdEncoding.EncodeToString([]byte(
					"S.No.;Account URL;Remarks\r\n1;" + r.srv.URL + "/@u0000;other\r\n2;@u0001;\r\n3;@nobody;gone\r\n"))}
				if d := lc.order(other).Digest; d == o.Digest {
					t.Errorf("other remarks, same digest %s", d)
				}
				if d := lc.order(complete).Digest; d == o.Digest {
					t.Errorf("no annex, same digest %s", d)
				}
			}

			// No column of targets: 400 naming the line, nothing recorded.
			{
				before, err := lc.api.Orders(ctx, client.OrderQuery{Limit: 200})
				lc.ok(err)
				o := lc.order(complete)
				bad := "Name,Reason\r\nAlice,spam\r\n"
				_, err = lc.api.AddAnnex(ctx, o.ID, "text/csv", []byte(bad))
				if client.StatusOf(err) != 400 {
					t.Fatalf("AddAnnex without a column of targets: %v, want 400", err)
				}
				for _, w := range []string{"No column of targets", "line 1"} {
					if !containsMessage(err, w) {
						t.Errorf("AddAnnex: %v does not say %q", err, w)
					}
				}
				if n := len(lc.targets(o.ID, "")); n != 0 {
					t.Errorf("%d targets recorded from a bad annex", n)
				}
				in := complete
				in.Annex = &wire.Document{ContentType: "text/csv", Data: base64.StdEncoding.EncodeToString([]byte(bad))}
				_, err = lc.api.CreateOrder(ctx, in)
				if client.StatusOf(err) != 400 || !containsMessage(err, "line 1") {
					t.Errorf("CreateOrder with a bad annex: %v, want 400 naming line 1", err)
				}
				after, err := lc.api.Orders(ctx, client.OrderQuery{Limit: 200})
				lc.ok(err)
				if len(after) != len(before)+1 {
					t.Errorf("%d orders after a bad annex, want %d (only the one created before)", len(after), len(before)+1)
				}
			}
		})
	}
}

// containsMessage reports whether err is a *client.Error whose message says s.
func containsMessage(err error, s string) bool {
	var e *client.Error
	return errors.As(err, &e) && strings.Contains(e.Message, s)
}
