package legalapi

import (
	"net/http"
	"strings"

	"agora"
	"agora/internal/httpx"
	"agora/legalapi/wire"
)

func (a *API) audit(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	q := agora.AuditQuery{}
	if obj, _ := p.String("object"); obj != "" {
		kind, idText, ok := strings.Cut(obj, ":")
		id, err := agora.ParseID(idText)
		if !ok || err != nil {
			return agora.Errorf(agora.EINVALID, "Parameter object must be kind:id, e.g. order:123.")
		}
		q.ObjectKind, q.ObjectID = kind, id
	}
	if q.AfterID, err = p.ID("after"); err != nil {
		return err
	}
	if q.Limit, err = p.Int("limit", 100, 1, 1000); err != nil {
		return err
	}
	list, err := a.desk.Audit(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	out := make([]*wire.AuditEvent, len(list))
	for i, e := range list {
		out[i] = auditEntity(e)
	}
	return writeJSON(w, http.StatusOK, out)
}
