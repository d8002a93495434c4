package authorityapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"agora"
	"agora/authorityapi/wire"
	"agora/internal/httpx"
	"agora/legal"
)

// Announce makes the body of a webhook event (legal.Announcer): wire.Event,
// its data in the shapes GET /orders/{id} answers with.
func Announce(id agora.ID, a legal.Announcement) ([]byte, error) {
	ev := wire.Event{ID: id.String(), Type: a.Type, Timestamp: a.At.UTC(), Data: wire.EventData{Order: orderEntity(a.Order, nil)}}
	if a.Target != nil {
		ev.Data.Target = targetEntity(*a.Target)
	}
	if a.Message != nil {
		ev.Data.Message = messageEntity(*a.Message)
	}
	if n := a.Notice; n != nil {
		ev.Data.Notice = &wire.EventNotice{ID: n.ID.String(), Kind: string(n.Kind), ReceivedAt: n.ReceivedAt.UTC(),
			Deadline: optTime(n.Deadline), AnsweredAt: optTime(n.AnsweredAt)}
	}
	return json.Marshal(ev)
}

// maxSmallBody bounds the body of a request that is not an order.
const maxSmallBody = 64 << 10

// decodeSmall decodes a small JSON object body into v, refusing unknown fields.
func decodeSmall(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return agora.Errorf(agora.EINVALID, "Content-Type %q is not supported; send application/json.", truncate(ct, 100))
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxSmallBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return agora.Errorf(agora.ETOOLARGE, "The request body is larger than %d KiB.", maxSmallBody>>10)
		}
		return agora.Errorf(agora.EINVALID, "The request body could not be read.")
	}
	if err := httpx.CheckJSON(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return agora.Errorf(agora.EINVALID, "The request body is not valid JSON: %s.", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return agora.Errorf(agora.EINVALID, "The request body must hold one JSON object.")
	}
	return nil
}

func (a *API) registerWebhook(w http.ResponseWriter, r *http.Request) error {
	var in wire.WebhookInput
	if err := decodeSmall(r, &in); err != nil {
		return err
	}
	e, err := a.desk.RegisterWebhook(r.Context(), authority(r), legal.WebhookInput{URL: in.URL, Description: in.Description, Events: in.Events})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/authority/webhooks/"+e.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, wire.WebhookOf(e, true))
	return nil
}

func (a *API) webhooks(w http.ResponseWriter, r *http.Request) error {
	list, err := a.desk.AuthorityWebhooks(r.Context(), authority(r))
	if err != nil {
		return err
	}
	out := make([]*wire.Webhook, len(list))
	for i, e := range list {
		out[i] = wire.WebhookOf(e, false)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) webhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := a.desk.AuthorityWebhook(r.Context(), authority(r), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, wire.WebhookOf(e, false))
	return nil
}

func (a *API) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.desk.DeleteAuthorityWebhook(r.Context(), authority(r), id); err != nil {
		return err
	}
	return a.webhook(w, r)
}

func (a *API) deliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q, err := deliveryQuery(r, id)
	if err != nil {
		return err
	}
	list, err := a.desk.AuthorityDeliveries(r.Context(), authority(r), q)
	if err != nil {
		return err
	}
	writeDeliveries(w, r, list, q)
	return nil
}

// deliveryQuery reads the query of a delivery log: state, max_id (an event
// id) and limit (1 to 200, 40 by default).
func deliveryQuery(r *http.Request, endpoint agora.ID) (agora.WebhookDeliveryQuery, error) {
	q := agora.WebhookDeliveryQuery{EndpointID: endpoint}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return q, err
	}
	if q.Limit, err = p.Int("limit", 40, 1, 200); err != nil {
		return q, err
	}
	if q.MaxEventID, err = p.ID("max_id"); err != nil {
		return q, err
	}
	q.State, err = p.String("state")
	return q, err
}

// writeDeliveries answers with a page of the delivery log, and a Link to the
// next (older) page when the page is full.
func writeDeliveries(w http.ResponseWriter, r *http.Request, list []*agora.WebhookDelivery, q agora.WebhookDeliveryQuery) {
	out := make([]*wire.Delivery, len(list))
	for i, d := range list {
		out[i] = wire.DeliveryOf(d)
	}
	if len(list) == q.Limit {
		next := *r.URL
		v := next.Query()
		v.Set("max_id", list[len(list)-1].EventID.String())
		next.RawQuery = v.Encode()
		w.Header().Set("Link", `<`+next.RequestURI()+`>; rel="next"`)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}
