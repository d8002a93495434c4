package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/legal"
)

// consoleForm is one form of the console posted in TestConsole_Forms: the
// fields that work, those the desk refuses (with words of its message), and
// what the page then says.
type consoleForm struct {
	name   string
	path   string
	good   url.Values
	bad    url.Values
	badAs  string // words of the refusal shown on the page
	done   string // words of the message after the change
	file   bool   // posted as multipart with a document
	after  bool   // the bad post comes after the good one (it refuses a second time)
	status int    // the refusal's status; 422 when 0
}

// TestConsole_Forms posts each form of the order page, the appeals page and
// the handover page: without its CSRF token it is refused and records
// nothing; with values the desk refuses, the page shows the desk's message
// and nothing is recorded; with good values it is recorded and the page says
// so with the server's fixed message.
func TestConsole_Forms(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b, whTrusted)
			srv := r.srv
			lena := consoleAccount(t, srv, "lena", agora.RoleLegal)
			consoleAccount(t, srv, "maya", agora.RoleLegal)
			consoleAccount(t, srv, "uma", agora.RoleUser)
			lgPopulate(t, r, 3, func(i int) string { return "hello from " + lgName(i) })
			auth, err := srv.Desk.CreateAuthority(ctx, lena, "Ministry of Electronics and IT", "IN", "ministry")
			if err != nil {
				t.Fatal(err)
			}
			o, err := srv.Desk.CreateOrder(ctx, lena, legal.OrderInput{AuthorityID: auth.ID, Reference: "2026/0077", Channel: "email",
				TerritorialScope: []string{"IN"}, LegalBasis: "Section 69A of the Information Technology Act, 2000",
				Targets: []string{"@u0000", "@u0001", "@u0002"}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := srv.Desk.Decide(ctx, lena, o.ID, legal.DecisionInput{Filter: &legal.TargetFilter{Resolution: agora.ResolutionResolved},
				Action: agora.ActionWithhold, Countries: []string{"IN"}}, false); err != nil {
				t.Fatal(err)
			}
			var appeals []string
			for i := range 2 {
				tok := lgToken(t, r, lgName(i), "read write")
				w := apWarnings(t, r, tok)
				if len(w) != 1 {
					t.Fatalf("warnings of %s: %+v", lgName(i), w)
				}
				if code, body := apAppeal(t, r, tok, w[0].ID, url.Values{"text": {"This is satire."}}); code != http.StatusOK {
					t.Fatalf("appeal: %d %s", code, lgShort(body))
				}
			}
			pending, err := srv.Desk.Targets(ctx, lena, agora.TargetQuery{OrderID: o.ID, Appeal: agora.AppealPending, Limit: 10})
			if err != nil || len(pending) != 2 {
				t.Fatalf("pending appeals: %d %v", len(pending), err)
			}
			for _, p := range pending {
				appeals = append(appeals, p.Appeal.ID.String())
			}

			// recorded is how many audit events there are: every change the
			// desk makes records at least one.
			recorded := func() int {
				evs, err := srv.Desk.Audit(ctx, lena, agora.AuditQuery{Limit: 100_000})
				if err != nil {
					t.Fatal(err)
				}
				return len(evs)
			}
			u := newConsoleUser(t, srv.URL)
			if status, _, _ := u.signIn("lena", "password-lena"); status != http.StatusSeeOther {
				t.Fatalf("sign in: %d", status)
			}
			orderPath := "/legal/orders/" + o.ID.String()
			id := o.ID.String()
			noticeID := func() string {
				ns, err := srv.Desk.Notices(ctx, lena, o.ID)
				if err != nil || len(ns) == 0 {
					t.Fatalf("notices: %d %v", len(ns), err)
				}
				return ns[0].ID.String()
			}

			forms := []consoleForm{
				{name: "acknowledge", path: orderPath + "/acknowledge", good: url.Values{}, done: "The order is acknowledged"},
				{name: "state", path: orderPath + "/state", good: url.Values{"state": {"answered"}}, bad: url.Values{"state": {"received"}},
					badAs: "an order cannot go from in_review to", done: "The order&#39;s state is changed"},
				{name: "assign", path: orderPath + "/assign", good: url.Values{"staff": {"maya"}}, bad: url.Values{"staff": {"uma"}},
					badAs: "Choose a staff member with legal access", done: "The order is assigned"},
				{name: "assign a target", path: orderPath + "/targets/assign", good: url.Values{"position": {"2"}, "staff": {"maya"}},
					bad: url.Values{"position": {"99"}, "staff": {"maya"}}, badAs: "The order has no target with the number", done: "The target is assigned"},
				{name: "notice", path: orderPath + "/notices", file: true,
					good:  url.Values{"kind": {"hearing"}, "deadline": {"2026-12-20T10:00"}, "summary": {"A hearing on the order."}},
					bad:   url.Values{"kind": {"hearing"}, "deadline": {"2026-12-20T10:00"}, "summary": {"  "}},
					badAs: "summary is required", done: "The notice is recorded"},
				{name: "notice with a bad deadline", path: orderPath + "/notices", file: true,
					bad: url.Values{"kind": {"hearing"}, "deadline": {"next week"}, "summary": {"A hearing."}}, badAs: "The deadline must be a date and time"},
				{name: "correspondence", path: orderPath + "/correspondence", file: true,
					good:  url.Values{"direction": {"out"}, "channel": {"email"}, "parties": {"Platform legal team; the Ministry"}, "summary": {"Receipt sent."}},
					bad:   url.Values{"direction": {"out"}, "channel": {"email"}, "parties": {"Lena for the platform"}, "summary": {"Receipt sent."}},
					badAs: "parties must name organisations, not staff members", done: "The message is recorded"},
				{name: "answer on the authority's channel", path: orderPath + "/correspondence",
					good:  url.Values{"direction": {"out"}, "channel": {"authority_api"}, "summary": {"The accounts are withheld in India."}},
					bad:   url.Values{"direction": {"out"}, "channel": {"authority_api"}, "summary": {"Ask @maya about it."}},
					badAs: "it must not name a staff member", done: "The message is recorded"},
				{name: "notice answered", path: "/legal/notices/{notice}/answer", good: url.Values{"order": {id}}, bad: url.Values{"order": {id}},
					after: true, badAs: "The notice is already answered", done: "The notice is marked answered"},
				{name: "appeal on the order page", path: "/legal/appeals/" + appeals[0] + "/answer",
					good:  url.Values{"answer": {"refuse"}, "text": {"The order stands."}, "from": {"order"}, "order": {id}},
					bad:   url.Values{"answer": {"refuse"}, "text": {"   "}, "from": {"order"}, "order": {id}},
					badAs: "text can&#39;t be blank", done: "The appeal is refused"},
				{name: "appeal answered already", path: "/legal/appeals/" + appeals[0] + "/answer",
					bad:   url.Values{"answer": {"grant"}, "text": {"On second thoughts."}, "from": {"order"}, "order": {id}},
					badAs: "The appeal is answered already"},
				{name: "appeal on the appeals page", path: "/legal/appeals/" + appeals[1] + "/answer",
					good:  url.Values{"answer": {"grant"}, "text": {"Satire is protected."}, "from": {"appeals"}},
					bad:   url.Values{"answer": {"maybe"}, "text": {"Hm."}, "from": {"appeals"}},
					badAs: "Grant or refuse the appeal", done: "The appeal is granted"},
				{name: "handover", path: "/legal/handover", good: url.Values{"from": {"maya"}, "to": {"lena"}}, bad: url.Values{"from": {"maya"}, "to": {"uma"}},
					badAs: "has no legal access", done: "Handed over: 1 open orders and 1 targets"},
			}
			for _, f := range forms {
				t.Run(f.name, func(t *testing.T) {
					path := f.path
					if strings.Contains(path, "{notice}") {
						path = strings.ReplaceAll(path, "{notice}", noticeID())
					}
					post := func(v url.Values) (int, string, http.Header) {
						if f.file {
							return u.postFile(path, v, "document", "letter.txt", "The authority's letter.")
						}
						return u.do(http.MethodPost, path, v)
					}
					with := func(v url.Values, csrf bool) url.Values {
						out := url.Values{}
						for k, vs := range v {
							out[k] = vs
						}
						if csrf {
							out.Set("csrf", u.token(orderPath))
						}
						return out
					}
					refuse := func() {
						if f.bad == nil {
							return
						}
						before := recorded()
						status, body, _ := post(with(f.bad, true))
						want := f.status
						if want == 0 {
							want = http.StatusUnprocessableEntity
						}
						if status != want || !strings.Contains(body, f.badAs) || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "Nothing was recorded") {
							t.Errorf("refused values: %d, want %d showing %q: %s", status, want, f.badAs, lgShort([]byte(body)))
						}
						if n := recorded(); n != before {
							t.Errorf("refused values recorded %d audit events", n-before)
						}
					}

					before := recorded()
					if f.good != nil {
						if status, body, _ := post(with(f.good, false)); status != http.StatusForbidden || !strings.Contains(body, "security token") {
							t.Errorf("without its CSRF token: %d, want 403", status)
						}
						if n := recorded(); n != before {
							t.Errorf("the post without its token recorded %d audit events", n-before)
						}
					}
					if !f.after {
						refuse()
					}
					if f.good != nil {
						before = recorded()
						status, body, h := post(with(f.good, true))
						if status != http.StatusSeeOther {
							t.Fatalf("good values: %d %s", status, lgShort([]byte(body)))
						}
						if recorded() == before {
							t.Errorf("good values recorded nothing")
						}
						loc := h.Get("Location")
						status, body, _ = u.do(http.MethodGet, loc, nil)
						if status != http.StatusOK || !strings.Contains(body, `id="done"`) || !strings.Contains(body, f.done) {
							t.Errorf("GET %s after the post: %d, want the message %q: %s", loc, status, f.done, lgShort([]byte(body)))
						}
					}
					if f.after {
						refuse()
					}
				})
			}

			// What the forms did, as the desk reads it.
			got, err := srv.Desk.Order(ctx, lena, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != agora.OrderAnswered || got.AcknowledgedAt.IsZero() || got.AssignedTo != lena.ID {
				t.Errorf("order after the forms: state %s, acknowledged %v, assigned to %s; want answered, acknowledged, lena's (handed over)", got.State, got.AcknowledgedAt, got.AssignedTo)
			}
			ns, _ := srv.Desk.Notices(ctx, lena, o.ID)
			if len(ns) != 1 || ns[0].Deadline.IsZero() || ns[0].DocumentID == 0 || ns[0].AnsweredAt.IsZero() {
				t.Errorf("notices: %+v, want one with a deadline and document, answered", ns)
			}
			cs, _ := srv.Desk.Correspondence(ctx, lena, o.ID)
			if len(cs) != 2 || len(cs[0].Documents) != 1 {
				t.Errorf("correspondence: %d messages, want 2, the first with its document", len(cs))
			}
			if left, _ := srv.Desk.Targets(ctx, lena, agora.TargetQuery{OrderID: o.ID, Appeal: agora.AppealPending, Limit: 10}); len(left) != 0 {
				t.Errorf("appeals pending after the answers: %d", len(left))
			}
			_, body, _ := u.do(http.MethodGet, "/legal/appeals", nil)
			if !strings.Contains(body, `id="no-appeals"`) {
				t.Errorf("appeals page after the answers: %s", lgShort([]byte(body)))
			}
		})
	}
}
