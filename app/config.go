package app

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"agora"
	"agora/geoip"
)

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
	// EmergencyAutoLift: emergency_auto_lift: "on" lifts every rule of an emergency
	// order not confirmed in time; default "off".
	EmergencyAutoLift string
	// MaxOrderTargets: max_order_targets: how many targets one order may name;
	// default "100000".
	MaxOrderTargets string
	// DebugAddr: debug_addr: host:port of a second listener serving Go's
	// profiler (net/http/pprof) for performance work; default "" (none). It has
	// no authentication: keep it on a loopback address.
	DebugAddr string
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
		EmergencyAutoLift:      "off",
		MaxOrderTargets:        "100000",
	}
}

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
	{key: "emergency_auto_lift", usage: "`on` lifts every rule of an emergency order not confirmed in time; off keeps them",
		field: func(c *Config) any { return &c.EmergencyAutoLift },
		check: oneOf(func(c *Config) string { return c.EmergencyAutoLift }, "on", "off")},
	{key: "max_order_targets", usage: "most `targets` one order may name",
		field: func(c *Config) any { return &c.MaxOrderTargets }, check: checkMaxOrderTargets},
	{key: "debug_addr", usage: "listen `address` (host:port) of Go's profiler, /debug/pprof/, unauthenticated: keep it on loopback (default none)",
		field: func(c *Config) any { return &c.DebugAddr }, check: checkDebugAddr},
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

// Load builds the effective configuration of a subcommand that runs the server.
// It defines --config and one flag per key on fs (the caller may define further
// flags of its own first, but none of these names), parses args, and applies,
// lowest precedence first: Defaults, the config file (named by --config, else by
// AGORA_CONFIG), the AGORA_* environment, then the flags actually given in args.
// A flag left at its default does not override the file or the environment.
// getenv is os.Getenv in production; nil means an empty environment. An
// environment variable set to "" counts as unset.
//
// The result is validated. It returns the positional arguments left after the
// flags. Every error is an *agora.Error with code EINVALID whose message names
// the key, flag or variable, where the value came from and what is allowed;
// unknown flags and unknown file keys are errors. A request for help (-h) is
// such an error wrapping flag.ErrHelp.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	return load(fs, args, getenv, func(*setting) bool { return true })
}

// LoadDataFlags is Load for subcommands that only touch data (account create,
// token create, ...): it defines just --config and --db on fs, so those
// subcommands share them with the server and may define their own flags beside
// them. The file and the environment still apply to every key, and the result
// is validated as a whole.
func LoadDataFlags(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	return load(fs, args, getenv, func(s *setting) bool { return s.key == "db" })
}

func load(fs *flag.FlagSet, args []string, getenv func(string) string, withFlag func(*setting) bool) (Config, []string, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	def := Defaults()
	configFlag := fs.String("config", "", "read settings from `file` (env AGORA_CONFIG)")
	byFlag := make(map[string]*setting)
	for i := range settings {
		s := &settings[i]
		if !withFlag(s) {
			continue
		}
		fs.Var(&rawValue{s: s.get(&def)}, s.flagName(), s.usage+" (env "+s.envName()+")")
		byFlag[s.flagName()] = s
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, nil, &agora.Error{Code: agora.EINVALID, Message: "Help requested.", Err: err}
		}
		return Config{}, nil, agora.Errorf(agora.EINVALID, "Bad command line: %v. Run with -h to list the flags.", err)
	}

	c := def
	sources := make(map[string]string) // key -> where its value came from
	path, via := *configFlag, "--config"
	if path == "" {
		path, via = getenv("AGORA_CONFIG"), "AGORA_CONFIG"
	}
	if path != "" {
		if err := c.loadFile(path, via, sources); err != nil {
			return Config{}, nil, err
		}
	}
	if err := c.loadEnv(getenv, sources); err != nil {
		return Config{}, nil, err
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if s := byFlag[f.Name]; s != nil && err == nil {
			err = c.apply(s, f.Value.String(), "flag --"+f.Name, sources)
		}
	})
	if err != nil {
		return Config{}, nil, err
	}
	if err := c.validate(sources); err != nil {
		return Config{}, nil, err
	}
	return c, fs.Args(), nil
}

// rawValue is a flag.Value that keeps the text as given; parsing happens when
// the flag is applied, after the file and the environment.
type rawValue struct{ s string }

func (v *rawValue) String() string {
	if v == nil {
		return ""
	}
	return v.s
}

func (v *rawValue) Set(s string) error { v.s = s; return nil }

// apply sets one key from one source and records the source.
func (c *Config) apply(s *setting, v, source string, sources map[string]string) error {
	if err := s.set(c, v); err != nil {
		shown := v
		if s.secret {
			shown = maskSecret(v)
		}
		return agora.Errorf(agora.EINVALID, "%s = %q (from %s): %v.", s.key, shown, source, err)
	}
	sources[s.key] = source
	return nil
}

// loadEnv applies AGORA_<KEY>, and for secrets AGORA_<KEY>_FILE, for every key.
func (c *Config) loadEnv(getenv func(string) string, sources map[string]string) error {
	for i := range settings {
		s := &settings[i]
		name := s.envName()
		v, source := getenv(name), name
		if s.secret {
			fileVar := name + "_FILE"
			if path := getenv(fileVar); path != "" {
				if v != "" {
					return agora.Errorf(agora.EINVALID, "Both %s and %s are set; set only one of them.", name, fileVar)
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return &agora.Error{Code: agora.EINVALID, Err: err,
						Message: fmt.Sprintf("%s names %q, which cannot be read: %v.", fileVar, path, causeOf(err))}
				}
				v = strings.TrimRight(string(b), "\r\n")
				if v == "" {
					return agora.Errorf(agora.EINVALID, "%s names %q, which is empty; put the value of %s in it.", fileVar, path, s.key)
				}
				source = fileVar
			}
		}
		if v == "" {
			continue
		}
		if err := c.apply(s, v, source, sources); err != nil {
			return err
		}
	}
	return nil
}

// loadFile reads the config file at path, named by via (a flag or variable).
func (c *Config) loadFile(path, via string, sources map[string]string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return &agora.Error{Code: agora.EINVALID, Err: err,
			Message: fmt.Sprintf("Config file %q (from %s) cannot be read: %v.", path, via, causeOf(err))}
	}
	entries, err := parseFile(path, data)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := c.apply(lookupSetting(e.key), e.value, fmt.Sprintf("%s:%d", path, e.line), sources); err != nil {
			return err
		}
	}
	return nil
}

// fileEntry is one "key = value" line of a config file.
type fileEntry struct {
	key, value string
	line       int
}

// parseFile parses config file syntax: "key = value" lines, blank lines and
// lines starting with "#". A value is either double-quoted with Go escapes,
// optionally followed by a "# comment", or bare: the rest of the line up to a
// "#" that follows white space, trimmed. A bare value containing " #" must be
// quoted. Each key may appear once and must be known. Errors name the file and
// line and never echo a value.
func parseFile(name string, data []byte) ([]fileEntry, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var entries []fileEntry
	seen := make(map[string]int) // key -> line
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		fail := func(format string, args ...any) error {
			return agora.Errorf(agora.EINVALID, "%s:%d: %s", name, n, fmt.Sprintf(format, args...))
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fail("expected key = value, found no \"=\".")
		}
		k = strings.TrimSpace(k)
		if lookupSetting(k) == nil {
			if k == "" {
				return nil, fail("missing key before \"=\".")
			}
			if alt := strings.ToLower(strings.ReplaceAll(k, "-", "_")); lookupSetting(alt) != nil {
				return nil, fail("unknown key %q; did you mean %s?", k, alt)
			}
			return nil, fail("unknown key %q; known keys are %s.", k, settingKeys())
		}
		if first, dup := seen[k]; dup {
			return nil, fail("key %s is already set on line %d; set each key once.", k, first)
		}
		seen[k] = n
		v = strings.TrimSpace(v)
		if strings.HasPrefix(v, `"`) {
			q, err := strconv.QuotedPrefix(v)
			if err != nil {
				return nil, fail("the quoted value of %s is not closed or has a bad escape; end it with \" and write \\\" and \\\\ for quotes and backslashes.", k)
			}
			if rest := strings.TrimSpace(v[len(q):]); rest != "" && rest[0] != '#' {
				return nil, fail("unexpected text after the quoted value of %s; only a # comment may follow it.", k)
			}
			v, _ = strconv.Unquote(q) // QuotedPrefix accepted it
		} else if j := commentStart(v); j >= 0 {
			v = strings.TrimSpace(v[:j])
		}
		entries = append(entries, fileEntry{key: k, value: v, line: n})
	}
	return entries, nil
}

// commentStart returns the index of the first "#" preceded by white space, or -1.
func commentStart(v string) int {
	for j := 1; j < len(v); j++ {
		if v[j] == '#' && (v[j-1] == ' ' || v[j-1] == '\t') {
			return j
		}
	}
	return -1
}

// causeOf strips the operation and path from a file error, which the caller's
// message already names.
func causeOf(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Validate checks every key: addr is host:port with a numeric port; db is not
// empty (and a postgres URL has a host); base_url is empty or an absolute http or
// https URL without user info, query, fragment or trailing slash; registrations,
// log_level, log_format and unknown_country hold an allowed value; contact_email
// is empty or a bare address; redis is empty or a redis://, rediss:// or unix://
// URL; shutdown_timeout is positive; country_header is empty or a header name,
// and then trusted_proxies is set; trusted_proxies lists networks or addresses
// (see geoip.ParsePrefixes). geoip_db is checked by Main.Open, which opens it.
// It reports all problems at once in an *agora.Error with code EINVALID, one
// entry per key in Details.
func (c Config) Validate() error { return c.validate(nil) }

// validate is Validate with the source of each value, named in the message.
func (c Config) validate(sources map[string]string) error {
	var msgs []string
	details := make(map[string][]string)
	for i := range settings {
		s := &settings[i]
		if s.check == nil {
			continue
		}
		problem := s.check(&c)
		if problem == "" {
			continue
		}
		from := ""
		if src := sources[s.key]; src != "" {
			from = " (from " + src + ")"
		}
		msgs = append(msgs, fmt.Sprintf("%s = %q%s: %s.", s.key, s.shown(&c), from, problem))
		details[s.key] = append(details[s.key], problem)
	}
	if len(msgs) == 0 {
		return nil
	}
	return &agora.Error{Code: agora.EINVALID, Message: strings.Join(msgs, " "), Details: details}
}

func oneOf(get func(*Config) string, allowed ...string) func(*Config) string {
	return func(c *Config) string {
		v := get(c)
		for _, a := range allowed {
			if v == a {
				return ""
			}
		}
		if len(allowed) == 2 {
			return "must be " + allowed[0] + " or " + allowed[1]
		}
		return "must be one of " + strings.Join(allowed, ", ")
	}
}

func checkAddr(c *Config) string { return checkHostPort(c.Addr) }

func checkHostPort(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "must be host:port, such as 127.0.0.1:8080 or :8080"
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return "the port must be a number from 0 to 65535"
	}
	return ""
}

func checkDebugAddr(c *Config) string {
	if c.DebugAddr == "" {
		return ""
	}
	return checkHostPort(c.DebugAddr)
}

func checkDB(c *Config) string {
	if c.DB == "" {
		return "must not be empty; give a SQLite file path or a postgres:// URL"
	}
	if strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://") {
		u, err := url.Parse(c.DB)
		if err != nil || u.Host == "" {
			return "is not a valid postgres URL; write postgres://user:password@host/dbname"
		}
	}
	return ""
}

func checkBaseURL(c *Config) string {
	if c.BaseURL == "" {
		return ""
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "must be an absolute http:// or https:// URL, such as https://social.example"
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(c.BaseURL, "?") || strings.HasSuffix(c.BaseURL, "#") {
		return "must not contain user info, a query or a fragment"
	}
	if strings.HasSuffix(c.BaseURL, "/") {
		return "must not end with a slash; write " + strings.TrimRight(c.BaseURL, "/")
	}
	return ""
}

func checkContactEmail(c *Config) string {
	if c.ContactEmail == "" {
		return ""
	}
	if a, err := mail.ParseAddress(c.ContactEmail); err != nil || a.Address != c.ContactEmail {
		return "must be a plain e-mail address, such as admin@social.example"
	}
	return ""
}

func checkRedis(c *Config) string {
	if c.RedisURL == "" {
		return ""
	}
	u, err := url.Parse(c.RedisURL)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") {
		return "must be a redis://, rediss:// or unix:// URL, or empty for none"
	}
	return ""
}

func checkShutdownTimeout(c *Config) string {
	if c.ShutdownTimeout <= 0 {
		return "must be positive, such as 10s"
	}
	return ""
}

func checkCountryHeader(c *Config) string {
	if c.CountryHeader == "" {
		return ""
	}
	for i := 0; i < len(c.CountryHeader); i++ {
		if !isTokenChar(c.CountryHeader[i]) {
			return "must be a header name such as CF-IPCountry"
		}
	}
	if strings.TrimSpace(c.TrustedProxies) == "" {
		return "is only believed from a trusted proxy; set trusted_proxies to the proxies that set it"
	}
	return ""
}

// isTokenChar reports whether b may appear in an HTTP header name (RFC 9110 token).
func isTokenChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

func checkTrustedProxies(c *Config) string {
	if _, err := geoip.ParsePrefixes(c.TrustedProxies); err != nil {
		return err.Error() + "; list networks such as 10.0.0.0/8 or 2001:db8::/32, or single addresses, separated by commas"
	}
	return ""
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

// Dump writes every key as a "key = value" line in config file syntax, values
// quoted, in a fixed order, so the output can be read back as a config file.
// Secrets are masked: the password of a URL (and any query parameter whose name
// contains "password") becomes ****, e.g. postgres://user:****@host/db; a secret
// that is not a URL but mentions a password is replaced entirely.
func (c Config) Dump(w io.Writer) error {
	var b strings.Builder
	for i := range settings {
		s := &settings[i]
		fmt.Fprintf(&b, "%s = %s\n", s.key, strconv.Quote(s.shown(&c)))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("dump config: %w", err)
	}
	return nil
}

const mask = "****"

// maskSecret hides the passwords in v, a file path or a URL.
func maskSecret(v string) string {
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil {
		return mask
	}
	if u.Scheme == "" {
		if strings.Contains(strings.ToLower(v), "password") {
			return mask // e.g. a key=value DSN
		}
		return v // a file path
	}
	changed := false
	if q := u.Query(); len(q) > 0 {
		for name := range q {
			if strings.Contains(strings.ToLower(name), "password") {
				q.Set(name, mask)
				changed = true
			}
		}
		if changed {
			u.RawQuery = strings.ReplaceAll(q.Encode(), "=%2A%2A%2A%2A", "="+mask)
		}
	}
	var user string
	if u.User != nil {
		if _, has := u.User.Password(); has {
			// url.UserPassword would escape the asterisks, so splice them in.
			user = url.User(u.User.Username()).String() + ":" + mask + "@"
			u.User = nil
			changed = true
		}
	}
	if !changed {
		return v
	}
	s := u.String()
	if user == "" {
		return s
	}
	prefix := u.Scheme + "://"
	if !strings.HasPrefix(s, prefix) {
		return mask
	}
	return prefix + user + s[len(prefix):]
}
