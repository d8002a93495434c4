package app

import (
	"net"
	"path/filepath"
	"strings"
	"time"
)

// This file is the Config type, its defaults and the public URL derived from
// it. The keys are listed in config_settings.go, read in config_load.go and
// config_file.go, checked in config_check.go and written out in config_dump.go.

// Config is agora's effective configuration. It is built once by Load (or
// LoadDataFlags), validated, and passed down; nothing reads configuration from
// anywhere else.
//
// Every field has one name per source. The file key is the snake_case name
// listed below; the flag is the file key with "-" for "_" (--base-url); the
// environment variable is AGORA_ followed by the upper-case file key
// (AGORA_BASE_URL). Secret fields may also be read from a file named by
// AGORA_<KEY>_FILE.
type Config struct {
	Addr            string        // addr: listen address, host:port; default "127.0.0.1:8080"
	DB              string        // db: SQLite file path or postgres:// URL; default "./agora.db"; secret (it may hold a password)
	BaseURL         string        // base_url: public URL such as "https://social.example"; "" means PublicURL derives it from Addr
	Registrations   string        // registrations: "open" or "closed"; default "closed"
	InstanceTitle   string        // title: the instance's name; default "agora"
	ContactEmail    string        // contact_email: the admin's address; default ""
	RedisURL        string        // redis: redis://, rediss:// or unix:// URL; default "" (no Redis); secret
	LogLevel        string        // log_level: debug, info, warn or error; default "info"
	LogFormat       string        // log_format: text or json; default "text"
	ShutdownTimeout time.Duration // shutdown_timeout: how long a graceful shutdown may take, Go syntax ("10s"); default 10s
	CountryHeader   string        // country_header: request header with the viewer's country set by a trusted proxy, e.g. "CF-IPCountry"; default "" (none)
	TrustedProxies  string        // trusted_proxies: comma-separated networks (CIDRs or single IPs) of the proxies whose country_header and X-Forwarded-For are believed; default "" (none)
	GeoIPDB         string        // geoip_db: path of a MaxMind-format country database (.mmdb), opened by Main.Open; default "" (none)
	UnknownCountry  string        // unknown_country: "open" (only XX rules apply to a viewer of unknown country) or "closed" (every rule does); default "open"
	// LegalDeadlines: legal_deadlines: default times to acknowledge and to decide an
	// order, by the authority's country: "IN=3h/3h,*=24h/72h".
	LegalDeadlines string
	// EmergencyConfirmWithin: emergency_confirm_within: how long an emergency
	// order has to be confirmed; default 48h.
	EmergencyConfirmWithin time.Duration
	// AppealWithin: appeal_within: how long the desk has to answer an owner's
	// appeal; default 72h.
	AppealWithin time.Duration
	// EmergencyAutoLift: emergency_auto_lift: "on" lifts every rule of an emergency
	// order not confirmed in time; default "off".
	EmergencyAutoLift string
	// MaxOrderTargets: max_order_targets: how many targets one order may name;
	// default "100000".
	MaxOrderTargets string
	// WebhookAllowPrivate: webhook_allow_private: "on" lets authorities register
	// webhooks on loopback and private addresses, and over plain http (a
	// receiver on the same host or network); default "off".
	WebhookAllowPrivate string
	// DSAExportDelay: dsa_export_delay: how old a decision must be before the
	// DSA export gives its statement of reasons, so that an exporter paging by
	// decision ID passes over no decision committed late; default 1m.
	DSAExportDelay time.Duration
	// DebugAddr: debug_addr: host:port of a second listener serving Go's
	// profiler (net/http/pprof) for performance work; default "" (none). It has
	// no authentication: keep it on a loopback address.
	DebugAddr string
	// MetricsAddr: metrics_addr: host:port of a listener serving the Prometheus
	// metrics at /metrics; default "" (none). The public listener never serves
	// them: they count legal orders, confidential ones included. They have no
	// authentication: keep them on loopback or a private network.
	MetricsAddr string
	// LogKey: log_key: path of the file holding the transparency log's signing
	// key, made (mode 0600) on first start; default "" is transparency-log.key
	// in the SQLite database's directory, or in the working directory with
	// PostgreSQL. Nodes sharing a database must share this key.
	LogKey string
	// MediaDir: media_dir: directory of the media attachments' files, made
	// (mode 0700) on the first upload; default "" is media beside the SQLite
	// database, or in the working directory with PostgreSQL. Nodes sharing a
	// database must share this directory.
	MediaDir string
	// LogWitnesses: log_witnesses: comma-separated verifier keys of the witnesses
	// whose cosignatures (C2SP tlog-cosignature, Ed25519) the log takes and
	// serves with its checkpoints; default "" (none).
	LogWitnesses string
	// ReportSmallCounts: report_small_counts: "exact" publishes the counts of
	// the transparency reports as they are; "banded" publishes those from 1
	// to 9 as "< 10"; default "exact".
	ReportSmallCounts string
	// RateLimits: rate_limits: the API's request limits, per token or client
	// address, in this node's memory: "off", or name=N/duration pairs for api
	// (every request under /api/ and /oauth/), accounts (sign-ups per address)
	// and media (uploads per account); default "api=300/5m,accounts=5/30m,media=30/30m",
	// Mastodon's. Sign-ins are throttled whatever this says.
	RateLimits string
}

// Defaults returns the configuration used for every key that no source sets.
func Defaults() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DB:              "./agora.db",
		Registrations:   "closed",
		InstanceTitle:   "agora",
		LogLevel:        "info",
		LogFormat:       "text",
		ShutdownTimeout: 10 * time.Second,
		UnknownCountry:  "open",

		LegalDeadlines:         "IN=3h/3h,*=24h/72h",
		EmergencyConfirmWithin: 48 * time.Hour,
		AppealWithin:           72 * time.Hour,
		EmergencyAutoLift:      "off",
		MaxOrderTargets:        "100000",
		WebhookAllowPrivate:    "off",
		DSAExportDelay:         time.Minute,
		ReportSmallCounts:      "exact",
		RateLimits:             "api=300/5m,accounts=5/30m,media=30/30m",
	}
}

// PublicURL returns the URL under which the instance is reached: BaseURL if set,
// otherwise "http://" and the configured listen address, with an empty or
// wildcard host (0.0.0.0, ::) replaced by localhost. It is derived from the
// configuration, not from the address actually bound (port 0 stays 0).
func (c Config) PublicURL() string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://" + c.Addr
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// LogKeyPath returns the path of the transparency log's key file: LogKey, or by
// default transparency-log.key beside the SQLite database (in the working
// directory for PostgreSQL).
func (c Config) LogKeyPath() string {
	if c.LogKey != "" {
		return c.LogKey
	}
	const name = "transparency-log.key"
	if strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://") {
		return name
	}
	return filepath.Join(filepath.Dir(c.DB), name)
}

// MediaDirPath returns the directory of media files: MediaDir, or by default
// media beside the SQLite database (in the working directory for PostgreSQL).
func (c Config) MediaDirPath() string {
	if c.MediaDir != "" {
		return c.MediaDir
	}
	const name = "media"
	if strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://") {
		return name
	}
	return filepath.Join(filepath.Dir(c.DB), name)
}

// WitnessKeys returns the verifier keys listed in LogWitnesses.
func (c Config) WitnessKeys() []string {
	var keys []string
	for _, k := range strings.Split(c.LogWitnesses, ",") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}
