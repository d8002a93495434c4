package sqlstore_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"agora"
	"agora/sqlstore"
)

// benchTargets returns n resolved targets naming statuses.
func benchTargets(ids *agora.IDGenerator, n int, now time.Time) []*agora.Target {
	targets := make([]*agora.Target, n)
	for i := range targets {
		subject := ids.New()
		targets[i] = &agora.Target{ID: ids.New(), Input: "https://agora.example/@user/" + subject.String(),
			Kind: agora.SubjectStatus, SubjectID: subject, Resolution: agora.ResolutionResolved,
			State: agora.TargetPending, CreatedAt: now}
	}
	return targets
}

// benchOrder returns an order received now.
func benchOrder(ids *agora.IDGenerator, now time.Time) *agora.Order {
	return &agora.Order{ID: ids.New(), Reference: "BENCH/1", Channel: "api", ReceivedAt: now,
		LegalBasis: "Section 69A", StatementOfReasons: "Public order, as set out in the annex.",
		TerritorialScope: []string{"IN", "PK", "BD"}, Deadline: now.Add(48 * time.Hour),
		State: agora.OrderReceived, CreatedBy: 7, CreatedAt: now}
}

// BenchmarkCreateOrder creates an order of n targets, with its audit event, in
// one call.
func BenchmarkCreateOrder(b *testing.B) {
	for _, d := range dialects {
		for _, n := range []int{1178, 10_000, 100_000} {
			b.Run(fmt.Sprintf("%s/%d", d.name, n), func(b *testing.B) {
				db := benchDB(b, d.name)
				var ids agora.IDGenerator
				for b.Loop() {
					b.StopTimer()
					now := time.Now()
					o := benchOrder(&ids, now)
					targets := benchTargets(&ids, n, now)
					events := []*agora.AuditEvent{{ID: ids.New(), ActorID: 7, ActorKind: "account",
						Action: "order.create", ObjectKind: "order", ObjectID: o.ID, CreatedAt: now}}
					b.StartTimer()
					if err := db.CreateOrder(b.Context(), o, targets, events); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "targets/s")
			})
		}
	}
}

// BenchmarkApplyDecisions applies a bulk decision withholding every one of an
// order's n targets: n decisions, n target updates, n rules, n account warnings,
// n notifications and 2n audit events in one batch.
func BenchmarkApplyDecisions(b *testing.B) {
	const owners = 100
	for _, d := range dialects {
		for _, n := range []int{1178, 10_000} {
			b.Run(fmt.Sprintf("%s/%d", d.name, n), func(b *testing.B) {
				db := benchDB(b, d.name)
				var ids agora.IDGenerator
				now := time.Now()
				accounts := make([]agora.ID, owners)
				for i := range accounts {
					accounts[i] = ids.New()
					name := "owner" + strconv.Itoa(i)
					if err := db.CreateAccount(b.Context(), &agora.Account{ID: accounts[i], Username: name,
						Email: name + "@example.org", Role: agora.RoleUser, CreatedAt: now}); err != nil {
						b.Fatal(err)
					}
				}
				o := benchOrder(&ids, now)
				targets := benchTargets(&ids, n, now)
				if err := db.CreateOrder(b.Context(), o, targets, nil); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					b.StopTimer()
					batch := benchBatch(&ids, o, targets, accounts)
					b.StartTimer()
					if _, err := db.ApplyDecisions(b.Context(), batch); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "targets/s")
			})
		}
	}
}

// benchBatch withholds every target in IN, PK and BD, warning and notifying the
// owners (accounts, in turn).
func benchBatch(ids *agora.IDGenerator, o *agora.Order, targets []*agora.Target, accounts []agora.ID) *agora.DecisionBatch {
	now := time.Now()
	countries := []string{"IN", "PK", "BD"}
	n := len(targets)
	b := &agora.DecisionBatch{OrderID: o.ID, Decisions: make([]*agora.Decision, n), Targets: make([]*agora.Target, n),
		NewRules: make([]*agora.Rule, n), Warnings: make([]*agora.AccountWarning, n),
		Notifications: make([]*agora.Notification, n), Events: make([]*agora.AuditEvent, 0, 2*n)}
	origin := "order:" + o.ID.String()
	for i, t := range targets {
		owner := accounts[i%len(accounts)]
		b.Decisions[i] = &agora.Decision{ID: ids.New(), OrderID: o.ID, TargetID: t.ID, Action: agora.ActionWithhold,
			Countries: countries, Reason: agora.ReasonLegalDemand, Note: "bulk", ActorID: 7, CreatedAt: now}
		u := *t
		u.State, u.Countries, u.UpdatedAt = agora.TargetWithheld, countries, now
		b.Targets[i] = &u
		r := &agora.Rule{ID: ids.New(), Kind: agora.SubjectStatus, SubjectID: t.SubjectID, Countries: countries,
			Reason: agora.ReasonLegalDemand, Origin: origin, OrderID: o.ID, TargetID: t.ID, CreatedBy: 7, Since: now}
		b.NewRules[i] = r
		w := &agora.AccountWarning{ID: ids.New(), AccountID: owner, Action: "none",
			Text: "Your post is withheld in IN, PK, BD under a legal demand.", StatusIDs: []agora.ID{t.SubjectID},
			OrderID: o.ID, TargetID: t.ID, CreatedAt: now}
		b.Warnings[i] = w
		b.Notifications[i] = &agora.Notification{ID: ids.New(), AccountID: owner, Type: agora.NotifyModerationWarning,
			WarningID: w.ID, CreatedAt: now}
		b.Events = append(b.Events,
			&agora.AuditEvent{ID: ids.New(), ActorID: 7, ActorKind: "account", Action: "decision.withhold",
				ObjectKind: "target", ObjectID: t.ID, Summary: "Withheld in IN, PK, BD", RequestID: "bench", CreatedAt: now},
			&agora.AuditEvent{ID: ids.New(), ActorID: 7, ActorKind: "account", Action: "rule.create",
				ObjectKind: "rule", ObjectID: r.ID, Summary: "Withheld status " + t.SubjectID.String(), RequestID: "bench", CreatedAt: now})
	}
	return b
}

var _ = sqlstore.SQLite
