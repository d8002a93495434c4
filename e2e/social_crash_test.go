//go:build unix

package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/internal/testreport"
	"agora/legalapi/client"
	"agora/legalapi/wire"
	"agora/oauth"
	"agora/sqlstore"
)

// TestSocialCrash kills the real agora process (SIGKILL) at random moments while
// it takes posts that mention other accounts (each with its own Idempotency-Key),
// favourites and a bulk legal decision at once, and restarts it each time (issue
// 15: "a crash between a status or favourite and its notification loses the
// notification, and a retry with the same Idempotency-Key returns the status
// without notifying"). After each kill, with the process dead, it checks in the
// database that
//
//   - every status has a mention notification for each account it mentions, and
//     every favourite its favourite notification, once (nothing lost, nothing
//     doubled), and no notification lacks its cause;
//   - every post and favourite answered 2xx is there, the post under its key;
//   - the bulk decision is all there or not at all (rules, decisions, warnings
//     and their notifications, audit events, the transparency log), and all
//     there when it was answered 200;
//
// then, restarted, it retries every post and favourite that was in flight or
// answered with the same request (and key), and checks that a post answered
// before comes back with the same ID, none is stored twice, and the
// notifications are there, once. It runs at least socialCrashKills kill cycles
// in all over the backends, and reports what it did in a plain `go test` run.
func TestSocialCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds agora and kills it many times")
	}
	bin := filepath.Join(t.TempDir(), "agora")
	build := exec.Command("go", "build", "-o", bin, "./cmd/agora")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	backends := agoratest.Backends()
	cycles := (socialCrashKills + len(backends) - 1) / len(backends)
	var total crashStats
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			st := testSocialCrash(t, b, bin, cycles)
			testreport.Line(t, "%s", st)
			total.add(st)
		})
	}
	testreport.Line(t, "in all: %s", &total)
	if total.kills < socialCrashKills && !t.Failed() {
		t.Errorf("%d kills, want at least %d", total.kills, socialCrashKills)
	}
}

const (
	// socialCrashKills is the least number of SIGKILLs a run makes, over all
	// backends.
	socialCrashKills = 22
	// socialCrashOrderSize is how many accounts each cycle's order names.
	socialCrashOrderSize = 60
)

// crashSocial is one backend's run of TestSocialCrash.
type crashSocial struct {
	t       *testing.T
	r       *crashRig
	backend agoratest.Backend
	rng     *rand.Rand

	posters, favers, mentioned []crashUser

	mu        sync.Mutex
	pool      []string // statuses answered 2xx, in order: what favouriters favourite
	faverNext []int    // by favouriter: the next index into pool

	lost  map[string]bool // notifications found missing or doubled, each reported once
	stats crashStats
}

// crashStats is what a run did and checked.
type crashStats struct {
	backend                       string
	kills, inTx                   int
	posts, postsAcked, postsOpen  int
	faves, favesAcked, favesOpen  int
	decisionsAll, decisionsNone   int
	retries, checks, lostOrDouble int
	took                          time.Duration
}

func (c *crashStats) add(o *crashStats) {
	c.kills += o.kills
	c.inTx += o.inTx
	c.posts += o.posts
	c.postsAcked += o.postsAcked
	c.postsOpen += o.postsOpen
	c.faves += o.faves
	c.favesAcked += o.favesAcked
	c.favesOpen += o.favesOpen
	c.decisionsAll += o.decisionsAll
	c.decisionsNone += o.decisionsNone
	c.retries += o.retries
	c.checks += o.checks
	c.lostOrDouble += o.lostOrDouble
	c.took += o.took
}

func (c *crashStats) String() string {
	name := c.backend
	if name == "" {
		name = "all backends"
	}
	return fmt.Sprintf("crash test, %s: %d SIGKILLs (%d with a write transaction open), each followed by a restart; "+
		"%d posts with mentions (%d answered, %d in flight at the kill), %d favourites (%d answered, %d in flight), "+
		"bulk decisions %d all there and %d not at all; %d retries with the same request; %d checks; "+
		"%d notifications lost or doubled; %v",
		name, c.kills, c.inTx, c.posts, c.postsAcked, c.postsOpen, c.faves, c.favesAcked, c.favesOpen,
		c.decisionsAll, c.decisionsNone, c.retries, c.checks, c.lostOrDouble, c.took.Round(time.Second))
}

func testSocialCrash(t *testing.T, b agoratest.Backend, bin string, cycles int) *crashStats {
	start := time.Now()
	r := newCrashRig(t, b, bin)
	r.env = append(r.env, "AGORA_RATE_LIMITS=off")
	seed := uint64(time.Now().UnixNano())
	s := &crashSocial{t: t, r: r, backend: b, rng: rand.New(rand.NewPCG(seed, 15)), lost: map[string]bool{}}
	s.stats.backend = string(b)
	t.Logf("random delays: seed %d", seed)

	s.seed(socialCrashOrderSize * cycles)
	r.legal = client.New(r.url, r.token, r.hc)
	r.start()
	t.Logf("set up in %v", time.Since(start).Round(time.Millisecond))
	auth, err := r.legal.CreateAuthority(context.Background(), wire.AuthorityInput{
		Name: "Ministry of Electronics and Information Technology", Country: "IN", Kind: "ministry",
	})
	r.must(err)
	r.authority = auth.ID

	for c := range cycles {
		s.cycle(c)
		if t.Failed() && len(s.lost) == 0 {
			break // something else broke: the rest would only repeat it
		}
	}
	r.kill()
	s.stats.took = time.Since(start)
	if s.stats.lostOrDouble > 0 {
		t.Errorf("%d notifications lost or doubled over %d kill cycles", s.stats.lostOrDouble, s.stats.kills)
	}
	return &s.stats
}

// seed creates, through the store, the staff account of the legal desk, the
// posters, favouriters and mentioned accounts with their tokens, and n accounts
// for the orders to name, crash0 ... (several at once: thousands of `agora
// account create` would take minutes).
func (s *crashSocial) seed(n int) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, s.r.dsn)
	if err != nil {
		s.t.Fatal(err)
	}
	defer db.Close()
	var ids agora.IDGenerator
	user := func(name string, role agora.Role, scopes string) crashUser {
		a := &agora.Account{ID: ids.New(), Username: name, Email: name + "@example.org", Role: role, CreatedAt: time.Now()}
		if err := db.CreateAccount(ctx, a); err != nil {
			s.t.Fatal(err)
		}
		sc, err := agora.ParseScopes(scopes)
		if err != nil {
			s.t.Fatal(err)
		}
		value := fmt.Sprintf("crash-token-%s-%d", name, ids.New())
		tok := &agora.Token{ID: ids.New(), Hash: oauth.HashToken(value), AccountID: a.ID, Scopes: sc, CreatedAt: time.Now()}
		if err := db.CreateToken(ctx, tok); err != nil {
			s.t.Fatal(err)
		}
		return crashUser{username: name, id: a.ID.String(), token: value}
	}
	users := func(prefix string, n int) []crashUser {
		out := make([]crashUser, n)
		for i := range out {
			out[i] = user(prefix+strconv.Itoa(i), agora.RoleUser, "read write")
		}
		return out
	}
	s.r.token = user("legal", agora.RoleLegal, "read write legal:read legal:write").token
	s.posters, s.favers, s.mentioned = users("poster", 4), users("faver", 2), users("mentioned", 3)
	s.faverNext = make([]int, len(s.favers))

	accounts := make([]*agora.Account, n)
	for i := range accounts {
		name := "crash" + strconv.Itoa(i)
		accounts[i] = &agora.Account{ID: ids.New(), Username: name, Email: name + "@example.org", Role: agora.RoleUser,
			DisplayName: "Crash " + strconv.Itoa(i), Discoverable: true, CreatedAt: time.Now()}
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	const workers = 8
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := db.CreateAccount(ctx, accounts[i]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		s.t.Fatal(err)
	}
	for _, a := range accounts {
		s.r.usernames = append(s.r.usernames, a.Username)
		s.r.ids = append(s.r.ids, a.ID.String())
	}
}

func (s *crashSocial) addPool(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pool = append(s.pool, id)
}

// nextForFaver returns the next status favouriter i has not favourited.
func (s *crashSocial) nextForFaver(i int) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faverNext[i] >= len(s.pool) {
		return "", false
	}
	id := s.pool[s.faverNext[i]]
	s.faverNext[i]++
	return id, true
}

// cycle runs the load with a decision on a new order, kills the server at a
// random moment, checks the database, restarts the server, retries what was in
// flight or answered, and checks again.
func (s *crashSocial) cycle(c int) {
	r := s.r
	var phases []string
	mark := time.Now()
	phase := func(name string) {
		phases = append(phases, fmt.Sprintf("%s %v", name, time.Since(mark).Round(time.Millisecond)))
		mark = time.Now()
	}
	o := s.order(c)
	phase("order")
	l := &crashLoad{s: s, cycle: c, hc: &http.Client{Timeout: 30 * time.Second}}
	decideAfter := time.Duration(s.rng.Int64N(int64(400 * time.Millisecond)))
	killAfter := 200*time.Millisecond + time.Duration(s.rng.Int64N(int64(800*time.Millisecond)))
	wait := l.run(o, decideAfter)
	time.Sleep(killAfter)
	l.stop.Store(true)
	inTx := r.probe()
	r.kill()
	decided := wait()
	s.stats.kills++
	if inTx {
		s.stats.inTx++
	}
	phase("load")
	if r.backend == agoratest.Postgres {
		r.awaitBackendsGone()
	}
	phase("await")
	for _, w := range l.writes {
		if w.state == writeRefused {
			s.t.Errorf("cycle %d: %s answered %d %.300s", c, w, w.code, w.body)
		}
	}

	// The process is dead: what is in the database?
	got := s.checkDecision(c, o, decided)
	phase("decision")
	d := s.openDB()
	s.checkAcked(c, d, l.writes)
	s.checkNotifications(c, d, "after the kill")
	d.close()
	phase("check")

	// Restarted, the same requests again.
	r.start()
	phase("start")
	s.retry(c, l.writes)
	phase("retry")
	posts, acked, open := l.count(false)
	faves, favesAcked, favesOpen := l.count(true)
	s.stats.posts += posts
	s.stats.postsAcked += acked
	s.stats.postsOpen += open
	s.stats.faves += faves
	s.stats.favesAcked += favesAcked
	s.stats.favesOpen += favesOpen
	answer := "no answer"
	if decided != nil {
		answer = fmt.Sprintf("answered %d after %v", decided.status, decided.at.Round(time.Millisecond))
	}
	s.t.Logf("cycle %d: killed %v in (write transaction open: %v); %d posts (%d answered), %d favourites (%d answered); decision sent after %v, %s: %s of it (%s)",
		c, killAfter.Round(time.Millisecond), inTx, posts, acked, faves, favesAcked, decideAfter.Round(time.Millisecond), answer, got, strings.Join(phases, ", "))
}

// count returns how many favourites (or posts) the cycle sent, how many were
// answered, and how many were in flight at the kill.
func (l *crashLoad) count(favourite bool) (sent, acked, open int) {
	for _, w := range l.writes {
		if w.favourite != favourite {
			continue
		}
		sent++
		switch w.state {
		case writeAcked:
			acked++
		case writeSent:
			open++
		}
	}
	return sent, acked, open
}

func (w *crashWrite) String() string {
	if w.favourite {
		return fmt.Sprintf("favourite of %s by faver%d", w.statusID, w.actor)
	}
	return fmt.Sprintf("post %q (key %s)", w.text, w.key)
}

// order records and acknowledges the order of cycle c, naming its own
// socialCrashOrderSize seeded accounts.
func (s *crashSocial) order(c int) crashOrder {
	r := s.r
	names := r.usernames[c*socialCrashOrderSize : (c+1)*socialCrashOrderSize]
	targets := make([]string, len(names))
	for i, u := range names {
		targets[i] = "@" + u
	}
	ctx := context.Background()
	created, err := r.legal.CreateOrder(ctx, wire.OrderInput{
		AuthorityID: r.authority, Reference: fmt.Sprintf("MEITY/69A/SOCIAL-CRASH/%d", c), Channel: "portal",
		LegalBasis: "Section 69A of the IT Act, 2000", StatementOfReasons: "Public order.",
		TerritorialScope: []string{"IN"}, RedressInfo: "Review committee", Targets: targets,
	})
	r.must(err)
	if created.Targets.Resolved != len(names) {
		s.t.Fatalf("cycle %d: order targets %+v, want %d resolved", c, created.Targets, len(names))
	}
	_, err = r.legal.Acknowledge(ctx, created.ID)
	r.must(err)
	return crashOrder{round: c, id: created.ID, resolved: len(names), total: len(targets)}
}

// checkDecision checks, with the server dead, that o's decision is all there or
// not at all, and all there when it was answered 200.
func (s *crashSocial) checkDecision(c int, o crashOrder, decided *crashResponse) string {
	got := s.r.dbCounts(o) // checks the transparency log too
	n := o.resolved
	all := crashCounts{State: string(agora.OrderInReview), FirstEffect: true, Withheld: n, Rules: n, Decisions: n,
		Warnings: n, Notifications: n, TargetEvents: n, OrderEvents: 1}
	none := crashCounts{State: string(agora.OrderAcknowledged)}
	s.stats.checks += 2
	switch got {
	case all:
		s.stats.decisionsAll++
		return "all"
	case none:
		s.stats.decisionsNone++
		if decided != nil && decided.status == http.StatusOK {
			s.t.Errorf("cycle %d: the decision answered 200 but none of it is there", c)
		}
		return "none"
	}
	s.t.Errorf("cycle %d: the decision is partly applied:\n got  %+v\n all  %+v\n none %+v", c, got, all, none)
	return "part"
}
