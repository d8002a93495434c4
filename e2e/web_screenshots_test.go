package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/service"
)

// TestBrowser_WebScreenshots writes the screenshots of the public pages in
// docs/screenshots/ (the front page, a profile, a withheld page from India)
// when AGORA_UPDATE_SCREENSHOTS=1; otherwise it is skipped.
func TestBrowser_WebScreenshots(t *testing.T) {
	if os.Getenv("AGORA_UPDATE_SCREENSHOTS") != "1" {
		t.Skip("set AGORA_UPDATE_SCREENSHOTS=1 to write docs/screenshots/web-*.png")
	}
	chromium := chromiumPath(t)
	r := newRig(t, agoratest.SQLite, whTrusted)
	ctx := context.Background()
	people := map[string]*mastodon.Client{}
	for _, p := range []struct{ name, display, note string }{
		{"asha", "Asha Rao", "Reporter. Courts, rights and the internet."},
		{"ravi", "Ravi Menon", "Farmer, and a voice of the protests."},
		{"mira", "Mira Klein", "Librarian in Berlin."},
	} {
		r.mustAccount(p.name)
		c := r.passwordLogin(p.name)
		if _, err := c.AccountUpdate(ctx, &mastodon.Profile{DisplayName: &p.display, Note: &p.note}); err != nil {
			t.Fatal(err)
		}
		people[p.name] = c
	}
	first := post(t, people["asha"], &mastodon.Toot{Status: "The court hears the challenge to the blocking order today. Notes to follow. #courts", Visibility: "public"})
	post(t, people["ravi"], &mastodon.Toot{Status: "Day 40 at the border. We are still here. #farmersprotest", Visibility: "public"})
	post(t, people["mira"], &mastodon.Toot{Status: "New reading room hours from Monday: 9 to 21. https://example.org/library", Visibility: "public"})
	post(t, people["mira"], &mastodon.Toot{Status: "@asha following this closely, thank you", Visibility: "public", InReplyToID: first.ID})
	post(t, people["asha"], &mastodon.Toot{Status: "Hearing adjourned to Thursday. The order stays in force until then. #courts", Visibility: "public"})
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@ravi", Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	b := &webBrowser{t: t, ctx: newBrowser(t, chromium), base: r.srv.URL}
	dir := filepath.Join("..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		file, path, country string
		status              int64
	}{
		{"web-front.png", "/", "DE", 200},
		{"web-profile.png", "/@asha", "DE", 200},
		{"web-withheld.png", "/@ravi", "IN", 451},
	} {
		b.visit(s.file, s.path, s.country, s.status, nil)
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
