package geoip

import (
	"strings"

	"agora/internal/country"
)

// codes holds, at index (first letter)*26 + (second letter), the interned
// upper-case code of every officially assigned ISO 3166-1 alpha-2 country, and
// "" elsewhere, including at XX: agora's rules use XX for "every country", and
// proxies use it (and ZZ, T1, A1, ...) for "unknown".
var codes = func() (t [26 * 26]string) {
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			c := string([]byte{a, b})
			if c != country.All && country.Valid(c) {
				t[int(a-'A')*26+int(b-'A')] = c
			}
		}
	}
	return t
}()

// countryCode returns the assigned country code s names, in upper case, or "".
// Letters may be in either case; surrounding white space is ignored.
func countryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) != 2 {
		return ""
	}
	a, ok1 := letter(s[0])
	b, ok2 := letter(s[1])
	if !ok1 || !ok2 {
		return ""
	}
	return codes[a*26+b]
}

// letter returns the index in the alphabet of an ASCII letter.
func letter(c byte) (int, bool) {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A'), true
	case c >= 'a' && c <= 'z':
		return int(c - 'a'), true
	}
	return 0, false
}

// single holds, at the index of a code in codes, a one-element slice of it, so a
// Lookup of one country allocates nothing. The slices are shared.
var single = func() (t [26 * 26][]string) {
	for i, c := range codes {
		if c != "" {
			t[i] = []string{c}
		}
	}
	return t
}()

// only returns the shared one-element slice of code, an assigned code in upper
// case as countryCode returns it, or nil for "". Callers must not modify it.
func only(code string) []string {
	if code == "" {
		return nil
	}
	return single[index(code)]
}

// headerCountries returns the countries named by the values of a country header:
// every assigned code in them, upper-cased, once each, in order of first
// appearance. Each value is a code or a comma-separated list of codes. blank
// reports whether some entry named no country: it was empty, or not an
// assigned code (XX, T1, ZZ, EU, garbage); it is false when values is empty.
//
// It allocates only when the values name more than one country.
func headerCountries(values []string) (named []string, blank bool) {
	var seen [(26*26 + 63) / 64]uint64
	for _, v := range values {
		for {
			entry, rest, more := strings.Cut(v, ",")
			c := countryCode(entry)
			if c == "" {
				blank = true
			} else if i := index(c); seen[i/64]&(1<<(i%64)) == 0 {
				seen[i/64] |= 1 << (i % 64)
				switch len(named) {
				case 0:
					named = only(c)
				case 1:
					named = append(make([]string, 0, 4), named[0], c)
				default:
					named = append(named, c)
				}
			}
			if !more {
				break
			}
			v = rest
		}
	}
	return named, blank
}

// index returns the place of an upper-case code in codes.
func index(code string) int { return int(code[0]-'A')*26 + int(code[1]-'A') }
