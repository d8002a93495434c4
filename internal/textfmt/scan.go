package textfmt

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on the entities the scanner recognises.
const (
	maxTagLen      = 100 // runes in a hashtag name
	maxUsernameLen = 30  // bytes (ASCII) in a mentioned username
	maxDomainLen   = 253 // bytes in the @domain part of a mention
)

// tokenKind says what a piece of a line is.
type tokenKind int

const (
	tokText    tokenKind = iota // plain text, to be escaped
	tokURL                      // an http(s) link
	tokTag                      // a hashtag; name is the name as typed, without '#'
	tokMention                  // a mention; name is user or user@domain, without the first '@'
)

// token is one piece of a line: text is the source exactly as typed.
type token struct {
	kind tokenKind
	text string
	name string
}

// scan splits s into text, links, hashtags and mentions. It reads every byte a
// bounded number of times, so it is linear in len(s). s must be valid UTF-8.
func scan(s string) []token {
	var toks []token
	textStart := 0
	prev := ' ' // the start of s counts as a non-word character
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var t token
		n := 0
		switch {
		case (r == 'h' || r == 'H') && !isWord(prev):
			t.kind, n = matchURL(s[i:])
		case r == '#' && !isWord(prev) && prev != '/' && prev != '&':
			t.kind = tokTag
			t.name = matchTag(s[i+1:])
			if t.name != "" {
				n = 1 + len(t.name)
			}
		case r == '@' && !isWord(prev) && prev != '/':
			t.kind = tokMention
			t.name = matchMention(s[i+1:])
			if t.name != "" {
				n = 1 + len(t.name)
			}
		}
		if n == 0 {
			i += size
			prev = r
			continue
		}
		if t.kind != tokText {
			if textStart < i {
				toks = append(toks, token{kind: tokText, text: s[textStart:i]})
			}
			t.text = s[i : i+n]
			toks = append(toks, t)
			textStart = i + n
		}
		i += n
		prev, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if textStart < len(s) {
		toks = append(toks, token{kind: tokText, text: s[textStart:]})
	}
	return toks
}

// matchURL reports how many bytes at the start of s form a link. A run that looks
// like a link but is not a valid one comes back as tokText, so that no hashtag or
// mention is found inside it; n is 0 when s does not start with a scheme.
func matchURL(s string) (kind tokenKind, n int) {
	scheme := schemeLen(s)
	if scheme == 0 {
		return tokText, 0
	}
	// The candidate runs to the first space, or to '<' or '>', which RFC 3986
	// never allows in a URL and which usually wrap one: <https://example.org>.
	end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '<' || r == '>' })
	if end < 0 {
		end = len(s)
	}
	u := trimURL(s[:end], scheme)
	if !validURL(u, scheme) {
		return tokText, end
	}
	return tokURL, len(u)
}

// schemeLen returns the length of an "http://" or "https://" prefix of s, in any
// case, or 0.
func schemeLen(s string) int {
	for _, p := range []string{"http://", "https://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

// trimURL drops the punctuation that ends the sentence rather than the link: a
// closing parenthesis stays when the link opened one, as in
// https://en.wikipedia.org/wiki/Go_(programming_language).
func trimURL(u string, scheme int) string {
	open := strings.Count(u, "(")
	closed := strings.Count(u, ")")
	for len(u) > scheme {
		switch u[len(u)-1] {
		case '.', ',', ';', ':', '!', '?', '\'', '"':
		case ')':
			if closed <= open {
				return u
			}
			closed--
		default:
			return u
		}
		u = u[:len(u)-1]
	}
	return u
}

// validURL reports whether u is a link worth rendering: something after the
// scheme, no control characters, and a host that net/url accepts.
func validURL(u string, scheme int) bool {
	if len(u) <= scheme || strings.ContainsFunc(u, unicode.IsControl) {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && p.Host != ""
}

// matchTag returns the hashtag name at the start of s (just after the '#'), or ""
// when there is none.
func matchTag(s string) string {
	end, runes := 0, 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isWord(r) {
			break
		}
		if runes++; runes > maxTagLen {
			return "" // too long to be a tag; not a truncated one either
		}
		end += size
	}
	if !validTagName(s[:end]) {
		return ""
	}
	return s[:end]
}

// validTagName reports whether name, without '#', is a hashtag name: at most
// maxTagLen letters, digits, combining marks and underscores, at least one of
// them a letter or an underscore.
func validTagName(name string) bool {
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxTagLen {
		return false
	}
	named := false
	for _, r := range name {
		if !isWord(r) {
			return false
		}
		if r == '_' || unicode.IsLetter(r) {
			named = true
		}
	}
	return named
}

// matchMention returns the username, with its @domain part if any, at the start
// of s (just after the '@'), or "" when there is none.
func matchMention(s string) string {
	user := 0
	for user < len(s) && isUsernameByte(s[user]) {
		user++
	}
	if user == 0 || user > maxUsernameLen {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(s[user:]); isWord(r) {
		return "" // @josé is not a mention of @jos
	}
	if user == len(s) || s[user] != '@' {
		return s[:user]
	}
	end := user + 1
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isWord(r) && r != '.' && r != '-' {
			break
		}
		end += size
	}
	domain := strings.TrimRight(s[user+1:end], ".-")
	if domain == "" {
		return s[:user] // "@alice@" mentions alice
	}
	if first, _ := utf8.DecodeRuneInString(domain); !isWord(first) || len(domain) > maxDomainLen {
		return ""
	}
	return s[:user+1+len(domain)]
}

// isWord reports whether r is part of a word: a letter, a digit, a combining mark
// (as in a decomposed "é") or an underscore.
func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isUsernameByte reports whether b may appear in a local username.
func isUsernameByte(b byte) bool {
	return b == '_' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}
