//go:build unix

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// writeState is what the client knows of a write when the server was killed.
type writeState int

const (
	writeSent    writeState = iota // sent, no answer: it may or may not have happened
	writeAcked                     // answered 2xx
	writeRefused                   // answered otherwise
)

// crashWrite is one post or favourite sent during a cycle.
type crashWrite struct {
	favourite bool
	actor     int    // index into crashSocial.posters (post) or .favers (favourite)
	key       string // post: the Idempotency-Key
	text      string // post: the text, unique to this post
	mentions  []int  // post: indexes into crashSocial.mentioned
	statusID  string // favourite: the status favourited; post: the ID answered
	state     writeState
	code      int
	body      string
}

// crashUser is an account the load acts as, with its token.
type crashUser struct {
	username, id, token string
}

// crashLoad runs one cycle's writes until stopped: posters post statuses that
// mention other accounts, each with its own Idempotency-Key, favouriters
// favourite the statuses acknowledged so far, and one bulk legal decision is
// sent after a delay.
type crashLoad struct {
	s     *crashSocial
	cycle int
	stop  atomic.Bool
	hc    *http.Client

	mu     sync.Mutex
	writes []*crashWrite
}

// run starts the posters and favouriters, and the decision on o after
// decideAfter; it returns a function that waits for all of them once the server
// is dead (or stop is set), and the decision's outcome.
func (l *crashLoad) run(o crashOrder, decideAfter time.Duration) (wait func() *crashResponse) {
	var wg sync.WaitGroup
	for i := range l.s.posters {
		wg.Add(1)
		go func() { defer wg.Done(); l.post(i) }()
	}
	for i := range l.s.favers {
		wg.Add(1)
		go func() { defer wg.Done(); l.favourite(i) }()
	}
	decided := make(chan *crashResponse, 1)
	go func() { decided <- l.decide(o, decideAfter) }()
	return func() *crashResponse {
		wg.Wait()
		return <-decided
	}
}

// post sends statuses as poster i until stopped or the server is gone.
func (l *crashLoad) post(i int) {
	p := l.s.posters[i]
	for n := 0; !l.stop.Load(); n++ {
		m1 := (i + n) % len(l.s.mentioned)
		m2 := (i + n + 1) % len(l.s.mentioned)
		w := &crashWrite{actor: i, mentions: []int{m1, m2},
			key:  fmt.Sprintf("crash-%s-c%d-p%d-n%d", l.s.backend, l.cycle, i, n),
			text: fmt.Sprintf("cycle %d post %d of %s to @%s and @%s", l.cycle, n, p.username, l.s.mentioned[m1].username, l.s.mentioned[m2].username)}
		l.add(w)
		if !l.send(w, p.token, http.MethodPost, "/api/v1/statuses", w.key, map[string]string{"status": w.text, "visibility": "public"}) {
			return
		}
		if w.state == writeAcked {
			l.s.addPool(w.statusID)
		}
	}
}

// favourite favourites, as favouriter i, each acknowledged status in turn, until
// stopped or the server is gone.
func (l *crashLoad) favourite(i int) {
	f := l.s.favers[i]
	for !l.stop.Load() {
		id, ok := l.s.nextForFaver(i)
		if !ok {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		w := &crashWrite{favourite: true, actor: i, statusID: id}
		l.add(w)
		if !l.send(w, f.token, http.MethodPost, "/api/v1/statuses/"+id+"/favourite", "", nil) {
			return
		}
	}
}

func (l *crashLoad) add(w *crashWrite) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes = append(l.writes, w)
}

// send makes the request of w and records its outcome in w; false when there
// was no answer (the server is gone).
func (l *crashLoad) send(w *crashWrite, token, method, path, key string, body any) bool {
	code, data, err := crashCall(l.hc, l.s.r.url, token, method, path, key, body)
	if err != nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w.code, w.body = code, data
	if code/100 != 2 {
		w.state = writeRefused
		return true
	}
	w.state = writeAcked
	if !w.favourite {
		var st struct {
			ID string `json:"id"`
		}
		if json.Unmarshal([]byte(data), &st) == nil {
			w.statusID = st.ID
		}
	}
	return true
}

// crashCall sends one API request with a JSON body (nil for none) and the
// Idempotency-Key ("" for none) and returns the status and body; an error when
// no whole answer came.
func crashCall(hc *http.Client, base, token, method, path, key string, body any) (int, string, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, "", err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", err
	}
	return resp.StatusCode, strings.TrimSpace(string(data)), nil
}

// decide sends, after delay, the bulk withhold decision on every account target
// of o. The status is taken as the answer's header arrives, so that an answer
// cut off in its body still counts as given; nil when none came.
func (l *crashLoad) decide(o crashOrder, delay time.Duration) *crashResponse {
	time.Sleep(delay)
	if l.stop.Load() {
		return nil
	}
	var status atomic.Int32
	hc := *l.hc
	hc.Transport = crashTransport(func(req *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err == nil {
			status.Store(int32(resp.StatusCode))
		}
		return resp, err
	})
	sent := time.Now()
	_, err := client.New(l.s.r.url, l.s.r.token, &hc).Decide(context.Background(), o.id, wire.DecisionInput{
		Filter: &wire.TargetFilter{Kind: "account"}, Action: "withhold", Countries: []string{"IN"},
		Reason: "legal_demand", Note: fmt.Sprintf("bulk decision of cycle %d", o.round),
	})
	if status.Load() == 0 {
		return nil
	}
	return &crashResponse{status: int(status.Load()), err: err, at: time.Since(sent)}
}
