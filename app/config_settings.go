package app

import (
	"errors"
	"strings"
	"time"
)

// This file is the table of configuration keys: each key's names, field,
// help text and check.

// setting describes one configuration key: its names, how to read and write it
// on a Config, and the rule Validate applies to it.
type setting struct {
	key    string               // file key; the flag and env names derive from it
	usage  string               // flag help text
	secret bool                 // masked in Dump and error messages; readable from AGORA_<KEY>_FILE
	field  func(*Config) any    // *string or *time.Duration
	check  func(*Config) string // the problem with the value, or "" if it is fine; may be nil
}

func (s *setting) flagName() string { return strings.ReplaceAll(s.key, "_", "-") }
func (s *setting) envName() string  { return "AGORA_" + strings.ToUpper(s.key) }

// get returns the value in file syntax (durations in Go syntax).
func (s *setting) get(c *Config) string {
	switch p := s.field(c).(type) {
	case *string:
		return *p
	case *time.Duration:
		return p.String()
	}
	panic("app: unsupported setting type for " + s.key)
}

// set parses v into the field; the error text is a problem description to be
// prefixed with the key and source.
func (s *setting) set(c *Config, v string) error {
	switch p := s.field(c).(type) {
	case *string:
		*p = v
	case *time.Duration:
		d, err := time.ParseDuration(v)
		if err != nil {
			return errors.New("not a duration; use Go syntax such as 10s or 1m30s")
		}
		*p = d
	default:
		panic("app: unsupported setting type for " + s.key)
	}
	return nil
}

// shown is the value as it may appear in output: secrets masked.
func (s *setting) shown(c *Config) string {
	v := s.get(c)
	if s.secret {
		return maskSecret(v)
	}
	return v
}

// settings lists every key in Dump order. It is fixed at build time.
var settings = []setting{
	{key: "addr", usage: "listen `address`, host:port",
		field: func(c *Config) any { return &c.Addr }, check: checkAddr},
	{key: "db", usage: "SQLite file `path` or postgres:// URL", secret: true,
		field: func(c *Config) any { return &c.DB }, check: checkDB},
	{key: "base_url", usage: "public `URL`, e.g. https://social.example (default http:// + listen address)",
		field: func(c *Config) any { return &c.BaseURL }, check: checkBaseURL},
	{key: "registrations", usage: "sign-up `policy`: open or closed",
		field: func(c *Config) any { return &c.Registrations },
		check: oneOf(func(c *Config) string { return c.Registrations }, "open", "closed")},
	{key: "title", usage: "instance `title`",
		field: func(c *Config) any { return &c.InstanceTitle }},
	{key: "contact_email", usage: "contact e-mail `address` of the admin",
		field: func(c *Config) any { return &c.ContactEmail }, check: checkContactEmail},
	{key: "redis", usage: "Redis `URL` for shared feeds (default none)", secret: true,
		field: func(c *Config) any { return &c.RedisURL }, check: checkRedis},
	{key: "log_level", usage: "log `level`: debug, info, warn or error",
		field: func(c *Config) any { return &c.LogLevel },
		check: oneOf(func(c *Config) string { return c.LogLevel }, "debug", "info", "warn", "error")},
	{key: "log_format", usage: "log `format`: text or json",
		field: func(c *Config) any { return &c.LogFormat },
		check: oneOf(func(c *Config) string { return c.LogFormat }, "text", "json")},
	{key: "shutdown_timeout", usage: "longest `duration` of a graceful shutdown",
		field: func(c *Config) any { return &c.ShutdownTimeout }, check: checkShutdownTimeout},
	{key: "country_header", usage: "request `header` with the viewer's country, set by a trusted proxy, e.g. CF-IPCountry (default none)",
		field: func(c *Config) any { return &c.CountryHeader }, check: checkCountryHeader},
	{key: "trusted_proxies", usage: "comma-separated `networks` (CIDRs or IPs) of proxies whose country header and X-Forwarded-For are believed (default none)",
		field: func(c *Config) any { return &c.TrustedProxies }, check: checkTrustedProxies},
	{key: "geoip_db", usage: "MaxMind-format country database `file` (.mmdb) to look client IPs up in (default none)",
		field: func(c *Config) any { return &c.GeoIPDB }},
	{key: "unknown_country", usage: "withholding `policy` for viewers of unknown country: open (only XX rules apply) or closed (every rule applies)",
		field: func(c *Config) any { return &c.UnknownCountry },
		check: oneOf(func(c *Config) string { return c.UnknownCountry }, "open", "closed")},
	{key: "legal_deadlines", usage: "default `deadlines` to acknowledge/decide an order by the authority's country, e.g. IN=3h/3h,*=24h/72h",
		field: func(c *Config) any { return &c.LegalDeadlines }, check: checkLegalDeadlines},
	{key: "emergency_confirm_within", usage: "`duration` an emergency order has to be confirmed in",
		field: func(c *Config) any { return &c.EmergencyConfirmWithin }, check: checkEmergencyConfirm},
	{key: "appeal_within", usage: "`duration` the desk has to answer an owner's appeal in",
		field: func(c *Config) any { return &c.AppealWithin }, check: checkAppealWithin},
	{key: "emergency_auto_lift", usage: "`on` lifts every rule of an emergency order not confirmed in time; off keeps them",
		field: func(c *Config) any { return &c.EmergencyAutoLift },
		check: oneOf(func(c *Config) string { return c.EmergencyAutoLift }, "on", "off")},
	{key: "max_order_targets", usage: "most `targets` one order may name",
		field: func(c *Config) any { return &c.MaxOrderTargets }, check: checkMaxOrderTargets},
	{key: "webhook_allow_private", usage: "`on` lets authorities register webhooks on loopback and private addresses and over plain http; off allows public https only",
		field: func(c *Config) any { return &c.WebhookAllowPrivate },
		check: oneOf(func(c *Config) string { return c.WebhookAllowPrivate }, "on", "off")},
	{key: "dsa_export_delay", usage: "`duration` a decision waits before the DSA export gives its statement of reasons",
		field: func(c *Config) any { return &c.DSAExportDelay }, check: checkDSAExportDelay},
	{key: "debug_addr", usage: "listen `address` (host:port) of Go's profiler, /debug/pprof/, unauthenticated: keep it on loopback (default none)",
		field: func(c *Config) any { return &c.DebugAddr }, check: checkDebugAddr},
	{key: "metrics_addr", usage: "listen `address` (host:port) of the Prometheus metrics, /metrics, unauthenticated: keep it on loopback or a private network (default none; the public listener never serves them)",
		field: func(c *Config) any { return &c.MetricsAddr }, check: checkMetricsAddr},
	{key: "log_key", usage: "`file` of the transparency log's signing key, made on first start (default transparency-log.key beside the SQLite database, or in the working directory)",
		field: func(c *Config) any { return &c.LogKey }},
	{key: "media_dir", usage: "`directory` of the media attachments' files, made on the first upload (default media beside the SQLite database, or in the working directory)",
		field: func(c *Config) any { return &c.MediaDir }},
	{key: "log_witnesses", usage: "comma-separated verifier `keys` of the witnesses whose cosignatures the transparency log serves (default none)",
		field: func(c *Config) any { return &c.LogWitnesses }, check: checkLogWitnesses},
	{key: "report_small_counts", usage: "`exact` publishes the transparency reports' counts as they are; banded publishes those from 1 to 9 as < 10",
		field: func(c *Config) any { return &c.ReportSmallCounts },
		check: oneOf(func(c *Config) string { return c.ReportSmallCounts }, "exact", "banded")},
	{key: "rate_limits", usage: "the API's request `limits` per token or address in this node: off, or api, accounts (sign-ups) and media as name=N/duration",
		field: func(c *Config) any { return &c.RateLimits }, check: checkRateLimits},
}

func lookupSetting(key string) *setting {
	for i := range settings {
		if settings[i].key == key {
			return &settings[i]
		}
	}
	return nil
}

func settingKeys() string {
	keys := make([]string, len(settings))
	for i := range settings {
		keys[i] = settings[i].key
	}
	return strings.Join(keys, ", ")
}
