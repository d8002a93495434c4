package console

import (
	"net/http"
	"net/url"
	"strconv"

	"agora"
)

type handoverView struct {
	layout
	// From is every staff account, its access ended or not; To those with
	// legal access now, who can take work over.
	From []*agora.Account
	To   []*agora.Account
	Done string
	formState
}

// handoverPage shows the form that hands one staff member's open orders and
// targets over to another.
func (c *Console) handoverPage(w http.ResponseWriter, r *request) error {
	return c.renderHandover(w, r, http.StatusOK, formState{})
}

func (c *Console) renderHandover(w http.ResponseWriter, r *request, status int, fs formState) error {
	all, err := c.sessions.StaffAccounts(r.Context())
	if err != nil {
		return err
	}
	v := handoverView{layout: c.layout(r, "Staff handover"), From: all, Done: doneMessage(r.URL.Query()), formState: fs}
	v.Nav = "handover"
	now := c.desk.Now()
	for _, a := range all {
		if a.StaffAt(now) {
			v.To = append(v.To, a)
		}
	}
	return c.render(w, status, "handover", v)
}

// handover moves the open orders and targets with the desk's Handover.
func (c *Console) handover(w http.ResponseWriter, r *request) error {
	from, to := r.PostForm.Get("from"), r.PostForm.Get("to")
	var err error
	if from == "" || to == "" {
		err = agora.Errorf(agora.EUNPROCESSABLE, "Choose whom to hand over from and to.")
	}
	var orders, targets int
	if err == nil {
		orders, targets, err = c.desk.Handover(r.Context(), r.staff, from, to)
	}
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		err = agora.Errorf(agora.EUNPROCESSABLE, "Choose staff members from the lists.")
	}
	if err != nil {
		if !refused(err) {
			return err
		}
		return c.renderHandover(w, r, http.StatusUnprocessableEntity, formState{Form: "handover", Error: agora.ErrorMessage(err), Values: sent(r)})
	}
	q := url.Values{"done": {"handover"}, "orders": {strconv.Itoa(orders)}, "targets": {strconv.Itoa(targets)}}
	http.Redirect(w, r.Request, "/legal/handover?"+q.Encode(), http.StatusSeeOther)
	return nil
}
