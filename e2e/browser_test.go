package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"

	"agora"
	"agora/agoratest"
	"agora/oauth"
)

// TestBrowser_AuthorizeOOB signs in on the OAuth page in a real headless Chromium:
// a wrong password shows the error, the right one shows the out-of-band code, and
// the code exchanged at /oauth/token gives a working token.
func TestBrowser_AuthorizeOOB(t *testing.T) {
	chromium := chromiumPath(t)
	srv := agoratest.MustRunServer(t, agoratest.SQLite)
	if _, err := srv.Service.CreateAccount(context.Background(), oauth.NewAccount{
		Username: "alice", Email: "alice@example.org", Password: "password-alice",
	}); err != nil {
		t.Fatalf("create account: %v", err)
	}
	app := browserRegisterApp(t, srv.URL)
	ctx := newBrowser(t, chromium)

	q := url.Values{
		"response_type": {"code"}, "client_id": {app.ClientID},
		"redirect_uri": {agora.OOBRedirect}, "scope": {"read"},
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/oauth/authorize?"+q.Encode()),
		chromedp.WaitVisible(chromedp.ID("login")),
	); err != nil {
		t.Fatalf("open the sign-in page: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "agora") {
		t.Errorf("page title = %q, want the instance name", title)
	}
	(&webBrowser{t: t, ctx: ctx, base: srv.URL}).axe("the sign-in page")

	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("login"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), "not-the-password"),
		chromedp.Click(chromedp.ID("allow")),
		chromedp.WaitVisible(chromedp.ID("error")),
	); err != nil {
		t.Fatalf("sign in with a wrong password: %v", err)
	}
	errText, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("error")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "Invalid email or password") {
		t.Errorf("#error = %q, want it to say the credentials are wrong", errText)
	}

	// The page with the error has the form again, empty; sign in with the email this time.
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("login"), "alice@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "password-alice"),
		chromedp.Click(chromedp.ID("allow")),
		chromedp.WaitVisible(chromedp.ID("code")),
	); err != nil {
		t.Fatalf("sign in with the right password: %v", err)
	}
	code, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("code")))
	if err != nil {
		t.Fatal(err)
	}
	code = strings.TrimSpace(code)
	if code == "" {
		t.Fatal("#code is empty")
	}

	form := url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {agora.OOBRedirect},
		"client_id": {app.ClientID}, "client_secret": {app.ClientSecret},
	}
	status, tok := browserPostForm(t, srv.URL+"/oauth/token", form)
	if status != http.StatusOK {
		t.Fatalf("exchange the code: status %d, body %v", status, tok)
	}
	if tok["scope"] != "read" || tok["token_type"] != "Bearer" {
		t.Errorf("token response = %v, want scope read and type Bearer", tok)
	}
	access, _ := tok["access_token"].(string)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/accounts/verify_credentials", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var acct map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&acct)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || acct["username"] != "alice" {
		t.Errorf("verify_credentials with the token: status %d, body %v; want alice", resp.StatusCode, acct)
	}

	// A code is good for one exchange only.
	if status, body := browserPostForm(t, srv.URL+"/oauth/token", form); status != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Errorf("second exchange of the code: status %d, body %v; want 400 invalid_grant", status, body)
	}
}

// chromiumPath returns the path of Chromium. Without it the test is skipped, or
// fails when AGORA_TEST_REQUIRE_SERVICES=1 (CI, where .ci/run installs it).
func chromiumPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("AGORA_TEST_REQUIRE_SERVICES") == "1" {
			t.Fatalf("chromium is not installed and AGORA_TEST_REQUIRE_SERVICES=1: %v", err)
		}
		t.Skipf("chromium is not installed: %v", err)
	}
	return path
}

// newBrowser starts the headless Chromium at path, with a fresh profile, for the
// test and returns a context for chromedp actions, with a deadline. The test
// fails if a page breaks its Content-Security-Policy (a script, style or
// request the policy refuses), as Chromium reports it in the console.
func newBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	dataDir, err := os.MkdirTemp("", "agora-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Chromium's helper processes may still write here for a moment after it exits.
		for i := 0; ; i++ {
			err := os.RemoveAll(dataDir)
			if err == nil || i == 100 {
				if err != nil {
					t.Logf("remove %s: %v", dataDir, err)
				}
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dataDir),
	)
	t.Cleanup(cancelAlloc) // runs before the directory is removed
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute) // the console's 1,178 targets take most of a minute on a busy machine
	t.Cleanup(cancelTimeout)
	var cspMu sync.Mutex
	var violations []string
	listen := func(ev any) {
		if e, ok := ev.(*cdplog.EventEntryAdded); ok && strings.Contains(e.Entry.Text, "Content Security Policy") {
			cspMu.Lock()
			violations = append(violations, e.Entry.URL+": "+e.Entry.Text)
			cspMu.Unlock()
		}
	}
	t.Cleanup(func() { // runs before the browser is closed
		cspMu.Lock()
		defer cspMu.Unlock()
		for _, v := range violations {
			t.Errorf("Content-Security-Policy violation: %s", v)
		}
	})
	if err := chromedp.Listen(ctx, listen); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// browserApp is an app registered through POST /api/v1/apps.
type browserApp struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// browserRegisterApp registers an app whose redirect URI is the out-of-band one.
func browserRegisterApp(t *testing.T, base string) browserApp {
	t.Helper()
	resp, err := http.PostForm(base+"/api/v1/apps", url.Values{
		"client_name": {"agora browser test"}, "redirect_uris": {agora.OOBRedirect}, "scopes": {"read write"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var app browserApp
	if err := json.NewDecoder(resp.Body).Decode(&app); err != nil || resp.StatusCode != http.StatusOK || app.ClientID == "" {
		t.Fatalf("POST /api/v1/apps: status %d, %+v, %v", resp.StatusCode, app, err)
	}
	return app
}

// browserPostForm posts the form and returns the status and decoded JSON body.
func browserPostForm(t *testing.T, target string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(target, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// TestBrowser_AuthorizeOOBDeny clicks Deny on the sign-in page of an out-of-band
// app: there is nowhere to redirect, so the page must tell the person in words.
func TestBrowser_AuthorizeOOBDeny(t *testing.T) {
	chromium := chromiumPath(t)
	srv := agoratest.MustRunServer(t, agoratest.SQLite)
	app := browserRegisterApp(t, srv.URL)
	ctx := newBrowser(t, chromium)
	q := url.Values{
		"response_type": {"code"}, "client_id": {app.ClientID},
		"redirect_uri": {agora.OOBRedirect}, "scope": {"read"},
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/oauth/authorize?"+q.Encode()),
		chromedp.WaitVisible(chromedp.ID("deny")),
	); err != nil {
		t.Fatalf("open the sign-in page: %v", err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("deny")))
	if err != nil {
		t.Fatalf("click Deny: %v", err)
	}
	if resp.MimeType != "text/html" {
		t.Fatalf("Deny answered %s %d, want the HTML page", resp.MimeType, resp.Status)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("error")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "denied") {
		t.Errorf("#error = %q, want it to say access was denied", text)
	}
}
