package app

import (
	"context"
	"fmt"
	"strings"

	"agora/internal/ratelimit"
	"agora/server"
)

// ParseRateLimits reads rate_limits: "off", or a comma-separated list of
// name=N/duration or name=off for the names api, accounts and media (see
// server.RateLimits); a name not listed keeps its default. It returns nil for
// "off".
func ParseRateLimits(s string) (*server.RateLimits, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return nil, nil
	}
	limits := server.DefaultRateLimits
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not name=N/duration, such as api=300/5m", part)
		}
		var r *ratelimit.Rule
		switch strings.TrimSpace(name) {
		case "api":
			r = &limits.API
		case "accounts":
			r = &limits.Accounts
		case "media":
			r = &limits.Media
		default:
			return nil, fmt.Errorf("%q: the names are api, accounts and media", part)
		}
		if strings.TrimSpace(value) == "off" {
			*r = ratelimit.Rule{}
			continue
		}
		rule, err := ratelimit.ParseRule(value)
		if err != nil {
			return nil, err
		}
		*r = rule
	}
	return &limits, nil
}

func checkRateLimits(c *Config) string {
	if _, err := ParseRateLimits(c.RateLimits); err != nil {
		return err.Error()
	}
	return ""
}

// rateLimiter returns the limiter of m's rate_limits, nil when off. A token
// counts as itself when it is an account's or app's token, or an authority's.
func (m *Main) rateLimiter() *server.RateLimiter {
	limits, err := ParseRateLimits(m.Config.RateLimits)
	if err != nil || limits == nil {
		return nil // Validate has refused an invalid value
	}
	valid := func(ctx context.Context, token string) bool {
		if _, err := m.Service.Authenticate(ctx, token); err == nil {
			return true
		}
		_, err := m.Desk.AuthenticateAuthority(ctx, token)
		return err == nil
	}
	return server.NewRateLimiter(*limits, valid, nil)
}
