package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBody is the most of a response body the client decodes; anything longer is
// an error. Load requests discard bodies of any length.
const maxBody = 16 << 20

// Client sends Mastodon API requests to one server over a pool of keep-alive
// connections. It is safe for concurrent use.
type Client struct {
	base string
	hc   *http.Client
}

// NewClient returns a client for the server at target (an http or https URL,
// without a path) tuned for the given number of concurrent connections: that many
// idle connections are kept alive per host. It speaks HTTP/1.1 only, so that
// connections means TCP connections on every server, and ignores proxy settings
// in the environment.
func NewClient(target string, connections int) (*Client, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("target %q: want an http:// or https:// URL", target)
	}
	if connections < 1 {
		return nil, fmt.Errorf("connections %d: want at least 1", connections)
	}
	tr := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          connections + 8,
		MaxIdleConnsPerHost:   connections + 8, // a few spare for the set-up phases and /metrics
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		Protocols:             new(http.Protocols),
	}
	tr.Protocols.SetHTTP1(true) // no HTTP/2: one request per connection at a time
	return &Client{
		base: strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"),
		hc:   &http.Client{Transport: tr, Timeout: 30 * time.Second},
	}, nil
}

// Target returns the base URL the client sends requests to.
func (c *Client) Target() string { return c.base }

// Close closes the client's idle connections.
func (c *Client) Close() { c.hc.CloseIdleConnections() }

// StatusError is a response outside 2xx.
type StatusError struct {
	Method, Path string
	Code         int
	// Body is the start of the response body, for the person reading the error.
	Body string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.Path, e.Code)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// newRequest builds a request with the token (if any) and the form (if any) as an
// application/x-www-form-urlencoded body, which every Mastodon server accepts.
func (c *Client) newRequest(ctx context.Context, method, path, token string, form url.Values) (*http.Request, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "agora-bench")
	return req, nil
}

// call sends one request and decodes a 2xx JSON answer into out (unless out is
// nil). Other answers are a *StatusError.
func (c *Client) call(ctx context.Context, method, path, token string, form url.Values, out any) error {
	req, err := c.newRequest(ctx, method, path, token, form)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Method: method, Path: path, Code: resp.StatusCode, Body: snippet(data)}
	}
	if len(data) > maxBody {
		return fmt.Errorf("%s %s: body longer than %d bytes", method, path, maxBody)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: decode body: %w", method, path, err)
	}
	return nil
}

// hit sends one load request, reads the whole body and discards it. It returns an
// error for a transport failure or a status outside 2xx.
func (c *Client) hit(ctx context.Context, method, path, token string, form url.Values) error {
	req, err := c.newRequest(ctx, method, path, token, form)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Method: method, Path: path, Code: resp.StatusCode}
	}
	return nil
}

// snippet returns the start of a body as one line.
func snippet(b []byte) string {
	const n = 200
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}
