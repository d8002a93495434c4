package app

import (
	"testing"
	"time"

	"agora/legal"
)

func TestParseDeadlines(t *testing.T) {
	got, err := ParseDeadlines("IN=3h/3h, *=24h/72h ,de=1h/168h")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]legal.Deadlines{
		"IN": {Acknowledge: 3 * time.Hour, Decide: 3 * time.Hour},
		"*":  {Acknowledge: 24 * time.Hour, Decide: 72 * time.Hour},
		"DE": {Acknowledge: time.Hour, Decide: 168 * time.Hour},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	for _, bad := range []string{"IN", "IN=3h", "ZZ=1h/1h", "IN=-1h/1h", "IN=1h/soon", "IN=0s/1h"} {
		if _, err := ParseDeadlines(bad); err == nil {
			t.Errorf("ParseDeadlines(%q) succeeded", bad)
		}
	}
}

func TestConfig_LegalConfig(t *testing.T) {
	c := Defaults()
	c.EmergencyAutoLift, c.MaxOrderTargets = "on", "1178"
	c.InstanceTitle, c.BaseURL = "Agora Social", "https://social.example"
	lc := c.LegalConfig()
	if !lc.AutoLift || lc.MaxTargets != 1178 || lc.EmergencyConfirmWithin != 48*time.Hour || lc.AppealWithin != 72*time.Hour || lc.Deadlines["IN"].Decide != 3*time.Hour ||
		lc.Platform != "Agora Social" || lc.BaseURL != "https://social.example" || lc.ExportDelay != time.Minute {
		t.Errorf("LegalConfig = %+v", lc)
	}
}
