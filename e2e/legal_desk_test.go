package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// TestLegal_DeskAsFound covers what the desk got wrong when tried as a new user
// would (issue 11): a revocation closes the order; a notice's deadline counts
// toward overdue until the notice is answered; correspondence never names staff;
// a handover shows in each order's audit trail, and audit events say where a
// change came from.
func TestLegal_DeskAsFound(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, agoratest.SQLite, whTrusted)
	lenaAcct, ltok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
	lena := r.legal(ltok)
	lgPopulate(t, r, 3, func(i int) string { return "post of " + lgName(i) })

	t.Run("RevocationCloses", func(t *testing.T) {
		o := lena.order(wire.OrderInput{Reference: "rev", TerritorialScope: []string{"IN"}, Targets: []string{"@u0000", "@u0001"}})
		ts := lena.targets(o.ID, "")
		lena.decide(o.ID, wire.DecisionInput{TargetIDs: []string{ts[0].ID}, Action: "withhold", Countries: []string{"IN"}}, false)
		lena.addNotice(o.ID, wire.NoticeInput{Kind: "revocation", Summary: "The ministry revokes the order."})
		if got := lena.getOrder(o.ID); got.State != "closed" || got.ClosedAt == nil {
			t.Errorf("after the revocation: state %q, closed_at %v; want closed", got.State, got.ClosedAt)
		}
		lena.fail("POST", "/api/v1/legal/orders/"+o.ID+"/decisions", "", map[string]any{"target_ids": []string{ts[1].ID}, "action": "withhold", "countries": []string{"IN"}},
			http.StatusConflict, "revoked")
		if got := lena.targets(o.ID, "decision=withheld"); len(got) != 0 {
			t.Errorf("withheld under a revoked order: %+v", got)
		}
	})

	t.Run("NoticeDeadlineOverdue", func(t *testing.T) {
		o := lena.order(wire.OrderInput{Reference: "late", TerritorialScope: []string{"IN"}, Targets: []string{"@u0002"}})
		overdue := func() bool {
			for _, x := range lena.orders(client.OrderQuery{Overdue: true, Limit: 200}) {
				if x.ID == o.ID {
					return true
				}
			}
			return false
		}
		if lena.getOrder(o.ID).Overdue || overdue() {
			t.Fatalf("a new order without deadlines is overdue")
		}
		past := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
		n := lena.addNotice(o.ID, wire.NoticeInput{Kind: "hearing", Summary: "Hearing; answer in writing.", ReceivedAt: lgTime(past), Deadline: lgTime(past.Add(24 * time.Hour))})
		if !lena.getOrder(o.ID).Overdue || !overdue() {
			t.Errorf("an unanswered notice past its deadline does not make the order overdue")
		}
		answered, err := lena.api.AnswerNotice(ctx, n.ID)
		lena.ok(err)
		if answered.AnsweredAt == nil {
			t.Errorf("answered notice: answered_at is null")
		}
		if lena.getOrder(o.ID).Overdue || overdue() {
			t.Errorf("an answered notice still makes the order overdue")
		}
		if list := lena.notices(o.ID); len(list) != 1 || list[0].AnsweredAt == nil {
			t.Errorf("notices after answering: %+v", list)
		}
		lena.fail("POST", "/api/v1/legal/notices/1/answer", "", nil, http.StatusNotFound)
		if !lgHas(lgActions(lena.audit("order:"+o.ID)), "notice.answer") {
			t.Errorf("no notice.answer in the order's audit trail: %v", lgActions(lena.audit("order:"+o.ID)))
		}
	})

	t.Run("PartiesAreOrganisations", func(t *testing.T) {
		o := lena.order(wire.OrderInput{Reference: "corr", TerritorialScope: []string{"IN"}, Targets: []string{"@u0002"}})
		for _, parties := range []string{"lena to MeitY", "agora (@lena) to MeitY", "lena@example.org; MeitY", "Agora Trust & Safety, LENA"} {
			lena.fail("POST", "/api/v1/legal/orders/"+o.ID+"/correspondence", "", wire.CorrespondenceInput{Direction: "out", Channel: "email", Parties: parties, Summary: "Our answer."},
				http.StatusUnprocessableEntity, "organisation")
		}
		if got := lena.correspondence(o.ID); len(got) != 0 {
			t.Errorf("recorded despite naming staff: %+v", got)
		}
		lena.addCorrespondence(o.ID, wire.CorrespondenceInput{Direction: "out", Channel: "email", Parties: "Agora Trust & Safety to MeitY", Summary: "Our answer."})
	})

	t.Run("HandoverAndOrigin", func(t *testing.T) {
		mira, _ := lgStaff(t, r, "mira", agora.RoleLegal, lgAllScopes)
		o := lena.order(wire.OrderInput{Reference: "hand", TerritorialScope: []string{"IN"}, Targets: []string{"@u0002"}})
		_, err := lena.api.Assign(ctx, o.ID, lenaAcct.ID.String())
		lena.ok(err)
		n, _, err := r.srv.Desk.Handover(ctx, nil, "lena", "mira")
		if err != nil || n < 1 {
			t.Fatalf("handover: %d, %v", n, err)
		}
		if got := lena.getOrder(o.ID); lgStr(got.AssignedTo) != mira.ID.String() {
			t.Errorf("assigned to %s after the handover, want %s", lgStr(got.AssignedTo), mira.ID)
		}
		events := lena.audit("order:" + o.ID)
		var hand, create *wire.AuditEvent
		for _, e := range events {
			switch e.Action {
			case "order.handover":
				hand = e
			case "order.create":
				create = e
			}
		}
		if hand == nil {
			t.Fatalf("no handover in the order's audit trail: %v", lgActions(events))
		}
		if hand.Channel != "cli" || hand.ClientIP != nil {
			t.Errorf("handover from the command line: channel %q, client_ip %v", hand.Channel, hand.ClientIP)
		}
		if create == nil || create.Channel != "api" || lgStr(create.ClientIP) != "127.0.0.1" {
			t.Errorf("order created over the API: %+v", create)
		}
		// Behind a trusted proxy, the client is the address it forwards.
		status, body, _ := lena.raw("POST", "/api/v1/legal/orders/"+o.ID+"/acknowledge", "application/json", []byte("{}"), "X-Forwarded-For", "203.0.113.7")
		if status != http.StatusOK {
			t.Fatalf("acknowledge: %d %s", status, body)
		}
		var ack *wire.AuditEvent
		for _, e := range lena.audit("order:" + o.ID) {
			if e.Action == "order.acknowledge" {
				ack = e
			}
		}
		if ack == nil || lgStr(ack.ClientIP) != "203.0.113.7" || ack.Channel != "api" {
			t.Errorf("acknowledge's audit event: %+v", ack)
		}
	})
}

func lgHas(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
