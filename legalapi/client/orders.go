package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"agora/legalapi/wire"
)

const api = "/api/v1/legal"

func orderPath(id string) string { return api + "/orders/" + url.PathEscape(id) }

// CreateAuthority records an issuer of orders.
func (c *Client) CreateAuthority(ctx context.Context, in wire.AuthorityInput) (*wire.Authority, error) {
	var out wire.Authority
	_, err := c.call(ctx, http.MethodPost, api+"/authorities", in, http.StatusCreated, &out)
	return &out, err
}

// Authorities lists every authority.
func (c *Client) Authorities(ctx context.Context) ([]*wire.Authority, error) {
	var out []*wire.Authority
	_, err := c.call(ctx, http.MethodGet, api+"/authorities", nil, http.StatusOK, &out)
	return out, err
}

// CreateOrder records an order and resolves its targets.
func (c *Client) CreateOrder(ctx context.Context, in wire.OrderInput) (*wire.OrderCreated, error) {
	var out wire.OrderCreated
	_, err := c.call(ctx, http.MethodPost, api+"/orders", in, http.StatusCreated, &out)
	return &out, err
}

// OrderQuery selects orders; zero fields select all.
type OrderQuery struct {
	State       string // received, acknowledged, in_review, answered or closed
	AuthorityID string
	Country     string // in the territorial scope
	Overdue     bool
	Limit       int // 0: the server's default (20)
	Offset      int
}

func (q OrderQuery) values() url.Values {
	v := url.Values{}
	set(v, "state", q.State)
	set(v, "authority", q.AuthorityID)
	set(v, "country", q.Country)
	if q.Overdue {
		v.Set("overdue", "true")
	}
	setInt(v, "limit", q.Limit)
	setInt(v, "offset", q.Offset)
	return v
}

// Orders lists the orders q selects, newest first.
func (c *Client) Orders(ctx context.Context, q OrderQuery) ([]*wire.Order, error) {
	var out []*wire.Order
	_, err := c.call(ctx, http.MethodGet, withQuery(api+"/orders", q.values()), nil, http.StatusOK, &out)
	return out, err
}

// Order reads one order.
func (c *Client) Order(ctx context.Context, id string) (*wire.Order, error) {
	return c.order(ctx, http.MethodGet, orderPath(id), nil)
}

// Acknowledge records the order's acknowledgement.
func (c *Client) Acknowledge(ctx context.Context, id string) (*wire.Order, error) {
	return c.order(ctx, http.MethodPost, orderPath(id)+"/acknowledge", nil)
}

// SetState moves the order to state.
func (c *Client) SetState(ctx context.Context, id, state string) (*wire.Order, error) {
	return c.order(ctx, http.MethodPost, orderPath(id)+"/state", wire.StateInput{State: state})
}

// Assign gives the order to a staff account.
func (c *Client) Assign(ctx context.Context, id, staffID string) (*wire.Order, error) {
	return c.order(ctx, http.MethodPost, orderPath(id)+"/assign", wire.AssignInput{StaffID: staffID})
}

func (c *Client) order(ctx context.Context, method, path string, in any) (*wire.Order, error) {
	var out wire.Order
	_, err := c.call(ctx, method, path, in, http.StatusOK, &out)
	return &out, err
}

// AddNotice records a notice from the authority about the order.
func (c *Client) AddNotice(ctx context.Context, orderID string, in wire.NoticeInput) (*wire.Notice, error) {
	var out wire.Notice
	_, err := c.call(ctx, http.MethodPost, orderPath(orderID)+"/notices", in, http.StatusCreated, &out)
	return &out, err
}

// Notices lists the notices of the order, oldest first.
func (c *Client) Notices(ctx context.Context, orderID string) ([]*wire.Notice, error) {
	var out []*wire.Notice
	_, err := c.call(ctx, http.MethodGet, orderPath(orderID)+"/notices", nil, http.StatusOK, &out)
	return out, err
}

// AnswerNotice marks the notice answered: its deadline no longer makes its
// order overdue.
func (c *Client) AnswerNotice(ctx context.Context, noticeID string) (*wire.Notice, error) {
	var out wire.Notice
	_, err := c.call(ctx, http.MethodPost, api+"/notices/"+url.PathEscape(noticeID)+"/answer", nil, http.StatusOK, &out)
	return &out, err
}

// AddCorrespondence records a message of the formal dialogue about the order.
func (c *Client) AddCorrespondence(ctx context.Context, orderID string, in wire.CorrespondenceInput) (*wire.Correspondence, error) {
	var out wire.Correspondence
	_, err := c.call(ctx, http.MethodPost, orderPath(orderID)+"/correspondence", in, http.StatusCreated, &out)
	return &out, err
}

// Correspondence lists the messages about the order, oldest first.
func (c *Client) Correspondence(ctx context.Context, orderID string) ([]*wire.Correspondence, error) {
	var out []*wire.Correspondence
	_, err := c.call(ctx, http.MethodGet, orderPath(orderID)+"/correspondence", nil, http.StatusOK, &out)
	return out, err
}

// OrderDocuments lists the documents received with the order (its annex
// file and the others an authority sent with it), without their data.
func (c *Client) OrderDocuments(ctx context.Context, orderID string) ([]*wire.DocumentInfo, error) {
	var out []*wire.DocumentInfo
	_, err := c.call(ctx, http.MethodGet, orderPath(orderID)+"/documents", nil, http.StatusOK, &out)
	return out, err
}

// AuditQuery selects audit events; zero fields select all.
type AuditQuery struct {
	Object  string // kind:id, e.g. "order:123"
	AfterID string // events after this one
	Limit   int    // 0: the server's default (100)
}

// Audit lists the audit events q selects, oldest first.
func (c *Client) Audit(ctx context.Context, q AuditQuery) ([]*wire.AuditEvent, error) {
	v := url.Values{}
	set(v, "limit", itoa(q.Limit))
	set(v, "object", q.Object)
	set(v, "after", q.AfterID)
	var out []*wire.AuditEvent
	_, err := c.call(ctx, http.MethodGet, withQuery(api+"/audit", v), nil, http.StatusOK, &out)
	return out, err
}

func set(v url.Values, key, value string) {
	if value != "" {
		v.Set(key, value)
	}
}

func setInt(v url.Values, key string, n int) { set(v, key, itoa(n)) }

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
