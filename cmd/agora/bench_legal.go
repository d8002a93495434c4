package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// This file is `agora bench legal`: the legal desk measured end to end over HTTP,
// against a running agora, as issue "Benchmarks" states its targets: an order of N
// account targets recorded and resolved, one bulk decision withholding them all in
// a country, and the time until a withheld status answers 451 on every surface for
// a viewer in that country. Its identifiers start with legalBench or lb, so as not
// to meet those of `agora bench` itself in package main.
//
// This file holds the command, its flags and the order and decision it sends;
// the rest is in bench_legal_client.go (HTTP), bench_legal_accounts.go (the
// accounts named), bench_legal_surfaces.go (the checks after the decision) and
// bench_legal_result.go (the output).

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
	b.legal = client.New(b.base, b.token, b.hc)
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
	authority, err := b.legal.CreateAuthority(ctx, wire.AuthorityInput{
		Name: "agora bench legal " + s.run, Country: b.country, Kind: "ministry",
	})
	if err != nil {
		return fmt.Errorf("record the authority: %w", err)
	}
	res.AuthorityMS = lbMS(time.Since(start))
	targets := b.targets(ctx, accounts)
	start = time.Now()
	order, err := b.legal.CreateOrder(ctx, wire.OrderInput{
		AuthorityID: authority.ID, Reference: "BENCH/" + s.run, Channel: "api",
		LegalBasis: "Section 69A of the IT Act, 2000 (benchmark)", StatementOfReasons: "A benchmark of the legal desk.",
		TerritorialScope: []string{b.country}, RedressInfo: "None: a benchmark.", RecipientAuthority: "agora bench",
		Targets: targets,
	})
	if err != nil {
		return fmt.Errorf("record the order: %w", err)
	}
	res.RecordMS = lbMS(time.Since(start))
	res.Resolved, res.Unresolved, res.AlreadyWithheld = order.Targets.Resolved, order.Targets.Unresolved, order.Targets.AlreadyWithheld

	// (b) The bulk decision.
	start = time.Now()
	decision, err := b.legal.Decide(ctx, order.ID, wire.DecisionInput{
		Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold", Countries: []string{b.country},
		Note: "agora bench legal",
	})
	if err != nil {
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
		if _, err := b.legal.Decide(ctx, order.ID, wire.DecisionInput{
			Filter: &wire.TargetFilter{Decision: "withheld"}, Action: "lift", Note: "agora bench legal: reset",
		}); err != nil {
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
