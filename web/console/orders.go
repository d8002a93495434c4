package console

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"agora"
)

// ordersPerPage is how many orders the list shows at once.
const ordersPerPage = 50

type ordersView struct {
	layout
	Now         time.Time
	Orders      []*agora.Order
	Authorities []*agora.Authority
	AuthorityOf map[agora.ID]string
	// The filters, as the form shows them.
	State     string
	Authority string
	Overdue   bool
	Mine      bool
	States    []agora.OrderState
	Total     int
	Prev      string // the previous page's address; "" on the first
	Next      string // the next page's; "" on the last
}

// orders lists the orders the filters select (state, authority, overdue,
// assigned to the signed-in staff member), by deadline, a page at a time.
func (c *Console) orders(w http.ResponseWriter, r *request) error {
	qv := r.URL.Query()
	v := ordersView{layout: c.layout(r, "Orders"), Now: c.desk.Now(), States: orderStates,
		State: qv.Get("state"), Authority: qv.Get("authority"), Overdue: qv.Get("overdue") == "1", Mine: qv.Get("mine") == "1"}
	v.Nav = "orders"
	q := agora.OrderQuery{State: agora.OrderState(v.State), Overdue: v.Overdue}
	switch q.State {
	case "", agora.OrderReceived, agora.OrderAcknowledged, agora.OrderInReview, agora.OrderAnswered, agora.OrderClosed:
	default:
		return agora.Errorf(agora.EINVALID, "The state must be received, acknowledged, in review, answered or closed.")
	}
	if v.Authority != "" {
		id, err := agora.ParseID(v.Authority)
		if err != nil {
			return agora.Errorf(agora.EINVALID, "The authority is not an ID.")
		}
		q.AuthorityID = id
	}
	offset, err := strconv.Atoi(qv.Get("offset"))
	if err != nil || offset < 0 {
		offset = 0
	}
	auths, err := c.desk.Authorities(r.Context(), r.staff)
	if err != nil {
		return err
	}
	v.Authorities, v.AuthorityOf = auths, authorityNames(auths)
	all, err := c.allOrders(r, q)
	if err != nil {
		return err
	}
	if v.Mine {
		mine := all[:0]
		for _, o := range all {
			if o.AssignedTo == r.staff.ID {
				mine = append(mine, o)
			}
		}
		all = mine
	}
	v.Total = len(all)
	if offset > len(all) {
		offset = len(all)
	}
	end := min(offset+ordersPerPage, len(all))
	v.Orders = all[offset:end]
	page := func(off int) string {
		p := url.Values{}
		for k, vs := range qv {
			if k != "offset" {
				p[k] = vs
			}
		}
		p.Set("offset", strconv.Itoa(off))
		return "/legal/orders?" + p.Encode()
	}
	if offset > 0 {
		v.Prev = page(max(offset-ordersPerPage, 0))
	}
	if end < len(all) {
		v.Next = page(end)
	}
	return c.render(w, http.StatusOK, "orders", v)
}

func authorityNames(list []*agora.Authority) map[agora.ID]string {
	m := make(map[agora.ID]string, len(list))
	for _, a := range list {
		m[a.ID] = a.Name + " (" + a.Country + ")"
	}
	return m
}

type orderView struct {
	layout
	Now            time.Time
	Order          *agora.Order
	Authority      string
	Overdue        bool
	Deadlines      []deadline
	Notices        []*agora.OrderNotice
	Correspondence []*agora.Correspondence
	Documents      []*agora.Document
	Appeals        []*agora.Target // targets with an appeal waiting
	Audit          []*agora.AuditEvent
	// The forms: the staff who may be given the order or a target, the
	// states, the notice kinds, and what the last post left.
	Members     []*agora.Account
	AssignedTo  string // the assigned staff member's username; "" when none
	States      []agora.OrderState
	NoticeKinds []agora.NoticeKind
	Done        string
	formState
}

// auditShown bounds the audit events the order page shows.
const auditShown = 200

// order shows one order: its fields, deficiencies, receipt, deadlines,
// notices, correspondence (the authority's messages among it), documents,
// appeals waiting and audit trail, with the forms that act on it.
func (c *Console) order(w http.ResponseWriter, r *request) error {
	id, err := agora.ParseID(r.PathValue("id"))
	if err != nil {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return c.orderPage(w, r, id, http.StatusOK, formState{})
}

// orderPage renders the order's page with the status and, after a form the
// desk refused, the form's error and values.
func (c *Console) orderPage(w http.ResponseWriter, r *request, id agora.ID, status int, fs formState) error {
	ctx := r.Context()
	o, err := c.desk.Order(ctx, r.staff, id)
	if err != nil {
		return err
	}
	now := c.desk.Now()
	v := orderView{layout: c.layout(r, "Order "+o.Number), Now: now, Order: o, Overdue: o.Overdue(now), Deadlines: deadlines(o),
		States: orderStates, NoticeKinds: noticeKinds, Done: doneMessage(r.URL.Query()), formState: fs}
	v.Nav = "orders"
	auths, err := c.desk.Authorities(ctx, r.staff)
	if err != nil {
		return err
	}
	v.Authority = authorityNames(auths)[o.AuthorityID]
	if v.Notices, err = c.desk.Notices(ctx, r.staff, id); err != nil {
		return err
	}
	if v.Correspondence, err = c.desk.Correspondence(ctx, r.staff, id); err != nil {
		return err
	}
	if v.Documents, err = c.desk.OrderDocuments(ctx, r.staff, id); err != nil {
		return err
	}
	if !o.AppealDeadline.IsZero() {
		if v.Appeals, err = c.desk.Targets(ctx, r.staff, agora.TargetQuery{OrderID: id, Appeal: agora.AppealPending, Limit: 1000}); err != nil {
			return err
		}
	}
	if v.Audit, err = c.desk.Audit(ctx, r.staff, agora.AuditQuery{ObjectKind: "order", ObjectID: id, Limit: auditShown}); err != nil {
		return err
	}
	all, err := c.sessions.StaffAccounts(ctx)
	if err != nil {
		return err
	}
	for _, a := range all {
		if a.ID == o.AssignedTo {
			v.AssignedTo = a.Username
		}
		if a.StaffAt(now) {
			v.Members = append(v.Members, a)
		}
	}
	return c.render(w, status, "order", v)
}
