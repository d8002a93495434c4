package app

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"agora/internal/ratelimit"
	"agora/server"
)

func TestParseRateLimits(t *testing.T) {
	def := server.DefaultRateLimits
	for _, tc := range []struct {
		in   string
		want *server.RateLimits
	}{
		{"off", nil},
		{Defaults().RateLimits, &def},
		{"", &def},
		{"api=10/1m", &server.RateLimits{API: ratelimit.Rule{N: 10, Period: time.Minute}, Accounts: def.Accounts, Media: def.Media}},
		{"media=off, accounts=1/1h", &server.RateLimits{API: def.API, Accounts: ratelimit.Rule{N: 1, Period: time.Hour}}},
	} {
		got, err := ParseRateLimits(tc.in)
		if err != nil {
			t.Errorf("ParseRateLimits(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseRateLimits(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
	for _, bad := range []string{"on", "api", "api=0/5m", "api=10/0s", "api=10", "posts=1/1m", "api=x/5m"} {
		if _, err := ParseRateLimits(bad); err == nil {
			t.Errorf("ParseRateLimits(%q) = nil error", bad)
		}
	}
}
