package legal

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"agora/legalapi/client"
)

// This file is the HTTP client of `agora bench legal`: its requests to the
// running agora's Mastodon API, and as an anonymous viewer in the bench's
// country. The legal API is called through agora/legalapi/client.

func transport(conns int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(conns, 16) * 2
	t.MaxIdleConnsPerHost = max(conns, 16) * 2
	return t
}

// legalBench is the client of one run: the legal API through its client
// package, the Mastodon API and the anonymous viewer through call and view.
type legalBench struct {
	base, token     string
	country, header string
	hc              *http.Client
	legal           *client.Client
	stderr          io.Writer
}

// statusError is an answer with an unexpected status.
type statusError struct {
	method, path string
	status       int
	body         string
}

// HTTPStatus returns the answer's status code, which bench.RetryBusy reads.
func (e *statusError) HTTPStatus() int { return e.status }

func (e *statusError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.method, e.path, e.status, e.body)
}

// call sends a request with a JSON body (nil: none) or, for a url.Values body, a
// form, with the bearer token (empty: none), and decodes the answer into out
// unless nil. An answer other than want is an *statusError.
func (b *legalBench) call(ctx context.Context, method, path, token string, body any, want int, out any) error {
	var rd io.Reader
	ctype := ""
	switch v := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
	default:
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, rd)
	if err != nil {
		return err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		if len(data) > 300 {
			data = data[:300]
		}
		return &statusError{method: method, path: path, status: resp.StatusCode, body: strings.TrimSpace(string(data))}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

// view sends an anonymous GET as a viewer in the bench's country and returns the
// status and the body.
func (b *legalBench) view(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	if b.header != "" {
		req.Header.Set(b.header, b.country)
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

func randomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}
