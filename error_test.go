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
