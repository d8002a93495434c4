package app

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"agora"
	"agora/geoip"
	"agora/translog"
)

// This file validates a Config: the check of each key and the error that
// reports them all.

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

func checkMetricsAddr(c *Config) string {
	if c.MetricsAddr == "" {
		return ""
	}
	if msg := checkHostPort(c.MetricsAddr); msg != "" {
		return msg
	}
	if _, port, _ := net.SplitHostPort(c.MetricsAddr); port != "0" && (c.MetricsAddr == c.Addr || c.MetricsAddr == c.DebugAddr) {
		return "must differ from addr and debug_addr: the metrics have a listener of their own"
	}
	return ""
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

// checkLogWitnesses checks that each witness key is an Ed25519 cosignature
// verifier key.
func checkLogWitnesses(c *Config) string {
	for _, k := range c.WitnessKeys() {
		if _, err := translog.NewCosignatureVerifier(k); err != nil {
			return err.Error()
		}
	}
	return ""
}
