package e2e

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"agora"
	"agora/agoratest"
	"agora/legal"
)

// TestBrowser_ConsoleKeyboard works the targets table from the keyboard in a
// real headless Chromium: j moves to a target, w withholds it in the order's
// scope, d declines the next with the reason asked in a dialog; then an
// owner's appeal is answered on the appeals page. axe-core checks the
// targets page (its keyboard help shown, and with the dialog open), the order
// page with its forms, the appeals page and the handover page.
func TestBrowser_ConsoleKeyboard(t *testing.T) {
	chromium := chromiumPath(t)
	r := newRig(t, agoratest.SQLite, whTrusted)
	srv := r.srv
	ctx := context.Background()
	lena := consoleAccount(t, srv, "lena", agora.RoleLegal)
	lgPopulate(t, r, 4, func(i int) string { return "hello from " + lgName(i) })
	auth, err := srv.Desk.CreateAuthority(ctx, lena, "Ministry of Electronics and IT", "IN", "ministry")
	if err != nil {
		t.Fatal(err)
	}
	o, err := srv.Desk.CreateOrder(ctx, lena, legal.OrderInput{AuthorityID: auth.ID, Reference: "2026/0099", Channel: "email",
		TerritorialScope: []string{"IN"}, LegalBasis: "Section 69A of the Information Technology Act, 2000",
		Targets: []string{"@u0000", "@u0001", "@u0002", "@u0003"}})
	if err != nil {
		t.Fatal(err)
	}
	list, err := srv.Desk.Targets(ctx, lena, agora.TargetQuery{OrderID: o.ID, Limit: 10})
	if err != nil || len(list) != 4 {
		t.Fatalf("targets: %d %v", len(list), err)
	}
	if _, err := srv.Desk.Decide(ctx, lena, o.ID, legal.DecisionInput{TargetIDs: []agora.ID{list[0].ID}, Action: agora.ActionWithhold}, false); err != nil {
		t.Fatal(err)
	}
	tok := lgToken(t, r, lgName(0), "read write")
	w := apWarnings(t, r, tok)
	if len(w) != 1 {
		t.Fatalf("warnings: %+v", w)
	}
	if code, body := apAppeal(t, r, tok, w[0].ID, url.Values{"text": {"This is satire."}}); code != 200 {
		t.Fatalf("appeal: %d %s", code, lgShort(body))
	}
	pending, err := srv.Desk.Targets(ctx, lena, agora.TargetQuery{OrderID: o.ID, Appeal: agora.AppealPending, Limit: 10})
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending appeals: %d %v", len(pending), err)
	}
	appeal := pending[0].Appeal.ID.String()

	b := &webBrowser{t: t, ctx: newBrowser(t, chromium), base: srv.URL}
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b.ctx, actions...); err != nil {
			b.screenshot(name)
			t.Fatalf("%s: %v", name, err)
		}
	}
	check := func(name string, err error) {
		t.Helper()
		if err != nil {
			b.screenshot(name)
			t.Fatalf("%s: %v", name, err)
		}
	}
	b.visit("sign-in page", "/legal", "", 200, nil)
	step("sign in",
		chromedp.SendKeys(chromedp.ID("login"), "lena"),
		chromedp.SendKeys(chromedp.ID("password"), "password-lena"),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID("state-counts")),
	)
	orderPath := "/legal/orders/" + o.ID.String()
	b.visit("order page with its forms", orderPath, "", 200, func() error {
		return b.contains("main", "Change the state", "Assign the target", "Record a notice", "Record a message")
	})

	b.visit("targets", orderPath+"/targets", "", 200, nil)
	step("keyboard help shown", chromedp.WaitVisible(chromedp.ID("keyboard")))
	check("keyboard help", b.contains("#keyboard summary", "Keyboard shortcuts"))
	step("withhold the second target from the keyboard",
		chromedp.KeyEvent("j"), chromedp.KeyEvent("j"), chromedp.KeyEvent("w"),
		chromedp.WaitVisible(chromedp.Search(`//p[@id="kbd-status"][contains(., "Target 2: withheld in IN")]`)),
	)
	focused, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.activeElement.dataset.position || ""`))
	check("focus after the decision", err)
	if focused != "3" {
		t.Errorf("after deciding target 2 the focus is on target %q, want 3", focused)
	}
	step("decline the third, asked for the reason",
		chromedp.KeyEvent("d"),
		chromedp.WaitVisible(chromedp.ID("kbd-dialog")),
	)
	b.axe("targets with the decline dialog")
	step("give the reason",
		chromedp.SetValue(chromedp.ID("kbd-reason"), "protected_speech"),
		chromedp.SendKeys(chromedp.ID("kbd-note"), "Reporting on a protest."),
		chromedp.Click(chromedp.ID("kbd-ok")),
		chromedp.WaitVisible(chromedp.Search(`//p[@id="kbd-status"][contains(., "Target 3: declined")]`)),
	)
	b.axe("targets after the keyboard decisions")
	got, err := srv.Desk.Targets(ctx, lena, agora.TargetQuery{OrderID: o.ID, Limit: 10})
	check("targets after the keyboard", err)
	if got[1].State != agora.TargetWithheld || got[2].State != agora.TargetDeclined || got[2].ReasonCode != "protected_speech" || got[3].State != agora.TargetPending {
		t.Errorf("targets after the keyboard: %s, %s (%s), %s; want withheld, declined (protected_speech), pending", got[1].State, got[2].State, got[2].ReasonCode, got[3].State)
	}

	b.visit("appeals", "/legal/appeals", "", 200, func() error { return b.contains("main", "This is satire.") })
	step("refuse the appeal",
		chromedp.SendKeys(chromedp.ID("appeal-text-"+appeal), "The order stands; the post names a person."),
		chromedp.Click(chromedp.ID("refuse-"+appeal)),
		chromedp.WaitVisible(chromedp.ID("done")),
	)
	check("appeal refused", b.contains("#done", "The appeal is refused"))
	b.axe("appeals after the answer")
	b.visit("handover", "/legal/handover", "", 200, nil)
}
