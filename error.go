// Package agora holds the domain of the agora server: its nouns, their validation
// rules, the one error type, and the interfaces that adapters implement. It depends
// on the standard library only.
package agora

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error codes. Each maps to exactly one HTTP status in internal/httpx.
// The list is append-only.
const (
	EINVALID       = "invalid"       // the input is malformed or out of range (400)
	EUNPROCESSABLE = "unprocessable" // the input is well-formed but not acceptable (422)
	EUNAUTHORIZED  = "unauthorized"  // no valid credentials (401)
	EFORBIDDEN     = "forbidden"     // credentials valid, action not allowed (403)
	ENOTFOUND      = "not_found"     // the object does not exist or may not be seen (404)
	ECONFLICT      = "conflict"      // the object exists already or changed meanwhile (409)
	ETOOLARGE      = "too_large"     // the request body exceeds its limit (413)
	EINTERNAL      = "internal"      // anything unexpected (500)
	EUNAVAILABLE   = "unavailable"   // a dependency is down (503)
	EWITHHELD      = "withheld"      // withheld in the viewer's country (451)
	ETOOMANY       = "too_many"      // over a rate limit or the sign-in throttle (429)
)

// ErrIDTaken is in the chain of the ECONFLICT a store answers when the ID of a
// record it was asked to insert (its primary key) is taken, rather than the
// record itself existing already. IDGenerator makes each ID unique within a
// process, so this happens only when another process on the same database made
// the same ID in the same millisecond; the writer may make new IDs and retry.
var ErrIDTaken = errors.New("an ID is taken")

// Error is agora's one error type. Code is machine-readable, Message is safe to show
// to a client, Err is the underlying cause, logged but never shown.
type Error struct {
	Code    string
	Message string
	// Details carries per-field validation failures, as Mastodon's registration
	// errors do: field name to a list of messages. May be nil.
	Details map[string][]string
	// Notice is, for EWITHHELD, the absolute URL of the public notice that explains
	// the withholding (sent as Link: <Notice>; rel="blocked-by").
	Notice string
	// LogEntry is, for EWITHHELD, the absolute URL of the transparency log entry
	// that records the rule the notice explains (LogEntryURL), "" while the rule
	// has none; sent as a Link with rel="transparency-log-entry" and in the body.
	LogEntry string
	// RetryAfter is, for ETOOMANY, how long the client should wait before it
	// tries again (sent as Retry-After); 0 when unknown.
	RetryAfter time.Duration
	Err        error
}

// Error implements the error interface.
func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Message != "":
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	case e.Err != nil:
		return fmt.Sprintf("%s: %v", e.Code, e.Err)
	default:
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a client-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of the first *Error in err's chain,
// or a generic text for anything else and for EINTERNAL errors, so internal details
// never reach a client.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" && e.Code != EINTERNAL {
		return e.Message
	}
	return "An internal error occurred."
}

// validationPrefix starts the message of every validation error, as Rails'
// ActiveRecord::RecordInvalid does.
const validationPrefix = "Validation failed: "

// ValidationFailed joins the field errors among errs (EUNPROCESSABLE with
// Details, one failing field each) into one, as Mastodon's 422 names every
// failing field at once: the message "Validation failed: A, B" (each
// without its closing period when there are several) and the
// details of all. Nil errors are skipped; the first error that is not a field
// error is returned as it is; nil when none failed.
func ValidationFailed(errs ...error) error {
	var msgs []string
	var joined *Error
	for _, err := range errs {
		if err == nil {
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != EUNPROCESSABLE || len(e.Details) == 0 {
			return err
		}
		if joined == nil {
			joined = &Error{Code: EUNPROCESSABLE, Details: map[string][]string{}}
		}
		for field, d := range e.Details {
			if _, ok := joined.Details[field]; !ok {
				joined.Details[field] = d
			}
		}
		msgs = append(msgs, strings.TrimPrefix(e.Message, validationPrefix))
	}
	if joined == nil {
		return nil
	}
	if len(msgs) > 1 { // as Rails joins them: "A, B"
		for i, m := range msgs {
			msgs[i] = strings.TrimSuffix(m, ".")
		}
	}
	joined.Message = validationPrefix + strings.Join(msgs, ", ")
	return joined
}
