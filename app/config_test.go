package app

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"agora"
	"agora/geoip/geoiptest"
)

// newFlagSet returns a quiet FlagSet that reports errors instead of exiting.
func newFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// env returns a getenv backed by m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// mustWriteFile writes content to name in a new temporary directory and returns its path.
func mustWriteFile(tb testing.TB, name, content string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// mustInvalid fails unless err is an *agora.Error with code EINVALID whose
// message contains every one of wants.
func mustInvalid(tb testing.TB, err error, wants ...string) *agora.Error {
	tb.Helper()
	var e *agora.Error
	if !errors.As(err, &e) {
		tb.Fatalf("err = %v (%T), want *agora.Error", err, err)
	}
	if e.Code != agora.EINVALID {
		tb.Fatalf("code = %q, want %q (err %v)", e.Code, agora.EINVALID, err)
	}
	for _, w := range wants {
		if !strings.Contains(e.Message, w) {
			tb.Errorf("message %q does not contain %q", e.Message, w)
		}
	}
	return e
}

func TestDefaults(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("Defaults().Validate() = %v", err)
	}
	c, rest, err := Load(newFlagSet(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c != Defaults() || len(rest) != 0 {
		t.Errorf("Load with nothing = %+v, %q; want defaults, no args", c, rest)
	}
}

func TestLoad_Precedence(t *testing.T) {
	file := mustWriteFile(t, "agora.conf", `
addr = 127.0.0.1:7001
title = "From File"
log_level = debug
registrations = open
shutdown_timeout = 30s
`)
	other := mustWriteFile(t, "other.conf", "title = Other File\n")

	with := func(f func(*Config)) Config {
		c := Defaults()
		f(&c)
		return c
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want Config
	}{
		{
			name: "file over defaults",
			args: []string{"--config", file},
			want: with(func(c *Config) {
				c.Addr, c.InstanceTitle, c.LogLevel, c.Registrations, c.ShutdownTimeout = "127.0.0.1:7001", "From File", "debug", "open", 30*time.Second
			}),
		},
		{
			name: "AGORA_CONFIG names the file",
			env:  map[string]string{"AGORA_CONFIG": other},
			want: with(func(c *Config) { c.InstanceTitle = "Other File" }),
		},
		{
			name: "--config beats AGORA_CONFIG",
			args: []string{"--config", other},
			env:  map[string]string{"AGORA_CONFIG": file},
			want: with(func(c *Config) { c.InstanceTitle = "Other File" }),
		},
		{
			name: "env over file",
			args: []string{"--config", file},
			env: map[string]string{
				"AGORA_ADDR": ":7002", "AGORA_TITLE": "From Env", "AGORA_SHUTDOWN_TIMEOUT": "1m",
				"AGORA_REGISTRATIONS": "", // empty counts as unset
			},
			want: with(func(c *Config) {
				c.Addr, c.InstanceTitle, c.LogLevel, c.Registrations, c.ShutdownTimeout = ":7002", "From Env", "debug", "open", time.Minute
			}),
		},
		{
			name: "flags over env and file",
			args: []string{"--config", file, "--addr", ":7003", "-title=From Flag", "--shutdown-timeout", "5s", "--log-level", "warn"},
			env:  map[string]string{"AGORA_ADDR": ":7002", "AGORA_TITLE": "From Env", "AGORA_LOG_LEVEL": "error"},
			want: with(func(c *Config) {
				c.Addr, c.InstanceTitle, c.LogLevel, c.Registrations, c.ShutdownTimeout = ":7003", "From Flag", "warn", "open", 5*time.Second
			}),
		},
		{
			name: "unset flags do not override",
			args: []string{"--config", file, "--db", "/tmp/x.db"},
			env:  map[string]string{"AGORA_ADDR": ":7002", "AGORA_LOG_FORMAT": "json"},
			want: with(func(c *Config) {
				c.Addr, c.DB, c.InstanceTitle, c.LogLevel, c.LogFormat, c.Registrations, c.ShutdownTimeout = ":7002", "/tmp/x.db", "From File", "debug", "json", "open", 30*time.Second
			}),
		},
		{
			name: "flag set to its default still overrides",
			args: []string{"--config", file, "--registrations", "closed"},
			env:  map[string]string{"AGORA_REGISTRATIONS": "open"},
			want: with(func(c *Config) {
				c.Addr, c.InstanceTitle, c.LogLevel, c.ShutdownTimeout = "127.0.0.1:7001", "From File", "debug", 30*time.Second
			}),
		},
		{
			name: "every key from env",
			env: map[string]string{
				"AGORA_ADDR": "0.0.0.0:80", "AGORA_DB": "postgres://u:p@db/agora", "AGORA_BASE_URL": "https://social.example",
				"AGORA_REGISTRATIONS": "open", "AGORA_TITLE": "T", "AGORA_CONTACT_EMAIL": "admin@social.example",
				"AGORA_REDIS": "redis://:pw@cache:6379/0", "AGORA_LOG_LEVEL": "error", "AGORA_LOG_FORMAT": "json",
				"AGORA_SHUTDOWN_TIMEOUT": "2s", "AGORA_COUNTRY_HEADER": "CF-IPCountry",
				"AGORA_TRUSTED_PROXIES": "10.0.0.0/8,::1", "AGORA_GEOIP_DB": "/var/lib/GeoLite2-Country.mmdb",
				"AGORA_UNKNOWN_COUNTRY": "closed",
				"AGORA_LEGAL_DEADLINES": "DE=1h/24h", "AGORA_EMERGENCY_CONFIRM_WITHIN": "24h", "AGORA_APPEAL_WITHIN": "36h",
				"AGORA_EMERGENCY_AUTO_LIFT": "on", "AGORA_MAX_ORDER_TARGETS": "500", "AGORA_WEBHOOK_ALLOW_PRIVATE": "on", "AGORA_DSA_EXPORT_DELAY": "5m",
				"AGORA_REPORT_SMALL_COUNTS": "banded", "AGORA_RATE_LIMITS": "off",
			},
			want: Config{
				Addr: "0.0.0.0:80", DB: "postgres://u:p@db/agora", BaseURL: "https://social.example",
				Registrations: "open", InstanceTitle: "T", ContactEmail: "admin@social.example",
				RedisURL: "redis://:pw@cache:6379/0", LogLevel: "error", LogFormat: "json", ShutdownTimeout: 2 * time.Second,
				CountryHeader: "CF-IPCountry", TrustedProxies: "10.0.0.0/8,::1", GeoIPDB: "/var/lib/GeoLite2-Country.mmdb",
				UnknownCountry: "closed",
				LegalDeadlines: "DE=1h/24h", EmergencyConfirmWithin: 24 * time.Hour, AppealWithin: 36 * time.Hour,
				EmergencyAutoLift: "on", MaxOrderTargets: "500", WebhookAllowPrivate: "on", DSAExportDelay: 5 * time.Minute,
				ReportSmallCounts: "banded", RateLimits: "off",
			},
		},
		{
			name: "every key from flags",
			args: []string{
				"--addr", "[::1]:80", "--db", "a.db", "--base-url", "http://h:1", "--registrations", "open",
				"--title", "T", "--contact-email", "a@b.example", "--redis", "rediss://r:1", "--log-level", "warn",
				"--log-format", "json", "--shutdown-timeout", "1m30s", "--country-header", "X-Country",
				"--trusted-proxies", "192.168.0.0/16, fd00::/8", "--geoip-db", "dbip.mmdb", "--unknown-country", "open",
				"--legal-deadlines", "*=2h/4h", "--emergency-confirm-within", "12h", "--appeal-within", "24h", "--emergency-auto-lift", "off", "--max-order-targets", "7",
				"--webhook-allow-private", "off",
				"--dsa-export-delay", "0s", "--report-small-counts", "exact", "--rate-limits", "api=10/1m,media=off",
			},
			want: Config{
				Addr: "[::1]:80", DB: "a.db", BaseURL: "http://h:1", Registrations: "open", InstanceTitle: "T",
				ContactEmail: "a@b.example", RedisURL: "rediss://r:1", LogLevel: "warn", LogFormat: "json",
				ShutdownTimeout: 90 * time.Second, CountryHeader: "X-Country", TrustedProxies: "192.168.0.0/16, fd00::/8",
				GeoIPDB: "dbip.mmdb", UnknownCountry: "open",
				LegalDeadlines: "*=2h/4h", EmergencyConfirmWithin: 12 * time.Hour, AppealWithin: 24 * time.Hour, EmergencyAutoLift: "off", MaxOrderTargets: "7",
				WebhookAllowPrivate: "off",
				DSAExportDelay:      0,
				ReportSmallCounts:   "exact",
				RateLimits:          "api=10/1m,media=off",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := Load(newFlagSet(), tt.args, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLoad_PositionalArgs(t *testing.T) {
	_, rest, err := Load(newFlagSet(), []string{"--addr", ":9000", "alice", "--not-a-flag"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"alice", "--not-a-flag"}; !slices.Equal(rest, want) {
		t.Errorf("rest = %q, want %q", rest, want)
	}
}

func TestLoad_CommandLineErrors(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"unknown flag", []string{"--adr", ":1"}, []string{"-adr", "-h"}},
		{"missing value", []string{"--db"}, []string{"-db"}},
		{"bad duration", []string{"--shutdown-timeout", "10"}, []string{`shutdown_timeout = "10" (from flag --shutdown-timeout)`, "10s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(newFlagSet(), tt.args, nil)
			mustInvalid(t, err, tt.wants...)
		})
	}
	t.Run("help", func(t *testing.T) {
		_, _, err := Load(newFlagSet(), []string{"-h"}, nil)
		mustInvalid(t, err)
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("err = %v, want it to wrap flag.ErrHelp", err)
		}
	})
}

func TestLoad_File(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    func(*Config)
	}{
		{"comments and blank lines", "# agora\n\n   # indented comment\naddr = :1\n\n", func(c *Config) { c.Addr = ":1" }},
		{"quoted value keeps # and spaces", `title = "  A # B  "  # comment`, func(c *Config) { c.InstanceTitle = "  A # B  " }},
		{"quoted value with escapes", `title = "say \"hi\"\\"`, func(c *Config) { c.InstanceTitle = `say "hi"\` }},
		{"bare value with comment", "title = My Site # the name", func(c *Config) { c.InstanceTitle = "My Site" }},
		{"bare value keeps # without space", "title = C#1", func(c *Config) { c.InstanceTitle = "C#1" }},
		{"empty value", `base_url = ""` + "\ncontact_email =", func(c *Config) {}},
		{"CRLF and BOM", "\ufefftitle = T\r\nlog_format = json\r\n", func(c *Config) { c.InstanceTitle, c.LogFormat = "T", "json" }},
		{"no final newline", "shutdown_timeout=250ms", func(c *Config) { c.ShutdownTimeout = 250 * time.Millisecond }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := mustWriteFile(t, "agora.conf", tt.content)
			got, _, err := Load(newFlagSet(), []string{"--config", path}, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := Defaults()
			tt.want(&want)
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestLoad_FileErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		wants   []string
	}{
		{"no equals sign", "# ok\naddr :8080\n", []string{"agora.conf:2:", "key = value"}},
		{"missing key", "\n\n = x", []string{"agora.conf:3:", "missing key"}},
		{"unknown key", "addr = :1\nlisten = :2", []string{"agora.conf:2:", `unknown key "listen"`, "base_url"}},
		{"hyphenated key", "base-url = https://x", []string{"agora.conf:1:", "did you mean base_url?"}},
		{"duplicate key", "title = a\n\ntitle = b", []string{"agora.conf:3:", "already set on line 1"}},
		{"unterminated quote", `title = "abc`, []string{"agora.conf:1:", "not closed"}},
		{"text after quote", `title = "a" b`, []string{"agora.conf:1:", "after the quoted value"}},
		{"bad duration", "\n\nshutdown_timeout = ten", []string{"agora.conf:3", `shutdown_timeout = "ten"`, "Go syntax"}},
		{"invalid value", "log_level = verbose", []string{`log_level = "verbose" (from `, "agora.conf:1)", "debug, info, warn, error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := mustWriteFile(t, "agora.conf", tt.content)
			_, _, err := Load(newFlagSet(), []string{"--config", path}, nil)
			mustInvalid(t, err, tt.wants...)
		})
	}
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "nope.conf")
		_, _, err := Load(newFlagSet(), nil, env(map[string]string{"AGORA_CONFIG": path}))
		mustInvalid(t, err, path, "AGORA_CONFIG", "cannot be read")
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v, want it to wrap os.ErrNotExist", err)
		}
	})
}

func TestLoad_SecretFiles(t *testing.T) {
	dbFile := mustWriteFile(t, "db", "postgres://agora:s3cret@db/agora\n")
	redisFile := mustWriteFile(t, "redis", "redis://:r3dis@cache:6379/0\r\n")
	emptyFile := mustWriteFile(t, "empty", "\n")

	t.Run("read and trimmed", func(t *testing.T) {
		c, _, err := Load(newFlagSet(), nil, env(map[string]string{"AGORA_DB_FILE": dbFile, "AGORA_REDIS_FILE": redisFile}))
		if err != nil {
			t.Fatal(err)
		}
		if c.DB != "postgres://agora:s3cret@db/agora" || c.RedisURL != "redis://:r3dis@cache:6379/0" {
			t.Errorf("DB = %q, RedisURL = %q", c.DB, c.RedisURL)
		}
	})
	t.Run("flag overrides", func(t *testing.T) {
		c, _, err := Load(newFlagSet(), []string{"--db", "x.db"}, env(map[string]string{"AGORA_DB_FILE": dbFile}))
		if err != nil {
			t.Fatal(err)
		}
		if c.DB != "x.db" {
			t.Errorf("DB = %q, want x.db", c.DB)
		}
	})

	tests := []struct {
		name  string
		env   map[string]string
		wants []string
	}{
		{"both set", map[string]string{"AGORA_DB": "a.db", "AGORA_DB_FILE": dbFile}, []string{"AGORA_DB and AGORA_DB_FILE"}},
		{"missing file", map[string]string{"AGORA_REDIS_FILE": "/nonexistent/redis"}, []string{"AGORA_REDIS_FILE", "/nonexistent/redis", "cannot be read"}},
		{"empty file", map[string]string{"AGORA_DB_FILE": emptyFile}, []string{"AGORA_DB_FILE", "empty"}},
		{"invalid content masked", map[string]string{"AGORA_REDIS_FILE": dbFile}, []string{"AGORA_REDIS_FILE", "postgres://agora:****@db/agora"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(newFlagSet(), nil, env(tt.env))
			e := mustInvalid(t, err, tt.wants...)
			if strings.Contains(e.Error(), "s3cret") {
				t.Errorf("error reveals the password: %v", e)
			}
		})
	}
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*Config)
		wantKey string // "" means valid
	}{
		{"defaults", func(c *Config) {}, ""},
		{"addr port 0", func(c *Config) { c.Addr = "127.0.0.1:0" }, ""},
		{"addr ipv6", func(c *Config) { c.Addr = "[::]:443" }, ""},
		{"addr without port", func(c *Config) { c.Addr = "localhost" }, "addr"},
		{"addr port not a number", func(c *Config) { c.Addr = "localhost:http" }, "addr"},
		{"addr port too large", func(c *Config) { c.Addr = ":70000" }, "addr"},
		{"debug_addr without port", func(c *Config) { c.DebugAddr = "localhost" }, "debug_addr"},
		{"metrics_addr", func(c *Config) { c.MetricsAddr = "127.0.0.1:9090" }, ""},
		{"metrics_addr port 0 like addr", func(c *Config) { c.Addr, c.MetricsAddr = "127.0.0.1:0", "127.0.0.1:0" }, ""},
		{"metrics_addr without port", func(c *Config) { c.MetricsAddr = "localhost" }, "metrics_addr"},
		{"metrics_addr the public one", func(c *Config) { c.MetricsAddr = c.Addr }, "metrics_addr"},
		{"metrics_addr the profiler's", func(c *Config) { c.DebugAddr, c.MetricsAddr = "127.0.0.1:6060", "127.0.0.1:6060" }, "metrics_addr"},
		{"db empty", func(c *Config) { c.DB = "" }, "db"},
		{"db postgres URL", func(c *Config) { c.DB = "postgresql://u:p@h:5432/d?sslmode=disable" }, ""},
		{"db postgres URL without host", func(c *Config) { c.DB = "postgres:///d" }, "db"},
		{"base_url https", func(c *Config) { c.BaseURL = "https://social.example" }, ""},
		{"base_url with port", func(c *Config) { c.BaseURL = "http://localhost:8080" }, ""},
		{"base_url relative", func(c *Config) { c.BaseURL = "social.example" }, "base_url"},
		{"base_url ftp", func(c *Config) { c.BaseURL = "ftp://social.example" }, "base_url"},
		{"base_url trailing slash", func(c *Config) { c.BaseURL = "https://social.example/" }, "base_url"},
		{"base_url query", func(c *Config) { c.BaseURL = "https://social.example?x=1" }, "base_url"},
		{"base_url user", func(c *Config) { c.BaseURL = "https://u@social.example" }, "base_url"},
		{"registrations open", func(c *Config) { c.Registrations = "open" }, ""},
		{"registrations other", func(c *Config) { c.Registrations = "approval" }, "registrations"},
		{"contact_email valid", func(c *Config) { c.ContactEmail = "admin@social.example" }, ""},
		{"contact_email invalid", func(c *Config) { c.ContactEmail = "admin" }, "contact_email"},
		{"contact_email with name", func(c *Config) { c.ContactEmail = "Admin <admin@social.example>" }, "contact_email"},
		{"redis unix", func(c *Config) { c.RedisURL = "unix:///run/redis.sock" }, ""},
		{"redis http", func(c *Config) { c.RedisURL = "http://cache:6379" }, "redis"},
		{"log_level upper case", func(c *Config) { c.LogLevel = "INFO" }, "log_level"},
		{"log_level trace", func(c *Config) { c.LogLevel = "trace" }, "log_level"},
		{"log_format logfmt", func(c *Config) { c.LogFormat = "logfmt" }, "log_format"},
		{"shutdown_timeout zero", func(c *Config) { c.ShutdownTimeout = 0 }, "shutdown_timeout"},
		{"dsa_export_delay zero", func(c *Config) { c.DSAExportDelay = 0 }, ""},
		{"report_small_counts banded", func(c *Config) { c.ReportSmallCounts = "banded" }, ""},
		{"report_small_counts other", func(c *Config) { c.ReportSmallCounts = "rounded" }, "report_small_counts"},
		{"dsa_export_delay negative", func(c *Config) { c.DSAExportDelay = -time.Second }, "dsa_export_delay"},
		{"dsa_export_delay a week", func(c *Config) { c.DSAExportDelay = 7 * 24 * time.Hour }, "dsa_export_delay"},
		{"shutdown_timeout negative", func(c *Config) { c.ShutdownTimeout = -time.Second }, "shutdown_timeout"},
		{"unknown_country closed", func(c *Config) { c.UnknownCountry = "closed" }, ""},
		{"unknown_country empty", func(c *Config) { c.UnknownCountry = "" }, "unknown_country"},
		{"unknown_country other", func(c *Config) { c.UnknownCountry = "allow" }, "unknown_country"},
		{"trusted_proxies networks and addresses", func(c *Config) { c.TrustedProxies = "10.0.0.0/8, 2001:db8::/32,127.0.0.1,::1" }, ""},
		{"trusted_proxies bad prefix length", func(c *Config) { c.TrustedProxies = "10.0.0.0/33" }, "trusted_proxies"},
		{"trusted_proxies host name", func(c *Config) { c.TrustedProxies = "10.0.0.0/8,proxy.local" }, "trusted_proxies"},
		{"trusted_proxies space separated", func(c *Config) { c.TrustedProxies = "10.0.0.1 10.0.0.2" }, "trusted_proxies"},
		{"country_header with trusted_proxies", func(c *Config) { c.CountryHeader, c.TrustedProxies = "CF-IPCountry", "10.0.0.1" }, ""},
		{"country_header without trusted_proxies", func(c *Config) { c.CountryHeader = "CF-IPCountry" }, "country_header"},
		{"country_header not a header name", func(c *Config) { c.CountryHeader, c.TrustedProxies = "CF IPCountry:", "10.0.0.1" }, "country_header"},
		{"geoip_db is checked by Open", func(c *Config) { c.GeoIPDB = "/nonexistent.mmdb" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults()
			tt.change(&c)
			err := c.Validate()
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			e := mustInvalid(t, err, tt.wantKey+" = ")
			if len(e.Details) != 1 || len(e.Details[tt.wantKey]) != 1 {
				t.Errorf("Details = %v, want one problem for %s", e.Details, tt.wantKey)
			}
		})
	}

	t.Run("all problems at once, secrets masked", func(t *testing.T) {
		c := Defaults()
		c.Addr, c.LogFormat, c.RedisURL = "nope", "xml", "http://:hunter2@cache"
		e := mustInvalid(t, c.Validate(), `addr = "nope"`, `log_format = "xml"`, `redis = "http://:****@cache"`)
		if len(e.Details) != 3 {
			t.Errorf("Details = %v, want 3 keys", e.Details)
		}
		if strings.Contains(e.Error(), "hunter2") {
			t.Errorf("error reveals the password: %v", e)
		}
	})
	t.Run("Load names the source", func(t *testing.T) {
		_, _, err := Load(newFlagSet(), nil, env(map[string]string{"AGORA_REGISTRATIONS": "maybe"}))
		mustInvalid(t, err, `registrations = "maybe" (from AGORA_REGISTRATIONS): must be open or closed.`)
	})
	t.Run("trusted_proxies names the bad entry", func(t *testing.T) {
		_, _, err := Load(newFlagSet(), []string{"--trusted-proxies", "10.0.0.0/8,10.0.0.0/99"}, nil)
		mustInvalid(t, err, `trusted_proxies = "10.0.0.0/8,10.0.0.0/99" (from flag --trusted-proxies)`, `"10.0.0.0/99" is not a network in CIDR notation`)
	})
}

func TestConfig_PublicURL(t *testing.T) {
	tests := []struct {
		addr, baseURL, want string
	}{
		{"127.0.0.1:8080", "", "http://127.0.0.1:8080"},
		{":8080", "", "http://localhost:8080"},
		{"0.0.0.0:80", "", "http://localhost:80"},
		{"[::]:8080", "", "http://localhost:8080"},
		{"[::1]:8080", "", "http://[::1]:8080"},
		{"example.net:8080", "", "http://example.net:8080"},
		{":8080", "https://social.example", "https://social.example"},
	}
	for _, tt := range tests {
		t.Run(tt.addr+" "+tt.baseURL, func(t *testing.T) {
			c := Defaults()
			c.Addr, c.BaseURL = tt.addr, tt.baseURL
			if got := c.PublicURL(); got != tt.want {
				t.Errorf("PublicURL() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConfig_Dump(t *testing.T) {
	tests := []struct {
		name          string
		db, redis     string
		wantDB, wantR string
	}{
		{"file path and no redis", "./agora.db", "", "./agora.db", ""},
		{"postgres and redis passwords", "postgres://user:pa%40ss@host/db", "redis://:r3dis@cache:6379/0",
			"postgres://user:****@host/db", "redis://:****@cache:6379/0"},
		{"redis user and password", "postgres://user@host/db", "rediss://default:r3dis@cache:6380",
			"postgres://user@host/db", "rediss://default:****@cache:6380"},
		{"password in query", "postgres://host/db?user=u&password=pa%40ss&sslmode=require", "",
			"postgres://host/db?password=****&sslmode=require&user=u", ""},
		{"key=value DSN", "host=db user=u password=pa@ss dbname=agora", "", "****", ""},
		{"unix socket redis", "a.db", "unix://:r3dis@/run/redis.sock?db=1", "a.db", "unix://:****@/run/redis.sock?db=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults()
			c.DB, c.RedisURL = tt.db, tt.redis
			var buf bytes.Buffer
			if err := c.Dump(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, secret := range []string{"pa%40ss", "pa@ss", "r3dis"} {
				if strings.Contains(out, secret) {
					t.Errorf("dump reveals %q:\n%s", secret, out)
				}
			}
			for _, line := range []string{`db = "` + tt.wantDB + `"`, `redis = "` + tt.wantR + `"`} {
				if !strings.Contains(out, line+"\n") {
					t.Errorf("dump lacks %s:\n%s", line, out)
				}
			}
		})
	}

	t.Run("every key, readable back", func(t *testing.T) {
		c := Config{
			Addr: ":1", DB: "x.db", BaseURL: "https://s.example", Registrations: "open",
			InstanceTitle: `Quote " and # hash`, ContactEmail: "a@s.example", LogLevel: "debug",
			LogFormat: "json", ShutdownTimeout: 90 * time.Second, CountryHeader: "CF-IPCountry",
			TrustedProxies: "10.0.0.0/8, ::1", GeoIPDB: "/srv/geo ip/country.mmdb", UnknownCountry: "closed",
			LegalDeadlines: "IN=3h/3h", EmergencyConfirmWithin: time.Hour, AppealWithin: 2 * time.Hour, EmergencyAutoLift: "on", MaxOrderTargets: "1000",
			WebhookAllowPrivate: "on",
			DSAExportDelay:      90 * time.Second,
			ReportSmallCounts:   "banded",
			DebugAddr:           "127.0.0.1:6060",
			MetricsAddr:         "127.0.0.1:9090",
			RateLimits:          "accounts=2/1h",
		}
		var buf bytes.Buffer
		if err := c.Dump(&buf); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(buf.String(), "\n"); n != len(settings) {
			t.Errorf("dump has %d lines, want %d:\n%s", n, len(settings), buf.String())
		}
		path := mustWriteFile(t, "dump.conf", buf.String())
		got, _, err := Load(newFlagSet(), []string{"--config", path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got != c {
			t.Errorf("read back %+v\nwant      %+v", got, c)
		}
	})
	t.Run("write error", func(t *testing.T) {
		if err := Defaults().Dump(failWriter{}); err == nil {
			t.Error("Dump to a failing writer returned nil")
		}
	})
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestLoadDataFlags(t *testing.T) {
	file := mustWriteFile(t, "agora.conf", "db = from-file.db\nlog_level = debug\n")
	t.Run("extra caller flag, --db and --config", func(t *testing.T) {
		fs := newFlagSet()
		username := fs.String("username", "", "account name")
		c, rest, err := LoadDataFlags(fs, []string{"--username", "alice", "--config", file, "--db", "flag.db", "extra"},
			env(map[string]string{"AGORA_DB": "env.db", "AGORA_ADDR": ":9"}))
		if err != nil {
			t.Fatal(err)
		}
		if *username != "alice" {
			t.Errorf("username = %q, want alice", *username)
		}
		if c.DB != "flag.db" || c.Addr != ":9" || c.LogLevel != "debug" {
			t.Errorf("DB, Addr, LogLevel = %q, %q, %q; want flag.db, :9, debug", c.DB, c.Addr, c.LogLevel)
		}
		if !slices.Equal(rest, []string{"extra"}) {
			t.Errorf("rest = %q", rest)
		}
	})
	t.Run("file and env without flags", func(t *testing.T) {
		c, _, err := LoadDataFlags(newFlagSet(), nil, env(map[string]string{"AGORA_CONFIG": file}))
		if err != nil {
			t.Fatal(err)
		}
		if c.DB != "from-file.db" {
			t.Errorf("DB = %q, want from-file.db", c.DB)
		}
	})
	t.Run("server flags are not defined", func(t *testing.T) {
		fs := newFlagSet()
		_, _, err := LoadDataFlags(fs, []string{"--addr", ":1"}, nil)
		mustInvalid(t, err, "-addr")
		if fs.Lookup("addr") != nil || fs.Lookup("db") == nil || fs.Lookup("config") == nil {
			t.Error("LoadDataFlags should define exactly --config and --db")
		}
	})
}

func TestMain_Open_GeoIPDB(t *testing.T) {
	garbage := mustWriteFile(t, "garbage.mmdb", "not a MaxMind database")
	for name, path := range map[string]string{
		"missing":        filepath.Join(t.TempDir(), "missing.mmdb"),
		"not a database": garbage,
	} {
		t.Run(name, func(t *testing.T) {
			c := Defaults()
			c.Addr, c.DB, c.GeoIPDB = "127.0.0.1:0", filepath.Join(t.TempDir(), "agora.db"), path
			m := NewMain(c, io.Discard)
			err := m.Open(t.Context())
			if err == nil {
				m.Close()
				t.Fatal("Open succeeded")
			}
			mustInvalid(t, err, "geoip_db = "+strconv.Quote(path), "cannot be opened")
		})
	}
	t.Run("opens", func(t *testing.T) {
		c := Defaults()
		c.Addr, c.DB, c.GeoIPDB = "127.0.0.1:0", filepath.Join(t.TempDir(), "agora.db"), geoiptest.MustWriteDB(t)
		m := NewMain(c, io.Discard)
		if err := m.Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
}
