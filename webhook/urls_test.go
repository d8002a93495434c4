package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"agora"
)

func TestPolicy_Check(t *testing.T) {
	tests := []struct {
		url          string
		allowPrivate bool
		ok           bool
	}{
		{"https://hooks.meity.gov.in/agora", false, true},
		{"https://203.0.114.7:8443/hook", false, true},
		{"https://[2a00:1450:4001::1]/hook", false, true},
		{"http://hooks.meity.gov.in/agora", false, false},
		{"https://127.0.0.1/hook", false, false},
		{"https://127.1/hook", false, false},
		{"https://0x7f.1/hook", false, false},
		{"https://2130706433/hook", false, false},
		{"https://[::1]/hook", false, false},
		{"https://[::ffff:10.0.0.1]/hook", false, false},
		{"https://10.1.2.3/hook", false, false},
		{"https://172.16.0.1/hook", false, false},
		{"https://192.168.1.1/hook", false, false},
		{"https://169.254.169.254/latest/meta-data", false, false},
		{"https://100.64.0.1/hook", false, false},
		{"https://0.0.0.0/hook", false, false},
		{"https://[fd00::1]/hook", false, false},
		{"https://[fe80::1]/hook", false, false},
		{"https://localhost/hook", false, false},
		{"https://api.localhost/hook", false, false},
		{"https://printer.local/hook", false, false},
		{"https://intranet/hook", false, false},
		{"https://user:pw@hooks.example.org/hook", false, false},
		{"https://hooks.example.org/hook#x", false, false},
		{"ftp://hooks.example.org/hook", false, false},
		{"javascript:alert(1)", false, false},
		{"/relative/hook", false, false},
		{"", false, false},
		{"https://" + strings.Repeat("a", MaxURL) + ".org/", false, false},
		{"http://127.0.0.1:8080/hook", true, true},
		{"https://10.1.2.3/hook", true, true},
		{"ftp://127.0.0.1/hook", true, false},
	}
	for _, tc := range tests {
		err := Policy{AllowPrivate: tc.allowPrivate}.Check(tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("Check(%.60q, allowPrivate=%v) = %v, want ok=%v", tc.url, tc.allowPrivate, err, tc.ok)
		}
		if err != nil && agora.ErrorCode(err) != agora.EUNPROCESSABLE {
			t.Errorf("Check(%.60q) error code %s, want EUNPROCESSABLE", tc.url, agora.ErrorCode(err))
		}
	}
}

// The client refuses at connection time what Check cannot see: a name that
// resolves to a loopback address.
func TestPolicy_ClientRefusesPrivateAddresses(t *testing.T) {
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer srv.Close()
	url := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, nil)
	if _, err := (Policy{}).Client(time.Second).Do(req); err == nil || !strings.Contains(err.Error(), "not a public address") || hit {
		t.Errorf("POST to %s = %v (reached: %v), want refused before connecting", url, err, hit)
	}
	req, _ = http.NewRequestWithContext(context.Background(), http.MethodPost, url, nil)
	resp, err := (Policy{AllowPrivate: true}).Client(time.Second).Do(req)
	if err != nil || !hit {
		t.Fatalf("POST with private addresses allowed = %v (reached: %v)", err, hit)
	}
	resp.Body.Close()
}
