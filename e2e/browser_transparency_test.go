package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"agora"
	"agora/agoratest"
	"agora/legal"
	"agora/oauth"
	"agora/service"
)

// trBrowserSeed records, through the legal desk as the command line does, an
// order from an Indian court received two hours ago (or at the start of the
// half-year, if later) whose two accounts are withheld, one from a German
// ministry with nothing done yet, and one of the half-year before that names
// no authority and covers Pakistan.
func trBrowserSeed(t *testing.T, srv *agoratest.Server) (published agora.ID) {
	t.Helper()
	ctx := context.Background()
	for _, u := range []string{"bwone", "bwtwo", "bwthree"} {
		a, err := srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: u, Email: u + "@example.org", Password: "password-" + u})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Service.PostStatus(ctx, srv.Service.As(ctx, a), service.NewStatus{Text: "hello", Visibility: "public"}); err != nil {
			t.Fatal(err)
		}
	}
	court, err := srv.Desk.CreateAuthority(ctx, nil, "High Court of Delhi", "IN", "court")
	if err != nil {
		t.Fatal(err)
	}
	ministry, err := srv.Desk.CreateAuthority(ctx, nil, "Bundesamt für Justiz", "DE", "ministry")
	if err != nil {
		t.Fatal(err)
	}
	received := time.Now().Add(-2 * time.Hour)
	if start := legal.PeriodOf(time.Now()).Start(); received.Before(start) {
		received = start
	}
	o, err := srv.Desk.CreateOrder(ctx, nil, legal.OrderInput{AuthorityID: court.ID, LegalBasis: "Section 69A of the IT Act",
		ReceivedAt: received, TerritorialScope: []string{"IN"}, Targets: []string{"@bwone", "@bwtwo"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Desk.Acknowledge(ctx, nil, o.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Desk.Decide(ctx, nil, o.ID, legal.DecisionInput{Filter: &legal.TargetFilter{Resolution: agora.ResolutionResolved},
		Action: agora.ActionWithhold}, false); err != nil {
		t.Fatal(err)
	}
	published = o.ID
	if _, err := srv.Desk.CreateOrder(ctx, nil, legal.OrderInput{AuthorityID: ministry.ID, TerritorialScope: []string{"DE"},
		Targets: []string{"@bwthree"}}); err != nil {
		t.Fatal(err)
	}
	before := legal.PeriodOf(time.Now()).Start().Add(-24 * time.Hour)
	if _, err := srv.Desk.CreateOrder(ctx, nil, legal.OrderInput{ReceivedAt: before, TerritorialScope: []string{"PK"},
		Targets: []string{"@bwthree"}}); err != nil {
		t.Fatal(err)
	}
	return published
}

// trScreenshotOnFailure saves a screenshot of the page to
// $AGORA_TEST_ARTIFACTS (or the temporary directory) when the test has failed.
func trScreenshotOnFailure(t *testing.T, ctx context.Context, name string) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Logf("screenshot: %v", err)
			return
		}
		dir := os.Getenv("AGORA_TEST_ARTIFACTS")
		if dir == "" {
			dir = os.TempDir()
		}
		path := filepath.Join(dir, name+"-"+time.Now().UTC().Format("20060102T150405")+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Logf("save screenshot: %v", err)
			return
		}
		t.Logf("screenshot of the page: %s", path)
	})
}

// trPageFacts is what the test reads of the rendered page in the browser.
type trPageFacts struct {
	Charts []struct {
		ID       string  `json:"id"`
		Width    float64 `json:"width"`
		Height   float64 `json:"height"`
		Bars     int     `json:"bars"` // bars drawn wider than 0
		Named    bool    `json:"named"`
		Hatched  bool    `json:"hatched"` // the second series is drawn with its pattern
		Overflow bool    `json:"overflow"`
	} `json:"charts"`
	Captions []string `json:"captions"`
	Scripts  int      `json:"scripts"`
	// Unscoped counts table headers without a scope; Unlabelled form controls
	// without a label.
	Unscoped, Unlabelled int
	// Contrast is the lowest contrast ratio of text against white on the page.
	Contrast float64 `json:"contrast"`
	H1       string  `json:"h1"`
}

const trFactsJS = `(() => {
  const lum = (c) => {
    const m = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2];
  };
  const ratio = (c) => 1.05 / (lum(c) + 0.05);
  const texts = [...document.querySelectorAll('p, th, td, a, caption, dt, dd, h1, h2, h3, label, svg text, figcaption')];
  const colour = (e) => e instanceof SVGElement ? getComputedStyle(e).fill : getComputedStyle(e).color;
  return {
    charts: [...document.querySelectorAll('svg.chart')].map(s => {
      const b = s.getBoundingClientRect();
      const ids = (s.getAttribute('aria-labelledby') || '').split(' ').filter(x => x);
      const s1 = s.querySelector('.row rect.s1');
      return {
        id: s.id, width: b.width, height: b.height,
        bars: [...s.querySelectorAll('.row rect')].filter(r => r.getBBox().width > 0).length,
        named: s.getAttribute('role') === 'img' && ids.length === 2 && ids.every(id => document.getElementById(id) && document.getElementById(id).textContent.trim() !== ''),
        hatched: s1 === null || getComputedStyle(s1).fill.startsWith('url('),
        overflow: [...s.querySelectorAll('text')].some(t => { const r = t.getBBox(); return r.x < 0 || r.x + r.width > s.viewBox.baseVal.width + 1; }),
      };
    }),
    captions: [...document.querySelectorAll('table caption')].map(c => c.textContent.trim()),
    scripts: document.scripts.length,
    Unscoped: [...document.querySelectorAll('th')].filter(th => !th.getAttribute('scope')).length,
    Unlabelled: [...document.querySelectorAll('select, input, button')].filter(e => e.tagName === 'BUTTON' ? !e.textContent.trim() : !(e.id && document.querySelector('label[for="' + e.id + '"]'))).length,
    contrast: Math.min(...texts.filter(e => e.textContent.trim() !== '').map(e => ratio(colour(e)))),
    h1: document.querySelector('h1').textContent,
  };
})()`

// TestBrowser_Transparency renders /transparency in a real headless Chromium:
// the three charts are drawn (as inline SVG, each named for assistive
// technology, the second series hatched as well as coloured), a table per
// country with its caption, every header scoped and every control labelled,
// text contrast of at least 4.5:1, no script at all; and choosing another
// half-year in the form works without JavaScript. A screenshot is saved when
// it fails.
func TestBrowser_Transparency(t *testing.T) {
	chromium := chromiumPath(t)
	srv := agoratest.MustRunServer(t, agoratest.SQLite)
	published := trBrowserSeed(t, srv)
	ctx := newBrowser(t, chromium)
	trScreenshotOnFailure(t, ctx, "transparency")
	b := &webBrowser{t: t, ctx: ctx, base: srv.URL}

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/transparency"),
		chromedp.WaitVisible(chromedp.ID("chart-orders")),
	); err != nil {
		t.Fatalf("open /transparency: %v", err)
	}
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[trPageFacts](trFactsJS))
	if err != nil {
		t.Fatalf("read the page: %v", err)
	}
	b.axe("/transparency")
	if len(facts.Charts) != 3 {
		t.Fatalf("%d charts, want 3: %+v", len(facts.Charts), facts)
	}
	for _, c := range facts.Charts {
		if c.Width < 300 || c.Height < 80 || c.Bars < 1 || !c.Named || !c.Hatched || c.Overflow {
			t.Errorf("chart %s: %+v, want it drawn, named, hatched and within its box", c.ID, c)
		}
	}
	period := legal.PeriodOf(time.Now())
	label := "January to June"
	if period.Half == 2 {
		label = "July to December"
	}
	want := []string{"Germany, " + label, "India, " + label}
	if len(facts.Captions) != 2 || !strings.HasPrefix(facts.Captions[0], want[0]) || !strings.HasPrefix(facts.Captions[1], want[1]) {
		t.Errorf("table captions %q, want %q", facts.Captions, want)
	}
	if facts.Scripts != 0 || facts.Unscoped != 0 || facts.Unlabelled != 0 || facts.Contrast < 4.5 {
		t.Errorf("scripts %d, headers without scope %d, unlabelled controls %d, lowest contrast %.2f; want 0, 0, 0 and at least 4.5",
			facts.Scripts, facts.Unscoped, facts.Unlabelled, facts.Contrast)
	}

	// The previous half-year through the form: a plain GET, no script.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("period"), period.Prev().String()),
		chromedp.Click(chromedp.CSS("form.period button")),
		chromedp.WaitVisible(chromedp.ID("country-PK")),
	); err != nil {
		t.Fatalf("choose %s: %v", period.Prev(), err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || !strings.Contains(h1, periodWords(period.Prev())) {
		t.Errorf("after choosing %s the heading is %q, %v", period.Prev(), h1, err)
	}

	// The public notice of the order that withheld two accounts.
	b.visit("public notice", "/notices/"+published.String(), "", 200, nil)
	b.axe("public notice")
}

// periodWords writes the half-year as the page does.
func periodWords(p legal.Period) string {
	if p.Half == 1 {
		return "January to June " + p.String()[:4]
	}
	return "July to December " + p.String()[:4]
}
