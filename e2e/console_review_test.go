package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
)

// postFile posts a multipart form with one file field.
func (u *consoleUser) postFile(path string, fields url.Values, field, name, data string) (int, string, http.Header) {
	u.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = io.WriteString(fw, data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, u.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := u.hc.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

var consoleTargetBox = regexp.MustCompile(`name="target" value="(\d+)"`)

// consoleOrder1178 makes the 1,178 targets case: 1,100 accounts that exist
// and 78 that do not, and the CSV annex naming them all.
func consoleOrder1178(t testing.TB, srv *agoratest.Server) string {
	var annex strings.Builder
	annex.WriteString("S.No.,Account URL,Remarks\n")
	for i := range 1178 {
		name := fmt.Sprintf("inacct%04d", i)
		if i < 1100 {
			consoleAccount(t.(*testing.T), srv, name, agora.RoleUser)
		} else {
			name = fmt.Sprintf("gone%04d", i)
		}
		fmt.Fprintf(&annex, "%d,%s/@%s,item %d\n", i+1, srv.URL, name, i+1)
	}
	return annex.String()
}

// TestConsole_Review imports an order of 1,178 targets from a file through
// the console, filters its targets, declines 100 resolved ones with a reason
// and withholds the rest in IN after the preview; a decision posted without
// its CSRF token is refused and records nothing.
func TestConsole_Review(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			srv := agoratest.MustRunServer(t, b)
			ctx := context.Background()
			lena := consoleAccount(t, srv, "lena", agora.RoleLegal)
			auth, err := srv.Desk.CreateAuthority(ctx, lena, "Ministry of Electronics and IT", "IN", "ministry")
			if err != nil {
				t.Fatal(err)
			}
			annex := consoleOrder1178(t, srv)
			u := newConsoleUser(t, srv.URL)
			if status, _, _ := u.signIn("lena", "password-lena"); status != http.StatusSeeOther {
				t.Fatalf("sign in: %d", status)
			}

			fields := url.Values{"authority": {auth.ID.String()}, "reference": {"No. 1(9)/2026-CLES"}, "channel": {"email"},
				"legal_basis":          {"Information Technology Act, 2000, section 69A"},
				"statement_of_reasons": {"The accounts named are said to threaten public order."},
				"territorial_scope":    {"IN"}, "redress_info": {"Writ petition before a High Court"}}
			if status, _, _ := u.postFile("/legal/orders", fields, "annex", "annex.csv", annex); status != http.StatusForbidden {
				t.Errorf("new order without its CSRF token: %d, want 403", status)
			}
			if list, _ := srv.Desk.Orders(ctx, lena, agora.OrderQuery{}); len(list) != 0 {
				t.Fatalf("the refused form recorded %d orders", len(list))
			}
			fields.Set("csrf", u.token("/legal/orders/new"))
			status, body, h := u.postFile("/legal/orders", fields, "annex", "annex.csv", annex)
			if status != http.StatusSeeOther {
				t.Fatalf("new order: %d %s", status, lgShort([]byte(body)))
			}
			orderPath := h.Get("Location")
			status, body, _ = u.do(http.MethodGet, orderPath, nil)
			if status != http.StatusOK || !strings.Contains(body, "1178 targets: 1100 resolved, 78 unresolved") || !strings.Contains(body, "Ministry of Electronics and IT (IN)") {
				t.Fatalf("order page: %d %s", status, lgShort([]byte(body)))
			}
			targets := orderPath + "/targets"

			_, body, _ = u.do(http.MethodGet, targets+"?resolution=unresolved", nil)
			if n := len(consoleTargetBox.FindAllString(body, -1)); n != 78 {
				t.Errorf("unresolved targets listed: %d, want 78", n)
			}
			if status, _, _ := u.do(http.MethodGet, targets+"?resolution=nonsense", nil); status != http.StatusBadRequest {
				t.Errorf("a filter value outside its list: %d, want 400", status)
			}
			_, body, _ = u.do(http.MethodGet, targets+"?q=inacct0042", nil)
			if n := len(consoleTargetBox.FindAllString(body, -1)); n != 1 || !strings.Contains(body, "@inacct0042") {
				t.Errorf("text filter: %d rows, want the one naming @inacct0042", n)
			}

			_, body, _ = u.do(http.MethodGet, targets+"?resolution=resolved&decision=pending", nil)
			var first100 []string
			for _, m := range consoleTargetBox.FindAllStringSubmatch(body, -1) {
				first100 = append(first100, m[1])
			}
			if len(first100) != 100 || !strings.Contains(body, `rel="next"`) {
				t.Fatalf("first page of resolved pending targets: %d rows, want 100 and a next page", len(first100))
			}
			decline := url.Values{"action": {"decline"}, "reason_code": {"protected_speech"}, "target": first100}
			if status, _, _ := u.do(http.MethodPost, orderPath+"/decisions", decline); status != http.StatusForbidden {
				t.Errorf("decision without its CSRF token: %d, want 403", status)
			}
			id, _ := agora.ParseID(strings.TrimPrefix(orderPath, "/legal/orders/"))
			if ds, _ := srv.Desk.Decisions(ctx, lena, id, 0); len(ds) != 0 {
				t.Fatalf("the refused decision recorded %d decisions", len(ds))
			}
			decline.Set("csrf", u.token(targets))
			if status, body, _ := u.do(http.MethodPost, orderPath+"/decisions/preview", decline); status != http.StatusOK || !strings.Contains(body, "100 selected targets") {
				t.Errorf("preview of the decline: %d %s", status, lgShort([]byte(body)))
			}
			status, _, h = u.do(http.MethodPost, orderPath+"/decisions", decline)
			if status != http.StatusSeeOther {
				t.Fatalf("decline: %d", status)
			}
			_, body, _ = u.do(http.MethodGet, h.Get("Location"), nil)
			if !strings.Contains(body, "decline: 100 applied") {
				t.Errorf("after the decline the page says %s", lgShort([]byte(body)))
			}

			withhold := url.Values{"csrf": {u.token(targets)}, "action": {"withhold"}, "countries": {"IN"}, "all": {"1"},
				"resolution": {"resolved"}, "decision": {"pending"}}
			status, body, _ = u.do(http.MethodPost, orderPath+"/decisions/preview", withhold)
			if status != http.StatusOK || !strings.Contains(body, "all 1000 targets that match") || !strings.Contains(body, "<strong>1000</strong> accounts") {
				t.Fatalf("preview of the withholding: %d %s", status, lgShort([]byte(body)))
			}
			status, _, h = u.do(http.MethodPost, orderPath+"/decisions", withhold)
			if status != http.StatusSeeOther {
				t.Fatalf("withhold: %d", status)
			}
			_, body, _ = u.do(http.MethodGet, h.Get("Location"), nil)
			for _, want := range []string{"withhold: 1000 applied", "<strong>1000</strong> withheld", "<strong>100</strong> declined", "<strong>78</strong> pending"} {
				if !strings.Contains(body, want) {
					t.Errorf("after the withholding the targets page lacks %q", want)
				}
			}
		})
	}
}
