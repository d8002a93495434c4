package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agora/agoratest"
)

// TestMeasureSignInFlood measures the public timeline's latency alone and
// under a flood of password sign-ins (unknown logins, so bcrypt at its
// default cost, each from a new address, as from a botnet), and prints it for
// docs/PERFORMANCE.md. It asserts no time: run it with AGORA_MEASURE=1.
func TestMeasureSignInFlood(t *testing.T) {
	if os.Getenv("AGORA_MEASURE") != "1" {
		t.Skip("set AGORA_MEASURE=1 to measure")
	}
	r := newRig(t, agoratest.SQLite, trustLoopback)
	r.mustAccount("alice")
	alice, _, err := r.srv.Service.CreateToken(context.Background(), "alice", "read write")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if code, _, _ := r.do("POST", "/api/v1/statuses", alice, "application/x-www-form-urlencoded", "status=post+"+fmt.Sprint(i)); code != http.StatusOK {
			t.Fatalf("post: %d", code)
		}
	}
	read := func(d time.Duration) []time.Duration {
		var lat []time.Duration
		for end := time.Now().Add(d); time.Now().Before(end); {
			start := time.Now()
			resp, err := http.Get(r.srv.URL + "/api/v1/timelines/public")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			lat = append(lat, time.Since(start))
		}
		slices.Sort(lat)
		return lat
	}
	pct := func(lat []time.Duration, p float64) time.Duration { return lat[int(float64(len(lat)-1)*p)] }
	quiet := read(3 * time.Second)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var n, statuses [600]atomic.Int64
	var seq atomic.Int64
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				i := seq.Add(1)
				req, _ := http.NewRequest("POST", r.srv.URL+"/oauth/token", strings.NewReader(url.Values{
					"grant_type": {"password"}, "client_id": {r.app.ClientID}, "client_secret": {r.app.ClientSecret},
					"username": {fmt.Sprintf("nobody%d@example.org", i)}, "password": {"guess"}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					continue
				}
				resp.Body.Close()
				statuses[resp.StatusCode].Add(1)
				n[0].Add(1)
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	flood := read(5 * time.Second)
	close(stop)
	wg.Wait()
	t.Logf("public timeline alone:        %d reads, p50 %v, p99 %v", len(quiet), pct(quiet, .5), pct(quiet, .99))
	t.Logf("under a sign-in flood (32 conns): %d reads, p50 %v, p99 %v", len(flood), pct(flood, .5), pct(flood, .99))
	t.Logf("sign-in attempts: %d (400: %d, 429: %d)", n[0].Load(), statuses[400].Load(), statuses[429].Load())
}
