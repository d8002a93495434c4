package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// apWarning is an account warning as the owner reads it, with its appeal.
type apWarning struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Appeal *struct {
		Text  string `json:"text"`
		State string `json:"state"`
	} `json:"appeal"`
}

// apWarnings returns the owner's account warnings, newest first.
func apWarnings(t *testing.T, r *rig, token string) []apWarning {
	t.Helper()
	code, body := lgGet(t, r, whViewer{name: "owner", token: token}, "/api/v1/notifications?types[]=moderation_warning&limit=40")
	if code != http.StatusOK {
		t.Fatalf("GET notifications = %d %s", code, lgShort(body))
	}
	var page []struct {
		ModerationWarning *apWarning `json:"moderation_warning"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	var out []apWarning
	for _, n := range page {
		if n.ModerationWarning != nil {
			out = append(out, *n.ModerationWarning)
		}
	}
	return out
}

// apAppeal posts an appeal as the token's owner and returns the status and body.
func apAppeal(t *testing.T, r *rig, token, warningID string, form url.Values) (int, []byte) {
	t.Helper()
	code, body, _ := whDo(t, r, whViewer{name: "owner", token: token}, "POST", "/api/v1/agora/account_warnings/"+warningID+"/appeal", form)
	return code, body
}

// TestLegal_OwnerAppeal: the owner of withheld content appeals through the
// Mastodon API; the appeal lands on the target in the desk's queue with its own
// deadline; the desk answers through the legal API's typed client; the owner sees
// the answer and, when granted, the lift. Bad appeals record nothing.
func TestLegal_OwnerAppeal(t *testing.T) {
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
			o := lc.order(wire.OrderInput{
				AuthorityID: auth, Reference: "2026/0050", TerritorialScope: []string{"IN"},
				LegalBasis: "Section 69A of the Information Technology Act, 2000", Targets: []string{"@u0000", "@u0001"},
			})
			if res := lc.decide(o.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold", Countries: []string{"IN"}}, false); res.Applied != 2 {
				t.Fatalf("withhold: %+v", res)
			}
			owner := func(i int) string { return lgToken(t, r, lgName(i), "read write") }
			tok0, tok1 := owner(0), owner(1)
			w0, w1 := apWarnings(t, r, tok0), apWarnings(t, r, tok1)
			if len(w0) != 1 || len(w1) != 1 || w0[0].Appeal != nil {
				t.Fatalf("warnings before the appeal: %+v %+v", w0, w1)
			}
			pending := func() []*wire.Target { return lc.targets(o.ID, "appeal=pending") }

			// Bad appeals: clear 4xx, nothing recorded.
			for _, c := range []struct {
				name, token, warning, text string
				want                       int
			}{
				{"empty", tok0, w0[0].ID, "  ", http.StatusUnprocessableEntity},
				{"too long", tok0, w0[0].ID, strings.Repeat("é", agora.MaxAppealText+1), http.StatusUnprocessableEntity},
				{"someone else's", tok1, w0[0].ID, "Not mine.", http.StatusNotFound},
				{"no such warning", tok0, "12345", "Nothing.", http.StatusNotFound},
			} {
				if code, body := apAppeal(t, r, c.token, c.warning, url.Values{"text": {c.text}}); code != c.want || !strings.Contains(string(body), `"error"`) {
					t.Errorf("%s: appeal = %d %s, want %d with an error", c.name, code, lgShort(body), c.want)
				}
			}
			if code, _ := apAppeal(t, r, lgToken(t, r, lgName(0), "read"), w0[0].ID, url.Values{"text": {"No scope."}}); code != http.StatusForbidden {
				t.Errorf("appeal without write:accounts = %d, want 403", code)
			}
			if got := pending(); len(got) != 0 {
				t.Fatalf("targets with a pending appeal after bad appeals: %d", len(got))
			}

			// The owners appeal, by form and by JSON.
			before := time.Now()
			code, body := apAppeal(t, r, tok0, w0[0].ID, url.Values{"text": {"This is satire, not a threat."}})
			if code != http.StatusOK {
				t.Fatalf("appeal = %d %s", code, lgShort(body))
			}
			var got apWarning
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if got.ID != w0[0].ID || got.Appeal == nil || got.Appeal.Text != "This is satire, not a threat." || got.Appeal.State != "pending" {
				t.Errorf("the appealed warning: %s", body)
			}
			if code, body := apAppeal(t, r, tok0, w0[0].ID, url.Values{"text": {"Again."}}); code != http.StatusUnprocessableEntity {
				t.Errorf("a second appeal = %d %s, want 422", code, lgShort(body))
			}
			req, _ := http.NewRequest("POST", r.srv.URL+"/api/v1/agora/account_warnings/"+w1[0].ID+"/appeal", strings.NewReader(`{"text":"I am a journalist."}`))
			req.Header.Set("Authorization", "Bearer "+tok1)
			req.Header.Set("Content-Type", "application/json")
			resp, err := r.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("JSON appeal = %d", resp.StatusCode)
			}
			if w := apWarnings(t, r, tok0); len(w) != 1 || w[0].Appeal == nil || w[0].Appeal.State != "pending" {
				t.Errorf("u0000's warning after the appeal: %+v", w)
			}

			// The desk sees both appeals, with their deadlines.
			queue := pending()
			if len(queue) != 2 {
				t.Fatalf("targets with a pending appeal: %d, want 2", len(queue))
			}
			appealOf := map[string]*wire.Appeal{}
			for _, tg := range queue {
				a := tg.Appeal
				if a == nil || a.State != "pending" || a.Deadline == nil || a.CreatedAt == nil || a.Answer != nil {
					t.Fatalf("target %s's appeal: %+v", tg.Input, a)
				}
				created, _ := time.Parse(time.RFC3339Nano, *a.CreatedAt)
				deadline, _ := time.Parse(time.RFC3339Nano, *a.Deadline)
				if deadline.Sub(created) != 72*time.Hour || created.Before(before.Add(-time.Minute)) {
					t.Errorf("target %s's appeal: created %s, deadline %s, want 72 hours after", tg.Input, *a.CreatedAt, *a.Deadline)
				}
				appealOf[tg.Input] = a
			}
			if appealOf["@u0000"].Text != "This is satire, not a threat." || appealOf["@u0001"].Text != "I am a journalist." {
				t.Errorf("appeals: %+v", appealOf)
			}

			// The desk answers: bad answers first, then grants one and refuses the other.
			if _, err := lc.api.AnswerAppeal(ctx, appealOf["@u0000"].ID, true, ""); apStatus(err) != http.StatusUnprocessableEntity {
				t.Errorf("a blank answer: %v, want 422", err)
			}
			granted, err := lc.api.AnswerAppeal(ctx, appealOf["@u0000"].ID, true, "We agree: this is satire")
			lc.ok(err)
			if granted.State != "approved" || granted.AnsweredAt == nil || granted.Answer == nil {
				t.Errorf("granted: %+v", granted)
			}
			refused, err := lc.api.AnswerAppeal(ctx, appealOf["@u0001"].ID, false, "The order is lawful and specific.")
			lc.ok(err)
			if refused.State != "rejected" {
				t.Errorf("refused: %+v", refused)
			}
			if _, err := lc.api.AnswerAppeal(ctx, appealOf["@u0001"].ID, true, "Changed our mind."); apStatus(err) != http.StatusConflict {
				t.Errorf("a second answer: %v, want 409", err)
			}
			if got := pending(); len(got) != 0 {
				t.Errorf("targets with a pending appeal after the answers: %d", len(got))
			}
			if got := lc.targets(o.ID, "appeal=approved"); len(got) != 1 || got[0].Input != "@u0000" || got[0].State != "lifted" {
				t.Errorf("approved: %+v", got)
			}

			// The owners see the answers; the granted one is lifted.
			if rules := r.srv.Gate.RulesOn(agora.SubjectAccount, people.acct[0].ID, ""); len(rules) != 0 {
				t.Errorf("u0000: %d rules in force after the appeal was granted", len(rules))
			}
			if rules := r.srv.Gate.RulesOn(agora.SubjectAccount, people.acct[1].ID, ""); len(rules) != 1 {
				t.Errorf("u0001: %d rules in force after the appeal was refused, want 1", len(rules))
			}
			w0, w1 = apWarnings(t, r, tok0), apWarnings(t, r, tok1)
			texts := func(ws []apWarning) string {
				var b strings.Builder
				for _, w := range ws {
					b.WriteString(w.Text + "\n")
				}
				return b.String()
			}
			if len(w0) != 3 || w0[2].Appeal == nil || w0[2].Appeal.State != "approved" ||
				!strings.Contains(texts(w0), "Your appeal against order "+o.Number+" has been granted: We agree: this is satire.") ||
				!strings.Contains(texts(w0), "The withholding of your account @u0000 in India under order "+o.Number+" has been lifted: your appeal was granted.") {
				t.Errorf("u0000's warnings after the grant: %+v", w0)
			}
			if len(w1) != 2 || w1[1].Appeal == nil || w1[1].Appeal.State != "rejected" ||
				!strings.Contains(w1[0].Text, "Your appeal against order "+o.Number+" has been rejected: The order is lawful and specific. The withholding stays in force.") {
				t.Errorf("u0001's warnings after the refusal: %+v", w1)
			}
			if strings.Contains(texts(w0)+texts(w1), "lena") {
				t.Errorf("a warning names the staff member")
			}
			// go-mastodon sees them as moderation warnings.
			ns, err := r.client(tok0).GetNotifications(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(ns) != 3 {
				t.Errorf("go-mastodon: %d notifications of u0000, want 3", len(ns))
			}
			for _, n := range ns {
				if n.Type != "moderation_warning" {
					t.Errorf("go-mastodon: a %s notification", n.Type)
				}
			}
		})
	}
}

// apStatus is the HTTP status of a legal client error; 0 for none.
func apStatus(err error) int {
	var ce *client.Error
	if errors.As(err, &ce) {
		return ce.Status
	}
	return 0
}

// TestLegal_AppealOverdue: an appeal past its deadline (appeal_within is a
// millisecond here) makes its order overdue in the legal API, in the order and
// in the ?overdue=true list, until the desk answers it.
func TestLegal_AppealOverdue(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			r := newRig(t, b, whTrusted, func(c *app.Config) { c.AppealWithin = time.Millisecond })
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			lgPopulate(t, r, 1, func(i int) string { return "hello from " + lgName(i) })
			auth := lc.authority("Ministry of Electronics and IT", "IN", "ministry")
			o := lc.order(wire.OrderInput{AuthorityID: auth, Reference: "2026/0051", TerritorialScope: []string{"IN"},
				LegalBasis: "Section 69A of the Information Technology Act, 2000", Targets: []string{"@u0000"}})
			lc.decide(o.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold", Countries: []string{"IN"}}, false)
			overdue := func() (inOrder, inList bool) {
				for _, x := range lc.orders(client.OrderQuery{Overdue: true, Limit: 200}) {
					if x.ID == o.ID {
						inList = true
					}
				}
				return lc.getOrder(o.ID).Overdue, inList
			}
			if a, l := overdue(); a || l {
				t.Fatalf("overdue before any appeal: order %v, list %v", a, l)
			}
			tok0 := lgToken(t, r, lgName(0), "read write")
			w := apWarnings(t, r, tok0)
			if len(w) != 1 {
				t.Fatalf("warnings: %+v", w)
			}
			if code, body := apAppeal(t, r, tok0, w[0].ID, url.Values{"text": {"This is satire."}}); code != http.StatusOK {
				t.Fatalf("appeal = %d %s", code, lgShort(body))
			}
			time.Sleep(5 * time.Millisecond) // past the appeal's deadline
			if a, l := overdue(); !a || !l {
				t.Errorf("an unanswered appeal past its deadline: order overdue %v, in the overdue list %v; want both", a, l)
			}
			pending := lc.targets(o.ID, "appeal=pending")
			if len(pending) != 1 || pending[0].Appeal == nil {
				t.Fatalf("targets with a pending appeal: %+v", pending)
			}
			_, err := lc.api.AnswerAppeal(ctx, pending[0].Appeal.ID, false, "The order is lawful and specific.")
			lc.ok(err)
			if a, l := overdue(); a || l {
				t.Errorf("an answered appeal: order overdue %v, in the overdue list %v; want neither", a, l)
			}
		})
	}
}
