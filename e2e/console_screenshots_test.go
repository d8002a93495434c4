package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"agora"
	"agora/agoratest"
	"agora/legal"
)

// TestBrowser_ConsoleScreenshots writes docs/screenshots/console-*.png: the
// legal console's dashboard and an order's page, as legal staff see them. Like
// TestBrowser_WebScreenshots it runs only when asked to.
func TestBrowser_ConsoleScreenshots(t *testing.T) {
	if os.Getenv("AGORA_UPDATE_SCREENSHOTS") != "1" {
		t.Skip("set AGORA_UPDATE_SCREENSHOTS=1 to write docs/screenshots/console-*.png")
	}
	chromium := chromiumPath(t)
	srv := agoratest.MustRunServer(t, agoratest.SQLite)
	ctx := context.Background()
	lena := consoleAccount(t, srv, "lena", agora.RoleLegal)
	for _, name := range []string{"asha", "ravi", "mira", "kiran"} {
		consoleAccount(t, srv, name, agora.RoleUser)
	}
	auth, err := srv.Desk.CreateAuthority(ctx, lena, "Ministry of Electronics and IT", "IN", "ministry")
	if err != nil {
		t.Fatal(err)
	}
	o, err := srv.Desk.CreateOrder(ctx, lena, legal.OrderInput{
		AuthorityID: auth.ID, Reference: "No. 1(9)/2026-CLES", Channel: "portal",
		LegalBasis: "Information Technology Act, 2000, section 69A", TerritorialScope: []string{"IN"},
		StatementOfReasons: "The accounts named are said to threaten public order.",
		RedressInfo:        "Writ petition before a High Court", Deadline: time.Now().Add(3 * time.Hour),
		Targets: []string{"@asha", "@ravi", "@mira", "@kiran", "@nobody"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Desk.Acknowledge(ctx, lena, o.ID); err != nil {
		t.Fatal(err)
	}
	b := &webBrowser{t: t, ctx: newBrowser(t, chromium), base: srv.URL}
	b.visit("sign-in page", "/legal", "", 200, nil)
	if err := chromedp.Do(b.ctx,
		chromedp.SendKeys(chromedp.ID("login"), "lena"),
		chromedp.SendKeys(chromedp.ID("password"), "password-lena"),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID("state-counts")),
	); err != nil {
		b.screenshot("sign in")
		t.Fatal(err)
	}
	dir := filepath.Join("..", "docs", "screenshots")
	for _, s := range []struct{ file, path string }{
		{"console-dashboard.png", "/legal"},
		{"console-order.png", "/legal/orders/" + o.ID.String()},
	} {
		b.visit(s.file, s.path, "", 200, nil)
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
