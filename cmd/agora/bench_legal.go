package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// This file is `agora bench legal`: the legal desk measured end to end over HTTP,
// against a running agora, as issue "Benchmarks" states its targets: an order of N
// account targets recorded and resolved, one bulk decision withholding them all in
// a country, and the time until a withheld status answers 451 on every surface for
// a viewer in that country. Its identifiers start with legalBench or lb, so as not
// to meet those of `agora bench` itself in package main.

const legalBenchUsage = `agora bench legal --target URL --token TOKEN (--setup | --names FILE) [--targets 1178] [--country IN]
    [--names-out FILE] [--country-header CF-IPCountry] [--concurrency 8] [--sample 3] [--lift=true] [--json]

Measures, over HTTP against a running agora:
  record_ms    POST /api/v1/legal/orders naming N accounts (recorded and resolved);
  decide_ms    POST /api/v1/legal/orders/ID/decisions withholding every resolved target in --country;
  enforced_ms  from the decision's answer until every sampled surface refuses a withheld
               account and its status to a viewer in --country (451, or left out of timelines),
               polling every --poll.
The token is a legal or admin account's with the scopes legal:read legal:write (agora token
create --username U --scopes "read write legal:read legal:write"); $AGORA_BENCH_TOKEN works too.
--setup registers the N accounts through the Mastodon API (POST /api/v1/apps, client_credentials,
POST /api/v1/accounts; registrations must be open), and --names-out keeps them for later runs;
--names FILE names existing accounts, one username (or "username<TAB>token", as agora bench
--tokens-out writes) per line. Accounts with a token post a status to check; others are checked
with their newest public status, if any. The viewer's country is sent in --country-header,
which the server believes only from a trusted proxy (trusted_proxies must include this host).
`

// legalBenchResult is what one run measured; --json prints it as one object.
type legalBenchResult struct {
	Scenario          string   `json:"scenario"` // "legal"
	Target            string   `json:"target"`
	Country           string   `json:"country"`
	Targets           int      `json:"targets"`
	Resolved          int      `json:"resolved"`
	Unresolved        int      `json:"unresolved"`
	AlreadyWithheld   int      `json:"already_withheld"`
	SetupMS           float64  `json:"setup_ms"`     // registering the accounts (--setup), else 0
	AuthorityMS       float64  `json:"authority_ms"` // POST /api/v1/legal/authorities, once
	RecordMS          float64  `json:"record_ms"`
	DecideMS          float64  `json:"decide_ms"`
	Applied           int      `json:"applied"`
	RulesCreated      int      `json:"rules_created"`
	EnforcedMS        float64  `json:"enforced_ms"`
	DecidedEnforcedMS float64  `json:"decided_enforced_ms"` // decide_ms + enforced_ms
	Polls             int      `json:"polls"`               // rounds of checks until all refused
	Surfaces          []string `json:"surfaces"`            // the surfaces checked
	LiftMS            float64  `json:"lift_ms,omitempty"`   // lifting the rules again (--lift)
}

// lbAccount is an account the order names; token is empty unless known.
type lbAccount struct {
	username, token string
}

func benchLegal(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench legal", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: "+legalBenchUsage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	target := fs.String("target", "", "base `URL` of the running agora, e.g. http://127.0.0.1:8080")
	token := fs.String("token", getenv("AGORA_BENCH_TOKEN"), "access `token` of a legal or admin account with legal:read legal:write")
	n := fs.Int("targets", 1178, "how many accounts the order names")
	country := fs.String("country", "IN", "the country to withhold in (ISO 3166-1 alpha-2)")
	setup := fs.Bool("setup", false, "register the accounts through the Mastodon API first")
	names := fs.String("names", "", "`file` of existing usernames (or username<TAB>token), one per line")
	header := fs.String("country-header", "CF-IPCountry", "request `header` carrying the viewer's country")
	concurrency := fs.Int("concurrency", 8, "concurrent requests for --setup")
	sample := fs.Int("sample", 3, "how many of the named accounts to check on every surface")
	poll := fs.Duration("poll", time.Millisecond, "interval between rounds of checks after the decision")
	enforceTimeout := fs.Duration("enforce-timeout", 30*time.Second, "give up when the surfaces still serve the content after this long")
	lift := fs.Bool("lift", true, "lift the rules again afterwards, so the accounts can be named again")
	namesOut := fs.String("names-out", "", "with --setup: write the registered accounts (username<TAB>token) to this `file`, for --names in later runs")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: unexpected argument %q\n%s", errUsage, fs.Arg(0), legalBenchUsage)
	case *target == "" || *token == "":
		return fmt.Errorf("%w: --target and --token are required\n%s", errUsage, legalBenchUsage)
	case *setup == (*names != ""):
		return fmt.Errorf("%w: give exactly one of --setup and --names\n%s", errUsage, legalBenchUsage)
	case *namesOut != "" && !*setup:
		return fmt.Errorf("%w: --names-out goes with --setup", errUsage)
	case *n < 1 || *sample < 1 || *concurrency < 1 || *poll <= 0:
		return fmt.Errorf("%w: --targets, --sample, --concurrency and --poll must be positive", errUsage)
	case len(*country) != 2:
		return fmt.Errorf("%w: --country must be a two-letter country code", errUsage)
	}
	u, err := url.Parse(*target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: --target must be an http or https URL", errUsage)
	}
	b := &legalBench{
		base: strings.TrimSuffix(*target, "/"), token: *token, country: strings.ToUpper(*country), header: *header,
		hc: &http.Client{Transport: lbTransport(*concurrency)}, stderr: stderr,
	}
	res := &legalBenchResult{Scenario: "legal", Target: b.base, Country: b.country, Targets: *n, Surfaces: []string{}}

	var accounts []lbAccount
	if *setup {
		start := time.Now()
		if accounts, err = b.register(ctx, *n, *concurrency); err != nil {
			return err
		}
		res.SetupMS = lbMS(time.Since(start))
		if *namesOut != "" {
			if err := lbWriteNames(*namesOut, accounts); err != nil {
				return err
			}
		}
	} else if accounts, err = lbReadNames(*names, *n); err != nil {
		return err
	}
	s, err := b.prepareSurfaces(ctx, lbSample(accounts, *sample))
	if err != nil {
		return err
	}
	res.Surfaces = s.names()

	// (a) Record and resolve.
	start := time.Now()
	var authority struct {
		ID string `json:"id"`
	}
	if err := b.call(ctx, http.MethodPost, "/api/v1/legal/authorities", b.token, map[string]any{
		"name": "agora bench legal " + s.run, "country": b.country, "kind": "ministry",
	}, http.StatusCreated, &authority); err != nil {
		return fmt.Errorf("record the authority: %w", err)
	}
	res.AuthorityMS = lbMS(time.Since(start))
	targets := b.targets(ctx, accounts)
	var order struct {
		ID      string `json:"id"`
		Targets struct {
			Resolved        int `json:"resolved"`
			Unresolved      int `json:"unresolved"`
			AlreadyWithheld int `json:"already_withheld"`
		} `json:"targets"`
	}
	start = time.Now()
	if err := b.call(ctx, http.MethodPost, "/api/v1/legal/orders", b.token, map[string]any{
		"authority_id": authority.ID, "reference": "BENCH/" + s.run, "channel": "api",
		"legal_basis": "Section 69A of the IT Act, 2000 (benchmark)", "statement_of_reasons": "A benchmark of the legal desk.",
		"territorial_scope": []string{b.country}, "redress_info": "None: a benchmark.", "recipient_authority": "agora bench",
		"targets": targets,
	}, http.StatusCreated, &order); err != nil {
		return fmt.Errorf("record the order: %w", err)
	}
	res.RecordMS = lbMS(time.Since(start))
	res.Resolved, res.Unresolved, res.AlreadyWithheld = order.Targets.Resolved, order.Targets.Unresolved, order.Targets.AlreadyWithheld

	// (b) The bulk decision.
	var decision struct {
		Applied      int `json:"applied"`
		RulesCreated int `json:"rules_created"`
	}
	start = time.Now()
	if err := b.call(ctx, http.MethodPost, "/api/v1/legal/orders/"+order.ID+"/decisions", b.token, map[string]any{
		"filter": map[string]string{"resolution": "resolved"}, "action": "withhold", "countries": []string{b.country},
		"note": "agora bench legal",
	}, http.StatusOK, &decision); err != nil {
		return fmt.Errorf("decide: %w", err)
	}
	decided := time.Now()
	res.DecideMS = lbMS(decided.Sub(start))
	res.Applied, res.RulesCreated = decision.Applied, decision.RulesCreated

	// (c) Enforced everywhere.
	enforced, polls, err := s.waitRefused(ctx, decided, *poll, *enforceTimeout)
	if err != nil {
		return err
	}
	res.EnforcedMS, res.Polls = lbMS(enforced), polls
	res.DecidedEnforcedMS = lbMS(decided.Sub(start) + enforced)

	if *lift {
		start = time.Now()
		if err := b.call(ctx, http.MethodPost, "/api/v1/legal/orders/"+order.ID+"/decisions", b.token, map[string]any{
			"filter": map[string]string{"decision": "withheld"}, "action": "lift", "note": "agora bench legal: reset",
		}, http.StatusOK, nil); err != nil {
			return fmt.Errorf("lift: %w", err)
		}
		res.LiftMS = lbMS(time.Since(start))
	}

	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(res)
	}
	return lbPrintTable(stdout, res)
}

// lbPrintTable prints the result for a person.
func lbPrintTable(w io.Writer, r *legalBenchResult) error {
	fmt.Fprintf(w, "agora bench legal: an order of %d account targets against %s, withheld in %s\n\n", r.Targets, r.Target, r.Country)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(what string, ms float64, note string) { fmt.Fprintf(tw, "%s\t%10.1f\t%s\n", what, ms, note) }
	fmt.Fprintf(tw, "step\t%10s\t\n", "ms")
	if r.SetupMS > 0 {
		row("setup: register the accounts", r.SetupMS, "")
	}
	row("record the authority", r.AuthorityMS, "")
	row("record and resolve the order (record_ms)", r.RecordMS,
		fmt.Sprintf("%d resolved, %d unresolved, %d already withheld", r.Resolved, r.Unresolved, r.AlreadyWithheld))
	row("bulk decision (decide_ms)", r.DecideMS, fmt.Sprintf("%d applied, %d rules", r.Applied, r.RulesCreated))
	row("then enforced on every surface (enforced_ms)", r.EnforcedMS, fmt.Sprintf("%d surfaces, %d rounds of checks", len(r.Surfaces), r.Polls))
	row("decided and enforced", r.DecidedEnforcedMS, "")
	if r.LiftMS > 0 {
		row("lift again", r.LiftMS, "")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nsurfaces checked for a viewer in %s:\n", r.Country)
	for _, s := range r.Surfaces {
		fmt.Fprintf(w, "  %s\n", s)
	}
	return nil
}

func lbMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func lbTransport(conns int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(conns, 16) * 2
	t.MaxIdleConnsPerHost = max(conns, 16) * 2
	return t
}

// legalBench is the client of one run.
type legalBench struct {
	base, token     string
	country, header string
	hc              *http.Client
	stderr          io.Writer
}

// lbStatusError is an answer with an unexpected status.
type lbStatusError struct {
	method, path string
	status       int
	body         string
}

func (e *lbStatusError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.method, e.path, e.status, e.body)
}

// call sends a request with a JSON body (nil: none) or, for a url.Values body, a
// form, with the bearer token (empty: none), and decodes the answer into out
// unless nil. An answer other than want is an *lbStatusError.
func (b *legalBench) call(ctx context.Context, method, path, token string, body any, want int, out any) error {
	var rd io.Reader
	ctype := ""
	switch v := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
	default:
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, rd)
	if err != nil {
		return err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		if len(data) > 300 {
			data = data[:300]
		}
		return &lbStatusError{method: method, path: path, status: resp.StatusCode, body: strings.TrimSpace(string(data))}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

// view sends an anonymous GET as a viewer in the bench's country and returns the
// status and the body.
func (b *legalBench) view(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	if b.header != "" {
		req.Header.Set(b.header, b.country)
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// register creates n accounts through the Mastodon registration API, concurrently.
func (b *legalBench) register(ctx context.Context, n, concurrency int) ([]lbAccount, error) {
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if err := b.call(ctx, http.MethodPost, "/api/v1/apps", "", url.Values{
		"client_name": {"agora bench legal"}, "redirect_uris": {"urn:ietf:wg:oauth:2.0:oob"}, "scopes": {"read write"},
	}, http.StatusOK, &app); err != nil {
		return nil, fmt.Errorf("register an app: %w", err)
	}
	var appToken struct {
		AccessToken string `json:"access_token"`
	}
	if err := b.call(ctx, http.MethodPost, "/oauth/token", "", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}, "scope": {"read write"},
	}, http.StatusOK, &appToken); err != nil {
		return nil, fmt.Errorf("app token: %w", err)
	}
	run := lbRandomHex(4)
	password := "bench-" + lbRandomHex(8)
	accounts := make([]lbAccount, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	next := make(chan int)
	for range min(concurrency, n) {
		wg.Go(func() {
			for i := range next {
				name := "lb" + run + "_" + strconv.Itoa(i)
				var tok struct {
					AccessToken string `json:"access_token"`
				}
				err := b.call(ctx, http.MethodPost, "/api/v1/accounts", appToken.AccessToken, url.Values{
					"username": {name}, "email": {name + "@bench.example"}, "password": {password},
					"agreement": {"true"}, "locale": {"en"},
				}, http.StatusOK, &tok)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("register %s: %w", name, err)
						cancel()
					}
					mu.Unlock()
					continue
				}
				accounts[i] = lbAccount{username: name, token: tok.AccessToken}
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		var se *lbStatusError
		if errors.As(firstErr, &se) && se.status == http.StatusForbidden {
			return nil, fmt.Errorf("%w (are registrations open?)", firstErr)
		}
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return accounts, nil
}

// lbReadNames reads the first n accounts of a names file: one username per line,
// optionally followed by a tab and the account's token; blank lines and lines
// starting with # are skipped.
func lbReadNames(path string, n int) ([]lbAccount, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []lbAccount
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(out) < n {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, tok, _ := strings.Cut(line, "\t")
		out = append(out, lbAccount{username: strings.TrimPrefix(strings.TrimSpace(name), "@"), token: strings.TrimSpace(tok)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) < n {
		return nil, fmt.Errorf("%w: %s names %d accounts, fewer than --targets %d", errUsage, path, len(out), n)
	}
	return out, nil
}

// lbWriteNames writes the accounts as lbReadNames reads them.
func lbWriteNames(path string, accounts []lbAccount) error {
	var buf bytes.Buffer
	for _, a := range accounts {
		fmt.Fprintf(&buf, "%s\t%s\n", a.username, a.token)
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}

// lbSample picks k accounts spread evenly over the list, the first and the last
// among them.
func lbSample(accounts []lbAccount, k int) []lbAccount {
	k = min(k, len(accounts))
	var out []lbAccount
	for i := range k {
		j := 0
		if k > 1 {
			j = i * (len(accounts) - 1) / (k - 1)
		}
		out = append(out, accounts[j])
	}
	return out
}

// targets names the accounts as orders do, in turn as @user and as user@domain
// (the domain from GET /api/v1/instance; @user alone when it cannot be read).
func (b *legalBench) targets(ctx context.Context, accounts []lbAccount) []string {
	var inst struct {
		URI string `json:"uri"`
	}
	if err := b.call(ctx, http.MethodGet, "/api/v1/instance", "", nil, http.StatusOK, &inst); err != nil {
		inst.URI = ""
	}
	out := make([]string, len(accounts))
	for i, a := range accounts {
		if i%2 == 1 && inst.URI != "" {
			out[i] = a.username + "@" + inst.URI
		} else {
			out[i] = "@" + a.username
		}
	}
	return out
}

// lbSurfaces are the checks of one run: each answers whether a surface refuses the
// withheld content to the viewer.
type lbSurfaces struct {
	b      *legalBench
	run    string // a random tag of this run
	checks []lbCheck
}

type lbCheck struct {
	name    string
	refused func(ctx context.Context) (bool, error)
}

func (s *lbSurfaces) names() []string {
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
func (b *legalBench) prepareSurfaces(ctx context.Context, sample []lbAccount) (*lbSurfaces, error) {
	s := &lbSurfaces{b: b, run: lbRandomHex(4)}
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
			lbCheck{"GET /api/v1/accounts/" + acct.ID + " (@" + a.username + ") answers 451", refused451("/api/v1/accounts/" + acct.ID)},
			lbCheck{"GET /api/v1/accounts/lookup?acct=" + a.username + " answers 451", refused451(path)},
			lbCheck{"GET /api/v1/accounts/" + acct.ID + "/statuses answers 451", refused451("/api/v1/accounts/" + acct.ID + "/statuses")},
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
		s.checks = append(s.checks, lbCheck{"GET /api/v1/statuses/" + statusID + " answers 451", refused451("/api/v1/statuses/" + statusID)})
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
		s.checks = append(s.checks, lbCheck{tl.name + " " + strings.Join(shown, ", "), func(ctx context.Context) (bool, error) {
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
func (s *lbSurfaces) shown(ctx context.Context, path string, ids []string) ([]string, error) {
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
func (s *lbSurfaces) waitRefused(ctx context.Context, decided time.Time, interval, timeout time.Duration) (time.Duration, int, error) {
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
		var still []lbCheck
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

func lbRandomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}
