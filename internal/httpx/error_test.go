package httpx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"agora"
	"agora/internal/httpx"
)

func TestStatusOf(t *testing.T) {
	for code, want := range map[string]int{
		agora.EINVALID:       http.StatusBadRequest,
		agora.EUNPROCESSABLE: http.StatusUnprocessableEntity,
		agora.EUNAUTHORIZED:  http.StatusUnauthorized,
		agora.EFORBIDDEN:     http.StatusForbidden,
		agora.ENOTFOUND:      http.StatusNotFound,
		agora.ECONFLICT:      http.StatusConflict,
		agora.ETOOLARGE:      http.StatusRequestEntityTooLarge,
		agora.EUNAVAILABLE:   http.StatusServiceUnavailable,
		agora.ETOOMANY:       http.StatusTooManyRequests,
		agora.EINTERNAL:      http.StatusInternalServerError,
		"":                   http.StatusInternalServerError,
		"no_such_code":       http.StatusInternalServerError,
	} {
		if got := httpx.StatusOf(code); got != want {
			t.Errorf("StatusOf(%q) = %d, want %d", code, got, want)
		}
	}
}

// response is what WriteError wrote and logged.
type response struct {
	status int
	header http.Header
	body   map[string]any
	log    string
}

func writeError(t *testing.T, r *http.Request, err error) response {
	t.Helper()
	var logBuf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logBuf, nil))
	w := httptest.NewRecorder()
	httpx.WriteError(w, r, log, err)
	res := response{status: w.Code, header: w.Header(), log: logBuf.String()}
	if w.Body.Len() > 0 {
		if err := json.Unmarshal(w.Body.Bytes(), &res.body); err != nil {
			t.Fatalf("body %q is not JSON: %v", w.Body.String(), err)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
	}
	return res
}

func TestWriteError_HidesInternalErrors(t *testing.T) {
	secret := "dial tcp 10.0.0.5:5432: password authentication failed for user agora_prod"
	for name, err := range map[string]error{
		"Plain":         errors.New(secret),
		"Wrapped":       fmt.Errorf("select account: %w", errors.New(secret)),
		"InternalTyped": &agora.Error{Code: agora.EINTERNAL, Err: errors.New(secret)},
		"UnknownCode":   &agora.Error{Code: "weird", Err: errors.New(secret)},
	} {
		t.Run(name, func(t *testing.T) {
			res := writeError(t, httptest.NewRequest(http.MethodGet, "/api/v1/x", nil), err)
			if res.status != http.StatusInternalServerError {
				t.Errorf("status = %d, want 500", res.status)
			}
			if diff := cmp.Diff(map[string]any{"error": "An internal error occurred."}, res.body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if !strings.Contains(res.log, "password authentication failed") || !strings.Contains(res.log, "/api/v1/x") {
				t.Errorf("log = %q, want the cause and the path logged", res.log)
			}
		})
	}
}

// TestWriteError_InternalMessageHidden checks that an EINTERNAL error (or one whose
// code maps to 500) shows the generic text even when it carries a Message, which
// may hold internal detail.
func TestWriteError_InternalMessageHidden(t *testing.T) {
	for name, err := range map[string]error{
		"Internal":    &agora.Error{Code: agora.EINTERNAL, Message: "insert status: database is locked"},
		"UnknownCode": &agora.Error{Code: "timeout", Message: "insert status: database is locked"},
	} {
		t.Run(name, func(t *testing.T) {
			res := writeError(t, httptest.NewRequest(http.MethodGet, "/x", nil), err)
			if res.status != http.StatusInternalServerError {
				t.Errorf("status = %d, want 500", res.status)
			}
			if res.body["error"] != "An internal error occurred." {
				t.Errorf("error = %q, want the generic message", res.body["error"])
			}
		})
	}
}

func TestWriteError_ClientErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		status int
		body   map[string]any
	}{
		{"NotFound", agora.Errorf(agora.ENOTFOUND, "Record not found"), 404, map[string]any{"error": "Record not found"}},
		{"WrappedForbidden", fmt.Errorf("delete: %w", agora.Errorf(agora.EFORBIDDEN, "This action is not allowed")),
			403, map[string]any{"error": "This action is not allowed"}},
		{"CauseNotShown", &agora.Error{Code: agora.ECONFLICT, Message: "Username is already taken.", Err: errors.New("UNIQUE constraint failed: accounts.username")},
			409, map[string]any{"error": "Username is already taken."}},
		{"Validation", &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: Username is already taken.",
			Details: map[string][]string{"username": {"ERR_TAKEN", "Username is already taken."}}},
			422, map[string]any{
				"error": "Validation failed: Username is already taken.",
				"details": map[string]any{"username": []any{
					map[string]any{"error": "ERR_TAKEN", "description": "Username is already taken."},
				}},
			}},
		{"TooLarge", agora.Errorf(agora.ETOOLARGE, "Too big."), 413, map[string]any{"error": "Too big."}},
		{"Unavailable", agora.Errorf(agora.EUNAVAILABLE, "Try later."), 503, map[string]any{"error": "Try later."}},
		{"TooMany", &agora.Error{Code: agora.ETOOMANY, Message: "Too many requests", RetryAfter: 1500 * time.Millisecond},
			429, map[string]any{"error": "Too many requests"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := writeError(t, httptest.NewRequest(http.MethodPost, "/x", nil), tc.err)
			if res.status != tc.status {
				t.Errorf("status = %d, want %d", res.status, tc.status)
			}
			if diff := cmp.Diff(tc.body, res.body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if res.log != "" {
				t.Errorf("a client error was logged: %s", res.log)
			}
		})
	}
}

func TestWriteError_Unauthorized(t *testing.T) {
	res := writeError(t, httptest.NewRequest(http.MethodGet, "/x", nil), agora.Errorf(agora.EUNAUTHORIZED, "The access token is invalid"))
	if res.status != 401 || res.body["error"] != "The access token is invalid" {
		t.Errorf("got %d %v", res.status, res.body)
	}
	if got := res.header.Get("WWW-Authenticate"); got != `Bearer error="invalid_token"` {
		t.Errorf("WWW-Authenticate = %q", got)
	}
}

func TestWriteError_OAuth(t *testing.T) {
	res := writeError(t, httptest.NewRequest(http.MethodPost, "/oauth/token", nil),
		fmt.Errorf("token: %w", &httpx.OAuthError{Status: 400, Code: "invalid_grant", Description: "The code is invalid."}))
	want := map[string]any{"error": "invalid_grant", "error_description": "The code is invalid."}
	if diff := cmp.Diff(want, res.body); res.status != 400 || diff != "" {
		t.Errorf("status %d, body (-want +got):\n%s", res.status, diff)
	}
	if got := res.header.Get("WWW-Authenticate"); got != "" {
		t.Errorf("WWW-Authenticate = %q on a 400, want none", got)
	}
	res = writeError(t, httptest.NewRequest(http.MethodPost, "/oauth/token", nil),
		&httpx.OAuthError{Status: 401, Code: "invalid_client", Description: "Client authentication failed."})
	if res.status != 401 || res.header.Get("WWW-Authenticate") != `Bearer error="invalid_client"` {
		t.Errorf("status %d, WWW-Authenticate %q", res.status, res.header.Get("WWW-Authenticate"))
	}
	res = writeError(t, httptest.NewRequest(http.MethodPost, "/oauth/token", nil),
		&httpx.OAuthError{Status: 401, Code: "invalid_client", Description: "Client authentication failed.", Challenge: `Basic realm="x"`})
	if res.status != 401 || res.header.Get("WWW-Authenticate") != `Basic realm="x"` || res.body["error"] != "invalid_client" {
		t.Errorf("status %d, WWW-Authenticate %q, body %v; want the challenge given", res.status, res.header.Get("WWW-Authenticate"), res.body)
	}
}

func TestWriteError_ClientGone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest(http.MethodGet, "/x", nil).WithContext(ctx)
	res := writeError(t, r, fmt.Errorf("query: %w", context.Canceled))
	if res.status != 499 || res.body != nil || res.log != "" {
		t.Errorf("got status %d, body %v, log %q; want 499, no body, nothing logged", res.status, res.body, res.log)
	}
	// A cancellation while the client is still there is an internal error.
	res = writeError(t, httptest.NewRequest(http.MethodGet, "/x", nil), context.Canceled)
	if res.status != 500 {
		t.Errorf("cancelled with the client present: status %d, want 500", res.status)
	}
}

func TestWriteJSON(t *testing.T) {
	w := httptest.NewRecorder()
	httpx.WriteJSON(w, http.StatusCreated, map[string]string{"content": "<p>a & b</p>"})
	if w.Code != http.StatusCreated {
		t.Errorf("status = %d", w.Code)
	}
	if got := w.Header().Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := w.Body.String(); got != `{"content":"<p>a & b</p>"}`+"\n" {
		t.Errorf("body = %q, want HTML left unescaped", got)
	}

	w = httptest.NewRecorder()
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"bad": func() {}})
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "func") {
		t.Errorf("unencodable value: status %d, body %q; want a clean 500", w.Code, w.Body.String())
	}
}

func TestHandle(t *testing.T) {
	var logBuf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logBuf, nil))
	h := httpx.Handle(log, func(w http.ResponseWriter, r *http.Request) error {
		if r.URL.Query().Get("fail") != "" {
			return agora.Errorf(agora.ENOTFOUND, "Record not found")
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return nil
	})
	for target, want := range map[string]int{"/x": 200, "/x?fail=1": 404} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		if w.Code != want {
			t.Errorf("GET %s: status %d, want %d", target, w.Code, want)
		}
	}
}

// TestWriteError_Withheld checks a withheld item answers 451 with the notice text,
// a Link to the notice, as RFC 7725 asks, and a Link to the rule's log entry,
// which the body names too; without an entry, neither.
func TestWriteError_Withheld(t *testing.T) {
	const text = "This post from @a has been withheld in India in response to a legal demand. Learn more"
	for _, tt := range []struct {
		name     string
		logEntry string
		links    []string
	}{
		{"logged", "https://example.org/api/v1/transparency/log/entries/41", []string{
			`<https://example.org/notices/7>; rel="blocked-by"`,
			`<https://example.org/api/v1/transparency/log/entries/41>; rel="transparency-log-entry"`}},
		{"not logged", "", []string{`<https://example.org/notices/7>; rel="blocked-by"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := &agora.Error{Code: agora.EWITHHELD, Message: text, Notice: "https://example.org/notices/7", LogEntry: tt.logEntry}
			res := writeError(t, httptest.NewRequest(http.MethodGet, "/x", nil), err)
			if res.status != http.StatusUnavailableForLegalReasons {
				t.Errorf("status = %d, want 451", res.status)
			}
			if res.body["error"] != err.Message {
				t.Errorf("error = %q", res.body["error"])
			}
			if got, ok := res.body["log_entry"]; tt.logEntry != "" && got != tt.logEntry || tt.logEntry == "" && ok {
				t.Errorf("log_entry = %v, want %q", got, tt.logEntry)
			}
			if got := res.header.Values("Link"); !slices.Equal(got, tt.links) {
				t.Errorf("Link = %q, want %q", got, tt.links)
			}
		})
	}
}
