//go:build unix

package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/legalapi/client"
	"agora/legalapi/wire"
	"agora/sqlstore"
	"agora/storetest"
)

// TestLegalCrash kills the real agora process (SIGKILL) in the middle of a bulk
// decision and checks after a restart that the decision is all there or not there
// at all (issue 5: "A crash in the middle of a bulk decision leaves either all of
// it or none of it after restart"). Each round records an order naming
// crashAccounts accounts over HTTP, sends one bulk withhold decision on all of
// them, kills the server at a moment of the decision, then reads the database
// (with sqlstore, the process dead) and, restarted, the legal API and the gate.
//
// Round 0 is not killed: it measures how long the decision takes and when its
// transaction is open. The "random" rounds kill after a random delay over that
// time; the "in-tx" rounds wait until the server holds the database's write lock
// (SQLite: the WAL write lock, seen with F_GETLK on the -shm file; PostgreSQL: a
// backend of the server with a transaction ID, in pg_stat_activity), so that at
// least one kill lands inside the transaction.
func TestLegalCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds agora and kills it several times")
	}
	bin := filepath.Join(t.TempDir(), "agora")
	build := exec.Command("go", "build", "-o", bin, "./cmd/agora")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testLegalCrash(t, b, bin) })
	}
}

const (
	// crashAccounts is how many accounts each order names: enough for the
	// decision's transaction to last tens of milliseconds.
	crashAccounts = 5000
	// crashRandomRounds and crashTargetedRounds are the killed rounds.
	crashRandomRounds   = 5
	crashTargetedRounds = 3
	crashCountryHeader  = "CF-IPCountry"
	crashPassword       = "crash-test-password"
)

func testLegalCrash(t *testing.T, b agoratest.Backend, bin string) {
	r := newCrashRig(t, b, bin)
	// Seed: the staff account and its token with the CLI, the accounts the orders
	// name directly in the database (thousands of `agora account create` would
	// take minutes).
	r.cli("account", "create", "--username", "legal", "--email", "legal@example.org", "--password", crashPassword, "--role", "legal")
	out := r.cli("token", "create", "--username", "legal", "--scopes", "read write legal:read legal:write")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	r.token = strings.TrimSpace(lines[len(lines)-1])
	r.seedAccounts(crashAccounts)
	r.legal = client.New(r.url, r.token, r.hc)

	r.start()
	auth, err := r.legal.CreateAuthority(context.Background(), wire.AuthorityInput{
		Name: "Ministry of Electronics and Information Technology", Country: "IN", Kind: "ministry",
	})
	r.must(err)
	r.authority = auth.ID

	// Round 0: the decision runs to its end; it measures the time it takes.
	o := r.newOrder(0)
	res := r.decide(o, func(sent time.Time, done <-chan crashResponse) crashKill {
		var k crashKill
		for {
			select {
			case resp := <-done:
				k.resp = &resp
				return k
			default:
			}
			if r.probe() {
				at := time.Since(sent)
				if k.txFirst == 0 {
					k.txFirst = at
				}
				k.txLast = at
			}
			time.Sleep(500 * time.Microsecond)
		}
	})
	if res.resp == nil || res.resp.status != http.StatusOK || res.resp.err != nil {
		t.Fatalf("round 0: the decision answered %+v, want 200", res.resp)
	}
	latency := res.resp.at
	txOpen := res.txLast - res.txFirst
	t.Logf("round 0 (not killed): the decision took %v over HTTP; the write transaction was seen open from %v to %v (%v)",
		latency.Round(time.Millisecond), res.txFirst.Round(time.Millisecond), res.txLast.Round(time.Millisecond), txOpen.Round(time.Millisecond))
	if got := r.settle(o, res); got != "all" {
		t.Fatalf("round 0: a decision that was not interrupted left %s of it", got)
	}
	r.lift(o)

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("random delays: seed %d, uniform in [0, %v]", seed, (latency * 5 / 4).Round(time.Millisecond))
	outcomes := map[string]int{}
	midTx := 0
	for round := 1; round <= crashRandomRounds+crashTargetedRounds; round++ {
		targeted := round > crashRandomRounds
		o := r.newOrder(round)
		delay := time.Duration(rng.Int64N(int64(latency*5/4) + 1))
		if targeted {
			// Somewhere in the first half of the time the transaction was seen open.
			delay = time.Duration(rng.Int64N(int64(txOpen/2) + 1))
		}
		res := r.decide(o, func(sent time.Time, done <-chan crashResponse) crashKill {
			var k crashKill
			if targeted {
				deadline := sent.Add(2*latency + time.Second)
				for !r.probe() && time.Now().Before(deadline) {
					time.Sleep(200 * time.Microsecond)
				}
				k.txFirst = time.Since(sent)
			}
			time.Sleep(time.Until(sent.Add(k.txFirst + delay)))
			select {
			case resp := <-done:
				k.resp = &resp
			default:
			}
			k.inTx = r.probe()
			k.at = time.Since(sent)
			r.kill()
			if k.resp == nil {
				select {
				case resp := <-done:
					if resp.status != 0 {
						k.resp = &resp
					}
				case <-time.After(5 * time.Second):
				}
			}
			return k
		})
		got := r.settle(o, res)
		outcomes[got]++
		mode := "random"
		if targeted {
			mode = fmt.Sprintf("in-tx (write lock seen after %v)", res.txFirst.Round(time.Millisecond))
		}
		answered := "no answer"
		if res.resp != nil {
			answered = fmt.Sprintf("answered %d after %v", res.resp.status, res.resp.at.Round(time.Millisecond))
		}
		inTx := "no transaction open"
		if res.inTx {
			inTx = "WRITE TRANSACTION OPEN"
		}
		if res.inTx && got == "none" {
			midTx++
		}
		t.Logf("round %d, %s: killed %v after sending (%s; %s) -> after restart: %s of the decision",
			round, mode, res.at.Round(100*time.Microsecond), answered, inTx, strings.ToUpper(got))
		if got == "all" {
			r.lift(o)
		}
	}
	t.Logf("outcomes: %d all, %d none; %d kills inside the transaction, which left none of it", outcomes["all"], outcomes["none"], midTx)
	if midTx == 0 {
		t.Errorf("no round killed the server inside the decision's transaction (write lock seen open for %v in round 0)", txOpen)
	}
}

// crashRig runs agora as a child process on one database.
type crashRig struct {
	t        *testing.T
	backend  agoratest.Backend
	bin, dsn string
	addr     string
	url      string
	env      []string
	appName  string // PostgreSQL: the application_name of the server's connections
	probeDB  *sql.DB
	hc       *http.Client
	legal    *client.Client // the legal API as the staff account, once its token is known

	cmd    *exec.Cmd
	exited chan error
	logs   *crashBuffer

	token     string
	authority string
	usernames []string
	ids       []string
}

func newCrashRig(t *testing.T, b agoratest.Backend, bin string) *crashRig {
	r := &crashRig{t: t, backend: b, bin: bin, hc: &http.Client{Timeout: time.Minute}}
	r.dsn = agoratest.DSN(t, b)
	if b == agoratest.Postgres {
		u, err := url.Parse(r.dsn)
		if err != nil {
			t.Fatal(err)
		}
		r.appName = fmt.Sprintf("agora_crash_%d", time.Now().UnixNano())
		q := u.Query()
		q.Set("application_name", r.appName)
		u.RawQuery = q.Encode()
		r.dsn = u.String()
		if r.probeDB, err = sql.Open("pgx", os.Getenv("AGORA_TEST_POSTGRES_DSN")); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.probeDB.Close() })
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	ln.Close()
	r.url = "http://" + r.addr
	r.env = append(os.Environ(), "AGORA_CONFIG=", "AGORA_COUNTRY_HEADER="+crashCountryHeader,
		"AGORA_TRUSTED_PROXIES=127.0.0.1/32", "AGORA_LOG_LEVEL=warn",
		"AGORA_LOG_KEY="+filepath.Join(t.TempDir(), "transparency-log.key"))
	// Registered before the schema's own cleanup runs (cleanups run last first):
	// the process is dead before the schema is dropped.
	t.Cleanup(func() {
		if r.cmd != nil {
			r.kill()
		}
	})
	return r
}

// cli runs an agora command on the rig's database and returns its output.
func (r *crashRig) cli(args ...string) string {
	r.t.Helper()
	cmd := exec.Command(r.bin, append(args, "--db", r.dsn)...)
	cmd.Env = r.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		r.t.Fatalf("agora %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// seedAccounts creates n accounts, crash0 ..., through the store.
func (r *crashRig) seedAccounts(n int) {
	r.t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, r.dsn)
	if err != nil {
		r.t.Fatal(err)
	}
	defer db.Close()
	var ids agora.IDGenerator
	start := time.Now()
	for i := range n {
		name := "crash" + strconv.Itoa(i)
		a := &agora.Account{ID: ids.New(), Username: name, Email: name + "@example.org", Role: agora.RoleUser,
			DisplayName: "Crash " + strconv.Itoa(i), Discoverable: true, CreatedAt: time.Now()}
		if err := db.CreateAccount(ctx, a); err != nil {
			r.t.Fatal(err)
		}
		r.usernames = append(r.usernames, name)
		r.ids = append(r.ids, a.ID.String())
	}
	r.t.Logf("%d accounts created in %v", n, time.Since(start).Round(time.Millisecond))
}

// start runs `agora serve` and waits until it is ready.
func (r *crashRig) start() {
	r.t.Helper()
	r.logs = &crashBuffer{}
	cmd := exec.Command(r.bin, "serve", "--addr", r.addr, "--db", r.dsn)
	cmd.Env = r.env
	cmd.Stdout, cmd.Stderr = r.logs, r.logs
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	r.cmd, r.exited = cmd, make(chan error, 1)
	go func() { r.exited <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(r.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-r.exited:
			r.cmd = nil
			r.t.Fatalf("agora serve exited (%v) before it was ready:\n%s", err, r.logs)
		default:
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("agora serve not ready within 30s:\n%s", r.logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill sends SIGKILL and waits until the process is gone.
func (r *crashRig) kill() {
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.exited
	r.cmd = nil
}

// probe reports whether the server has a write transaction open.
func (r *crashRig) probe() bool {
	if r.backend == agoratest.Postgres {
		var n int
		err := r.probeDB.QueryRow(`SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1 AND backend_xid IS NOT NULL`, r.appName).Scan(&n)
		if err != nil {
			r.t.Errorf("probe pg_stat_activity: %v", err)
		}
		return n > 0
	}
	return sqliteWriteLocked(r.t, r.dsn)
}

// sqliteWriteLocked reports whether another process holds the WAL write lock of
// the SQLite database at path: byte 120 of its -shm file (os_unix.c: the
// WAL_WRITE_LOCK at UNIX_SHM_BASE), held exclusively from BEGIN IMMEDIATE to
// COMMIT. F_GETLK only asks; it takes no lock.
func sqliteWriteLocked(t *testing.T, path string) bool {
	f, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("probe: %v", err)
		}
		return false
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: 120, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		t.Errorf("probe: F_GETLK: %v", err)
		return false
	}
	return lk.Type != syscall.F_UNLCK
}

// get sends an anonymous GET as a viewer in country ("" for no country header)
// and returns the status and the body.
func (r *crashRig) get(path, country string) (int, []byte) {
	r.t.Helper()
	req, err := http.NewRequest(http.MethodGet, r.url+path, nil)
	if err != nil {
		r.t.Fatal(err)
	}
	if country != "" {
		req.Header.Set(crashCountryHeader, country)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		r.t.Fatalf("GET %s: %v\nserver output:\n%s", path, err, r.logs)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatalf("GET %s: read: %v", path, err)
	}
	return resp.StatusCode, data
}

// must fails the test when a call to the legal API failed: an error from the
// client, which names the request, and the status and message of a wrong answer.
func (r *crashRig) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatalf("%v\nserver output:\n%s", err, r.logs)
	}
}

// crashOrder is an order of a round.
type crashOrder struct {
	round    int
	id       string
	resolved int // account targets that resolved: what the decision withholds
	total    int
}

// newOrder records and acknowledges an order naming every seeded account (as @user
// and as profile URL, in turn), plus unknown accounts, duplicates and a hashtag.
func (r *crashRig) newOrder(round int) crashOrder {
	r.t.Helper()
	targets := make([]string, 0, len(r.usernames)+60)
	for i, u := range r.usernames {
		if i%2 == 0 {
			targets = append(targets, "@"+u)
		} else {
			targets = append(targets, r.url+"/@"+u)
		}
	}
	for i := range 25 {
		targets = append(targets, "@nobody"+strconv.Itoa(i), r.usernames[i*7]+"@"+r.addr)
	}
	targets = append(targets, "#crashtest")
	ctx := context.Background()
	created, err := r.legal.CreateOrder(ctx, wire.OrderInput{
		AuthorityID: r.authority, Reference: fmt.Sprintf("MEITY/69A/CRASH/%d", round), Channel: "portal",
		LegalBasis: "Section 69A of the IT Act, 2000", StatementOfReasons: "Public order.",
		TerritorialScope: []string{"IN"}, RedressInfo: "Review committee", Targets: targets,
	})
	r.must(err)
	want := agora.TargetCounts{Total: len(targets), Resolved: len(r.usernames) + 1, Unresolved: 25, Duplicate: 25}
	if created.Targets != want {
		r.t.Fatalf("round %d: order targets %+v, want %+v", round, created.Targets, want)
	}
	_, err = r.legal.Acknowledge(ctx, created.ID)
	r.must(err)
	// Before the decision the accounts are seen from IN.
	r.expectGate(round, "before the decision", http.StatusOK)
	return crashOrder{round: round, id: created.ID, resolved: len(r.usernames), total: len(targets)}
}

// crashResponse is the answer to the decision: status 0 when the connection broke
// before the status arrived. err is the client's: nil for a whole 200 answer.
type crashResponse struct {
	status int
	err    error
	at     time.Duration // after sending
}

// crashKill is what happened to a round's decision.
type crashKill struct {
	resp            *crashResponse // nil: killed before it answered
	at              time.Duration  // when the process was killed, after sending
	inTx            bool           // a write transaction was open just before the kill
	txFirst, txLast time.Duration
}

// decide sends the bulk withhold decision on every account target of o and lets
// act watch it (and kill the server).
func (r *crashRig) decide(o crashOrder, act func(sent time.Time, done <-chan crashResponse) crashKill) crashKill {
	// The status is taken as the answer's header arrives, so that an answer cut
	// off in its body still counts as given.
	var status int
	hc := *r.hc
	hc.Transport = crashTransport(func(req *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err == nil {
			status = resp.StatusCode
		}
		return resp, err
	})
	legal := client.New(r.url, r.token, &hc)
	in := wire.DecisionInput{
		Filter: &wire.TargetFilter{Kind: "account"}, Action: "withhold", Countries: []string{"IN"},
		Reason: "legal_demand", Note: fmt.Sprintf("bulk decision of round %d", o.round),
	}
	done := make(chan crashResponse, 1)
	sent := time.Now()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, err := legal.Decide(context.Background(), o.id, in)
		done <- crashResponse{status: status, err: err, at: time.Since(sent)}
	}()
	k := act(sent, done)
	wg.Wait()
	return k
}

// crashTransport is an http.RoundTripper of one function.
type crashTransport func(*http.Request) (*http.Response, error)

func (f crashTransport) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// crashCounts is what the decision of an order left in the database.
type crashCounts struct {
	State                                    string
	FirstEffect                              bool
	Withheld, Rules, Decisions, Warnings     int
	Notifications, TargetEvents, OrderEvents int
	Suspended                                int
}

// settle checks, with the process dead, then restarted, that o's decision is all
// there ("all") or not at all ("none"), and leaves the server running.
func (r *crashRig) settle(o crashOrder, k crashKill) string {
	r.t.Helper()
	r.kill() // round 0 is not killed: stop it the same way
	if r.backend == agoratest.Postgres {
		r.awaitBackendsGone()
	}
	c := r.dbCounts(o)
	n := o.resolved
	all := crashCounts{State: string(agora.OrderInReview), FirstEffect: true, Withheld: n, Rules: n, Decisions: n,
		Warnings: n, Notifications: n, TargetEvents: n, OrderEvents: 1}
	none := crashCounts{State: string(agora.OrderAcknowledged)}
	var got string
	switch c {
	case all:
		got = "all"
	case none:
		got = "none"
	default:
		r.t.Fatalf("round %d: the decision is partly applied (killed %v after sending):\n got  %+v\n all  %+v\n none %+v",
			o.round, k.at, c, all, none)
	}
	if k.resp != nil && k.resp.status == http.StatusOK && got != "all" {
		r.t.Fatalf("round %d: the decision answered 200 but after restart %s of it is there", o.round, got)
	}

	// Restarted, the legal API and the gate tell the same.
	r.start()
	ctx := context.Background()
	order, err := r.legal.Order(ctx, o.id)
	r.must(err)
	if order.State != c.State || (order.FirstEffectAt != nil) != c.FirstEffect {
		r.t.Errorf("round %d: API order state %s first effect %v, database %s %v", o.round, order.State, order.FirstEffectAt, c.State, c.FirstEffect)
	}
	withheld, err := r.legal.AllTargets(ctx, o.id, client.TargetQuery{Decision: "withheld", Limit: 1000})
	r.must(err)
	decisions, err := r.legal.Decisions(ctx, o.id)
	r.must(err)
	events, err := r.legal.Audit(ctx, client.AuditQuery{Object: "order:" + o.id})
	r.must(err)
	decideEvents := 0
	for _, e := range events {
		if e.Action == "order.decide" {
			decideEvents++
		}
	}
	if len(withheld) != c.Withheld || len(decisions) != c.Decisions || decideEvents != c.OrderEvents {
		r.t.Errorf("round %d: API shows %d withheld targets, %d decisions, %d order.decide events; database %+v",
			o.round, len(withheld), len(decisions), decideEvents, c)
	}
	want := http.StatusOK
	if got == "all" {
		want = http.StatusUnavailableForLegalReasons
	}
	r.expectGate(o.round, "after restart", want)
	return got
}

// expectGate checks that a sample of the accounts answers want to a viewer in IN,
// and 200 to one in DE.
func (r *crashRig) expectGate(round int, when string, want int) {
	r.t.Helper()
	for i := 0; i < len(r.ids); i += len(r.ids)/10 + 1 {
		path := "/api/v1/accounts/" + r.ids[i]
		if code, body := r.get(path, "IN"); code != want {
			r.t.Fatalf("round %d, %s: GET %s from IN = %d %.200s, want %d", round, when, path, code, body, want)
		}
		if code, body := r.get(path, "DE"); code != http.StatusOK {
			r.t.Fatalf("round %d, %s: GET %s from DE = %d %.200s, want 200", round, when, path, code, body)
		}
	}
}

// lift lifts every rule o's decision created, so the next round starts from
// accounts withheld nowhere.
func (r *crashRig) lift(o crashOrder) {
	r.t.Helper()
	res, err := r.legal.Decide(context.Background(), o.id, wire.DecisionInput{
		Filter: &wire.TargetFilter{Decision: "withheld"}, Action: "lift", Note: "reset for the next round",
	})
	r.must(err)
	if res.RulesLifted != o.resolved {
		r.t.Fatalf("round %d: lift lifted %d rules, want %d", o.round, res.RulesLifted, o.resolved)
	}
	r.expectGate(o.round, "after the lift", http.StatusOK)
}

// awaitBackendsGone waits until PostgreSQL has ended the killed server's sessions
// (rolling back what they left open).
func (r *crashRig) awaitBackendsGone() {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int
		if err := r.probeDB.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, r.appName).Scan(&n); err != nil {
			r.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%d sessions of the killed server still open after 30s", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// dbCounts reads, with sqlstore and the server dead, what o's decision left.
func (r *crashRig) dbCounts(o crashOrder) crashCounts {
	r.t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, r.dsn)
	if err != nil {
		r.t.Fatalf("open the database after the kill: %v", err)
	}
	defer db.Close()
	id, err := agora.ParseID(o.id)
	if err != nil {
		r.t.Fatal(err)
	}
	var c crashCounts
	q := func(dst any, query string) {
		r.t.Helper()
		query = strings.ReplaceAll(query, "$ORDER", strconv.FormatInt(int64(id), 10))
		if err := db.SQL().QueryRowContext(ctx, query).Scan(dst); err != nil {
			r.t.Fatalf("%s: %v", query, err)
		}
	}
	q(&c.State, `SELECT state FROM orders WHERE id = $ORDER`)
	q(&c.FirstEffect, `SELECT first_effect_at IS NOT NULL FROM orders WHERE id = $ORDER`)
	q(&c.Withheld, `SELECT count(*) FROM targets WHERE order_id = $ORDER AND state = 'withheld'`)
	q(&c.Rules, `SELECT count(*) FROM withholding_rules WHERE order_id = $ORDER`)
	q(&c.Decisions, `SELECT count(*) FROM decisions WHERE order_id = $ORDER`)
	q(&c.Warnings, `SELECT count(*) FROM account_warnings WHERE order_id = $ORDER`)
	q(&c.Notifications, `SELECT count(*) FROM notifications
		WHERE warning_id IN (SELECT id FROM account_warnings WHERE order_id = $ORDER)`)
	q(&c.TargetEvents, `SELECT count(*) FROM audit_events WHERE action = 'decision.withhold' AND object_kind = 'target'
		AND object_id IN (SELECT id FROM targets WHERE order_id = $ORDER)`)
	q(&c.OrderEvents, `SELECT count(*) FROM audit_events WHERE action = 'order.decide' AND object_kind = 'order'
		AND object_id = $ORDER`)
	q(&c.Suspended, `SELECT count(*) FROM accounts WHERE suspended_at IS NOT NULL`)
	// The transparency log and the rules agree: every rule in force has its
	// entry, no entry lacks its rule, the entries are numbered without gaps.
	storetest.CheckLog(r.t, db)
	return c
}

// crashBuffer collects the server's output.
type crashBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *crashBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *crashBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
