package console

import (
	"net/http"
	"sort"

	"agora"
)

// orderAppeals is an open order's appeals waiting for an answer.
type orderAppeals struct {
	Order   *agora.Order
	Targets []*agora.Target // each with its pending Appeal
}

type appealsView struct {
	layout
	Orders []orderAppeals
	Done   string
	formState
}

// appeals lists the appeals waiting for an answer, by order, the order with
// the earliest appeal deadline first, each with the form that answers it.
func (c *Console) appeals(w http.ResponseWriter, r *request) error {
	return c.appealsPage(w, r, http.StatusOK, formState{})
}

func (c *Console) appealsPage(w http.ResponseWriter, r *request, status int, fs formState) error {
	v := appealsView{layout: c.layout(r, "Appeals"), Done: doneMessage(r.URL.Query()), formState: fs}
	v.Nav = "appeals"
	for _, s := range orderStates {
		if s == agora.OrderClosed {
			continue
		}
		list, err := c.allOrders(r, agora.OrderQuery{State: s})
		if err != nil {
			return err
		}
		for _, o := range list {
			if o.AppealDeadline.IsZero() {
				continue
			}
			pending, err := c.desk.Targets(r.Context(), r.staff, agora.TargetQuery{OrderID: o.ID, Appeal: agora.AppealPending, Limit: 1000})
			if err != nil {
				return err
			}
			if len(pending) > 0 {
				v.Orders = append(v.Orders, orderAppeals{Order: o, Targets: pending})
			}
		}
	}
	sort.Slice(v.Orders, func(i, j int) bool { return v.Orders[i].Order.AppealDeadline.Before(v.Orders[j].Order.AppealDeadline) })
	return c.render(w, status, "appeals", v)
}

// answerAppeal grants or refuses an owner's appeal with a text the owner
// reads. The form says which page it was on ("from": appeals, or the order's
// page, whose ID is "order"), to go back to, or to show again with the desk's
// refusal.
func (c *Console) answerAppeal(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var granted bool
	switch r.PostForm.Get("answer") {
	case "grant":
		granted = true
	case "refuse":
	default:
		err = agora.Errorf(agora.EUNPROCESSABLE, "Grant or refuse the appeal.")
	}
	if err == nil {
		_, err = c.desk.AnswerAppeal(r.Context(), r.staff, id, granted, r.PostForm.Get("text"))
	}
	code := "appeal-refused"
	if granted {
		code = "appeal-granted"
	}
	form := "appeal-" + id.String()
	if agora.ErrorCode(err) == agora.ECONFLICT {
		form = "appeals" // answered already: its form is no longer on the page
	}
	if order, perr := agora.ParseID(r.PostForm.Get("order")); perr == nil && r.PostForm.Get("from") == "order" {
		return c.orderForm(w, r, order, form, code, err)
	}
	if err != nil {
		if !refused(err) {
			return err
		}
		return c.appealsPage(w, r, http.StatusUnprocessableEntity, formState{Form: form, Error: agora.ErrorMessage(err), Values: sent(r)})
	}
	http.Redirect(w, r.Request, "/legal/appeals?done="+code, http.StatusSeeOther)
	return nil
}
