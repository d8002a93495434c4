package legal

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// This file is what `agora bench legal` measured and how it prints it.

// Result is what one run measured; --json prints it as one object.
type Result struct {
	Scenario          string   `json:"scenario"` // "legal"
	Target            string   `json:"target"`
	Country           string   `json:"country"`
	Targets           int      `json:"targets"`
	Resolved          int      `json:"resolved"`
	Unresolved        int      `json:"unresolved"`
	AlreadyWithheld   int      `json:"already_withheld"`
	SetupMS           float64  `json:"setup_ms"`     // registering the accounts (--setup), else 0
	AuthorityMS       float64  `json:"authority_ms"` // POST /api/v1/legal/authorities, once
	RecordMS          float64  `json:"record_ms"`
	DecideMS          float64  `json:"decide_ms"`
	Applied           int      `json:"applied"`
	RulesCreated      int      `json:"rules_created"`
	EnforcedMS        float64  `json:"enforced_ms"`
	DecidedEnforcedMS float64  `json:"decided_enforced_ms"` // decide_ms + enforced_ms
	Polls             int      `json:"polls"`               // rounds of checks until all refused
	Surfaces          []string `json:"surfaces"`            // the surfaces checked
	LiftMS            float64  `json:"lift_ms,omitempty"`   // lifting the rules again (--lift)
}

// WriteJSON writes the result as one JSON object on a line, as --json prints it.
func (r *Result) WriteJSON(w io.Writer) error {
	return json.NewEncoder(w).Encode(r)
}

// WriteTable writes the result for a person.
func (r *Result) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "agora bench legal: an order of %d account targets against %s, withheld in %s\n\n", r.Targets, r.Target, r.Country)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(what string, ms float64, note string) { fmt.Fprintf(tw, "%s\t%10.1f\t%s\n", what, ms, note) }
	fmt.Fprintf(tw, "step\t%10s\t\n", "ms")
	if r.SetupMS > 0 {
		row("setup: register the accounts", r.SetupMS, "")
	}
	row("record the authority", r.AuthorityMS, "")
	row("record and resolve the order (record_ms)", r.RecordMS,
		fmt.Sprintf("%d resolved, %d unresolved, %d already withheld", r.Resolved, r.Unresolved, r.AlreadyWithheld))
	row("bulk decision (decide_ms)", r.DecideMS, fmt.Sprintf("%d applied, %d rules", r.Applied, r.RulesCreated))
	row("then enforced on every surface (enforced_ms)", r.EnforcedMS, fmt.Sprintf("%d surfaces, %d rounds of checks", len(r.Surfaces), r.Polls))
	row("decided and enforced", r.DecidedEnforcedMS, "")
	if r.LiftMS > 0 {
		row("lift again", r.LiftMS, "")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nsurfaces checked for a viewer in %s:\n", r.Country)
	for _, s := range r.Surfaces {
		fmt.Fprintf(w, "  %s\n", s)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
