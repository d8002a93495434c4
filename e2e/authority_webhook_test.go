package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/app"
	authwire "agora/authorityapi/wire"
	"agora/legalapi/wire"
	"agora/webhook"
)

// auReceiver is an authority's webhook endpoint on 127.0.0.1: it verifies
// every delivery as the documentation tells receivers to, and counts the
// arrivals of each message by its Webhook-Id.
type auReceiver struct {
	mu       sync.Mutex
	secret   string
	arrivals map[string]int
	events   map[string]authwire.Event
	refused  []string // why deliveries failed verification
	delay    time.Duration
}

func newAuReceiver(t *testing.T, delay time.Duration) (*auReceiver, *httptest.Server) {
	rc := &auReceiver{arrivals: map[string]int{}, events: map[string]authwire.Event{}, delay: delay}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return rc, srv
}

func (rc *auReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	time.Sleep(rc.delay)
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	id, err := webhook.Verify(rc.secret, r.Header, body, time.Now())
	if err != nil {
		rc.refused = append(rc.refused, err.Error())
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var ev authwire.Event
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID != id {
		rc.refused = append(rc.refused, fmt.Sprintf("body %s: %v", body, err))
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	rc.arrivals[id]++
	rc.events[id] = ev
	w.WriteHeader(http.StatusNoContent)
}

// waitFor waits until n distinct messages have arrived, or fails.
func (rc *auReceiver) waitFor(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		rc.mu.Lock()
		got := len(rc.arrivals)
		rc.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d webhook messages arrived within %s", got, n, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// byType counts the messages that arrived by type.
func (rc *auReceiver) byType() map[string]int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := map[string]int{}
	for _, ev := range rc.events {
		out[ev.Type]++
	}
	return out
}

func TestAuthority_WebhooksOf1178Targets(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { auWebhooks1178(t, b) })
	}
}

// auWebhooks1178 is the authority channel end to end: IN submits an order of
// 1,178 targets as a CSV annex, the desk decides them, and IN's view,
// effect.csv and its webhook receiver show each target's effect; the server
// restarts in the middle of the deliveries, and every message still arrives
// exactly once, signed.
func auWebhooks1178(t *testing.T, b agoratest.Backend) {
	const n, declined = 1178, 100
	allowPrivate := func(c *app.Config) { c.WebhookAllowPrivate = "on" }
	r := newRig(t, b, allowPrivate)
	p := newAuParties(t, r)
	stok, lc, in, de, bodies := p.stok, p.lc, p.in, p.de, p.bodies

	rc, hook := newAuReceiver(t, 2*time.Millisecond)
	code, body, _ := in.do("POST", "/api/v1/authority/webhooks", authwire.WebhookInput{URL: hook.URL + "/agora", Description: "MeitY portal"})
	var wh authwire.Webhook
	mustJSON(t, body, &wh)
	if code != http.StatusCreated || !strings.HasPrefix(wh.Secret, "whsec_") || len(wh.Events) != 0 {
		t.Fatalf("register webhook = %d %s, want 201 with a secret", code, lgShort(body))
	}
	rc.secret = wh.Secret
	code, body, _ = in.do("GET", "/api/v1/authority/webhooks", nil)
	if code != http.StatusOK || strings.Contains(string(body), wh.Secret) || !strings.Contains(string(body), wh.ID) {
		t.Errorf("GET webhooks = %d %s, want the webhook without its secret", code, lgShort(body))
	}

	// The annex: 1,178 accounts, as the ministry's spreadsheet names them.
	var annex strings.Builder
	annex.WriteString("S.No.,Account URL,Remarks\n")
	for i := range n {
		name := fmt.Sprintf("inacct%04d", i)
		r.mustAccount(name)
		fmt.Fprintf(&annex, "%d,%s/@%s,item %d\n", i+1, r.srv.URL, name, i+1)
	}
	rcpt, _ := in.submit(authwire.OrderInput{
		Reference: "No. 1(9)/2026-CLES", LegalBasis: "Information Technology Act, 2000, section 69A",
		StatementOfReasons: "The accounts named are said to threaten public order.", TerritorialScope: []string{"IN"},
		RedressInfo: "Writ petition before a High Court",
		Annex:       &authwire.Document{Name: "annex.csv", ContentType: "text/csv", Data: base64.StdEncoding.EncodeToString([]byte(annex.String()))},
	}, "1178")
	if got := in.order(rcpt.ID); got.TargetsCount != n || len(got.Targets) != n {
		t.Fatalf("IN's order has %d targets (%d listed), want %d", got.TargetsCount, len(got.Targets), n)
	}

	// The desk declines 100 and withholds the rest in IN.
	targets := lc.targets(rcpt.ID, "")
	var decline, withhold []string
	for i, tg := range targets {
		if tg.Resolution != "resolved" {
			t.Fatalf("target %s is %s: %s", tg.Input, tg.Resolution, lgStr(tg.Cause))
		}
		if i < declined {
			decline = append(decline, tg.ID)
		} else {
			withhold = append(withhold, tg.ID)
		}
	}
	lc.decide(rcpt.ID, wire.DecisionInput{TargetIDs: decline, Action: "decline", ReasonCode: "protected_speech", Note: "internal: " + auNoteWord}, false)
	lc.decide(rcpt.ID, wire.DecisionInput{TargetIDs: withhold, Action: "withhold", Countries: []string{"IN"}, Reason: "local_law"}, false)
	want := 2 + n // order.received, order.acknowledged, one per target

	// A restart in the middle of the deliveries.
	rc.waitFor(t, 100, 30*time.Second)
	dsn := r.srv.DSN
	r.srv.Stop(t)
	rc.mu.Lock()
	atStop := len(rc.arrivals)
	rc.mu.Unlock()
	if atStop >= want {
		t.Fatalf("all %d messages arrived before the restart; the test restarts nothing", atStop)
	}
	r.srv = agoratest.MustRunServer(t, b, agoratest.WithDB(dsn), allowPrivate)
	lc = r.legal(stok)

	// The dialogue: IN writes, the desk sees it and answers as the platform on
	// the channel, and IN reads the answer and is told of it.
	asked, _ := in.message(rcpt.ID, authwire.MessageInput{Text: "Please report the effect given to item 17."})
	var seen bool
	for _, c := range lc.correspondence(rcpt.ID) {
		seen = seen || (c.Direction == "in" && c.Channel == agora.ChannelAuthorityAPI && c.Summary == asked.Text)
	}
	if !seen {
		t.Errorf("IN's message is not in the desk's correspondence: %s", lgJSON(lc.correspondence(rcpt.ID)))
	}
	const answer = "Effect was given to item 17 in India; see effect.csv."
	lc.addCorrespondence(rcpt.ID, wire.CorrespondenceInput{Direction: "out", Channel: agora.ChannelAuthorityAPI, Parties: "agora legal to MeitY", Summary: answer})
	if list, _ := in.messages(rcpt.ID, ""); len(list) != 2 || list[0].ID != asked.ID || list[1].Direction != "out" || list[1].Text != answer {
		t.Errorf("IN's messages = %s, want its message and the desk's answer", lgJSON(list))
	}
	want++ // message.created

	rc.waitFor(t, want, 2*time.Minute)
	time.Sleep(3 * app.WebhookInterval) // anything sent twice would arrive now

	rc.mu.Lock()
	for id, k := range rc.arrivals {
		if k != 1 {
			t.Errorf("message %s arrived %d times, want once", id, k)
		}
	}
	if len(rc.refused) > 0 {
		t.Errorf("%d deliveries failed verification, first: %s", len(rc.refused), rc.refused[0])
	}
	rc.mu.Unlock()
	wantTypes := map[string]int{agora.EventOrderReceived: 1, agora.EventOrderAcknowledged: 1,
		agora.EventTargetDeclined: declined, agora.EventTargetEffectGiven: n - declined, agora.EventMessageCreated: 1}
	if got := rc.byType(); fmt.Sprint(got) != fmt.Sprint(wantTypes) {
		t.Errorf("messages by type = %v, want %v (restarted after %d)", got, wantTypes, atStop)
	}

	// Each target's message says what IN's view says of it.
	view := map[string]*authwire.TargetItem{}
	for _, tg := range in.order(rcpt.ID).Targets {
		view[tg.ID] = tg
	}
	rc.mu.Lock()
	for _, ev := range rc.events {
		if ev.Data.Order == nil || ev.Data.Order.ID != rcpt.ID || ev.Data.Order.Number != rcpt.Number {
			t.Fatalf("message %s names order %+v, want %s (%s)", ev.ID, ev.Data.Order, rcpt.ID, rcpt.Number)
		}
		if m := ev.Data.Message; m != nil && (m.Text != answer || m.Direction != "out") {
			t.Errorf("message.created = %+v, want the desk's answer", m)
		}
		if ev.Data.Target == nil {
			continue
		}
		got, w := ev.Data.Target, view[ev.Data.Target.ID]
		if w == nil || got.Effect != w.Effect || got.Input != w.Input || fmt.Sprint(got.Countries) != fmt.Sprint(w.Countries) ||
			!sameTime(got.EffectGivenAt, w.EffectGivenAt) || !sameTime(got.DeclinedAt, w.DeclinedAt) || lgStr(got.Explanation) != lgStr(w.Explanation) {
			t.Errorf("message on target %s = %+v, IN's view %+v", got.ID, got, w)
		}
	}
	rc.mu.Unlock()

	// effect.csv: a row per target with its time.
	code, body, _ = in.do("GET", "/api/v1/authority/orders/"+rcpt.ID+"/effect.csv", nil)
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if code != http.StatusOK || err != nil || len(recs) != n+1 {
		t.Fatalf("effect.csv = %d, %v, %d rows; want %d", code, err, len(recs), n+1)
	}
	for _, rec := range recs[1:] {
		if (rec[3] == "effect_given" && rec[8] == "") || (rec[3] == "declined" && rec[9] == "") || (rec[3] != "effect_given" && rec[3] != "declined") {
			t.Fatalf("effect.csv row %q lacks its effect or time", rec)
		}
	}

	// The delivery log, as IN and as the desk read it: every message delivered
	// once, at the first attempt.
	log := auDeliveries(t, in, "/api/v1/authority/webhooks/"+wh.ID+"/deliveries")
	if len(log) != want {
		t.Errorf("IN's delivery log has %d deliveries, want %d", len(log), want)
	}
	for _, d := range log {
		if d.State != "delivered" || len(d.Attempts) != 1 || d.Attempts[0].Status == nil || *d.Attempts[0].Status != http.StatusNoContent {
			t.Fatalf("delivery %+v, want delivered at the first attempt", d)
		}
	}
	code, body, _ = lc.raw("GET", "/api/v1/legal/webhooks/"+wh.ID+"/deliveries?limit=5", "", nil)
	var deskLog []*authwire.Delivery
	mustJSON(t, body, &deskLog)
	if code != http.StatusOK || len(deskLog) != 5 || deskLog[0].EventID != log[0].EventID || strings.Contains(string(body), wh.Secret) {
		t.Errorf("the desk's delivery log = %d %s, want IN's newest five", code, lgShort(body))
	}

	// Isolation: DE sees none of it.
	de.fail("GET", "/api/v1/authority/webhooks/"+wh.ID, nil, http.StatusNotFound)
	de.fail("GET", "/api/v1/authority/webhooks/"+wh.ID+"/deliveries", nil, http.StatusNotFound)
	de.fail("DELETE", "/api/v1/authority/webhooks/"+wh.ID, nil, http.StatusNotFound)
	if code, body, _ := de.do("GET", "/api/v1/authority/webhooks", nil); code != http.StatusOK || string(bytes.TrimSpace(body)) != "[]" {
		t.Errorf("DE's webhooks = %d %s, want none", code, lgShort(body))
	}
	for _, b := range *bodies {
		for _, bad := range []string{auStaffName, auNoteWord} {
			if strings.Contains(b, bad) {
				t.Errorf("an answer to an authority holds %q: %s", bad, lgShort([]byte(b)))
			}
		}
	}
	rc.mu.Lock()
	for _, ev := range rc.events {
		raw, _ := json.Marshal(ev)
		if strings.Contains(string(raw), auStaffName) || strings.Contains(string(raw), auNoteWord) {
			t.Fatalf("a webhook message holds a staff name or a note: %s", raw)
		}
	}
	rc.mu.Unlock()
}

// auDeliveries reads a whole delivery log, page by page along the Link header.
func auDeliveries(t *testing.T, c *auClient, path string) []*authwire.Delivery {
	t.Helper()
	var all []*authwire.Delivery
	for path != "" {
		code, body, h := c.do("GET", path, nil)
		if code != http.StatusOK {
			t.Fatalf("GET %s = %d %s", path, code, lgShort(body))
		}
		var page []*authwire.Delivery
		mustJSON(t, body, &page)
		all = append(all, page...)
		path = ""
		if link := h.Get("Link"); link != "" {
			path = strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(link, ";", 2)[0], "<"), ">")
		}
	}
	return all
}

func sameTime(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

func TestAuthority_WebhookEvents(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { auWebhookEvents(t, b) })
	}
}

// auWebhookEvents: every kind of event, for an order the desk entered, goes to
// the endpoints subscribed to its type, and only to the order's authority.
func auWebhookEvents(t *testing.T, b agoratest.Backend) {
	ctx := t.Context()
	r := newRig(t, b, func(c *app.Config) { c.WebhookAllowPrivate = "on" })
	p := newAuParties(t, r)
	lc, inID, in, de := p.lc, p.inID, p.in, p.de
	register := func(c *auClient, rc *auReceiver, url string, events ...string) {
		code, body, _ := c.do("POST", "/api/v1/authority/webhooks", authwire.WebhookInput{URL: url, Events: events})
		var wh authwire.Webhook
		mustJSON(t, body, &wh)
		if code != http.StatusCreated {
			t.Fatalf("register = %d %s", code, lgShort(body))
		}
		rc.secret = wh.Secret
	}
	all, allSrv := newAuReceiver(t, 0)
	lifts, liftsSrv := newAuReceiver(t, 0)
	deAll, deSrv := newAuReceiver(t, 0)
	register(in, all, allSrv.URL)
	register(in, lifts, liftsSrv.URL, agora.EventTargetLifted)
	register(de, deAll, deSrv.URL)

	r.mustAccount("evone")
	r.mustAccount("evtwo")
	o := lc.order(wire.OrderInput{AuthorityID: inID, Reference: "R-1", TerritorialScope: []string{"IN"}, Targets: []string{"@evone", "@evtwo"}})
	lc.acknowledge(o.ID)
	tg := lc.targets(o.ID, "")
	lc.decide(o.ID, wire.DecisionInput{TargetIDs: []string{tg[0].ID, tg[1].ID}, Action: "withhold", Countries: []string{"IN"}}, false)
	lc.decide(o.ID, wire.DecisionInput{TargetIDs: []string{tg[1].ID}, Action: "lift"}, false)
	n := lc.addNotice(o.ID, wire.NoticeInput{Kind: "non_compliance", Summary: "Comply within 24 hours."})
	if _, err := lc.api.AnswerNotice(ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	lc.addCorrespondence(o.ID, wire.CorrespondenceInput{Direction: "out", Channel: agora.ChannelAuthorityAPI, Parties: "agora legal to MeitY", Summary: "Effect given to one item; one lifted."})
	// The desk's own records of other channels are not the authority's to see.
	lc.addCorrespondence(o.ID, wire.CorrespondenceInput{Direction: "out", Channel: "email", Parties: "agora legal to outside counsel", Summary: "Draft for review."})
	lc.addCorrespondence(o.ID, wire.CorrespondenceInput{Direction: "in", Channel: "email", Parties: "MeitY to agora legal", Summary: "Noted."})

	all.waitFor(t, 7, 20*time.Second)
	lifts.waitFor(t, 1, 20*time.Second)
	time.Sleep(3 * app.WebhookInterval)
	want := map[string]int{agora.EventOrderReceived: 1, agora.EventOrderAcknowledged: 1, agora.EventTargetEffectGiven: 2,
		agora.EventTargetLifted: 1, agora.EventNoticeAnswered: 1, agora.EventMessageCreated: 1}
	if got := all.byType(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("IN's endpoint of every type got %v, want %v", got, want)
	}
	if got := lifts.byType(); fmt.Sprint(got) != fmt.Sprint(map[string]int{agora.EventTargetLifted: 1}) {
		t.Errorf("IN's endpoint of lifts got %v, want one lift", got)
	}
	if got := deAll.byType(); len(got) != 0 {
		t.Errorf("DE's endpoint got %v of IN's order", got)
	}
	all.mu.Lock()
	defer all.mu.Unlock()
	for _, ev := range all.events {
		switch ev.Type {
		case agora.EventTargetLifted:
			if tgt := ev.Data.Target; tgt == nil || tgt.ID != tg[1].ID || tgt.Effect != "lifted" || fmt.Sprint(tgt.Countries) != "[IN]" || tgt.LiftedAt == nil {
				t.Errorf("lift message = %+v, want the second target lifted in IN", tgt)
			}
		case agora.EventNoticeAnswered:
			if ev.Data.Notice == nil || ev.Data.Notice.ID != n.ID || ev.Data.Notice.AnsweredAt == nil || ev.Data.Notice.Kind != "non_compliance" {
				t.Errorf("notice message = %+v", ev.Data.Notice)
			}
		case agora.EventMessageCreated:
			if m := ev.Data.Message; m == nil || m.Direction != "out" || m.Text != "Effect given to one item; one lifted." {
				t.Errorf("message = %+v", m)
			}
		case agora.EventOrderReceived:
			if ev.Data.Order.Number == "" || ev.Data.Order.Reference != "R-1" {
				t.Errorf("order.received names order %+v, want its number and reference", ev.Data.Order)
			}
		}
	}
}
