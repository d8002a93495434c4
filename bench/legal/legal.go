// Package legal is `agora bench legal`: the legal desk measured end to end over
// HTTP, against a running agora, as issue "Benchmarks" states its targets: an
// order of N account targets recorded and resolved, one bulk decision withholding
// them all in a country, and the time until a withheld status answers 451 on every
// surface for a viewer in that country.
//
// It calls the legal API through agora/legalapi/client and the Mastodon API over
// plain HTTP. Unlike package bench, which speaks only the Mastodon API, it works
// against agora alone.
package legal

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// This file holds the run and the order and decision it sends; the rest is in
// client.go (HTTP), accounts.go (the accounts named), surfaces.go (the checks
// after the decision) and result.go (the output).

// Config is one run. The command checks its values: Target an http or https
// URL, Token set, exactly one of Setup and Names, NamesOut only with Setup,
// Targets, Sample, Concurrency and Poll above zero, Country two letters.
type Config struct {
	Target         string        // base URL of the running agora
	Token          string        // a legal or admin account's, with legal:read legal:write
	Targets        int           // how many accounts the order names
	Country        string        // the country to withhold in
	Setup          bool          // register the accounts through the Mastodon API first
	Names          string        // else: the file of existing usernames (or username<TAB>token)
	NamesOut       string        // with Setup: write the registered accounts here
	CountryHeader  string        // the request header carrying the viewer's country
	Concurrency    int           // concurrent requests for Setup
	Sample         int           // how many of the named accounts to check on every surface
	Poll           time.Duration // interval between rounds of checks after the decision
	EnforceTimeout time.Duration // give up when the surfaces still serve the content after this long
	Lift           bool          // lift the rules again afterwards
	Log            io.Writer     // notes for the person running it (stderr); nil: none
}

// Run records an order naming cfg.Targets accounts, withholds them all in
// cfg.Country with one bulk decision, waits until every sampled surface refuses
// them to a viewer there, and returns what it measured. A names file that names
// too few accounts is a *bench.UsageError.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	b := &legalBench{
		base: strings.TrimSuffix(cfg.Target, "/"), token: cfg.Token, country: strings.ToUpper(cfg.Country), header: cfg.CountryHeader,
		hc: &http.Client{Transport: transport(cfg.Concurrency)}, stderr: cfg.Log,
	}
	b.legal = client.New(b.base, b.token, b.hc)
	res := &Result{Scenario: "legal", Target: b.base, Country: b.country, Targets: cfg.Targets, Surfaces: []string{}}

	var accounts []account
	var err error
	if cfg.Setup {
		start := time.Now()
		if accounts, err = b.register(ctx, cfg.Targets, cfg.Concurrency); err != nil {
			return nil, err
		}
		res.SetupMS = ms(time.Since(start))
		if cfg.NamesOut != "" {
			if err := writeNames(cfg.NamesOut, accounts); err != nil {
				return nil, err
			}
		}
	} else if accounts, err = readNames(cfg.Names, cfg.Targets); err != nil {
		return nil, err
	}
	s, err := b.prepareSurfaces(ctx, sample(accounts, cfg.Sample))
	if err != nil {
		return nil, err
	}
	res.Surfaces = s.names()

	// (a) Record and resolve.
	start := time.Now()
	authority, err := b.legal.CreateAuthority(ctx, wire.AuthorityInput{
		Name: "agora bench legal " + s.run, Country: b.country, Kind: "ministry",
	})
	if err != nil {
		return nil, fmt.Errorf("record the authority: %w", err)
	}
	res.AuthorityMS = ms(time.Since(start))
	targets := b.targets(ctx, accounts)
	start = time.Now()
	order, err := b.legal.CreateOrder(ctx, wire.OrderInput{
		AuthorityID: authority.ID, Reference: "BENCH/" + s.run, Channel: "api",
		LegalBasis: "Section 69A of the IT Act, 2000 (benchmark)", StatementOfReasons: "A benchmark of the legal desk.",
		TerritorialScope: []string{b.country}, RedressInfo: "None: a benchmark.", RecipientAuthority: "agora bench",
		Targets: targets,
	})
	if err != nil {
		return nil, fmt.Errorf("record the order: %w", err)
	}
	res.RecordMS = ms(time.Since(start))
	res.Resolved, res.Unresolved, res.AlreadyWithheld = order.Targets.Resolved, order.Targets.Unresolved, order.Targets.AlreadyWithheld

	// (b) The bulk decision.
	start = time.Now()
	decision, err := b.legal.Decide(ctx, order.ID, wire.DecisionInput{
		Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold", Countries: []string{b.country},
		Note: "agora bench legal",
	})
	if err != nil {
		return nil, fmt.Errorf("decide: %w", err)
	}
	decided := time.Now()
	res.DecideMS = ms(decided.Sub(start))
	res.Applied, res.RulesCreated = decision.Applied, decision.RulesCreated

	// (c) Enforced everywhere.
	enforced, polls, err := s.waitRefused(ctx, decided, cfg.Poll, cfg.EnforceTimeout)
	if err != nil {
		return nil, err
	}
	res.EnforcedMS, res.Polls = ms(enforced), polls
	res.DecidedEnforcedMS = ms(decided.Sub(start) + enforced)

	if cfg.Lift {
		start = time.Now()
		if _, err := b.legal.Decide(ctx, order.ID, wire.DecisionInput{
			Filter: &wire.TargetFilter{Decision: "withheld"}, Action: "lift", Note: "agora bench legal: reset",
		}); err != nil {
			return nil, fmt.Errorf("lift: %w", err)
		}
		res.LiftMS = ms(time.Since(start))
	}

	return res, nil
}
