package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/authorityapi"
	"agora/legalapi"
	"agora/oauth"
)

// fzBodyTypes are the content types the body fuzzer sends a body as.
var fzBodyTypes = []string{
	"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=fz", "text/csv", "",
	"application/json; charset=latin1",
}

// fzRoute is a route of the legal or authority API that takes a body, with the
// path to call it on and the token to call it with.
type fzRoute struct {
	backend              agoratest.Backend
	pattern, path, token string
}

// FuzzLegalAPIBodies sends any body, as any of a few content types, to every
// POST, PUT and PATCH route of the legal API and of the authority API (read
// from their route tables), on the real server with a real SQLite database, as
// legal staff or an authority with every scope, on an order, target and notice
// that exist, on a server on each database (agoratest.Backends: PostgreSQL
// refuses what SQLite stores, such as text that is not UTF-8). Whatever the
// body, the answer is never a 5xx, and every 4xx is a JSON body with an
// "error" a person can read.
func FuzzLegalAPIBodies(f *testing.F) {
	var servers [][]fzRoute
	for _, b := range agoratest.Backends() {
		servers = append(servers, fzRoutes(f, b))
	}
	routes := servers[0]
	seeds := map[string][]string{
		"POST /api/v1/legal/authorities": {`{"name":"Ministry","country":"IN","kind":"ministry"}`, `{"name":"","country":"XX"}`},
		"POST /api/v1/legal/orders": {`{"reference":"No. 1","legal_basis":"s. 69A","territorial_scope":["IN"],"targets":["@fzalice","#tag","https://x.example/@fzalice/1"],"deadline":"2030-01-01T00:00:00Z"}`, `{"annex":{"content_type":"text/csv","data":"VVJMCkBmemFsaWNlCg=="}}`, `{"received_at":"not a time","targets":[1]}`, `{"authority_id":"-1","confidential":true,"confidential_until":"1900-01-01T00:00:00Z"}`,
			`{"targets":["@a@x` + strings.Repeat("é", 60) + `"]}`, // a cause cut inside a character: a 500 on PostgreSQL
			`{"targets":["https://x%80.example/@a"]}`},            // a cause with the host's byte 0x80: the same
		"POST /api/v1/legal/orders/{id}/targets":           {`{"targets":["@fzalice","115",""]}`, "@fzalice\n#x\n", `{"targets":null}`},
		"POST /api/v1/legal/targets/{id}/assign":           {`{"staff_id":"1"}`, `{"staff_id":""}`},
		"POST /api/v1/legal/orders/{id}/decisions":         {`{"action":"withhold","filter":{"resolution":"resolved"},"countries":["IN"],"reason":"s. 69A"}`, `{"target_ids":["0","x"],"action":"decline","reason_code":"not_illegal"}`},
		"POST /api/v1/legal/orders/{id}/decisions/preview": {`{"action":"remove","filter":{"kind":"account"}}`},
		"POST /api/v1/legal/orders/{id}/state":             {`{"state":"closed"}`, `{"state":"in_review"}`, `{"state":7}`},
		"POST /api/v1/legal/orders/{id}/assign":            {`{"staff_id":"1"}`},
		"POST /api/v1/legal/orders/{id}/notices":           {`{"kind":"hearing","summary":"x","deadline":"2031-01-01T00:00:00Z","document":{"name":"a.pdf","content_type":"application/pdf","data":"JVBERi0="}}`},
		"POST /api/v1/legal/notices/{id}/answer":           {`{"text":"answered"}`},
		"POST /api/v1/legal/appeals/{id}/answer":           {`{"granted":true,"text":"x"}`},
		"POST /api/v1/legal/orders/{id}/correspondence":    {`{"direction":"in","summary":"x","documents":[{"data":"!!"}]}`},
		"POST /api/v1/authority/oauth/token":               {"grant_type=client_credentials&client_id=x&client_secret=y&scope=orders", `{"grant_type":"client_credentials"}`},
		"POST /api/v1/authority/orders":                    {`{"reference":"A-1","territorial_scope":["IN"],"targets":["@fzalice"]}`, `{"annex":{"content_type":"text/plain","data":"QGZ6YWxpY2U="}}`},
		"POST /api/v1/authority/orders/{id}/messages":      {`{"text":"hello","kind":"hearing","deadline":"2031-01-01T00:00:00Z"}`, `{"text":"","documents":[null]}`},
		"POST /api/v1/authority/webhooks":                  {`{"url":"https://hooks.invalid/x","events":["order.answered"]}`, `{"url":"http://127.0.0.1:1/"}`},
	}
	for i, rt := range routes {
		for _, body := range append(seeds[rt.pattern], "", "{}", "null", "[]", `{"a":`, "\x00", `{"text":"\u0000"}`) {
			f.Add(uint8(i), uint8(0), []byte(body))
		}
		f.Add(uint8(i), uint8(1), []byte("a=1&b=%ZZ"))
		f.Add(uint8(i), uint8(2), []byte("--fz\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nx\r\n--fz--\r\n"))
	}
	hc := &http.Client{}
	f.Fuzz(func(t *testing.T, route, bodyType uint8, body []byte) {
		for _, routes := range servers {
			fzSend(t, hc, routes[int(route)%len(routes)], fzBodyTypes[int(bodyType)%len(fzBodyTypes)], body)
		}
	})
}

// fzSend sends the body to the route and checks the answer.
func fzSend(t *testing.T, hc *http.Client, rt fzRoute, contentType string, body []byte) {
	t.Helper()
	method, _, _ := strings.Cut(rt.pattern, " ")
	req, err := http.NewRequest(method, rt.path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+rt.token)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s: %s: %v", rt.backend, rt.pattern, err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("%s: read the answer: %v", rt.pattern, err)
	}
	if resp.StatusCode >= 500 {
		t.Fatalf("%s: %s with %s body %q = %d %s", rt.backend, rt.pattern, req.Header.Get("Content-Type"), body, resp.StatusCode, lgShort(data))
	}
	if resp.StatusCode >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(data, &e); err != nil || strings.TrimSpace(e.Error) == "" {
			t.Fatalf("%s: %s with %s body %q = %d %s: not a JSON error", rt.backend, rt.pattern, req.Header.Get("Content-Type"), body, resp.StatusCode, lgShort(data))
		}
	}
}

// fzRoutes starts a server on b for FuzzLegalAPIBodies with the fixtures the
// routes act on, and returns the routes with a body, their paths filled in.
func fzRoutes(tb testing.TB, b agoratest.Backend) []fzRoute {
	srv := agoratest.MustRunServer(tb, b)
	ctx := context.Background()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	_, err := srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: "fzstaff", Email: "fzstaff@example.org", Password: "password-fzstaff", Role: agora.RoleLegal})
	must(err)
	_, err = srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: "fzalice", Email: "fzalice@example.org", Password: "password-fzalice"})
	must(err)
	staff, _, err := srv.Service.CreateToken(ctx, "fzstaff", lgAllScopes)
	must(err)
	// post sends a JSON body and returns the "id" of the answer, which must be
	// 2xx.
	post := func(path, token string, in any) string {
		tb.Helper()
		b, err := json.Marshal(in)
		must(err)
		req, err := http.NewRequest(http.MethodPost, srv.URL+path, bytes.NewReader(b))
		must(err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		must(err)
		defer resp.Body.Close()
		var out struct {
			ID string `json:"id"`
		}
		data, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 || json.Unmarshal(data, &out) != nil {
			tb.Fatalf("POST %s = %d %s", path, resp.StatusCode, lgShort(data))
		}
		return out.ID
	}
	authority := post("/api/v1/legal/authorities", staff, map[string]string{"name": "Fuzz Ministry", "country": "IN", "kind": "ministry"})
	order := post("/api/v1/legal/orders", staff, map[string]any{"authority_id": authority, "reference": "FZ-1",
		"territorial_scope": []string{"IN"}, "targets": []string{"@fzalice", "#fuzz", "@nobody"}})
	notice := post("/api/v1/legal/orders/"+order+"/notices", staff, map[string]any{"kind": "hearing", "summary": "fuzz"})
	aid, err := agora.ParseID(authority)
	must(err)
	authTok, _, err := srv.Desk.CreateAuthorityToken(ctx, nil, aid, "fuzz")
	must(err)
	submitted := post("/api/v1/authority/orders", authTok, map[string]any{"reference": "FZ-A", "territorial_scope": []string{"IN"}, "targets": []string{"@fzalice"}})

	resp, err := http.Get(srv.URL + "/api/v1/legal/orders/" + order + "/targets?access_token=" + staff)
	must(err)
	var targets []struct {
		ID string `json:"id"`
	}
	err = json.NewDecoder(resp.Body).Decode(&targets)
	resp.Body.Close()
	must(err)
	if len(targets) == 0 {
		tb.Fatal("the fuzz order has no targets")
	}
	ids := map[string]string{
		"/api/v1/legal/orders/{id}":     "/api/v1/legal/orders/" + order,
		"/api/v1/legal/targets/{id}":    "/api/v1/legal/targets/" + targets[0].ID,
		"/api/v1/legal/notices/{id}":    "/api/v1/legal/notices/" + notice,
		"/api/v1/legal/appeals/{id}":    "/api/v1/legal/appeals/" + order, // no appeal: the route's 404
		"/api/v1/authority/orders/{id}": "/api/v1/authority/orders/" + submitted,
	}
	var patterns []string
	for _, rt := range (&legalapi.API{}).Routes() {
		patterns = append(patterns, rt.Pattern)
	}
	n := len(patterns)
	for _, rt := range (&authorityapi.API{}).Routes() {
		patterns = append(patterns, rt.Pattern)
	}
	var routes []fzRoute
	for i, p := range patterns {
		method, path, _ := strings.Cut(p, " ")
		if method != http.MethodPost && method != http.MethodPut && method != http.MethodPatch {
			continue
		}
		for prefix, real := range ids {
			if rest, ok := strings.CutPrefix(path, prefix); ok {
				path = real + rest
			}
		}
		if strings.Contains(path, "{") {
			tb.Fatalf("route %q: no fixture for its path; add one to fzRoutes", p)
		}
		token := staff
		if i >= n {
			token = authTok
		}
		routes = append(routes, fzRoute{backend: b, pattern: p, path: srv.URL + path, token: token})
	}
	if len(routes) == 0 {
		tb.Fatal(fmt.Errorf("no routes with a body"))
	}
	return routes
}
