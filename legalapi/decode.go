package legalapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
	"agora/legalapi/wire"
)

// maxBody bounds a legal API request body: an order of 100,000 targets fits.
const maxBody = 32 << 20

// readBody reads the request body up to maxBody. ETOOLARGE beyond it.
func readBody(r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, agora.Errorf(agora.ETOOLARGE, "The request body is larger than %d MiB.", maxBody>>20)
		}
		return nil, agora.Errorf(agora.EINVALID, "The request body could not be read.")
	}
	return data, nil
}

// decodeJSON decodes a JSON object body into v, refusing unknown fields so a
// misspelt field is an error rather than silently ignored, and a body sent as
// anything but JSON (a Content-Type other than application/json, when one is
// given) so a form or a file is not read as JSON by accident.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			if len(ct) > 100 {
				ct = ct[:100] + "..."
			}
			return agora.Errorf(agora.EINVALID, "Content-Type %q is not supported; send application/json.", ct)
		}
	}
	data, err := readBody(r)
	if err != nil {
		return err
	}
	if err := httpx.CheckJSON(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return agora.Errorf(agora.EINVALID, "The request body is not valid: %s.", jsonProblem(err))
	}
	if dec.More() {
		return agora.Errorf(agora.EINVALID, "The request body must hold one JSON object.")
	}
	return nil
}

// jsonProblem says in words what is wrong with a JSON body.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return fmt.Sprintf("field %q must be of type %s", typeErr.Field, typeErr.Type)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("malformed JSON at byte %d", syntaxErr.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the body ends before the JSON value does"
	case errors.Is(err, io.EOF):
		return "the body is empty"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// readTargets reads a list of targets given as JSON {"targets": [...]}, as a
// CSV annex (text/csv; see legal.ParseAnnexCSV) or as plain text (text/plain,
// one per line; blank lines are skipped).
func readTargets(r *http.Request) (*legal.Annex, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json", "":
		var body wire.TargetsInput
		if err := decodeJSON(r, &body); err != nil {
			return nil, err
		}
		return &legal.Annex{Targets: body.Targets}, nil
	case "text/csv", "text/plain":
		data, err := readBody(r)
		if err != nil {
			return nil, err
		}
		return legal.ParseAnnex(ct, data)
	}
	return nil, agora.Errorf(agora.EINVALID, "Content-Type %q is not supported; send application/json, text/csv or text/plain.", ct)
}
