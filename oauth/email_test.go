package oauth_test

import (
	"testing"

	"agora"
	"agora/oauth"
)

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"alice@example.org":           "alice@example.org",
		" Alice@Example.ORG ":         "alice@example.org",
		"ａｌｉｃｅ@ｅｘａｍｐｌｅ.org":           "alice@example.org",
		"STRASSE@example.org":         "strasse@example.org",
		"straße@example.org":          "strasse@example.org",
		"ﬁle@example.org":             "file@example.org",
		"josé@example.org":            "josé@example.org",
		"jose\u0301@example.org":      "josé@example.org", // composed by NFKC
		"carol@bücher.example":        "carol@xn--bcher-kva.example",
		"carol@BÜCHER.Example.":       "carol@xn--bcher-kva.example",
		"carol@xn--bcher-kva.example": "carol@xn--bcher-kva.example",
		"дмитрий@пример.рф":           "дмитрий@xn--e1afmkfd.xn--p1ai",
		"tanaka太郎@example.jp":         "tanaka太郎@example.jp",
		"たなかtaro漢字@example.jp":        "たなかtaro漢字@example.jp",
		"not-an-address":              "not-an-address",
	} {
		got, err := oauth.NormalizeEmail(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"аlice@example.org",    // Cyrillic а, Latin lice
		"alice@exаmple.org",    // the same in the domain
		"paypaӏ@example.org",   // Cyrillic palochka
		"αlice@example.org",    // Greek alpha
		"alice@ex ample.org",   // not a domain name
		"alice@xn--zz.example", // not punycode
	} {
		_, err := oauth.NormalizeEmail(in)
		if agora.ErrorCode(err) != agora.EUNPROCESSABLE {
			t.Errorf("NormalizeEmail(%q) = %v, want EUNPROCESSABLE", in, err)
		}
	}
}
