package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/legal"
	"agora/legalapi"
	"agora/legalapi/client"
	"agora/legalapi/wire"
	"agora/oauth"
	"agora/service"
)

// End-to-end tests of the legal desk (issue 5) through the real server over HTTP.
// Every request to the legal API goes through lgClient, whose transport checks
// each answer against legalapi/openapi.json (legal_helpers_test.go).

const (
	lgAllScopes = "read write legal:read legal:write"
	lgTimeFmt   = "2006-01-02T15:04:05.000Z"
)

// lgPeople are accounts u0000, u0001, ... each with one public status.
type lgPeople struct {
	acct   []*agora.Account
	status []string       // the status ID of each account
	index  map[string]int // account ID to index
}

func lgName(i int) string { return fmt.Sprintf("u%04d", i) }

// lgPopulate creates n accounts, each with one public status whose text text(i)
// gives, directly with the service and in parallel.
func lgPopulate(t *testing.T, r *rig, n int, text func(i int) string) *lgPeople {
	t.Helper()
	ctx := context.Background()
	p := &lgPeople{acct: make([]*agora.Account, n), status: make([]string, n), index: map[string]int{}}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				u := lgName(i)
				a, err := r.srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: u, Email: u + "@example.org", Password: "password-" + u})
				if err != nil {
					t.Errorf("create %s: %v", u, err)
					continue
				}
				b, err := r.srv.Service.PostStatus(ctx, r.srv.Service.As(ctx, a), service.NewStatus{Text: text(i), Visibility: "public"})
				if err != nil {
					t.Errorf("post as %s: %v", u, err)
					continue
				}
				p.acct[i], p.status[i] = a, b.Statuses[0].ID.String()
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for i, a := range p.acct {
		p.index[a.ID.String()] = i
	}
	return p
}

// lgGet reads path as the viewer and returns the status and body.
func lgGet(t *testing.T, r *rig, v whViewer, path string) (int, []byte) {
	t.Helper()
	code, body, _ := whDo(t, r, v, "GET", path, nil)
	return code, body
}

// lgExpect checks that GET path as the viewer answers want; for 451 the body must
// be the notice.
func lgExpect(t *testing.T, r *rig, v whViewer, path string, want int, notice string) {
	t.Helper()
	code, body := lgGet(t, r, v, path)
	if code != want {
		t.Errorf("%s: GET %s = %d %s, want %d", v.name, path, code, lgShort(body), want)
		return
	}
	if want == http.StatusUnavailableForLegalReasons && notice != "" {
		var e map[string]any
		if err := json.Unmarshal(body, &e); err != nil || e["error"] != notice {
			t.Errorf("%s: GET %s: 451 %s, want the notice %q", v.name, path, lgShort(body), notice)
		}
	}
}

// lgTimeline reads a timeline as the viewer to its end, 40 statuses a page, and
// returns the status IDs. A page emptied by withholding must not end it early.
func lgTimeline(t *testing.T, r *rig, v whViewer, path string) []string {
	t.Helper()
	var out []string
	maxID := ""
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatalf("%s: GET %s: more than 100 pages", v.name, path)
		}
		q := path + "?limit=40"
		if maxID != "" {
			q += "&max_id=" + maxID
		}
		code, body := lgGet(t, r, v, q)
		if code != http.StatusOK {
			t.Fatalf("%s: GET %s = %d %s", v.name, q, code, lgShort(body))
		}
		var page []struct {
			ID string `json:"id"`
		}
		mustJSON(t, body, &page)
		if len(page) == 0 {
			return out
		}
		for _, s := range page {
			out = append(out, s.ID)
		}
		maxID = page[len(page)-1].ID
	}
}

// lgSet sorts a list of IDs for comparison.
func lgSet(ids []string) []string {
	out := slices.Clone(ids)
	sort.Strings(out)
	return out
}

// lgWarnings reads the owner's moderation_warning notifications and returns their
// texts.
func lgWarnings(t *testing.T, r *rig, token string) []string {
	t.Helper()
	code, body := lgGet(t, r, whViewer{name: "owner", token: token}, "/api/v1/notifications?types[]=moderation_warning&limit=40")
	if code != http.StatusOK {
		t.Fatalf("GET notifications = %d %s", code, lgShort(body))
	}
	var page []struct {
		Type              string `json:"type"`
		ModerationWarning *struct {
			Action string `json:"action"`
			Text   string `json:"text"`
		} `json:"moderation_warning"`
	}
	mustJSON(t, body, &page)
	var out []string
	for _, n := range page {
		if n.Type != "moderation_warning" || n.ModerationWarning == nil {
			t.Errorf("notification %s without a moderation_warning: %s", n.Type, lgShort(body))
			continue
		}
		out = append(out, n.ModerationWarning.Action+": "+n.ModerationWarning.Text)
	}
	return out
}

// lgOwnerWarning is the warning that the owner of the account id, user, withheld
// in India by one rule of the order number from the authority, gets: in the second
// person, the authority, the order's number and reference, its legal basis, the
// reason, the redress the order states and the link to the rule's public notice.
func lgOwnerWarning(t *testing.T, r *rig, user string, id agora.ID, authority, number, ref, basis, redress string) string {
	t.Helper()
	rules := r.srv.Gate.RulesOn(agora.SubjectAccount, id, "")
	if len(rules) != 1 {
		t.Fatalf("%s: %d rules in force, want 1", user, len(rules))
	}
	return "none: Your account @" + user + " has been withheld in India in response to a legal demand from " + authority +
		" (India) (order " + number + ", their reference " + ref + "; legal basis: " + basis + "). " +
		"It stays visible to you and to people elsewhere. Reason: legal demand. How to contest: " + redress +
		" More: " + r.srv.URL + "/notices/" + rules[0].ID.String()
}

func lgAccountNotice(user string) string {
	return "@" + user + "'s account has been withheld in India in response to a legal demand. Learn more"
}

func lgPostNotice(user string) string {
	return "This post from @" + user + " has been withheld in India in response to a legal demand. Learn more"
}

var lgHex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// TestLegal_Order1178 replays the 1,178-account case (issue 5, "Done when" #1).
func TestLegal_Order1178(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { lgOrder1178(t, b) })
	}
}

func lgOrder1178(t *testing.T, b agoratest.Backend) {
	began := time.Now()
	ctx := context.Background()
	r := newRig(t, b, whTrusted)
	staff, tok := lgStaff(t, r, "legaluser", agora.RoleLegal, lgAllScopes)
	lc := r.legal(tok)

	// The served contract is the one the checks use.
	if code, body, _ := lc.as("").raw("GET", "/api/v1/legal/openapi.json", "", nil); code != http.StatusOK || !bytes.Equal(body, lgMustSpec(t).raw) {
		t.Errorf("GET openapi.json = %d, %d bytes; want 200 and legalapi/openapi.json (%d bytes)", code, len(body), len(lgMustSpec(t).raw))
	}

	// 1,180 accounts, each with a status tagged #daily; three also carry #banned.
	// u0000-u1177 are named in the order; u1178 and u1179 are not.
	const (
		nAccounts = 1180
		nNamed    = 1178
		nDeclined = 300
	)
	tagged := map[int]bool{0: true, 500: true, 1178: true}
	people := lgPopulate(t, r, nAccounts, func(i int) string {
		s := "post number " + lgName(i) + " #daily"
		if tagged[i] {
			s += " #banned"
		}
		return s
	})
	viewer := r.mustAccount("viewer")
	vtok := lgToken(t, r, "viewer", "read write follow")
	in := whViewer{name: "viewer@IN", token: vtok, country: "IN"}
	de := whViewer{name: "viewer@DE", token: vtok, country: "DE"}
	// The viewer follows five accounts that will be withheld and two that will not.
	for _, i := range []int{300, 301, 302, 303, 304, 0, 1} {
		if _, err := r.srv.Service.Follow(ctx, r.srv.Service.As(ctx, viewer), people.acct[i].ID); err != nil {
			t.Fatalf("follow %s: %v", lgName(i), err)
		}
	}
	// u1177 is withheld in India already, by a rule of its own.
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@" + lgName(1177), Countries: []string{"IN"}, Reason: "local_law", Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d accounts with statuses in %v", b, nAccounts, time.Since(began))

	// The authority.
	authID := lc.authority("Ministry of Electronics and Information Technology", "IN", "ministry")
	auths := lc.authorities()
	if len(auths) != 1 || auths[0].ID != authID || auths[0].Country != "IN" || auths[0].Kind != "ministry" {
		t.Errorf("authorities = %+v", auths)
	}

	// The order: 1,178 accounts in three forms, a hashtag, five items that name
	// nothing here and six duplicates (in other forms).
	host := r.srv.Service.Host()
	var targets []string
	for i := range nNamed {
		u := lgName(i)
		switch i % 3 {
		case 0:
			targets = append(targets, r.srv.URL+"/@"+u)
		case 1:
			targets = append(targets, "@"+u)
		default:
			targets = append(targets, u+"@"+host)
		}
		if i == 600 {
			targets = append(targets, "#banned")
		}
	}
	unknown := []string{"@nobody123", "@nobody456", "nobody789@" + host, "https://elsewhere.example/@someone", "999999999999999"}
	dups := []string{"@u0000", "u0001@" + host, r.srv.URL + "/@u0500", r.srv.URL + "/@u1177", "#Banned", r.srv.URL + "/tags/banned"}
	targets = append(targets, unknown...)
	targets = append(targets, dups...)
	receivedAt := time.Now().UTC().Add(-2 * time.Minute).Truncate(time.Millisecond)
	orderIn := wire.OrderInput{
		AuthorityID: authID, Reference: "No. 1(7)/2021-CLES", Channel: "email",
		ReceivedAt: &receivedAt, LegalBasis: "Information Technology Act, 2000, section 69A",
		StatementOfReasons: "The accounts named are said to spread content threatening public order.",
		TerritorialScope:   []string{"in"}, Emergency: false, Confidential: false,
		Targets: targets,
	}
	start := time.Now()
	o := lc.order(orderIn)
	t.Logf("%s: order of %d targets recorded and resolved over HTTP in %v", b, len(targets), time.Since(start))
	wantCounts := agora.TargetCounts{Total: nNamed + 1 + len(unknown) + len(dups), Resolved: nNamed - 1 + 1, Unresolved: len(unknown), Duplicate: len(dups), AlreadyWithheld: 1}
	if o.Targets != wantCounts || o.Order.Targets != wantCounts {
		t.Errorf("order counts %+v (order %+v), want %+v", o.Targets, o.Order.Targets, wantCounts)
	}
	if o.ID == "" || o.Order.ID != o.ID {
		t.Errorf("order id %q, order.id %q", o.ID, o.Order.ID)
	}
	if want := fmt.Sprintf("%d-000001", receivedAt.Year()); o.Number != want {
		t.Errorf("number %q, want %q", o.Number, want)
	}
	if lgStr(o.ReceivedAt) != receivedAt.Format(lgTimeFmt) {
		t.Errorf("received_at %v, want %q", o.ReceivedAt, receivedAt.Format(lgTimeFmt))
	}
	if o.State != "received" {
		t.Errorf("state %q, want received", o.State)
	}
	if want := []string{agora.DeficiencyRedress, agora.DeficiencyRecipient}; !slices.Equal(o.Deficiencies, want) {
		t.Errorf("deficiencies %q, want %q", o.Deficiencies, want)
	}
	// The digest is the SHA-256 of the canonical order as received.
	aid, _ := agora.ParseID(authID)
	canon, _ := json.Marshal(legal.OrderInput{AuthorityID: aid, Reference: "No. 1(7)/2021-CLES", Channel: "email", ReceivedAt: receivedAt,
		LegalBasis: orderIn.LegalBasis, StatementOfReasons: orderIn.StatementOfReasons,
		TerritorialScope: []string{"IN"}, Targets: targets})
	sum := sha256.Sum256(canon)
	if !lgHex64.MatchString(o.Digest) || o.Digest != hex.EncodeToString(sum[:]) {
		t.Errorf("digest %q, want the SHA-256 of the canonical order %s", o.Digest, hex.EncodeToString(sum[:]))
	}
	// India's default deadlines: 3 hours to acknowledge and to decide.
	threeH := receivedAt.Add(3 * time.Hour).Format(lgTimeFmt)
	if o.Order.AckDeadline == nil || *o.Order.AckDeadline != threeH || o.Order.Deadline == nil || *o.Order.Deadline != threeH || o.Order.ConfirmDeadline != nil {
		t.Errorf("deadlines: acknowledge %v, decide %v, confirm %v; want %s, %s, null", o.Order.AckDeadline, o.Order.Deadline, o.Order.ConfirmDeadline, threeH, threeH)
	}
	oid := o.ID

	// Every target is kept, in order, with what it resolved to.
	all := lc.targets(oid, "")
	if len(all) != len(targets) {
		t.Fatalf("%d targets listed, want %d", len(all), len(targets))
	}
	byInput := map[string]*wire.Target{}
	for i, tg := range all {
		if tg.Position != i+1 || tg.Input != targets[i] || tg.State != "pending" {
			t.Errorf("target %d: position %d, input %q, state %s; want %d, %q, pending", i, tg.Position, tg.Input, tg.State, i+1, targets[i])
		}
		byInput[tg.Input] = tg
	}
	accountTargets := map[int]*wire.Target{} // by account index
	for _, tg := range all {
		switch tg.Resolution {
		case "resolved", "already_withheld":
			if *tg.Kind == "hashtag" {
				if tg.Input != "#banned" || *tg.Hashtag != "banned" {
					t.Errorf("hashtag target %+v", tg)
				}
				continue
			}
			i, ok := people.index[*tg.SubjectID]
			if !ok || *tg.Kind != "account" || !strings.Contains(tg.Input, lgName(i)) {
				t.Errorf("target %q resolved to %v %v", tg.Input, *tg.Kind, *tg.SubjectID)
				continue
			}
			if (i == 1177) != (tg.Resolution == "already_withheld") {
				t.Errorf("target %q: resolution %s", tg.Input, tg.Resolution)
			}
			accountTargets[i] = tg
		case "unresolved":
			if !slices.Contains(unknown, tg.Input) || tg.Cause == nil || *tg.Cause == "" {
				t.Errorf("unresolved target %q, cause %v", tg.Input, tg.Cause)
			}
		case "duplicate":
			if !slices.Contains(dups, tg.Input) || tg.DuplicateOf == nil {
				t.Errorf("duplicate target %q of %v", tg.Input, tg.DuplicateOf)
				continue
			}
			first := map[string]string{"@u0000": r.srv.URL + "/@u0000", "u0001@" + host: "@u0001", r.srv.URL + "/@u0500": "u0500@" + host,
				r.srv.URL + "/@u1177": "@u1177", "#Banned": "#banned", r.srv.URL + "/tags/banned": "#banned"}[tg.Input]
			if *tg.DuplicateOf != byInput[first].ID {
				t.Errorf("target %q: duplicate_of %s, want %s (%q)", tg.Input, *tg.DuplicateOf, byInput[first].ID, first)
			}
		}
	}
	if len(accountTargets) != nNamed {
		t.Fatalf("%d accounts resolved, want %d", len(accountTargets), nNamed)
	}
	for query, want := range map[string]int{
		"resolution=resolved": wantCounts.Resolved, "resolution=unresolved": len(unknown), "resolution=duplicate": len(dups),
		"resolution=already_withheld": 1, "kind=hashtag": 3, "kind=hashtag&resolution=resolved": 1,
		"kind=account&resolution=resolved": nNamed - 1, "decision=pending": len(targets),
	} {
		if got := len(lc.targets(oid, query)); got != want {
			t.Errorf("targets?%s: %d, want %d", query, got, want)
		}
	}

	// Acknowledge.
	ack := lc.acknowledge(oid)
	if ack.State != "acknowledged" || ack.AcknowledgedAt == nil {
		t.Errorf("acknowledged: state %s, acknowledged_at %v", ack.State, ack.AcknowledgedAt)
	}

	// Decline 300 accounts (u0000-u0299) with reason codes, 75 each.
	codes := []string{"news_media", "journalist", "politician", "activist"}
	for k, code := range codes {
		var ids []string
		for i := k * 75; i < (k+1)*75; i++ {
			ids = append(ids, accountTargets[i].ID)
		}
		res := lc.decide(oid, wire.DecisionInput{TargetIDs: ids, Action: "decline", ReasonCode: code, Note: "not acted on: " + code}, false)
		if res.Applied != 75 || res.Skipped != 0 || res.RulesCreated != 0 || res.OwnersNotified != 0 || res.Preview {
			t.Errorf("decline %s: %+v", code, res)
		}
	}
	if got := len(lc.targets(oid, "decision=declined")); got != nDeclined {
		t.Errorf("%d declined, want %d", got, nDeclined)
	}
	for _, i := range []int{0, 74, 75, 299} {
		tg := lc.targets(oid, "decision=declined&kind=account")[i]
		if tg.ReasonCode == nil || *tg.ReasonCode != codes[people.index[*tg.SubjectID]/75] {
			t.Errorf("declined %q: reason_code %v", tg.Input, tg.ReasonCode)
		}
	}

	// Preview the bulk decision: the rest (877 accounts and the hashtag) in India.
	bulk := wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved", Decision: "pending"}, Action: "withhold",
		Countries: []string{"IN"}, Reason: "legal_demand", Note: "withheld in India on the ministry's order"}
	nWithheld := nNamed - 1 - nDeclined // u0300-u1176
	auditBefore := len(lc.audit(""))
	wantImpact := wire.Impact{Targets: nWithheld + 1, Accounts: nWithheld, Statuses: nWithheld, Hashtags: 1, FollowersReached: 5,
		PerCountry: map[string]wire.CountryImpact{"IN": {Accounts: nWithheld, Statuses: nWithheld, Hashtags: 1, FollowersReached: 5}}}
	wantResult := wire.DecisionResult{Action: "withhold", Applied: nWithheld + 1, RulesCreated: nWithheld + 1, OwnersNotified: nWithheld, Impact: &wantImpact}
	pv := lc.decide(oid, bulk, true)
	want := wantResult
	want.Preview = true
	if diff := cmp.Diff(want, pv); diff != "" {
		t.Errorf("preview (-want +got):\n%s", diff)
	}
	if n := len(lc.audit("")); n != auditBefore {
		t.Errorf("the preview wrote %d audit events", n-auditBefore)
	}
	lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[300].ID.String(), http.StatusOK, "")

	// The bulk decision: one request, one transaction.
	start = time.Now()
	res := lc.decide(oid, bulk, false)
	t.Logf("%s: bulk withhold of %d targets over HTTP in %v", b, res.Applied, time.Since(start))
	if diff := cmp.Diff(wantResult, res); diff != "" {
		t.Errorf("bulk withhold (-want +got):\n%s", diff)
	}
	after := lc.getOrder(oid)
	if after.State != "in_review" || after.FirstEffectAt == nil || after.Targets != wantCounts {
		t.Errorf("after the decision: state %s, first_effect_at %v, counts %+v", after.State, after.FirstEffectAt, after.Targets)
	}
	if got := len(lc.targets(oid, "decision=withheld")); got != nWithheld+1 {
		t.Errorf("%d withheld targets, want %d", got, nWithheld+1)
	}
	if got := len(lc.targets(oid, "decision=pending")); got != len(unknown)+len(dups)+1 {
		t.Errorf("%d pending targets, want %d", got, len(unknown)+len(dups)+1)
	}

	// What each viewer sees. Withheld from India: u0300-u1176 (the order), u1177
	// (its own rule) and #banned.
	withheld := func(i int) bool { return i >= nDeclined && i <= 1177 }
	var wantIN, wantAll, wantBannedDE []string
	for i := range nAccounts {
		wantAll = append(wantAll, people.status[i])
		if !withheld(i) {
			wantIN = append(wantIN, people.status[i])
		}
		if tagged[i] {
			wantBannedDE = append(wantBannedDE, people.status[i])
		}
	}
	sample := func(from, to, n int) []int {
		var out []int
		for k := range n {
			out = append(out, from+k*(to-from)/n)
		}
		return out
	}
	withheldSample := append(sample(nDeclined, 1177, 48), 300, 1176)
	declinedSample := append(sample(0, nDeclined, 20), 299)
	checkIN := func(hidden bool) {
		t.Helper()
		for _, i := range withheldSample {
			u, aid, sid := lgName(i), people.acct[i].ID.String(), people.status[i]
			if hidden {
				lgExpect(t, r, in, "/api/v1/accounts/"+aid, http.StatusUnavailableForLegalReasons, lgAccountNotice(u))
				lgExpect(t, r, in, "/api/v1/statuses/"+sid, http.StatusUnavailableForLegalReasons, lgPostNotice(u))
			} else {
				lgExpect(t, r, in, "/api/v1/accounts/"+aid, http.StatusOK, "")
				lgExpect(t, r, in, "/api/v1/statuses/"+sid, http.StatusOK, "")
			}
		}
		for _, i := range []int{500, 1000} {
			if hidden {
				lgExpect(t, r, in, "/api/v1/accounts/lookup?acct="+lgName(i), http.StatusUnavailableForLegalReasons, lgAccountNotice(lgName(i)))
				lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[i].ID.String()+"/statuses", http.StatusUnavailableForLegalReasons, lgAccountNotice(lgName(i)))
			} else {
				lgExpect(t, r, in, "/api/v1/accounts/lookup?acct="+lgName(i), http.StatusOK, "")
			}
		}
	}
	checkIN(true)
	for _, i := range declinedSample {
		lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[i].ID.String(), http.StatusOK, "")
		lgExpect(t, r, in, "/api/v1/statuses/"+people.status[i], http.StatusOK, "")
	}
	for _, i := range withheldSample[:10] {
		lgExpect(t, r, de, "/api/v1/accounts/"+people.acct[i].ID.String(), http.StatusOK, "")
		lgExpect(t, r, de, "/api/v1/statuses/"+people.status[i], http.StatusOK, "")
	}
	bannedNotice := "The hashtag #banned has been withheld in India in response to a legal demand. Learn more"
	lgExpect(t, r, in, "/api/v1/timelines/tag/banned", http.StatusUnavailableForLegalReasons, bannedNotice)
	lgExpect(t, r, in, "/api/v1/tags/banned", http.StatusUnavailableForLegalReasons, bannedNotice)
	if got := lgTimeline(t, r, de, "/api/v1/timelines/tag/banned"); !slices.Equal(lgSet(got), lgSet(wantBannedDE)) {
		t.Errorf("DE: #banned timeline %v, want %v", got, wantBannedDE)
	}
	for _, path := range []string{"/api/v1/timelines/public", "/api/v1/timelines/tag/daily"} {
		if got := lgTimeline(t, r, in, path); !slices.Equal(lgSet(got), lgSet(wantIN)) {
			t.Errorf("IN: %s has %d statuses, want the %d of accounts not withheld", path, len(got), len(wantIN))
		}
		if got := lgTimeline(t, r, de, path); !slices.Equal(lgSet(got), lgSet(wantAll)) {
			t.Errorf("DE: %s has %d statuses, want all %d", path, len(got), len(wantAll))
		}
	}
	search := func(v whViewer, q string) []string {
		code, body := lgGet(t, r, v, "/api/v2/search?type=accounts&q="+url.QueryEscape(q))
		if code != http.StatusOK {
			t.Fatalf("%s: search %q = %d %s", v.name, q, code, lgShort(body))
		}
		var res struct {
			Accounts []struct {
				Username string `json:"username"`
			} `json:"accounts"`
		}
		mustJSON(t, body, &res)
		var out []string
		for _, a := range res.Accounts {
			out = append(out, a.Username)
		}
		return out
	}
	for _, q := range []string{"u0500", "@u0777", r.srv.URL + "/@u1000"} {
		if got := search(in, q); len(got) != 0 {
			t.Errorf("IN: search %q finds %v", q, got)
		}
		if got := search(de, q); len(got) != 1 {
			t.Errorf("DE: search %q finds %v, want one account", q, got)
		}
	}
	if got := search(in, "u0042"); !slices.Equal(got, []string{"u0042"}) {
		t.Errorf("IN: search for a declined account finds %v", got)
	}

	// The owners are notified, one warning each, naming the authority, the order and
	// its legal basis; declined accounts and u1177 (not withheld by this order) are not.
	for _, i := range append(sample(nDeclined, 1177, 12), 300) {
		got := lgWarnings(t, r, lgToken(t, r, lgName(i), "read"))
		if want := []string{lgOwnerWarning(t, r, lgName(i), people.acct[i].ID, "Ministry of Electronics and Information Technology",
			o.Number, orderIn.Reference, orderIn.LegalBasis, "the order does not say.")}; !slices.Equal(got, want) {
			t.Errorf("%s's warnings %q, want %q", lgName(i), got, want)
		}
	}
	for _, i := range []int{0, 150, 299, 1177, 1178} {
		if got := lgWarnings(t, r, lgToken(t, r, lgName(i), "read")); len(got) != 0 {
			t.Errorf("%s has warnings %q, want none", lgName(i), got)
		}
	}

	// A non-compliance notice with its document, and the formal dialogue.
	doc := []byte("%PDF-1.4\nNotice of non-compliance under section 69A(3).\n")
	docSum := sha256.Sum256(doc)
	nc := lc.addNotice(oid, wire.NoticeInput{Kind: "non_compliance", ReceivedAt: lgTime(time.Now().UTC().Truncate(time.Second)),
		Deadline: lgTime(time.Now().UTC().Add(24 * time.Hour).Truncate(time.Second)), Summary: "Non-compliance notice: the declined accounts must be blocked.",
		Document: &wire.Document{Name: "notice.pdf", ContentType: "application/pdf", Data: base64.StdEncoding.EncodeToString(doc)}})
	if nc.Kind != "non_compliance" || nc.DocumentID == nil {
		t.Fatalf("notice %+v", nc)
	}
	if got, err := lc.api.Document(ctx, *nc.DocumentID); err != nil {
		t.Errorf("document: %v", err)
	} else if !bytes.Equal(got.Data, doc) || got.Digest != "sha-256="+hex.EncodeToString(docSum[:]) || got.ContentType != "application/pdf" {
		t.Errorf("document: %q, Digest %q, Content-Type %q", got.Data, got.Digest, got.ContentType)
	}
	for _, m := range []wire.CorrespondenceInput{
		{Direction: "out", Channel: "email", Date: lgTime(time.Now().UTC().Truncate(time.Second)), Parties: "agora; Ministry of Electronics and IT", Summary: "We ask for a formal dialogue with the minister."},
		{Direction: "in", Channel: "letter", Parties: "Ministry of Electronics and IT; agora", Summary: "The ministry agrees to a hearing."},
	} {
		c := lc.addCorrespondence(oid, m)
		if c.Direction != m.Direction || c.Summary != m.Summary {
			t.Errorf("correspondence %+v, sent %+v", c, m)
		}
	}
	msgs := lc.correspondence(oid)
	if len(msgs) != 2 || msgs[0].Direction != "out" || msgs[1].Direction != "in" {
		t.Errorf("correspondence %+v, want out then in", msgs)
	}

	// A revocation lifts every rule of the order at once; u1177's own rule stays.
	lc.addNotice(oid, wire.NoticeInput{Kind: "revocation", Summary: "The ministry revokes the order."})
	notices := lc.notices(oid)
	if len(notices) != 2 || notices[0].Kind != "non_compliance" || notices[1].Kind != "revocation" {
		t.Errorf("notices %+v", notices)
	}
	withheld = func(i int) bool { return i == 1177 }
	wantIN = nil
	for i := range nAccounts {
		if !withheld(i) {
			wantIN = append(wantIN, people.status[i])
		}
	}
	checkIN(false)
	lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[1177].ID.String(), http.StatusUnavailableForLegalReasons, "@u1177's account has been withheld in India based on local law(s). Learn more")
	if got := lgTimeline(t, r, in, "/api/v1/timelines/tag/banned"); !slices.Equal(lgSet(got), lgSet(wantBannedDE)) {
		t.Errorf("IN after the revocation: #banned timeline %v, want %v", got, wantBannedDE)
	}
	if got := lgTimeline(t, r, in, "/api/v1/timelines/public"); !slices.Equal(lgSet(got), lgSet(wantIN)) {
		t.Errorf("IN after the revocation: the public timeline has %d statuses, want %d", len(got), len(wantIN))
	}
	if got := search(in, "u0500"); len(got) != 1 {
		t.Errorf("IN after the revocation: search u0500 finds %v", got)
	}
	after = lc.getOrder(oid)
	if after.RevokedAt == nil {
		t.Errorf("revoked_at is null after the revocation")
	}
	if got := len(lc.targets(oid, "decision=withheld")); got != 0 {
		t.Errorf("%d targets still withheld", got)
	}
	if got := len(lc.targets(oid, "decision=lifted")); got != nWithheld+1 {
		t.Errorf("%d targets lifted, want %d", got, nWithheld+1)
	}
	if got := len(lc.targets(oid, "decision=declined")); got != nDeclined {
		t.Errorf("%d targets declined after the revocation, want %d", got, nDeclined)
	}
	decisions := lc.decisions(oid)
	perAction := map[string]int{}
	for _, d := range decisions {
		perAction[d.Action]++
	}
	if want := map[string]int{"decline": nDeclined, "withhold": nWithheld + 1, "lift": nWithheld + 1}; !cmp.Equal(perAction, want) {
		t.Errorf("decision events %v, want %v", perAction, want)
	}

	// The audit trail of the order lists every step, in order, by the staff account.
	events := lc.audit("order:" + oid)
	wantActions := []string{"order.create", "order.acknowledge", "order.decide", "order.decide", "order.decide", "order.decide", "order.decide",
		"notice.non_compliance", "correspondence.out", "correspondence.in", "notice.revocation", "order.lift"}
	if diff := cmp.Diff(wantActions, lgActions(events)); diff != "" {
		t.Errorf("audit of the order (-want +got):\n%s", diff)
	}
	wantSummaries := map[int]string{
		2: "decline on 75 targets (0 skipped)", 6: fmt.Sprintf("withhold on %d targets (0 skipped)", nWithheld+1),
		11: fmt.Sprintf("revoked by the authority: %d rules lifted", nWithheld+1),
	}
	for i, e := range events {
		if e.ActorKind != "account" || e.ActorID == nil || *e.ActorID != staff.ID.String() || e.ObjectKind != "order" || e.ObjectID != oid || e.RequestID == nil {
			t.Errorf("audit event %d %s: actor %s %v, object %s:%s, request %v", i, e.Action, e.ActorKind, e.ActorID, e.ObjectKind, e.ObjectID, e.RequestID)
		}
		if want, ok := wantSummaries[i]; ok && e.Summary != want {
			t.Errorf("audit event %d %s: summary %q, want %q", i, e.Action, e.Summary, want)
		}
	}
	if !strings.Contains(events[0].Summary, o.Digest) || !strings.Contains(events[1].Summary, o.Number) {
		t.Errorf("the receipt events do not carry the digest and number: %q, %q", events[0].Summary, events[1].Summary)
	}
	// Each decided target has its own trail.
	trail := lc.audit("target:" + accountTargets[500].ID)
	if got := lgActions(trail); !slices.Equal(got, []string{"decision.withhold", "decision.lift"}) {
		t.Errorf("audit of a withheld target: %v, want [decision.withhold decision.lift]", got)
	} else if pos := accountTargets[500].Position; trail[0].Summary != fmt.Sprintf("order %s target %d (%s): withhold in IN", o.Number, pos, targets[pos-1]) ||
		trail[1].Summary != fmt.Sprintf("order %s target %d (%s): lift (revoked by the authority)", o.Number, pos, targets[pos-1]) {
		t.Errorf("audit of a withheld target: %q, %q", trail[0].Summary, trail[1].Summary)
	}
	if got := lgActions(lc.audit("target:" + accountTargets[10].ID)); !slices.Equal(got, []string{"decision.decline"}) {
		t.Errorf("audit of a declined target: %v, want [decision.decline]", got)
	}

	// The order list finds it by country and authority.
	list := lc.orders(client.OrderQuery{Country: "IN", AuthorityID: authID})
	if len(list) != 1 || list[0].ID != oid {
		t.Errorf("orders?country=IN: %+v", list)
	}
	list = lc.orders(client.OrderQuery{Country: "DE"})
	if len(list) != 0 {
		t.Errorf("orders?country=DE: %d orders", len(list))
	}
	t.Logf("%s: legal API answers checked: %v", b, lc.coverage())
	t.Logf("%s: the whole case took %v", b, time.Since(began))
}

// TestLegal_Confidential: the owners of content withheld on a confidential order
// are notified when confidential_until passes, not before; without an end date,
// never.
func TestLegal_Confidential(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			r := newRig(t, b, whTrusted)
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			people := lgPopulate(t, r, 3, func(i int) string { return "hello from " + lgName(i) })
			auth := lc.authority("Court of Mumbai", "IN", "court")
			until := time.Now().UTC().Add(2 * time.Second).Truncate(time.Millisecond)
			withhold := func(confidential bool, until *time.Time, target string) (wire.OrderCreated, wire.DecisionResult) {
				in := wire.OrderInput{AuthorityID: auth, Reference: "gag " + target, TerritorialScope: []string{"IN"},
					Confidential: confidential, Targets: []string{target}, ConfidentialUntil: until}
				o := lc.order(in)
				return o, lc.decide(o.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold"}, false)
			}
			held, res := withhold(true, &until, "@u0000")
			if res.Applied != 1 || res.OwnersNotified != 1 || res.NotificationsHeldBack != 1 {
				t.Errorf("confidential until %s: %+v, want one warning held back", until.Format(lgTimeFmt), res)
			}
			if held.Order.ConfidentialUntil == nil || *held.Order.ConfidentialUntil != until.Format(lgTimeFmt) {
				t.Errorf("confidential_until %v, want %s", held.Order.ConfidentialUntil, until.Format(lgTimeFmt))
			}
			held1, res := withhold(true, nil, "@u0001")
			if res.Applied != 1 || res.OwnersNotified != 1 || res.NotificationsHeldBack != 1 {
				t.Errorf("confidential without end: %+v, want one warning held back", res)
			}
			open, res := withhold(false, nil, "@u0002")
			if res.Applied != 1 || res.OwnersNotified != 1 || res.NotificationsHeldBack != 0 {
				t.Errorf("not confidential: %+v, want one warning sent", res)
			}
			owner := func(i int) []string { return lgWarnings(t, r, lgToken(t, r, lgName(i), "read")) }
			numbers := []string{held.Number, held1.Number, open.Number}
			notice := func(i int) []string {
				return []string{lgOwnerWarning(t, r, lgName(i), people.acct[i].ID, "Court of Mumbai", numbers[i], "gag @"+lgName(i),
					"not stated in the order", "the order does not say.")}
			}
			// The content is withheld at once; only the owner's notification waits.
			in := whViewer{name: "anonymous@IN", country: "IN"}
			for i := range 3 {
				lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[i].ID.String(), http.StatusUnavailableForLegalReasons, lgAccountNotice(lgName(i)))
			}
			if err := r.srv.Desk.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
			if time.Now().Before(until) {
				if got := owner(0); len(got) != 0 {
					t.Errorf("before confidential_until: u0000 has %q", got)
				}
			}
			if got := owner(1); len(got) != 0 {
				t.Errorf("confidential without end: u0001 has %q", got)
			}
			if got := owner(2); !slices.Equal(got, notice(2)) {
				t.Errorf("not confidential: u0002 has %q, want %q", got, notice(2))
			}
			time.Sleep(time.Until(until) + 50*time.Millisecond)
			for range 2 { // a second sweep sends nothing again
				if err := r.srv.Desk.Sweep(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if got := owner(0); !slices.Equal(got, notice(0)) {
				t.Errorf("after confidential_until: u0000 has %q, want %q", got, notice(0))
			}
			if got := owner(1); len(got) != 0 {
				t.Errorf("confidential without end, after a sweep: u0001 has %q", got)
			}
		})
	}
}

// TestLegal_Emergency: an emergency order has a confirmation deadline (48 hours by
// default); with auto-lift, one not confirmed in time loses every rule at the
// next sweep, and a confirmation before the deadline keeps them.
func TestLegal_Emergency(t *testing.T) {
	t.Parallel()
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()

			// The default: 48 hours after receipt.
			r0 := newRig(t, b)
			_, tok0 := lgStaff(t, r0, "lena", agora.RoleLegal, lgAllScopes)
			received := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
			o := r0.legal(tok0).order(wire.OrderInput{Reference: "interim", Emergency: true, ReceivedAt: &received, Targets: []string{"#x"}})
			if want := received.Add(48 * time.Hour).Format(lgTimeFmt); o.Order.ConfirmDeadline == nil || *o.Order.ConfirmDeadline != want || !o.Order.Emergency {
				t.Errorf("emergency order: confirmation_deadline %v, want %s", o.Order.ConfirmDeadline, want)
			}

			// Auto-lift with a window of two seconds.
			const window = 2 * time.Second
			r := newRig(t, b, whTrusted, func(c *app.Config) {
				c.EmergencyAutoLift = "on"
				c.EmergencyConfirmWithin = window
			})
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			people := lgPopulate(t, r, 4, func(i int) string { return lgName(i) + " on #emergent" })
			withhold := func(emergency bool, targets ...string) wire.OrderCreated {
				o := lc.order(wire.OrderInput{Reference: "interim " + targets[0], TerritorialScope: []string{"IN"}, Emergency: emergency, Targets: targets})
				res := lc.decide(o.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold"}, false)
				if res.Applied != len(targets) {
					t.Fatalf("withhold %v: %+v", targets, res)
				}
				return o
			}
			unconfirmed := withhold(true, "@u0000", r.srv.URL+"/@u0001/"+people.status[1], "#emergent")
			confirmed := withhold(true, "@u0002")
			ordinary := withhold(false, "@u0003")
			lc.addNotice(confirmed.ID, wire.NoticeInput{Kind: "emergency_confirmation", Summary: "The committee confirms the interim order."})
			conf := lc.getOrder(confirmed.ID)
			if conf.ConfirmedAt == nil || conf.ConfirmDeadline == nil || *conf.ConfirmedAt >= *conf.ConfirmDeadline {
				t.Fatalf("confirmed at %v, deadline %v: the confirmation must come first (the machine is too slow for this test's window)", conf.ConfirmedAt, conf.ConfirmDeadline)
			}
			in := whViewer{name: "anonymous@IN", country: "IN"}
			hidden := func(want int) {
				t.Helper()
				lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[0].ID.String(), want, "")
				lgExpect(t, r, in, "/api/v1/statuses/"+people.status[0], want, "")
				lgExpect(t, r, in, "/api/v1/statuses/"+people.status[1], want, "")
				lgExpect(t, r, in, "/api/v1/timelines/tag/emergent", want, "")
			}
			hidden(http.StatusUnavailableForLegalReasons)

			deadline, _ := time.Parse(time.RFC3339, *unconfirmed.Order.ConfirmDeadline)
			time.Sleep(time.Until(deadline) + 50*time.Millisecond)
			if err := r.srv.Desk.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
			hidden(http.StatusOK)
			got := lc.getOrder(unconfirmed.ID)
			if got.RevokedAt == nil {
				t.Errorf("the unconfirmed emergency order has no revoked_at")
			}
			if n := len(lc.targets(unconfirmed.ID, "decision=lifted")); n != 3 {
				t.Errorf("%d targets lifted, want 3", n)
			}
			events := lc.audit("order:" + unconfirmed.ID)
			if last := events[len(events)-1]; last.Action != "order.lift" || last.ActorKind != "system" || last.Summary != "emergency order not confirmed in time: 3 rules lifted" {
				t.Errorf("last audit event %+v", last)
			}
			for _, tg := range lc.targets(unconfirmed.ID, "") {
				trail := lc.audit("target:" + tg.ID)
				if got := lgActions(trail); !slices.Equal(got, []string{"decision.withhold", "decision.lift"}) || trail[1].ActorKind != "system" {
					t.Errorf("audit of target %q: %v (last by %s), want the lift by the system", tg.Input, got, trail[len(trail)-1].ActorKind)
				}
			}
			// The order is revoked once: the next sweep finds nothing to do.
			if err := r.srv.Desk.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
			if again := lc.audit("order:" + unconfirmed.ID); len(again) != len(events) {
				t.Errorf("a second sweep wrote %v", lgActions(again[len(events):]))
			}
			// The confirmed and the ordinary orders keep their rules.
			lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[2].ID.String(), http.StatusUnavailableForLegalReasons, lgAccountNotice("u0002"))
			lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[3].ID.String(), http.StatusUnavailableForLegalReasons, lgAccountNotice("u0003"))
			for _, id := range []string{confirmed.ID, ordinary.ID} {
				if n := len(lc.targets(id, "decision=withheld")); n != 1 {
					t.Errorf("order %s: %d targets withheld, want 1", id, n)
				}
			}
		})
	}
}

// TestLegal_Escalation: withholding outside the order's territorial scope needs an
// escalation of the target first and an admin.
func TestLegal_Escalation(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b, whTrusted)
			_, ltok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			_, atok := lgStaff(t, r, "adam", agora.RoleAdmin, lgAllScopes)
			lena := r.legal(ltok)
			adam := lena.as(atok)
			people := lgPopulate(t, r, 2, func(i int) string { return "hello from " + lgName(i) })
			o := lena.order(wire.OrderInput{Reference: "scope", TerritorialScope: []string{"IN"}, Targets: []string{"@u0000", "@u0001"}})
			ts := lena.targets(o.ID, "")
			t0, t1 := ts[0].ID, ts[1].ID
			path := "/api/v1/legal/orders/" + o.ID + "/decisions"
			inDE := func(id string) wire.DecisionInput {
				return wire.DecisionInput{TargetIDs: []string{id}, Action: "withhold", Countries: []string{"DE"}}
			}
			auditLen := len(lena.audit(""))
			lena.fail("POST", path, "", inDE(t0), http.StatusForbidden, "outside the order's territorial scope")
			lena.fail("POST", path+"/preview", "", inDE(t0), http.StatusForbidden, "outside the order's territorial scope")
			adam.fail("POST", path, "", inDE(t0), http.StatusForbidden, "must be escalated")
			if res := lena.decide(o.ID, wire.DecisionInput{TargetIDs: []string{t0}, Action: "escalate", Note: "DE asked too"}, false); res.Applied != 1 {
				t.Fatalf("escalate: %+v", res)
			}
			if got := lena.targets(o.ID, "decision=escalated"); len(got) != 1 || got[0].ID != t0 {
				t.Errorf("escalated targets %+v", got)
			}
			lena.fail("POST", path, "", inDE(t0), http.StatusForbidden, "needs an admin")
			adam.fail("POST", path, "", map[string]any{"target_ids": []string{t0, t1}, "action": "withhold", "countries": []string{"IN", "DE"}}, http.StatusForbidden, "must be escalated")
			if n := len(lena.audit("")); n != auditLen+2 { // the escalation: one event on the target, one on the order
				t.Errorf("audit grew by %d, want 2 (the escalation only)", n-auditLen)
			}
			de := whViewer{name: "anonymous@DE", country: "DE"}
			in := whViewer{name: "anonymous@IN", country: "IN"}
			a0 := "/api/v1/accounts/" + people.acct[0].ID.String()
			lgExpect(t, r, de, a0, http.StatusOK, "")

			res := adam.decide(o.ID, inDE(t0), false)
			if res.Applied != 1 || res.RulesCreated != 1 {
				t.Errorf("admin withholds in DE after the escalation: %+v", res)
			}
			lgExpect(t, r, de, a0, http.StatusUnavailableForLegalReasons, "@u0000's account has been withheld in Germany in response to a legal demand. Learn more")
			lgExpect(t, r, in, a0, http.StatusOK, "")
			// Within the scope, no escalation is needed, for either role.
			if res := lena.decide(o.ID, wire.DecisionInput{TargetIDs: []string{t1}, Action: "withhold", Countries: []string{"IN"}}, false); res.Applied != 1 {
				t.Errorf("withhold in scope: %+v", res)
			}
			lgExpect(t, r, in, "/api/v1/accounts/"+people.acct[1].ID.String(), http.StatusUnavailableForLegalReasons, lgAccountNotice("u0001"))
		})
	}
}

// lgSnapshot is what a refused request must leave as it was.
type lgSnapshot struct {
	orders, targets, decisions, notices, messages string
	audit                                         int
	visible                                       []int
}

// TestLegal_BadInput: each bad request is a clear 4xx naming the problem, and
// nothing changes (issue 5, "Done when" #3).
func TestLegal_BadInput(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b, whTrusted, func(c *app.Config) { c.MaxOrderTargets = "1000" })
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			people := lgPopulate(t, r, 3, func(i int) string { return lgName(i) + " on #btag" })
			auth := lc.authority("Ministry", "IN", "ministry")
			o1 := lc.order(wire.OrderInput{AuthorityID: auth, Reference: "one", TerritorialScope: []string{"IN"}, Targets: []string{"@u0000", "@u0001", "#btag", "@ghost"}})
			o2 := lc.order(wire.OrderInput{AuthorityID: auth, Reference: "two", TerritorialScope: []string{"IN"}, Targets: []string{"@u0002"}})
			t1 := lc.targets(o1.ID, "")
			t2 := lc.targets(o2.ID, "")
			p1 := "/api/v1/legal/orders/" + o1.ID
			in := whViewer{name: "anonymous@IN", country: "IN"}
			read := func(path string) string {
				code, body, _ := lc.raw("GET", path, "", nil)
				if code != http.StatusOK {
					t.Fatalf("GET %s = %d %s", path, code, lgShort(body))
				}
				return string(body)
			}
			snap := func() lgSnapshot {
				s := lgSnapshot{orders: read("/api/v1/legal/orders?limit=200"), targets: read(p1 + "/targets?limit=1000"),
					decisions: read(p1 + "/decisions"), notices: read(p1 + "/notices"), messages: read(p1 + "/correspondence"),
					audit: len(lc.audit(""))}
				for i := range 3 {
					code, _ := lgGet(t, r, in, "/api/v1/statuses/"+people.status[i])
					s.visible = append(s.visible, code)
				}
				code, _ := lgGet(t, r, in, "/api/v1/timelines/tag/btag")
				s.visible = append(s.visible, code)
				return s
			}
			before := snap()
			if !slices.Equal(before.visible, []int{200, 200, 200, 200}) {
				t.Fatalf("before: IN sees %v", before.visible)
			}
			unchanged := func(what string) {
				t.Helper()
				if diff := cmp.Diff(before, snap(), cmp.AllowUnexported(lgSnapshot{})); diff != "" {
					t.Errorf("%s changed something (-before +after):\n%s", what, diff)
				}
			}
			dec := p1 + "/decisions"
			withhold := func(countries ...string) map[string]any {
				return map[string]any{"target_ids": []string{t1[0].ID}, "action": "withhold", "countries": countries}
			}

			// Unknown action.
			for _, path := range []string{dec, dec + "/preview"} {
				lc.fail("POST", path, "", map[string]any{"target_ids": []string{t1[0].ID}, "action": "ban"}, 422, `action "ban" is unknown`)
			}
			unchanged("an unknown action")

			// Countries that are not ISO codes, in a decision, an order and an authority.
			for _, c := range []string{"India", "ZZ", "in1"} {
				up := strings.ToUpper(c)
				lc.fail("POST", dec, "", withhold(c), 422, "countries", `"`+up+`"`, "not an ISO 3166-1 alpha-2 country code")
				lc.fail("POST", dec, "", withhold("IN", c), 422, "countries", `"`+up+`"`)
				lc.fail("POST", "/api/v1/legal/orders", "", map[string]any{"reference": "x", "territorial_scope": []string{c}, "targets": []string{"@u0000"}}, 422, "territorial_scope", `"`+up+`"`)
				lc.fail("POST", "/api/v1/legal/authorities", "", map[string]any{"name": "x", "country": c, "kind": "court"}, 422, "country", "ISO 3166-1 alpha-2")
			}
			unchanged("countries that are not ISO codes")

			// A target of another order, alone or with one of this order.
			lc.fail("POST", dec, "", map[string]any{"target_ids": []string{t2[0].ID}, "action": "withhold"}, 422, "target "+t2[0].ID, "is not a target of order "+o1.ID)
			lc.fail("POST", dec, "", map[string]any{"target_ids": []string{t1[0].ID, t2[0].ID}, "action": "withhold"}, 422, "is not a target of order "+o1.ID)
			lc.fail("POST", dec, "", map[string]any{"target_ids": []string{t1[0].ID, t1[3].ID}, "action": "withhold"}, 422, `"@ghost"`, "unresolved and cannot be withheld")
			unchanged("a target of another order")

			// Above the configured limit of 1,000 targets, at once or added.
			many := make([]string, 1001)
			for i := range many {
				many[i] = fmt.Sprintf("@nobody%d", i)
			}
			lc.fail("POST", "/api/v1/legal/orders", "", map[string]any{"reference": "big", "targets": many}, 422, "1001 targets", "at most 1000")
			lc.fail("POST", p1+"/targets", "", map[string]any{"targets": many[:997]}, 422, "would name 1001 targets", "at most 1000")
			lc.fail("POST", p1+"/targets", "text/plain", strings.Join(many[:997], "\n"), 422, "at most 1000")
			unchanged("too many targets")

			// A malformed CSV line: a row with a field too many.
			lc.fail("POST", p1+"/targets", "text/csv", "target,note\n@u0002,first\n@u0001,second,extra\n", 400, "CSV", "line 3", "wrong number of fields")
			lc.fail("POST", p1+"/targets", "text/csv", "target,note\n\"@u0002,first\n", 400, "CSV", "malformed")
			lc.fail("POST", p1+"/targets", "text/csv", "name,reason\nAlice,spam\n", 400, "No column of targets", "line 1")
			lc.fail("POST", "/api/v1/legal/orders", "", map[string]any{"reference": "x", "annex": map[string]any{"content_type": "text/csv",
				"data": base64.StdEncoding.EncodeToString([]byte("name,reason\nAlice,spam\n"))}}, 400, "No column of targets", "line 1")
			lc.fail("POST", "/api/v1/legal/orders", "", map[string]any{"reference": "x", "annex": map[string]any{"content_type": "application/pdf",
				"data": base64.StdEncoding.EncodeToString([]byte("%PDF"))}}, 400, "text/csv or text/plain")
			unchanged("a malformed CSV line")

			// Unknown fields, malformed JSON, a wrong type, a wrong content type.
			lc.fail("POST", "/api/v1/legal/orders", "", map[string]any{"reference": "x", "territorial_scop": []string{"IN"}}, 400, `unknown field "territorial_scop"`)
			lc.fail("POST", dec, "", map[string]any{"target_ids": []string{t1[0].ID}, "action": "withhold", "contries": []string{"IN"}}, 400, `unknown field "contries"`)
			lc.fail("POST", dec, "", map[string]any{"filter": map[string]any{"resolutoin": "resolved"}, "action": "withhold"}, 400, `unknown field "resolutoin"`)
			lc.fail("POST", "/api/v1/legal/orders", "application/json", `{"reference": x}`, 400, "malformed JSON")
			lc.fail("POST", dec, "application/json", `{"action": "withhold", "target_ids": [`, 400, "malformed JSON")
			lc.fail("POST", dec, "application/json", `{"action": "withhold"} {}`, 400, "one JSON object")
			lc.fail("POST", "/api/v1/legal/orders", "application/json", `{"targets": "@u0000"}`, 400, `field "targets"`)
			lc.fail("POST", "/api/v1/legal/orders", "application/x-www-form-urlencoded", "reference=x&targets=%40u0000", 400, "Content-Type", "application/x-www-form-urlencoded")
			lc.fail("POST", dec, "text/plain", `{"target_ids": ["`+t1[0].ID+`"], "action": "withhold"}`, 400, "Content-Type", "text/plain")
			lc.fail("POST", p1+"/targets", "application/xml", "<targets/>", 400, "Content-Type", "application/xml")
			lc.fail("POST", dec, "", map[string]any{"target_ids": []string{"x1"}, "action": "withhold"}, 422, `"x1" is not an ID`)
			lc.fail("POST", dec, "", map[string]any{"filter": map[string]any{"resolution": "resolvd"}, "action": "withhold"}, 422, "resolution must be")
			lc.fail("POST", dec, "", map[string]any{"target_ids": []string{t1[0].ID}, "action": "decline"}, 422, "reason_code")
			unchanged("malformed bodies")

			// Documents: too large, not base64; a body above 32 MiB.
			big := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{'a'}, agora.MaxDocumentBytes+1))
			lc.fail("POST", p1+"/notices", "", map[string]any{"kind": "hearing", "summary": "s", "document": map[string]any{"data": big}}, 422, "document", "10 MiB")
			lc.fail("POST", p1+"/correspondence", "", map[string]any{"direction": "in", "summary": "s", "document": map[string]any{"data": big}}, 422, "document", "10 MiB")
			lc.fail("POST", p1+"/notices", "", map[string]any{"kind": "hearing", "summary": "s", "document": map[string]any{"data": "not base64!"}}, 400, "base64")
			huge := append(append([]byte(`{"kind": "hearing", "summary": "`), bytes.Repeat([]byte{'a'}, 33<<20)...), `"}`...)
			lc.fail("POST", p1+"/notices", "application/json", huge, 413, "32 MiB")
			lc.fail("POST", p1+"/notices", "", map[string]any{"kind": "threat", "summary": "s"}, 422, `kind "threat" is unknown`)
			lc.fail("POST", p1+"/correspondence", "", map[string]any{"direction": "sideways", "summary": "s"}, 422, "direction must be in or out")
			unchanged("bad documents")

			// Unknown orders are 404 and change nothing either.
			lc.fail("POST", "/api/v1/legal/orders/1/decisions", "", withhold("IN"), 404)
			lc.fail("POST", "/api/v1/legal/orders/x/targets", "", map[string]any{"targets": []string{"@u0000"}}, 404)
			lc.fail("GET", "/api/v1/legal/orders/1", "", nil, 404)
			lc.fail("GET", "/api/v1/legal/documents/1", "", nil, 404)
			unchanged("unknown orders")

			// Bad parameters of the lists.
			lc.fail("GET", "/api/v1/legal/orders?state=open", "", nil, 400, "state")
			lc.fail("GET", "/api/v1/legal/orders?limit=0", "", nil, 400, "limit")
			lc.fail("GET", p1+"/targets?limit=1001", "", nil, 400, "limit")
			lc.fail("GET", p1+"/targets?resolution=fine", "", nil, 400, "resolution must be")
			lc.fail("GET", p1+"/targets?kind=user", "", nil, 400, "kind must be")
			lc.fail("GET", p1+"/targets?decision=blocked", "", nil, 400, "decision must be")
			lc.fail("GET", "/api/v1/legal/audit?object=order", "", nil, 400, "object must be kind:id")
			unchanged("bad parameters")

			// 100,001 targets against the default limit of 100,000.
			rd := newRig(t, b)
			_, dtok := lgStaff(t, rd, "lena", agora.RoleLegal, lgAllScopes)
			dc := rd.legal(dtok)
			huge100k := make([]string, 100_001)
			for i := range huge100k {
				huge100k[i] = fmt.Sprintf("@nobody%06d", i)
			}
			start := time.Now()
			dc.fail("POST", "/api/v1/legal/orders", "", map[string]any{"reference": "huge", "targets": huge100k}, 422, "100001 targets", "at most 100000")
			t.Logf("%s: 100,001 targets refused in %v", b, time.Since(start))
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("refusing 100,001 targets took %v", elapsed)
			}
			orders := dc.orders(client.OrderQuery{})
			if len(orders) != 0 || len(dc.audit("")) != 0 {
				t.Errorf("after refusing 100,001 targets: %d orders, %d audit events", len(orders), len(dc.audit("")))
			}
		})
	}
}

// lgRouteBody is a valid body for each legal route, so that a refusal can only be
// the guard's.
func lgRouteBody(t *testing.T, pattern, targetID, staffID string) any {
	switch pattern {
	case "POST /api/v1/legal/authorities":
		return map[string]any{"name": "Court", "country": "DE", "kind": "court"}
	case "POST /api/v1/legal/orders":
		return map[string]any{"reference": "walk", "targets": []string{"@u0000"}}
	case "POST /api/v1/legal/orders/{id}/targets":
		return map[string]any{"targets": []string{"@u0001"}}
	case "POST /api/v1/legal/orders/{id}/decisions", "POST /api/v1/legal/orders/{id}/decisions/preview":
		return map[string]any{"target_ids": []string{targetID}, "action": "comment", "note": "seen"}
	case "POST /api/v1/legal/orders/{id}/state":
		return map[string]any{"state": "answered"}
	case "POST /api/v1/legal/orders/{id}/assign", "POST /api/v1/legal/targets/{id}/assign":
		return map[string]any{"staff_id": staffID}
	case "POST /api/v1/legal/orders/{id}/notices":
		return map[string]any{"kind": "other", "summary": "a note"}
	case "POST /api/v1/legal/orders/{id}/correspondence":
		return map[string]any{"direction": "out", "summary": "a letter"}
	case "POST /api/v1/legal/appeals/{id}/answer":
		return map[string]any{"granted": false, "text": "seen"}
	case "POST /api/v1/legal/orders/{id}/acknowledge", "POST /api/v1/legal/notices/{id}/answer":
		return nil
	}
	if strings.HasPrefix(pattern, "POST ") {
		t.Fatalf("no body for the new route %s: add one", pattern)
	}
	return nil
}

// TestLegal_Access: a user, a moderator and a staff account whose access has ended
// get 403 on every legal endpoint; no token is 401; a token without legal:write is
// 403 on every write (issue 5, "Done when" #4).
func TestLegal_Access(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			lena, ltok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(ltok)
			people := lgPopulate(t, r, 2, func(i int) string { return "hello" })
			_, utok := lgStaff(t, r, "plainuser", agora.RoleUser, lgAllScopes)
			_, mtok := lgStaff(t, r, "modo", agora.RoleModerator, lgAllScopes)
			_, gtok := lgStaff(t, r, "gone", agora.RoleLegal, lgAllScopes)
			_, atok := lgStaff(t, r, "adam", agora.RoleAdmin, lgAllScopes)
			rtok := lgToken(t, r, "lena", "read legal:read")
			wtok := lgToken(t, r, "lena", "write legal:write")
			otok := lgToken(t, r, "lena", "read write")

			o := lc.order(wire.OrderInput{Reference: "access", Targets: []string{"@u0000"}})
			tid := lc.targets(o.ID, "")[0].ID
			n := lc.addNotice(o.ID, wire.NoticeInput{Kind: "hearing", Summary: "s",
				Document: &wire.Document{Data: base64.StdEncoding.EncodeToString([]byte("hearing"))}})
			// gone has access until it ends.
			lc.as(gtok).orders(client.OrderQuery{})
			if _, err := r.srv.Desk.SetAccessUntil(ctx, nil, "gone", time.Now().Add(-time.Minute)); err != nil {
				t.Fatal(err)
			}
			// An owner's appeal, for the appeal's answer.
			ao := lc.order(wire.OrderInput{Reference: "appeal", TerritorialScope: []string{"IN"}, Targets: []string{"@u0001"}})
			lc.decide(ao.ID, wire.DecisionInput{Filter: &wire.TargetFilter{Resolution: "resolved"}, Action: "withhold"}, false)
			notes, err := r.srv.Store.Notifications(ctx, people.acct[1].ID, agora.NotificationQuery{})
			if err != nil || len(notes) == 0 || notes[0].WarningID == 0 {
				t.Fatalf("u0001's warning: %v %+v", err, notes)
			}
			appealed, err := r.srv.Desk.Appeal(ctx, people.acct[1], notes[0].WarningID, "Please reconsider.")
			if err != nil {
				t.Fatal(err)
			}
			// An authority with a webhook, for the webhooks' routes.
			authID, err := agora.ParseID(lc.authority("Ministry", "IN", "ministry"))
			if err != nil {
				t.Fatal(err)
			}
			auth := &agora.Authority{ID: authID}
			hook, err := r.srv.Desk.RegisterWebhook(ctx, auth, legal.WebhookInput{URL: "https://hooks.example.org/agora"})
			if err != nil {
				t.Fatal(err)
			}
			routes := (&legalapi.API{}).Routes()
			call := func(c *lgClient, rt legalapi.Route) (int, []byte, http.Header) {
				method, path, _ := strings.Cut(rt.Pattern, " ")
				id := o.ID
				if strings.HasPrefix(path, "/api/v1/legal/authorities/") {
					id = auth.ID.String()
				}
				if strings.HasPrefix(path, "/api/v1/legal/webhooks/") {
					id = hook.ID.String()
				}
				if strings.HasPrefix(path, "/api/v1/legal/appeals/") {
					id = appealed.Appeal.ID.String()
				}
				if strings.HasPrefix(path, "/api/v1/legal/documents/") {
					id = *n.DocumentID
				}
				if strings.HasPrefix(path, "/api/v1/legal/notices/") {
					id = n.ID
				}
				if strings.HasPrefix(path, "/api/v1/legal/targets/") {
					id = tid
				}
				return c.send(method, strings.ReplaceAll(path, "{id}", id), lgRouteBody(t, rt.Pattern, tid, lena.ID.String()))
			}
			auditLen := len(lc.audit(""))
			walked := 0
			for _, rt := range routes {
				if rt.Scope == "" {
					continue
				}
				walked++
				for who, tok := range map[string]string{"a user": utok, "a moderator": mtok, "an expired staff account": gtok} {
					if code, body, _ := call(lc.as(tok), rt); code != http.StatusForbidden {
						t.Errorf("%s: %s = %d %s, want 403", who, rt.Pattern, code, lgShort(body))
					}
				}
				for who, tok := range map[string]string{"no token": "", "an unknown token": "bogus-token"} {
					code, body, hdr := call(lc.as(tok), rt)
					if code != http.StatusUnauthorized || hdr.Get("WWW-Authenticate") == "" {
						t.Errorf("%s: %s = %d %s (WWW-Authenticate %q), want 401", who, rt.Pattern, code, lgShort(body), hdr.Get("WWW-Authenticate"))
					}
				}
				if code, body, _ := call(lc.as(otok), rt); code != http.StatusForbidden || !strings.Contains(string(body), rt.Scope) {
					t.Errorf("staff token without legal scopes: %s = %d %s, want 403 naming %s", rt.Pattern, code, lgShort(body), rt.Scope)
				}
				if rt.Scope == "legal:write" {
					if code, body, _ := call(lc.as(rtok), rt); code != http.StatusForbidden || !strings.Contains(string(body), "legal:write") {
						t.Errorf("a token without legal:write: %s = %d %s, want 403 naming legal:write", rt.Pattern, code, lgShort(body))
					}
				} else if code, body, _ := call(lc.as(wtok), rt); code != http.StatusForbidden || !strings.Contains(string(body), "legal:read") {
					t.Errorf("a token without legal:read: %s = %d %s, want 403 naming legal:read", rt.Pattern, code, lgShort(body))
				}
			}
			if walked < 19 {
				t.Errorf("walked %d routes", walked)
			}
			if n := len(lc.audit("")); n != auditLen {
				t.Errorf("the refused requests wrote %d audit events", n-auditLen)
			}
			// The same requests succeed for staff with the scopes: the refusals were
			// the guard's, not the bodies'.
			for _, rt := range routes {
				c := lc
				if rt.Pattern == "POST /api/v1/legal/authorities" {
					c = lc.as(atok) // and an admin is staff too
				}
				if rt.Scope == "legal:read" && strings.HasPrefix(rt.Pattern, "GET ") {
					c = lc.as(rtok)
				}
				if code, body, _ := call(c, rt); code != http.StatusOK && code != http.StatusCreated && code != http.StatusNoContent {
					t.Errorf("staff: %s = %d %s, want 2xx", rt.Pattern, code, lgShort(body))
				}
			}
			if cov := lc.coverage(); len(cov) < 25 {
				t.Errorf("only %d operation/status pairs checked: %v", len(cov), cov)
			}
		})
	}
}
