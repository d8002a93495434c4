package schematest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sync"
	"testing"
)

// Transport is an http.RoundTripper that checks every response for which
// [Component] names a component against that component of Schema, and
// records each mismatch. A response it checks must be JSON: a missing body or
// another Content-Type is recorded too. The caller still reads the whole body
// as sent. Responses to HEAD requests are not checked.
//
// Put it under the client a test drives the server with, then call Check (or
// read Errors) when the test is done. A Transport is safe for concurrent use;
// Base and Schema must not change once it is in use.
type Transport struct {
	Base   http.RoundTripper // nil means http.DefaultTransport
	Schema *Schema

	mu      sync.Mutex
	errs    []error
	checked int
}

// RoundTrip sends req through Base and checks the response. It returns
// Base's error, or an error reading the body of a response it checks;
// mismatches are recorded, not returned.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || req.Method == http.MethodHead {
		return resp, err
	}
	component := Component(req.Method, req.URL.Path, resp.StatusCode)
	if component == "" {
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("schematest: read response body: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := t.Schema.check(component, resp.Header, body); err != nil {
		t.record(fmt.Errorf("%s %s -> %d: %w", req.Method, req.URL.Path, resp.StatusCode, err))
	} else {
		t.record(nil)
	}
	return resp, nil
}

// check validates a response body as sent, with its headers.
func (s *Schema) check(component string, h http.Header, body []byte) error {
	mediaType, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if mediaType != "application/json" {
		return fmt.Errorf("content type %q, want application/json (for %s)", h.Get("Content-Type"), component)
	}
	switch enc := h.Get("Content-Encoding"); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("gunzip body: %w", err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			return fmt.Errorf("gunzip body: %w", err)
		}
	default:
		return fmt.Errorf("content encoding %q: cannot check the body", enc)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("empty body, want " + component)
	}
	return s.Validate(component, body)
}

func (t *Transport) record(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.checked++
	if err != nil {
		t.errs = append(t.errs, err)
	}
}

// Errors returns the mismatches recorded so far, oldest first, each naming
// the request and wrapping an *Error when the body did not match.
func (t *Transport) Errors() []error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]error(nil), t.errs...)
}

// Checked returns how many responses have been checked, matching or not.
func (t *Transport) Checked() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.checked
}

// Check reports each recorded mismatch as a test error.
func (t *Transport) Check(tb testing.TB) {
	tb.Helper()
	for _, err := range t.Errors() {
		tb.Errorf("Mastodon schema: %v", err)
	}
}
