package transparencyapi

import (
	"bytes"
	"encoding/csv"
	"math"
	"net/http"
	"strconv"
	"time"

	"agora/internal/httpx"
	"agora/legal"
	"agora/transparencyapi/wire"
)

// period reads the ?period= parameter ("2026-H1"); without one, the present
// half-year. EINVALID (400) naming the form for anything else.
func (a *API) period(r *http.Request) (legal.Period, error) {
	s := r.URL.Query().Get("period")
	if s == "" && !r.URL.Query().Has("period") {
		return legal.PeriodOf(a.desk.Now()), nil
	}
	return legal.ParsePeriod(s)
}

// report reads the report the request asks for, in its wire shape.
func (a *API) report(r *http.Request) (*wire.Report, error) {
	p, err := a.period(r)
	if err != nil {
		return nil, err
	}
	rep, err := a.desk.Report(r.Context(), p)
	if err != nil {
		return nil, err
	}
	return wireReport(rep), nil
}

// wireReport converts the report to its wire shape, which the JSON, the CSV
// and the page all show.
func wireReport(rep *legal.Report) *wire.Report {
	out := &wire.Report{Period: rep.Period.String(), Start: rep.Period.Start(), End: rep.Period.End(),
		Complete: rep.Complete, SmallCounts: "exact", CountedAt: rep.CountedAt.UTC().Truncate(time.Second),
		Countries: make([]*wire.CountryFigures, 0, len(rep.Countries))}
	if rep.Banded {
		out.SmallCounts = "banded"
	}
	c := func(n legal.Count) wire.Count { return wire.Count{N: n.N, Small: n.Small} }
	secs := func(d *time.Duration) *int64 {
		if d == nil {
			return nil
		}
		s := int64(math.Round(d.Seconds()))
		return &s
	}
	for _, f := range rep.Countries {
		out.Countries = append(out.Countries, &wire.CountryFigures{
			Country: f.Country, CountryName: countryName(f.Country),
			OrdersCourt: c(f.OrdersCourt), OrdersOther: c(f.OrdersOther), AccountsSpecified: c(f.AccountsSpecified),
			AccountsWithheld: c(f.AccountsWithheld), PostsWithheld: c(f.PostsWithheld), HashtagsWithheld: c(f.HashtagsWithheld),
			AccountsRemoved: c(f.AccountsRemoved), PostsRemoved: c(f.PostsRemoved), NoAction: c(f.NoAction),
			UnderReview: c(f.UnderReview), ComplianceRate: f.ComplianceRate,
			MedianAcknowledgeSeconds: secs(f.MedianAcknowledge), MedianEffectSeconds: secs(f.MedianEffect),
			AppealsReceived: c(f.AppealsReceived), AppealsGranted: c(f.AppealsGranted),
		})
	}
	return out
}

// reportJSON serves GET /api/v1/transparency/reports?period=2026-H1.
func (a *API) reportJSON(w http.ResponseWriter, r *http.Request) error {
	rep, err := a.report(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	httpx.WriteJSON(w, http.StatusOK, rep)
	return nil
}

// reportCSV serves GET /api/v1/transparency/reports.csv?period=2026-H1: the
// same figures as the JSON, one row per country under a header row of the
// JSON's keys (wire.CSVHeader), as a file named after the period.
func (a *API) reportCSV(w http.ResponseWriter, r *http.Request) error {
	rep, err := a.report(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(wire.CSVHeader)
	for _, c := range rep.Countries {
		_ = cw.Write(c.CSVRow(rep.Period))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8; header=present")
	w.Header().Set("Content-Disposition", `attachment; filename="transparency-`+rep.Period+`.csv"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, _ = w.Write(buf.Bytes())
	return nil
}
