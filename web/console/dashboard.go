package console

import (
	"net/http"
	"sort"
	"time"

	"agora"
)

// orderStates are the states in the order of an order's life.
var orderStates = []agora.OrderState{agora.OrderReceived, agora.OrderAcknowledged, agora.OrderInReview, agora.OrderAnswered, agora.OrderClosed}

// maxListed bounds the orders the console reads for one page or count.
const maxListed = 10_000

// allOrders reads every order q selects (at most maxListed), 200 at a time.
func (c *Console) allOrders(r *request, q agora.OrderQuery) ([]*agora.Order, error) {
	var all []*agora.Order
	q.Limit = 200
	for q.Offset = 0; q.Offset < maxListed; q.Offset += q.Limit {
		list, err := c.desk.Orders(r.Context(), r.staff, q)
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if len(list) < q.Limit {
			break
		}
	}
	return all, nil
}

type stateCount struct {
	State agora.OrderState
	Count int
}

// deadline is one deadline of an order.
type deadline struct {
	Order *agora.Order
	What  string
	At    time.Time
}

// appealsWaiting is an order's appeals not yet answered.
type appealsWaiting struct {
	Order    *agora.Order
	Count    int
	Deadline time.Time
}

type dashboardView struct {
	layout
	Now     time.Time
	States  []stateCount
	Open    int
	Overdue []*agora.Order
	DueSoon []deadline
	Appeals []appealsWaiting
}

// deadlines lists the order's deadlines not yet met.
func deadlines(o *agora.Order) []deadline {
	var d []deadline
	add := func(what string, at time.Time, met bool) {
		if !at.IsZero() && !met {
			d = append(d, deadline{Order: o, What: what, At: at})
		}
	}
	add("Acknowledge", o.AckDeadline, !o.AcknowledgedAt.IsZero())
	add("Decide", o.Deadline, !o.AnsweredAt.IsZero())
	add("Emergency confirmation", o.ConfirmDeadline, !o.ConfirmedAt.IsZero() || !o.RevokedAt.IsZero())
	add("Answer a notice", o.NoticeDeadline, false)
	add("Answer an appeal", o.AppealDeadline, false)
	return d
}

// dashboard shows the orders by state, the overdue ones, the deadlines of the
// next 24 hours and the appeals waiting for an answer.
func (c *Console) dashboard(w http.ResponseWriter, r *request) error {
	now := c.desk.Now()
	v := dashboardView{layout: c.layout(r, "Dashboard"), Now: now}
	v.Nav = "dashboard"
	for _, s := range orderStates {
		list, err := c.allOrders(r, agora.OrderQuery{State: s})
		if err != nil {
			return err
		}
		v.States = append(v.States, stateCount{State: s, Count: len(list)})
		if s == agora.OrderClosed {
			continue
		}
		v.Open += len(list)
		for _, o := range list {
			if o.Overdue(now) {
				v.Overdue = append(v.Overdue, o)
			}
			for _, d := range deadlines(o) {
				if d.At.After(now) && !d.At.After(now.Add(24*time.Hour)) {
					v.DueSoon = append(v.DueSoon, d)
				}
			}
			if !o.AppealDeadline.IsZero() {
				pending, err := c.desk.Targets(r.Context(), r.staff, agora.TargetQuery{OrderID: o.ID, Appeal: agora.AppealPending, Limit: 100_000})
				if err != nil {
					return err
				}
				v.Appeals = append(v.Appeals, appealsWaiting{Order: o, Count: len(pending), Deadline: o.AppealDeadline})
			}
		}
	}
	sort.Slice(v.DueSoon, func(i, j int) bool { return v.DueSoon[i].At.Before(v.DueSoon[j].At) })
	sort.Slice(v.Appeals, func(i, j int) bool { return v.Appeals[i].Deadline.Before(v.Appeals[j].Deadline) })
	return c.render(w, http.StatusOK, "dashboard", v)
}
