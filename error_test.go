package agora_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"agora"
)

func TestErrorCodeAndMessage(t *testing.T) {
	cause := errors.New("pq: password authentication failed for user secret")
	for _, tc := range []struct {
		name    string
		err     error
		code    string
		message string
	}{
		{"Nil", nil, "", "An internal error occurred."},
		{"Plain", cause, agora.EINTERNAL, "An internal error occurred."},
		{"Typed", agora.Errorf(agora.ENOTFOUND, "Record not found."), agora.ENOTFOUND, "Record not found."},
		{"Wrapped", fmt.Errorf("load: %w", agora.Errorf(agora.ECONFLICT, "Taken.")), agora.ECONFLICT, "Taken."},
		{"WithCause", &agora.Error{Code: agora.EUNAVAILABLE, Message: "Try later.", Err: cause}, agora.EUNAVAILABLE, "Try later."},
		{"NoMessage", &agora.Error{Code: agora.EINTERNAL, Err: cause}, agora.EINTERNAL, "An internal error occurred."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := agora.ErrorCode(tc.err); got != tc.code {
				t.Errorf("ErrorCode = %q, want %q", got, tc.code)
			}
			got := agora.ErrorMessage(tc.err)
			if got != tc.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tc.message)
			}
			if strings.Contains(got, "secret") {
				t.Errorf("ErrorMessage %q shows the cause", got)
			}
		})
	}
}

func TestError_Error(t *testing.T) {
	cause := errors.New("disk full")
	for _, tc := range []struct {
		err  *agora.Error
		want string
	}{
		{&agora.Error{Code: agora.EINVALID, Message: "Bad."}, "invalid: Bad."},
		{&agora.Error{Code: agora.EINTERNAL, Err: cause}, "internal: disk full"},
		{&agora.Error{Code: agora.EINTERNAL, Message: "Oops.", Err: cause}, "internal: Oops.: disk full"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	if !errors.Is(&agora.Error{Code: agora.EINTERNAL, Err: cause}, cause) {
		t.Error("errors.Is does not reach the cause")
	}
}

// TestValidationFailed: field errors are joined into one naming every field,
// as Mastodon's 422; anything else is returned as it is.
func TestValidationFailed(t *testing.T) {
	if err := agora.ValidationFailed(nil, nil); err != nil {
		t.Fatalf("no failures: %v", err)
	}
	u, p := agora.ValidateUsername(""), agora.ValidatePassword("short")
	err := agora.ValidationFailed(u, nil, p)
	var e *agora.Error
	if !errors.As(err, &e) || e.Code != agora.EUNPROCESSABLE {
		t.Fatalf("err = %v, want unprocessable", err)
	}
	if want := "Validation failed: Username can't be blank, Password is too short (at least 8 characters)"; e.Message != want {
		t.Errorf("Message = %q, want %q", e.Message, want)
	}
	if len(e.Details) != 2 || e.Details["username"][0] != "ERR_BLANK" || e.Details["password"][0] != "ERR_TOO_SHORT" {
		t.Errorf("Details = %v, want username ERR_BLANK and password ERR_TOO_SHORT", e.Details)
	}
	other := agora.Errorf(agora.EFORBIDDEN, "no")
	if err := agora.ValidationFailed(u, other); err != other {
		t.Errorf("with a non-field error: %v, want it", err)
	}
}
