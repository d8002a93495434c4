package agora

import "strings"

// Languages a status may be written in, as Mastodon knows them
// (LanguagesHelper): the ISO 639-1 two-letter codes, the few ISO 639-3 codes of
// languages without one, and some regional variants.
var (
	iso6391 = strings.Fields(`aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn
		bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj
		fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it
		iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv
		mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa
		pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv
		sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo
		za zh zu`)
	iso6393 = strings.Fields(`ast chr ckb cnr csb gsw jbo kab ldn lfn moh nds pdc
		sco sma smj szl tok vai xal zba zgh`)
	regional = strings.Fields(`es-AR es-MX pt-BR pt-PT sr-Latn zh-CN zh-HK zh-TW`)

	languages = func() map[string]string {
		m := make(map[string]string)
		for _, list := range [][]string{iso6391, iso6393, regional} {
			for _, code := range list {
				m[strings.ToLower(code)] = code
			}
		}
		return m
	}()
)

// maxLanguageTag bounds the language tag a client may send ("zh-Hant-TW" and
// longer BCP 47 tags); what is kept is at most MaxLanguageLen.
const maxLanguageTag = 35

// ParseLanguage returns the language code of a status as Mastodon keeps it: ""
// for none, a known code in its usual case (ISO 639-1 "de", ISO 639-3 "tok", a
// regional variant "pt-BR"), and for a tag with another region or script only
// its language ("en-US" and "en_US" are "en"). Anything else is EUNPROCESSABLE.
func ParseLanguage(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if len(s) <= maxLanguageTag {
		key := strings.ToLower(strings.ReplaceAll(s, "_", "-"))
		if code, ok := languages[key]; ok {
			return code, nil
		}
		if base, rest, ok := strings.Cut(key, "-"); ok && subtags(rest) {
			if code, ok := languages[base]; ok {
				return code, nil
			}
		}
	}
	return "", &Error{Code: EUNPROCESSABLE, Message: "Validation failed: Language is not a known ISO 639 language code (such as en, de or pt-BR).",
		Details: map[string][]string{"language": {"ERR_INVALID", "Language is not a known ISO 639 language code."}}}
}

// subtags reports whether s is BCP 47 subtags after the language: one or more
// of 1 to 8 ASCII letters and digits, separated by "-".
func subtags(s string) bool {
	for _, t := range strings.Split(s, "-") {
		if t == "" || len(t) > 8 {
			return false
		}
		for _, c := range []byte(t) {
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
				return false
			}
		}
	}
	return true
}

// LanguageCodes returns every code ParseLanguage keeps, in its usual case:
// the ISO 639-1 codes, then the ISO 639-3 ones, then the regional variants.
// The slice is fresh; callers may change it.
func LanguageCodes() []string {
	out := make([]string, 0, len(iso6391)+len(iso6393)+len(regional))
	out = append(out, iso6391...)
	out = append(out, iso6393...)
	return append(out, regional...)
}
