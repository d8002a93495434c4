package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"agora/legalapi/wire"
)

// AddTargets adds targets to the order and answers with its counts after.
func (c *Client) AddTargets(ctx context.Context, orderID string, targets []string) (*wire.TargetsAdded, error) {
	var out wire.TargetsAdded
	_, err := c.call(ctx, http.MethodPost, orderPath(orderID)+"/targets", wire.TargetsInput{Targets: targets}, http.StatusOK, &out)
	return &out, err
}

// AddAnnex adds the targets of an annex file to the order: contentType is
// text/csv (a table; the other columns become each target's remarks) or
// text/plain (one target per line). It answers with the counts of the targets
// added.
func (c *Client) AddAnnex(ctx context.Context, orderID, contentType string, data []byte) (*wire.TargetsAdded, error) {
	path := orderPath(orderID) + "/targets"
	body, _, err := c.sendAs(ctx, http.MethodPost, path, bytes.NewReader(data), contentType, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var out wire.TargetsAdded
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("POST %s: decode: %w", path, err)
	}
	return &out, nil
}

// TargetQuery selects targets of an order; zero fields select all.
type TargetQuery struct {
	Resolution string // resolved, unresolved, duplicate or already_withheld
	Kind       string // account, status or hashtag
	Decision   string // pending, withheld, declined, removed, lifted or escalated
	Appeal     string // pending, approved or rejected: targets with an appeal in that state
	// Text keeps targets whose input, hashtag, account username or remarks
	// contain it, without case; at most 200 characters.
	Text       string
	AssignedTo string // the ID of the staff account the targets are assigned to
	After      int    // targets after this position
	Limit      int    // 0: the server's default (100); at most 1000
}

// TargetPage is one page of targets and the path of the next page, "" on the last.
type TargetPage struct {
	Targets []*wire.Target
	Next    string
}

// Targets reads the first page of the targets of the order q selects, in
// position order.
func (c *Client) Targets(ctx context.Context, orderID string, q TargetQuery) (*TargetPage, error) {
	v := url.Values{}
	setInt(v, "limit", q.Limit)
	set(v, "resolution", q.Resolution)
	set(v, "kind", q.Kind)
	set(v, "decision", q.Decision)
	set(v, "appeal", q.Appeal)
	set(v, "q", q.Text)
	set(v, "assigned_to", q.AssignedTo)
	setInt(v, "after", q.After)
	return c.targetPage(ctx, withQuery(orderPath(orderID)+"/targets", v))
}

// NextTargets reads the page after p; p.Next must not be "".
func (c *Client) NextTargets(ctx context.Context, p *TargetPage) (*TargetPage, error) {
	if p.Next == "" {
		return nil, fmt.Errorf("no page after the last")
	}
	return c.targetPage(ctx, p.Next)
}

// AllTargets reads every target of the order q selects, page by page.
func (c *Client) AllTargets(ctx context.Context, orderID string, q TargetQuery) ([]*wire.Target, error) {
	p, err := c.Targets(ctx, orderID, q)
	if err != nil {
		return nil, err
	}
	all := p.Targets
	for p.Next != "" {
		if p, err = c.NextTargets(ctx, p); err != nil {
			return nil, err
		}
		all = append(all, p.Targets...)
	}
	return all, nil
}

func (c *Client) targetPage(ctx context.Context, path string) (*TargetPage, error) {
	p := &TargetPage{}
	hdr, err := c.call(ctx, http.MethodGet, path, nil, http.StatusOK, &p.Targets)
	if err != nil {
		return nil, err
	}
	if p.Next, err = nextLink(hdr.Get("Link")); err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	return p, nil
}

// nextLink reads the path of a Link header `<path>; rel="next"`; "" for none.
func nextLink(link string) (string, error) {
	if link == "" {
		return "", nil
	}
	start, end := strings.Index(link, "<"), strings.Index(link, ">")
	if start < 0 || end < start || !strings.HasSuffix(link, `rel="next"`) {
		return "", fmt.Errorf("malformed Link %q", link)
	}
	return link[start+1 : end], nil
}

// AssignTarget assigns one target to a staff member (an account ID) to review,
// and answers with the target as the list shows it.
func (c *Client) AssignTarget(ctx context.Context, targetID, staffID string) (*wire.Target, error) {
	var out wire.Target
	_, err := c.call(ctx, http.MethodPost, api+"/targets/"+url.PathEscape(targetID)+"/assign",
		wire.AssignInput{StaffID: staffID}, http.StatusOK, &out)
	return &out, err
}

// Decide applies a decision to targets of the order. A decision going against
// one that stands in another order on the same item (a target's Conflict)
// needs a Note: without one it is a 422 *Error.
func (c *Client) Decide(ctx context.Context, orderID string, in wire.DecisionInput) (*wire.DecisionResult, error) {
	return c.decide(ctx, orderPath(orderID)+"/decisions", in)
}

// Preview reports what the decision would do, changing nothing.
func (c *Client) Preview(ctx context.Context, orderID string, in wire.DecisionInput) (*wire.DecisionResult, error) {
	return c.decide(ctx, orderPath(orderID)+"/decisions/preview", in)
}

func (c *Client) decide(ctx context.Context, path string, in wire.DecisionInput) (*wire.DecisionResult, error) {
	var out wire.DecisionResult
	_, err := c.call(ctx, http.MethodPost, path, in, http.StatusOK, &out)
	return &out, err
}

// Decisions lists the decision events of the order, oldest first.
func (c *Client) Decisions(ctx context.Context, orderID string) ([]*wire.Decision, error) {
	var out []*wire.Decision
	_, err := c.call(ctx, http.MethodGet, orderPath(orderID)+"/decisions", nil, http.StatusOK, &out)
	return out, err
}

// Document is a stored document as the API serves it.
type Document struct {
	Data        []byte
	ContentType string
	Digest      string // "sha-256=<hex>"
	Header      http.Header
}

// Document reads a document of a notice or a message.
func (c *Client) Document(ctx context.Context, id string) (*Document, error) {
	data, h, err := c.send(ctx, http.MethodGet, api+"/documents/"+url.PathEscape(id), nil, false, http.StatusOK)
	if err != nil {
		return nil, err
	}
	return &Document{Data: data, ContentType: h.Get("Content-Type"), Digest: h.Get("Digest"), Header: h}, nil
}

// AnswerAppeal answers the owner's appeal: granted lifts the target's
// withholding; text goes to the owner. It answers with the appeal, answered.
func (c *Client) AnswerAppeal(ctx context.Context, appealID string, granted bool, text string) (*wire.Appeal, error) {
	var out wire.Appeal
	_, err := c.call(ctx, http.MethodPost, api+"/appeals/"+url.PathEscape(appealID)+"/answer",
		wire.AppealAnswerInput{Granted: &granted, Text: text}, http.StatusOK, &out)
	return &out, err
}
