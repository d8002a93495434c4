package e2e

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/legal"
)

// hx posts the form as htmx does (HX-Request: true).
func (u *consoleUser) hx(path string, form url.Values) (int, string, http.Header) {
	u.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	resp, err := u.hc.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// TestConsole_KeyboardDecision checks over HTTP what the targets table's
// keyboard shortcuts use: the scripts served from /legal/static/ under a
// Content-Security-Policy that allows only the console's own scripts, and a
// decision on one target posted by htmx, answered with the target's row, or
// with the desk's refusal as text, recording nothing; without its CSRF token
// it is refused.
func TestConsole_KeyboardDecision(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			srv := agoratest.MustRunServer(t, b)
			lena := consoleAccount(t, srv, "lena", agora.RoleLegal)
			consoleAccount(t, srv, "kbd1", agora.RoleUser)
			consoleAccount(t, srv, "kbd2", agora.RoleUser)
			o, err := srv.Desk.CreateOrder(ctx, lena, legal.OrderInput{Reference: "2026/0100", Channel: "email",
				TerritorialScope: []string{"IN"}, LegalBasis: "Section 69A", Targets: []string{"@kbd1", "@kbd2"}})
			if err != nil {
				t.Fatal(err)
			}
			list, err := srv.Desk.Targets(ctx, lena, agora.TargetQuery{OrderID: o.ID, Limit: 10})
			if err != nil || len(list) != 2 {
				t.Fatalf("targets: %d %v", len(list), err)
			}
			u := newConsoleUser(t, srv.URL)
			if status, _, _ := u.signIn("lena", "password-lena"); status != http.StatusSeeOther {
				t.Fatalf("sign in: %d", status)
			}
			targets := "/legal/orders/" + o.ID.String() + "/targets"
			decisions := "/legal/orders/" + o.ID.String() + "/decisions"

			status, body, h := u.do(http.MethodGet, targets, nil)
			csp := h.Get("Content-Security-Policy")
			if status != http.StatusOK || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") ||
				!strings.Contains(body, `<script src="/legal/static/htmx.min.js" defer></script>`) || !strings.Contains(body, `<script src="/legal/static/console.js" defer></script>`) ||
				!strings.Contains(body, `id="kbd-hint"`) {
				t.Errorf("targets page: %d, CSP %q, want the scripts, their help and script-src 'self'", status, csp)
			}
			if _, body, _ := u.do(http.MethodGet, "/legal/orders/"+o.ID.String(), nil); strings.Contains(body, "<script") {
				t.Errorf("the order page loads scripts; only the targets table has shortcuts")
			}
			for name, want := range map[string]string{"htmx.min.js": "htmx", "console.js": "keyboard shortcuts"} {
				status, body, h := newConsoleUser(t, srv.URL).do(http.MethodGet, "/legal/static/"+name, nil)
				if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") || !strings.Contains(body, want) {
					t.Errorf("GET /legal/static/%s: %d %q", name, status, h.Get("Content-Type"))
				}
			}
			if status, _, _ := u.do(http.MethodGet, "/legal/static/console.css.map", nil); status != http.StatusNotFound {
				t.Errorf("GET an unknown static file: %d, want 404", status)
			}

			decided := func() int {
				ds, err := srv.Desk.Decisions(ctx, lena, o.ID, 0)
				if err != nil {
					t.Fatal(err)
				}
				return len(ds)
			}
			one := url.Values{"action": {"withhold"}, "target": {list[0].ID.String()}}
			if status, _, _ := u.hx(decisions, one); status != http.StatusForbidden || decided() != 0 {
				t.Errorf("keyboard decision without its CSRF token: %d, %d decisions; want 403 and none", status, decided())
			}
			tok := u.token(targets)
			decline := url.Values{"csrf": {tok}, "action": {"decline"}, "target": {list[1].ID.String()}}
			status, body, h = u.hx(decisions, decline)
			if status != http.StatusUnprocessableEntity || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") || !strings.Contains(body, "reason") || decided() != 0 {
				t.Errorf("decline without a reason: %d %q %q, %d decisions; want 422 with the desk's message and none", status, h.Get("Content-Type"), body, decided())
			}
			one.Set("csrf", tok)
			status, body, _ = u.hx(decisions, one)
			if status != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(body), `<tr id="t`+list[0].ID.String()+`"`) || !strings.Contains(body, "withheld in IN") || decided() != 1 {
				t.Errorf("withhold from the keyboard: %d %s; want the row, withheld in IN", status, lgShort([]byte(body)))
			}
		})
	}
}
