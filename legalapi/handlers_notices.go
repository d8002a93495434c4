package legalapi

import (
	"net/http"

	"agora"
	"agora/legal"
	"agora/legalapi/wire"
)

func (a *API) addNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in wire.NoticeInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	doc, err := documentInput(in.Document)
	if err != nil {
		return err
	}
	n, err := a.desk.AddNotice(r.Context(), actor(r), id, legal.NoticeInput{
		Kind: agora.NoticeKind(in.Kind), ReceivedAt: deref(in.ReceivedAt), Deadline: deref(in.Deadline),
		Summary: in.Summary, Document: doc,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, noticeEntity(n))
}

func (a *API) answerNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := a.desk.AnswerNotice(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, noticeEntity(n))
}

func (a *API) notices(w http.ResponseWriter, r *http.Request) error {
	return writeOrderList(w, r, a.desk.Notices, noticeEntity)
}

func (a *API) addCorrespondence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in wire.CorrespondenceInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	doc, err := documentInput(in.Document)
	if err != nil {
		return err
	}
	if len(in.Documents) > legal.MaxDocuments {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: at most %d documents may be sent at once.", legal.MaxDocuments)
	}
	var docs []*legal.DocumentInput
	for _, d := range in.Documents {
		if d == nil {
			return agora.Errorf(agora.EINVALID, "documents holds null; send documents or leave them out.")
		}
		di, err := documentInput(d)
		if err != nil {
			return err
		}
		docs = append(docs, di)
	}
	c, err := a.desk.AddCorrespondence(r.Context(), actor(r), id, legal.CorrespondenceInput{
		Direction: in.Direction, Channel: in.Channel, Date: deref(in.Date), Parties: in.Parties,
		Summary: in.Summary, Document: doc, Documents: docs,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, correspondenceEntity(c))
}

func (a *API) correspondence(w http.ResponseWriter, r *http.Request) error {
	return writeOrderList(w, r, a.desk.Correspondence, correspondenceEntity)
}
