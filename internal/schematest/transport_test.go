package schematest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fakeTB records Errorf calls instead of failing the test.
type fakeTB struct {
	testing.TB
	errs []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func TestTransport(t *testing.T) {
	s := Load(t)
	status := sample(t, "status.json")
	badAccount := edit(t, sample(t, "account.json"), del("acct"))
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte("[" + string(status) + "]"))
	zw.Close()

	reply := func(contentType string, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Write(body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /api/v1/statuses/{id}", reply("application/json; charset=utf-8", status))
	mux.Handle("GET /api/v1/accounts/{id}", reply("application/json", badAccount))
	mux.Handle("GET /api/v1/instance/rules", reply("text/plain", []byte("[]")))
	mux.Handle("GET /api/v1/timelines/home", reply("application/json", nil))
	mux.HandleFunc("GET /api/v1/bookmarks", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(zipped.Bytes())
	})
	mux.HandleFunc("GET /api/v1/lists", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":"Record not found"}`)
	})
	mux.Handle("GET /.well-known/nodeinfo", reply("application/json", []byte(`{"links":[]}`)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tr := &Transport{Schema: s}
	client := &http.Client{Transport: tr}
	get := func(path string, header ...string) []byte {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	if got := get("/api/v1/statuses/1"); !bytes.Equal(got, status) {
		t.Errorf("caller read %q, want the body as sent", got)
	}
	if got := get("/api/v1/bookmarks", "Accept-Encoding", "gzip"); !bytes.Equal(got, zipped.Bytes()) {
		t.Errorf("caller read %q, want the gzipped body as sent", got)
	}
	get("/api/v1/lists")
	get("/.well-known/nodeinfo")
	if tr.Checked() != 3 || len(tr.Errors()) != 0 {
		t.Fatalf("after good responses: Checked() = %d, Errors() = %v; want 3 and none", tr.Checked(), tr.Errors())
	}

	if got := get("/api/v1/accounts/1"); !bytes.Equal(got, badAccount) {
		t.Errorf("caller read %q, want the body as sent", got)
	}
	get("/api/v1/instance/rules")
	get("/api/v1/timelines/home")
	errs := tr.Errors()
	if tr.Checked() != 6 || len(errs) != 3 {
		t.Fatalf("Checked() = %d, Errors() = %v; want 6 and 3", tr.Checked(), errs)
	}
	var verr *Error
	if !errors.As(errs[0], &verr) || !strings.Contains(errs[0].Error(), "GET /api/v1/accounts/1 -> 200") ||
		verr.Component != "Account" || verr.Pointers()[0] != "/acct" {
		t.Errorf("Errors()[0] = %v, want the request and Account /acct", errs[0])
	}
	if !strings.Contains(errs[1].Error(), `content type "text/plain"`) {
		t.Errorf("Errors()[1] = %v, want the content type", errs[1])
	}
	if !strings.Contains(errs[2].Error(), "empty body") {
		t.Errorf("Errors()[2] = %v, want an empty body", errs[2])
	}

	ftb := &fakeTB{TB: t}
	tr.Check(ftb)
	if len(ftb.errs) != 3 {
		t.Errorf("Check reported %q, want 3 errors", ftb.errs)
	}
}

func TestTransport_baseError(t *testing.T) {
	want := errors.New("connection refused")
	tr := &Transport{Base: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, want }), Schema: Load(t)}
	req := httptest.NewRequest("GET", "http://agora.invalid/api/v1/instance", nil)
	if _, err := tr.RoundTrip(req); !errors.Is(err, want) {
		t.Errorf("RoundTrip = %v, want %v", err, want)
	}
	if tr.Checked() != 0 {
		t.Errorf("Checked() = %d, want 0", tr.Checked())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
