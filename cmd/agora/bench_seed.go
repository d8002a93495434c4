package main

import (
	"context"
	"fmt"
	"io"

	"agora/bench/seed"
)

// This file is `agora bench seed`: its flags. The run is package agora/bench/seed.

const benchSeedUsage = `agora bench seed --db PATH --accounts N --statuses M --follows-avg K --tokens-out FILE
    [--prefix bench] [--seed 1] [--base-url http://127.0.0.1:8080] [--chunk-rows 50000]`

func benchSeed(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("bench seed", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: "+benchSeedUsage+"\n\nFlags:\n")
		fs.PrintDefaults()
	}
	p := seed.Config{Log: stderr}
	fs.StringVar(&p.DSN, "db", "", "SQLite file `path` (created if missing) or postgres:// URL of the database to seed")
	fs.IntVar(&p.Accounts, "accounts", 0, fmt.Sprintf("accounts to make, 1 to %d", seed.MaxAccounts))
	fs.IntVar(&p.Statuses, "statuses", 0, fmt.Sprintf("public statuses to make, spread round-robin over the accounts, 0 to %d", seed.MaxStatuses))
	fs.IntVar(&p.FollowsAvg, "follows-avg", 0, fmt.Sprintf("follows per account, picked with a power-law popularity, 0 to %d", seed.MaxFollowsAvg))
	fs.StringVar(&p.TokensOut, "tokens-out", "", "write the accounts' tokens to this `file` (username<TAB>token per line), for agora bench --tokens")
	fs.StringVar(&p.Prefix, "prefix", "bench", "usernames are prefix_0, prefix_1, ...")
	fs.Uint64Var(&p.Seed, "seed", 1, "seed of the follow graph")
	fs.StringVar(&p.BaseURL, "base-url", "http://127.0.0.1:8080", "public `URL` of the server that will serve the database (its base_url), which hashtag links in statuses point to")
	fs.IntVar(&p.ChunkRows, "chunk-rows", seed.DefaultChunkRows, "rows written per transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	err := p.Validate()
	if fs.NArg() > 0 {
		err = fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err != nil {
		return fmt.Errorf("%w: %v\n%s", errUsage, err, benchSeedUsage)
	}
	return usageOf(seed.Run(ctx, p))
}
