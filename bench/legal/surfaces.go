package legal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// This file is the checks of `agora bench legal` after the decision: which
// surfaces serve the sampled content before the order, and how long until
// every one of them refuses it to a viewer in the country.

// surfaces are the checks of one run: each answers whether a surface refuses the
// withheld content to the viewer.
type surfaces struct {
	b      *legalBench
	run    string // a random tag of this run
	checks []check
}

type check struct {
	name    string
	refused func(ctx context.Context) (bool, error)
}

func (s *surfaces) names() []string {
	out := make([]string, len(s.checks))
	for i, c := range s.checks {
		out[i] = c.name
	}
	return out
}

// prepareSurfaces finds, for each sampled account, its ID and a public status
// (posting one with the account's token when it has one, else its newest public
// status), and keeps the checks whose surface serves the content now: the
// account, its lookup, its statuses, the status, and the public and hashtag
// timelines, which must leave the status out.
func (b *legalBench) prepareSurfaces(ctx context.Context, sample []account) (*surfaces, error) {
	s := &surfaces{b: b, run: randomHex(4)}
	tag := "lbtag" + s.run
	refused451 := func(path string) func(context.Context) (bool, error) {
		return func(ctx context.Context) (bool, error) {
			code, body, err := b.view(ctx, path)
			switch {
			case err != nil:
				return false, err
			case code == http.StatusUnavailableForLegalReasons:
				return true, nil
			case code == http.StatusOK:
				return false, nil
			}
			return false, fmt.Errorf("GET %s: status %d: %.200s", path, code, body)
		}
	}
	var statusIDs []string
	for _, a := range sample {
		var acct struct {
			ID string `json:"id"`
		}
		path := "/api/v1/accounts/lookup?acct=" + url.QueryEscape(a.username)
		code, body, err := b.view(ctx, path)
		if err != nil {
			return nil, err
		}
		if code != http.StatusOK {
			return nil, fmt.Errorf("GET %s for a viewer in %s: status %d before the order, want 200 (already withheld? --lift=false on an earlier run?): %.200s", path, b.country, code, body)
		}
		if err := json.Unmarshal(body, &acct); err != nil {
			return nil, fmt.Errorf("GET %s: %w", path, err)
		}
		s.checks = append(s.checks,
			check{"GET /api/v1/accounts/" + acct.ID + " (@" + a.username + ") answers 451", refused451("/api/v1/accounts/" + acct.ID)},
			check{"GET /api/v1/accounts/lookup?acct=" + a.username + " answers 451", refused451(path)},
			check{"GET /api/v1/accounts/" + acct.ID + "/statuses answers 451", refused451("/api/v1/accounts/" + acct.ID + "/statuses")},
		)
		statusID := ""
		if a.token != "" {
			var st struct {
				ID string `json:"id"`
			}
			if err := b.call(ctx, http.MethodPost, "/api/v1/statuses", a.token, url.Values{
				"status": {"A post an order will name, by @" + a.username + " #" + tag}, "visibility": {"public"},
			}, http.StatusOK, &st); err != nil {
				return nil, fmt.Errorf("post a status as @%s: %w", a.username, err)
			}
			statusID = st.ID
		} else {
			var list []struct {
				ID         string `json:"id"`
				Visibility string `json:"visibility"`
			}
			if err := b.call(ctx, http.MethodGet, "/api/v1/accounts/"+acct.ID+"/statuses?exclude_reblogs=true&exclude_replies=true&limit=5", b.token, nil, http.StatusOK, &list); err != nil {
				return nil, err
			}
			for _, st := range list {
				if st.Visibility == "public" {
					statusID = st.ID
					break
				}
			}
		}
		if statusID == "" {
			fmt.Fprintf(b.stderr, "agora bench legal: @%s has no public status and no token to post one; only its account is checked\n", a.username)
			continue
		}
		statusIDs = append(statusIDs, statusID)
		s.checks = append(s.checks, check{"GET /api/v1/statuses/" + statusID + " answers 451", refused451("/api/v1/statuses/" + statusID)})
	}
	// The timelines, for the statuses they show now.
	for _, tl := range []struct{ name, path string }{
		{"GET /api/v1/timelines/public leaves out", "/api/v1/timelines/public?limit=40"},
		{"GET /api/v1/timelines/tag/" + tag + " leaves out", "/api/v1/timelines/tag/" + tag + "?limit=40"},
	} {
		shown, err := s.shown(ctx, tl.path, statusIDs)
		if err != nil {
			return nil, err
		}
		if len(shown) == 0 {
			continue
		}
		s.checks = append(s.checks, check{tl.name + " " + strings.Join(shown, ", "), func(ctx context.Context) (bool, error) {
			still, err := s.shown(ctx, tl.path, shown)
			return len(still) == 0, err
		}})
	}
	// Every surface must serve the content before the decision, or it proves nothing.
	for _, c := range s.checks {
		refused, err := c.refused(ctx)
		if err != nil {
			return nil, err
		}
		if refused {
			return nil, fmt.Errorf("before the order, %s for a viewer in %s; want it served", c.name, b.country)
		}
	}
	return s, nil
}

// shown returns which of ids the timeline at path shows the viewer.
func (s *surfaces) shown(ctx context.Context, path string, ids []string) ([]string, error) {
	code, body, err := s.b.view(ctx, path)
	if err != nil {
		return nil, err
	}
	if code != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d: %.200s", path, code, body)
	}
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	var out []string
	for _, st := range list {
		if slices.Contains(ids, st.ID) {
			out = append(out, st.ID)
		}
	}
	return out, nil
}

// waitRefused runs the checks not yet satisfied, concurrently, every interval
// from decided until all refuse, and returns the time from decided to the answer
// that completed them and the number of rounds.
func (s *surfaces) waitRefused(ctx context.Context, decided time.Time, interval, timeout time.Duration) (time.Duration, int, error) {
	pending := slices.Clone(s.checks)
	deadline := decided.Add(timeout)
	for polls := 1; ; polls++ {
		refused := make([]bool, len(pending))
		errs := make([]error, len(pending))
		var last time.Time
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i, c := range pending {
			wg.Go(func() {
				refused[i], errs[i] = c.refused(ctx)
				if refused[i] {
					now := time.Now()
					mu.Lock()
					if now.After(last) {
						last = now
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return 0, polls, err
		}
		var still []check
		for i, c := range pending {
			if !refused[i] {
				still = append(still, c)
			}
		}
		if len(still) == 0 {
			return last.Sub(decided), polls, nil
		}
		pending = still
		if time.Now().After(deadline) {
			return 0, polls, fmt.Errorf("%s after the decision, %d surfaces still serve the withheld content to a viewer in %s (does the server believe --country-header %q from this host? see country_header and trusted_proxies): %s",
				timeout, len(still), s.b.country, s.b.header, still[0].name)
		}
		select {
		case <-ctx.Done():
			return 0, polls, ctx.Err()
		case <-time.After(interval):
		}
	}
}
