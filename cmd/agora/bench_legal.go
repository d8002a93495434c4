package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"time"

	"agora/bench/legal"
)

// This file is `agora bench legal`: its flags. The run is package agora/bench/legal.

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
	cfg := legal.Config{Log: stderr}
	fs.StringVar(&cfg.Target, "target", "", "base `URL` of the running agora, e.g. http://127.0.0.1:8080")
	fs.StringVar(&cfg.Token, "token", getenv("AGORA_BENCH_TOKEN"), "access `token` of a legal or admin account with legal:read legal:write")
	fs.IntVar(&cfg.Targets, "targets", 1178, "how many accounts the order names")
	fs.StringVar(&cfg.Country, "country", "IN", "the country to withhold in (ISO 3166-1 alpha-2)")
	fs.BoolVar(&cfg.Setup, "setup", false, "register the accounts through the Mastodon API first")
	fs.StringVar(&cfg.Names, "names", "", "`file` of existing usernames (or username<TAB>token), one per line")
	fs.StringVar(&cfg.CountryHeader, "country-header", "CF-IPCountry", "request `header` carrying the viewer's country")
	fs.IntVar(&cfg.Concurrency, "concurrency", 8, "concurrent requests for --setup")
	fs.IntVar(&cfg.Sample, "sample", 3, "how many of the named accounts to check on every surface")
	fs.DurationVar(&cfg.Poll, "poll", time.Millisecond, "interval between rounds of checks after the decision")
	fs.DurationVar(&cfg.EnforceTimeout, "enforce-timeout", 30*time.Second, "give up when the surfaces still serve the content after this long")
	fs.BoolVar(&cfg.Lift, "lift", true, "lift the rules again afterwards, so the accounts can be named again")
	fs.StringVar(&cfg.NamesOut, "names-out", "", "with --setup: write the registered accounts (username<TAB>token) to this `file`, for --names in later runs")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: unexpected argument %q\n%s", errUsage, fs.Arg(0), legalBenchUsage)
	case cfg.Target == "" || cfg.Token == "":
		return fmt.Errorf("%w: --target and --token are required\n%s", errUsage, legalBenchUsage)
	case cfg.Setup == (cfg.Names != ""):
		return fmt.Errorf("%w: give exactly one of --setup and --names\n%s", errUsage, legalBenchUsage)
	case cfg.NamesOut != "" && !cfg.Setup:
		return fmt.Errorf("%w: --names-out goes with --setup", errUsage)
	case cfg.Targets < 1 || cfg.Sample < 1 || cfg.Concurrency < 1 || cfg.Poll <= 0:
		return fmt.Errorf("%w: --targets, --sample, --concurrency and --poll must be positive", errUsage)
	case len(cfg.Country) != 2:
		return fmt.Errorf("%w: --country must be a two-letter country code", errUsage)
	}
	u, err := url.Parse(cfg.Target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: --target must be an http or https URL", errUsage)
	}
	res, err := legal.Run(ctx, cfg)
	if err != nil {
		return usageOf(err)
	}
	if *asJSON {
		return res.WriteJSON(stdout)
	}
	return res.WriteTable(stdout)
}
