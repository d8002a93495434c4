package oauth

import (
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// NormalizeEmail returns the form of an e-mail address that accounts are
// stored and looked up by, so that an address written with look-alike letters
// is the same address: the local part in Unicode normalization form NFKC and
// case-folded (full-width ＡＬＩＣＥ and ALICE are alice, STRASSE and straße are
// strasse), the domain as IDNA A-labels under UTS 46 (bücher.example and
// BÜCHER.example are xn--bcher-kva.example), without a final dot.
//
// An address whose local part, or a label of whose domain, mixes letters of
// scripts that are not written together (UTS 39's highly restrictive level:
// one script, or Latin with Han and the Japanese kana, Bopomofo or Hangul),
// such as a Cyrillic а among Latin letters, is EUNPROCESSABLE: it can only be
// meant to pass for another. So is a domain IDNA refuses. Whole-script
// look-alikes (an address all in Cyrillic letters that look Latin) are not
// caught. The result is not otherwise validated (agora.ValidateEmail).
func NormalizeEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email, nil // not an address; ValidateEmail says so
	}
	local := norm.NFKC.String(cases.Fold().String(norm.NFKC.String(email[:at])))
	domain, err := idna.Lookup.ToASCII(email[at+1:])
	if err != nil {
		return "", emailError("The e-mail address's domain is not a valid domain name.")
	}
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	if mixedScripts(local) {
		return "", emailError("The e-mail address mixes letters of different scripts.")
	}
	unicodeDomain, err := idna.Lookup.ToUnicode(domain)
	if err != nil {
		return "", emailError("The e-mail address's domain is not a valid domain name.")
	}
	for _, label := range strings.Split(unicodeDomain, ".") {
		if mixedScripts(label) {
			return "", emailError("The e-mail address's domain mixes letters of different scripts.")
		}
	}
	return local + "@" + domain, nil
}

func emailError(msg string) error {
	return fieldError("email", "ERR_INVALID", msg)
}

// scripts are the scripts of most letters in addresses, looked in first.
var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek},
	{"Han", unicode.Han}, {"Hiragana", unicode.Hiragana}, {"Katakana", unicode.Katakana},
	{"Hangul", unicode.Hangul}, {"Bopomofo", unicode.Bopomofo}, {"Arabic", unicode.Arabic},
	{"Hebrew", unicode.Hebrew}, {"Armenian", unicode.Armenian}, {"Georgian", unicode.Georgian},
	{"Cherokee", unicode.Cherokee}, {"Devanagari", unicode.Devanagari}, {"Thai", unicode.Thai},
	{"Coptic", unicode.Coptic},
}

// scriptOf returns the name of the script of the letter r.
func scriptOf(r rune) string {
	for _, sc := range scripts {
		if unicode.Is(sc.table, r) {
			return sc.name
		}
	}
	for name, table := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(table, r) {
			return name
		}
	}
	return "Common"
}

// allowedMixes are the sets of scripts written together that UTS 39's highly
// restrictive level allows in one identifier.
var allowedMixes = []map[string]bool{
	{"Latin": true, "Han": true, "Hiragana": true, "Katakana": true},
	{"Latin": true, "Han": true, "Bopomofo": true},
	{"Latin": true, "Han": true, "Hangul": true},
}

// mixedScripts reports whether s has letters of scripts not written together.
// Digits, punctuation and combining marks (the Common and Inherited scripts)
// count for none.
func mixedScripts(s string) bool {
	seen := map[string]bool{}
	for _, r := range s {
		if r < 0x80 {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				seen["Latin"] = true
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		if sc := scriptOf(r); sc != "Common" {
			seen[sc] = true
		}
	}
	if len(seen) <= 1 {
		return false
	}
	for _, mix := range allowedMixes {
		ok := true
		for name := range seen {
			ok = ok && mix[name]
		}
		if ok {
			return false
		}
	}
	return true
}
