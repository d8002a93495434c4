package app

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"agora"
)

// This file parses the config file syntax.

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
