package console

import (
	"io"
	"net/http"
	"strings"
	"time"

	"agora"
	"agora/legal"
)

// The forms of an order's page: acknowledgement and state, assignment of the
// order and of one target, notices, correspondence and the answer to a
// notice. Each acts through one of the desk's methods; when the desk refuses
// (a validation error), the page is shown again with its message in the form
// and the values sent, and nothing was recorded. After a change the browser
// goes back to the page (303) with a code for its message (done.go).

// formState is what a refused form leaves for the page that shows it again.
type formState struct {
	// Form names the form that was refused: "state", "notice", ...; for an
	// appeal, "appeal-" and its ID.
	Form string
	// Error is the desk's message.
	Error string
	// Values are the fields as sent, to show them again.
	Values map[string]string
}

// State is the form state itself, for templates (a view embeds it).
func (f formState) State() formState { return f }

// Value is the field as it was sent, or "".
func (f formState) Value(name string) string { return f.Values[name] }

// noticeKinds are the kinds of notice an authority sends, as the form offers
// them.
var noticeKinds = []agora.NoticeKind{agora.NoticeNonCompliance, agora.NoticeHearing, agora.NoticeEmergencyConfirmation, agora.NoticeRevocation, agora.NoticeOther}

// refused reports whether err is a refusal the person can correct on the
// form; other errors are the error page's.
func refused(err error) bool {
	switch agora.ErrorCode(err) {
	case agora.EINVALID, agora.EUNPROCESSABLE, agora.ECONFLICT, agora.ETOOLARGE:
		return true
	}
	return false
}

// sent is the form's fields as sent, its token left out.
func sent(r *request) map[string]string {
	m := map[string]string{}
	for k := range r.PostForm {
		if k != csrfField {
			m[k] = r.PostForm.Get(k)
		}
	}
	return m
}

// orderForm answers a form posted on the order's page: err nil goes back to
// the page with the code's message; a refusal shows the page again with it.
func (c *Console) orderForm(w http.ResponseWriter, r *request, order agora.ID, form, code string, err error) error {
	if err != nil {
		if !refused(err) {
			return err
		}
		return c.orderPage(w, r, order, http.StatusUnprocessableEntity, formState{Form: form, Error: agora.ErrorMessage(err), Values: sent(r)})
	}
	http.Redirect(w, r.Request, "/legal/orders/"+order.String()+"?done="+code+"#"+form, http.StatusSeeOther)
	return nil
}

// pathID is the ID in the path; ENOTFOUND when it is not one.
func pathID(r *request) (agora.ID, error) {
	id, err := agora.ParseID(r.PathValue("id"))
	if err != nil {
		return 0, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return id, nil
}

// formTime reads a datetime-local field, in UTC; zero when it is empty.
func formTime(r *request, field, what string) (time.Time, error) {
	s := strings.TrimSpace(r.PostForm.Get(field))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02T15:04", s)
	if err != nil {
		return time.Time{}, agora.Errorf(agora.EUNPROCESSABLE, "The %s must be a date and time (UTC).", what)
	}
	return t.UTC(), nil
}

// formDocument reads the file of the field; nil when none was chosen. The
// desk checks its size.
func formDocument(r *request, field string) (*legal.DocumentInput, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return nil, nil
	}
	fh := r.MultipartForm.File[field][0]
	if fh.Filename == "" && fh.Size == 0 {
		return nil, nil
	}
	if fh.Size > agora.MaxDocumentBytes {
		return nil, agora.Errorf(agora.ETOOLARGE, "The document is too large (at most %d MB).", agora.MaxDocumentBytes>>20)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return &legal.DocumentInput{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Data: data}, nil
}

// staffID is the staff account the field names by username, among those
// with legal access; EUNPROCESSABLE for anyone else.
func (c *Console) staffID(r *request, field string) (agora.ID, error) {
	name := strings.TrimSpace(r.PostForm.Get(field))
	all, err := c.sessions.StaffAccounts(r.Context())
	if err != nil {
		return 0, err
	}
	for _, a := range all {
		if a.Username == name && a.StaffAt(c.desk.Now()) {
			return a.ID, nil
		}
	}
	return 0, agora.Errorf(agora.EUNPROCESSABLE, "Choose a staff member with legal access from the list.")
}

// acknowledge records that the order's receipt was sent.
func (c *Console) acknowledge(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	_, err = c.desk.Acknowledge(r.Context(), r.staff, id)
	return c.orderForm(w, r, id, "state", "acknowledged", err)
}

// setState moves the order along its lifecycle.
func (c *Console) setState(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	_, err = c.desk.SetState(r.Context(), r.staff, id, agora.OrderState(r.PostForm.Get("state")))
	return c.orderForm(w, r, id, "state", "state", err)
}

// assign gives the order to a staff member.
func (c *Console) assign(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	staff, err := c.staffID(r, "staff")
	if err == nil {
		_, err = c.desk.Assign(r.Context(), r.staff, id, staff)
	}
	return c.orderForm(w, r, id, "assign", "assigned", err)
}

// assignTarget gives one target of the order, named by its number, to a
// staff member.
func (c *Console) assignTarget(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = func() error {
		t, err := c.targetAt(r, id, strings.TrimSpace(r.PostForm.Get("position")))
		if err != nil {
			return err
		}
		staff, err := c.staffID(r, "staff")
		if err != nil {
			return err
		}
		_, err = c.desk.AssignTarget(r.Context(), r.staff, t.ID, staff)
		return err
	}()
	return c.orderForm(w, r, id, "assign-target", "target-assigned", err)
}

// targetAt is the order's target with the number; EUNPROCESSABLE when there
// is none.
func (c *Console) targetAt(r *request, order agora.ID, number string) (*agora.Target, error) {
	none := agora.Errorf(agora.EUNPROCESSABLE, "The order has no target with the number %q.", shorten(number, 20))
	pos, err := parsePositive(number)
	if err != nil {
		return nil, none
	}
	list, err := c.desk.Targets(r.Context(), r.staff, agora.TargetQuery{OrderID: order, AfterPosition: pos - 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || list[0].Position != pos {
		return nil, none
	}
	return list[0], nil
}

// addNotice records a notice from the authority, with its deadline and
// document.
func (c *Console) addNotice(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = func() error {
		in := legal.NoticeInput{Kind: agora.NoticeKind(r.PostForm.Get("kind")), Summary: strings.TrimSpace(r.PostForm.Get("summary"))}
		var err error
		if in.ReceivedAt, err = formTime(r, "received_at", "date received"); err != nil {
			return err
		}
		if in.Deadline, err = formTime(r, "deadline", "deadline"); err != nil {
			return err
		}
		if in.Document, err = formDocument(r, "document"); err != nil {
			return err
		}
		_, err = c.desk.AddNotice(r.Context(), r.staff, id, in)
		return err
	}()
	return c.orderForm(w, r, id, "notice", "notice", err)
}

// addCorrespondence records a message of the formal dialogue, with its
// document. On the authority_api channel it answers the authority, which
// reads it there.
func (c *Console) addCorrespondence(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = func() error {
		f := r.PostForm
		in := legal.CorrespondenceInput{Direction: f.Get("direction"), Channel: strings.TrimSpace(f.Get("channel")),
			Parties: strings.TrimSpace(f.Get("parties")), Summary: strings.TrimSpace(f.Get("summary"))}
		var err error
		if in.Date, err = formTime(r, "date", "date"); err != nil {
			return err
		}
		if in.Document, err = formDocument(r, "document"); err != nil {
			return err
		}
		_, err = c.desk.AddCorrespondence(r.Context(), r.staff, id, in)
		return err
	}()
	return c.orderForm(w, r, id, "correspondence-form", "correspondence", err)
}

// answerNotice marks a notice answered; the form names its order, to go
// back to.
func (c *Console) answerNotice(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	order, err := agora.ParseID(r.PostForm.Get("order"))
	if err != nil {
		return agora.Errorf(agora.EINVALID, "The form names no order.")
	}
	n, err := c.desk.AnswerNotice(r.Context(), r.staff, id)
	if err == nil {
		order = n.OrderID
	}
	return c.orderForm(w, r, order, "notices", "notice-answered", err)
}
