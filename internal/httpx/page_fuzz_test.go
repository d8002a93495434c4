package httpx_test

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"agora"
	"agora/internal/httpx"
)

// FuzzReadParams_Page checks the paging parameters (max_id, since_id, min_id,
// limit) as read from any query and body: it never panics; a request refused
// is EINVALID or ETOOLARGE with a message; a page is refused exactly when an ID
// given is not a non-negative whole number or the limit is not a whole number,
// and the message names the parameter; an accepted page keeps limit within
// [1, 40] and the IDs as given; and the page written back as a query reads as
// the same page.
func FuzzReadParams_Page(f *testing.F) {
	for _, s := range [][3]string{
		{"max_id=105&limit=5", "", ""},
		{"since_id=0&min_id=18446744073709551616&limit=-3", "", ""},
		{"limit=1000000000000000000000", "", ""},
		{"max_id=%2B1&limit=+4", "", ""},
		{"max_id=-1", "", ""},
		{"max_id=1&max_id=x", "application/json", `{"max_id": 7, "limit": 2.5}`},
		{"", "application/json", `{"min_id": "9", "since_id": null, "limit": "40"}`},
		{"", "application/json", `{"max_id": [1], "limit": {"a": 1}}`},
		{"", "application/json", `{"max_id": 1e3, "limit": 1E1}`},
		{"", "application/x-www-form-urlencoded", "max_id=3&limit=%ZZ"},
		{"limit=2", "application/x-www-form-urlencoded", "limit=3&min_id=%00"},
		{"", "text/plain", "max_id=1"},
		{"", "application/json; charset=latin1", "{}"},
		{"", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"limit\"\r\n\r\n7\r\n--x--\r\n"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, query, contentType, body string) {
		r, err := http.NewRequest(http.MethodPost, "/x", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r.URL.RawQuery = query
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		p, err := httpx.ReadParams(r)
		if err != nil {
			mustCode(t, err, agora.EINVALID, agora.ETOOLARGE)
			return
		}
		pg, err := p.Page(20, 40)
		var bad string
		for _, key := range []string{"max_id", "since_id", "min_id", "limit"} {
			s, serr := p.String(key)
			if serr != nil {
				bad = key
				break
			}
			n, perr := strconv.ParseInt(s, 10, 64)
			if s != "" && (perr != nil || n < 0) && key != "limit" {
				bad = key
				break
			}
			if _, aerr := strconv.Atoi(s); s != "" && aerr != nil && key == "limit" {
				bad = key
			}
		}
		if bad != "" {
			if err == nil || !strings.Contains(agora.ErrorMessage(err), bad) {
				t.Fatalf("query %q, body %q: Page = %+v, %v; want an error naming %s", query, body, pg, err, bad)
			}
			mustCode(t, err, agora.EINVALID)
			return
		}
		if err != nil {
			t.Fatalf("query %q, body %q: Page: %v", query, body, err)
		}
		if pg.Limit < 1 || pg.Limit > 40 || pg.MaxID < 0 || pg.SinceID < 0 || pg.MinID < 0 {
			t.Fatalf("query %q, body %q: Page = %+v", query, body, pg)
		}
		back := url.Values{"limit": {strconv.Itoa(pg.Limit)}}
		for key, id := range map[string]agora.ID{"max_id": pg.MaxID, "since_id": pg.SinceID, "min_id": pg.MinID} {
			s, _ := p.String(key)
			if n, _ := strconv.ParseInt(s, 10, 64); agora.ID(n) != id {
				t.Fatalf("query %q, body %q: %s %q read as %s", query, body, key, s, id)
			}
			if id != 0 {
				back.Set(key, id.String())
			}
		}
		r2, _ := http.NewRequest(http.MethodGet, "/x?"+back.Encode(), nil)
		p2, err := httpx.ReadParams(r2)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := p2.Page(20, 40); err != nil || again != pg {
			t.Fatalf("page %+v written as %q reads as %+v, %v", pg, back.Encode(), again, err)
		}
	})
}

// mustCode fails unless err is an agora.Error of one of the codes, with a
// message.
func mustCode(t *testing.T, err error, codes ...string) {
	t.Helper()
	var e *agora.Error
	if !errors.As(err, &e) || e.Message == "" {
		t.Fatalf("error %v: want an agora.Error with a message", err)
	}
	for _, c := range codes {
		if e.Code == c {
			return
		}
	}
	t.Fatalf("error %v: code %s, want one of %q", err, e.Code, codes)
}
