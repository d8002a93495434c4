package authorityapi

import (
	"mime"
	"net/http"
	"strconv"
	"time"

	"agora"
	"agora/authorityapi/wire"
	"agora/internal/httpx"
	"agora/legal"
)

// The dialogue on an order: the authority's messages (which may be notices)
// and the platform's answers, and the documents of both.

// messageForm is what a multipart message may hold.
var messageForm = formSpec{
	fields:    map[string]int{"text": maxField, "kind": 100, "deadline": 100},
	files:     map[string]int{"documents": agora.MaxDocumentBytes},
	maxFiles:  map[string]int{"documents": legal.MaxDocuments},
	fileNames: map[string]string{"documents": "documents"},
}

// postMessage records a message from the authority about one of its orders,
// sent as JSON (wire.MessageInput, documents inline) or as
// multipart/form-data (fields text, kind, deadline; file parts documents[]).
func (a *API) postMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mt, err := mediaType(r, "application/json", "multipart/form-data")
	if err != nil {
		return err
	}
	var in legal.MessageInput
	if mt == "multipart/form-data" {
		in, err = readMessageForm(w, r)
	} else {
		in, err = readMessageJSON(w, r)
	}
	if err != nil {
		return err
	}
	sub := legal.Submission{Key: r.Header.Get("Idempotency-Key"), RequestDigest: messageDigest(in)}
	m, replayed, err := a.desk.SendMessage(r.Context(), authority(r), id, in, sub)
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	httpx.WriteJSON(w, http.StatusCreated, messageEntity(m))
	return nil
}

func readMessageJSON(w http.ResponseWriter, r *http.Request) (legal.MessageInput, error) {
	body, err := readBody(w, r, maxUpload)
	if err != nil {
		return legal.MessageInput{}, err
	}
	var in wire.MessageInput
	if err := decodeStrict(body, &in, "a message"); err != nil {
		return legal.MessageInput{}, err
	}
	if len(in.Documents) > legal.MaxDocuments {
		return legal.MessageInput{}, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: a message has at most %d documents.", legal.MaxDocuments)
	}
	out := legal.MessageInput{Text: in.Text, Kind: agora.NoticeKind(in.Kind), Deadline: deref(in.Deadline)}
	for i, d := range in.Documents {
		doc, err := inlineDocument(d, "documents["+strconv.Itoa(i)+"]", agora.MaxDocumentBytes)
		if err != nil {
			return legal.MessageInput{}, err
		}
		out.Documents = append(out.Documents, doc)
	}
	return out, nil
}

func readMessageForm(w http.ResponseWriter, r *http.Request) (legal.MessageInput, error) {
	f, err := readForm(w, r, messageForm)
	if err != nil {
		return legal.MessageInput{}, err
	}
	in := legal.MessageInput{Text: f.fields["text"], Kind: agora.NoticeKind(f.fields["kind"]), Documents: f.files["documents"]}
	if s := f.fields["deadline"]; s != "" {
		if in.Deadline, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return legal.MessageInput{}, agora.Errorf(agora.EINVALID, "deadline must be a time in RFC 3339, such as 2026-03-04T12:00:00Z.")
		}
	}
	return in, nil
}

// messageDigest is the digest of what a message carried, whether it came as
// JSON or multipart: its text, kind, deadline and each document's name,
// content type and SHA-256.
func messageDigest(in legal.MessageInput) string {
	deadline := ""
	if !in.Deadline.IsZero() {
		deadline = in.Deadline.UTC().Format(time.RFC3339Nano)
	}
	return requestDigest(map[string]any{"text": in.Text, "kind": in.Kind, "deadline": deadline, "documents": fileSums(in.Documents)})
}

// messages lists the dialogue on one of the authority's orders, oldest first:
// limit (1-200, 50 by default) after the message after_id; a full page has a
// Link to the next.
func (a *API) messages(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	limit, err := p.Int("limit", 50, 1, legal.MaxMessagesPage)
	if err != nil {
		return err
	}
	var after agora.ID
	if p.Has("after_id") {
		if after, err = p.ID("after_id"); err != nil {
			return err
		}
	}
	list, err := a.desk.AuthorityMessages(r.Context(), authority(r), id, after, limit)
	if err != nil {
		return err
	}
	out := make([]*wire.Message, len(list))
	for i, m := range list {
		out[i] = messageEntity(m)
	}
	if len(list) == limit {
		next := "/api/v1/authority/orders/" + id.String() + "/messages?limit=" + strconv.Itoa(limit) + "&after_id=" + list[len(list)-1].ID.String()
		w.Header().Set("Link", "<"+next+`>; rel="next"`)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// document serves a document of one of the authority's orders: one received
// with the order or with a message of the dialogue.
func (a *API) document(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	docID, err := pathID(r, "document_id")
	if err != nil {
		return err
	}
	doc, err := a.desk.AuthorityDocument(r.Context(), authority(r), id, docID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", doc.ContentType)
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": doc.Name})
	if doc.Name == "" || disposition == "" {
		disposition = "attachment"
	}
	w.Header().Set("Content-Disposition", disposition)
	w.Header().Set("Digest", "sha-256="+doc.SHA256)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// The bytes are the sender's: never run them in a browser.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Content-Length", strconv.Itoa(len(doc.Data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(doc.Data)
	return nil
}
