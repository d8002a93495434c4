package console

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"

	"agora"
	"agora/legal"
)

// decideView is the page of a decision before it is made: what it would
// hide (the desk's preview), the conflicts with other orders that need a note,
// and the form that confirms it.
type decideView struct {
	layout
	Order     *agora.Order
	Action    string
	Countries string
	Code      string
	Note      string
	All       bool
	IDs       []string
	Filter    targetFilter
	Selected  int
	Impact    *legal.Impact
	Conflicts []targetRow // selected targets whose decision would go against another order's
	Error     string
	Back      string // the targets table, filtered as it was
}

// decisionForm reads a decision form: the action, its countries, reason code
// and note, and the selection (target IDs, or all that match the filter).
func (c *Console) decisionForm(r *request) (*agora.Order, decideView, legal.DecisionInput, error) {
	id, err := agora.ParseID(r.PathValue("id"))
	if err != nil {
		return nil, decideView{}, legal.DecisionInput{}, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	o, err := c.desk.Order(r.Context(), r.staff, id)
	if err != nil {
		return nil, decideView{}, legal.DecisionInput{}, err
	}
	f, err := readTargetFilter(r.PostForm)
	if err != nil {
		return nil, decideView{}, legal.DecisionInput{}, err
	}
	v := decideView{layout: c.layout(r, "Decide on targets of order "+o.Number), Order: o,
		Action: r.PostForm.Get("action"), Countries: strings.ToUpper(strings.TrimSpace(r.PostForm.Get("countries"))),
		Code: r.PostForm.Get("reason_code"), Note: strings.TrimSpace(r.PostForm.Get("note")),
		All: r.PostForm.Get("all") == "1", IDs: r.PostForm["target"], Filter: f,
		Back: "/legal/orders/" + id.String() + "/targets?" + f.values().Encode()}
	v.Nav = "orders"
	in := legal.DecisionInput{Action: agora.DecisionAction(v.Action), ReasonCode: v.Code, Note: v.Note}
	for _, c := range strings.FieldsFunc(v.Countries, func(r rune) bool { return r == ',' || r == ' ' }) {
		in.Countries = append(in.Countries, c)
	}
	var selected []targetRow
	switch {
	case v.All:
		rows, _, err := c.matching(r, id, f, 0, 0)
		if err != nil {
			return nil, v, in, err
		}
		selected = rows
		if in.Filter = f.deskFilter(); in.Filter == nil {
			for _, row := range rows {
				if row.Kind != "" { // an unresolved target names nothing to decide on
					in.TargetIDs = append(in.TargetIDs, row.ID)
				}
			}
		}
	default:
		for _, s := range v.IDs {
			tid, err := agora.ParseID(s)
			if err != nil {
				return nil, v, in, agora.Errorf(agora.EINVALID, "A selected target is not an ID.")
			}
			in.TargetIDs = append(in.TargetIDs, tid)
		}
		if len(in.TargetIDs) == 0 {
			return nil, v, in, agora.Errorf(agora.EUNPROCESSABLE, "Select at least one target, or all that match.")
		}
		list, err := c.desk.Targets(r.Context(), r.staff, agora.TargetQuery{OrderID: id, IDs: in.TargetIDs, Limit: 100_000})
		if err != nil {
			return nil, v, in, err
		}
		if selected, err = c.withPreviews(r, list); err != nil {
			return nil, v, in, err
		}
	}
	v.Selected = len(selected)
	for _, row := range selected {
		if row.Conflict != nil && slices.Contains(row.Conflict.NeedsNote, in.Action) {
			v.Conflicts = append(v.Conflicts, row)
		}
	}
	return o, v, in, nil
}

// previewDecision shows what the decision would hide before it is made.
func (c *Console) previewDecision(w http.ResponseWriter, r *request) error {
	o, v, in, err := c.decisionForm(r)
	if o == nil {
		return err
	}
	if err == nil {
		var res *legal.DecisionResult
		if res, err = c.desk.Decide(r.Context(), r.staff, o.ID, in, true); err == nil {
			v.Impact = res.Impact
		}
	}
	return c.renderDecide(w, r, v, err)
}

// decide makes the decision and goes back to the targets table. From the
// table's keyboard shortcuts (an htmx request) it decides on one target and
// answers with its row (quickDecision).
func (c *Console) decide(w http.ResponseWriter, r *request) error {
	o, v, in, err := c.decisionForm(r)
	if o == nil {
		return err
	}
	if r.Header.Get("HX-Request") == "true" {
		return c.quickDecision(w, r, o, v, in, err)
	}
	if err != nil {
		return c.renderDecide(w, r, v, err)
	}
	res, err := c.desk.Decide(r.Context(), r.staff, o.ID, in, false)
	if err != nil {
		return c.renderDecide(w, r, v, err)
	}
	done := v.Filter.values()
	for k, vs := range decidedQuery(in.Action, res.Applied, res.Skipped) {
		done[k] = vs
	}
	http.Redirect(w, r.Request, "/legal/orders/"+o.ID.String()+"/targets?"+done.Encode(), http.StatusSeeOther)
	return nil
}

// renderDecide shows the decision page, with the error the desk gave when it
// refused (a conflict without a note, countries outside the scope, ...): a
// client error the person can correct there.
func (c *Console) renderDecide(w http.ResponseWriter, r *request, v decideView, err error) error {
	status := http.StatusOK
	if err != nil {
		switch agora.ErrorCode(err) {
		case agora.EUNPROCESSABLE, agora.EINVALID, agora.EFORBIDDEN, agora.ECONFLICT:
			var ae *agora.Error
			if !errors.As(err, &ae) {
				return err
			}
			v.Error, v.Impact = ae.Message, nil
			status = http.StatusUnprocessableEntity
		default:
			return err
		}
	}
	return c.render(w, status, "decide", v)
}

// quickDecision makes a decision on one target from the targets table's
// keyboard shortcuts (htmx): it answers with the target's row as the table
// now shows it, or with the desk's refusal as plain text (422), which the
// script announces. Nothing is decided on a refusal.
func (c *Console) quickDecision(w http.ResponseWriter, r *request, o *agora.Order, v decideView, in legal.DecisionInput, err error) error {
	if err == nil && (v.All || len(in.TargetIDs) != 1) {
		err = agora.Errorf(agora.EUNPROCESSABLE, "A keyboard decision is on one target.")
	}
	if err == nil {
		_, err = c.desk.Decide(r.Context(), r.staff, o.ID, in, false)
	}
	if err != nil {
		if !refused(err) && agora.ErrorCode(err) != agora.EFORBIDDEN {
			return err
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = w.Write([]byte(agora.ErrorMessage(err)))
		return nil
	}
	list, err := c.desk.Targets(r.Context(), r.staff, agora.TargetQuery{OrderID: o.ID, IDs: in.TargetIDs, Limit: 1})
	if err != nil {
		return err
	}
	rows, err := c.withPreviews(r, list)
	if err != nil {
		return err
	}
	if len(rows) != 1 {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	var buf bytes.Buffer
	if err := pages["targets"].ExecuteTemplate(&buf, "row", rows[0]); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(buf.Bytes())
	return nil
}
