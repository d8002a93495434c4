package legal_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"agora"
	"agora/legal"
	"agora/storetest"
)

// The transparency report over the real desk, on SQLite and on PostgreSQL:
// a seeded set of orders of every kind, and the figures worked out by hand
// below. Over HTTP (JSON, CSV, the page): e2e.

// backends returns the databases to run a test on: SQLite, and PostgreSQL
// when AGORA_TEST_POSTGRES_DSN is set.
func backends() map[string]func(testing.TB) string {
	return map[string]func(testing.TB) string{
		"sqlite": func(tb testing.TB) string { return storetest.SQLitePath(tb) },
		"postgres": func(tb testing.TB) string {
			return storetest.PostgresDSN(tb)
		},
	}
}

// at sets the rig's clock.
func (r *exportRig) at(t time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clock = t
}

// reportT0 is when the report scene starts: in 2026-H1.
var reportT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// reportScene is the seeded set of orders of the report tests.
type reportScene struct {
	accounts map[string]*agora.Account
	// the orders: o1 (IN ministry), o2 (IN court, confidential for 30 days),
	// o3 (IN ministry), o4 (DE regulator), o5 (no authority, PK), o6 (no
	// authority, IN and PK), o7 (IN, the last millisecond of 2025), o8 (IN,
	// the first of 2026, naming nothing)
	orders map[string]*agora.Order
	// targets by order and input
	targets map[string]map[string]*agora.Target
}

// newReportScene seeds the orders, and what became of them, at the times
// the comments give (hours after reportT0).
func newReportScene(r *exportRig) *reportScene {
	t := r.t
	s := &reportScene{accounts: map[string]*agora.Account{}, orders: map[string]*agora.Order{},
		targets: map[string]map[string]*agora.Target{}}
	h := func(hours float64) time.Time { return reportT0.Add(time.Duration(hours * float64(time.Hour))) }
	for _, n := range []string{"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"} {
		s.accounts[n] = r.account(n, time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))
	}
	post := func(n string) string {
		st := r.status(s.accounts[n], "post of "+n, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
		return exportBase + "/@" + n + "/" + st.ID.String()
	}
	s4, s6, s8 := post("u4"), post("u6"), post("u8")
	r.status(s.accounts["u2"], "#tagone #tagtwo", time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), "tagone", "tagtwo")
	authority := func(name, country, kind string) agora.ID {
		a, err := r.desk.CreateAuthority(r.ctx, nil, name, country, kind)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	ministry := authority("Ministry of Electronics and IT", "IN", "ministry")
	court := authority("High Court of Delhi", "IN", "court")
	regulator := authority("Bundesnetzagentur", "DE", "regulator")
	order := func(name string, in legal.OrderInput) *agora.Order {
		in.LegalBasis, in.StatementOfReasons = "Section 69A of the IT Act", "Public order, as the annex sets out."
		o, ts := r.order(in)
		s.orders[name], s.targets[name] = o, map[string]*agora.Target{}
		for _, tg := range ts {
			if s.targets[name][tg.Input] == nil {
				s.targets[name][tg.Input] = tg
			}
		}
		return o
	}
	ack := func(o *agora.Order) {
		if _, err := r.desk.Acknowledge(r.ctx, nil, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	decide := func(o *agora.Order, in legal.DecisionInput, inputs ...string) {
		var ts []*agora.Target
		for _, i := range inputs {
			ts = append(ts, s.targets[nameOf(s, o)][i])
		}
		r.decide(o, in, ts...)
	}
	withhold := legal.DecisionInput{Action: agora.ActionWithhold}

	// o1, received 2 hours before T0, acknowledged at 0, given effect at 1.
	r.at(h(0))
	o1 := order("o1", legal.OrderInput{AuthorityID: ministry, ReceivedAt: h(-2), TerritorialScope: []string{"IN"},
		Targets: []string{"@u1", "@u2", "@u3", s4, "#tagone", "@ghost", "@u1"}})
	ack(o1)
	r.at(h(1))
	decide(o1, withhold, "@u1", s4)
	decide(o1, withhold, "@u3")
	decide(o1, legal.DecisionInput{Action: agora.ActionRemove}, "@u3")
	decide(o1, legal.DecisionInput{Action: agora.ActionDecline, ReasonCode: "journalist", Note: "internal: per counsel"}, "@u2")
	// o2 (court, confidential), received at 2, acknowledged at 2.5, effect at 3.
	r.at(h(2))
	o2 := order("o2", legal.OrderInput{AuthorityID: court, TerritorialScope: []string{"IN"}, Confidential: true,
		ConfidentialUntil: h(24 * 30), Targets: []string{"@u5", s6}})
	r.at(h(2.5))
	ack(o2)
	r.at(h(3))
	decide(o2, withhold, "@u5", s6)
	// o3, received at 24, acknowledged at 28, declined.
	r.at(h(24))
	o3 := order("o3", legal.OrderInput{AuthorityID: ministry, TerritorialScope: []string{"IN"}, Targets: []string{"@u7"}})
	r.at(h(28))
	ack(o3)
	decide(o3, legal.DecisionInput{Action: agora.ActionDecline, ReasonCode: "overbroad"}, "@u7")
	// o4 (DE), received at 48, acknowledged at 49, a post removed and a
	// hashtag withheld at 49.5.
	r.at(h(48))
	o4 := order("o4", legal.OrderInput{AuthorityID: regulator, TerritorialScope: []string{"DE"}, Targets: []string{s8, "#tagtwo"}})
	r.at(h(49))
	ack(o4)
	r.at(h(49.5))
	decide(o4, legal.DecisionInput{Action: agora.ActionRemove}, s8)
	decide(o4, withhold, "#tagtwo")
	// o5 and o6 name no authority; nothing is done.
	r.at(h(72))
	order("o5", legal.OrderInput{TerritorialScope: []string{"PK"}, Targets: []string{"@u8"}})
	order("o6", legal.OrderInput{TerritorialScope: []string{"IN", "PK"}, Targets: []string{"@nobody"}})
	// o7 just before the half-year, o8 at its first instant.
	order("o7", legal.OrderInput{AuthorityID: ministry, ReceivedAt: time.Date(2025, 12, 31, 23, 59, 59, 999e6, time.UTC),
		TerritorialScope: []string{"IN"}, Targets: []string{"@u1"}})
	order("o8", legal.OrderInput{AuthorityID: ministry, ReceivedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		TerritorialScope: []string{"IN"}})

	// The owners of @u1 and of s4 appeal; u1's is granted, u4's is not.
	for _, a := range []struct {
		owner   string
		granted bool
	}{{"u1", true}, {"u4", false}} {
		owner := s.accounts[a.owner]
		ns, err := r.db.Notifications(r.ctx, owner.ID, agora.NotificationQuery{Types: []agora.NotificationType{agora.NotifyModerationWarning}})
		if err != nil || len(ns) != 1 {
			t.Fatalf("%s's warnings: %d, %v", a.owner, len(ns), err)
		}
		w, err := r.desk.Appeal(r.ctx, owner, ns[0].WarningID, "This is lawful speech.")
		if err != nil {
			t.Fatalf("%s appeals: %v", a.owner, err)
		}
		if _, err := r.desk.AnswerAppeal(r.ctx, nil, w.Appeal.ID, a.granted, "Answered."); err != nil {
			t.Fatalf("answer %s's appeal: %v", a.owner, err)
		}
	}
	r.at(h(100))
	return s
}

// nameOf returns the scene's name of the order.
func nameOf(s *reportScene, o *agora.Order) string {
	for n, oo := range s.orders {
		if oo.ID == o.ID {
			return n
		}
	}
	return ""
}

func hours(h float64) *time.Duration {
	d := time.Duration(h * float64(time.Hour))
	return &d
}

// n is an exact count.
func n(v int) legal.Count { return legal.Count{N: v} }

// TestTransparency_Report: the figures of 2026-H1 for the seeded orders equal
// those worked out by hand; banded, every count from 1 to 9 is "< 10".
func TestTransparency_Report(t *testing.T) {
	for name, dsn := range backends() {
		t.Run(name, func(t *testing.T) {
			db := dsn(t)
			r := newRigOn(t, db, nil)
			newReportScene(r)
			p, err := legal.ParsePeriod("2026-H1")
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.desk.Report(r.ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			// By hand. IN: o1, o3 and o8 from the ministry and o2 from the
			// court (o7 was received in 2025). Accounts named: u1, u2, u3 (o1;
			// @ghost is not found, the second @u1 repeats the first), u5 (o2),
			// u7 (o3). Withheld: u1 (appealed, granted and lifted since) and
			// u5; s4 and s6. Removed: u3 (withheld first). No action: u2
			// (declined), @ghost (not found), u7 (declined). Under review:
			// #tagone. Some content withheld in o1 and o2 of four: 50%.
			// Acknowledged after 2 h (o1), 30 min (o2), 4 h (o3): median 2 h.
			// Effect after 3 h (o1) and 1 h (o2): median 2 h. Appeals: u1's
			// (granted) and u4's (rejected).
			want := []*legal.CountryReport{
				{Country: "DE", OrdersOther: n(1), HashtagsWithheld: n(1), PostsRemoved: n(1), ComplianceRate: 100,
					MedianAcknowledge: hours(1), MedianEffect: hours(1.5)},
				{Country: "IN", OrdersCourt: n(1), OrdersOther: n(3), AccountsSpecified: n(5), AccountsWithheld: n(2),
					PostsWithheld: n(2), AccountsRemoved: n(1), NoAction: n(3), UnderReview: n(1), ComplianceRate: 50,
					MedianAcknowledge: hours(2), MedianEffect: hours(2), AppealsReceived: n(2), AppealsGranted: n(1)},
				{Country: "PK", OrdersOther: n(1), AccountsSpecified: n(1), UnderReview: n(1)},
				{Country: "ZZ", OrdersOther: n(1), NoAction: n(1)},
			}
			if diff := cmp.Diff(want, got.Countries); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			if got.Period != p || got.Banded || got.Complete { // the clock is in March 2026

				t.Errorf("report of %v: banded %v, complete %v; want neither", got.Period, got.Banded, got.Complete)
			}

			// The same orders with small counts banded, and the half-year
			// before, which holds o7 only.
			banded := newRigOn(t, db, func(c *legal.Config) { c.BandSmallCounts = true })
			banded.at(r.now())
			got, err = banded.desk.Report(r.ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			small := legal.Count{Small: true}
			in := got.Countries[1]
			if !got.Banded || in.Country != "IN" || in.OrdersCourt != small || in.AccountsSpecified != small ||
				in.HashtagsWithheld != n(0) || in.PostsRemoved != n(0) || in.ComplianceRate != 50 || *in.MedianEffect != *hours(2) {
				t.Errorf("banded IN figures: %+v", in)
			}
			got, err = r.desk.Report(r.ctx, p.Prev())
			if err != nil {
				t.Fatal(err)
			}
			want = []*legal.CountryReport{{Country: "IN", OrdersOther: n(1), AccountsSpecified: n(1), UnderReview: n(1)}}
			if diff := cmp.Diff(want, got.Countries); diff != "" {
				t.Errorf("report of 2025-H2 (-want +got):\n%s", diff)
			}
			if _, err := r.desk.Report(r.ctx, p.Next()); agora.ErrorCode(err) != agora.EINVALID {
				t.Errorf("the report of a half-year not begun: %v, want EINVALID", err)
			}
			periods, err := r.desk.ReportPeriods(r.ctx)
			if err != nil || len(periods) != 2 || periods[0] != p || periods[1] != p.Prev() {
				t.Errorf("ReportPeriods = %v, %v; want 2026-H1, 2025-H2", periods, err)
			}
		})
	}
}

// TestTransparency_ReportCache: a report is counted again once it is older
// than ReportCacheFor, by the desk's clock.
func TestTransparency_ReportCache(t *testing.T) {
	r := newRigOn(t, storetest.SQLitePath(t), func(c *legal.Config) { c.ReportCacheFor = time.Minute })
	r.at(reportT0)
	p := legal.PeriodOf(reportT0)
	count := func() int {
		t.Helper()
		rep, err := r.desk.Report(r.ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return len(rep.Countries)
	}
	if got := count(); got != 0 {
		t.Fatalf("countries before any order: %d", got)
	}
	r.order(legal.OrderInput{TerritorialScope: []string{"PK"}})
	r.advance(59 * time.Second)
	if got := count(); got != 0 {
		t.Errorf("countries 59 s after the report was counted: %d, want the report as counted (0)", got)
	}
	r.advance(time.Second)
	if got := count(); got != 1 {
		t.Errorf("countries a minute after: %d, want 1", got)
	}
}
