package legal

import (
	"testing"
	"time"

	"agora"
)

func TestParsePeriod(t *testing.T) {
	for _, tt := range []struct {
		in         string
		start, end string // RFC 3339; "" for an error
	}{
		{"2026-H1", "2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z"},
		{"2026-H2", "2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"},
		{"2000-H1", "2000-01-01T00:00:00Z", "2000-07-01T00:00:00Z"},
		{"1999-H2", "", ""},
		{"2026-H3", "", ""},
		{"2026-h1", "", ""},
		{"2026H1", "", ""},
		{"26-H1", "", ""},
		{"2026-H1 ", "", ""},
		{"", "", ""},
		{"2026-Q1", "", ""},
	} {
		p, err := ParsePeriod(tt.in)
		if tt.start == "" {
			if agora.ErrorCode(err) != agora.EINVALID {
				t.Errorf("ParsePeriod(%q) = %v, %v; want EINVALID", tt.in, p, err)
			}
			continue
		}
		if err != nil || p.String() != tt.in || p.Start().Format(time.RFC3339) != tt.start || p.End().Format(time.RFC3339) != tt.end {
			t.Errorf("ParsePeriod(%q) = %v [%v, %v), %v; want [%s, %s)", tt.in, p, p.Start(), p.End(), err, tt.start, tt.end)
		}
	}
	p := Period{2026, 1}
	if p.Prev() != (Period{2025, 2}) || p.Next() != (Period{2026, 2}) || p.Next().Next() != (Period{2027, 1}) || !p.Prev().Before(p) || p.Before(p) {
		t.Errorf("Prev/Next/Before of %v", p)
	}
	if got := PeriodOf(time.Date(2026, 6, 30, 23, 59, 59, 0, time.UTC)); got != p {
		t.Errorf("PeriodOf(30 June) = %v", got)
	}
	if got := PeriodOf(time.Date(2026, 7, 1, 1, 0, 0, 0, time.FixedZone("CEST", 2*3600))); got != p {
		t.Errorf("PeriodOf(1 July, 01:00 CEST, in June in UTC) = %v", got)
	}
}

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		part, whole int
		want        float64
	}{{0, 0, 0}, {0, 3, 0}, {1, 3, 33.3}, {2, 3, 66.7}, {1, 8, 12.5}, {1, 16, 6.3}, {3, 3, 100}, {1, 1000, 0.1}, {1, 2001, 0}} {
		if got := percent(tt.part, tt.whole); got != tt.want {
			t.Errorf("percent(%d, %d) = %v, want %v", tt.part, tt.whole, got, tt.want)
		}
	}
}

func TestMedian(t *testing.T) {
	if median(nil) != nil {
		t.Error("median of none is not nil")
	}
	for _, tt := range []struct {
		in   []time.Duration
		want time.Duration
	}{{[]time.Duration{5}, 5}, {[]time.Duration{9, 1, 5}, 5}, {[]time.Duration{4, 1, 2, 3}, 2}, {[]time.Duration{3, 1}, 2}} {
		if got := median(tt.in); *got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, *got, tt.want)
		}
	}
}

// TestTally_Publish: banding makes 1 to 9 "< 10" and leaves 0 and 10 exact.
func TestTally_Publish(t *testing.T) {
	tl := &tally{ordersCourt: 0, ordersOther: 1, accountsSpecified: 9, accountsWithheld: 10, complied: 1}
	c := tl.publish("IN", true)
	if c.OrdersCourt != (Count{}) || c.OrdersOther != (Count{Small: true}) || c.AccountsSpecified != (Count{Small: true}) ||
		c.AccountsWithheld != (Count{N: 10}) || c.ComplianceRate != 100 {
		t.Errorf("banded: %+v", c)
	}
	if s := c.OrdersOther.String() + "|" + c.AccountsWithheld.String() + "|" + c.OrdersCourt.String(); s != "< 10|10|0" {
		t.Errorf("as published: %s", s)
	}
	c = tl.publish("IN", false)
	if c.OrdersOther != (Count{N: 1}) || c.AccountsSpecified != (Count{N: 9}) {
		t.Errorf("exact: %+v", c)
	}
}
