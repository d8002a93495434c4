package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"agora/legalapi/wire"
)

// LumenNotice reads the order as a Lumen GovernmentRequest notice, ready to be
// sent to Lumen. A confidential order answers 409 until its gag ends.
func (c *Client) LumenNotice(ctx context.Context, orderID string) (*wire.LumenSubmission, error) {
	var out wire.LumenSubmission
	_, err := c.call(ctx, http.MethodGet, orderPath(orderID)+"/export/lumen", nil, http.StatusOK, &out)
	return &out, err
}

// DSAQuery selects the decisions of a DSA export; zero fields select all.
type DSAQuery struct {
	Since time.Time // only decisions taken at or after
	After string    // a decision ID: only the decisions after it
	Limit int       // 0: the server's default and most, 100
}

// DSAPage is one batch of statements of reasons and the path of the next
// batch, "" when this one is empty: the export is up to date, and the path
// last followed is where the next run resumes.
type DSAPage struct {
	Batch *wire.DSAStatements
	Next  string
}

// DSAStatements reads the first batch of statements of reasons q selects,
// oldest decision first.
func (c *Client) DSAStatements(ctx context.Context, q DSAQuery) (*DSAPage, error) {
	v := url.Values{}
	if !q.Since.IsZero() {
		v.Set("since", q.Since.UTC().Format(time.RFC3339))
	}
	set(v, "after", q.After)
	setInt(v, "limit", q.Limit)
	return c.dsaPage(ctx, withQuery(api+"/export/dsa", v))
}

// NextDSAStatements reads the batch after p; p.Next must not be "".
func (c *Client) NextDSAStatements(ctx context.Context, p *DSAPage) (*DSAPage, error) {
	if p.Next == "" {
		return nil, fmt.Errorf("no batch after an empty one")
	}
	return c.dsaPage(ctx, p.Next)
}

func (c *Client) dsaPage(ctx context.Context, path string) (*DSAPage, error) {
	p := &DSAPage{Batch: &wire.DSAStatements{}}
	hdr, err := c.call(ctx, http.MethodGet, path, nil, http.StatusOK, p.Batch)
	if err != nil {
		return nil, err
	}
	if p.Next, err = nextLink(hdr.Get("Link")); err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	return p, nil
}
