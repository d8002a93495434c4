package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/sqlstore"
	"agora/storetest"
	"agora/webhook"
)

// receiver is a webhook endpoint that verifies every delivery and answers
// with the status its script gives for the message's nth arrival.
type receiver struct {
	secret string
	mu     sync.Mutex
	got    map[string]int // arrivals by Webhook-Id
	status func(id string, n int) int
	bad    int
	now    func() time.Time // the receiver's clock; nil for time.Now
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	now := time.Now
	if rc.now != nil {
		now = rc.now
	}
	id, err := webhook.Verify(rc.secret, r.Header, body, now())
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err != nil {
		rc.bad++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	rc.got[id]++
	w.WriteHeader(rc.status(id, rc.got[id]))
}

func openStore(t *testing.T) *sqlstore.DB {
	db, err := sqlstore.Open(t.Context(), storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// outbox makes an authority with an endpoint at url and n announced events.
func outbox(t *testing.T, db *sqlstore.DB, url, secret string, n int) (*agora.WebhookEndpoint, []agora.ID) {
	ctx := t.Context()
	var ids agora.IDGenerator
	auth := &agora.Authority{ID: ids.New(), Name: "MeitY", Country: "IN", Kind: agora.AuthorityMinistry, CreatedAt: time.Now()}
	if err := db.CreateAuthority(ctx, auth, nil); err != nil {
		t.Fatal(err)
	}
	ep := &agora.WebhookEndpoint{ID: ids.New(), AuthorityID: auth.ID, URL: url, Secret: secret, CreatedAt: time.Now()}
	if err := db.CreateWebhookEndpoint(ctx, ep, nil); err != nil {
		t.Fatal(err)
	}
	var events []*agora.AuditEvent
	var out []agora.ID
	for i := range n {
		body, _ := json.Marshal(map[string]any{"type": agora.EventTargetLifted, "n": i})
		ev := &agora.WebhookEvent{ID: ids.New(), AuthorityID: auth.ID, OrderID: 1, Type: agora.EventTargetLifted, Body: body, CreatedAt: time.Now()}
		events = append(events, &agora.AuditEvent{ID: ids.New(), ActorKind: "system", Action: "test", ObjectKind: "order", ObjectID: 1, CreatedAt: time.Now(), Announce: ev})
		out = append(out, ev.ID)
	}
	if err := db.AppendAudit(ctx, events); err != nil {
		t.Fatal(err)
	}
	return ep, out
}

func TestDispatcher_DeliversRetriesAndGivesUp(t *testing.T) {
	db := openStore(t)
	secret := webhook.NewSecret()
	rc := &receiver{secret: secret, got: map[string]int{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	ep, ids := outbox(t, db, srv.URL, secret, 3)
	flaky, down := ids[1].String(), ids[2].String()
	rc.status = func(id string, n int) int {
		switch {
		case id == flaky && n == 1:
			return http.StatusServiceUnavailable
		case id == down:
			return http.StatusInternalServerError
		}
		return http.StatusNoContent
	}
	clock := time.Now()
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	rc.now = now
	d := webhook.New(webhook.Config{Policy: webhook.Policy{AllowPrivate: true}, Backoff: []time.Duration{time.Minute, time.Hour}},
		db, now, slog.New(slog.DiscardHandler))
	step := func(to time.Duration) {
		mu.Lock()
		clock = clock.Add(to)
		mu.Unlock()
		if _, err := d.Once(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	step(0)
	step(30 * time.Second) // nothing due yet
	step(31 * time.Second) // the retries, after a minute
	step(time.Hour)        // the last attempt of the one that keeps failing
	step(48 * time.Hour)   // nothing left
	if rc.bad != 0 {
		t.Errorf("%d deliveries failed verification", rc.bad)
	}
	want := map[string]int{ids[0].String(): 1, flaky: 2, down: 3}
	for id, n := range want {
		if rc.got[id] != n {
			t.Errorf("event %s arrived %d times, want %d", id, rc.got[id], n)
		}
	}
	log, err := db.WebhookDeliveries(t.Context(), agora.WebhookDeliveryQuery{EndpointID: ep.ID})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, dl := range log {
		states[dl.EventID.String()] = dl.State
		if len(dl.Log) != dl.Attempts {
			t.Errorf("delivery of %s: %d attempts logged, %d counted", dl.EventID, len(dl.Log), dl.Attempts)
		}
	}
	if states[ids[0].String()] != agora.DeliveryDelivered || states[flaky] != agora.DeliveryDelivered || states[down] != agora.DeliveryFailed {
		t.Errorf("states = %v, want delivered, delivered, failed", states)
	}
	for _, dl := range log {
		if dl.EventID.String() == down && (dl.Log[2].Status != 500 || dl.Log[2].Error == "") {
			t.Errorf("last attempt logged as %+v, want 500 with its reason", dl.Log[2])
		}
	}
}

// A redirect is an answer, not a delivery: it is not followed.
func TestDispatcher_DoesNotFollowRedirects(t *testing.T) {
	db := openStore(t)
	followed := false
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { followed = true }))
	defer target.Close()
	srv := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
	defer srv.Close()
	ep, _ := outbox(t, db, srv.URL, webhook.NewSecret(), 1)
	d := webhook.New(webhook.Config{Policy: webhook.Policy{AllowPrivate: true}}, db, nil, slog.New(slog.DiscardHandler))
	if _, err := d.Once(t.Context()); err != nil {
		t.Fatal(err)
	}
	log, _ := db.WebhookDeliveries(t.Context(), agora.WebhookDeliveryQuery{EndpointID: ep.ID})
	if followed || len(log) != 1 || log[0].State != agora.DeliveryPending || log[0].Log[0].Status != http.StatusTemporaryRedirect {
		t.Errorf("followed=%v, log %+v; want the 307 logged and a retry pending", followed, log[0])
	}
}

// Without AllowPrivate, a receiver on loopback is never connected to, even
// when it is already registered: the attempt fails and says why.
func TestDispatcher_RefusesPrivateAddresses(t *testing.T) {
	db := openStore(t)
	reached := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
	defer srv.Close()
	ep, _ := outbox(t, db, srv.URL, webhook.NewSecret(), 1)
	d := webhook.New(webhook.Config{}, db, nil, slog.New(slog.DiscardHandler))
	if _, err := d.Once(t.Context()); err != nil {
		t.Fatal(err)
	}
	log, _ := db.WebhookDeliveries(t.Context(), agora.WebhookDeliveryQuery{EndpointID: ep.ID})
	if reached || len(log) != 1 || log[0].Log[0].Status != 0 || log[0].Log[0].Error == "" {
		t.Errorf("reached=%v, log %+v; want a refused attempt", reached, log)
	}
}

// When Run's context ends, an attempt under way finishes and is recorded: the
// receiver does not get it again from the next dispatcher.
func TestDispatcher_StopsCleanly(t *testing.T) {
	db := openStore(t)
	secret := webhook.NewSecret()
	rc := &receiver{secret: secret, got: map[string]int{}, status: func(string, int) int { return http.StatusOK }}
	arrived := make(chan struct{}, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		time.Sleep(50 * time.Millisecond)
		rc.ServeHTTP(w, r)
	}))
	defer srv.Close()
	_, ids := outbox(t, db, srv.URL, secret, 40)
	cfg := webhook.Config{Policy: webhook.Policy{AllowPrivate: true}, Workers: 2, Batch: 8, Interval: 10 * time.Millisecond}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { webhook.New(cfg, db, nil, slog.New(slog.DiscardHandler)).Run(ctx); close(done) }()
	<-arrived
	<-arrived
	<-arrived
	cancel()
	<-done
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	go webhook.New(cfg, db, nil, slog.New(slog.DiscardHandler)).Run(ctx)
	deadline := time.Now().Add(20 * time.Second)
	for {
		rc.mu.Lock()
		n := len(rc.got)
		rc.mu.Unlock()
		if n == len(ids) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, id := range ids {
		if rc.got[id.String()] != 1 {
			t.Errorf("event %s arrived %d times, want once", id, rc.got[id.String()])
		}
	}
}
