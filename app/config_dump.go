package app

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// This file writes a Config out as a config file, with its secrets masked.

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
