package webhook

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// A known answer: the HMAC computed independently (Python's hmac module) for
// this key, id, timestamp and body.
func TestSign_KnownAnswer(t *testing.T) {
	secret := "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" // "0123456789abcdef0123456789abcdef"
	got, err := Sign(secret, "msg_1", time.Unix(1700000000, 0), []byte(`{"type":"order.received"}`))
	if err != nil {
		t.Fatal(err)
	}
	const want = "v1,GPGtgsC3MREW1ZqJqSt9IcbHKX9ZyNzqVZ9muItjQcc="
	if got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	secret := NewSecret()
	now := time.Unix(1700000000, 0)
	body := []byte(`{"type":"target.lifted"}`)
	signed := func(at time.Time, body []byte) http.Header {
		h := http.Header{}
		if err := SetHeaders(h, secret, "42", at, body); err != nil {
			t.Fatal(err)
		}
		return h
	}
	other := NewSecret()
	forged := http.Header{}
	_ = SetHeaders(forged, other, "42", now, body)
	rotated := signed(now, body)
	rotated.Set(HeaderSignature, forged.Get(HeaderSignature)+" "+rotated.Get(HeaderSignature))
	missing := signed(now, body)
	missing.Del(HeaderTimestamp)
	badTS := signed(now, body)
	badTS.Set(HeaderTimestamp, "yesterday")
	reID := signed(now, body)
	reID.Set(HeaderID, "43")
	tests := []struct {
		name string
		h    http.Header
		body []byte
		want error
	}{
		{"valid", signed(now, body), body, nil},
		{"clock a little ahead", signed(now.Add(4*time.Minute), body), body, nil},
		{"one of several signatures", rotated, body, nil},
		{"another secret", forged, body, ErrSignature},
		{"body changed", signed(now, body), []byte(`{"type":"target.declined"}`), ErrSignature},
		{"id changed", reID, body, ErrSignature},
		{"replayed after the tolerance", signed(now.Add(-6*time.Minute), body), body, ErrTimestamp},
		{"from the future", signed(now.Add(6*time.Minute), body), body, ErrTimestamp},
		{"timestamp not a number", badTS, body, ErrTimestamp},
		{"no timestamp", missing, body, ErrMissingHeader},
		{"no headers", http.Header{}, body, ErrMissingHeader},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := Verify(secret, tc.h, tc.body, now)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %q, %v; want %v", id, err, tc.want)
			}
			if err == nil && id != tc.h.Get(HeaderID) {
				t.Errorf("id = %q, want %q", id, tc.h.Get(HeaderID))
			}
		})
	}
	if _, err := Verify("not-a-secret", signed(now, body), body, now); err == nil {
		t.Error("Verify with a malformed secret succeeded")
	}
	if ts := signed(now, body).Get(HeaderTimestamp); ts != strconv.FormatInt(now.Unix(), 10) {
		t.Errorf("timestamp header %q, want Unix seconds", ts)
	}
}
