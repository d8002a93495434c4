package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"agora/agoratest"
)

// fSend is fDo for goroutines: it sends body as JSON and returns the status
// and the answer, or the transport's error.
func fSend(r *rig, token, method, path string, body any) (int, []byte, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequest(method, r.srv.URL+path, bytes.NewReader(raw))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// TestFilters_ConcurrentKeywordEdits adds keywords to a filter
// (POST /api/v2/filters/:id/keywords) while the filter is updated with
// keywords_attributes changing another keyword (PUT /api/v2/filters/:id):
// every added keyword stays (an update applies its changes, it does not put
// back the list it read). Then an account fills MaxAccountFilterKeywords
// (1,000) keywords and one more is 422 by each way of adding one, nothing
// written.
func TestFilters_ConcurrentKeywordEdits(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			r.mustAccount("alice")
			at := r.passwordLogin("alice").Config.AccessToken

			var f wireFilter
			mustJSON(t, fDo(t, r, at, "POST", "/api/v2/filters", map[string]any{
				"title": "race", "context": []string{"home"}, "keywords_attributes": []map[string]any{{"keyword": "a"}},
			}, http.StatusOK), &f)
			a := f.Keywords[0].ID
			const rounds, workers = 4, 6
			var mu sync.Mutex
			var errs []string
			for round := range rounds {
				var wg sync.WaitGroup
				for i := range 2 * workers {
					wg.Go(func() {
						var status int
						var body []byte
						var err error
						if i%2 == 0 {
							status, body, err = fSend(r, at, "POST", "/api/v2/filters/"+f.ID+"/keywords", map[string]any{"keyword": fmt.Sprintf("added-%d-%d", round, i)})
						} else {
							status, body, err = fSend(r, at, "PUT", "/api/v2/filters/"+f.ID, map[string]any{
								"keywords_attributes": []map[string]any{{"id": a, "keyword": fmt.Sprintf("a-%d-%d", round, i)}}})
						}
						if err != nil || status != http.StatusOK {
							mu.Lock()
							errs = append(errs, fmt.Sprintf("%d %s %v", status, body, err))
							mu.Unlock()
						}
					})
				}
				wg.Wait()
			}
			if len(errs) > 0 {
				t.Fatalf("requests failed: %v", errs)
			}
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID, nil, http.StatusOK), &f)
			words := f.keywords()
			var lost []string
			for round := range rounds {
				for i := 0; i < 2*workers; i += 2 {
					if w := fmt.Sprintf("added-%d-%d", round, i); !slices.Contains(words, w) {
						lost = append(lost, w)
					}
				}
			}
			if len(lost) > 0 || len(words) != 1+rounds*workers {
				t.Fatalf("after the race the filter has %d keywords, want %d; lost %v", len(words), 1+rounds*workers, lost)
			}

			// The account's keyword limit: 1,000 over all its filters.
			total := len(words)
			for total < 1000 {
				n := min(100, 1000-total)
				kws := make([]map[string]any, n)
				for i := range kws {
					kws[i] = map[string]any{"keyword": fmt.Sprint("k", total+i)}
				}
				fDo(t, r, at, "POST", "/api/v2/filters", map[string]any{"title": fmt.Sprint("fill ", total), "context": []string{"home"}, "keywords_attributes": kws}, http.StatusOK)
				total += n
			}
			before := countFilters(t, r, at)
			for _, try := range []struct{ method, path string }{
				{"POST", "/api/v2/filters/" + f.ID + "/keywords"},
				{"PUT", "/api/v2/filters/" + f.ID},
				{"POST", "/api/v2/filters"},
				{"POST", "/api/v1/filters"},
			} {
				body := map[string]any{"keyword": "one too many", "phrase": "one too many", "title": "one too many", "context": []string{"home"},
					"keywords_attributes": []map[string]any{{"keyword": "one too many"}}}
				got := fDo(t, r, at, try.method, try.path, body, http.StatusUnprocessableEntity)
				if !strings.Contains(string(got), "1000 keywords") {
					t.Errorf("%s %s past the limit: %s, want the limit named", try.method, try.path, got)
				}
			}
			mustJSON(t, fDo(t, r, at, "GET", "/api/v2/filters/"+f.ID, nil, http.StatusOK), &f)
			if n := countFilters(t, r, at); n != before || len(f.Keywords) != 1+rounds*workers {
				t.Errorf("after refused writes: %d filters (was %d), %d keywords in the first", n, before, len(f.Keywords))
			}
		})
	}
}
