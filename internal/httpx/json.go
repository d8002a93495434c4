package httpx

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// WriteJSON encodes v and answers with it and the status. Encoding happens before
// the header is written, so an encoding failure still produces a clean 500. The
// Content-Type is application/json unless the handler set a JSON media type of its
// own (application/jrd+json, a profile parameter).
func WriteJSON(w http.ResponseWriter, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"An internal error occurred."}`, http.StatusInternalServerError)
		return
	}
	WriteJSONBody(w, status, buf.Bytes())
}

// WriteJSONBody answers with body, which must be one JSON value, and the status,
// with its length and the Content-Type WriteJSON sets.
func WriteJSONBody(w http.ResponseWriter, status int, body []byte) {
	if ct := w.Header().Get("Content-Type"); !strings.Contains(ct, "json") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
