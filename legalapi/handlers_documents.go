package legalapi

import (
	"encoding/base64"
	"net/http"
	"strings"

	"agora"
	"agora/legal"
	"agora/legalapi/wire"
)

// documentInput decodes a document sent inline; nil when none was sent.
func documentInput(d *wire.Document) (*legal.DocumentInput, error) {
	if d == nil {
		return nil, nil
	}
	data, err := base64.StdEncoding.DecodeString(d.Data)
	if err != nil {
		return nil, agora.Errorf(agora.EINVALID, "document.data must be base64 (standard encoding).")
	}
	return &legal.DocumentInput{Name: d.Name, ContentType: d.ContentType, Data: data}, nil
}

func (a *API) orderDocuments(w http.ResponseWriter, r *http.Request) error {
	return writeOrderList(w, r, a.desk.OrderDocuments, documentEntity)
}

func (a *API) document(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	doc, err := a.desk.Document(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", doc.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(doc.Name, `"`, "")+`"`)
	w.Header().Set("Digest", "sha-256="+doc.SHA256)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(doc.Data)
	return nil
}
