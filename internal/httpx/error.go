// Package httpx holds the HTTP helpers every surface shares: reading parameters from
// JSON, form and multipart bodies, writing JSON, and the one mapping from agora error
// codes to HTTP statuses.
package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"agora"
)

// StatusOf maps an agora error code to its HTTP status. This is the only such mapping.
func StatusOf(code string) int {
	switch code {
	case agora.EINVALID:
		return http.StatusBadRequest
	case agora.EUNPROCESSABLE:
		return http.StatusUnprocessableEntity
	case agora.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case agora.EFORBIDDEN:
		return http.StatusForbidden
	case agora.ENOTFOUND:
		return http.StatusNotFound
	case agora.ECONFLICT:
		return http.StatusConflict
	case agora.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case agora.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case agora.EWITHHELD:
		return http.StatusUnavailableForLegalReasons
	case agora.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// OAuthError is an error in the shape RFC 6749 section 5.2 gives token endpoint
// errors: {"error": Code, "error_description": Description}.
type OAuthError struct {
	Status      int
	Code        string // e.g. invalid_grant, invalid_client, unsupported_grant_type
	Description string
	// Challenge is the WWW-Authenticate of a 401, e.g. `Basic realm="..."`
	// for a client that authenticates with HTTP Basic; "" for
	// `Bearer error="Code"`.
	Challenge string
}

func (e *OAuthError) Error() string { return e.Code + ": " + e.Description }

// errorBody is the wire shape of every error: Mastodon's {"error": "..."}, with
// error_description for OAuth errors and details for validation errors.
type errorBody struct {
	Error            string                       `json:"error"`
	ErrorDescription string                       `json:"error_description,omitempty"`
	Details          map[string][]validationError `json:"details,omitempty"`
	// LogEntry is, on a 451, the address of the transparency log entry that
	// records the rule refusing the content (agora.Error.LogEntry).
	LogEntry string `json:"log_entry,omitempty"`
}

// Link relations of a 451 (RFC 7725, RFC 8288).
const (
	// BlockedByRel links the notice that explains who required the block
	// (RFC 7725).
	BlockedByRel = "blocked-by"
	// LogEntryRel links the entry of agora's transparency log that records the
	// rule refusing the content, with the proof of its inclusion in a signed
	// checkpoint (docs/TRANSPARENCY.md). Not a registered relation type: clients
	// match it exactly.
	LogEntryRel = "transparency-log-entry"
)

type validationError struct {
	Error       string `json:"error"`
	Description string `json:"description"`
}

// WriteError answers with the status and body err maps to. Unexpected errors
// (EINTERNAL) are logged with the request ID and shown to the client as a generic
// message; their text never reaches the client.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var oe *OAuthError
	if errors.As(err, &oe) {
		if oe.Status == http.StatusUnauthorized {
			challenge := oe.Challenge
			if challenge == "" {
				challenge = `Bearer error="` + oe.Code + `"`
			}
			w.Header().Set("WWW-Authenticate", challenge)
		}
		WriteJSON(w, oe.Status, errorBody{Error: oe.Code, ErrorDescription: oe.Description})
		return
	}
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The client went away; nobody reads the answer.
		w.WriteHeader(499)
		return
	}
	code := agora.ErrorCode(err)
	status := StatusOf(code)
	body := errorBody{Error: agora.ErrorMessage(err)}
	var ae *agora.Error
	if errors.As(err, &ae) && ae.Code == agora.EWITHHELD {
		// RFC 7725: name the notice that explains who required the block; then
		// the log entry that puts the refusal on the public record.
		if ae.Notice != "" {
			w.Header().Add("Link", "<"+ae.Notice+`>; rel="`+BlockedByRel+`"`)
		}
		if ae.LogEntry != "" {
			w.Header().Add("Link", "<"+ae.LogEntry+`>; rel="`+LogEntryRel+`"`)
			body.LogEntry = ae.LogEntry
		}
	}
	if errors.As(err, &ae) && ae.Code == agora.ETOOMANY && ae.RetryAfter > 0 {
		w.Header().Set("Retry-After", RetryAfter(ae.RetryAfter))
	}
	if errors.As(err, &ae) && len(ae.Details) > 0 {
		body.Details = map[string][]validationError{}
		for field, d := range ae.Details {
			if len(d) == 2 {
				body.Details[field] = []validationError{{Error: d[0], Description: d[1]}}
			}
		}
	}
	if status == http.StatusInternalServerError {
		body = errorBody{Error: "An internal error occurred."}
		log.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", r.URL.Path)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	WriteJSON(w, status, body)
}

// HandlerFunc is an HTTP handler that returns its error instead of writing it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts h to http.Handler, writing any error h returns with WriteError.
func Handle(log *slog.Logger, h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(w, r, log, err)
		}
	})
}

// RetryAfter is a Retry-After value: whole seconds, rounded up.
func RetryAfter(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}
