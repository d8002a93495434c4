package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"agora"
	"agora/sqlstore"
)

// benchRules returns n rules as an order's decision makes them: one per status,
// withheld in a few countries, each with its audit event.
func benchRules(ids *agora.IDGenerator, n int) ([]*agora.Rule, []*agora.AuditEvent) {
	rules := make([]*agora.Rule, n)
	events := make([]*agora.AuditEvent, n)
	orderID := ids.New()
	now := time.Now()
	for i := range rules {
		r := &agora.Rule{ID: ids.New(), Kind: agora.SubjectStatus, SubjectID: ids.New(),
			Countries: []string{"IN", "PK", "BD"}, Reason: agora.ReasonLegalDemand,
			Origin: "order:" + orderID.String(), OrderID: orderID, TargetID: ids.New(), CreatedBy: 7, Since: now}
		rules[i] = r
		events[i] = &agora.AuditEvent{ID: ids.New(), ActorID: 7, ActorKind: "account", Action: "rule.create",
			ObjectKind: "rule", ObjectID: r.ID, Summary: "Withheld status " + r.SubjectID.String() + " in IN, PK, BD",
			RequestID: "bench", CreatedAt: now}
	}
	return rules, events
}

// benchDB opens a database of the dialect for b; PostgreSQL only when
// AGORA_TEST_POSTGRES_DSN is set.
func benchDB(b *testing.B, dialect string) *sqlstore.DB {
	for _, d := range dialects {
		if d.name == dialect {
			db, err := sqlstore.Open(b.Context(), d.dsn(b))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		}
	}
	panic("no dialect " + dialect)
}

// BenchmarkCreateRules creates n rules, each with an audit event, in one call.
func BenchmarkCreateRules(b *testing.B) {
	for _, d := range dialects {
		for _, n := range []int{1178, 10_000} {
			b.Run(fmt.Sprintf("%s/%d", d.name, n), func(b *testing.B) {
				db := benchDB(b, d.name)
				var ids agora.IDGenerator
				for b.Loop() {
					b.StopTimer()
					rules, events := benchRules(&ids, n)
					b.StartTimer()
					if _, err := db.CreateRules(b.Context(), rules, events); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rules/s")
			})
		}
	}
}

// BenchmarkActiveRules reads 100,000 rules in force (and 10,000 lifted ones it
// must skip).
func BenchmarkActiveRules(b *testing.B) {
	const active, lifted = 100_000, 10_000
	for _, d := range dialects {
		b.Run(d.name, func(b *testing.B) {
			db := benchDB(b, d.name)
			var ids agora.IDGenerator
			for range (active + lifted) / 10_000 {
				rules, events := benchRules(&ids, 10_000)
				if _, err := db.CreateRules(b.Context(), rules, events); err != nil {
					b.Fatal(err)
				}
			}
			all, _, err := db.ActiveRules(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			lift := make([]agora.ID, 0, lifted)
			for i := 0; len(lift) < lifted; i += len(all) / lifted {
				lift = append(lift, all[i].ID)
			}
			if _, err := db.LiftRules(b.Context(), lift, time.Now(), nil); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				rules, _, err := db.ActiveRules(b.Context())
				if err != nil {
					b.Fatal(err)
				}
				if len(rules) != active {
					b.Fatalf("%d rules in force, want %d", len(rules), active)
				}
			}
		})
	}
}
