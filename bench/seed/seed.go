// Package seed is `agora bench seed`: the data set of the benchmarks written
// straight into the database with sqlstore's Loader, since seeding a million
// statuses through the API takes hours. The data looks like what `agora bench
// --setup` makes over the API: accounts prefix_0, prefix_1, ... registered by one
// application "agora bench" with a token each (scopes read write follow), the
// power-law follow graph of bench.FollowPlan, and public statuses spread
// round-robin over the accounts with the texts and hashtags of
// bench.Client.SeedStatuses, rendered to HTML as the service renders them.
//
// It is a tool, not a surface: it writes to the store directly, and imports no
// wiring (agora/app).
package seed

import (
	"context"
	"crypto/rand"
	"encoding/base64"
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
	"agora/oauth"
	"agora/sqlstore"
)

// Upper limits of a run: ten to a hundred times the benchmark's data set, and a
// follow graph (8 bytes an edge) that fits in memory.
const (
	MaxAccounts   = 1_000_000
	MaxStatuses   = 20_000_000
	MaxFollowsAvg = 1_000
	MaxFollows    = 20_000_000
)

// DefaultChunkRows is the rows written per transaction unless Config says otherwise.
const DefaultChunkRows = sqlstore.DefaultChunkRows

// span is how far back the statuses go: they are spread evenly over the four
// weeks before the run. The accounts, their tokens and the follows are made in the
// hour before that, in that order, so every ID sorts by its time.
const span = 28 * 24 * time.Hour

// Config is one run: the database, the tokens file and the data set to make.
type Config struct {
	DSN        string // SQLite file (created if missing) or postgres:// URL
	TokensOut  string // the accounts' tokens are written here, username<TAB>token per line
	Accounts   int
	Statuses   int
	FollowsAvg int
	Prefix     string    // usernames are Prefix_0, Prefix_1, ...
	Seed       uint64    // of the follow graph
	BaseURL    string    // the server's public URL, for hashtag links
	ChunkRows  int       // rows written per transaction
	Log        io.Writer // told of each step; nil: nobody

	now time.Time // the statuses end here; set by Run
}

// Run makes the data set of p in its database and writes the tokens file,
// telling p.Log of each step. p must be valid (Validate). A database that has
// accounts of p's usernames already is a *bench.UsageError; nothing is written
// then.
func Run(ctx context.Context, p Config) error {
	p.BaseURL = strings.TrimSuffix(p.BaseURL, "/")
	p.now = time.Now().UTC().Truncate(time.Millisecond)
	stderr := p.Log
	if stderr == nil {
		stderr = io.Discard
	}

	start := time.Now()
	db, err := sqlstore.Open(ctx, p.DSN)
	if err != nil {
		return err
	}
	defer db.Close()
	taken, err := db.TakenUsernames(ctx, p.usernames())
	if err != nil {
		return err
	}
	if len(taken) > 0 {
		return &bench.UsageError{Err: fmt.Errorf("the database has %d accounts named %s_N already (%s, ...); choose another --prefix or database",
			len(taken), p.Prefix, taken[0])}
	}
	// Create the tokens file first, so that a path that cannot be written fails
	// before the load rather than lose the tokens after it.
	out, err := os.OpenFile(p.TokensOut, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("tokens-out: %w", err)
	}
	creds, err := makeData(ctx, db, p, func(format string, args ...any) {
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
		os.Remove(p.TokensOut)
		return err
	}
	fmt.Fprintf(stderr, "bench seed: wrote %d tokens to %s\n", len(creds), p.TokensOut)
	fmt.Fprintf(stderr, "bench seed: done in %.1fs\n", time.Since(start).Seconds())
	return nil
}

// Validate checks p before anything is opened or written; its errors name the
// flags of `agora bench seed`.
func (p *Config) Validate() error {
	switch {
	case p.DSN == "":
		return fmt.Errorf("--db is needed")
	case p.DSN == ":memory:":
		return fmt.Errorf("--db must name a file or a postgres:// URL")
	case p.TokensOut == "":
		return fmt.Errorf("--tokens-out is needed: the tokens are shown nowhere else")
	case p.Accounts < 1 || p.Accounts > MaxAccounts:
		return fmt.Errorf("--accounts must be 1 to %d", MaxAccounts)
	case p.Statuses < 0 || p.Statuses > MaxStatuses:
		return fmt.Errorf("--statuses must be 0 to %d", MaxStatuses)
	case p.FollowsAvg < 0 || p.FollowsAvg > MaxFollowsAvg:
		return fmt.Errorf("--follows-avg must be 0 to %d", MaxFollowsAvg)
	case p.Accounts*min(p.FollowsAvg, p.Accounts-1) > MaxFollows:
		return fmt.Errorf("--accounts times --follows-avg must be at most %d follows", MaxFollows)
	case p.ChunkRows < 1:
		return fmt.Errorf("--chunk-rows must be positive")
	}
	if err := agora.ValidateUsername(p.username(p.Accounts - 1)); err != nil {
		return fmt.Errorf("--prefix %q: usernames such as %s: %s", p.Prefix, p.username(p.Accounts-1), agora.ErrorMessage(err))
	}
	if u, err := url.Parse(p.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base-url must be an http:// or https:// URL")
	}
	return nil
}

func (p *Config) username(i int) string { return p.Prefix + "_" + strconv.Itoa(i) }

func (p *Config) usernames() []string {
	names := make([]string, p.Accounts)
	for i := range names {
		names[i] = p.username(i)
	}
	return names
}

// idSequence makes IDs the way agora.IDGenerator does, agora.IDAt(t) | sequence, but
// from the times given instead of the clock, which must not go back. The sequence
// starts at 0x8000 in each millisecond: the service's generator starts in the
// lower half, so IDs seeded into a database in use rarely meet its own.
type idSequence struct{ last agora.ID }

func (g *idSequence) at(t time.Time) agora.ID {
	id := agora.IDAt(t) | 0x8000
	if id <= g.last {
		id = g.last + 1
	}
	g.last = id
	return id
}

// between returns the time i/n of the way from start to start+d, to the millisecond.
func between(start time.Time, d time.Duration, i, n int) time.Time {
	return start.Add(time.Duration(d.Milliseconds()*int64(i)/int64(max(n, 1))) * time.Millisecond)
}

// makeData makes the data set of p in db and returns the accounts' credentials.
// progress is told of each step.
//
// Every account has the same password hash, of one random password that is not
// kept: bcrypt at the service's cost takes about 50 ms a hash, which for 10,000
// accounts would be minutes, and the benchmarks sign in with the tokens.
func makeData(ctx context.Context, db *sqlstore.DB, p Config, progress func(format string, args ...any)) ([]bench.Credential, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(randomToken()), bcrypt.DefaultCost)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	l := db.NewLoader(p.ChunkRows)
	fail := func(err error) ([]bench.Credential, error) {
		st := l.Stats()
		return nil, fmt.Errorf("%w (committed before: %d accounts, %d tokens, %d follows, %d statuses)",
			err, st.Accounts, st.Tokens, st.Follows, st.Statuses)
	}
	var ids idSequence
	statusStart := p.now.Add(-span)
	setupAt := statusStart.Add(-time.Hour)
	scopes := agora.Scopes{"read", "write", "follow"}

	// The application, and the accounts with their tokens over ten minutes.
	app := &agora.Application{ID: ids.at(setupAt), Name: "agora bench", RedirectURIs: []string{agora.OOBRedirect},
		Scopes: scopes, ClientID: randomToken(), ClientSecret: randomToken()}
	app.CreatedAt = app.ID.Time()
	if err := l.AddApplication(ctx, app); err != nil {
		return fail(err)
	}
	accounts := make([]agora.ID, p.Accounts)
	creds := make([]bench.Credential, p.Accounts)
	for i := range p.Accounts {
		at := between(setupAt, 10*time.Minute, i+1, p.Accounts)
		a := &agora.Account{ID: ids.at(at), Username: p.username(i), Email: p.username(i) + "@bench.example.com",
			PasswordHash: string(hash), Role: agora.RoleUser, Discoverable: true}
		a.CreatedAt = a.ID.Time()
		if err := l.AddAccount(ctx, a); err != nil {
			return fail(err)
		}
		value := randomToken()
		t := &agora.Token{ID: ids.at(at), Hash: oauth.HashToken(value), ApplicationID: app.ID, AccountID: a.ID, Scopes: scopes}
		t.CreatedAt = t.ID.Time()
		if err := l.AddToken(ctx, t); err != nil {
			return fail(err)
		}
		accounts[i], creds[i] = a.ID, bench.Credential{Username: a.Username, Token: value}
	}
	progress("%d accounts and tokens", p.Accounts)

	// The follows, over the next fifty minutes.
	plan := bench.FollowPlan(p.Accounts, p.FollowsAvg, p.Seed)
	followAt := setupAt.Add(10 * time.Minute)
	step := max(len(plan)/10, 1)
	for j, e := range plan {
		f := &agora.Follow{ID: ids.at(between(followAt, 50*time.Minute, j, len(plan))),
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
	step = max(p.Statuses/10, 1)
	for i := range p.Statuses {
		text := fmt.Sprintf("Status %d of the load generator, about #%s", i, tags[i%len(tags)])
		r := textfmt.Render(text, textfmt.Options{BaseURL: p.BaseURL})
		s := &agora.Status{ID: ids.at(between(statusStart, span, i, p.Statuses)), AccountID: accounts[i%len(accounts)],
			Text: text, Content: r.HTML, Visibility: agora.VisibilityPublic, Tags: r.Tags}
		s.CreatedAt = s.ID.Time()
		if err := l.AddStatus(ctx, s); err != nil {
			return fail(err)
		}
		if (i+1)%step == 0 {
			progress("%d of %d statuses", i+1, p.Statuses)
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

// randomToken returns 32 random bytes, base64url-encoded, as the service makes
// bearer tokens and client credentials.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
