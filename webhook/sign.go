// Package webhook delivers the authority channel's webhooks: the signature
// scheme (Standard Webhooks 1.0: HMAC-SHA256 over the message's id, timestamp
// and body), the policy on the URLs an authority may register, and the
// dispatcher that POSTs the outbox's deliveries with retries and backoff.
//
// Verify is what a receiver runs; the authority API's documentation describes
// the same steps for receivers written in other languages.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers of a signed delivery.
const (
	HeaderID        = "Webhook-Id"
	HeaderTimestamp = "Webhook-Timestamp"
	HeaderSignature = "Webhook-Signature"
)

// secretPrefix starts every secret; the rest is the base64 of the HMAC key.
const secretPrefix = "whsec_"

// Tolerance is how far a delivery's timestamp may be from the receiver's clock
// before Verify refuses it as replayed (or from a wrong clock).
const Tolerance = 5 * time.Minute

// NewSecret returns a new signing secret: "whsec_" and the base64 of 32 random
// bytes.
func NewSecret() string {
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand never fails on supported platforms
	return secretPrefix + base64.StdEncoding.EncodeToString(key)
}

// key decodes a secret made by NewSecret.
func key(secret string) ([]byte, error) {
	b64, ok := strings.CutPrefix(secret, secretPrefix)
	if !ok {
		return nil, errors.New(`webhook: the secret does not start with "whsec_"`)
	}
	k, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(k) < 24 {
		return nil, errors.New("webhook: the secret is not the base64 of a key of 24 bytes or more")
	}
	return k, nil
}

// Sign returns the Webhook-Signature value of the message: "v1," and the
// base64 of HMAC-SHA256(key, id + "." + unix seconds + "." + body).
func Sign(secret, id string, at time.Time, body []byte) (string, error) {
	k, err := key(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(k, id, at.Unix(), body)), nil
}

func mac(key []byte, id string, unix int64, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + strconv.FormatInt(unix, 10) + "."))
	m.Write(body)
	return m.Sum(nil)
}

// SetHeaders sets the three headers of a delivery of body signed at the time.
func SetHeaders(h http.Header, secret, id string, at time.Time, body []byte) error {
	sig, err := Sign(secret, id, at, body)
	if err != nil {
		return err
	}
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
	h.Set(HeaderSignature, sig)
	return nil
}

// The reasons Verify refuses a delivery.
var (
	ErrMissingHeader = errors.New("webhook: a signature header is missing")
	ErrTimestamp     = errors.New("webhook: the timestamp is not within the tolerance of the receiver's clock")
	ErrSignature     = errors.New("webhook: no signature matches")
)

// Verify checks a delivery as a receiver gets it: the three headers present,
// the timestamp within Tolerance of now (an older message is refused as a
// replay), and one of the signatures (there may be several, space-separated,
// while a secret is rotated) equal to the HMAC of the raw body under the
// secret, compared in constant time. It returns the message's id, which a
// receiver keeps to refuse the same message twice within the tolerance.
func Verify(secret string, h http.Header, body []byte, now time.Time) (id string, err error) {
	k, err := key(secret)
	if err != nil {
		return "", err
	}
	id, ts, sigs := h.Get(HeaderID), h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if id == "" || ts == "" || sigs == "" {
		return "", ErrMissingHeader
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: %q is not Unix seconds", ErrTimestamp, ts)
	}
	if d := now.Sub(time.Unix(unix, 0)); d > Tolerance || d < -Tolerance {
		return "", fmt.Errorf("%w: it is %s from now", ErrTimestamp, d.Round(time.Second))
	}
	want := mac(k, id, unix, body)
	for _, s := range strings.Fields(sigs) {
		version, b64, ok := strings.Cut(s, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(b64)
		if err == nil && hmac.Equal(got, want) {
			return id, nil
		}
	}
	return "", ErrSignature
}
