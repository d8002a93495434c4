package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"agora"

	"github.com/google/go-cmp/cmp"
)

// TestDecisions_AppendOnly checks that the database itself refuses to change or
// remove decisions, whoever connects.
func TestDecisions_AppendOnly(t *testing.T) {
	for _, tc := range dialects {
		t.Run(tc.name, func(t *testing.T) {
			db := mustOpen(t, tc.dsn(t))
			ctx := t.Context()
			var ids agora.IDGenerator
			now := time.Now().UTC().Truncate(time.Millisecond)
			o := &agora.Order{ID: ids.New(), ReceivedAt: now, State: agora.OrderReceived, CreatedAt: now}
			target := &agora.Target{ID: ids.New(), Input: "#x", Kind: agora.SubjectHashtag, Hashtag: "x",
				Resolution: agora.ResolutionResolved, State: agora.TargetPending, CreatedAt: now}
			if err := db.CreateOrder(ctx, o, []*agora.Target{target}, nil); err != nil {
				t.Fatal(err)
			}
			d := &agora.Decision{ID: ids.New(), OrderID: o.ID, TargetID: target.ID, Action: agora.ActionWithhold,
				Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand, Note: "kept", CreatedAt: now}
			if _, err := db.ApplyDecisions(ctx, &agora.DecisionBatch{OrderID: o.ID, Decisions: []*agora.Decision{d}}); err != nil {
				t.Fatal(err)
			}
			stmts := []string{
				`UPDATE decisions SET note = 'changed'`,
				`UPDATE decisions SET action = 'decline' WHERE target_id = ` + target.ID.String(),
				`DELETE FROM decisions`,
				`DELETE FROM decisions WHERE id = ` + d.ID.String(),
			}
			if tc.name == "postgres" {
				stmts = append(stmts, `TRUNCATE decisions`, `TRUNCATE decisions CASCADE`)
			}
			for _, stmt := range stmts {
				_, err := db.SQL().ExecContext(ctx, stmt)
				if err == nil || !strings.Contains(err.Error(), "decisions are append-only") {
					t.Errorf("%s: %v, want the append-only error", stmt, err)
				}
			}
			got, err := db.Decisions(ctx, o.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]*agora.Decision{d}, got); diff != "" {
				t.Errorf("decisions after the refused statements (-want +got):\n%s", diff)
			}
		})
	}
}
