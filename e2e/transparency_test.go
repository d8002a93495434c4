package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/legal"
	"agora/legalapi/wire"
	tclient "agora/transparencyapi/client"
	twire "agora/transparencyapi/wire"
)

// The helpers of this file are prefixed "tr" (transparency). The figures of a
// report for a seeded set of orders are worked out by hand at the desk, with
// a clock the test sets (legal/report_test.go); here they are checked over
// HTTP, with the real clock: as JSON, as CSV and as the page, alike.

// trScene is a set of orders seeded through the legal API.
type trScene struct {
	people *lgPeople
	// o1: the IN ministry: @u0000 and u0002's post withheld, @u0001 declined,
	// #trtag pending, @trghost not found. o2: an IN court, confidential
	// until gag (or without an end when gag is zero): @u0003 withheld. o3: a
	// DE ministry: @u0004 removed, @u0005 pending, not acknowledged. o4: the
	// IN ministry, received in the half-year before: @u0000 pending.
	o1, o2, o3, o4 wire.OrderCreated
	targets        map[string]*wire.Target // o1's and o2's, by input
}

func trSeed(t *testing.T, r *rig, lc *lgClient, gag time.Time) *trScene {
	t.Helper()
	s := &trScene{people: lgPopulate(t, r, 6, func(i int) string { return "post " + lgName(i) + " #trtag" }), targets: map[string]*wire.Target{}}
	post := r.srv.URL + "/@" + lgName(2) + "/" + s.people.status[2]
	court := lc.authority("High Court of Delhi", "IN", "court")
	ministry := lc.authority("Ministry of Electronics and IT", "IN", "ministry")
	bfj := lc.authority("Bundesamt für Justiz", "DE", "ministry")
	order := func(in wire.OrderInput) wire.OrderCreated {
		in.LegalBasis, in.StatementOfReasons = "Section 69A of the IT Act", "Threat to public order, as the annex sets out."
		o := lc.order(in)
		for _, tg := range lc.targets(o.ID, "") {
			s.targets[tg.Input] = tg
		}
		return o
	}
	ids := func(inputs ...string) []string {
		var out []string
		for _, in := range inputs {
			out = append(out, s.targets[in].ID)
		}
		return out
	}
	s.o1 = order(wire.OrderInput{AuthorityID: ministry, Reference: "MEITY/1", TerritorialScope: []string{"IN"},
		Targets: []string{"@" + lgName(0), "@" + lgName(1), post, "#trtag", "@trghost"}})
	lc.acknowledge(s.o1.ID)
	lc.decide(s.o1.ID, wire.DecisionInput{TargetIDs: ids("@"+lgName(0), post), Action: "withhold", Note: "trnote: checked with counsel"}, false)
	lc.decide(s.o1.ID, wire.DecisionInput{TargetIDs: ids("@" + lgName(1)), Action: "decline", ReasonCode: "journalist", Note: "trnote: a reporter"}, false)
	in2 := wire.OrderInput{AuthorityID: court, Reference: "HC/2", TerritorialScope: []string{"IN"}, Confidential: true,
		Targets: []string{"@" + lgName(3)}}
	if !gag.IsZero() {
		in2.ConfidentialUntil = &gag
	}
	s.o2 = order(in2)
	lc.acknowledge(s.o2.ID)
	lc.decide(s.o2.ID, wire.DecisionInput{TargetIDs: ids("@" + lgName(3)), Action: "withhold"}, false)
	s.o3 = order(wire.OrderInput{AuthorityID: bfj, TerritorialScope: []string{"DE"}, Targets: []string{"@" + lgName(4), "@" + lgName(5)}})
	lc.decide(s.o3.ID, wire.DecisionInput{TargetIDs: []string{lc.targets(s.o3.ID, "")[0].ID}, Action: "remove"}, false)
	before := legal.PeriodOf(time.Now()).Start().Add(-time.Millisecond)
	s.o4 = order(wire.OrderInput{AuthorityID: ministry, ReceivedAt: &before, TerritorialScope: []string{"IN"}, Targets: []string{"@" + lgName(0)}})
	return s
}

// trGet reads path and returns the status, the body and the final URL after
// redirects.
func trGet(t *testing.T, path string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Request.URL.String()
}

// trCells returns the report's countries as JSON decoded without its wire
// types: for each country, each key's value written as the CSV writes it.
func trCells(t *testing.T, base, period string) map[string]map[string]string {
	t.Helper()
	code, body, _ := trGet(t, base+"/api/v1/transparency/reports?period="+period)
	if code != http.StatusOK {
		t.Fatalf("report %s: %d %s", period, code, body)
	}
	var rep struct {
		Countries []map[string]any `json:"countries"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&rep); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, c := range rep.Countries {
		row := map[string]string{"period": period}
		for k, v := range c {
			switch v := v.(type) {
			case nil:
				row[k] = ""
			case json.Number:
				row[k] = v.String()
			case string:
				row[k] = v
			default:
				t.Errorf("report: %s of %v is %T", k, c["country"], v)
			}
		}
		out[row["country"]] = row
	}
	return out
}

// TestTransparency_Reports: the report of the seeded orders as JSON equals the
// figures worked out by hand; the CSV holds the same figures under the JSON's
// keys; a server that bands small counts gives those of 1 to 9 as "< 10";
// and a malformed period is 400, everywhere.
func TestTransparency_Reports(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, b, whTrusted)
			_, staffTok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(staffTok)
			s := trSeed(t, r, lc, time.Time{})
			ctx := context.Background()
			tc := tclient.New(r.srv.URL, nil)
			now := legal.PeriodOf(time.Now())
			if legal.PeriodOf(time.Now().Add(time.Minute)) != now {
				t.Skip("the half-year ends within the minute")
			}

			rep, err := tc.Report(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			n := func(v int) twire.Count { return twire.Count{N: v} }
			// IN: o1 (ministry) and o2 (court, confidential, counted all the
			// same). Accounts named: u0000, u0001, u0003; @trghost is not
			// found. Withheld: u0000, u0003 and u0002's post; no action: u0001
			// (declined), @trghost; under review: #trtag. Both orders withheld
			// something. DE: o3, u0004 removed, u0005 pending, never
			// acknowledged.
			want := map[string]twire.CountryFigures{
				"DE": {Country: "DE", CountryName: "Germany", OrdersOther: n(1), AccountsSpecified: n(2), AccountsRemoved: n(1),
					UnderReview: n(1), ComplianceRate: 100},
				"IN": {Country: "IN", CountryName: "India", OrdersCourt: n(1), OrdersOther: n(1), AccountsSpecified: n(3),
					AccountsWithheld: n(2), PostsWithheld: n(1), NoAction: n(2), UnderReview: n(1), ComplianceRate: 100},
			}
			if rep.Period != now.String() || rep.SmallCounts != "exact" || len(rep.Countries) != 2 {
				t.Fatalf("report: %+v", rep)
			}
			for _, c := range rep.Countries {
				got := *c
				if (got.MedianAcknowledgeSeconds == nil) != (c.Country == "DE") || got.MedianEffectSeconds == nil {
					t.Errorf("%s: medians %v %v, want both but DE's acknowledgment", c.Country, got.MedianAcknowledgeSeconds, got.MedianEffectSeconds)
				}
				got.MedianAcknowledgeSeconds, got.MedianEffectSeconds = nil, nil
				if got != want[c.Country] {
					t.Errorf("%s: got  %+v\nwant %+v", c.Country, got, want[c.Country])
				}
			}
			prev, err := tc.Report(ctx, now.Prev().String())
			if err != nil || len(prev.Countries) != 1 || prev.Countries[0].OrdersOther != n(1) || prev.Countries[0].UnderReview != n(1) {
				t.Errorf("report of %s: %+v, %v; want o4 alone", now.Prev(), prev, err)
			}

			// The CSV and the JSON agree, cell for cell.
			for _, p := range []string{now.String(), now.Prev().String()} {
				rows, err := tc.ReportCSV(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				cells := trCells(t, r.srv.URL, p)
				if len(rows) != len(cells)+1 || strings.Join(rows[0], ",") != strings.Join(twire.CSVHeader, ",") {
					t.Fatalf("CSV of %s: %q, want a header and %d rows", p, rows, len(cells))
				}
				for _, row := range rows[1:] {
					c := cells[row[1]]
					for i, key := range rows[0] {
						if c[key] != row[i] {
							t.Errorf("%s %s: %s is %q in the CSV, %q in the JSON", p, row[1], key, row[i], c[key])
						}
					}
					if len(c) != len(row) {
						t.Errorf("%s %s: the JSON has %d keys, the CSV %d columns", p, row[1], len(c), len(row))
					}
				}
			}

			// Small counts banded: a second server on the same database.
			banded := agoratest.MustRunServer(t, b, agoratest.WithDB(r.srv.DSN), func(c *app.Config) { c.ReportSmallCounts = "banded" })
			rep, err = tclient.New(banded.URL, nil).Report(ctx, now.String())
			if err != nil {
				t.Fatal(err)
			}
			small := twire.Count{Small: true}
			in := rep.Countries[1]
			if rep.SmallCounts != "banded" || in.AccountsSpecified != small || in.OrdersCourt != small || in.HashtagsWithheld != n(0) || in.ComplianceRate != 100 {
				t.Errorf("banded: %+v %+v", rep, in)
			}
			rows, err := tclient.New(banded.URL, nil).ReportCSV(ctx, now.String())
			if err != nil || !strings.Contains(strings.Join(rows[2], ","), ",< 10,< 10,< 10,") {
				t.Errorf("banded CSV: %q, %v", rows, err)
			}

			// Bad periods: 400 naming the form, as JSON, CSV and page.
			for _, p := range []string{"2026-H3", "2026", "H1-2026", "2026-h1", "1999-H1", now.Next().String()} {
				if _, err := tc.Report(ctx, p); tclient.StatusOf(err) != http.StatusBadRequest {
					t.Errorf("report of %q: %v, want 400", p, err)
				}
				if _, err := tc.ReportCSV(ctx, p); tclient.StatusOf(err) != http.StatusBadRequest {
					t.Errorf("CSV of %q: %v, want 400", p, err)
				}
				code, body, _ := trGet(t, r.srv.URL+"/transparency?period="+p)
				if code != http.StatusBadRequest || !strings.Contains(body, `<p id="error">period`) {
					t.Errorf("page of %q: %d %s", p, code, lgShort([]byte(body)))
				}
			}

			// The page shows the same figures.
			code, page, _ := trGet(t, r.srv.URL+"/transparency")
			for _, want := range []string{"<caption>India, ", "<caption>Germany, ", `id="chart-orders"`, `id="chart-compliance"`,
				`<th scope="row">Accounts specified</th><td class="num">3</td>`, "100%"} {
				if code != http.StatusOK || !strings.Contains(page, want) {
					t.Errorf("/transparency: %d, lacks %q", code, want)
				}
			}
			// A confidential order is counted, and named nowhere.
			for _, body := range []string{page, fmt.Sprint(trCells(t, r.srv.URL, now.String()))} {
				for _, secret := range []string{s.o2.ID, s.o2.Number, "HC/2", lgName(3)} {
					if strings.Contains(body, secret) {
						t.Errorf("the report names %q of the confidential order", secret)
					}
				}
			}
		})
	}
}

// TestTransparency_Notices: an order's public notice names what was withheld
// under it and counts the rest, and never names staff, notes or its
// statement of reasons; the 451 of a withheld item leads to it. A
// confidential order has none (404, as for no order) until its gag ends,
// while its rule's notice says only that content is withheld where and why;
// then the notice is there, and the rule's leads to it.
func TestTransparency_Notices(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, b, whTrusted)
			_, staffTok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(staffTok)
			gag := time.Now().UTC().Add(3 * time.Second).Truncate(time.Millisecond)
			s := trSeed(t, r, lc, gag)
			ctx := context.Background()
			tc := tclient.New(r.srv.URL, nil)
			base := r.srv.URL

			n, err := tc.Notice(ctx, s.o1.ID)
			if err != nil {
				t.Fatal(err)
			}
			post := base + "/@" + lgName(2) + "/" + s.people.status[2]
			if n.Number != s.o1.Number || n.Reference != "MEITY/1" || n.Authority == nil || n.Authority.Name != "Ministry of Electronics and IT" ||
				n.LegalBasis != "Section 69A of the IT Act" || n.URL != base+"/notices/"+s.o1.ID || n.Named != 5 || n.NotFound != 1 ||
				n.AcknowledgedAt == nil || n.FirstEffectAt == nil || n.ConfidentialUntil != nil {
				t.Errorf("o1's notice: %+v", n)
			}
			if len(n.Targets) != 3 {
				t.Fatalf("o1's notice: %d kinds, want accounts, posts and hashtags", len(n.Targets))
			}
			acc, posts, tags := n.Targets[0], n.Targets[1], n.Targets[2]
			if acc.Kind != "account" || acc.Named != 2 || len(acc.Withheld) != 1 || acc.Withheld[0].Name != "@"+lgName(0) ||
				*acc.Withheld[0].URL != base+"/@"+lgName(0) || len(acc.Declined) != 1 || acc.Declined[0].ReasonCode != "journalist" ||
				acc.Declined[0].Count != 1 || acc.Withheld[0].Withholdings[0].LiftedAt != nil {
				t.Errorf("o1's accounts: %+v", acc)
			}
			if posts.Kind != "status" || len(posts.Withheld) != 1 || *posts.Withheld[0].URL != post || tags.Kind != "hashtag" || tags.UnderReview != 1 {
				t.Errorf("o1's posts %+v, hashtags %+v", posts, tags)
			}
			raw, _ := json.Marshal(n)
			code, page, _ := trGet(t, base+"/notices/"+s.o1.ID)
			for _, body := range []string{string(raw), page} {
				for _, secret := range []string{"lena", "trnote", "Threat to public order", lgName(1), "trghost"} {
					if strings.Contains(body, secret) {
						t.Errorf("o1's notice names %q:\n%s", secret, lgShort([]byte(body)))
					}
				}
			}
			for _, want := range []string{`<a href="` + base + "/@" + lgName(0) + `">@` + lgName(0) + `</a>`, `<a href="` + post + `">`, "Ministry of Electronics and IT, a ministry of India"} {
				if code != http.StatusOK || !strings.Contains(page, want) {
					t.Errorf("o1's notice page: %d, lacks %q", code, want)
				}
			}

			// The 451 of a withheld account leads to its order's notice, at it.
			inside := whViewer{name: "anonymous@IN", country: "IN"}
			follow := func(id string) (int, string, string) {
				t.Helper()
				code, body, h := whDo(t, r, inside, "GET", "/api/v1/accounts/"+id, nil)
				if code != http.StatusUnavailableForLegalReasons {
					t.Fatalf("account %s from IN: %d %s, want 451", id, code, whShort(body))
				}
				return trGet(t, strings.TrimPrefix(strings.Split(h.Get("Link"), ">")[0], "<"))
			}
			code, page, at := follow(s.people.acct[0].ID.String())
			if code != http.StatusOK || !strings.HasPrefix(at, base+"/notices/"+s.o1.ID+"#target-") || !strings.Contains(page, "@"+lgName(0)) {
				t.Errorf("451 of u0000 leads to %s: %d", at, code)
			}

			// o2 is confidential until gag: no notice, as for an order that
			// does not exist; its rule's notice names neither.
			sealedAcct := s.people.acct[3].ID.String()
			check := func(published bool) {
				t.Helper()
				_, errSealed := tc.Notice(ctx, s.o2.ID)
				code, page, _ := trGet(t, base+"/notices/"+s.o2.ID)
				if published != (errSealed == nil) || published != (code == http.StatusOK) {
					t.Errorf("o2's notice (published %v): %v; page %d", published, errSealed, code)
				}
				if !published {
					_, errNone := tc.Notice(ctx, "1")
					if tclient.StatusOf(errSealed) != http.StatusNotFound || errSealed.Error() != strings.Replace(errNone.Error(), "/1:", "/"+s.o2.ID+":", 1) {
						t.Errorf("o2's notice: %v; no order's: %v; want 404 alike", errSealed, errNone)
					}
				}
				code, page, at := follow(sealedAcct)
				switch {
				case code != http.StatusOK:
					t.Errorf("the sealed rule's notice: %d", code)
				case !published && (strings.Contains(at, s.o2.ID) || strings.Contains(page, lgName(3)) || strings.Contains(page, s.o2.Number) ||
					!strings.Contains(page, "confidential") || !strings.Contains(page, "India")):
					t.Errorf("before the gag ends, the rule's notice %s:\n%s", at, page)
				case published && (!strings.HasPrefix(at, base+"/notices/"+s.o2.ID+"#target-") || !strings.Contains(page, "@"+lgName(3)) ||
					!strings.Contains(page, `id="confidential"`)):
					t.Errorf("after the gag, the rule's notice %s:\n%s", at, lgShort([]byte(page)))
				}
			}
			check(false)
			time.Sleep(time.Until(gag) + 50*time.Millisecond)
			check(true)
			n, err = tc.Notice(ctx, s.o2.ID)
			if err != nil || n.ConfidentialUntil == nil || !n.ConfidentialUntil.Equal(gag) || n.Authority.Kind != "court" {
				t.Errorf("o2's notice after the gag: %+v, %v", n, err)
			}
		})
	}
}

// TestTransparency_NoticeForever: an order confidential without an end date
// never has a public notice.
func TestTransparency_NoticeForever(t *testing.T) {
	t.Parallel()
	r := newRig(t, agoratest.SQLite, whTrusted)
	_, staffTok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
	s := trSeed(t, r, r.legal(staffTok), time.Time{})
	if _, err := tclient.New(r.srv.URL, nil).Notice(context.Background(), s.o2.ID); tclient.StatusOf(err) != http.StatusNotFound {
		t.Errorf("notice of an order confidential for good: %v, want 404", err)
	}
}
