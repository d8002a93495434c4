package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"text/tabwriter"
	"time"
)

// Result is what one scenario (or the ceiling) measured. Its JSON form is one
// line of `agora bench --json`.
type Result struct {
	Scenario string `json:"scenario"`
	Target   string `json:"target"`
	// Requests counts every request that finished, answered or failed.
	Requests int64 `json:"requests"`
	// Errors counts transport failures and answers outside 2xx.
	Errors int64 `json:"errors"`
	// DurationS is the time from the first request until the last one finished.
	DurationS float64 `json:"duration_s"`
	// RPS is successful requests per second: (Requests-Errors)/DurationS.
	RPS float64 `json:"rps"`
	// Latency percentiles and maximum over every request, in milliseconds.
	P50Ms float64 `json:"p50_ms"`
	P90Ms float64 `json:"p90_ms"`
	P99Ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
	// RSSBytes is the server's resident memory after the scenario, from its
	// /metrics; null when the server does not expose it (and for the ceiling).
	RSSBytes *int64 `json:"rss_bytes"`
	// CeilingRatio is RPS divided by the ceiling's, when the ceiling ran first.
	CeilingRatio *float64 `json:"ceiling_ratio,omitempty"`
	Connections  int      `json:"connections"`
	// Rate is the requested rate of an open-loop run; absent for a closed loop.
	Rate float64 `json:"rate,omitempty"`
	// FirstError describes the first failed request, if any.
	FirstError string `json:"first_error,omitempty"`
	// Visibility is what the visibility probe measured during a scenario that
	// posts; nil, and absent from the JSON, when no probe ran. Its visible_*
	// fields are inlined in the JSON object.
	*Visibility
}

// newResult summarizes a tally.
func newResult(name, target string, load Load, t *tally, elapsed time.Duration) Result {
	r := Result{
		Scenario: name, Target: target, Requests: t.requests, Errors: t.errors,
		DurationS: round(elapsed.Seconds(), 3), Connections: load.Connections, Rate: load.Rate,
		P50Ms: ms(t.hist.Quantile(0.50)), P90Ms: ms(t.hist.Quantile(0.90)),
		P99Ms: ms(t.hist.Quantile(0.99)), MaxMs: ms(t.hist.Max()),
	}
	if elapsed > 0 {
		r.RPS = round(float64(t.requests-t.errors)/elapsed.Seconds(), 1)
	}
	if t.firstErr != nil {
		r.FirstError = t.firstErr.Error()
	}
	return r
}

// ms returns d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// WriteJSON writes one JSON object per result, one per line.
func WriteJSON(w io.Writer, results []Result) error {
	enc := json.NewEncoder(w)
	for _, r := range results {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// WriteTable writes the results as an aligned table for people: latencies in
// milliseconds, resident memory in MiB, and the ratio to the ceiling when known;
// then, if any scenario ran the visibility probe, a second table of how long its
// posts took to show in a follower's home timeline.
func WriteTable(w io.Writer, results []Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\trequests\trps\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors\trss MiB\tof ceiling\t")
	for _, r := range results {
		rss, ratio := "-", "-"
		if r.RSSBytes != nil {
			rss = fmt.Sprintf("%.0f", float64(*r.RSSBytes)/(1<<20))
		}
		if r.CeilingRatio != nil {
			ratio = fmt.Sprintf("%.1f%%", *r.CeilingRatio*100)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%s\t%s\t\n",
			r.Scenario, r.Requests, r.RPS, r.P50Ms, r.P90Ms, r.P99Ms, r.MaxMs, r.Errors, rss, ratio)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeVisibilityTable(w, results)
}

// writeVisibilityTable writes the visibility probes' results of the scenarios
// that have them, after a blank line; nothing when none has.
func writeVisibilityTable(w io.Writer, results []Result) error {
	if !slices.ContainsFunc(results, func(r Result) bool { return r.Visibility != nil }) {
		return nil
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "visible to a follower\tprobes\tp50 ms\tp99 ms\tmax ms\tfailures\t")
	for _, r := range results {
		if v := r.Visibility; v != nil {
			fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%d\t\n",
				r.Scenario, v.VisibleProbes, v.VisibleP50Ms, v.VisibleP99Ms, v.VisibleMaxMs, v.VisibleFailures)
		}
	}
	return tw.Flush()
}
