package e2e

import (
	"bytes"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"agora/agoratest"
	"agora/internal/imaging"
)

// TestMedia_UploadLimits: uploads are limited per account, as Mastodon's are
// (here 2 per 30 minutes): the next answers 429 with Retry-After, from any of
// the account's tokens, while another account still uploads; and a JPEG of
// more scans than imaging.MaxJPEGScans is refused with 422 from its markers,
// fast, rather than decoded for seconds.
func TestMedia_UploadLimits(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testMediaUploadLimits(t, b) })
	}
}

func testMediaUploadLimits(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b, whTrusted, agoratest.WithRateLimits("api=off,accounts=off,media=2/30m"))
	for _, n := range []string{"alice", "bob"} {
		r.mustAccount(n)
	}
	atok, atok2 := r.passwordLogin("alice").Config.AccessToken, r.passwordLogin("alice").Config.AccessToken
	btok := r.passwordLogin("bob").Config.AccessToken

	start := time.Now()
	code, body, _ := uploadPlain(t, r, atok, manyScanJPEG(t, 2048, 1024, imaging.MaxJPEGScans+1))
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "scans") {
		t.Errorf("a JPEG of %d scans: %d %s, want 422 naming the scans", imaging.MaxJPEGScans+1, code, whShort(body))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing the many-scan JPEG took %v", d)
	}
	// That refusal counted as the first upload; one more is allowed.
	if code, body, _ := uploadPlain(t, r, atok, pngOf(t, 8, 8)); code != http.StatusOK {
		t.Fatalf("alice's second upload: %d %s", code, whShort(body))
	}
	for name, tok := range map[string]string{"the same token": atok, "another token of hers": atok2} {
		code, body, h := uploadPlain(t, r, tok, pngOf(t, 8, 8))
		if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(string(body), `"error"`) {
			t.Errorf("alice's third upload, by %s: %d %v %s, want 429 with Retry-After", name, code, h.Get("Retry-After"), whShort(body))
		}
	}
	if code, body, _ := uploadPlain(t, r, btok, pngOf(t, 8, 8)); code != http.StatusOK {
		t.Errorf("bob's upload: %d %s, want 200 (counted apart)", code, whShort(body))
	}
}

// uploadPlain uploads file as image.png on a plain client (a 429 is outside
// the API's schema).
func uploadPlain(t *testing.T, r *rig, token string, file []byte) (int, []byte, http.Header) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, err := mw.CreateFormFile("file", "image.png")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(file)
	mw.Close()
	req, err := http.NewRequest("POST", r.srv.URL+"/api/v2/media", &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data, resp.Header
}

// manyScanJPEG is a JPEG of w by h with its one scan repeated n times.
func manyScanJPEG(t *testing.T, w, h, n int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, solidImage(w, h), nil); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	sos, eoi := bytes.Index(data, []byte{0xFF, 0xDA}), bytes.LastIndex(data, []byte{0xFF, 0xD9})
	if sos < 0 || eoi < sos {
		t.Fatal("no scan in the encoded JPEG")
	}
	out := append([]byte{}, data[:sos]...)
	for range n {
		out = append(out, data[sos:eoi]...)
	}
	return append(out, 0xFF, 0xD9)
}
