// Package wire holds the JSON shapes of the transparency API (reports and the
// public notices of orders), written once for the server (transparencyapi)
// and its client. Standard library only.
package wire

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// SmallBand is how a count from 1 to 9 is published where the operator bands
// small counts.
const SmallBand = "< 10"

// Count is a count of a report: a JSON number, or the string "< 10" when the
// operator bands counts from 1 to 9 (report_small_counts = banded).
type Count struct {
	N     int  // the number; 0 when Small
	Small bool // from 1 to 9, published as "< 10"
}

// String returns the count as the CSV gives it: the number, or "< 10".
func (c Count) String() string {
	if c.Small {
		return SmallBand
	}
	return strconv.Itoa(c.N)
}

// MarshalJSON writes the number, or "< 10".
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Small {
		return []byte(`"` + SmallBand + `"`), nil
	}
	return []byte(strconv.Itoa(c.N)), nil
}

// UnmarshalJSON reads a number or "< 10".
func (c *Count) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) > 0 && b[0] == '"' && json.Unmarshal(b, &s) == nil && s == SmallBand {
		*c = Count{Small: true}
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a count is a number or %q: %s", SmallBand, b)
	}
	*c = Count{N: n}
	return nil
}

// Report is GET /api/v1/transparency/reports: the transparency report of one
// half-year, one entry per country with orders in it (docs/TRANSPARENCY.md).
type Report struct {
	Period   string    `json:"period"` // "2026-H1"
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"` // the first instant after the period
	Complete bool      `json:"complete"`
	// SmallCounts is "exact", or "banded" when counts from 1 to 9 are "< 10".
	SmallCounts string            `json:"small_counts"`
	CountedAt   time.Time         `json:"counted_at"`
	Countries   []*CountryFigures `json:"countries"`
}

// CountryFigures is one country's figures of a report. The CSV has one row
// per country with these keys as its header, after "period".
type CountryFigures struct {
	Country           string  `json:"country"` // ISO 3166-1 alpha-2; ZZ for unknown
	CountryName       string  `json:"country_name"`
	OrdersCourt       Count   `json:"orders_court"`
	OrdersOther       Count   `json:"orders_other"`
	AccountsSpecified Count   `json:"accounts_specified"`
	AccountsWithheld  Count   `json:"accounts_withheld"`
	PostsWithheld     Count   `json:"posts_withheld"`
	HashtagsWithheld  Count   `json:"hashtags_withheld"`
	AccountsRemoved   Count   `json:"accounts_removed"`
	PostsRemoved      Count   `json:"posts_removed"`
	NoAction          Count   `json:"no_action"`
	UnderReview       Count   `json:"under_review"`
	ComplianceRate    float64 `json:"compliance_rate"` // percent, one decimal
	// The medians in whole seconds; null when no order was acknowledged, or
	// given effect.
	MedianAcknowledgeSeconds *int64 `json:"median_acknowledge_seconds"`
	MedianEffectSeconds      *int64 `json:"median_effect_seconds"`
	AppealsReceived          Count  `json:"appeals_received"`
	AppealsGranted           Count  `json:"appeals_granted"`
}

// CSVHeader is the header row of the report as CSV (reports.csv).
var CSVHeader = []string{"period", "country", "country_name", "orders_court", "orders_other",
	"accounts_specified", "accounts_withheld", "posts_withheld", "hashtags_withheld",
	"accounts_removed", "posts_removed", "no_action", "under_review", "compliance_rate",
	"median_acknowledge_seconds", "median_effect_seconds", "appeals_received", "appeals_granted"}

// CSVRow is the country's row of the report of the period as CSV, in the
// order of CSVHeader: counts as numbers or "< 10", the rate as JSON writes it,
// a median that is null as an empty cell.
func (c *CountryFigures) CSVRow(period string) []string {
	secs := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	return []string{period, c.Country, c.CountryName, c.OrdersCourt.String(), c.OrdersOther.String(),
		c.AccountsSpecified.String(), c.AccountsWithheld.String(), c.PostsWithheld.String(), c.HashtagsWithheld.String(),
		c.AccountsRemoved.String(), c.PostsRemoved.String(), c.NoAction.String(), c.UnderReview.String(),
		strconv.FormatFloat(c.ComplianceRate, 'f', -1, 64),
		secs(c.MedianAcknowledgeSeconds), secs(c.MedianEffectSeconds), c.AppealsReceived.String(), c.AppealsGranted.String()}
}

// Notice is GET /api/v1/transparency/notices/{id}: the public notice of an
// order that may be published. It names the items withheld under the order
// and counts the rest; it never names staff, notes, or the statement of
// reasons.
type Notice struct {
	ID                string     `json:"id"`  // the order's
	URL               string     `json:"url"` // the notice's page
	Number            string     `json:"number"`
	Reference         string     `json:"reference"` // the authority's own
	Authority         *Authority `json:"authority"` // null when the order names none
	LegalBasis        string     `json:"legal_basis"`
	TerritorialScope  []string   `json:"territorial_scope"`
	Emergency         bool       `json:"emergency"`
	ConfidentialUntil *time.Time `json:"confidential_until"` // null unless the order was confidential
	ReceivedAt        time.Time  `json:"received_at"`
	AcknowledgedAt    *time.Time `json:"acknowledged_at"`
	FirstEffectAt     *time.Time `json:"first_effect_at"`
	ConfirmedAt       *time.Time `json:"confirmed_at"`
	RevokedAt         *time.Time `json:"revoked_at"`
	AnsweredAt        *time.Time `json:"answered_at"`
	ClosedAt          *time.Time `json:"closed_at"`
	// Named counts the items the order names, each once; NotFound those not
	// found on the platform.
	Named    int            `json:"named"`
	NotFound int            `json:"not_found"`
	Targets  []*NoticeGroup `json:"targets"`
	Appeals  NoticeAppeals  `json:"appeals"`
}

// Authority is the authority that issued an order.
type Authority struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"` // ministry, court, police, regulator, other
	Country string `json:"country"`
}

// NoticeGroup is what became of the items of one kind an order names.
type NoticeGroup struct {
	Kind        string        `json:"kind"` // account, status or hashtag
	Named       int           `json:"named"`
	Withheld    []*NoticeItem `json:"withheld"`
	Removed     int           `json:"removed"`
	Declined    []*Declined   `json:"declined"`
	UnderReview int           `json:"under_review"`
}

// NoticeItem is an item withheld under the order.
type NoticeItem struct {
	Name         string         `json:"name"` // "@alice", "#tag", a post's address
	URL          *string        `json:"url"`  // null for a post deleted since
	Withholdings []*Withholding `json:"withholdings"`
}

// Withholding is one rule of the order on an item; its entry in the
// transparency log names the same rule.
type Withholding struct {
	Rule      string     `json:"rule"`
	Countries []string   `json:"countries"`
	Reason    string     `json:"reason"` // legal_demand, local_law, copyright
	Since     time.Time  `json:"since"`
	LiftedAt  *time.Time `json:"lifted_at"`
}

// Declined counts the items declined for one reason.
type Declined struct {
	ReasonCode  string `json:"reason_code"`
	Explanation string `json:"explanation"`
	Count       int    `json:"count"`
}

// NoticeAppeals counts the owners' appeals against the order's decisions.
type NoticeAppeals struct {
	Received int `json:"received"`
	Granted  int `json:"granted"`
}
