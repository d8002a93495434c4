package transparencyapi

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"agora/legal"
	"agora/transparencyapi/wire"
)

// reportView is the page /transparency: the report of one half-year.
type reportView struct {
	layout
	Period    string // "2026-H1"
	Label     string // "January to June 2026"
	Complete  bool
	CountedAt string
	Banded    bool
	Periods   []periodOption
	Prev      *periodOption // the half-year before, when it has a report
	Next      *periodOption // the half-year after, when it has one
	JSONURL   string
	CSVURL    string
	Charts    []*svgChart
	Countries []*countryView
}

// periodOption is a half-year the reader may choose.
type periodOption struct {
	Code, Label string
	Selected    bool
}

// countryView is one country's table.
type countryView struct {
	ID, Name, Caption string
	Rows              []labelled
}

// periodLabel writes the half-year in words: "January to June 2026".
func periodLabel(p legal.Period) string {
	if p.Half == 1 {
		return fmt.Sprintf("January to June %d", p.Year)
	}
	return fmt.Sprintf("July to December %d", p.Year)
}

// reportPage serves GET /transparency?period=2026-H1 (the present half-year
// without one): the report as tables per country and charts drawn as inline
// SVG, readable without JavaScript; 400 for a malformed period or one not
// begun.
func (a *API) reportPage(w http.ResponseWriter, r *http.Request) error {
	p, err := a.period(r)
	if err != nil {
		return err
	}
	rep, err := a.desk.Report(r.Context(), p)
	if err != nil {
		return err
	}
	periods, err := a.desk.ReportPeriods(r.Context())
	if err != nil {
		return err
	}
	wr := wireReport(rep)
	v := &reportView{
		Period: wr.Period, Label: periodLabel(p), Complete: wr.Complete, Banded: wr.SmallCounts == "banded",
		CountedAt: formatDate(wr.CountedAt),
		JSONURL:   "/api/v1/transparency/reports?period=" + wr.Period,
		CSVURL:    "/api/v1/transparency/reports.csv?period=" + wr.Period,
	}
	v.Title = "Transparency report, " + v.Label
	listed := false
	for _, q := range periods {
		o := periodOption{Code: q.String(), Label: periodLabel(q), Selected: q == p}
		listed = listed || o.Selected
		v.Periods = append(v.Periods, o)
		switch q {
		case p.Prev():
			v.Prev = &o
		case p.Next():
			v.Next = &o
		}
	}
	if !listed { // a half-year before the first order
		v.Periods = append(v.Periods, periodOption{Code: v.Period, Label: v.Label, Selected: true})
	}
	for _, c := range wr.Countries {
		v.Countries = append(v.Countries, countryTable(c, v.Label))
	}
	if len(wr.Countries) > 0 {
		for _, c := range reportCharts(wr, v.Label) {
			v.Charts = append(v.Charts, c.layout())
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return a.render(w, http.StatusOK, "report", v)
}

// countryTable is the country's figures as rows of a table.
func countryTable(c *wire.CountryFigures, period string) *countryView {
	count := func(label string, n wire.Count) labelled {
		return labelled{Label: label, Value: n.String(), Class: "num"}
	}
	median := func(label string, s *int64, none string) labelled {
		if s == nil {
			return labelled{Label: label, Value: none, Class: "num"}
		}
		return labelled{Label: label, Value: humanDuration(time.Duration(*s) * time.Second), Class: "num"}
	}
	return &countryView{ID: "country-" + c.Country, Name: c.CountryName, Caption: c.CountryName + ", " + period,
		Rows: []labelled{
			count("Orders from courts", c.OrdersCourt),
			count("Orders from other authorities (government, police, regulators and others)", c.OrdersOther),
			count("Accounts specified", c.AccountsSpecified),
			count("Accounts withheld", c.AccountsWithheld),
			count("Posts withheld", c.PostsWithheld),
			count("Hashtags withheld", c.HashtagsWithheld),
			count("Accounts removed under the platform's own rules", c.AccountsRemoved),
			count("Posts removed under the platform's own rules", c.PostsRemoved),
			count("Items with no action (declined, or not found)", c.NoAction),
			count("Items under review", c.UnderReview),
			{Label: "Compliance rate (orders in which some content was withheld or removed)", Value: rate(c.ComplianceRate), Class: "num"},
			median("Median time to acknowledge an order", c.MedianAcknowledgeSeconds, "none acknowledged"),
			median("Median time to give effect to an order", c.MedianEffectSeconds, "none given effect"),
			count("Appeals by owners received", c.AppealsReceived),
			count("Appeals granted", c.AppealsGranted),
		}}
}

// reportCharts are the page's charts: the orders by kind of authority, the
// compliance rate, and the median times, per country.
func reportCharts(r *wire.Report, period string) []*barChart {
	count := func(c wire.Count) chartValue { return chartValue{V: float64(c.N), Banded: c.Small, Text: c.String()} }
	hours := func(s *int64) chartValue {
		if s == nil {
			return chartValue{Text: "none"}
		}
		d := time.Duration(*s) * time.Second
		return chartValue{V: d.Hours(), Text: humanDuration(d)}
	}
	orders := &barChart{ID: "chart-orders", Title: "Orders received, " + period, Series: []string{"From courts", "From other authorities"}}
	rates := &barChart{ID: "chart-compliance", Title: "Compliance rate, " + period, Series: []string{"Orders in which some content was withheld or removed (%)"}, Max: 100}
	times := &barChart{ID: "chart-times", Title: "Median times, " + period, Series: []string{"To acknowledge (hours)", "To give effect (hours)"}}
	var ordersDesc, ratesDesc, timesDesc string
	for i, c := range r.Countries {
		sep := "; "
		if i == 0 {
			sep = ""
		}
		orders.Rows = append(orders.Rows, chartRow{Label: c.CountryName, Values: []chartValue{count(c.OrdersCourt), count(c.OrdersOther)}})
		ordersDesc += fmt.Sprintf("%s%s: %s from courts, %s from other authorities", sep, c.CountryName, c.OrdersCourt, c.OrdersOther)
		rates.Rows = append(rates.Rows, chartRow{Label: c.CountryName, Values: []chartValue{{V: c.ComplianceRate, Text: rate(c.ComplianceRate)}}})
		ratesDesc += fmt.Sprintf("%s%s: %s", sep, c.CountryName, rate(c.ComplianceRate))
		ack, eff := hours(c.MedianAcknowledgeSeconds), hours(c.MedianEffectSeconds)
		times.Rows = append(times.Rows, chartRow{Label: c.CountryName, Values: []chartValue{ack, eff}})
		timesDesc += fmt.Sprintf("%s%s: %s to acknowledge, %s to give effect", sep, c.CountryName, ack.Text, eff.Text)
	}
	orders.Desc = "Orders received by country. " + ordersDesc + "."
	rates.Desc = "Share of orders in which some content was withheld or removed, by country. " + ratesDesc + "."
	times.Desc = "Median time from receipt to acknowledgment and to the first effect given, by country. " + timesDesc + "."
	return []*barChart{orders, rates, times}
}

// rate writes a compliance rate: "66.7%".
func rate(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" }

// humanDuration writes a duration as a reader takes it in: "45 s", "20 min",
// "3 h 5 min", "2 d 4 h".
func humanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		h, m := int(d.Hours()), int(d.Minutes())%60
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	}
	days, h := int(d.Hours())/24, int(d.Hours())%24
	if h == 0 {
		return fmt.Sprintf("%d d", days)
	}
	return fmt.Sprintf("%d d %d h", days, h)
}
