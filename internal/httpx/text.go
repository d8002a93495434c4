package httpx

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"agora"
)

// Text a client sends is valid UTF-8 without NUL characters, wherever it comes
// in: the path, the query string, form, JSON and multipart bodies, headers read
// as input (Idempotency-Key) and Basic credentials. PostgreSQL refuses both in
// text (SQLSTATE 22021) while SQLite stores them, so letting them through would
// make a 500 on one database and different data on the other. The rule is
// ValidText; each reader of input applies it once, where the input is decoded,
// and answers EINVALID.

// ValidText reports whether s is text agora accepts: valid UTF-8 holding no NUL
// character.
func ValidText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// CheckText returns nil when s is ValidText, and otherwise an EINVALID error
// naming what, such as "Parameter status" or "The Idempotency-Key header".
func CheckText(what, s string) error {
	if ValidText(s) {
		return nil
	}
	return textError(what)
}

func textError(what string) error {
	return agora.Errorf(agora.EINVALID, "%s must be UTF-8 text without NUL characters.", what)
}

// CheckValues checks every name and value of form or query parameters with
// ValidText; where names them in errors ("the query string", "the form").
func CheckValues(where string, v url.Values) error {
	for k, vals := range v {
		if !ValidText(k) {
			return textError("A parameter name in " + where)
		}
		for _, s := range vals {
			if !ValidText(s) {
				return textError("Parameter " + paramName(k) + " in " + where)
			}
		}
	}
	return nil
}

// CheckJSON checks the text of a JSON document before it is decoded: its bytes
// are UTF-8 (encoding/json would silently turn other bytes into U+FFFD) and no
// string holds an escaped NUL (\u0000), which is the only way a JSON document
// can carry one.
func CheckJSON(data []byte) error {
	if !utf8.Valid(data) {
		return textError("The JSON body's text")
	}
	inString := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString && i+1 < len(data):
			if data[i+1] == 'u' && i+5 < len(data) && string(data[i+2:i+6]) == "0000" {
				return textError("The JSON body's text")
			}
			i++ // the escaped character, a quote or backslash among them
		}
	}
	return nil
}

// paramName is a parameter's name as an error shows it: at most 50 bytes, cut
// at a character's start.
func paramName(k string) string {
	if len(k) <= 50 {
		return k
	}
	n := 50
	for n > 0 && !utf8.RuneStart(k[n]) {
		n--
	}
	return k[:n] + "..."
}
