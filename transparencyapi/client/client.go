// Package client reads the transparency reports and the public notices of an
// agora instance over HTTP, as anyone can, in the wire shapes of package wire.
// The end-to-end tests use it. It imports the standard library and wire only.
package client

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"agora/transparencyapi/wire"
)

// maxBody bounds what one answer may hold.
const maxBody = 16 << 20

// Client reads the transparency API of the instance at a base URL.
type Client struct {
	base string
	http *http.Client
}

// New returns a client of the instance at baseURL ("https://social.example");
// hc may be nil for http.DefaultClient.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimSuffix(baseURL, "/"), http: hc}
}

// Error is an answer other than 200: its status and the server's message.
type Error struct {
	Path    string
	Status  int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("GET %s: %d %s", e.Path, e.Status, e.Message) }

// StatusOf returns the status of an *Error in err's chain, 0 if there is none.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// get fetches path and returns the body of a 200 answer.
func (c *Client) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		msg := string(body)
		if json.Unmarshal(body, &e) == nil && e.Error != "" {
			msg = e.Error
		}
		return nil, &Error{Path: path, Status: resp.StatusCode, Message: msg}
	}
	return body, nil
}

// periodQuery is the query of a report of the period ("" for the present one).
func periodQuery(period string) string {
	if period == "" {
		return ""
	}
	return "?period=" + url.QueryEscape(period)
}

// Report returns the report of the half-year ("2026-H1"; "" for the
// present one). A malformed period is an *Error with status 400.
func (c *Client) Report(ctx context.Context, period string) (*wire.Report, error) {
	body, err := c.get(ctx, "/api/v1/transparency/reports"+periodQuery(period))
	if err != nil {
		return nil, err
	}
	var r wire.Report
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("decode report: %w", err)
	}
	return &r, nil
}

// ReportCSV returns the rows of the report of the half-year as CSV, its header
// row first.
func (c *Client) ReportCSV(ctx context.Context, period string) ([][]string, error) {
	body, err := c.get(ctx, "/api/v1/transparency/reports.csv"+periodQuery(period))
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read report CSV: %w", err)
	}
	return rows, nil
}

// Notice returns the public notice of the order with the ID (or, for the ID of
// a rule whose order may be published, of its order). An order that may not
// be published yet is an *Error with status 404, as an unknown one is.
func (c *Client) Notice(ctx context.Context, id string) (*wire.Notice, error) {
	body, err := c.get(ctx, "/api/v1/transparency/notices/"+url.PathEscape(id))
	if err != nil {
		return nil, err
	}
	var n wire.Notice
	if err := json.Unmarshal(body, &n); err != nil {
		return nil, fmt.Errorf("decode notice: %w", err)
	}
	return &n, nil
}
