package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"agora/internal/country"
	"agora/legal"
	"agora/webhook"
)

// LegalConfig returns the legal desk's settings from c, which Validate has checked.
func (c Config) LegalConfig() legal.Config {
	dl, _ := ParseDeadlines(c.LegalDeadlines)
	n, _ := strconv.Atoi(c.MaxOrderTargets)
	return legal.Config{
		Deadlines:              dl,
		EmergencyConfirmWithin: c.EmergencyConfirmWithin,
		AppealWithin:           c.AppealWithin,
		AutoLift:               c.EmergencyAutoLift == "on",
		MaxTargets:             n,
		Webhooks:               webhook.Policy{AllowPrivate: c.WebhookAllowPrivate == "on"},
		Platform:               c.InstanceTitle,
		BaseURL:                c.PublicURL(),
		ExportDelay:            c.DSAExportDelay,
		BandSmallCounts:        c.ReportSmallCounts == "banded",
		ReportCacheFor:         ReportCacheFor,
	}
}

// ReportCacheFor is how long a transparency report is served as counted before
// it is counted again: the reports are public, and counting the targets of a
// busy half-year is not free.
const ReportCacheFor = time.Minute

// ParseDeadlines reads "IN=3h/3h,*=24h/72h": per country (or * for any other),
// the time to acknowledge and the time to decide, in Go duration syntax.
func ParseDeadlines(s string) (map[string]legal.Deadlines, error) {
	out := map[string]legal.Deadlines{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code, times, ok := strings.Cut(part, "=")
		ack, decide, ok2 := strings.Cut(times, "/")
		code = strings.ToUpper(strings.TrimSpace(code))
		if !ok || !ok2 || (code != "*" && !country.Valid(code)) {
			return nil, fmt.Errorf("%q is not COUNTRY=ACK/DECIDE, e.g. IN=3h/3h or *=24h/72h", part)
		}
		a, err1 := time.ParseDuration(strings.TrimSpace(ack))
		d, err2 := time.ParseDuration(strings.TrimSpace(decide))
		if err1 != nil || err2 != nil || a <= 0 || d <= 0 {
			return nil, fmt.Errorf("%q: the deadlines must be positive durations such as 3h", part)
		}
		out[code] = legal.Deadlines{Acknowledge: a, Decide: d}
	}
	return out, nil
}

func checkLegalDeadlines(c *Config) string {
	if _, err := ParseDeadlines(c.LegalDeadlines); err != nil {
		return err.Error()
	}
	return ""
}

func checkEmergencyConfirm(c *Config) string {
	if c.EmergencyConfirmWithin <= 0 {
		return "must be a positive duration such as 48h"
	}
	return ""
}

func checkAppealWithin(c *Config) string {
	if c.AppealWithin <= 0 {
		return "must be a positive duration such as 72h"
	}
	return ""
}

func checkDSAExportDelay(c *Config) string {
	if c.DSAExportDelay < 0 || c.DSAExportDelay > 24*time.Hour {
		return "must be a duration from 0s to 24h, such as 1m"
	}
	return ""
}

func checkMaxOrderTargets(c *Config) string {
	n, err := strconv.Atoi(c.MaxOrderTargets)
	if err != nil || n < 1 || n > 10_000_000 {
		return "must be a whole number from 1 to 10000000"
	}
	return ""
}
