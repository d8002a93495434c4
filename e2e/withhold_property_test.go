package e2e

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/internal/schematest"
	"agora/oauth"
	"agora/service"
)

// The seeded property test of withholding (issue 4, "Done when"): random networks
// built through the API, random rules, random viewers, and every surface read over
// HTTP, checked both ways against a model written here, independently of the
// server's code:
//
//   - Phase A reads every surface for every viewer before any rule exists: the
//     baseline of what each viewer may otherwise see (audience, follows, blocks and
//     mutes are the server's business, not the model's).
//   - Phase B creates the rules and reads everything again: every list must be the
//     baseline minus exactly the items the model withholds for the viewer, in the
//     same order; a direct fetch that answered 200 must answer 451 (with the notice
//     link of the newest rule hitting it) when withheld and 200 otherwise; a 404
//     stays a 404.
//   - Phase C lifts about half of the rules and checks the same against the rules
//     left.
//
// The model (statusHit, accountHit, tagHit): a status is withheld when a rule on
// it or its author, or for a boost on the original or the original's author,
// covers the viewer's country (XX covers everyone; an unknown country only XX,
// unless the network runs with unknown_country closed); owners are exempt from the
// rules on their own part, the legal account from all. An account is withheld by
// its account rules, a notification by its status or its sender. A hashtag rule
// withholds the hashtag's page and timeline (451), hashtag search results, "#tag"
// status search and trends, not the posts carrying it; followed hashtags are kept
// out of the networks. Every Status and Account entity read must also carry the
// withheld_in_countries and withheld_scope of the rules in force on it.
//
// Nothing is written between phases, so the phases differ only by the rules. Lists
// are compared as whole walks (Link rel="next", or offsets for search), with a
// random page size per walk, so that where a page boundary falls does not matter.
//
// AGORA_TEST_SEED=n replays a run: network i of each backend uses seed n+i. Every
// failure names the seed of its network, the viewer, the request and the item.

// wpSeedEnv names the variable that fixes the seed.
const wpSeedEnv = "AGORA_TEST_SEED"

// wpMinReads is how many surface reads, checked against the model (phases B and
// C), a run must make in total.
const wpMinReads = 10000

// wpReaders is how many reads run at once.
const wpReaders = 8

// wpNetworks is how many networks each backend builds. PostgreSQL, slower, builds
// fewer: SQLite alone makes the minimum of reads.
var wpNetworks = map[agoratest.Backend]int{agoratest.SQLite: 3, agoratest.Postgres: 1}

var (
	wpRuleCountries  = []string{"IN", "PK", "DE", "TR", "RU"}
	wpOtherCountries = []string{"FR", "BR"}
	wpWords          = []string{"alpha", "bravo", "charlie", "delta"}
	wpTags           = []string{"tgnews", "tgsport", "tgvote", "tgfilm", "tgfood", "tgtech"}
	wpReasons        = []string{"legal_demand", "local_law"}
)

// TestWithholdProperty builds wpNetworks random networks per backend and checks
// every surface for random viewers against the model.
func TestWithholdProperty(t *testing.T) {
	seed := time.Now().UnixNano() % 1_000_000_000
	if s := os.Getenv(wpSeedEnv); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q is not an integer", wpSeedEnv, s)
		}
		seed = v
	}
	t.Logf("seed %d (replay with %s=%d)", seed, wpSeedEnv, seed)
	var checked, total atomic.Int64
	networks, want := 0, 0
	start := time.Now()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			bstart := time.Now()
			var bchecked, btotal int64
			want += wpNetworks[b]
			for i := range wpNetworks[b] {
				s := seed + int64(i)
				t.Run(fmt.Sprintf("seed=%d", s), func(t *testing.T) {
					networks++
					n := wpRunNetwork(t, b, s)
					bchecked += n.checkedReads
					btotal += n.reads.Load()
				})
			}
			checked.Add(bchecked)
			total.Add(btotal)
			t.Logf("%s: %d surface reads (%d checked against the model) in %v", b, btotal, bchecked, time.Since(bstart).Round(time.Millisecond))
		})
	}
	t.Logf("seed %d: %d surface reads in all, %d of them checked against the model, in %v",
		seed, total.Load(), checked.Load(), time.Since(start).Round(time.Millisecond))
	switch {
	case networks < want:
		t.Logf("%d of %d networks ran (-run chose some): the minimum of %d reads is not checked", networks, want, wpMinReads)
	case checked.Load() < wpMinReads && !t.Failed():
		t.Errorf("seed %d: only %d checked surface reads, want at least %d", seed, checked.Load(), wpMinReads)
	}
}

// wpNet is one random network on its own server, with the model of its content
// and rules.
type wpNet struct {
	t      *testing.T
	r      *rig
	seed   int64
	rng    *rand.Rand
	closed bool // unknown_country closed: every rule covers viewers of unknown country
	hc     *http.Client

	accounts []*wpAccount
	account  map[string]*wpAccount // by ID
	statuses []*wpStatus
	status   map[string]*wpStatus // by ID
	follows  map[[2]string]bool   // follower ID, followed ID
	pinned   map[string]bool      // status IDs
	pins     map[string]int       // by account ID
	tags     []string             // the hashtags used, lowercase
	rules    []*wpRule
	viewers  []*wpViewer

	reads        atomic.Int64 // HTTP reads of surfaces, all phases
	checkedReads int64        // of them, in phases B and C
	failures     atomic.Int64
	// What phases B and C checked: answers expected withheld (451, 404 or an
	// empty list), items expected left out of lists, items expected kept.
	withheld, leftOut, kept int
}

type wpAccount struct {
	id, username, token string
	staff               bool
}

type wpStatus struct {
	id, author, visibility string
	reblogOf               string // "" unless a boost
	replyTo                string
	tags, mentions         []string // lowercase names; account IDs
}

type wpRule struct {
	id        string
	kind      agora.SubjectKind
	subject   string // account or status ID, or hashtag
	countries []string
	copyright bool
	lifted    bool
}

type wpViewer struct {
	acct    *wpAccount // nil: anonymous
	country string     // "": unknown (no header)
}

func (v *wpViewer) String() string {
	who := "anonymous"
	if v.acct != nil {
		who = "@" + v.acct.username
		if v.acct.staff {
			who = "staff " + who
		}
	}
	c := v.country
	if c == "" {
		c = "unknown country"
	}
	return who + " from " + c
}

// wpRunNetwork builds one network, reads it in the three phases and checks it.
func wpRunNetwork(t *testing.T, b agoratest.Backend, seed int64) *wpNet {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	closed := rng.IntN(4) == 0
	r := newRig(t, b, func(c *app.Config) {
		c.CountryHeader = "CF-IPCountry"
		c.TrustedProxies = "127.0.0.1/32,::1/128"
		if closed {
			c.UnknownCountry = "closed"
		}
	})
	// The readers' own client, with a connection per reader, checking every answer
	// against the Mastodon schema as the rig's does.
	base := &http.Transport{MaxIdleConnsPerHost: wpReaders, MaxConnsPerHost: wpReaders}
	tr := &schematest.Transport{Base: base, Schema: r.tr.Schema}
	n := &wpNet{
		t: t, r: r, seed: seed, rng: rng, closed: closed, hc: &http.Client{Transport: tr},
		account: map[string]*wpAccount{}, status: map[string]*wpStatus{}, follows: map[[2]string]bool{},
		pinned: map[string]bool{}, pins: map[string]int{},
	}
	t.Cleanup(func() {
		base.CloseIdleConnections()
		tr.Check(t)
	})
	t.Logf("seed %d: unknown_country %s", seed, map[bool]string{false: "open", true: "closed"}[closed])

	start := time.Now()
	n.build()
	planned := n.planRules()
	n.pickViewers(planned)
	tasks := n.tasks(planned)
	t.Logf("seed %d: %d accounts, %d statuses (%d boosts), hashtags %v, %d viewers, %d reads per viewer and phase on average; built in %v",
		seed, len(n.accounts), len(n.statuses), n.countBoosts(), n.tags, len(n.viewers), len(tasks)/len(n.viewers), time.Since(start).Round(time.Millisecond))

	start = time.Now()
	baseline := n.readAll(tasks, 'A')
	// Notifications fetched one by one: some of those phase A listed.
	more := n.notificationTasks(tasks, baseline)
	tasks = append(tasks, more...)
	baseline = append(baseline, n.readAll(more, 'A')...)
	readsA := n.reads.Load()
	t.Logf("seed %d: phase A, %d reads in %v", seed, readsA, time.Since(start).Round(time.Millisecond))
	if t.Failed() {
		return n
	}

	for _, p := range planned {
		n.createRule(p)
	}
	t.Logf("seed %d: rules %s", seed, n.describeRules(nil))
	start = time.Now()
	n.check('B', tasks, baseline, n.readAll(tasks, 'B'))

	// Lift about half of the rules: what they withheld comes back at once.
	for _, ru := range n.rules {
		if n.rng.IntN(2) == 0 {
			if _, err := r.srv.Service.LiftRule(context.Background(), nil, wpParseID(t, ru.id)); err != nil {
				t.Fatalf("seed %d: lift rule %s: %v", seed, ru.id, err)
			}
			ru.lifted = true
		}
	}
	t.Logf("seed %d: rules left after lifting: %s", seed, n.describeRules(nil))
	n.check('C', tasks, baseline, n.readAll(tasks, 'C'))
	n.checkedReads = n.reads.Load() - readsA
	t.Logf("seed %d: phases B and C, %d reads in %v: %d answers withheld as a whole, %d list items withheld, %d kept",
		seed, n.checkedReads, time.Since(start).Round(time.Millisecond), n.withheld, n.leftOut, n.kept)
	return n
}

func wpParseID(t *testing.T, s string) agora.ID {
	id, err := agora.ParseID(s)
	if err != nil {
		t.Fatalf("bad ID %q: %v", s, err)
	}
	return id
}

// failf reports one failure, naming the seed; after 40 failures it stays quiet.
func (n *wpNet) failf(format string, args ...any) {
	n.t.Helper()
	switch k := n.failures.Add(1); {
	case k <= 40:
		n.t.Errorf("seed %d (replay with %s=%d): %s", n.seed, wpSeedEnv, n.seed, fmt.Sprintf(format, args...))
	case k == 41:
		n.t.Errorf("seed %d: more failures left out", n.seed)
	}
}

// ---- Building the network through the API ----

func (n *wpNet) build() {
	ctx := context.Background()
	svc := n.r.srv.Service
	count := 10 + n.rng.IntN(5)
	for i := 0; i <= count; i++ {
		na := oauth.NewAccount{Username: fmt.Sprintf("prop%02d", i), Password: "password-prop"}
		if i == count {
			na.Username, na.Role = "proplegal", agora.RoleLegal
		}
		na.Email = na.Username + "@example.org"
		a, err := svc.CreateAccount(ctx, na)
		if err != nil {
			n.t.Fatalf("seed %d: create account %s: %v", n.seed, na.Username, err)
		}
		tok, _, err := svc.CreateToken(ctx, na.Username, "read write follow")
		if err != nil {
			n.t.Fatalf("seed %d: token for %s: %v", n.seed, na.Username, err)
		}
		acct := &wpAccount{id: a.ID.String(), username: a.Username, token: tok, staff: a.IsStaff()}
		n.accounts = append(n.accounts, acct)
		n.account[acct.id] = acct
	}
	for _, a := range n.accounts {
		for _, b := range n.accounts {
			if a != b && n.rng.IntN(100) < 30 {
				n.write(a, "/api/v1/accounts/"+b.id+"/follow", nil)
				n.follows[[2]string{a.id, b.id}] = true
			}
		}
	}
	steps := 70 + n.rng.IntN(40)
	for range steps {
		a := n.accounts[n.rng.IntN(len(n.accounts))]
		switch k := n.rng.IntN(100); {
		case k < 55 || len(n.statuses) < 5:
			n.postRandom(a)
		case k < 75:
			n.boostRandom(a)
		case k < 88:
			n.markRandom(a, "favourite")
		case k < 96:
			n.markRandom(a, "bookmark")
		default:
			n.pinRandom(a)
		}
	}
	// A few blocks and mutes, last, so that they only hide.
	for range 1 + n.rng.IntN(2) {
		a, b := n.twoAccounts()
		n.write(a, "/api/v1/accounts/"+b.id+"/block", nil)
	}
	for range 1 + n.rng.IntN(2) {
		a, b := n.twoAccounts()
		n.write(a, "/api/v1/accounts/"+b.id+"/mute", url.Values{"notifications": {strconv.FormatBool(n.rng.IntN(2) == 0)}})
	}
	seen := map[string]bool{}
	for _, st := range n.statuses {
		for _, tag := range st.tags {
			if !seen[tag] {
				seen[tag] = true
				n.tags = append(n.tags, tag)
			}
		}
	}
	slices.Sort(n.tags)
}

func (n *wpNet) twoAccounts() (*wpAccount, *wpAccount) {
	a := n.accounts[n.rng.IntN(len(n.accounts))]
	for {
		if b := n.accounts[n.rng.IntN(len(n.accounts))]; b != a {
			return a, b
		}
	}
}

func (n *wpNet) countBoosts() int {
	k := 0
	for _, st := range n.statuses {
		if st.reblogOf != "" {
			k++
		}
	}
	return k
}

// write POSTs a form as the account and returns the body; anything but 200 fails
// the test.
func (n *wpNet) write(a *wpAccount, path string, form url.Values) []byte {
	n.t.Helper()
	code, body, _ := n.r.do("POST", path, a.token, "application/x-www-form-urlencoded", form.Encode())
	if code != http.StatusOK {
		n.t.Fatalf("seed %d: POST %s as @%s (%v): status %d: %s", n.seed, path, a.username, form, code, body)
	}
	return body
}

// mayRead is the audience rule, for choosing what an account replies to, boosts
// or marks while the network is built (before any block exists).
func (n *wpNet) mayRead(a *wpAccount, st *wpStatus) bool {
	switch {
	case st.visibility == "public" || st.visibility == "unlisted" || st.author == a.id || slices.Contains(st.mentions, a.id):
		return true
	case st.visibility == "private":
		return n.follows[[2]string{a.id, st.author}]
	}
	return false
}

// pickStatus returns a random original status that ok accepts, or nil.
func (n *wpNet) pickStatus(ok func(*wpStatus) bool) *wpStatus {
	var cands []*wpStatus
	for _, st := range n.statuses {
		if st.reblogOf == "" && ok(st) {
			cands = append(cands, st)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return cands[n.rng.IntN(len(cands))]
}

func (n *wpNet) postRandom(a *wpAccount) {
	var words []string
	for range 1 + n.rng.IntN(2) {
		words = append(words, wpWords[n.rng.IntN(len(wpWords))])
	}
	for range n.rng.IntN(3) {
		tag := wpTags[n.rng.IntN(len(wpTags))]
		if n.rng.IntN(3) == 0 {
			tag = strings.ToUpper(tag[:1]) + tag[1:] // hashtags match without case
		}
		words = append(words, "#"+tag)
	}
	vis := []string{"public", "public", "public", "unlisted", "private", "direct"}[n.rng.IntN(6)]
	mentions := n.rng.IntN(3)
	if vis == "direct" && mentions == 0 {
		mentions = 1
	}
	for range mentions {
		if b := n.accounts[n.rng.IntN(len(n.accounts))]; b != a {
			words = append(words, "@"+b.username)
		}
	}
	if vis == "direct" && !strings.Contains(strings.Join(words, " "), "@") {
		vis = "private"
	}
	n.rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	form := url.Values{"status": {strings.Join(words, " ")}, "visibility": {vis}}
	if n.rng.IntN(100) < 35 {
		if parent := n.pickStatus(func(st *wpStatus) bool { return n.mayRead(a, st) }); parent != nil {
			form.Set("in_reply_to_id", parent.id)
		}
	}
	n.addStatus(n.write(a, "/api/v1/statuses", form))
}

func (n *wpNet) boostRandom(a *wpAccount) {
	orig := n.pickStatus(func(st *wpStatus) bool {
		if n.boosted(a.id, st.id) {
			return false
		}
		if st.author == a.id {
			return st.visibility != "direct"
		}
		return st.visibility == "public" || st.visibility == "unlisted"
	})
	if orig == nil {
		return
	}
	vis := []string{"public", "public", "unlisted", "private"}[n.rng.IntN(4)]
	n.addStatus(n.write(a, "/api/v1/statuses/"+orig.id+"/reblog", url.Values{"visibility": {vis}}))
}

func (n *wpNet) boosted(account, orig string) bool {
	for _, st := range n.statuses {
		if st.author == account && st.reblogOf == orig {
			return true
		}
	}
	return false
}

func (n *wpNet) markRandom(a *wpAccount, kind string) {
	st := n.pickStatus(func(st *wpStatus) bool { return n.mayRead(a, st) })
	if st == nil {
		return
	}
	id := st.id
	if b := n.boostOf(st.id); b != nil && n.mayRead(a, b) && n.rng.IntN(3) == 0 {
		id = b.id // marking a boost marks its original
	}
	n.write(a, "/api/v1/statuses/"+id+"/"+kind, nil)
}

func (n *wpNet) pinRandom(a *wpAccount) {
	st := n.pickStatus(func(st *wpStatus) bool { return st.author == a.id && st.visibility != "direct" && !n.pinned[st.id] })
	if st == nil || n.pins[a.id] >= agora.MaxPins {
		return
	}
	n.write(a, "/api/v1/statuses/"+st.id+"/pin", nil)
	n.pinned[st.id] = true
	n.pins[a.id]++
}

func (n *wpNet) boostOf(orig string) *wpStatus {
	for _, st := range n.statuses {
		if st.reblogOf == orig {
			return st
		}
	}
	return nil
}

// addStatus records the status (a post or a boost) the server answered with.
func (n *wpNet) addStatus(body []byte) {
	var w struct {
		ID          string  `json:"id"`
		Visibility  string  `json:"visibility"`
		InReplyToID *string `json:"in_reply_to_id"`
		Account     struct {
			ID string `json:"id"`
		} `json:"account"`
		Reblog *struct {
			ID string `json:"id"`
		} `json:"reblog"`
		Tags []struct {
			Name string `json:"name"`
		} `json:"tags"`
		Mentions []struct {
			ID string `json:"id"`
		} `json:"mentions"`
	}
	if err := json.Unmarshal(body, &w); err != nil || w.ID == "" {
		n.t.Fatalf("seed %d: decode status %s: %v", n.seed, body, err)
	}
	st := &wpStatus{id: w.ID, author: w.Account.ID, visibility: w.Visibility}
	if w.Reblog != nil {
		st.reblogOf = w.Reblog.ID
	} else {
		for _, tag := range w.Tags {
			st.tags = append(st.tags, tag.Name)
		}
		for _, m := range w.Mentions {
			st.mentions = append(st.mentions, m.ID)
		}
	}
	if w.InReplyToID != nil {
		st.replyTo = *w.InReplyToID
	}
	n.statuses = append(n.statuses, st)
	n.status[st.id] = st
}

// ---- Rules and viewers ----

func (n *wpNet) randomCountries() []string {
	if n.rng.IntN(14) == 0 {
		return []string{agora.AllCountries}
	}
	perm := n.rng.Perm(len(wpRuleCountries))
	var out []string
	for _, i := range perm[:1+n.rng.IntN(3)] {
		out = append(out, wpRuleCountries[i])
	}
	return out
}

// planRules chooses the rules phase B creates: a few accounts, about one status in
// eight (boosts and replies among them), one or two hashtags, and now and then a
// second rule on a subject that has one.
func (n *wpNet) planRules() []*wpRule {
	var out []*wpRule
	add := func(kind agora.SubjectKind, subject string) {
		out = append(out, &wpRule{kind: kind, subject: subject, countries: n.randomCountries(), copyright: n.rng.IntN(3) == 0})
	}
	for _, i := range n.rng.Perm(len(n.accounts))[:1+n.rng.IntN(3)] {
		add(agora.SubjectAccount, n.accounts[i].id)
	}
	for _, i := range n.rng.Perm(len(n.statuses))[:max(3, len(n.statuses)/8)] {
		add(agora.SubjectStatus, n.statuses[i].id)
	}
	if len(n.tags) > 0 {
		for _, i := range n.rng.Perm(len(n.tags))[:min(len(n.tags), 1+n.rng.IntN(2))] {
			add(agora.SubjectHashtag, n.tags[i])
		}
	}
	for range n.rng.IntN(3) {
		p := out[n.rng.IntN(len(out))]
		add(p.kind, p.subject)
	}
	return out
}

func (n *wpNet) createRule(p *wpRule) {
	subject := p.subject
	switch p.kind {
	case agora.SubjectAccount:
		subject = "@" + n.account[p.subject].username
	case agora.SubjectHashtag:
		subject = "#" + p.subject
	}
	reason := wpReasons[n.rng.IntN(2)] // legal_demand or local_law
	if p.copyright {
		reason = "copyright"
	}
	ru, err := n.r.srv.Service.Withhold(context.Background(), nil, service.NewRule{
		Subject: subject, Countries: p.countries, Reason: reason, Origin: "cli",
	})
	if err != nil {
		n.t.Fatalf("seed %d: withhold %s in %v: %v", n.seed, subject, p.countries, err)
	}
	p.id = ru.ID.String()
	n.rules = append(n.rules, p)
}

// describeRules describes the rules of list, or those in force when list is nil.
func (n *wpNet) describeRules(list []*wpRule) string {
	if list == nil {
		list = n.rules
	}
	var parts []string
	for _, ru := range list {
		if !ru.lifted {
			parts = append(parts, n.describeRule(ru))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

func (n *wpNet) describeRule(ru *wpRule) string {
	what := "status " + ru.subject
	switch ru.kind {
	case agora.SubjectAccount:
		what = "@" + n.account[ru.subject].username
	case agora.SubjectHashtag:
		what = "#" + ru.subject
	case agora.SubjectStatus:
		what = n.describeStatus(ru.subject)
	}
	s := fmt.Sprintf("rule %s on %s in %s", ru.id, what, strings.Join(ru.countries, ","))
	if ru.copyright {
		s += " (copyright)"
	}
	return s
}

func (n *wpNet) describeStatus(id string) string {
	st := n.status[id]
	if st == nil {
		return "status " + id + " (not in the model)"
	}
	s := fmt.Sprintf("status %s by @%s (%s", id, n.account[st.author].username, st.visibility)
	if st.reblogOf != "" {
		o := n.status[st.reblogOf]
		s += fmt.Sprintf(", boost of %s by @%s", o.id, n.account[o.author].username)
	}
	if st.replyTo != "" {
		s += ", reply to " + st.replyTo
	}
	if len(st.tags) > 0 {
		s += ", #" + strings.Join(st.tags, " #")
	}
	return s + ")"
}

// pickViewers chooses anonymous viewers, the staff account and accounts, from rule
// countries, other countries and unknown ones; owners of planned rules' subjects
// are among them, in a country their rule covers.
func (n *wpNet) pickViewers(planned []*wpRule) {
	rc := func() string { return wpRuleCountries[n.rng.IntN(len(wpRuleCountries))] }
	other := func() string { return wpOtherCountries[n.rng.IntN(len(wpOtherCountries))] }
	add := func(a *wpAccount, country string) {
		n.viewers = append(n.viewers, &wpViewer{acct: a, country: country})
	}
	add(nil, "")
	add(nil, other())
	add(nil, rc())
	add(nil, rc())
	add(nil, other()+","+rc()) // conflicting country headers: in both countries
	staff := n.accounts[len(n.accounts)-1]
	add(staff, rc())
	add(staff, "")
	// Owners, seen from where their content is withheld.
	for _, p := range planned[:min(len(planned), 4)] {
		owner := ""
		switch p.kind {
		case agora.SubjectAccount:
			owner = p.subject
		case agora.SubjectStatus:
			owner = n.status[p.subject].author
		default:
			continue
		}
		c := p.countries[n.rng.IntN(len(p.countries))]
		if c == agora.AllCountries {
			c = rc()
		}
		add(n.account[owner], c)
	}
	regular := n.accounts[:len(n.accounts)-1]
	for range 5 {
		a := regular[n.rng.IntN(len(regular))]
		switch k := n.rng.IntN(100); {
		case k < 65:
			add(a, rc())
		case k < 80:
			add(a, other())
		default:
			add(a, "")
		}
	}
}

// ---- The model ----

func (n *wpNet) covers(ru *wpRule, country string) bool {
	if ru.lifted {
		return false
	}
	if slices.Contains(ru.countries, agora.AllCountries) {
		return true
	}
	if country == "" {
		return n.closed
	}
	// A viewer named by two country headers is in both ("DE,IN").
	for _, c := range strings.Split(country, ",") {
		if slices.Contains(ru.countries, c) {
			return true
		}
	}
	return false
}

// rulesOn returns the rules in force on the subject.
func (n *wpNet) rulesOn(kind agora.SubjectKind, subject string) []*wpRule {
	var out []*wpRule
	for _, ru := range n.rules {
		if !ru.lifted && ru.kind == kind && ru.subject == subject {
			out = append(out, ru)
		}
	}
	return out
}

func (n *wpNet) covering(v *wpViewer, list []*wpRule) []*wpRule {
	var out []*wpRule
	for _, ru := range list {
		if n.covers(ru, v.country) {
			out = append(out, ru)
		}
	}
	return out
}

func wpExempt(v *wpViewer, owner string) bool {
	return v.acct != nil && (v.acct.staff || v.acct.id == owner)
}

// statusOwnRules are the rules marking a status: on it and on its author.
func (n *wpNet) statusOwnRules(st *wpStatus) []*wpRule {
	return append(n.rulesOn(agora.SubjectStatus, st.id), n.rulesOn(agora.SubjectAccount, st.author)...)
}

// statusHit returns the rules withholding the status from the viewer: on it or its
// author, and for a boost on the original or the original's author; the owner of
// each part and staff are exempt from that part's rules.
func (n *wpNet) statusHit(v *wpViewer, id string) []*wpRule {
	st := n.status[id]
	if st == nil {
		n.failf("status %s is not in the model", id)
		return nil
	}
	var hit []*wpRule
	if !wpExempt(v, st.author) {
		hit = n.covering(v, n.statusOwnRules(st))
	}
	if o := n.status[st.reblogOf]; o != nil && !wpExempt(v, o.author) {
		hit = append(hit, n.covering(v, n.statusOwnRules(o))...)
	}
	return hit
}

func (n *wpNet) accountHit(v *wpViewer, id string) []*wpRule {
	if n.account[id] == nil {
		n.failf("account %s is not in the model", id)
		return nil
	}
	if wpExempt(v, id) {
		return nil
	}
	return n.covering(v, n.rulesOn(agora.SubjectAccount, id))
}

func (n *wpNet) tagHit(v *wpViewer, tag string) []*wpRule {
	if v.acct != nil && v.acct.staff {
		return nil
	}
	return n.covering(v, n.rulesOn(agora.SubjectHashtag, tag))
}

// noticeURL is the notice a 451 must link to: the newest of the rules hitting.
func (n *wpNet) noticeURL(hit []*wpRule) string {
	newest := hit[0]
	for _, ru := range hit {
		if wpParseID(n.t, ru.id) > wpParseID(n.t, newest.id) {
			newest = ru
		}
	}
	return n.r.srv.URL + "/notices/" + newest.id
}

// marks returns the withheld_in_countries and withheld_scope an entity marked by
// the rules must carry.
func wpMarks(rules []*wpRule, user bool) ([]string, string) {
	if len(rules) == 0 {
		return nil, ""
	}
	var codes []string
	copyright := false
	scope := "status"
	for _, ru := range rules {
		for _, c := range ru.countries {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		copyright = copyright || ru.copyright
		if ru.kind == agora.SubjectAccount {
			scope = "user"
		}
	}
	slices.Sort(codes)
	if copyright {
		codes = append(codes, "XY")
	}
	if user {
		scope = "user"
	}
	return codes, scope
}

// ---- Reading ----

// wpItem is one item of a list: its key in the list, and what the model judges.
type wpItem struct {
	key     string
	status  string // status ID
	account string // account ID
	tag     string
}

type wpResult struct {
	code  int
	items []wpItem
	link  string // the Link header of a non-200 answer
	body  string
	err   string // what went wrong reading (a failed walk, a bad body)
}

// wpTask is one surface read for one viewer.
type wpTask struct {
	viewer  *wpViewer
	surface string // the request, without paging parameters
	kind    wpKind
	// pre is the subject of the whole request (a status, account or hashtag): when
	// it is withheld the answer is preAnswer: 451 (0 means that too), 404, or 200
	// with nothing.
	pre       func(v *wpViewer) []*wpRule
	preAnswer int
	limits    [3]int // page size per phase (A, B, C)
}

type wpKind int

const (
	wpDirectStatus  wpKind = iota // one status
	wpDirectAccount               // one account
	wpDirectTag                   // one hashtag
	wpStatusWalk                  // statuses, walked with Link rel="next"
	wpAccountWalk                 // accounts, walked with Link rel="next"
	wpNotifWalk                   // notifications, walked with Link rel="next"
	wpDirectNotif                 // one notification
	wpDirectOther                 // anything else fetched directly (webfinger)
	wpSearchWalk                  // /api/v2/search of one type, walked by offset
	wpSearch                      // one page of /api/v2/search, all kinds
	wpAccountList                 // one page of accounts (/api/v1/accounts/search)
	wpTagList                     // one page of hashtags (trends)
	wpContext                     // ancestors and descendants
)

// touched reports whether a planned rule is on the status, its author, or for a
// boost its original or the original's author.
func (n *wpNet) touched(st *wpStatus, planned []*wpRule) bool {
	for _, p := range planned {
		if p.subject == st.id || p.subject == st.author {
			return true
		}
		if o := n.status[st.reblogOf]; o != nil && (p.subject == o.id || p.subject == o.author) {
			return true
		}
	}
	return false
}

func (n *wpNet) touchedAccount(a *wpAccount, planned []*wpRule) bool {
	return slices.ContainsFunc(planned, func(p *wpRule) bool { return p.subject == a.id })
}

func (n *wpNet) tasks(planned []*wpRule) []*wpTask {
	host := strings.TrimPrefix(n.r.srv.URL, "http://")
	var out []*wpTask
	add := func(v *wpViewer, surface string, kind wpKind, pre func(*wpViewer) []*wpRule) *wpTask {
		tk := &wpTask{viewer: v, surface: surface, kind: kind, pre: pre}
		for i := range tk.limits {
			tk.limits[i] = []int{2, 3, 5, 7, 10, 20, 40}[n.rng.IntN(7)]
		}
		out = append(out, tk)
		return tk
	}
	for _, v := range n.viewers {
		if v.acct != nil {
			add(v, "/api/v1/timelines/home", wpStatusWalk, nil)
			add(v, "/api/v1/favourites", wpStatusWalk, nil)
			add(v, "/api/v1/bookmarks", wpStatusWalk, nil)
			add(v, "/api/v1/notifications", wpNotifWalk, nil)
			for _, w := range wpWords {
				add(v, "/api/v2/search?type=statuses&q="+w, wpSearchWalk, nil)
			}
			for _, tag := range n.tags {
				add(v, "/api/v2/search?type=statuses&q="+url.QueryEscape("#"+strings.ToUpper(tag)), wpSearchWalk,
					func(v *wpViewer) []*wpRule { return n.tagHit(v, tag) }).preAnswer = http.StatusOK
			}
		}
		add(v, "/api/v1/timelines/public", wpStatusWalk, nil)
		add(v, "/api/v1/timelines/public?local=true", wpStatusWalk, nil)
		add(v, "/api/v1/trends/tags?limit=20", wpTagList, nil)
		// Account and hashtag search are read as one page of 40, more than a
		// network has: their offsets count matches before the gate, so a walk by
		// offset ends at the first page the gate shortens (blocks do it too).
		add(v, "/api/v2/search?type=hashtags&q=tg&limit=40", wpSearch, nil)
		add(v, "/api/v2/search?type=accounts&q=prop&limit=40", wpSearch, nil)
		add(v, "/api/v2/search?q=tgnews&limit=40", wpSearch, nil) // every kind
		add(v, "/api/v1/accounts/search?q=prop&limit=40", wpAccountList, nil)
		for _, tag := range n.tags {
			tagHit := func(v *wpViewer) []*wpRule { return n.tagHit(v, tag) }
			add(v, "/api/v1/timelines/tag/"+tag, wpStatusWalk, tagHit)
			add(v, "/api/v1/tags/"+strings.ToUpper(tag), wpDirectTag, tagHit)
		}
		for _, a := range n.accounts {
			accountHit := func(v *wpViewer) []*wpRule { return n.accountHit(v, a.id) }
			add(v, "/api/v1/accounts/"+a.id, wpDirectAccount, accountHit)
			add(v, "/api/v1/accounts/lookup?acct="+a.username, wpDirectAccount, accountHit)
			add(v, "/.well-known/webfinger?resource="+url.QueryEscape("acct:"+a.username+"@"+host), wpDirectOther, accountHit)
			add(v, "/api/v1/accounts/"+a.id+"/statuses?pinned=true", wpStatusWalk, accountHit)
			if n.touchedAccount(a, planned) || n.rng.IntN(4) == 0 {
				// A profile URL finds the account.
				add(v, "/api/v2/search?type=accounts&q="+url.QueryEscape(n.r.srv.URL+"/@"+a.username), wpSearch, nil)
			}
			add(v, "/api/v1/accounts/"+a.id+"/statuses", wpStatusWalk, accountHit)
			add(v, "/api/v1/accounts/"+a.id+"/followers", wpAccountWalk, accountHit)
			add(v, "/api/v1/accounts/"+a.id+"/following", wpAccountWalk, accountHit)
			if len(n.tags) > 0 && n.rng.IntN(3) == 0 {
				tag := n.tags[n.rng.IntN(len(n.tags))]
				// The account's check comes first, then the hashtag's.
				add(v, "/api/v1/accounts/"+a.id+"/statuses?tagged="+tag, wpStatusWalk, func(v *wpViewer) []*wpRule {
					if hit := n.accountHit(v, a.id); len(hit) > 0 {
						return hit
					}
					return n.tagHit(v, tag)
				})
			} else if n.rng.IntN(2) == 0 {
				add(v, "/api/v1/accounts/"+a.id+"/statuses?exclude_replies=true&exclude_reblogs=true", wpStatusWalk, accountHit)
			}
		}
		for _, st := range n.statuses {
			// Per-status reads dominate: each viewer reads those of every status a
			// planned rule touches and of a quarter of the others.
			if !n.touched(st, planned) && n.rng.IntN(4) != 0 {
				continue
			}
			statusHit := func(v *wpViewer) []*wpRule { return n.statusHit(v, st.id) }
			add(v, "/api/v1/statuses/"+st.id, wpDirectStatus, statusHit)
			add(v, "/api/v1/statuses/"+st.id+"/context", wpContext, statusHit)
			add(v, "/api/v1/statuses/"+st.id+"/reblogged_by", wpAccountWalk, statusHit)
			add(v, "/api/v1/statuses/"+st.id+"/favourited_by", wpAccountWalk, statusHit)
			if v.acct != nil {
				// A status URL finds the status.
				add(v, "/api/v2/search?type=statuses&q="+url.QueryEscape(n.r.srv.URL+"/@"+n.account[st.author].username+"/"+st.id), wpSearch, nil)
			}
		}
	}
	return out
}

// notificationTasks returns reads of single notifications: up to 8 of those each
// viewer's notification list returned. A notification hidden by rules answers 404,
// as one hidden by blocks does.
func (n *wpNet) notificationTasks(tasks []*wpTask, base []wpResult) []*wpTask {
	var out []*wpTask
	for i, tk := range tasks {
		if tk.kind != wpNotifWalk || base[i].code != http.StatusOK {
			continue
		}
		items := base[i].items
		for _, j := range n.rng.Perm(len(items))[:min(8, len(items))] {
			it := items[j]
			out = append(out, &wpTask{
				viewer: tk.viewer, surface: "/api/v1/notifications/" + strings.TrimPrefix(it.key, "notification "),
				kind: wpDirectNotif, pre: func(v *wpViewer) []*wpRule { return n.itemHit(v, it) }, preAnswer: http.StatusNotFound,
			})
		}
	}
	return out
}

// readAll runs the tasks on a bounded pool of concurrent readers.
func (n *wpNet) readAll(tasks []*wpTask, phase byte) []wpResult {
	out := make([]wpResult, len(tasks))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range wpReaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) {
					return
				}
				out[i] = n.read(tasks[i], phase)
			}
		}()
	}
	wg.Wait()
	return out
}

// get sends one GET as the viewer, from the viewer's country.
func (n *wpNet) get(v *wpViewer, path string) (int, []byte, http.Header, error) {
	req, err := http.NewRequest("GET", n.r.srv.URL+path, nil)
	if err != nil {
		return 0, nil, nil, err
	}
	if v.acct != nil {
		req.Header.Set("Authorization", "Bearer "+v.acct.token)
	}
	if v.country != "" {
		for _, c := range strings.Split(v.country, ",") {
			req.Header.Add("CF-IPCountry", c) // two headers when the viewer has two
		}
	}
	n.reads.Add(1)
	resp, err := n.hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, resp.Header, err
}

type wpWireAccount struct {
	ID            string   `json:"id"`
	Username      string   `json:"username"`
	WithheldIn    []string `json:"withheld_in_countries"`
	WithheldScope string   `json:"withheld_scope"`
}

type wpWireStatus struct {
	ID                 string        `json:"id"`
	Account            wpWireAccount `json:"account"`
	Reblog             *wpWireStatus `json:"reblog"`
	WithheldIn         []string      `json:"withheld_in_countries"`
	WithheldScope      string        `json:"withheld_scope"`
	InReplyToID        *string       `json:"in_reply_to_id"`
	InReplyToAccountID *string       `json:"in_reply_to_account_id"`
	Mentions           []struct {
		ID string `json:"id"`
	} `json:"mentions"`
}

type wpWireTag struct {
	Name string `json:"name"`
}

type wpWireNotification struct {
	ID      string        `json:"id"`
	Account wpWireAccount `json:"account"`
	Status  *wpWireStatus `json:"status"`
}

// read performs one task: a single request or a whole walk.
func (n *wpNet) read(tk *wpTask, phase byte) wpResult {
	v := tk.viewer
	limit := tk.limits[phase-'A']
	where := fmt.Sprintf("phase %c, viewer %s, GET %s", phase, v, tk.surface)
	switch tk.kind {
	case wpDirectStatus, wpDirectAccount, wpDirectTag, wpDirectNotif, wpDirectOther, wpContext, wpTagList, wpSearch, wpAccountList:
		code, body, hdr, err := n.get(v, tk.surface)
		res := wpResult{code: code, body: string(body), link: hdr.Get("Link")}
		if err != nil {
			res.err = err.Error()
			return res
		}
		if code != http.StatusOK {
			return res
		}
		switch tk.kind {
		case wpDirectStatus:
			var st wpWireStatus
			res.err = wpDecode(body, &st)
			n.checkStatusMarks(v, where, &st)
		case wpDirectAccount:
			var a wpWireAccount
			res.err = wpDecode(body, &a)
			n.checkAccountMarks(where, &a)
		case wpContext:
			var c struct{ Ancestors, Descendants []wpWireStatus }
			res.err = wpDecode(body, &c)
			for i := range c.Ancestors {
				res.items = append(res.items, n.statusItem(v, where, "ancestor ", &c.Ancestors[i]))
			}
			for i := range c.Descendants {
				res.items = append(res.items, n.statusItem(v, where, "descendant ", &c.Descendants[i]))
			}
		case wpDirectNotif:
			var no wpWireNotification
			res.err = wpDecode(body, &no)
			n.checkNotificationMarks(v, where, &no)
		case wpTagList:
			var tags []wpWireTag
			res.err = wpDecode(body, &tags)
			for _, tag := range tags {
				res.items = append(res.items, wpItem{key: "#" + tag.Name, tag: tag.Name})
			}
		case wpSearch:
			res.items, res.err = n.searchItems(v, where, body)
		case wpAccountList:
			var as []wpWireAccount
			res.err = wpDecode(body, &as)
			for i := range as {
				res.items = append(res.items, n.accountItem(where, &as[i]))
			}
		}
		return res
	case wpSearchWalk:
		var res wpResult
		for offset := 0; ; offset += limit {
			path := fmt.Sprintf("%s&limit=%d&offset=%d", tk.surface, limit, offset)
			code, body, hdr, err := n.get(v, path)
			if err != nil || code != http.StatusOK {
				return n.walkFailed(res, offset == 0, path, code, body, hdr, err)
			}
			res.code = code
			items, problem := n.searchItems(v, where, body)
			if res.err = problem; problem != "" {
				return res
			}
			res.items = append(res.items, items...)
			if len(items) < limit {
				break
			}
			if offset > 2000 {
				res.err = "the walk does not end"
				return res
			}
		}
		return n.noRepeats(res)
	}
	// Walks along Link rel="next" until there is none.
	var res wpResult
	sep := "?"
	if strings.Contains(tk.surface, "?") {
		sep = "&"
	}
	path := fmt.Sprintf("%s%slimit=%d", tk.surface, sep, limit)
	for page := 0; ; page++ {
		code, body, hdr, err := n.get(v, path)
		if err != nil || code != http.StatusOK {
			return n.walkFailed(res, page == 0, path, code, body, hdr, err)
		}
		res.code = code
		switch tk.kind {
		case wpStatusWalk:
			var list []wpWireStatus
			if res.err = wpDecode(body, &list); res.err != "" {
				return res
			}
			for i := range list {
				res.items = append(res.items, n.statusItem(v, where, "", &list[i]))
			}
		case wpAccountWalk:
			var list []wpWireAccount
			if res.err = wpDecode(body, &list); res.err != "" {
				return res
			}
			for i := range list {
				res.items = append(res.items, n.accountItem(where, &list[i]))
			}
		case wpNotifWalk:
			var list []wpWireNotification
			if res.err = wpDecode(body, &list); res.err != "" {
				return res
			}
			for i := range list {
				res.items = append(res.items, n.checkNotificationMarks(v, where, &list[i]))
			}
		}
		next := wpNextLink(hdr.Get("Link"))
		if next == "" {
			break
		}
		if !strings.HasPrefix(next, n.r.srv.URL+"/") {
			res.err = fmt.Sprintf("page %d of the walk links to %q, not to this server", page, next)
			return res
		}
		path = strings.TrimPrefix(next, n.r.srv.URL)
		if page > 500 {
			res.err = "the walk does not end"
			return res
		}
	}
	return n.noRepeats(res)
}

// searchItems returns the accounts, statuses and hashtags of a /api/v2/search answer.
func (n *wpNet) searchItems(v *wpViewer, where string, body []byte) ([]wpItem, string) {
	var found struct {
		Accounts []wpWireAccount `json:"accounts"`
		Statuses []wpWireStatus  `json:"statuses"`
		Hashtags []wpWireTag     `json:"hashtags"`
	}
	if problem := wpDecode(body, &found); problem != "" {
		return nil, problem
	}
	var items []wpItem
	for i := range found.Accounts {
		items = append(items, n.accountItem(where, &found.Accounts[i]))
	}
	for i := range found.Statuses {
		items = append(items, n.statusItem(v, where, "", &found.Statuses[i]))
	}
	for _, tag := range found.Hashtags {
		items = append(items, wpItem{key: "#" + tag.Name, tag: tag.Name})
	}
	return items, ""
}

// walkFailed is the result of a walk whose request failed: its answer when it was
// the first page, else an error.
func (n *wpNet) walkFailed(res wpResult, first bool, path string, code int, body []byte, hdr http.Header, err error) wpResult {
	switch {
	case err != nil:
		res.err = fmt.Sprintf("GET %s: %v", path, err)
	case first:
		return wpResult{code: code, body: string(body), link: hdr.Get("Link")}
	default:
		res.err = fmt.Sprintf("GET %s (a later page of the walk): status %d: %s", path, code, body)
	}
	return res
}

// noRepeats fails a walk that returned an item twice.
func (n *wpNet) noRepeats(res wpResult) wpResult {
	seen := map[string]bool{}
	for _, it := range res.items {
		if seen[it.key] && res.err == "" {
			res.err = "the walk returned " + it.key + " twice"
		}
		seen[it.key] = true
	}
	return res
}

func wpNextLink(h string) string {
	for _, part := range strings.Split(h, ",") {
		target, rel, ok := strings.Cut(strings.TrimSpace(part), ">; rel=")
		if ok && strings.HasPrefix(target, "<") && strings.Trim(rel, `"`) == "next" {
			return strings.TrimPrefix(target, "<")
		}
	}
	return ""
}

func wpDecode(body []byte, v any) string {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Sprintf("decode %.200s: %v", body, err)
	}
	return ""
}

func (n *wpNet) statusItem(v *wpViewer, where, prefix string, st *wpWireStatus) wpItem {
	n.checkStatusMarks(v, where, st)
	return wpItem{key: prefix + "status " + st.ID, status: st.ID}
}

func (n *wpNet) accountItem(where string, a *wpWireAccount) wpItem {
	n.checkAccountMarks(where, a)
	return wpItem{key: "account " + a.ID, account: a.ID}
}

// checkStatusMarks checks the withholding marks of a status entity, its author
// and, for a boost, its original, against the rules in force.
func (n *wpNet) checkStatusMarks(v *wpViewer, where string, e *wpWireStatus) {
	st := n.status[e.ID]
	if st == nil {
		n.failf("%s: returned status %s, which is not in the model", where, e.ID)
		return
	}
	codes, scope := wpMarks(n.statusOwnRules(st), false)
	if !slices.Equal(e.WithheldIn, codes) || e.WithheldScope != scope {
		n.failf("%s: %s carries withheld_in_countries %v, withheld_scope %q; want %v, %q",
			where, n.describeStatus(st.id), e.WithheldIn, e.WithheldScope, codes, scope)
	}
	n.checkAccountMarks(where, &e.Account)
	n.checkReferences(v, where, st, e)
	if (e.Reblog == nil) != (st.reblogOf == "") || e.Reblog != nil && e.Reblog.ID != st.reblogOf {
		n.failf("%s: %s comes with reblog %+v", where, n.describeStatus(st.id), e.Reblog)
		return
	}
	if e.Reblog != nil {
		n.checkStatusMarks(v, where, e.Reblog)
	}
}

// checkReferences checks what a status reveals of what it refers to: to a viewer
// from whom the status it replies to is withheld (by a rule on it or on its
// author), neither in_reply_to_id nor in_reply_to_account_id; to anyone else both,
// as the model has them. Its mentions are the accounts it mentions less those
// withheld from the viewer.
func (n *wpNet) checkReferences(v *wpViewer, where string, st *wpStatus, e *wpWireStatus) {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	wantReply, wantReplyAccount := st.replyTo, ""
	if parent := n.status[st.replyTo]; parent != nil {
		wantReplyAccount = parent.author
		if hit := n.statusHit(v, parent.id); len(hit) > 0 {
			wantReply, wantReplyAccount = "", ""
		}
	}
	if str(e.InReplyToID) != wantReply || str(e.InReplyToAccountID) != wantReplyAccount {
		n.failf("%s: %s answers in_reply_to_id %q, in_reply_to_account_id %q; want %q, %q (the status it replies to: %s)",
			where, n.describeStatus(st.id), str(e.InReplyToID), str(e.InReplyToAccountID), wantReply, wantReplyAccount, n.describeStatus(st.replyTo))
	}
	var want, got []string
	for _, m := range st.mentions {
		if len(n.accountHit(v, m)) == 0 {
			want = append(want, m)
		}
	}
	for _, m := range e.Mentions {
		got = append(got, m.ID)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		n.failf("%s: %s mentions %v; want %v (withheld accounts left out)", where, n.describeStatus(st.id), got, want)
	}
}

// checkNotificationMarks checks the marks of the notification's account and
// status and returns it as an item.
func (n *wpNet) checkNotificationMarks(v *wpViewer, where string, no *wpWireNotification) wpItem {
	it := wpItem{key: "notification " + no.ID, account: no.Account.ID}
	n.checkAccountMarks(where, &no.Account)
	if no.Status != nil {
		it.status = no.Status.ID
		n.checkStatusMarks(v, where, no.Status)
	}
	return it
}

func (n *wpNet) checkAccountMarks(where string, e *wpWireAccount) {
	if n.account[e.ID] == nil {
		n.failf("%s: returned account %s, which is not in the model", where, e.ID)
		return
	}
	codes, scope := wpMarks(n.rulesOn(agora.SubjectAccount, e.ID), true)
	if !slices.Equal(e.WithheldIn, codes) || e.WithheldScope != scope {
		n.failf("%s: @%s carries withheld_in_countries %v, withheld_scope %q; want %v, %q",
			where, e.Username, e.WithheldIn, e.WithheldScope, codes, scope)
	}
}

// ---- Checking ----

// check compares each result of a phase with the baseline, under the rules in force.
func (n *wpNet) check(phase byte, tasks []*wpTask, base, got []wpResult) {
	n.t.Helper()
	for i, tk := range tasks {
		a, b := base[i], got[i]
		where := fmt.Sprintf("phase %c, viewer %s, GET %s", phase, tk.viewer, tk.surface)
		if a.err != "" || b.err != "" {
			n.failf("%s: reading failed: baseline: %q; now: %q", where, a.err, b.err)
			continue
		}
		if a.code != http.StatusOK {
			if b.code != a.code {
				n.failf("%s: status %d, want %d as before the rules: %.300s", where, b.code, a.code, b.body)
			}
			continue
		}
		var hit []*wpRule
		if tk.pre != nil {
			hit = tk.pre(tk.viewer)
		}
		if len(hit) > 0 {
			n.withheld++
		}
		switch {
		case len(hit) > 0 && (tk.preAnswer == 0 || tk.preAnswer == http.StatusUnavailableForLegalReasons):
			n.checkWithheld(where, hit, b)
			continue
		case len(hit) > 0 && tk.preAnswer == http.StatusNotFound:
			if b.code != http.StatusNotFound {
				n.failf("%s: status %d, want 404 (hidden by %s): %.300s", where, b.code, n.describeRules(hit), b.body)
			}
			continue
		}
		if b.code != http.StatusOK {
			why := "nothing withholds it"
			if len(hit) > 0 {
				why = "withheld, it must answer an empty list"
			}
			n.failf("%s: status %d, want 200 (%s): %.300s", where, b.code, why, b.body)
			continue
		}
		if tk.kind == wpTagList {
			// Trends count only the posts the viewer may see: ranked anew.
			n.compare(where, tk.viewer, n.wantTrends(tk.viewer), b.items, a.items)
			continue
		}
		var want []wpItem
		if len(hit) == 0 {
			for _, it := range a.items {
				if len(n.itemHit(tk.viewer, it)) == 0 {
					want = append(want, it)
					n.kept++
				} else {
					n.leftOut++
				}
			}
		}
		n.compare(where, tk.viewer, want, n.homeReplacements(tk, b.items, a.items), a.items)
	}
}

// homeReplacements returns got without the boosts the home timeline shows in
// place of withheld ones: a post boosted by several accounts the viewer follows
// stays while one of their boosts may be seen (service.replaceHiddenBoosts). Such
// a boost was not in the answer before the rules (base), boosts the same post as a
// boost of base now withheld from the viewer, is by an account the viewer
// follows, and is itself withheld from no one here (compare checks the rest).
// Which boost is chosen depends on blocks and mutes, which this model leaves to
// the server: e2e/withhold_social_test.go checks the choice.
func (n *wpNet) homeReplacements(tk *wpTask, got, base []wpItem) []wpItem {
	v := tk.viewer
	if !strings.HasPrefix(tk.surface, "/api/v1/timelines/home") || v.acct == nil {
		return got
	}
	inBase, replaceable := map[string]bool{}, map[string]bool{}
	for _, it := range base {
		inBase[it.status] = true
		if st := n.status[it.status]; st != nil && st.reblogOf != "" && len(n.itemHit(v, it)) > 0 {
			replaceable[st.reblogOf] = true
		}
	}
	out := got[:0:0]
	for _, it := range got {
		st := n.status[it.status]
		if st != nil && !inBase[it.status] && st.reblogOf != "" && replaceable[st.reblogOf] &&
			n.follows[[2]string{v.acct.id, st.author}] && len(n.itemHit(v, it)) == 0 {
			delete(replaceable, st.reblogOf) // one per post
			continue
		}
		out = append(out, it)
	}
	return out
}

// wantTrends is the first page of trends for the viewer: the hashtags of public
// posts not withheld from the viewer, by distinct authors, then uses, then name,
// less the hashtags withheld from the viewer.
func (n *wpNet) wantTrends(v *wpViewer) []wpItem {
	type use struct {
		name    string
		uses    int
		authors map[string]bool
	}
	byTag := map[string]*use{}
	for _, st := range n.statuses {
		if st.visibility != "public" || st.reblogOf != "" || len(n.statusHit(v, st.id)) > 0 {
			continue
		}
		for _, tag := range st.tags {
			u := byTag[tag]
			if u == nil {
				u = &use{name: tag, authors: map[string]bool{}}
				byTag[tag] = u
			}
			u.uses++
			u.authors[st.author] = true
		}
	}
	var list []*use
	for _, u := range byTag {
		list = append(list, u)
	}
	slices.SortFunc(list, func(a, b *use) int {
		if c := cmp.Compare(len(b.authors), len(a.authors)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.uses, a.uses); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	var want []wpItem
	for _, u := range list {
		if len(want) < 20 && len(n.tagHit(v, u.name)) == 0 {
			want = append(want, wpItem{key: "#" + u.name, tag: u.name})
		}
	}
	return want
}

// checkWithheld checks a 451 answer: the notice in the body, the Link to it.
func (n *wpNet) checkWithheld(where string, hit []*wpRule, b wpResult) {
	rules := n.describeRules(hit)
	if b.code != http.StatusUnavailableForLegalReasons {
		n.failf("%s: status %d, want 451: withheld by %s: %.300s", where, b.code, rules, b.body)
		return
	}
	var body struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(b.body), &body); err != nil || !strings.Contains(body.Error, "withheld") {
		n.failf("%s: 451 with body %.300s, want {\"error\": notice text}", where, b.body)
	}
	if want := fmt.Sprintf(`<%s>; rel="blocked-by"`, n.noticeURL(hit)); b.link != want {
		n.failf("%s: 451 with Link %q, want %q (withheld by %s)", where, b.link, want, rules)
	}
}

func (n *wpNet) itemHit(v *wpViewer, it wpItem) []*wpRule {
	var hit []*wpRule
	if it.status != "" {
		hit = append(hit, n.statusHit(v, it.status)...)
	}
	if it.account != "" {
		hit = append(hit, n.accountHit(v, it.account)...)
	}
	if it.tag != "" {
		hit = append(hit, n.tagHit(v, it.tag)...)
	}
	return hit
}

func (n *wpNet) describeItem(it wpItem) string {
	switch {
	case it.status != "" && it.account != "":
		return fmt.Sprintf("%s from @%s about %s", it.key, n.account[it.account].username, n.describeStatus(it.status))
	case it.status != "":
		prefix, _, _ := strings.Cut(it.key, "status ")
		return prefix + n.describeStatus(it.status)
	case it.account != "" && strings.HasPrefix(it.key, "notification"):
		return fmt.Sprintf("%s from @%s", it.key, n.account[it.account].username)
	case it.account != "":
		return "@" + n.account[it.account].username
	}
	return it.key
}

// compare checks the list got against want (the baseline less what is withheld),
// naming every item returned that must not be and every item missing.
func (n *wpNet) compare(where string, v *wpViewer, want, got, base []wpItem) {
	if slices.EqualFunc(want, got, func(a, b wpItem) bool { return a.key == b.key }) {
		return
	}
	wantKeys, baseKeys := map[string]bool{}, map[string]bool{}
	for _, it := range want {
		wantKeys[it.key] = true
	}
	for _, it := range base {
		baseKeys[it.key] = true
	}
	gotKeys := map[string]bool{}
	var problems []string
	for _, it := range got {
		gotKeys[it.key] = true
		if wantKeys[it.key] {
			continue
		}
		if hit := n.itemHit(v, it); len(hit) > 0 {
			problems = append(problems, fmt.Sprintf("returned %s, withheld for this viewer by %s", n.describeItem(it), n.describeRules(hit)))
		} else if !baseKeys[it.key] {
			problems = append(problems, fmt.Sprintf("returned %s, which it did not return before the rules", n.describeItem(it)))
		} else {
			problems = append(problems, fmt.Sprintf("returned %s, which must not be returned here", n.describeItem(it)))
		}
	}
	for _, it := range want {
		if !gotKeys[it.key] {
			problems = append(problems, fmt.Sprintf("left out %s, which nothing withholds for this viewer and which it returned before the rules", n.describeItem(it)))
		}
	}
	if len(problems) == 0 {
		problems = append(problems, fmt.Sprintf("the order differs: got %v, want %v", wpKeys(got), wpKeys(want)))
	}
	n.failf("%s:\n\t%s", where, strings.Join(problems, "\n\t"))
}

func wpKeys(list []wpItem) []string {
	out := make([]string, len(list))
	for i, it := range list {
		out[i] = it.key
	}
	return out
}
