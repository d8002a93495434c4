package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"agora/agoratest"
)

// axeSource is axe-core (the npm package axe-core, axe.min.js; its version and
// licence are in docs/DEPENDENCIES.md), which the browser tests inject into
// each page to check its accessibility.
//
//go:embed testdata/axe.min.js
var axeSource string

// axeViolation is one rule a page breaks, as axe.run reports it.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"` // the selectors of the elements
}

// axeRun checks the WCAG 2.1 A and AA rules and axe's best practices.
const axeRun = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
	resultTypes: ["violations"]
}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
	nodes: v.nodes.map(n => n.target.join(" "))})))`

// webBrowser is a Chromium the test drives through the public pages.
type webBrowser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// screenshotDir is where a failing browser test saves its screenshots:
// $AGORA_TEST_SCREENSHOTS, else a directory in the system's temporary one.
func screenshotDir() string {
	if d := os.Getenv("AGORA_TEST_SCREENSHOTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "agora-screenshots")
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// screenshot saves the page as it is, named after the test and the step.
func (b *webBrowser) screenshot(step string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot of %s: %v", step, err)
		return
	}
	dir := screenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Logf("screenshot of %s: %v", step, err)
		return
	}
	path := filepath.Join(dir, unsafeFileChars.ReplaceAllString(b.t.Name()+"-"+step, "_")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Logf("screenshot of %s: %v", step, err)
		return
	}
	b.t.Logf("screenshot of %s: %s", step, path)
}

// visit opens path from the country ("" for none, sent as a trusted proxy's
// header), checks the status of the answer, runs check on the page and then
// axe-core, which must find no serious or critical violation. A step that
// fails leaves a screenshot.
func (b *webBrowser) visit(step, path, country string, status int64, check func() error) {
	t := b.t
	t.Helper()
	failed := t.Failed()
	defer func() {
		if t.Failed() && !failed {
			b.screenshot(step)
		}
	}()
	headers := network.Headers{}
	if country != "" {
		headers[whHeader] = country
	}
	if _, err := chromedp.Call(b.ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: headers}); err != nil {
		t.Fatalf("%s: set the country header: %v", step, err)
	}
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		t.Errorf("%s: open %s: %v", step, path, err)
		return
	}
	if resp.Status != status {
		t.Errorf("%s: %s answered %d, want %d", step, path, resp.Status, status)
	}
	if err := chromedp.Do(b.ctx, chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		t.Errorf("%s: no main landmark: %v", step, err)
		return
	}
	if check != nil {
		if err := check(); err != nil {
			t.Errorf("%s: %v", step, err)
		}
	}
	b.axe(step)
}

// axe injects axe-core into the page and reports its serious and critical
// violations as errors, the others in the log.
func (b *webBrowser) axe(step string) {
	t := b.t
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Errorf("%s: inject axe-core: %v", step, err)
		return
	}
	violations, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Errorf("%s: run axe-core: %v", step, err)
		return
	}
	for _, v := range violations {
		msg := fmt.Sprintf("%s: axe-core: %s (%s): %s, at %s", step, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// text returns the text of the first element the CSS selector matches.
func (b *webBrowser) text(css string) (string, error) {
	return chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(css)))
}

// contains checks that the element's text holds every string of want.
func (b *webBrowser) contains(css string, want ...string) error {
	got, err := b.text(css)
	if err != nil {
		return fmt.Errorf("%s: %w", css, err)
	}
	got = strings.Join(strings.Fields(got), " ")
	for _, w := range want {
		if !strings.Contains(got, w) {
			return fmt.Errorf("%s says %q, want it to hold %q", css, got, w)
		}
	}
	return nil
}

// TestBrowser_WebPages opens the public pages in a real headless Chromium: the
// front page, a profile, a thread, and a withheld account's page from India
// (451, the notice and its link) and from Germany (the posts). axe-core checks
// every page for serious accessibility violations.
func TestBrowser_WebPages(t *testing.T) {
	chromium := chromiumPath(t)
	r := newRig(t, agoratest.SQLite, whTrusted)
	n := webBuild(t, r)
	w := webBuildWithheld(t, r)
	b := &webBrowser{t: t, ctx: newBrowser(t, chromium), base: r.srv.URL}

	b.visit("front page", "/", "", 200, func() error {
		title, err := chromedp.Run(b.ctx, chromedp.Title())
		if err != nil {
			return err
		}
		if title != r.srv.Config.InstanceTitle {
			return fmt.Errorf("title %q, want the instance's", title)
		}
		if err := b.contains("#sign-in", "Sign in", r.srv.Service.Host()); err != nil {
			return err
		}
		return b.contains("main", "Local timeline", "hello #Wonderland <script>alert(1)</script>", "wade speaks of #news")
	})
	b.visit("profile", "/@alice", "", 200, func() error {
		if err := b.contains("h1", "Alice <Liddell>"); err != nil {
			return err
		}
		if err := b.contains(".stats", "Posts", "5", "Followers"); err != nil {
			return err
		}
		return b.contains(".posts", "hello #Wonderland", "unlisted tea party")
	})
	b.visit("thread", "/@alice/"+n.id["b1"], "", 404, nil) // bob's post under alice's name
	b.visit("thread", "/@bob/"+n.id["b1"], "", 200, func() error {
		if err := b.contains(".ancestors", "hello #Wonderland"); err != nil {
			return err
		}
		if err := b.contains(`article[aria-current="page"]`, "@alice welcome back"); err != nil {
			return err
		}
		return b.contains(".descendants", "thanks for the welcome")
	})
	b.visit("withheld from India", "/@wade", "IN", 451, func() error {
		if err := b.contains("#notice", "@wade's account has been withheld in India in response to a legal demand. Learn more"); err != nil {
			return err
		}
		href, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS("#notice a"), "href"))
		if err != nil {
			return err
		}
		if href.Value != w.notice["@wade"] {
			return fmt.Errorf("Learn more links to %q, want %q", href.Value, w.notice["@wade"])
		}
		return nil
	})
	b.visit("withheld post from India", "/@paul/"+w.id["p1"], "IN", 451, func() error {
		return b.contains("#notice", "This post from @paul has been withheld in India based on local law(s). Learn more")
	})
	b.visit("front page from India", "/", "IN", 200, func() error {
		main, err := b.text("main")
		if err != nil {
			return err
		}
		if strings.Contains(main, "wade speaks") || strings.Contains(main, "paul secret") {
			return fmt.Errorf("the front page from India shows what is withheld there: %q", main)
		}
		return nil
	})
	b.visit("withheld account from Germany", "/@wade", "DE", 200, func() error {
		return b.contains("main", "wade speaks of #news", "withheld in India in response to a legal demand. Learn more")
	})
	b.visit("hashtag", "/tags/news", "DE", 200, func() error {
		return b.contains("h1", "#news")
	})
	b.visit("not found", "/@nobody", "", 404, func() error { return b.contains("h1", "Not found") })
}
