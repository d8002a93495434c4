package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The probe against a real server is tested end to end in e2e/bench_test.go;
// these tests cover its pure parts and its failure paths.

func TestProbePairs(t *testing.T) {
	accts := make([]Account, 10)
	for i := range accts {
		accts[i] = Account{ID: string(rune('a' + i)), Username: string(rune('a' + i))}
	}
	names := func(pairs []probePair) string {
		var b strings.Builder
		for _, p := range pairs {
			b.WriteString(p.follower.Username + ">" + p.poster.Username + " ")
		}
		return strings.TrimSpace(b.String())
	}
	for _, tc := range []struct {
		name string
		n    int
		plan []Follow
		k    int
		want string // follower>poster, in order
	}{
		{"no plan: i followed by i+n/2", 10, nil, 4, "f>a g>b h>c i>d"},
		{"no plan, few accounts", 3, nil, 4, "b>a c>b a>c"},
		{"two accounts", 2, nil, 4, "b>a a>b"},
		{"one account", 1, nil, 4, ""},
		{"off", 10, nil, 0, ""},
		{
			"plan edges first, distinct posters and followers", 10,
			[]Follow{{0, 5}, {0, 6}, {1, 5}, {1, 7}, {2, 8}, {3, 9}, {4, 1}},
			3, "a>f b>h c>i",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := names(probePairs(accts[:tc.n], tc.plan, tc.k)); got != tc.want {
				t.Errorf("pairs = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestProbeConfig_validate(t *testing.T) {
	pc := ProbeConfig{}
	if err := pc.validate(); err != nil {
		t.Fatal(err)
	}
	want := ProbeConfig{Pairs: DefaultProbePairs, Every: defaultProbeEvery, Poll: defaultProbePoll, Timeout: defaultProbeTimeout}
	if pc != want {
		t.Errorf("defaults = %+v, want %+v", pc, want)
	}
	off := ProbeConfig{Pairs: -1}
	if err := off.validate(); err != nil || off.Pairs != -1 {
		t.Errorf("off: %+v, %v; want Pairs kept at -1", off, err)
	}
	if err := (&ProbeConfig{Timeout: -time.Second}).validate(); err == nil {
		t.Error("negative timeout: no error")
	}
}

// unseenServer is a server whose posts never reach any home timeline, and whose
// follows of account "locked" are only requested. postCode, when not 0, is the
// answer to every post.
func unseenServer(t *testing.T, postCode int) *Client {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, _ *http.Request) {
		if postCode != 0 {
			http.Error(w, `{"error":"no"}`, postCode)
			return
		}
		w.Write([]byte(`{"id":"200"}`))
	})
	mux.HandleFunc("GET /api/v1/timelines/home", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`[{"id":"100"}]`))
	})
	mux.HandleFunc("POST /api/v1/accounts/{id}/follow", func(w http.ResponseWriter, r *http.Request) {
		locked := r.PathValue("id") == "locked"
		json.NewEncoder(w).Encode(map[string]any{"id": r.PathValue("id"), "following": !locked, "requested": locked})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestClient_probe(t *testing.T) {
	pair := probePair{poster: Account{ID: "1", Username: "poster"}, follower: Account{ID: "2", Username: "follower"}}
	pc := ProbeConfig{Poll: 5 * time.Millisecond, Timeout: 60 * time.Millisecond}

	t.Run("never visible", func(t *testing.T) {
		d, err := unseenServer(t, 0).probe(context.Background(), pair, 0, pc)
		if !errors.Is(err, errNotVisible) {
			t.Fatalf("err = %v, want errNotVisible", err)
		}
		if d < pc.Timeout || d > pc.Timeout+time.Second {
			t.Errorf("gave up after %v, want the timeout %v", d, pc.Timeout)
		}
	})
	t.Run("post fails", func(t *testing.T) {
		d, err := unseenServer(t, http.StatusUnprocessableEntity).probe(context.Background(), pair, 0, pc)
		var se *StatusError
		if !errors.As(err, &se) || se.Code != http.StatusUnprocessableEntity || errors.Is(err, errNotVisible) {
			t.Fatalf("err = %v, want the post's HTTP 422", err)
		}
		if d != 0 {
			t.Errorf("time %v, want none for a failed request", d)
		}
	})
	t.Run("loop counts failures", func(t *testing.T) {
		c := unseenServer(t, 0)
		pc := pc
		pc.Every = 10 * time.Millisecond
		wait := startProbes(context.Background(), c, []probePair{pair}, pc, 100*time.Millisecond)
		v := wait()
		if v == nil || v.VisibleProbes == 0 || v.VisibleFailures != v.VisibleProbes {
			t.Fatalf("visibility %+v, want every probe failed", v)
		}
		if v.VisibleMaxMs < ms(pc.Timeout) || !strings.Contains(v.VisibleFirstFailure, "not in follower's home timeline") {
			t.Errorf("visibility %+v, want timeouts counted at the timeout and the failure described", v)
		}
	})
	t.Run("no pairs", func(t *testing.T) {
		if v := startProbes(context.Background(), nil, nil, pc, time.Second)(); v != nil {
			t.Errorf("visibility %+v without pairs, want nil", v)
		}
	})
	t.Run("locked account skipped", func(t *testing.T) {
		c := unseenServer(t, 0)
		accts := []Account{{ID: "locked", Username: "l"}, {ID: "2", Username: "b"}, {ID: "3", Username: "c"}}
		var log bytes.Buffer
		logf := func(format string, args ...any) {
			log.WriteString(strings.TrimSpace(fmt.Sprintf(format, args...)) + "\n")
		}
		pairs := prepareProbes(context.Background(), c, Config{SkipSeed: true, Probe: ProbeConfig{Pairs: 4}}, accts, logf)
		if len(pairs) != 2 || pairs[0].poster.ID == "locked" || pairs[1].poster.ID == "locked" {
			t.Errorf("pairs %v, want the two whose poster is not locked", pairs)
		}
		if !strings.Contains(log.String(), "pending") {
			t.Errorf("log %q does not say the follow is pending", log.String())
		}
	})
}

func TestResult_visibility(t *testing.T) {
	plain := Result{Scenario: Home}
	probed := Result{Scenario: Post, Visibility: &Visibility{VisibleProbes: 12, VisibleP50Ms: 3, VisibleP99Ms: 9.5, VisibleMaxMs: 10}}

	t.Run("json", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteJSON(&b, []Result{plain, probed}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		if strings.Contains(lines[0], "visible_") {
			t.Errorf("result without probes has visible_ fields: %s", lines[0])
		}
		for _, f := range []string{`"visible_probes":12`, `"visible_failures":0`, `"visible_p50_ms":3`, `"visible_p99_ms":9.5`, `"visible_max_ms":10`} {
			if !strings.Contains(lines[1], f) {
				t.Errorf("%s not in %s", f, lines[1])
			}
		}
		var back Result
		if err := json.Unmarshal([]byte(lines[1]), &back); err != nil || back.Visibility == nil || *back.Visibility != *probed.Visibility {
			t.Errorf("decoded %+v (%v), want the visibility back", back.Visibility, err)
		}
	})
	t.Run("table", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteTable(&b, []Result{plain}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "visible") {
			t.Errorf("table without probes mentions visibility:\n%s", b.String())
		}
		b.Reset()
		if err := WriteTable(&b, []Result{plain, probed}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "visible to a follower") || !strings.Contains(b.String(), "9.50") {
			t.Errorf("table lacks the visibility of post:\n%s", b.String())
		}
	})
}
