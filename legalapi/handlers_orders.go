package legalapi

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
	"agora/legalapi/wire"
)

func (a *API) createOrder(w http.ResponseWriter, r *http.Request) error {
	var in wire.OrderInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	oi := legal.OrderInput{
		Reference: in.Reference, Channel: in.Channel, LegalBasis: in.LegalBasis,
		StatementOfReasons: in.StatementOfReasons, TerritorialScope: in.TerritorialScope,
		Emergency: in.Emergency, Confidential: in.Confidential, RedressInfo: in.RedressInfo,
		RecipientAuthority: in.RecipientAuthority, Targets: in.Targets,
		ReceivedAt: deref(in.ReceivedAt), ConfidentialUntil: deref(in.ConfidentialUntil), Deadline: deref(in.Deadline),
	}
	if in.Annex != nil {
		annex, err := annexInput(in.Annex)
		if err != nil {
			return err
		}
		oi.AddAnnex(annex)
	}
	if in.AuthorityID != "" {
		id, err := agora.ParseID(in.AuthorityID)
		if err != nil {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: authority_id %q is not an ID.", in.AuthorityID)
		}
		oi.AuthorityID = id
	}
	o, err := a.desk.CreateOrder(r.Context(), actor(r), oi)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/legal/orders/"+o.ID.String())
	return writeJSON(w, http.StatusCreated, orderCreatedEntity(o, a.desk.Now()))
}

// annexInput reads an annex sent inline with an order.
func annexInput(d *wire.Document) (*legal.Annex, error) {
	data, err := base64.StdEncoding.DecodeString(d.Data)
	if err != nil {
		return nil, agora.Errorf(agora.EINVALID, "annex.data must be base64 (standard encoding).")
	}
	return legal.ParseAnnex(d.ContentType, data)
}

func (a *API) orders(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	q := agora.OrderQuery{}
	state, _ := p.String("state")
	q.State = agora.OrderState(state)
	switch q.State {
	case "", agora.OrderReceived, agora.OrderAcknowledged, agora.OrderInReview, agora.OrderAnswered, agora.OrderClosed:
	default:
		return agora.Errorf(agora.EINVALID, "Parameter state must be received, acknowledged, in_review, answered or closed.")
	}
	if q.AuthorityID, err = p.ID("authority"); err != nil {
		return err
	}
	c, _ := p.String("country")
	q.Country = strings.ToUpper(c)
	if q.Country != "" && !agora.IsCountryCode(q.Country) {
		return agora.Errorf(agora.EINVALID, "Parameter country must be a two-letter ISO 3166-1 code such as IN.")
	}
	if q.Overdue, err = p.Bool("overdue"); err != nil {
		return err
	}
	if q.Limit, err = p.Int("limit", 20, 1, 200); err != nil {
		return err
	}
	if q.Offset, err = p.Int("offset", 0, 0, 1_000_000); err != nil {
		return err
	}
	list, err := a.desk.Orders(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	now := a.desk.Now()
	out := make([]*wire.Order, len(list))
	for i, o := range list {
		out[i] = orderEntity(o, now)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) order(w http.ResponseWriter, r *http.Request) error {
	return a.writeOrder(w, r, a.desk.Order)
}

func (a *API) acknowledge(w http.ResponseWriter, r *http.Request) error {
	return a.writeOrder(w, r, a.desk.Acknowledge)
}

// writeOrder answers with the order act returns for the order in the path.
func (a *API) writeOrder(w http.ResponseWriter, r *http.Request, act func(context.Context, *agora.Account, agora.ID) (*agora.Order, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := act(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderEntity(o, a.desk.Now()))
}

func (a *API) setState(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in wire.StateInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	o, err := a.desk.SetState(r.Context(), actor(r), id, agora.OrderState(in.State))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderEntity(o, a.desk.Now()))
}

// assignment reads an assignment: the path's ID (an order or a target) and the
// body's staff_id.
func assignment(r *http.Request) (id, staff agora.ID, err error) {
	if id, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	var in wire.AssignInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, 0, err
	}
	if staff, err = agora.ParseID(in.StaffID); err != nil {
		return 0, 0, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: staff_id must be an account ID.")
	}
	return id, staff, nil
}

func (a *API) assign(w http.ResponseWriter, r *http.Request) error {
	id, staff, err := assignment(r)
	if err != nil {
		return err
	}
	o, err := a.desk.Assign(r.Context(), actor(r), id, staff)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderEntity(o, a.desk.Now()))
}
