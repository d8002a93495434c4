package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"agora"
	"agora/legalapi/client"
	"agora/legalapi/wire"
	"agora/oauth"
)

// The helpers of this file are prefixed "lg" (legal). They drive the legal API
// over HTTP through a client whose transport checks every answer against the API's
// contract, legalapi/openapi.json: the status must be one the operation documents,
// and the body (and the documented headers) must match the schema the document
// gives for that operation and status. Any mismatch fails the test.

// lgDocPath is the OpenAPI document of the legal API, as the server embeds it.
const lgDocPath = "../legalapi/openapi.json"

// lgDocURL names the document inside the schema compiler; it is never fetched.
const lgDocURL = "https://legalapi.agora.invalid/openapi.json"

// lgSpec is the legal API's contract, compiled once per test binary.
type lgSpec struct {
	raw []byte
	mux *http.ServeMux   // method and path to the operation's pattern
	ops map[string]*lgOp // by route pattern, "POST /api/v1/legal/orders/{id}/decisions"
}

// lgOp is one documented operation.
type lgOp struct {
	pattern, id string
	responses   map[string]*lgResponse // by status: "200", "4XX", "default"
}

// lgResponse is one documented response of an operation.
type lgResponse struct {
	mediaType string             // "application/json", "*/*", or "" for none
	schema    *jsonschema.Schema // the body's schema for application/json
	headers   map[string]*lgHeader
}

type lgHeader struct {
	schema   *jsonschema.Schema
	required bool
}

// lgPatternHandler carries the pattern through ServeMux matching; never served.
type lgPatternHandler string

func (lgPatternHandler) ServeHTTP(http.ResponseWriter, *http.Request) {}

var lgLoadSpec = sync.OnceValues(func() (*lgSpec, error) {
	raw, err := os.ReadFile(lgDocPath)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.AssertContent()
	if err := c.AddResource(lgDocURL, inst); err != nil {
		return nil, err
	}
	esc := strings.NewReplacer("~", "~0", "/", "~1").Replace
	compile := func(ptr string) (*jsonschema.Schema, error) {
		s, err := c.Compile(lgDocURL + "#" + ptr)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", ptr, err)
		}
		return s, nil
	}
	// deref follows a local $ref of a response object to its pointer and value.
	deref := func(ptr string, v map[string]any) (string, map[string]any, error) {
		ref, ok := v["$ref"].(string)
		if !ok {
			return ptr, v, nil
		}
		target := strings.TrimPrefix(ref, "#")
		var cur any = doc
		for _, tok := range strings.Split(strings.TrimPrefix(target, "/"), "/") {
			m, ok := cur.(map[string]any)
			if !ok {
				return "", nil, fmt.Errorf("%s: $ref %s does not resolve", ptr, ref)
			}
			cur = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return "", nil, fmt.Errorf("%s: $ref %s does not resolve", ptr, ref)
		}
		return target, m, nil
	}
	spec := &lgSpec{raw: raw, mux: http.NewServeMux(), ops: map[string]*lgOp{}}
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		for method, v := range item.(map[string]any) {
			op, ok := v.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			pattern := strings.ToUpper(method) + " " + path
			o := &lgOp{pattern: pattern, responses: map[string]*lgResponse{}}
			o.id, _ = op["operationId"].(string)
			responses, _ := op["responses"].(map[string]any)
			for status, rv := range responses {
				ptr, resp, err := deref("/paths/"+esc(path)+"/"+method+"/responses/"+status, rv.(map[string]any))
				if err != nil {
					return nil, err
				}
				lr := &lgResponse{headers: map[string]*lgHeader{}}
				if content, ok := resp["content"].(map[string]any); ok {
					if len(content) != 1 {
						return nil, fmt.Errorf("%s %s: %d media types; the checker knows one", pattern, status, len(content))
					}
					for mt := range content {
						lr.mediaType = mt
						if mt == "application/json" {
							if lr.schema, err = compile(ptr + "/content/" + esc(mt) + "/schema"); err != nil {
								return nil, err
							}
						}
					}
				}
				if headers, ok := resp["headers"].(map[string]any); ok {
					for name, hv := range headers {
						h := hv.(map[string]any)
						lh := &lgHeader{}
						lh.required, _ = h["required"].(bool)
						if _, ok := h["schema"]; ok {
							if lh.schema, err = compile(ptr + "/headers/" + esc(name) + "/schema"); err != nil {
								return nil, err
							}
						}
						lr.headers[http.CanonicalHeaderKey(name)] = lh
					}
				}
				o.responses[status] = lr
			}
			spec.ops[pattern] = o
			spec.mux.Handle(pattern, lgPatternHandler(pattern))
		}
	}
	return spec, nil
})

// lgMustSpec returns the compiled contract or fails the test.
func lgMustSpec(t testing.TB) *lgSpec {
	t.Helper()
	s, err := lgLoadSpec()
	if err != nil {
		t.Fatalf("legal API contract: %v", err)
	}
	return s
}

// operation returns the documented operation serving method and path, nil if none.
func (s *lgSpec) operation(method, path string) *lgOp {
	req := &http.Request{Method: method, URL: &url.URL{Path: path}, Host: "agora.invalid"}
	h, pattern := s.mux.Handler(req)
	if pattern == "" {
		return nil
	}
	p, ok := h.(lgPatternHandler)
	if !ok {
		return nil
	}
	return s.ops[string(p)]
}

// check returns what is wrong with the answer to method and path, "" when it
// matches the contract.
func (s *lgSpec) check(method, path string, resp *http.Response, body []byte) string {
	op := s.operation(method, path)
	if op == nil {
		return "no documented operation serves " + method + " " + path
	}
	code := strconv.Itoa(resp.StatusCode)
	r := op.responses[code]
	if r == nil {
		r = op.responses[code[:1]+"XX"]
	}
	if r == nil {
		r = op.responses["default"]
	}
	if r == nil {
		documented := make([]string, 0, len(op.responses))
		for k := range op.responses {
			documented = append(documented, k)
		}
		sort.Strings(documented)
		return fmt.Sprintf("%s (%s) answered %d, which it does not document (documented: %s)", op.id, op.pattern, resp.StatusCode, strings.Join(documented, ", "))
	}
	for name, h := range r.headers {
		v, present := resp.Header[name]
		if !present {
			if h.required {
				return fmt.Sprintf("%s %d: required header %s is missing", op.id, resp.StatusCode, name)
			}
			continue
		}
		if h.schema != nil {
			if err := h.schema.Validate(v[0]); err != nil {
				return fmt.Sprintf("%s %d: header %s: %q does not match the documented schema: %v", op.id, resp.StatusCode, name, v[0], err)
			}
		}
	}
	switch r.mediaType {
	case "":
		if len(body) != 0 {
			return fmt.Sprintf("%s %d: documents no body but got %d bytes", op.id, resp.StatusCode, len(body))
		}
	case "application/json":
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		if mt != "application/json" {
			return fmt.Sprintf("%s %d: Content-Type %q, want application/json", op.id, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			return fmt.Sprintf("%s %d: the body is not JSON: %v", op.id, resp.StatusCode, err)
		}
		if err := r.schema.Validate(inst); err != nil {
			return fmt.Sprintf("%s %d: the body does not match the documented schema: %v", op.id, resp.StatusCode, err)
		}
	}
	return ""
}

// lgTransport checks every answer of the legal API (paths under /api/v1/legal/)
// against the contract and fails the test on a mismatch. It counts the answers it
// checked by operation.
type lgTransport struct {
	base http.RoundTripper
	spec *lgSpec
	t    testing.TB

	mu      sync.Mutex
	checked map[string]int // by operationId
}

func (lt *lgTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := lt.base.RoundTrip(req)
	if err != nil || !strings.HasPrefix(req.URL.Path, "/api/v1/legal/") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if problem := lt.spec.check(req.Method, req.URL.Path, resp, body); problem != "" {
		lt.t.Errorf("legal API contract: %s %s: %s\nbody: %s", req.Method, req.URL.Path, problem, lgShort(body))
	} else if op := lt.spec.operation(req.Method, req.URL.Path); op != nil {
		lt.mu.Lock()
		lt.checked[op.id+" "+strconv.Itoa(resp.StatusCode)]++
		lt.mu.Unlock()
	}
	return resp, nil
}

// lgClient calls the legal API as one token through the checking transport: the
// typed client of package legalapi/client for what the tests ask, raw requests
// for the bodies and routes the tests walk or spoil on purpose.
type lgClient struct {
	t     testing.TB
	r     *rig
	hc    *http.Client
	lt    *lgTransport
	token string
	api   *client.Client
}

// legal returns a legal API client for token ("" sends none) whose answers are
// checked against the contract; at the end of the test it fails if the client
// checked none.
func (r *rig) legal(token string) *lgClient {
	r.t.Helper()
	lt := &lgTransport{base: r.tr, spec: lgMustSpec(r.t), t: r.t, checked: map[string]int{}}
	hc := &http.Client{Transport: lt}
	c := &lgClient{t: r.t, r: r, hc: hc, lt: lt, token: token, api: client.New(r.srv.URL, token, hc)}
	return c
}

// as returns a client for another token sharing the transport and its counts.
func (c *lgClient) as(token string) *lgClient {
	cc := *c
	cc.token = token
	cc.api = c.api.WithToken(token)
	return &cc
}

// raw sends a request with a raw body ("" sends none when contentType is "").
func (c *lgClient) raw(method, path, contentType string, body []byte, header ...string) (int, []byte, http.Header) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.r.srv.URL+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, data, resp.Header
}

// send sends in as JSON (nil: no body) and returns the answer.
func (c *lgClient) send(method, path string, in any) (int, []byte, http.Header) {
	c.t.Helper()
	if in == nil {
		return c.raw(method, path, "", nil)
	}
	data, err := json.Marshal(in)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.raw(method, path, "application/json", data)
}

// fail sends in (raw when it is a []byte with contentType) and checks the answer
// is the status with an error naming every one of the words.
func (c *lgClient) fail(method, path, contentType string, in any, want int, words ...string) {
	c.t.Helper()
	var code int
	var body []byte
	switch v := in.(type) {
	case []byte:
		code, body, _ = c.raw(method, path, contentType, v)
	case string:
		code, body, _ = c.raw(method, path, contentType, []byte(v))
	default:
		code, body, _ = c.send(method, path, in)
	}
	if code != want {
		c.t.Errorf("%s %s: %d %s, want %d", method, path, code, lgShort(body), want)
		return
	}
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		c.t.Errorf("%s %s: %d with body %s, want {\"error\": ...}", method, path, code, lgShort(body))
		return
	}
	for _, w := range words {
		if !strings.Contains(e.Error, w) {
			c.t.Errorf("%s %s: %d %q does not name %q", method, path, code, e.Error, w)
		}
	}
}

// coverage returns the operations and statuses the client's transport checked.
func (c *lgClient) coverage() map[string]int {
	c.lt.mu.Lock()
	defer c.lt.mu.Unlock()
	out := make(map[string]int, len(c.lt.checked))
	for k, v := range c.lt.checked {
		out[k] = v
	}
	return out
}

// ok fails the test on an error of the client (an answer other than the
// operation's success is a *client.Error naming the status and the message).
func (c *lgClient) ok(err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatal(err)
	}
}

// authority records an authority and returns its ID.
func (c *lgClient) authority(name, country, kind string) string {
	c.t.Helper()
	a, err := c.api.CreateAuthority(context.Background(), wire.AuthorityInput{Name: name, Country: country, Kind: kind})
	c.ok(err)
	return a.ID
}

// authorities lists the authorities.
func (c *lgClient) authorities() []*wire.Authority {
	c.t.Helper()
	list, err := c.api.Authorities(context.Background())
	c.ok(err)
	return list
}

// order records an order and returns the answer.
func (c *lgClient) order(in wire.OrderInput) wire.OrderCreated {
	c.t.Helper()
	o, err := c.api.CreateOrder(context.Background(), in)
	c.ok(err)
	return *o
}

// getOrder reads an order.
func (c *lgClient) getOrder(id string) *wire.Order {
	c.t.Helper()
	o, err := c.api.Order(context.Background(), id)
	c.ok(err)
	return o
}

// acknowledge acknowledges an order.
func (c *lgClient) acknowledge(id string) *wire.Order {
	c.t.Helper()
	o, err := c.api.Acknowledge(context.Background(), id)
	c.ok(err)
	return o
}

// orders lists the orders q selects.
func (c *lgClient) orders(q client.OrderQuery) []*wire.Order {
	c.t.Helper()
	list, err := c.api.Orders(context.Background(), q)
	c.ok(err)
	return list
}

// lgTargetQuery reads a query string of the targets list ("decision=withheld&kind=account").
func lgTargetQuery(t testing.TB, query string) client.TargetQuery {
	t.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	q := client.TargetQuery{Resolution: v.Get("resolution"), Kind: v.Get("kind"), Decision: v.Get("decision"), Appeal: v.Get("appeal")}
	for k := range v {
		if k != "resolution" && k != "kind" && k != "decision" && k != "appeal" {
			t.Fatalf("targets query %q: %s is not a filter", query, k)
		}
	}
	return q
}

// targets reads every target of the order the query selects, page by page.
func (c *lgClient) targets(orderID, query string) []*wire.Target {
	c.t.Helper()
	ctx := context.Background()
	q := lgTargetQuery(c.t, query)
	q.Limit = 1000
	page, err := c.api.Targets(ctx, orderID, q)
	c.ok(err)
	all := page.Targets
	for page.Next != "" {
		if len(page.Targets) != 1000 {
			c.t.Errorf("targets: a next page after a page of %d", len(page.Targets))
		}
		page, err = c.api.NextTargets(ctx, page)
		c.ok(err)
		all = append(all, page.Targets...)
	}
	return all
}

// decide posts a decision (or its preview) and returns the result.
func (c *lgClient) decide(orderID string, in wire.DecisionInput, preview bool) wire.DecisionResult {
	c.t.Helper()
	decide := c.api.Decide
	if preview {
		decide = c.api.Preview
	}
	res, err := decide(context.Background(), orderID, in)
	c.ok(err)
	return *res
}

// decisions lists the decision events of an order.
func (c *lgClient) decisions(orderID string) []*wire.Decision {
	c.t.Helper()
	list, err := c.api.Decisions(context.Background(), orderID)
	c.ok(err)
	return list
}

// addNotice records a notice on an order.
func (c *lgClient) addNotice(orderID string, in wire.NoticeInput) *wire.Notice {
	c.t.Helper()
	n, err := c.api.AddNotice(context.Background(), orderID, in)
	c.ok(err)
	return n
}

// notices lists the notices of an order.
func (c *lgClient) notices(orderID string) []*wire.Notice {
	c.t.Helper()
	list, err := c.api.Notices(context.Background(), orderID)
	c.ok(err)
	return list
}

// addCorrespondence records a message about an order.
func (c *lgClient) addCorrespondence(orderID string, in wire.CorrespondenceInput) *wire.Correspondence {
	c.t.Helper()
	m, err := c.api.AddCorrespondence(context.Background(), orderID, in)
	c.ok(err)
	return m
}

// correspondence lists the messages about an order.
func (c *lgClient) correspondence(orderID string) []*wire.Correspondence {
	c.t.Helper()
	list, err := c.api.Correspondence(context.Background(), orderID)
	c.ok(err)
	return list
}

// audit reads the audit trail of the object ("" for all), every page.
func (c *lgClient) audit(object string) []*wire.AuditEvent {
	c.t.Helper()
	var all []*wire.AuditEvent
	after := ""
	for {
		page, err := c.api.Audit(context.Background(), client.AuditQuery{Object: object, AfterID: after, Limit: 1000})
		c.ok(err)
		all = append(all, page...)
		if len(page) < 1000 {
			return all
		}
		after = page[len(page)-1].ID
	}
}

// lgActions lists the actions of audit events.
func lgActions(events []*wire.AuditEvent) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Action
	}
	return out
}

// lgStr is the text of an optional string of the wire, "" for null.
func lgStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// lgTime is a time to send in a body.
func lgTime(t time.Time) *time.Time { return &t }

// lgStaff creates an account with the role and returns it with a token of the
// scopes, created as `agora token create` does.
func lgStaff(t testing.TB, r *rig, username string, role agora.Role, scopes string) (*agora.Account, string) {
	t.Helper()
	ctx := context.Background()
	a, err := r.srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: username, Email: username + "@example.org", Password: "password-" + username, Role: role})
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	tok := lgToken(t, r, username, scopes)
	return a, tok
}

// lgToken creates a token for the account.
func lgToken(t testing.TB, r *rig, username, scopes string) string {
	t.Helper()
	tok, _, err := r.srv.Service.CreateToken(context.Background(), username, scopes)
	if err != nil {
		t.Fatalf("token for %s: %v", username, err)
	}
	return tok
}

// lgShort shortens a body for a message.
func lgShort(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "..."
	}
	return string(b)
}
