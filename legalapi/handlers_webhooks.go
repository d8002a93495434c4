package legalapi

import (
	"net/http"

	"agora"
	"agora/authorityapi/wire"
	"agora/internal/httpx"
)

// The desk reads an authority's webhooks and their delivery log in the shapes
// the authority reads them (authorityapi/wire), without the secrets.

func (a *API) authorityWebhooks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	list, err := a.desk.Webhooks(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	out := make([]*wire.Webhook, len(list))
	for i, e := range list {
		out[i] = wire.WebhookOf(e, false)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) webhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	q := agora.WebhookDeliveryQuery{EndpointID: id}
	if q.Limit, err = p.Int("limit", 40, 1, 200); err != nil {
		return err
	}
	if q.MaxEventID, err = p.ID("max_id"); err != nil {
		return err
	}
	if q.State, err = p.String("state"); err != nil {
		return err
	}
	list, err := a.desk.WebhookDeliveries(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	out := make([]*wire.Delivery, len(list))
	for i, d := range list {
		out[i] = wire.DeliveryOf(d)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) disableWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.desk.DisableWebhook(r.Context(), actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
