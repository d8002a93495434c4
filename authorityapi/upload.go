package authorityapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"

	"agora"
	"agora/authorityapi/wire"
	"agora/internal/httpx"
	"agora/legal"
)

// maxUpload bounds a multipart body, and the JSON body of a message (whose
// documents are inline): 64 MiB.
const maxUpload = 64 << 20

// maxField bounds a multipart text field (a message's text, kind, deadline):
// 20,000 characters of four bytes, and a little more.
const maxField = 4*legal.MaxMessageText + 1024

// mediaType returns the request's media type: "" when none was sent, and
// EINVALID unless it is one of allowed.
func mediaType(r *http.Request, allowed ...string) (string, error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	for _, a := range allowed {
		if err == nil && mt == a {
			return mt, nil
		}
	}
	return "", agora.Errorf(agora.EINVALID, "Content-Type %q is not supported; send %s.", truncate(ct, 100), strings.Join(allowed, " or "))
}

// readBody reads the whole body, at most limit bytes: ETOOLARGE beyond.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return nil, bodyError(err, limit)
	}
	return body, nil
}

// bodyError is the client's error for a body that could not be read.
func bodyError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return agora.Errorf(agora.ETOOLARGE, "The request body is larger than %d MiB.", limit>>20)
	}
	return agora.Errorf(agora.EINVALID, "The request body could not be read.")
}

// decodeStrict decodes one JSON object into v, refusing unknown fields; what
// names the body in errors ("an order", "a message").
func decodeStrict(data []byte, v any, what string) error {
	if err := httpx.CheckJSON(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return agora.Errorf(agora.EINVALID, "The request body is not valid JSON for %s: %s.", what, strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return agora.Errorf(agora.EINVALID, "The request body must hold one JSON object.")
	}
	return nil
}

// inlineDocument decodes a document sent inline in JSON; field names it in
// errors. EINVALID for bad base64, ETOOLARGE beyond limit bytes.
func inlineDocument(d *wire.Document, field string, limit int) (*legal.DocumentInput, error) {
	if d == nil {
		return nil, agora.Errorf(agora.EINVALID, "%s is null; send a document or leave it out.", field)
	}
	data, err := base64.StdEncoding.DecodeString(d.Data)
	if err != nil {
		return nil, agora.Errorf(agora.EINVALID, "%s.data must be base64 (standard encoding).", field)
	}
	if len(data) > limit {
		return nil, agora.Errorf(agora.ETOOLARGE, "%s is larger than %d MiB.", field, limit>>20)
	}
	return &legal.DocumentInput{Name: d.Name, ContentType: d.ContentType, Data: data}, nil
}

// form is what a multipart body held: its text fields by name, and its files.
type form struct {
	fields map[string]string
	files  map[string][]*legal.DocumentInput // by field name, "documents[]" as "documents"
}

// formSpec says which parts a multipart body may hold: text fields and their
// bounds in bytes, files and theirs, and how many files of each name.
type formSpec struct {
	fields    map[string]int
	files     map[string]int
	maxFiles  map[string]int
	fileNames map[string]string // what a file field is called in errors
}

// readForm reads a multipart/form-data body of at most maxUpload bytes, part
// by part, each within its bound. EINVALID for a malformed body, an unknown
// or repeated field; ETOOLARGE for a part or a body beyond its bound;
// EUNPROCESSABLE for too many files.
func readForm(w http.ResponseWriter, r *http.Request, spec formSpec) (*form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, agora.Errorf(agora.EINVALID, "The multipart body could not be read: %s.", err.Error())
	}
	f := &form{fields: map[string]string{}, files: map[string][]*legal.DocumentInput{}}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return f, nil
		}
		if err != nil {
			return nil, partError(err)
		}
		name := strings.TrimSuffix(p.FormName(), "[]")
		if limit, ok := spec.files[name]; ok && (p.FileName() != "" || spec.fields[name] == 0) {
			if len(f.files[name]) == spec.maxFiles[name] {
				return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: at most %d %s may be sent.", spec.maxFiles[name], spec.fileNames[name])
			}
			data, err := readPart(p, limit, spec.fileNames[name])
			if err != nil {
				return nil, err
			}
			doc := &legal.DocumentInput{Name: path.Base(p.FileName()), ContentType: partType(p), Data: data}
			if err := httpx.CheckText("A file's name", doc.Name); err != nil {
				return nil, err
			}
			if err := httpx.CheckText("A file's Content-Type", doc.ContentType); err != nil {
				return nil, err
			}
			f.files[name] = append(f.files[name], doc)
			continue
		}
		limit, ok := spec.fields[name]
		if !ok {
			return nil, agora.Errorf(agora.EINVALID, "The multipart body has a part %q, which is not known here.", truncate(p.FormName(), 50))
		}
		if _, dup := f.fields[name]; dup {
			return nil, agora.Errorf(agora.EINVALID, "The multipart body has the part %q twice.", name)
		}
		data, err := readPart(p, limit, "part "+name)
		if err != nil {
			return nil, err
		}
		if err := httpx.CheckText("The part "+name, string(data)); err != nil {
			return nil, err
		}
		f.fields[name] = string(data)
	}
}

// readPart reads a part whole, at most limit bytes: ETOOLARGE beyond.
func readPart(p *multipart.Part, limit int, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(p, int64(limit)+1))
	if err != nil {
		return nil, partError(err)
	}
	if len(data) > limit {
		if fn := p.FileName(); fn != "" {
			what += fmt.Sprintf(" %q", truncate(fn, 100))
		}
		return nil, agora.Errorf(agora.ETOOLARGE, "%s is larger than %d MiB.", what, limit>>20)
	}
	return data, nil
}

func partError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return agora.Errorf(agora.ETOOLARGE, "The request body is larger than %d MiB.", maxUpload>>20)
	}
	return agora.Errorf(agora.EINVALID, "The multipart body could not be read.")
}

// partType is a file part's content type: as sent, or for none (or
// application/octet-stream) text/csv or text/plain after the file name's
// extension, .csv or .txt.
func partType(p *multipart.Part) string {
	ct := strings.TrimSpace(p.Header.Get("Content-Type"))
	if ct != "" && ct != "application/octet-stream" {
		return ct
	}
	switch strings.ToLower(path.Ext(p.FileName())) {
	case ".csv":
		return "text/csv"
	case ".txt":
		return "text/plain"
	}
	return ct
}

// requestDigest is the hex SHA-256 of v's JSON: what a request carried, for
// its Idempotency-Key, whatever its encoding (a multipart body's boundary
// changes from one try to the next).
func requestDigest(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("authorityapi: request digest: %v", err)) // plain values only
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// fileSum is a file as a request digest counts it.
type fileSum struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	SHA256      string `json:"sha256"`
}

func fileSums(docs []*legal.DocumentInput) []fileSum {
	out := make([]fileSum, len(docs))
	for i, d := range docs {
		sum := sha256.Sum256(d.Data)
		out[i] = fileSum{Name: d.Name, ContentType: d.ContentType, SHA256: hex.EncodeToString(sum[:])}
	}
	return out
}
