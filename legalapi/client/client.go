// Package client is a Go client of the legal desk's JSON API (/api/v1/legal/),
// as the end-to-end tests and `agora bench legal` use it. It speaks the wire
// shapes of package wire and nothing of the server's insides: it imports the
// domain package (for agora.TargetCounts), the export formats (legal/lumen,
// legal/dsa) and the standard library only.
//
// Every method answers with the decoded body of the status the operation
// documents for success (201 for what it creates, 200 otherwise); any other
// answer is an *Error carrying the status and the server's message.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Client calls the legal API of one server as one access token. It is safe for
// concurrent use.
type Client struct {
	base  string
	token string
	hc    *http.Client
}

// New returns a client of the server at baseURL (e.g. "http://127.0.0.1:8080")
// sending token as its bearer token ("" sends none). hc nil means
// http.DefaultClient.
func New(baseURL, token string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimSuffix(baseURL, "/"), token: token, hc: hc}
}

// WithToken returns a client of the same server, over the same http.Client,
// sending another token.
func (c *Client) WithToken(token string) *Client {
	cc := *c
	cc.token = token
	return &cc
}

// Error is an answer other than the one the operation documents for success.
type Error struct {
	Method, Path string
	Status       int
	// Message is the server's error message ({"error": ...}); when the body is
	// not such an object, the body itself, shortened.
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, e.Message)
}

// StatusOf returns the status of an *Error in err's chain, 0 if there is none.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// maxMessage bounds the Message of an Error whose body is not an error object.
const maxMessage = 300

// call sends in as JSON (nil: no body) and decodes an answer of status want into
// out (nil: the body is not read). It returns the answer's header.
func (c *Client) call(ctx context.Context, method, path string, in any, want int, out any) (http.Header, error) {
	var rd io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encode: %w", method, path, err)
		}
		rd = bytes.NewReader(data)
	}
	data, h, err := c.send(ctx, method, path, rd, in != nil, want)
	if err != nil || out == nil {
		return h, err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return h, fmt.Errorf("%s %s: decode: %w", method, path, err)
	}
	return h, nil
}

// send sends body (JSON when isJSON) and returns the body and header of an
// answer of status want; any other status is an *Error.
func (c *Client) send(ctx context.Context, method, path string, body io.Reader, isJSON bool, want int) ([]byte, http.Header, error) {
	ct := ""
	if isJSON {
		ct = "application/json"
	}
	return c.sendAs(ctx, method, path, body, ct, want)
}

// sendAs is send with the body's content type ("": none).
func (c *Client) sendAs(ctx context.Context, method, path string, body io.Reader, contentType string, want int) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, resp.Header, fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	if resp.StatusCode != want {
		return nil, resp.Header, &Error{Method: method, Path: path, Status: resp.StatusCode, Message: message(data)}
	}
	return data, resp.Header, nil
}

// message is the error message of an answer's body.
func message(body []byte) string {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error != "" {
		return e.Error
	}
	s := strings.TrimSpace(string(body))
	if len(s) > maxMessage {
		s = s[:maxMessage] + "..."
	}
	return s
}
