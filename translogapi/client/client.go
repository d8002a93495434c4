// Package client reads a transparency log over HTTP, as any reader can: it is
// the translog.Fetcher of `agora log verify`.
package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"agora"
	"agora/translog"
	"agora/translogapi/wire"
)

// maxBody bounds what one answer may hold: a full entry bundle of 256 entries
// of at most 64 KiB each.
const maxBody = 256*(2+65535) + 1

// Client reads the log of the instance at a base URL.
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

// get fetches path; a 404 is an *agora.Error with code ENOTFOUND, any other
// status but 200 an error naming it.
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
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, &agora.Error{Code: agora.ENOTFOUND, Message: "GET " + path + ": 404 Not Found"}
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	case len(body) == maxBody:
		return nil, fmt.Errorf("GET %s: the answer is too large", path)
	}
	return body, nil
}

// Key fetches the log's verifier key.
func (c *Client) Key(ctx context.Context) (string, error) {
	b, err := c.get(ctx, "/transparency/log/key")
	return strings.TrimSpace(string(b)), err
}

// Checkpoint fetches the signed checkpoint.
func (c *Client) Checkpoint(ctx context.Context) ([]byte, error) {
	return c.get(ctx, "/transparency/log/checkpoint")
}

// Tile fetches the tile at path (tile/...).
func (c *Client) Tile(ctx context.Context, path string) ([]byte, error) {
	return c.get(ctx, "/transparency/log/"+path)
}

// Opening fetches the opening of the committed entry at index: ENOTFOUND while
// it is not published.
func (c *Client) Opening(ctx context.Context, index int64) (*agora.LogOpening, error) {
	b, err := c.get(ctx, "/api/v1/transparency/log/openings/"+strconv.FormatInt(index, 10))
	if err != nil {
		return nil, err
	}
	var o wire.Opening
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("opening %d: %w", index, err)
	}
	salt, err := hex.DecodeString(o.Salt)
	if err != nil {
		return nil, fmt.Errorf("opening %d: salt: %w", index, err)
	}
	return &agora.LogOpening{Index: o.Index, Salt: salt, Subject: o.Subject, Order: o.Order}, nil
}

// EntryProof fetches the entry at index with the proof of its inclusion in the
// tree of the checkpoint served with it (translog.CheckEntry checks it):
// ENOTFOUND for an entry the log does not have.
func (c *Client) EntryProof(ctx context.Context, index int64) (*translog.EntryProof, error) {
	b, err := c.get(ctx, agora.LogEntryPath+strconv.FormatInt(index, 10))
	if err != nil {
		return nil, err
	}
	var e wire.Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("entry %d: %w", index, err)
	}
	p := &translog.EntryProof{Index: e.Index, Entry: []byte(e.Entry), Checkpoint: []byte(e.Checkpoint)}
	for _, s := range e.Proof {
		h, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(h) != tlog.HashSize {
			return nil, fmt.Errorf("entry %d: the proof holds %q, not a hash", index, s)
		}
		p.Proof = append(p.Proof, tlog.Hash(h))
	}
	if p.Index != index {
		return nil, fmt.Errorf("entry %d: the log answered entry %d", index, p.Index)
	}
	return p, nil
}

// PostCosignature sends a checkpoint of the log with a witness's cosignature
// (translog.Cosign) to the log, which serves it with its checkpoint from then
// on, while the log has that size.
func (c *Client) PostCosignature(ctx context.Context, cosigned []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/transparency/log/cosignature", bytes.NewReader(cosigned))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("POST /transparency/log/cosignature: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}
