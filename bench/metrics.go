package bench

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// rssMetric is the Prometheus process collector's resident memory gauge, which
// agora (on its metrics_addr) and many other servers expose at /metrics.
const rssMetric = "process_resident_memory_bytes"

// RSS reads the server's resident memory in bytes from its metrics at url (""
// for the target's /metrics), if it exposes process_resident_memory_bytes
// there; ok is false otherwise (no such page, no such series, or no answer
// within a few seconds).
func (c *Client) RSS(ctx context.Context, url string) (bytes int64, ok bool) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if url == "" {
		url = c.base + "/metrics"
	}
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0, false
	}
	req.Header.Set("Accept", "text/plain")
	req.Header.Set("User-Agent", "agora-bench")
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, false
	}
	return parseRSS(bufio.NewScanner(resp.Body))
}

// parseRSS finds the resident memory gauge in a Prometheus text exposition.
func parseRSS(sc *bufio.Scanner) (int64, bool) {
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		rest, found := strings.CutPrefix(sc.Text(), rssMetric)
		if !found || (rest != "" && rest[0] != ' ' && rest[0] != '{') {
			continue
		}
		if i := strings.IndexByte(rest, '}'); i >= 0 {
			rest = rest[i+1:]
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil || v < 0 {
			continue
		}
		return int64(v), true
	}
	return 0, false
}
