package legal

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"

	"agora"
)

// Period is a half-year of the transparency reports, in UTC: January to June
// (H1) or July to December (H2), as transparency reports have always been
// given (legal/FORMATS.md section 3).
type Period struct {
	Year int
	Half int // 1 or 2
}

var periodForm = regexp.MustCompile(`^([0-9]{4})-H([12])$`)

// ParsePeriod reads a period written as "2026-H1". EINVALID for anything else,
// or a year before 2000.
func ParsePeriod(s string) (Period, error) {
	m := periodForm.FindStringSubmatch(s)
	if m == nil {
		return Period{}, agora.Errorf(agora.EINVALID, "period %q is not a half-year: write the year, -H1 (January to June) or -H2 (July to December), as in 2026-H1.", truncate(s, 20))
	}
	y, _ := strconv.Atoi(m[1])
	h, _ := strconv.Atoi(m[2])
	if y < 2000 {
		return Period{}, agora.Errorf(agora.EINVALID, "period %q is before 2000: there are no reports for it.", s)
	}
	return Period{Year: y, Half: h}, nil
}

// PeriodOf returns the half-year that t (in UTC) falls in.
func PeriodOf(t time.Time) Period {
	t = t.UTC()
	if t.Month() <= time.June {
		return Period{Year: t.Year(), Half: 1}
	}
	return Period{Year: t.Year(), Half: 2}
}

// String returns the period as ParsePeriod reads it, "2026-H1".
func (p Period) String() string { return fmt.Sprintf("%04d-H%d", p.Year, p.Half) }

// Start returns the first instant of the period.
func (p Period) Start() time.Time {
	return time.Date(p.Year, time.Month(1+6*(p.Half-1)), 1, 0, 0, 0, 0, time.UTC)
}

// End returns the first instant after the period.
func (p Period) End() time.Time { return p.Start().AddDate(0, 6, 0) }

// Prev returns the half-year before p.
func (p Period) Prev() Period {
	if p.Half == 2 {
		return Period{Year: p.Year, Half: 1}
	}
	return Period{Year: p.Year - 1, Half: 2}
}

// Next returns the half-year after p.
func (p Period) Next() Period {
	if p.Half == 1 {
		return Period{Year: p.Year, Half: 2}
	}
	return Period{Year: p.Year + 1, Half: 1}
}

// Before reports whether p comes before q.
func (p Period) Before(q Period) bool {
	return p.Year < q.Year || (p.Year == q.Year && p.Half < q.Half)
}

// UnknownCountry is the country an order is counted under when it names no
// authority and its territorial scope is not one country: ISO 3166-1's code
// for an unknown country.
const UnknownCountry = "ZZ"

// Count is a count in a report: a number, or, where the operator bands small
// counts, only that it is from 1 to 9, published as "< 10".
type Count struct {
	N     int  // the number; 0 when Small
	Small bool // from 1 to 9, banded
}

// String returns the count as published: the number, or "< 10".
func (c Count) String() string {
	if c.Small {
		return "< 10"
	}
	return strconv.Itoa(c.N)
}

// Report is the transparency report of a half-year: per country, what the
// orders received in it asked and what became of them (docs/TRANSPARENCY.md
// defines every figure). Confidential orders are counted like any other.
type Report struct {
	Period Period
	// Banded is set when counts from 1 to 9 are given only as "< 10".
	Banded bool
	// Complete is set when the period had ended when the report was counted;
	// until then its figures grow. Figures of a past period still change while
	// its orders are reviewed and their decisions appealed.
	Complete  bool
	CountedAt time.Time
	// Countries are the countries with orders in the period, by code.
	Countries []*CountryReport
}

// CountryReport is one country's figures in a report: those of the orders its
// authorities issued in the period (see reportCountry).
type CountryReport struct {
	Country string // ISO 3166-1 alpha-2 code, or UnknownCountry
	// Orders from courts, and from every other authority (ministries, police,
	// regulators, others, and orders that name none).
	OrdersCourt, OrdersOther Count
	// AccountsSpecified counts the accounts the orders name, each once an
	// order.
	AccountsSpecified Count
	// Items the orders name (each once an order) that a decision withheld,
	// lifted since or not, and not removed.
	AccountsWithheld, PostsWithheld, HashtagsWithheld Count
	// Items removed under the platform's own rules on review of an order:
	// accounts suspended, posts deleted.
	AccountsRemoved, PostsRemoved Count
	// NoAction counts the items named on which review ended with nothing
	// withheld or removed: declined, or not found. UnderReview counts those
	// still awaiting a decision.
	NoAction, UnderReview Count
	// ComplianceRate is the share of the orders in which some content was
	// withheld or removed, in percent, to one decimal.
	ComplianceRate float64
	// MedianAcknowledge and MedianEffect are the median times from receipt
	// to acknowledgment, and to the first effect given, of the orders that
	// were acknowledged, or given effect; nil when none was.
	MedianAcknowledge, MedianEffect *time.Duration
	// Appeals by the owners of the items, and those granted.
	AppealsReceived, AppealsGranted Count
}

// tally is a country's figures before they are published: exact counts.
type tally struct {
	ordersCourt, ordersOther                          int
	accountsSpecified                                 int
	accountsWithheld, postsWithheld, hashtagsWithheld int
	accountsRemoved, postsRemoved                     int
	noAction, underReview                             int
	complied                                          int
	acknowledge, effect                               []time.Duration
	appeals, granted                                  int
}

// add counts one order into the tally.
func (t *tally) add(o *agora.ReportOrder) {
	if o.AuthorityKind == agora.AuthorityCourt {
		t.ordersCourt++
	} else {
		t.ordersOther++
	}
	acted := false
	for _, tt := range o.Targets {
		if tt.Resolution == agora.ResolutionDuplicate {
			continue // the item is counted with the target it repeats
		}
		n := tt.Count
		if tt.Kind == agora.SubjectAccount {
			t.accountsSpecified += n
		}
		switch {
		case tt.Removed:
			acted = true
			switch tt.Kind {
			case agora.SubjectAccount:
				t.accountsRemoved += n
			case agora.SubjectStatus:
				t.postsRemoved += n
			}
		case tt.Withheld:
			acted = true
			switch tt.Kind {
			case agora.SubjectAccount:
				t.accountsWithheld += n
			case agora.SubjectStatus:
				t.postsWithheld += n
			case agora.SubjectHashtag:
				t.hashtagsWithheld += n
			}
		case tt.State == agora.TargetDeclined || tt.Resolution == agora.ResolutionUnresolved:
			t.noAction += n
		default:
			t.underReview += n
		}
	}
	if acted {
		t.complied++
	}
	if !o.AcknowledgedAt.IsZero() {
		t.acknowledge = append(t.acknowledge, o.AcknowledgedAt.Sub(o.ReceivedAt))
	}
	if !o.FirstEffectAt.IsZero() {
		t.effect = append(t.effect, o.FirstEffectAt.Sub(o.ReceivedAt))
	}
	t.appeals += o.Appeals[agora.AppealPending] + o.Appeals[agora.AppealApproved] + o.Appeals[agora.AppealRejected]
	t.granted += o.Appeals[agora.AppealApproved]
}

// publish returns the tally's figures for country, with counts from 1 to 9
// banded when banded is set.
func (t *tally) publish(country string, banded bool) *CountryReport {
	c := func(n int) Count {
		if banded && n >= 1 && n <= 9 {
			return Count{Small: true}
		}
		return Count{N: n}
	}
	orders := t.ordersCourt + t.ordersOther
	return &CountryReport{
		Country: country, OrdersCourt: c(t.ordersCourt), OrdersOther: c(t.ordersOther),
		AccountsSpecified: c(t.accountsSpecified), AccountsWithheld: c(t.accountsWithheld),
		PostsWithheld: c(t.postsWithheld), HashtagsWithheld: c(t.hashtagsWithheld),
		AccountsRemoved: c(t.accountsRemoved), PostsRemoved: c(t.postsRemoved),
		NoAction: c(t.noAction), UnderReview: c(t.underReview),
		ComplianceRate:    percent(t.complied, orders),
		MedianAcknowledge: median(t.acknowledge), MedianEffect: median(t.effect),
		AppealsReceived: c(t.appeals), AppealsGranted: c(t.granted),
	}
}

// percent is part of whole in percent, rounded half up to one decimal.
func percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64((part*2000+whole)/(2*whole)) / 10
}

// median returns the median of ds (the mean of the two middle ones for an even
// number), nil for none.
func median(ds []time.Duration) *time.Duration {
	if len(ds) == 0 {
		return nil
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + m) / 2
	}
	return &m
}

// reportCountry is the country an order is counted under: its authority's;
// for an order that names none, the one country of its territorial scope;
// UnknownCountry otherwise.
func reportCountry(o *agora.ReportOrder) string {
	switch {
	case o.AuthorityCountry != "":
		return o.AuthorityCountry
	case len(o.TerritorialScope) == 1 && o.TerritorialScope[0] != agora.AllCountries:
		return o.TerritorialScope[0]
	}
	return UnknownCountry
}

// reportCache keeps each period's report for a while, as counting the targets
// of a busy half-year is not free and the report is public.
type reportCache struct {
	mu      sync.Mutex
	reports map[Period]*Report
}

// Report returns the transparency report of the period, counted at most
// Config.ReportCacheFor ago. EINVALID for a period that has not begun.
func (d *Transparency) Report(ctx context.Context, p Period) (*Report, error) {
	now := d.now().UTC()
	if now.Before(p.Start()) {
		return nil, agora.Errorf(agora.EINVALID, "period %s has not begun: the latest report is that of %s.", p, PeriodOf(now))
	}
	d.cache.mu.Lock()
	r := d.cache.reports[p]
	d.cache.mu.Unlock()
	if r != nil && now.Sub(r.CountedAt) < d.cfg.ReportCacheFor && !now.Before(r.CountedAt) {
		return r, nil
	}
	orders, err := d.store.ReportOrders(ctx, p.Start(), p.End())
	if err != nil {
		return nil, err
	}
	tallies := map[string]*tally{}
	for _, o := range orders {
		c := reportCountry(o)
		if tallies[c] == nil {
			tallies[c] = &tally{}
		}
		tallies[c].add(o)
	}
	r = &Report{Period: p, Banded: d.cfg.BandSmallCounts, Complete: !now.Before(p.End()), CountedAt: now,
		Countries: make([]*CountryReport, 0, len(tallies))}
	for c, t := range tallies {
		r.Countries = append(r.Countries, t.publish(c, r.Banded))
	}
	slices.SortFunc(r.Countries, func(a, b *CountryReport) int {
		switch {
		case a.Country == b.Country:
			return 0
		case a.Country < b.Country:
			return -1
		}
		return 1
	})
	if d.cfg.ReportCacheFor > 0 {
		d.cache.mu.Lock()
		if d.cache.reports == nil {
			d.cache.reports = map[Period]*Report{}
		}
		d.cache.reports[p] = r
		d.cache.mu.Unlock()
	}
	return r, nil
}

// ReportPeriods returns the half-years that have reports, newest first: from
// that of the first order received to the present one (only the present one
// when there are no orders yet).
func (d *Transparency) ReportPeriods(ctx context.Context) ([]Period, error) {
	first, err := d.store.FirstOrderReceived(ctx)
	if err != nil {
		return nil, err
	}
	now := PeriodOf(d.now())
	from := now
	if !first.IsZero() && PeriodOf(first).Before(now) {
		from = PeriodOf(first)
	}
	var out []Period
	for p := now; !p.Before(from); p = p.Prev() {
		out = append(out, p)
	}
	return out, nil
}
