package httpx_test

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"agora"
	"agora/internal/httpx"
)

// request returns a POST to target with the body and content type ("" for none).
func request(method, target, contentType, body string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	return r
}

func jsonRequest(body string) *http.Request {
	return request(http.MethodPost, "/x", "application/json", body)
}

func formRequest(body string) *http.Request {
	return request(http.MethodPost, "/x", "application/x-www-form-urlencoded", body)
}

// multipartRequest returns a POST with the fields as multipart/form-data; a key
// given several times has several values.
func multipartRequest(t *testing.T, fields ...string) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := w.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return request(http.MethodPost, "/x", w.FormDataContentType(), buf.String())
}

func mustParams(t *testing.T, r *http.Request) *httpx.Params {
	t.Helper()
	p, err := httpx.ReadParams(r)
	if err != nil {
		t.Fatalf("ReadParams: %v", err)
	}
	return p
}

// wantCode fails unless err is an *agora.Error with the code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var e *agora.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
}

func mustString(t *testing.T, p *httpx.Params, key, want string) {
	t.Helper()
	got, err := p.String(key)
	if err != nil || got != want {
		t.Errorf("String(%q) = %q, %v; want %q", key, got, err, want)
	}
}

func TestReadParams_Sources(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  func(t *testing.T) *http.Request
	}{
		{"JSON", func(*testing.T) *http.Request {
			return jsonRequest(`{"status": "hello", "spoiler_text": "cw", "visibility": "unlisted"}`)
		}},
		{"JSONWithCharset", func(*testing.T) *http.Request {
			return request(http.MethodPost, "/x", "application/json; charset=utf-8",
				`{"status": "hello", "spoiler_text": "cw", "visibility": "unlisted"}`)
		}},
		{"Form", func(*testing.T) *http.Request {
			return formRequest("status=hello&spoiler_text=cw&visibility=unlisted")
		}},
		{"FormWithoutContentType", func(*testing.T) *http.Request {
			return request(http.MethodPost, "/x", "", "status=hello&spoiler_text=cw&visibility=unlisted")
		}},
		{"Multipart", func(t *testing.T) *http.Request {
			return multipartRequest(t, "status", "hello", "spoiler_text", "cw", "visibility", "unlisted")
		}},
		{"Query", func(*testing.T) *http.Request {
			return request(http.MethodGet, "/x?status=hello&spoiler_text=cw&visibility=unlisted", "", "")
		}},
		{"QueryAndBody", func(*testing.T) *http.Request {
			return request(http.MethodPost, "/x?status=hello&visibility=unlisted", "application/json", `{"spoiler_text": "cw"}`)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustParams(t, tc.req(t))
			mustString(t, p, "status", "hello")
			mustString(t, p, "spoiler_text", "cw")
			mustString(t, p, "visibility", "unlisted")
			mustString(t, p, "absent", "")
			if !p.Has("status") || p.Has("absent") {
				t.Errorf("Has(status) = %v, Has(absent) = %v; want true, false", p.Has("status"), p.Has("absent"))
			}
		})
	}
}

func TestReadParams_BodyWinsOverQuery(t *testing.T) {
	for name, r := range map[string]*http.Request{
		"JSON": request(http.MethodPost, "/x?status=query", "application/json", `{"status": "body"}`),
		"Form": request(http.MethodPost, "/x?status=query", "application/x-www-form-urlencoded", "status=body"),
	} {
		t.Run(name, func(t *testing.T) {
			mustString(t, mustParams(t, r), "status", "body")
		})
	}
}

func TestReadParams_GetIgnoresBody(t *testing.T) {
	p := mustParams(t, request(http.MethodGet, "/x?a=1", "application/json", `not json at all`))
	mustString(t, p, "a", "1")
}

func TestReadParams_EmptyBodies(t *testing.T) {
	for name, r := range map[string]*http.Request{
		"JSON":       jsonRequest(""),
		"JSONSpaces": jsonRequest(" \n "),
		"Form":       formRequest(""),
	} {
		t.Run(name, func(t *testing.T) {
			p := mustParams(t, r)
			if p.Has("status") {
				t.Error("an empty body has parameters")
			}
		})
	}
}

func TestReadParams_JSONValues(t *testing.T) {
	p := mustParams(t, jsonRequest(`{"s": "x", "n": 12345678901234567890, "f": 1.5, "b": true, "z": null,
		"obj": {"k": "v"}, "arr": ["a"]}`))
	mustString(t, p, "s", "x")
	mustString(t, p, "n", "12345678901234567890") // numbers keep their digits
	mustString(t, p, "f", "1.5")
	mustString(t, p, "b", "true")
	mustString(t, p, "z", "")
	for _, key := range []string{"obj", "arr"} {
		_, err := p.String(key)
		wantCode(t, err, agora.EINVALID)
	}
}

func TestReadParams_Malformed(t *testing.T) {
	for name, body := range map[string]string{
		"Syntax":        `{"status": `,
		"NotAnObject":   `["status"]`,
		"String":        `"status"`,
		"TwoObjects":    `{"a": 1} {"b": 2}`,
		"TrailingValue": `{"a": 1} 2`,
		"Garbage":       `status=hello`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := httpx.ReadParams(jsonRequest(body))
			wantCode(t, err, agora.EINVALID)
		})
	}
	t.Run("BadForm", func(t *testing.T) {
		_, err := httpx.ReadParams(formRequest("status=%zz"))
		wantCode(t, err, agora.EINVALID)
	})
	t.Run("BadMultipart", func(t *testing.T) {
		_, err := httpx.ReadParams(request(http.MethodPost, "/x", "multipart/form-data; boundary=xyz", "no parts here"))
		wantCode(t, err, agora.EINVALID)
	})
	t.Run("UnsupportedContentType", func(t *testing.T) {
		_, err := httpx.ReadParams(request(http.MethodPost, "/x", "text/plain", "status=hello"))
		wantCode(t, err, agora.EINVALID)
	})
}

// TestReadParams_ContentType: a malformed Content-Type, or one naming a charset
// other than UTF-8, is refused with a message naming it, not read as a form.
func TestReadParams_ContentType(t *testing.T) {
	for _, ct := range []string{
		"application/x-www-form-urlencoded; charset",
		"application/json; charset=",
		"form",
		"; boundary=x",
		"application/x-www-form-urlencoded;;",
		"application/x-www-form-urlencoded; charset=iso-8859-1",
		"application/json; charset=utf-16",
		"text/plain",
	} {
		t.Run(ct, func(t *testing.T) {
			_, err := httpx.ReadParams(request(http.MethodPost, "/x", ct, "status=hello"))
			wantCode(t, err, agora.EINVALID)
			if msg := agora.ErrorMessage(err); !strings.Contains(msg, "Content-Type") {
				t.Errorf("message %q does not name the Content-Type", msg)
			}
		})
	}
	for _, ct := range []string{
		"application/x-www-form-urlencoded; charset=UTF-8",
		"application/x-www-form-urlencoded; charset=us-ascii",
		"Application/X-WWW-Form-URLEncoded",
		"",
	} {
		t.Run("accepted "+ct, func(t *testing.T) {
			mustString(t, mustParams(t, request(http.MethodPost, "/x", ct, "status=hello")), "status", "hello")
		})
	}
}

func TestReadParams_TooLarge(t *testing.T) {
	big := strings.Repeat("x", httpx.MaxBodyBytes+1)
	for name, r := range map[string]*http.Request{
		"JSON":      jsonRequest(`{"status": "` + big + `"}`),
		"Form":      formRequest("status=" + big),
		"Multipart": multipartRequest(t, "status", big),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := httpx.ReadParams(r)
			wantCode(t, err, agora.ETOOLARGE)
		})
	}
	t.Run("JustUnder", func(t *testing.T) {
		body := `{"s": "` + strings.Repeat("x", 1000) + `"}`
		body += strings.Repeat(" ", httpx.MaxBodyBytes-len(body))
		mustParams(t, jsonRequest(body))
	})
}

func TestParams_StringTooLong(t *testing.T) {
	p := mustParams(t, formRequest("status="+strings.Repeat("x", 64<<10+1)+"&ok="+strings.Repeat("x", 64<<10)))
	_, err := p.String("status")
	wantCode(t, err, agora.EINVALID)
	if s, err := p.String("ok"); err != nil || len(s) != 64<<10 {
		t.Errorf("String of exactly 64 KiB: len %d, %v", len(s), err)
	}
}

func TestParams_Strings(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  func(t *testing.T) *http.Request
		want []string
	}{
		{"JSONArray", func(*testing.T) *http.Request { return jsonRequest(`{"media_ids": ["1", "2"]}`) }, []string{"1", "2"}},
		{"JSONArrayBrackets", func(*testing.T) *http.Request { return jsonRequest(`{"media_ids[]": ["1", "2"]}`) }, []string{"1", "2"}},
		{"JSONNumbers", func(*testing.T) *http.Request { return jsonRequest(`{"media_ids": [1, 2]}`) }, []string{"1", "2"}},
		{"JSONScalar", func(*testing.T) *http.Request { return jsonRequest(`{"media_ids": "1"}`) }, []string{"1"}},
		{"JSONEmpty", func(*testing.T) *http.Request { return jsonRequest(`{"media_ids": []}`) }, nil},
		{"FormBrackets", func(*testing.T) *http.Request { return formRequest("media_ids[]=1&media_ids[]=2") }, []string{"1", "2"}},
		{"FormEncodedBrackets", func(*testing.T) *http.Request {
			return formRequest(url.Values{"media_ids[]": {"1", "2"}}.Encode())
		}, []string{"1", "2"}},
		{"FormRepeated", func(*testing.T) *http.Request { return formRequest("media_ids=1&media_ids=2") }, []string{"1", "2"}},
		{"Query", func(*testing.T) *http.Request {
			return request(http.MethodGet, "/x?media_ids[]=1&media_ids[]=2", "", "")
		}, []string{"1", "2"}},
		{"Multipart", func(t *testing.T) *http.Request {
			return multipartRequest(t, "media_ids[]", "1", "media_ids[]", "2")
		}, []string{"1", "2"}},
		{"Absent", func(*testing.T) *http.Request { return formRequest("other=1") }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mustParams(t, tc.req(t)).Strings("media_ids")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Strings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParams_Strings_Errors(t *testing.T) {
	many := make([]string, 101)
	for i := range many {
		many[i] = `"x"`
	}
	for name, body := range map[string]string{
		"Objects":  `{"media_ids": [{"id": "1"}]}`,
		"Nested":   `{"media_ids": [["1"]]}`,
		"Booleans": `{"media_ids": [true]}`,
		"Object":   `{"media_ids": {"0": "1"}}`,
		"TooMany":  `{"media_ids": [` + strings.Join(many, ",") + `]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := mustParams(t, jsonRequest(body)).Strings("media_ids")
			wantCode(t, err, agora.EINVALID)
		})
	}
}

// TestParams_Bool checks the cast against Rails' ActiveModel::Type::Boolean,
// which Mastodon reads every boolean parameter with: only its FALSE_VALUES are
// false, "" is not given, anything else is true.
func TestParams_Bool(t *testing.T) {
	for _, tc := range []struct {
		form string
		want bool
	}{
		{"true", true}, {"TRUE", true}, {"True", true}, {"1", true}, {"on", true}, {"yes", true},
		{"t", true}, {"T", true}, {"2", true}, {"maybe", true}, {"no", true}, {"False", true}, {"Off", true},
		{"false", false}, {"FALSE", false}, {"0", false}, {"f", false}, {"F", false},
		{"off", false}, {"OFF", false}, {"", false},
	} {
		t.Run("Form_"+tc.form, func(t *testing.T) {
			got, err := mustParams(t, formRequest("sensitive="+tc.form)).Bool("sensitive")
			if err != nil || got != tc.want {
				t.Errorf("Bool = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	for body, want := range map[string]bool{
		`{"sensitive": true}`: true, `{"sensitive": false}`: false, `{"sensitive": "true"}`: true,
		`{"sensitive": 1}`: true, `{"sensitive": 0}`: false, `{"sensitive": null}`: false, `{}`: false,
		`{"sensitive": "f"}`: false, `{"sensitive": "no"}`: true, `{"sensitive": ""}`: false,
		`{"sensitive": {}}`: true,
	} {
		t.Run("JSON_"+body, func(t *testing.T) {
			got, err := mustParams(t, jsonRequest(body)).Bool("sensitive")
			if err != nil || got != want {
				t.Errorf("Bool = %v, %v; want %v", got, err, want)
			}
		})
	}
}

func TestParams_OptionalBool(t *testing.T) {
	p := mustParams(t, formRequest("locked=false&bot=1&indexable=&hide_collections=t"))
	for key, want := range map[string][2]bool{
		"locked": {false, true}, "bot": {true, true}, "discoverable": {false, false},
		"indexable": {false, false}, "hide_collections": {true, true},
	} {
		v, given, err := p.OptionalBool(key)
		if err != nil || v != want[0] || given != want[1] {
			t.Errorf("OptionalBool(%q) = %v, %v, %v; want %v, %v", key, v, given, err, want[0], want[1])
		}
	}
	j := mustParams(t, jsonRequest(`{"locked": null, "bot": "F"}`))
	for key, want := range map[string][2]bool{"locked": {false, false}, "bot": {false, true}} {
		v, given, err := j.OptionalBool(key)
		if err != nil || v != want[0] || given != want[1] {
			t.Errorf("JSON OptionalBool(%q) = %v, %v, %v; want %v, %v", key, v, given, err, want[0], want[1])
		}
	}
}

func TestParams_Page(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  agora.Page
	}{
		{"", agora.Page{Limit: 20}},
		{"max_id=100&since_id=5&min_id=7&limit=10", agora.Page{MaxID: 100, SinceID: 5, MinID: 7, Limit: 10}},
		{"max_id=0", agora.Page{Limit: 20}},
		{"limit=0", agora.Page{Limit: 1}},
		{"limit=-3", agora.Page{Limit: 1}},
		{"limit=40", agora.Page{Limit: 40}},
		{"limit=41", agora.Page{Limit: 40}},
		{"limit=99999999999", agora.Page{Limit: 40}},
		{"limit=", agora.Page{Limit: 20}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			got, err := mustParams(t, request(http.MethodGet, "/x?"+tc.query, "", "")).Page(20, 40)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Page = %+v, want %+v", got, tc.want)
			}
		})
	}
	t.Run("JSON", func(t *testing.T) {
		got, err := mustParams(t, jsonRequest(`{"max_id": "100", "since_id": 5, "limit": 3}`)).Page(20, 40)
		if want := (agora.Page{MaxID: 100, SinceID: 5, Limit: 3}); err != nil || got != want {
			t.Errorf("Page = %+v, %v; want %+v", got, err, want)
		}
	})
	for _, bad := range []string{"max_id=abc", "since_id=-1", "min_id=1.5", "max_id=99999999999999999999", "limit=ten", "limit=1.5"} {
		t.Run("Bad_"+bad, func(t *testing.T) {
			_, err := mustParams(t, request(http.MethodGet, "/x?"+bad, "", "")).Page(20, 40)
			wantCode(t, err, agora.EINVALID)
		})
	}
}

func TestParams_IntIDRequiredNested(t *testing.T) {
	p := mustParams(t, jsonRequest(`{"n": 7, "big": 1000, "id": "123", "bad_id": "x", "empty": "",
		"home": {"last_read_id": "42"}, "flat": "s"}`))
	if n, err := p.Int("n", 1, 0, 10); err != nil || n != 7 {
		t.Errorf("Int(n) = %d, %v; want 7", n, err)
	}
	if n, err := p.Int("absent", 5, 0, 10); err != nil || n != 5 {
		t.Errorf("Int(absent) = %d, %v; want the default 5", n, err)
	}
	_, err := p.Int("big", 1, 0, 10)
	wantCode(t, err, agora.EINVALID)
	if id, err := p.ID("id"); err != nil || id != 123 {
		t.Errorf("ID(id) = %d, %v; want 123", id, err)
	}
	if id, err := p.ID("absent"); err != nil || id != 0 {
		t.Errorf("ID(absent) = %d, %v; want 0", id, err)
	}
	_, err = p.ID("bad_id")
	wantCode(t, err, agora.EINVALID)
	if s, err := p.Required("id"); err != nil || s != "123" {
		t.Errorf("Required(id) = %q, %v", s, err)
	}
	for _, key := range []string{"absent", "empty"} {
		_, err := p.Required(key)
		wantCode(t, err, agora.EUNPROCESSABLE)
	}
	if s, err := p.Nested("home", "last_read_id"); err != nil || s != "42" {
		t.Errorf("Nested(home, last_read_id) = %q, %v; want 42", s, err)
	}
	for _, obj := range []string{"absent", "flat"} {
		if s, err := p.Nested(obj, "last_read_id"); err != nil || s != "" {
			t.Errorf("Nested(%s, last_read_id) = %q, %v; want \"\"", obj, s, err)
		}
	}
}

// TestKnown: values the parser refuses are left out, as Mastodon leaves out
// enum values it does not know, and given says whether any value was sent.
func TestKnown(t *testing.T) {
	parse := func(s string) (string, error) {
		if s == "mention" || s == "follow" {
			return s, nil
		}
		return "", agora.Errorf(agora.EINVALID, "unknown")
	}
	for _, tc := range []struct {
		query string
		want  []string
		given bool
	}{
		{"", nil, false},
		{"types[]=", nil, false},
		{"types[]=poll", nil, true},
		{"types[]=poll&types[]=mention&types[]=nonsense&types[]=follow", []string{"mention", "follow"}, true},
		{"types=follow", []string{"follow"}, true},
	} {
		t.Run(tc.query, func(t *testing.T) {
			got, given, err := httpx.Known(mustParams(t, request(http.MethodGet, "/x?"+tc.query, "", "")), "types", parse)
			if err != nil || given != tc.given || strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("Known = %v, %v, %v; want %v, %v", got, given, err, tc.want, tc.given)
			}
		})
	}
}
