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

// headerCountry returns the country in the values of a country header: the
// code if there is exactly one value and it is a valid code, else "". Several
// values mean a client added one that the proxy did not replace, so none is
// believed.
func headerCountry(values []string) string {
	if len(values) != 1 {
		return ""
	}
	return countryCode(values[0])
}
