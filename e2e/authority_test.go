package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/app"
	authwire "agora/authorityapi/wire"
	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// The helpers of this file are prefixed "au" (authority). They call the
// authority API over HTTP and keep every answer, so that a test can search all
// of them for what no authority may be told.

// auClient calls the authority API with one token.
type auClient struct {
	t      testing.TB
	r      *rig
	token  string
	bodies *[]string // every answer's body, shared by the clients of a test
}

func (r *rig) authority(token string, bodies *[]string) *auClient {
	return &auClient{t: r.t, r: r, token: token, bodies: bodies}
}

// do sends a request with a JSON body (nil: none) and the headers (name,
// value pairs) and returns the status, the body and the headers.
func (c *auClient) do(method, path string, in any, header ...string) (int, []byte, http.Header) {
	c.t.Helper()
	body := ""
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			c.t.Fatal(err)
		}
		body = string(b)
	}
	ct := ""
	if in != nil {
		ct = "application/json"
	}
	code, data, h := c.r.do(method, path, c.token, ct, body, header...)
	*c.bodies = append(*c.bodies, method+" "+path+" -> "+string(data))
	return code, data, h
}

// submit posts the order and returns the receipt, failing unless the answer is
// 201 with a receipt.
func (c *auClient) submit(in any, key string) (authwire.Receipt, http.Header) {
	c.t.Helper()
	var hdr []string
	if key != "" {
		hdr = []string{"Idempotency-Key", key}
	}
	code, body, h := c.do("POST", "/api/v1/authority/orders", in, hdr...)
	if code != http.StatusCreated {
		c.t.Fatalf("POST /api/v1/authority/orders = %d %s, want 201", code, lgShort(body))
	}
	var rc authwire.Receipt
	mustJSON(c.t.(*testing.T), body, &rc)
	return rc, h
}

// fail sends the request and checks the status and that the error names words.
func (c *auClient) fail(method, path string, in any, want int, words ...string) {
	c.t.Helper()
	code, body, _ := c.do(method, path, in)
	if code != want {
		c.t.Errorf("%s %s = %d %s, want %d", method, path, code, lgShort(body), want)
		return
	}
	var e authwire.Error
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		c.t.Errorf("%s %s: %d answer %s is not an error body", method, path, code, lgShort(body))
	}
	for _, w := range words {
		if !strings.Contains(e.Error, w) {
			c.t.Errorf("%s %s: error %q does not say %q", method, path, e.Error, w)
		}
	}
}

func (c *auClient) order(id string) *authwire.Order {
	c.t.Helper()
	code, body, _ := c.do("GET", "/api/v1/authority/orders/"+id, nil)
	if code != http.StatusOK {
		c.t.Fatalf("GET order %s = %d %s", id, code, lgShort(body))
	}
	var o authwire.Order
	mustJSON(c.t.(*testing.T), body, &o)
	return &o
}

func (c *auClient) orders() []*authwire.Order {
	c.t.Helper()
	code, body, _ := c.do("GET", "/api/v1/authority/orders", nil)
	if code != http.StatusOK {
		c.t.Fatalf("GET orders = %d %s", code, lgShort(body))
	}
	var list []*authwire.Order
	mustJSON(c.t.(*testing.T), body, &list)
	return list
}

// auParties is the cast of an authority test: a legal staff member with a
// client of the legal API, and the authorities IN and DE, each with a client of
// the authority API; every answer to either authority is kept in bodies.
type auParties struct {
	staff      *agora.Account
	stok       string
	lc         *lgClient
	inID, deID string
	in, de     *auClient
	bodies     *[]string
}

func newAuParties(t *testing.T, r *rig) *auParties {
	t.Helper()
	p := &auParties{bodies: new([]string)}
	p.staff, p.stok = lgStaff(t, r, auStaffName, agora.RoleLegal, lgAllScopes)
	p.lc = r.legal(p.stok)
	p.inID = p.lc.authority("Ministry of Electronics and IT", "IN", "ministry")
	p.deID = p.lc.authority("Bundesamt für Justiz", "DE", "regulator")
	inTok, _ := auToken(t, r, p.inID)
	deTok, _ := auToken(t, r, p.deID)
	p.in, p.de = r.authority(inTok, p.bodies), r.authority(deTok, p.bodies)
	return p
}

// auToken issues a token for the authority as `agora authority token` does.
func auToken(t testing.TB, r *rig, authorityID string) (string, agora.ID) {
	t.Helper()
	id, err := agora.ParseID(authorityID)
	if err != nil {
		t.Fatal(err)
	}
	tok, at, err := r.srv.Desk.CreateAuthorityToken(context.Background(), nil, id, "e2e")
	if err != nil {
		t.Fatalf("authority token: %v", err)
	}
	return tok, at.ID
}

// Distinctive words: the staff member's name and a word written only in
// internal notes. No answer to an authority may hold them.
const (
	auStaffName = "quillonbrackwater"
	auNoteWord  = "zephyrinternalnote"
)

func TestAuthority_OrderAndEffect(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { auOrderAndEffect(t, b) })
	}
}

func auOrderAndEffect(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	p := newAuParties(t, r)
	staff, lc, in, de, bodies := p.staff, p.lc, p.in, p.de, p.bodies

	// The document is served to anyone.
	if code, body, _ := r.authority("", bodies).do("GET", "/api/v1/authority/openapi.json", nil); code != http.StatusOK || !strings.Contains(string(body), `"/api/v1/authority/orders/{id}/effect.csv"`) {
		t.Errorf("GET openapi.json = %d %s", code, lgShort(body))
	}

	// Five owners post through the Mastodon API; the order names four of them,
	// one in an annex, and an account that does not exist.
	names := []string{"auone", "autwo", "authree", "aufour", "aufive"}
	for _, n := range names {
		r.mustAccount(n)
		post(t, r.passwordLogin(n), &mastodon.Toot{Status: "hello from " + n, Visibility: "public"})
	}
	url := func(n string) string { return r.srv.URL + "/@" + n }
	annex := "S.No.,Account URL,Remarks\n1," + url("aufour") + ",repeat offender\n"
	order := authwire.OrderInput{
		Reference: "No. 1(7)/2026-CLES", LegalBasis: "Information Technology Act, 2000, section 69A",
		StatementOfReasons: "The accounts named are said to threaten public order.",
		TerritorialScope:   []string{"IN"}, RedressInfo: "Writ petition before a High Court",
		RecipientAuthority: "MeitY, Cyber Law Division",
		Targets:            []string{url("auone"), url("autwo"), url("authree"), "@ghost404"},
		Annex:              &authwire.Document{Name: "annex.csv", ContentType: "text/csv", Data: base64.StdEncoding.EncodeToString([]byte(annex))},
	}
	rc, h := in.submit(order, "key-2026-1")
	if rc.ID == "" || rc.Number == "" || rc.ReceivedAt.IsZero() || len(rc.Digest) != 64 {
		t.Fatalf("receipt %+v lacks a field", rc)
	}
	if h.Get("Location") != "/api/v1/authority/orders/"+rc.ID {
		t.Errorf("Location = %q", h.Get("Location"))
	}
	// A retry with the same key and body: the same receipt, nothing new recorded.
	again, h := in.submit(order, "key-2026-1")
	if again != rc || h.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry = %+v (replayed %q), want the first receipt %+v", again, h.Get("Idempotent-Replayed"), rc)
	}
	// The same key with another body: refused.
	other := order
	other.Reference = "another"
	code, body, _ := in.do("POST", "/api/v1/authority/orders", other, "Idempotency-Key", "key-2026-1")
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Idempotency-Key") {
		t.Errorf("same key, other body = %d %s, want 422 naming the key", code, lgShort(body))
	}
	if n := len(lc.orders(client.OrderQuery{})); n != 1 {
		t.Fatalf("the desk has %d orders after a submission and two retries, want 1", n)
	}

	// The desk sees the order acknowledged, from the authority, and decides.
	desk := lc.getOrder(rc.ID)
	if desk.State != "acknowledged" || desk.AcknowledgedAt == nil || desk.Digest != rc.Digest || desk.Number != rc.Number {
		t.Errorf("desk's order: state %s, acknowledged %v, digest %s, number %s; want acknowledged with the receipt's", desk.State, desk.AcknowledgedAt, desk.Digest, desk.Number)
	}
	_, err := lc.api.Assign(context.Background(), rc.ID, staff.ID.String())
	lc.ok(err)
	byInput := map[string]string{}
	for _, tg := range lc.targets(rc.ID, "") {
		byInput[tg.Input] = tg.ID
	}
	note := "internal: " + auNoteWord
	lc.decide(rc.ID, wire.DecisionInput{TargetIDs: []string{byInput[url("auone")], byInput[url("autwo")]}, Action: "withhold", Countries: []string{"IN"}, Note: note}, false)
	lc.decide(rc.ID, wire.DecisionInput{TargetIDs: []string{byInput[url("authree")]}, Action: "decline", ReasonCode: "protected_speech", Note: note}, false)
	lc.decide(rc.ID, wire.DecisionInput{TargetIDs: []string{byInput[url("autwo")]}, Action: "lift", Note: note}, false)

	// IN's view: each target's effect, with times and countries.
	got := in.order(rc.ID)
	if got.ID != rc.ID || got.Number != rc.Number || got.Digest != rc.Digest || got.State != "in_review" || got.AcknowledgedAt == nil || got.FirstEffectAt == nil {
		t.Errorf("IN's order = %+v, want the receipt's, in review, acknowledged, with a first effect", got)
	}
	type row struct {
		Input, Effect, Measure, Countries, Reason, Explanation string
		Given, Declined, Lifted                                bool
	}
	str := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	var rows []row
	for _, tg := range got.Targets {
		rows = append(rows, row{tg.Input, tg.Effect, str(tg.Measure), strings.Join(tg.Countries, " "), str(tg.ReasonCode), str(tg.Explanation),
			tg.EffectGivenAt != nil, tg.DeclinedAt != nil, tg.LiftedAt != nil})
	}
	want := []row{
		{url("auone"), "effect_given", "withheld", "IN", "", "", true, false, false},
		{url("autwo"), "lifted", "withheld", "IN", "", "", true, false, true},
		{url("authree"), "declined", "", "", "protected_speech",
			"The platform declined: the content is protected speech under international human-rights standards.", false, true, false},
		{"@ghost404", "unresolved", "", "", "", "", false, false, false},
		{url("aufour"), "pending", "", "", "", "", false, false, false},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("IN's targets (-want +got):\n%s", d)
	}

	// effect.csv: the same, per item.
	code, body, h = in.do("GET", "/api/v1/authority/orders/"+rc.ID+"/effect.csv", nil)
	if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("effect.csv = %d %s", code, h.Get("Content-Type"))
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(recs) != 1+len(want) {
		t.Fatalf("effect.csv: %v, %d rows, want %d:\n%s", err, len(recs), 1+len(want), body)
	}
	for i, w := range want {
		rec := recs[i+1]
		if rec[2] != w.Input || rec[3] != w.Effect || rec[4] != w.Measure || rec[5] != w.Countries || rec[6] != w.Reason || rec[11] != w.Explanation ||
			(rec[8] != "") != w.Given || (rec[9] != "") != w.Declined || (rec[10] != "") != w.Lifted {
			t.Errorf("effect.csv row %d = %q, want %+v", i+1, rec, w)
		}
	}

	// Isolation: DE sees its own orders only, and 404 for IN's.
	deRc, _ := de.submit(authwire.OrderInput{Reference: "BfJ 1", Targets: []string{url("aufive")}}, "")
	if list := in.orders(); len(list) != 1 || list[0].ID != rc.ID {
		t.Errorf("IN's orders = %v, want only its own", list)
	}
	if list := de.orders(); len(list) != 1 || list[0].ID != deRc.ID {
		t.Errorf("DE's orders = %v, want only its own", list)
	}
	de.fail("GET", "/api/v1/authority/orders/"+rc.ID, nil, http.StatusNotFound)
	de.fail("GET", "/api/v1/authority/orders/"+rc.ID+"/effect.csv", nil, http.StatusNotFound)
	in.fail("GET", "/api/v1/authority/orders/"+deRc.ID, nil, http.StatusNotFound)
	// DE may use IN's key: keys are per authority.
	de.submit(authwire.OrderInput{Reference: "BfJ 2", Targets: []string{url("aufive")}}, "key-2026-1")

	// No answer to an authority names the staff member or holds a note.
	if len(*bodies) < 10 {
		t.Fatalf("only %d answers kept", len(*bodies))
	}
	for _, b := range *bodies {
		for _, bad := range []string{auStaffName, staff.Email, staff.ID.String(), auNoteWord} {
			if strings.Contains(b, bad) {
				t.Errorf("an answer to an authority holds %q: %s", bad, lgShort([]byte(b)))
			}
		}
	}
}

func TestAuthority_BadInput(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { auBadInput(t, b) })
	}
}

func auBadInput(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b, func(c *app.Config) { c.MaxOrderTargets = "10" })
	_, stok := lgStaff(t, r, auStaffName, agora.RoleLegal, lgAllScopes)
	lc := r.legal(stok)
	inID := lc.authority("Ministry of Electronics and IT", "IN", "ministry")
	inTok, tokID := auToken(t, r, inID)
	var bodies []string
	in := r.authority(inTok, &bodies)
	post(t, r.passwordLogin(r.mustAccount("auposter").Username), &mastodon.Toot{Status: "hello", Visibility: "public"})

	many := make([]string, 11)
	for i := range many {
		many[i] = fmt.Sprintf("@user%d", i)
	}
	const path = "/api/v1/authority/orders"
	in.fail("POST", path, authwire.OrderInput{Reference: "empty"}, http.StatusUnprocessableEntity, "no targets")
	in.fail("POST", path, authwire.OrderInput{Reference: "many", Targets: many}, http.StatusUnprocessableEntity, "at most 10")
	in.fail("POST", path, map[string]any{"authority_id": "1", "targets": []string{"@x"}}, http.StatusBadRequest, "authority_id")
	in.fail("POST", path, authwire.OrderInput{Targets: []string{"@x"}, TerritorialScope: []string{"ZZZ"}}, http.StatusUnprocessableEntity, "territorial_scope")
	in.fail("POST", path, authwire.OrderInput{Annex: &authwire.Document{ContentType: "text/csv", Data: "%%%"}}, http.StatusBadRequest, "base64")

	for _, tc := range []struct{ name, token string }{
		{"no token", ""},
		{"a bad token", "agora_authority_forged"},
		{"a staff member's token", stok},
	} {
		c := r.authority(tc.token, &bodies)
		c.fail("POST", path, authwire.OrderInput{Targets: []string{"@x"}}, http.StatusUnauthorized)
		c.fail("GET", path, nil, http.StatusUnauthorized)
	}
	// Webhooks: the URL must be public https (this server does not allow
	// private addresses), the types known, the body well formed.
	const hooks = "/api/v1/authority/webhooks"
	for _, u := range []string{"http://hooks.example.org/agora", "https://127.0.0.1/hook", "https://localhost:8443/hook",
		"https://10.0.0.7/hook", "https://[::1]/hook", "https://169.254.169.254/latest", "https://user:pw@hooks.example.org/",
		"javascript:alert(1)", "/relative", ""} {
		in.fail("POST", hooks, authwire.WebhookInput{URL: u}, http.StatusUnprocessableEntity, "webhook URL")
	}
	in.fail("POST", hooks, authwire.WebhookInput{URL: "https://hooks.example.org/a", Events: []string{"order.deleted"}}, http.StatusUnprocessableEntity, "order.deleted")
	in.fail("POST", hooks, map[string]any{"url": "https://hooks.example.org/a", "secret": "mine"}, http.StatusBadRequest, "secret")
	in.fail("GET", hooks+"/123", nil, http.StatusNotFound)
	in.fail("GET", hooks+"/x/deliveries", nil, http.StatusNotFound)
	if code, body, _ := in.do("GET", hooks, nil); code != http.StatusOK || string(bytes.TrimSpace(body)) != "[]" {
		t.Errorf("webhooks after bad input = %d %s, want none", code, lgShort(body))
	}

	if err := r.srv.Desk.RevokeAuthorityToken(context.Background(), nil, tokID); err != nil {
		t.Fatal(err)
	}
	in.fail("POST", path, authwire.OrderInput{Targets: []string{"@x"}}, http.StatusUnauthorized, "revoked")
	in.fail("GET", path+"/1", nil, http.StatusUnauthorized)

	if n := len(lc.orders(client.OrderQuery{})); n != 0 {
		t.Errorf("the desk has %d orders after bad input only, want none", n)
	}
}
