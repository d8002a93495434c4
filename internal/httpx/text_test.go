package httpx_test

import (
	"net/url"
	"testing"

	"agora"
	"agora/internal/httpx"
)

func TestValidText(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "hello": true, "héllo 🌍": true, "tab\tand\nnewline": true, "\ufffd": true,
		"a\x00b": false, "\x00": false, "a\xffb": false, "a\xc3": false, "\xed\xa0\x80": false, "\xc0\x80": false,
	} {
		if got := httpx.ValidText(s); got != want {
			t.Errorf("ValidText(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	for doc, ok := range map[string]bool{
		`{"a": "b"}`:                     true,
		`{"a": "\\u0000"}`:               true, // an escaped backslash, then text
		`{"a": "\\\\u0000"}`:             true,
		`{"a": "x\"\\u0000"}`:            true, // a quote, a backslash, then text
		`{"a": "x\"\u0000"}`:             false,
		`{"a": "\u0000"}`:                false,
		`{"\u0000": 1}`:                  false,
		`{"a": "\u00001"}`:               false,
		`{"a": "\u0001"}`:                true,
		`{"a": "\ud800"}`:                true, // decoded as U+FFFD, which is text
		"{\"a\": \"\xff\"}":              false,
		"{\"a\": \"\xed\xa0\x80\"}":      false,
		`{"a": ["ok", {"b": "\u0000"}]}`: false,
		`{"a": "é"}`:                     true,
	} {
		err := httpx.CheckJSON([]byte(doc))
		if ok && err != nil || !ok && agora.ErrorCode(err) != agora.EINVALID {
			t.Errorf("CheckJSON(%q) = %v, want ok %v", doc, err, ok)
		}
	}
}

func TestCheckValues(t *testing.T) {
	if err := httpx.CheckValues("the form", url.Values{"a": {"b", "é"}}); err != nil {
		t.Errorf("valid values: %v", err)
	}
	for _, v := range []url.Values{{"a": {"ok", "b\x00"}}, {"a\xff": {"b"}}, {"a": {"\xc3"}}} {
		err := httpx.CheckValues("the form", v)
		wantCode(t, err, agora.EINVALID)
		if msg := agora.ErrorMessage(err); !httpx.ValidText(msg) {
			t.Errorf("the message %q is not text itself", msg)
		}
	}
}

// TestReadParams_Text: every kind of body refuses text that is not UTF-8 or
// holds a NUL, in a name or a value.
func TestReadParams_Text(t *testing.T) {
	for name, r := range map[string]func(t *testing.T) (*httpx.Params, error){
		"form value": func(*testing.T) (*httpx.Params, error) { return httpx.ReadParams(formRequest("status=a%00b")) },
		"form name":  func(*testing.T) (*httpx.Params, error) { return httpx.ReadParams(formRequest("a%FF=b")) },
		"JSON escape": func(*testing.T) (*httpx.Params, error) {
			return httpx.ReadParams(jsonRequest(`{"status": "a\u0000b"}`))
		},
		"JSON raw bytes": func(*testing.T) (*httpx.Params, error) {
			return httpx.ReadParams(jsonRequest("{\"status\": \"a\xffb\"}"))
		},
		"JSON nested": func(*testing.T) (*httpx.Params, error) {
			return httpx.ReadParams(jsonRequest(`{"home": {"x": "\u0000"}}`))
		},
		"multipart value": func(t *testing.T) (*httpx.Params, error) {
			return httpx.ReadParams(multipartRequest(t, "status", "a\xc3"))
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := r(t)
			wantCode(t, err, agora.EINVALID)
		})
	}
}
