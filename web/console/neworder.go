package console

import (
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"agora"
	"agora/legal"
)

type newOrderView struct {
	layout
	Authorities []*agora.Authority
	Error       string
	Form        map[string]string // the fields as sent, to show them again
}

// newOrderPage shows the form that records an order received by another
// channel (email, post, a portal), with its annex as a file.
func (c *Console) newOrderPage(w http.ResponseWriter, r *request) error {
	return c.renderNewOrder(w, r, http.StatusOK, "")
}

func (c *Console) renderNewOrder(w http.ResponseWriter, r *request, status int, msg string) error {
	auths, err := c.desk.Authorities(r.Context(), r.staff)
	if err != nil {
		return err
	}
	v := newOrderView{layout: c.layout(r, "New order"), Authorities: auths, Error: msg, Form: map[string]string{}}
	v.Nav = "orders"
	if r.PostForm != nil {
		for k := range r.PostForm {
			if k != csrfField {
				v.Form[k] = r.PostForm.Get(k)
			}
		}
	}
	return c.render(w, status, "neworder", v)
}

// createOrder records the order from the form: its fields, its targets typed
// one per line and its annex file (CSV, or a plain list), read by the desk's
// annex parsers; a file it cannot read is refused naming the line, recording
// nothing.
func (c *Console) createOrder(w http.ResponseWriter, r *request) error {
	f := r.PostForm
	in := legal.OrderInput{
		Reference: strings.TrimSpace(f.Get("reference")), Channel: strings.TrimSpace(f.Get("channel")),
		LegalBasis: strings.TrimSpace(f.Get("legal_basis")), StatementOfReasons: strings.TrimSpace(f.Get("statement_of_reasons")),
		RedressInfo: strings.TrimSpace(f.Get("redress_info")), RecipientAuthority: strings.TrimSpace(f.Get("recipient_authority")),
		Emergency: f.Get("emergency") == "1", Confidential: f.Get("confidential") == "1",
	}
	for _, c := range strings.FieldsFunc(strings.ToUpper(f.Get("territorial_scope")), func(r rune) bool { return r == ',' || r == ' ' }) {
		in.TerritorialScope = append(in.TerritorialScope, c)
	}
	if s := f.Get("authority"); s != "" {
		id, err := agora.ParseID(s)
		if err != nil {
			return c.renderNewOrder(w, r, http.StatusUnprocessableEntity, "Choose an authority from the list.")
		}
		in.AuthorityID = id
	}
	if s := strings.TrimSpace(f.Get("deadline")); s != "" {
		t, err := time.Parse("2006-01-02T15:04", s)
		if err != nil {
			return c.renderNewOrder(w, r, http.StatusUnprocessableEntity, "The deadline must be a date and time.")
		}
		in.Deadline = t.UTC()
	}
	if typed := strings.TrimSpace(f.Get("targets")); typed != "" {
		a, err := legal.ParseAnnexList([]byte(typed))
		if err != nil {
			return c.formError(w, r, err)
		}
		in.AddAnnex(a)
	}
	if r.MultipartForm != nil && len(r.MultipartForm.File["annex"]) > 0 {
		fh := r.MultipartForm.File["annex"][0]
		if fh.Size > agora.MaxAnnexBytes {
			return c.renderNewOrder(w, r, http.StatusRequestEntityTooLarge, "The annex file is too large.")
		}
		file, err := fh.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(file)
		_ = file.Close()
		if err != nil {
			return err
		}
		ct := annexType(fh.Filename, fh.Header.Get("Content-Type"))
		a, err := legal.ParseAnnex(ct, data)
		if err != nil {
			return c.formError(w, r, err)
		}
		in.AddAnnex(a)
	}
	o, err := c.desk.CreateOrder(r.Context(), r.staff, in)
	if err != nil {
		return c.formError(w, r, err)
	}
	http.Redirect(w, r.Request, "/legal/orders/"+o.ID.String(), http.StatusSeeOther)
	return nil
}

// formError shows the form again with a client error's message; other errors
// are the error page's.
func (c *Console) formError(w http.ResponseWriter, r *request, err error) error {
	switch agora.ErrorCode(err) {
	case agora.EINVALID, agora.EUNPROCESSABLE, agora.ETOOLARGE:
		return c.renderNewOrder(w, r, http.StatusUnprocessableEntity, agora.ErrorMessage(err))
	}
	return err
}

// annexType is the content type of an annex file: text/csv for a .csv file or
// one the browser says is CSV, text/plain otherwise.
func annexType(name, sent string) string {
	if strings.EqualFold(path.Ext(name), ".csv") {
		return "text/csv"
	}
	if mt, _, err := mime.ParseMediaType(sent); err == nil && (mt == "text/csv" || mt == "application/vnd.ms-excel") {
		return "text/csv"
	}
	return "text/plain"
}
