package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"agora"
	"agora/bench"
	"agora/internal/textfmt"
	"agora/service"
	"agora/sqlstore"
)

// This file is `agora bench seed`: the data set of the benchmarks written straight
// into the database with sqlstore's Loader, since seeding a million statuses
// through the API takes hours. The data looks like what `agora bench --setup`
// makes over the API: accounts prefix_0, prefix_1, ... registered by one
// application "agora bench" with a token each (scopes read write follow), the
// power-law follow graph of bench.FollowPlan, and public statuses spread
// round-robin over the accounts with the texts and hashtags of
// bench.Client.SeedStatuses, rendered to HTML as the service renders them.

const benchSeedUsage = `agora bench seed --db PATH --accounts N --statuses M --follows-avg K --tokens-out FILE
    [--prefix bench] [--seed 1] [--base-url http://127.0.0.1:8080] [--chunk-rows 50000]`

// Upper limits of agora bench seed: ten to a hundred times the benchmark's data
// set, and a follow graph (8 bytes an edge) that fits in memory.
const (
	seedMaxAccounts   = 1_000_000
	seedMaxStatuses   = 20_000_000
	seedMaxFollowsAvg = 1_000
	seedMaxFollows    = 20_000_000
)

// seedSpan is how far back the statuses go: they are spread evenly over the four
// weeks before the run. The accounts, their tokens and the follows are made in the
// hour before that, in that order, so every ID sorts by its time.
const seedSpan = 28 * 24 * time.Hour

// seedPlan is what one run of agora bench seed makes.
type seedPlan struct {
	accounts, statuses, followsAvg int
	prefix                         string
	seed                           uint64
	baseURL                        string // the server's public URL, for hashtag links
	chunkRows                      int
	now                            time.Time // the statuses end here
}

func benchSeed(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("bench seed", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: "+benchSeedUsage+"\n\nFlags:\n")
		fs.PrintDefaults()
	}
	dsn := fs.String("db", "", "SQLite file `path` (created if missing) or postgres:// URL of the database to seed")
	var p seedPlan
	fs.IntVar(&p.accounts, "accounts", 0, fmt.Sprintf("accounts to make, 1 to %d", seedMaxAccounts))
	fs.IntVar(&p.statuses, "statuses", 0, fmt.Sprintf("public statuses to make, spread round-robin over the accounts, 0 to %d", seedMaxStatuses))
	fs.IntVar(&p.followsAvg, "follows-avg", 0, fmt.Sprintf("follows per account, picked with a power-law popularity, 0 to %d", seedMaxFollowsAvg))
	tokensOut := fs.String("tokens-out", "", "write the accounts' tokens to this `file` (username<TAB>token per line), for agora bench --tokens")
	fs.StringVar(&p.prefix, "prefix", "bench", "usernames are prefix_0, prefix_1, ...")
	fs.Uint64Var(&p.seed, "seed", 1, "seed of the follow graph")
	fs.StringVar(&p.baseURL, "base-url", "http://127.0.0.1:8080", "public `URL` of the server that will serve the database (its base_url), which hashtag links in statuses point to")
	fs.IntVar(&p.chunkRows, "chunk-rows", sqlstore.DefaultChunkRows, "rows written per transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := p.check(fs, *dsn, *tokensOut); err != nil {
		return fmt.Errorf("%w: %v\n%s", errUsage, err, benchSeedUsage)
	}
	p.baseURL = strings.TrimSuffix(p.baseURL, "/")
	p.now = time.Now().UTC().Truncate(time.Millisecond)

	start := time.Now()
	db, err := sqlstore.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	taken, err := db.TakenUsernames(ctx, p.usernames())
	if err != nil {
		return err
	}
	if len(taken) > 0 {
		return fmt.Errorf("%w: the database has %d accounts named %s_N already (%s, ...); choose another --prefix or database",
			errUsage, len(taken), p.prefix, taken[0])
	}
	// Create the tokens file first, so that a path that cannot be written fails
	// before the load rather than lose the tokens after it.
	out, err := os.OpenFile(*tokensOut, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("tokens-out: %w", err)
	}
	creds, err := seedData(ctx, db, p, func(format string, args ...any) {
		fmt.Fprintf(stderr, "bench seed: %7.1fs  %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
	})
	if err == nil {
		err = bench.WriteTokens(out, creds)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			err = fmt.Errorf("tokens-out: %w", err)
		}
	} else {
		out.Close()
	}
	if err != nil {
		os.Remove(*tokensOut)
		return err
	}
	fmt.Fprintf(stderr, "bench seed: wrote %d tokens to %s\n", len(creds), *tokensOut)
	fmt.Fprintf(stderr, "bench seed: done in %.1fs\n", time.Since(start).Seconds())
	return nil
}

// check validates the flags, before anything is opened or written.
func (p *seedPlan) check(fs *flag.FlagSet, dsn, tokensOut string) error {
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	case dsn == "":
		return fmt.Errorf("--db is needed")
	case dsn == ":memory:":
		return fmt.Errorf("--db must name a file or a postgres:// URL")
	case tokensOut == "":
		return fmt.Errorf("--tokens-out is needed: the tokens are shown nowhere else")
	case p.accounts < 1 || p.accounts > seedMaxAccounts:
		return fmt.Errorf("--accounts must be 1 to %d", seedMaxAccounts)
	case p.statuses < 0 || p.statuses > seedMaxStatuses:
		return fmt.Errorf("--statuses must be 0 to %d", seedMaxStatuses)
	case p.followsAvg < 0 || p.followsAvg > seedMaxFollowsAvg:
		return fmt.Errorf("--follows-avg must be 0 to %d", seedMaxFollowsAvg)
	case p.accounts*min(p.followsAvg, p.accounts-1) > seedMaxFollows:
		return fmt.Errorf("--accounts times --follows-avg must be at most %d follows", seedMaxFollows)
	case p.chunkRows < 1:
		return fmt.Errorf("--chunk-rows must be positive")
	}
	if err := agora.ValidateUsername(p.username(p.accounts - 1)); err != nil {
		return fmt.Errorf("--prefix %q: usernames such as %s: %s", p.prefix, p.username(p.accounts-1), agora.ErrorMessage(err))
	}
	if u, err := url.Parse(p.baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base-url must be an http:// or https:// URL")
	}
	return nil
}

func (p *seedPlan) username(i int) string { return p.prefix + "_" + strconv.Itoa(i) }

func (p *seedPlan) usernames() []string {
	names := make([]string, p.accounts)
	for i := range names {
		names[i] = p.username(i)
	}
	return names
}

// seedIDs makes IDs the way agora.IDGenerator does, agora.IDAt(t) | sequence, but
// from the times given instead of the clock, which must not go back. The sequence
// starts at 0x8000 in each millisecond: the service's generator starts in the
// lower half, so IDs seeded into a database in use rarely meet its own.
type seedIDs struct{ last agora.ID }

func (g *seedIDs) at(t time.Time) agora.ID {
	id := agora.IDAt(t) | 0x8000
	if id <= g.last {
		id = g.last + 1
	}
	g.last = id
	return id
}

// seedBetween returns the time i/n of the way from start to start+d, to the millisecond.
func seedBetween(start time.Time, d time.Duration, i, n int) time.Time {
	return start.Add(time.Duration(d.Milliseconds()*int64(i)/int64(max(n, 1))) * time.Millisecond)
}

// seedData makes the data set of p in db and returns the accounts' credentials.
// progress is told of each step.
//
// Every account has the same password hash, of one random password that is not
// kept: bcrypt at the service's cost takes about 50 ms a hash, which for 10,000
// accounts would be minutes, and the benchmarks sign in with the tokens.
func seedData(ctx context.Context, db *sqlstore.DB, p seedPlan, progress func(format string, args ...any)) ([]bench.Credential, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(seedRandomToken()), bcrypt.DefaultCost)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	l := db.NewLoader(p.chunkRows)
	fail := func(err error) ([]bench.Credential, error) {
		st := l.Stats()
		return nil, fmt.Errorf("%w (committed before: %d accounts, %d tokens, %d follows, %d statuses)",
			err, st.Accounts, st.Tokens, st.Follows, st.Statuses)
	}
	var ids seedIDs
	statusStart := p.now.Add(-seedSpan)
	setupAt := statusStart.Add(-time.Hour)
	scopes := agora.Scopes{"read", "write", "follow"}

	// The application, and the accounts with their tokens over ten minutes.
	app := &agora.Application{ID: ids.at(setupAt), Name: "agora bench", RedirectURIs: []string{agora.OOBRedirect},
		Scopes: scopes, ClientID: seedRandomToken(), ClientSecret: seedRandomToken()}
	app.CreatedAt = app.ID.Time()
	if err := l.AddApplication(ctx, app); err != nil {
		return fail(err)
	}
	accounts := make([]agora.ID, p.accounts)
	creds := make([]bench.Credential, p.accounts)
	for i := range p.accounts {
		at := seedBetween(setupAt, 10*time.Minute, i+1, p.accounts)
		a := &agora.Account{ID: ids.at(at), Username: p.username(i), Email: p.username(i) + "@bench.example.com",
			PasswordHash: string(hash), Role: agora.RoleUser, Discoverable: true}
		a.CreatedAt = a.ID.Time()
		if err := l.AddAccount(ctx, a); err != nil {
			return fail(err)
		}
		value := seedRandomToken()
		t := &agora.Token{ID: ids.at(at), Hash: service.HashToken(value), ApplicationID: app.ID, AccountID: a.ID, Scopes: scopes}
		t.CreatedAt = t.ID.Time()
		if err := l.AddToken(ctx, t); err != nil {
			return fail(err)
		}
		accounts[i], creds[i] = a.ID, bench.Credential{Username: a.Username, Token: value}
	}
	progress("%d accounts and tokens", p.accounts)

	// The follows, over the next fifty minutes.
	plan := bench.FollowPlan(p.accounts, p.followsAvg, p.seed)
	followAt := setupAt.Add(10 * time.Minute)
	step := max(len(plan)/10, 1)
	for j, e := range plan {
		f := &agora.Follow{ID: ids.at(seedBetween(followAt, 50*time.Minute, j, len(plan))),
			AccountID: accounts[e.Follower], TargetAccountID: accounts[e.Followee]}
		f.CreatedAt = f.ID.Time()
		if err := l.AddFollow(ctx, f); err != nil {
			return fail(err)
		}
		if (j+1)%step == 0 {
			progress("%d of %d follows", j+1, len(plan))
		}
	}

	// The statuses, over four weeks up to now.
	tags := bench.DefaultTags()
	step = max(p.statuses/10, 1)
	for i := range p.statuses {
		text := fmt.Sprintf("Status %d of the load generator, about #%s", i, tags[i%len(tags)])
		r := textfmt.Render(text, textfmt.Options{BaseURL: p.baseURL})
		s := &agora.Status{ID: ids.at(seedBetween(statusStart, seedSpan, i, p.statuses)), AccountID: accounts[i%len(accounts)],
			Text: text, Content: r.HTML, Visibility: agora.VisibilityPublic, Tags: r.Tags}
		s.CreatedAt = s.ID.Time()
		if err := l.AddStatus(ctx, s); err != nil {
			return fail(err)
		}
		if (i+1)%step == 0 {
			progress("%d of %d statuses", i+1, p.statuses)
		}
	}
	if err := l.Flush(ctx); err != nil {
		return fail(err)
	}
	st := l.Stats()
	progress("committed %d accounts, %d tokens, %d follows, %d statuses in %d transactions",
		st.Accounts, st.Tokens, st.Follows, st.Statuses, st.Chunks)
	return creds, nil
}

// seedRandomToken returns 32 random bytes, base64url-encoded, as the service makes
// bearer tokens and client credentials.
func seedRandomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
