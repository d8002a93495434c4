package transparencyapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/legal"
	"agora/service"
	"agora/transparencyapi/wire"
)

// fakeDesk publishes one report and the notices of the orders it holds.
type fakeDesk struct {
	now     time.Time
	report  *legal.Report
	notices map[agora.ID]*legal.PublicNotice
}

func (f *fakeDesk) Now() time.Time { return f.now }

func (f *fakeDesk) Report(_ context.Context, p legal.Period) (*legal.Report, error) {
	if f.now.Before(p.Start()) {
		return nil, agora.Errorf(agora.EINVALID, "period %s has not begun.", p)
	}
	r := *f.report
	r.Period = p
	return &r, nil
}

func (f *fakeDesk) ReportPeriods(context.Context) ([]legal.Period, error) {
	p := legal.PeriodOf(f.now)
	return []legal.Period{p, p.Prev()}, nil
}

func (f *fakeDesk) PublicNotice(_ context.Context, id agora.ID) (*legal.PublicNotice, error) {
	if n := f.notices[id]; n != nil {
		return n, nil
	}
	return nil, agora.Errorf(agora.ENOTFOUND, "No such notice.")
}

func (f *fakeDesk) NoticePublished(_ context.Context, id agora.ID) (bool, error) {
	return f.notices[id] != nil, nil
}

// fakeRules holds rules' notices.
type fakeRules map[agora.ID]*service.Notice

func (f fakeRules) RuleNotice(_ context.Context, id agora.ID) (*service.Notice, error) {
	if n := f[id]; n != nil {
		return n, nil
	}
	return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
}

var testNow = time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)

func hoursPtr(h float64) *time.Duration {
	d := time.Duration(h * float64(time.Hour))
	return &d
}

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	desk := &fakeDesk{now: testNow,
		report: &legal.Report{Banded: true, CountedAt: testNow, Countries: []*legal.CountryReport{
			{Country: "IN", OrdersCourt: legal.Count{Small: true}, OrdersOther: legal.Count{N: 12}, AccountsSpecified: legal.Count{N: 1178},
				ComplianceRate: 66.7, MedianAcknowledge: hoursPtr(2.5), AppealsReceived: legal.Count{}},
			{Country: "ZZ", OrdersOther: legal.Count{Small: true}},
		}},
		notices: map[agora.ID]*legal.PublicNotice{
			7: {OrderID: 7, Number: "2026-000007", LegalBasis: "Section 69A", TerritorialScope: []string{"IN"}, ReceivedAt: testNow,
				Authority: &agora.Authority{Name: "Ministry <of> IT", Kind: agora.AuthorityMinistry, Country: "IN"},
				Groups: []*legal.NoticeGroup{{Kind: agora.SubjectAccount, Named: 2, UnderReview: 1, Withheld: []*legal.NoticeItem{
					{TargetID: 70, Name: "@alice", URL: "https://x.example/@alice", Withholdings: []*legal.NoticeWithholding{
						{RuleID: 8, Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand, Since: testNow}}}}}}},
		}}
	rules := fakeRules{
		8: {Rule: &agora.Rule{ID: 8, Kind: agora.SubjectAccount, OrderID: 7, TargetID: 70, Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand, Since: testNow}, Subject: "@alice"},
		9: {Rule: &agora.Rule{ID: 9, Kind: agora.SubjectAccount, OrderID: 5, TargetID: 50, Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand,
			Since: testNow, SealedUntil: agora.Forever}, Sealed: true},
		10: {Rule: &agora.Rule{ID: 10, Kind: agora.SubjectHashtag, Hashtag: "x", Countries: []string{"DE"}, Reason: agora.ReasonLocalLaw, Since: testNow}, Subject: "#x"},
	}
	mux := http.NewServeMux()
	New(desk, rules, Info{Title: "Agora Test", BaseURL: "https://x.example"}, slog.New(slog.NewTextHandler(io.Discard, nil))).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// get fetches path without following redirects.
func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestReports(t *testing.T) {
	srv := newTestServer(t)
	for _, tt := range []struct {
		path, ctype string
		status      int
		has         []string
	}{
		{"/api/v1/transparency/reports?period=2026-H1", "application/json", 200,
			[]string{`"period":"2026-H1"`, `"small_counts":"banded"`, `"orders_court":"< 10"`, `"orders_other":12`, `"accounts_specified":1178`,
				`"compliance_rate":66.7`, `"median_acknowledge_seconds":9000`, `"median_effect_seconds":null`, `"country":"ZZ","country_name":"Unknown"`}},
		{"/api/v1/transparency/reports", "application/json", 200, []string{`"period":"2026-H1"`}},
		{"/api/v1/transparency/reports.csv?period=2025-H2", "text/csv", 200,
			[]string{"period,country,country_name,orders_court", "\n2025-H2,IN,India,< 10,12,1178,0,0,0,0,0,0,0,66.7,9000,,0,0\n"}},
		{"/api/v1/transparency/reports?period=2026-h1", "application/json", 400, []string{"is not a half-year", "2026-H1"}},
		{"/api/v1/transparency/reports?period=", "application/json", 400, []string{"is not a half-year"}},
		{"/api/v1/transparency/reports.csv?period=2026-H2", "application/json", 400, []string{"has not begun"}},
		{"/transparency?period=nope", "text/html", 400, []string{`<p id="error">period &#34;nope&#34; is not a half-year`}},
		{"/transparency", "text/html", 200, []string{"January to June 2026", `<svg id="chart-orders"`, `class="s0 bandbar"`,
			`<caption>India, January to June 2026</caption>`, "2 h 30 min", "66.7%", "Unknown", `<option value="2025-H2">`}},
	} {
		resp, body := get(t, srv, tt.path)
		if resp.StatusCode != tt.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.ctype) {
			t.Errorf("GET %s = %d %s, want %d %s: %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.ctype, body)
			continue
		}
		for _, s := range tt.has {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s lacks %q:\n%s", tt.path, s, body)
			}
		}
	}
}

func TestNotices(t *testing.T) {
	srv := newTestServer(t)
	resp, body := get(t, srv, "/api/v1/transparency/notices/7")
	var n wire.Notice
	if err := json.Unmarshal([]byte(body), &n); err != nil || resp.StatusCode != 200 || n.Number != "2026-000007" ||
		n.URL != "https://x.example/notices/7" || len(n.Targets) != 1 || n.Targets[0].Withheld[0].Withholdings[0].Rule != "8" || n.Named != 2 {
		t.Errorf("JSON notice: %d %v %s", resp.StatusCode, err, body)
	}
	resp, body = get(t, srv, "/notices/7")
	for _, s := range []string{`<h1>Order 2026-000007 of Ministry &lt;of&gt; IT</h1>`, `<tr id="target-70"><th scope="row"><a href="https://x.example/@alice">@alice</a>`,
		"Ministry &lt;of&gt; IT, a ministry of India", "1 awaits review"} {
		if resp.StatusCode != 200 || !strings.Contains(body, s) {
			t.Errorf("notice page: %d, lacks %q:\n%s", resp.StatusCode, s, body)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("notice page CSP %q", csp)
	}
	// A rule of a published order leads to the order's notice, at its item.
	for path, want := range map[string]string{"/notices/8": "/notices/7#target-70", "/api/v1/transparency/notices/8": "/api/v1/transparency/notices/7"} {
		if resp, _ := get(t, srv, path); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("GET %s = %d Location %q, want 303 to %s", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	// A sealed rule keeps its own notice, naming neither subject nor order.
	resp, body = get(t, srv, "/notices/9")
	if resp.StatusCode != 200 || !strings.Contains(body, "The order is confidential") || strings.Contains(body, "/notices/5") {
		t.Errorf("sealed rule: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, srv, "/notices/10")
	if resp.StatusCode != 200 || !strings.Contains(body, "The hashtag #x is withheld in Germany based on local law(s).") {
		t.Errorf("rule without an order: %d %s", resp.StatusCode, body)
	}
	// Nothing else has a notice; all alike.
	for _, path := range []string{"/notices/5", "/notices/11", "/notices/x", "/api/v1/transparency/notices/5", "/api/v1/transparency/notices/9",
		"/api/v1/transparency/notices/10", "/api/v1/transparency/notices/-1"} {
		if resp, body := get(t, srv, path); resp.StatusCode != 404 || !strings.Contains(body, "No such notice.") {
			t.Errorf("GET %s = %d %s, want 404 No such notice.", path, resp.StatusCode, body)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0 s", 59 * time.Second: "59 s", 90 * time.Second: "1 min", time.Hour: "1 h",
		3*time.Hour + 5*time.Minute: "3 h 5 min", 47 * time.Hour: "47 h", 48 * time.Hour: "2 d", 52 * time.Hour: "2 d 4 h"} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestBarChart_Layout(t *testing.T) {
	c := (&barChart{Series: []string{"a", "b"}, Rows: []chartRow{
		{Label: "India", Values: []chartValue{{V: 40, Text: "40"}, {Banded: true, Text: "< 10"}}},
		{Label: "Pakistan", Values: []chartValue{{V: 0, Text: "0"}, {V: 25, Text: "25"}}},
	}}).layout()
	// The scale ends at 40, in steps of 10; a banded count is drawn to 10.
	if len(c.Ticks) != 5 || c.Ticks[4].Label != "40" || c.Rows[0].Bars[0].W != plotWidth || c.Rows[0].Bars[1].W != plotWidth/4 ||
		c.Rows[0].Bars[1].Class != "s1 bandbar" || c.Rows[1].Bars[0].W != 0 || c.Height <= c.PlotBottom {
		t.Errorf("layout: ticks %+v, rows %+v", c.Ticks, c.Rows)
	}
	for top, want := range map[float64]float64{0: 1, 3: 1, 10: 2, 40: 10, 100: 20, 1178: 500, 0.5: 1} {
		if got := niceStep(top); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", top, got, want)
		}
	}
}
