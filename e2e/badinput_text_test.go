package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/legalapi/wire"
)

// badTexts are inputs no text field may hold: a NUL character (PostgreSQL
// cannot store one in text; SQLite would) and bytes that are not UTF-8 (an
// invalid byte, a truncated sequence, an encoded surrogate).
var badTexts = map[string]string{
	"NUL":          "a\x00b",
	"invalid byte": "a\xffb",
	"truncated":    "a\xc3",
	"surrogate":    "a\xed\xa0\x80b",
}

// jsonText is s as a JSON string literal with its bytes as they are: a NUL is
// escaped (\u0000), as JSON must, and invalid UTF-8 is left raw, where
// json.Marshal would replace it.
func jsonText(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// textRequest is one request of the walk.
type textRequest struct {
	name, method, path, token, contentType, body string
	header                                       []string // name, value pairs
	basic                                        []string // user, password
}

// TestBadInputText walks the surfaces with text that is not UTF-8 or holds a
// NUL, in every place a client puts text: form, JSON and multipart bodies,
// query strings, path values, the Idempotency-Key header and Basic
// credentials, authenticated or not, on every API. Each is a 400 or 422 saying
// what is wrong, never a 5xx, and nothing is stored: the two databases hold the
// same (nothing) where before PostgreSQL failed and SQLite stored the bytes.
func TestBadInputText(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { badInputText(t, b) })
	}
}

func badInputText(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b, agoratest.WithRegistrations(true))
	r.mustAccount("alice")
	tok := r.passwordLogin("alice").Config.AccessToken
	appTok, _ := r.postToken(url.Values{"grant_type": {"client_credentials"}, "client_id": {r.app.ClientID},
		"client_secret": {r.app.ClientSecret}, "scope": {"read write"}}, http.StatusOK)["access_token"].(string)
	_, stok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
	lc := r.legal(stok)
	inID := lc.authority("Ministry of Electronics and IT", "IN", "ministry")
	received := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	order := lc.order(wire.OrderInput{AuthorityID: inID, Reference: "No. 1", ReceivedAt: &received,
		LegalBasis: "IT Act, section 69A", TerritorialScope: []string{"IN"}, Targets: []string{"@alice"}})
	auTok, _ := auToken(t, r, inID)
	orders := "/api/v1/legal/orders/" + order.ID

	form := "application/x-www-form-urlencoded"
	js := "application/json"
	var reqs []textRequest
	for kind, bad := range badTexts {
		q := url.QueryEscape(bad)
		p := url.PathEscape(bad)
		j := jsonText(bad)
		add := func(name, method, path, token, ct, body string, header ...string) {
			reqs = append(reqs, textRequest{name: kind + ": " + name, method: method, path: path, token: token,
				contentType: ct, body: body, header: header})
		}
		// Without authentication: apps, OAuth, lookups, search.
		add("app name (form)", "POST", "/api/v1/apps", "", form, "client_name="+q+"&redirect_uris="+url.QueryEscape(agora.OOBRedirect))
		add("app name (JSON)", "POST", "/api/v1/apps", "", js, `{"client_name": `+j+`, "redirect_uris": "`+agora.OOBRedirect+`"}`)
		add("app website", "POST", "/api/v1/apps", "", form, "client_name=x&website=https%3A%2F%2Fa.example%2F"+q+"&redirect_uris="+url.QueryEscape(agora.OOBRedirect))
		add("app redirect URI", "POST", "/api/v1/apps", "", js, `{"client_name": "x", "redirect_uris": ["https://a.example/`+strings.Trim(j, `"`)+`"]}`)
		add("token client_id", "POST", "/oauth/token", "", form, "grant_type=client_credentials&client_secret=x&client_id="+q)
		add("token username", "POST", "/oauth/token", "", form, "grant_type=password&client_id="+r.app.ClientID+
			"&client_secret="+r.app.ClientSecret+"&password=password-alice&username="+q)
		add("token JSON", "POST", "/oauth/token", "", js, `{"grant_type": "password", "client_id": "`+r.app.ClientID+
			`", "client_secret": "`+r.app.ClientSecret+`", "username": `+j+`, "password": "x"}`)
		add("revoke client_id", "POST", "/oauth/revoke", "", form, "token=x&client_secret=x&client_id="+q)
		add("authorize client_id", "GET", "/oauth/authorize?response_type=code&redirect_uri=x&client_id="+q, "", "", "")
		add("authorize login", "POST", "/oauth/authorize", "", form, "response_type=code&client_id="+r.app.ClientID+
			"&redirect_uri="+url.QueryEscape(testRedirect)+"&password=x&login="+q)
		add("lookup", "GET", "/api/v1/accounts/lookup?acct="+q, "", "", "")
		add("search", "GET", "/api/v2/search?q="+q, "", "", "")
		add("query key", "GET", "/api/v1/timelines/public?"+q+"=1", "", "", "")
		add("tag timeline path", "GET", "/api/v1/timelines/tag/"+p, "", "", "")
		add("tag path", "GET", "/api/v1/tags/"+p, "", "", "")
		add("webfinger", "GET", "/.well-known/webfinger?resource=acct%3A"+q+"%40example.org", "", "", "")
		add("authority token client_id", "POST", "/api/v1/authority/oauth/token", "", form, "grant_type=client_credentials&client_secret=x&client_id="+q)
		add("authority token JSON", "POST", "/api/v1/authority/oauth/token", "", js, `{"grant_type": "client_credentials", "client_secret": "x", "client_id": `+j+`}`)
		// Registration, with the app's token.
		add("register email", "POST", "/api/v1/accounts", appTok, form, "username=zed&password=password-zed&agreement=true&email=zed"+q+"%40example.org")
		add("register email domain", "POST", "/api/v1/accounts", appTok, js, `{"username": "zed", "password": "password-zed", "agreement": true, "email": "zed@`+strings.Trim(j, `"`)+`.org"}`)
		// A user's writes and reads.
		add("status (form)", "POST", "/api/v1/statuses", tok, form, "status="+q)
		add("status (JSON)", "POST", "/api/v1/statuses", tok, js, `{"status": `+j+`}`)
		add("JSON key", "POST", "/api/v1/statuses", tok, js, `{"status": "hi", `+j+`: "x"}`)
		add("nested JSON", "POST", "/api/v1/markers", tok, js, `{"home": {"last_read_id": `+j+`}}`)
		add("spoiler", "POST", "/api/v1/statuses", tok, form, "status=hi&spoiler_text="+q)
		mct, mbody := multipartText(t, "status", bad)
		add("status (multipart)", "POST", "/api/v1/statuses", tok, mct, mbody)
		add("display name", "PATCH", "/api/v1/accounts/update_credentials", tok, form, "display_name="+q)
		add("note", "PATCH", "/api/v1/accounts/update_credentials", tok, js, `{"note": `+j+`}`)
		add("notification types", "GET", "/api/v1/notifications?types[]="+q, tok, "", "")
		add("follow tag path", "POST", "/api/v1/tags/"+p+"/follow", tok, form, "")
		add("account search", "GET", "/api/v1/accounts/search?q="+q, tok, "", "")
		// The legal API.
		add("legal authority", "POST", "/api/v1/legal/authorities", stok, js, `{"name": `+j+`, "country": "IN", "kind": "ministry"}`)
		add("legal order reference", "POST", "/api/v1/legal/orders", stok, js, `{"authority_id": "`+inID+`", "reference": `+j+`, "targets": ["@alice"]}`)
		add("legal order target", "POST", "/api/v1/legal/orders", stok, js, `{"authority_id": "`+inID+`", "reference": "r", "targets": [`+j+`]}`)
		add("legal order annex", "POST", "/api/v1/legal/orders", stok, js, `{"authority_id": "`+inID+`", "reference": "r", "annex": {"name": "a.txt", "content_type": "text/plain", "data": "`+
			base64.StdEncoding.EncodeToString([]byte("@alice\n"+bad+"\n"))+`"}}`)
		add("legal targets (plain)", "POST", orders+"/targets", stok, "text/plain", "@alice\n"+bad+"\n")
		add("legal targets (CSV)", "POST", orders+"/targets", stok, "text/csv", "target,remarks\n@alice,"+bad+"\n")
		add("legal targets (JSON)", "POST", orders+"/targets", stok, js, `{"targets": [`+j+`]}`)
		add("legal notice", "POST", orders+"/notices", stok, js, `{"kind": "revocation", "summary": `+j+`}`)
		add("legal correspondence", "POST", orders+"/correspondence", stok, js, `{"direction": "in", "parties": "Ministry", "summary": `+j+`}`)
		add("legal query", "GET", "/api/v1/legal/audit?order_id="+q, stok, "", "")
		// The authority API.
		add("authority order", "POST", "/api/v1/authority/orders", auTok, js, `{"reference": `+j+`, "legal_basis": "x", "territorial_scope": ["IN"], "targets": ["@alice"]}`)
		add("authority message", "POST", "/api/v1/authority/orders/"+order.ID+"/messages", auTok, js, `{"text": `+j+`}`)
		add("authority webhook", "POST", "/api/v1/authority/webhooks", auTok, js, `{"url": "https://hooks.example/x", "description": `+j+`}`)
		ct, body := auForm(t, auPart{field: "order", contentType: js, data: `{"reference": "r", "legal_basis": "x", "territorial_scope": ["IN"]}`},
			auPart{field: "annex", file: "annex.txt", contentType: "text/plain", data: "@alice\n" + bad + "\n"})
		add("authority annex file", "POST", "/api/v1/authority/orders", auTok, ct, body)
		if !strings.Contains(bad, "\x00") { // a NUL in a part's header does not parse
			ct, body = auForm(t, auPart{field: "order", contentType: js, data: `{"reference": "r", "legal_basis": "x", "territorial_scope": ["IN"], "targets": ["@alice"]}`},
				auPart{field: "documents[]", file: "letter" + bad + ".pdf", contentType: "application/pdf", data: "%PDF-1"})
			add("authority document name", "POST", "/api/v1/authority/orders", auTok, ct, body)
		}
		ct, body = auForm(t, auPart{field: "text", data: bad})
		add("authority message (multipart)", "POST", "/api/v1/authority/orders/"+order.ID+"/messages", auTok, ct, body)
		// Headers and credentials: net/http itself refuses a NUL in a header.
		if !strings.Contains(bad, "\x00") {
			add("Idempotency-Key", "POST", "/api/v1/statuses", tok, form, "status=hi", "Idempotency-Key", bad)
			add("authority Idempotency-Key", "POST", "/api/v1/authority/orders", auTok, js,
				`{"reference": "r", "legal_basis": "x", "territorial_scope": ["IN"], "targets": ["@alice"]}`, "Idempotency-Key", bad)
		}
		reqs = append(reqs, textRequest{name: kind + ": Basic client_id", method: "POST", path: "/oauth/token",
			contentType: form, body: "grant_type=client_credentials", basic: []string{bad, "secret"}})
		reqs = append(reqs, textRequest{name: kind + ": authority Basic client_id", method: "POST", path: "/api/v1/authority/oauth/token",
			contentType: form, body: "grant_type=client_credentials", basic: []string{url.QueryEscape(bad), "secret"}})
	}
	sort.Slice(reqs, func(i, j int) bool { return reqs[i].name < reqs[j].name })

	staff := newConsoleUser(t, r.srv.URL)
	if status, body, _ := staff.signIn("lena", "password-lena"); status != http.StatusSeeOther {
		t.Fatalf("console sign-in: %d %s", status, lgShort([]byte(body)))
	}
	before := countRows(t, r)
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range reqs {
		req, err := http.NewRequestWithContext(ctx, tc.method, r.srv.URL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		if tc.basic != nil {
			req.SetBasicAuth(tc.basic[0], tc.basic[1])
		}
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		for i := 0; i+1 < len(tc.header); i += 2 {
			req.Header[textproto.CanonicalMIMEHeaderKey(tc.header[i])] = []string{tc.header[i+1]}
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnprocessableEntity ||
			!bytes.Contains(data, []byte("UTF-8")) {
			t.Errorf("%s: %s %s = %d %.300s, want 400 or 422 saying the text must be UTF-8", tc.name, tc.method, tc.path, resp.StatusCode, data)
		}
	}
	// The legal console's forms: sign-in, and a new order in a session.
	for kind, bad := range badTexts {
		u := newConsoleUser(t, r.srv.URL)
		tok := u.token("/legal/signin")
		status, body, _ := u.do(http.MethodPost, "/legal/signin", url.Values{"csrf": {tok}, "login": {bad}, "password": {"x"}})
		if status != http.StatusBadRequest || !strings.Contains(body, "UTF-8") {
			t.Errorf("%s: console sign-in = %d %s, want 400 saying UTF-8", kind, status, lgShort([]byte(body)))
		}
		tok = staff.token("/legal/orders/new")
		status, body, _ = staff.do(http.MethodPost, "/legal/orders", url.Values{"csrf": {tok}, "authority": {inID},
			"reference": {bad}, "legal_basis": {"x"}, "territorial_scope": {"IN"}, "targets": {"@alice"}})
		if status != http.StatusBadRequest || !strings.Contains(body, "UTF-8") {
			t.Errorf("%s: console new order = %d %s, want 400 saying UTF-8", kind, status, lgShort([]byte(body)))
		}
	}

	after := countRows(t, r)
	for table, n := range after {
		if n != before[table] {
			t.Errorf("table %s: %d rows before the walk, %d after", table, before[table], n)
		}
	}
}

// multipartText returns a multipart/form-data body with one text field.
func multipartText(t *testing.T, name, value string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.WriteField(name, value); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), buf.String()
}

// countRows returns the number of rows of every table of the server's
// database.
func countRows(t *testing.T, r *rig) map[string]int {
	t.Helper()
	ctx := context.Background()
	db := r.srv.DB.SQL()
	list := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if r.srv.DSN != "" && strings.HasPrefix(r.srv.DSN, "postgres") {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.QueryContext(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	counts := make(map[string]int, len(tables))
	for _, table := range tables {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	if len(counts) < 10 {
		t.Fatalf("only %d tables found: %v", len(counts), tables)
	}
	return counts
}
