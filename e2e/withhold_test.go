package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/app"
	"agora/geoip/geoiptest"
	"agora/oauth"
	"agora/service"
)

// The helpers of this file are prefixed "wh" (withholding); the route walk in
// routes_gate_test.go uses them too.

// whHeader is the country header of the test servers. 127.0.0.1 is one of their
// trusted proxies, so a test chooses the viewer's country by setting it.
const whHeader = "CF-IPCountry"

// whTrusted makes the server believe the country header from 127.0.0.1.
func whTrusted(c *app.Config) {
	c.CountryHeader = whHeader
	c.TrustedProxies = "127.0.0.1/32,::1/128"
}

// whViewer is who reads: token "" is anonymous, country "" sends no header.
type whViewer struct {
	name, token, country string
}

// whDo sends one request as the viewer through the rig's schema-checking client.
func whDo(t *testing.T, r *rig, v whViewer, method, path string, form url.Values) (int, []byte, http.Header) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, r.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if v.token != "" {
		req.Header.Set("Authorization", "Bearer "+v.token)
	}
	if v.country != "" {
		req.Header.Set(whHeader, v.country)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, data, resp.Header
}

// whFixture is a small network with something of everything withholding touches.
// wade's account, paul's status p1 and the hashtag #banned are what the rules
// withhold; vera is the reader; lena (legal) and adam (admin) are staff.
//
// Statuses, by label:
//
//	v1  vera  "hello from vera"                 (favourited by wade and tina)
//	w1  wade  "wade speaks #news zebra"
//	p1  paul  "@vera paul secret #news zebra"   (the status rule)
//	p2  paul  "paul open #news zebra"           (boosted by bob, then wade; favourited by vera, wade, tina)
//	p3  paul  "paul third"
//	w2  wade  reply to p2
//	p5  paul  reply to w2
//	w3  wade  "@vera hi from wade"
//	t1  tina  "tina on #banned"                 (reaches vera's home only through the followed hashtag)
//	f1  fred  "fred on #banned"                 (reaches vera's home because she follows fred)
//	bB1 bob's boost of p1, bB2 bob's boost of w1, bB3 bob's boost of p2
//	wB  wade's boost of p3, wB2 wade's boost of p2
//
// Follows: vera -> wade, fred, bob; wade -> vera, paul; tina -> wade, paul, vera.
// vera follows #banned and #gardening, and favourites and bookmarks w1, p1, p2.
type whFixture struct {
	r     *rig
	acct  map[string]*agora.Account // by username
	tok   map[string]string         // access token by username
	id    map[string]string         // status ID by label
	label map[string]string         // label by status ID
}

func (fx *whFixture) aid(name string) string { return fx.acct[name].ID.String() }

// viewer is the account name reading from country ("" for none).
func (fx *whFixture) viewer(name, country string) whViewer {
	where := country
	if where == "" {
		where = "unknown"
	}
	return whViewer{name: name + "@" + where, token: fx.tok[name], country: country}
}

func whBuild(t *testing.T, r *rig) *whFixture {
	ctx := context.Background()
	fx := &whFixture{r: r, acct: map[string]*agora.Account{}, tok: map[string]string{}, id: map[string]string{}, label: map[string]string{}}
	for _, n := range []string{"vera", "wade", "paul", "tina", "fred", "bob"} {
		fx.acct[n] = r.mustAccount(n)
	}
	for n, role := range map[string]agora.Role{"lena": agora.RoleLegal, "adam": agora.RoleAdmin} {
		a, err := r.srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: n, Email: n + "@example.org", Password: "password-" + n, Role: role})
		if err != nil {
			t.Fatalf("create %s: %v", n, err)
		}
		fx.acct[n] = a
	}
	cl := map[string]*mastodon.Client{}
	for n := range fx.acct {
		cl[n] = r.passwordLogin(n)
		fx.tok[n] = cl[n].Config.AccessToken
	}
	for _, f := range [][2]string{{"vera", "wade"}, {"vera", "fred"}, {"vera", "bob"}, {"wade", "vera"}, {"wade", "paul"}, {"tina", "wade"}, {"tina", "paul"}, {"tina", "vera"}} {
		if _, err := cl[f[0]].AccountFollow(ctx, mastodon.ID(fx.aid(f[1]))); err != nil {
			t.Fatalf("%s follows %s: %v", f[0], f[1], err)
		}
	}
	for _, tag := range []string{"banned", "gardening"} {
		if code, body, _ := whDo(t, r, fx.viewer("vera", ""), "POST", "/api/v1/tags/"+tag+"/follow", nil); code != http.StatusOK {
			t.Fatalf("vera follows #%s: %d %s", tag, code, body)
		}
	}
	add := func(label, id string) {
		fx.id[label], fx.label[id] = id, label
	}
	for _, p := range []struct{ label, who, text, replyTo string }{
		{"v1", "vera", "hello from vera", ""},
		{"w1", "wade", "wade speaks #news zebra", ""},
		{"p1", "paul", "@vera paul secret #news zebra", ""},
		{"p2", "paul", "paul open #news zebra", ""},
		{"p3", "paul", "paul third", ""},
		{"w2", "wade", "wade replies", "p2"},
		{"p5", "paul", "paul answers", "w2"},
		{"w3", "wade", "@vera hi from wade", ""},
		{"t1", "tina", "tina on #banned", ""},
		{"f1", "fred", "fred on #banned", ""},
	} {
		toot := &mastodon.Toot{Status: p.text, Visibility: "public"}
		if p.replyTo != "" {
			toot.InReplyToID = mastodon.ID(fx.id[p.replyTo])
		}
		add(p.label, string(post(t, cl[p.who], toot).ID))
	}
	for _, b := range []struct{ label, who, of string }{
		{"bB1", "bob", "p1"}, {"bB2", "bob", "w1"}, {"bB3", "bob", "p2"}, {"wB", "wade", "p3"}, {"wB2", "wade", "p2"},
	} {
		s, err := cl[b.who].Reblog(ctx, mastodon.ID(fx.id[b.of]))
		if err != nil {
			t.Fatalf("%s boosts %s: %v", b.who, b.of, err)
		}
		add(b.label, string(s.ID))
	}
	for _, f := range [][2]string{{"vera", "w1"}, {"vera", "p1"}, {"vera", "p2"}, {"wade", "p2"}, {"tina", "p2"}, {"wade", "v1"}, {"tina", "v1"}} {
		if _, err := cl[f[0]].Favourite(ctx, mastodon.ID(fx.id[f[1]])); err != nil {
			t.Fatalf("%s favourites %s: %v", f[0], f[1], err)
		}
	}
	for _, s := range []string{"w1", "p1", "p2"} {
		if _, err := cl["vera"].Bookmark(ctx, mastodon.ID(fx.id[s])); err != nil {
			t.Fatalf("vera bookmarks %s: %v", s, err)
		}
	}
	return fx
}

// whRuleSpec is one rule of a round: its countries and reason.
type whRuleSpec struct {
	countries []string
	reason    agora.WithholdReason
}

// whRound is one set of rules on wade's account, p1 and #banned, with the notices
// a viewer they cover reads, word for word as legal/FORMATS.md section 1 has them.
type whRound struct {
	name                          string
	account, status, hashtag      whRuleSpec
	accountNotice, wadePostNotice string
	paulPostNotice, tagNotice     string
}

var whRounds = []whRound{
	{
		name:           "IN",
		account:        whRuleSpec{[]string{"IN"}, agora.ReasonLegalDemand},
		status:         whRuleSpec{[]string{"IN", "PK"}, agora.ReasonLocalLaw},
		hashtag:        whRuleSpec{[]string{"IN"}, agora.ReasonLegalDemand},
		accountNotice:  "@wade's account has been withheld in India in response to a legal demand. Learn more",
		wadePostNotice: "This post from @wade has been withheld in India in response to a legal demand. Learn more",
		paulPostNotice: "This post from @paul has been withheld in India, Pakistan based on local law(s). Learn more",
		tagNotice:      "The hashtag #banned has been withheld in India in response to a legal demand. Learn more",
	},
	{
		name:           "XX",
		account:        whRuleSpec{[]string{"XX"}, agora.ReasonLocalLaw},
		status:         whRuleSpec{[]string{"XX"}, agora.ReasonCopyright},
		hashtag:        whRuleSpec{[]string{"XX"}, agora.ReasonLocalLaw},
		accountNotice:  "@wade's account has been withheld in all countries based on local law(s). Learn more",
		wadePostNotice: "This post from @wade has been withheld in all countries based on local law(s). Learn more",
		paulPostNotice: "This post from @paul has been withheld in response to a report from the copyright holder. Learn more",
		tagNotice:      "The hashtag #banned has been withheld in all countries based on local law(s). Learn more",
	},
}

// covers reports whether the round's rules (which share their countries but for
// PK, which no viewer comes from) apply to a viewer from country.
func (rd whRound) covers(country string, closed bool) bool {
	cs := rd.account.countries
	switch {
	case slices.Contains(cs, "XX"):
		return true
	case country == "":
		return closed
	}
	return slices.Contains(cs, country)
}

// whRules are the rule IDs of a round, by subject: "account", "status", "hashtag".
type whRules map[string]agora.ID

func whWithhold(t *testing.T, fx *whFixture, rd whRound) whRules {
	t.Helper()
	ctx := context.Background()
	out := whRules{}
	for kind, n := range map[string]service.NewRule{
		"account": {Subject: "@wade", Countries: rd.account.countries, Reason: string(rd.account.reason), Origin: "test"},
		"status":  {Subject: fx.id["p1"], Countries: rd.status.countries, Reason: string(rd.status.reason), Origin: "test"},
		"hashtag": {Subject: "#banned", Countries: rd.hashtag.countries, Reason: string(rd.hashtag.reason), Origin: "test"},
	} {
		rule, err := fx.r.srv.Service.Withhold(ctx, nil, n)
		if err != nil {
			t.Fatalf("withhold %s: %v", n.Subject, err)
		}
		out[kind] = rule.ID
	}
	return out
}

// TestWithholdSurfaces checks every surface of issue 4 against rules on an account,
// a status and a hashtag, for IN and then for XX, as read from IN, DE and an
// unknown country, with unknown_country open and closed; then that owners and
// staff see withheld content marked, and that lifting the rules brings everything
// back at once.
func TestWithholdSurfaces(t *testing.T) {
	for _, b := range agoratest.Backends() {
		for _, closed := range []bool{false, true} {
			name := string(b) + "/unknown_open"
			if closed {
				name = string(b) + "/unknown_closed"
			}
			t.Run(name, func(t *testing.T) {
				r := newRig(t, b, whTrusted, func(c *app.Config) {
					if closed {
						c.UnknownCountry = "closed"
					}
				})
				fx := whBuild(t, r)
				// Nothing is withheld yet: everyone sees everything, unmarked.
				for _, v := range []whViewer{fx.viewer("vera", "IN"), fx.viewer("vera", "")} {
					whSweep(t, fx, v, whRound{}, nil, false)
					whCheckMarks(t, fx, v, whRound{}, false, "w1", "p1", "p2", "wade")
				}
				for _, rd := range whRounds {
					t.Run(rd.name, func(t *testing.T) { whRunRound(t, fx, rd, closed) })
				}
			})
		}
	}
}

func whRunRound(t *testing.T, fx *whFixture, rd whRound, closed bool) {
	rules := whWithhold(t, fx, rd)
	for _, country := range []string{"IN", "DE", ""} {
		v := fx.viewer("vera", country)
		hidden := rd.covers(country, closed)
		whSweep(t, fx, v, rd, rules, hidden)
		if !hidden {
			whCheckMarks(t, fx, v, rd, true, "w1", "p1", "p2", "wade", "bB1")
		}
	}
	// Owners see their own content, marked, from a country it is withheld in;
	// others' withheld content stays withheld for them.
	wadeIN, paulIN := fx.viewer("wade", "IN"), fx.viewer("paul", "IN")
	whCheckMarks(t, fx, wadeIN, rd, true, "w1", "w2", "wade")
	whCheckMarks(t, fx, paulIN, rd, true, "p1")
	whExpectStatus(t, fx.r, wadeIN, "/api/v1/statuses/"+fx.id["p1"], http.StatusUnavailableForLegalReasons)
	whExpectStatus(t, fx.r, paulIN, "/api/v1/statuses/"+fx.id["w1"], http.StatusUnavailableForLegalReasons)
	whExpectStatus(t, fx.r, paulIN, "/api/v1/tags/banned", http.StatusUnavailableForLegalReasons)
	if got := whStatusLabels(t, fx, wadeIN, "/api/v1/accounts/"+fx.aid("wade")+"/statuses"); !whSubset([]string{"w1", "w2", "w3", "wB", "wB2"}, got) {
		t.Errorf("%s: wade's own statuses = %v, want w1, w2, w3, wB, wB2 among them", wadeIN.name, got)
	}
	code, body, _ := whDo(t, fx.r, wadeIN, "GET", "/api/v1/accounts/verify_credentials", nil)
	if code != http.StatusOK {
		t.Fatalf("%s: verify_credentials: %d %s", wadeIN.name, code, body)
	}
	whCompareMarks(t, wadeIN.name+" verify_credentials", whEntity(t, body), whWantMarks(rd.account, true))
	// Legal staff and admins see everything, marked, from everywhere.
	for _, staff := range []string{"lena", "adam"} {
		v := fx.viewer(staff, "IN")
		whCheckMarks(t, fx, v, rd, true, "w1", "p1", "p2", "wade", "bB1")
		whSweep(t, fx, v, rd, rules, false)
		for _, p := range []string{"/api/v1/tags/banned", "/api/v1/accounts/" + fx.aid("wade") + "/followers"} {
			whExpectStatus(t, fx.r, v, p, http.StatusOK)
		}
	}
	// Lifting brings everything back at once, unmarked.
	for _, kind := range []string{"account", "status", "hashtag"} {
		if _, err := fx.r.srv.Service.LiftRule(context.Background(), nil, rules[kind]); err != nil {
			t.Fatalf("lift %s rule: %v", kind, err)
		}
	}
	for _, country := range []string{"IN", ""} {
		v := fx.viewer("vera", country)
		whSweep(t, fx, v, rd, nil, false)
		whCheckMarks(t, fx, v, rd, false, "w1", "p1", "p2", "wade")
	}
	for kind, id := range rules {
		code, body, hdr := whDo(t, fx.r, whViewer{name: "anonymous"}, "GET", "/notices/"+id.String(), nil)
		if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte(`id="lifted"`)) {
			t.Errorf("notice of the lifted %s rule: %d %s, want the HTML page saying it was lifted", kind, code, hdr.Get("Content-Type"))
		}
	}
}

// whExpectStatus checks the HTTP status of a GET.
func whExpectStatus(t *testing.T, r *rig, v whViewer, path string, want int) {
	t.Helper()
	if code, body, _ := whDo(t, r, v, "GET", path, nil); code != want {
		t.Errorf("%s: GET %s = %d %s, want %d", v.name, path, code, whShort(body), want)
	}
}

func whShort(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// whList is one list surface: what it holds when nothing is withheld from the
// viewer (all) and when the round's rules are (shown).
type whList struct {
	path, kind string
	all, shown []string
	mine       bool // vera's own lists: home, favourites... (read only as vera)
}

// whDirect is one directly fetched item: when withheld, 451 with the notice of
// the rule and a Link to its notice page.
type whDirect struct {
	path   string
	notice func(whRound) string
	rule   string // "account", "status" or "hashtag"
	id     string // when shown: the entity's "id" ("" when not checked)
}

func (fx *whFixture) lists() []whList {
	veraNotes := []string{"follow/wade/", "follow/tina/", "mention/paul/p1", "mention/wade/w3", "favourite/wade/v1", "favourite/tina/v1"}
	searchURL := func(u string) string { return url.QueryEscape(u) }
	base := fx.r.srv.URL
	return []whList{
		{"/api/v1/timelines/home", "statuses", []string{"v1", "w1", "w3", "wB", "f1", "t1", "bB1", "bB3"}, []string{"v1", "f1", "bB3"}, true},
		{"/api/v1/timelines/public", "statuses", []string{"v1", "w1", "w3", "p1", "p2", "p3", "t1", "f1"}, []string{"v1", "p2", "p3", "t1", "f1"}, false},
		{"/api/v1/timelines/public?local=true", "statuses", []string{"v1", "w1", "w3", "p1", "p2", "p3", "t1", "f1"}, []string{"v1", "p2", "p3", "t1", "f1"}, false},
		{"/api/v1/timelines/tag/news", "statuses", []string{"w1", "p1", "p2"}, []string{"p2"}, false},
		{"/api/v1/statuses/" + fx.id["p2"] + "/context", "descendants", []string{"w2", "p5"}, []string{"p5"}, false},
		{"/api/v1/statuses/" + fx.id["p5"] + "/context", "ancestors", []string{"p2", "w2"}, []string{"p2"}, false},
		{"/api/v1/statuses/" + fx.id["p2"] + "/reblogged_by", "accounts", []string{"bob", "wade"}, []string{"bob"}, false},
		{"/api/v1/statuses/" + fx.id["p2"] + "/favourited_by", "accounts", []string{"vera", "wade", "tina"}, []string{"vera", "tina"}, false},
		{"/api/v1/favourites", "statuses", []string{"w1", "p1", "p2"}, []string{"p2"}, true},
		{"/api/v1/bookmarks", "statuses", []string{"w1", "p1", "p2"}, []string{"p2"}, true},
		{"/api/v1/notifications", "notifications", veraNotes, []string{"follow/tina/", "favourite/tina/v1"}, true},
		{"/api/v2/search?type=accounts&q=wade", "search.accounts", []string{"wade"}, nil, false},
		{"/api/v2/search?type=accounts&q=" + searchURL(base+"/@wade"), "search.accounts", []string{"wade"}, nil, false},
		{"/api/v1/accounts/search?q=wade", "accounts", []string{"wade"}, nil, false},
		{"/api/v2/search?type=statuses&q=zebra", "search.statuses", []string{"w1", "p1", "p2"}, []string{"p2"}, false},
		{"/api/v2/search?type=statuses&q=" + searchURL(base+"/@wade/"+fx.id["w1"]), "search.statuses", []string{"w1"}, nil, false},
		{"/api/v2/search?type=statuses&q=" + searchURL(base+"/@paul/"+fx.id["p1"]), "search.statuses", []string{"p1"}, nil, false},
		{"/api/v2/search?type=statuses&q=%23banned", "search.statuses", []string{"t1", "f1"}, nil, false},
		{"/api/v2/search?type=hashtags&q=banned", "search.hashtags", []string{"banned"}, nil, false},
		{"/api/v2/search?q=ba", "search.hashtags", []string{"banned"}, nil, false},
		{"/api/v1/trends/tags", "tags", []string{"banned", "news"}, []string{"news"}, false},
		{"/api/v1/trends", "tags", []string{"banned", "news"}, []string{"news"}, false},
		{"/api/v1/followed_tags", "tags", []string{"banned", "gardening"}, []string{"gardening"}, true},
		{"/api/v1/accounts/" + fx.aid("paul") + "/followers", "accounts", []string{"wade", "tina"}, []string{"tina"}, false},
		{"/api/v1/accounts/" + fx.aid("tina") + "/following", "accounts", []string{"wade", "paul", "vera"}, []string{"paul", "vera"}, false},
		{"/api/v1/accounts/" + fx.aid("vera") + "/followers", "accounts", []string{"wade", "tina"}, []string{"tina"}, false},
		{"/api/v1/accounts/" + fx.aid("bob") + "/statuses", "statuses", []string{"bB1", "bB2", "bB3"}, []string{"bB3"}, false},
		{"/api/v1/accounts/" + fx.aid("paul") + "/statuses", "statuses", []string{"p1", "p2", "p3", "p5"}, []string{"p2", "p3", "p5"}, false},
	}
}

func (fx *whFixture) directs() []whDirect {
	wadePost := func(rd whRound) string { return rd.wadePostNotice }
	paulPost := func(rd whRound) string { return rd.paulPostNotice }
	account := func(rd whRound) string { return rd.accountNotice }
	tag := func(rd whRound) string { return rd.tagNotice }
	wade := fx.aid("wade")
	out := []whDirect{}
	for _, l := range []string{"w1", "w2", "w3", "wB", "wB2", "bB2"} {
		out = append(out, whDirect{"/api/v1/statuses/" + fx.id[l], wadePost, "account", fx.id[l]})
	}
	for _, l := range []string{"p1", "bB1"} {
		out = append(out, whDirect{"/api/v1/statuses/" + fx.id[l], paulPost, "status", fx.id[l]})
	}
	return append(out,
		whDirect{"/api/v1/statuses/" + fx.id["w1"] + "/context", wadePost, "account", ""},
		whDirect{"/api/v1/statuses/" + fx.id["p1"] + "/context", paulPost, "status", ""},
		whDirect{"/api/v1/statuses/" + fx.id["p1"] + "/reblogged_by", paulPost, "status", ""},
		whDirect{"/api/v1/statuses/" + fx.id["w1"] + "/favourited_by", wadePost, "account", ""},
		whDirect{"/api/v1/accounts/" + wade, account, "account", wade},
		whDirect{"/api/v1/accounts/lookup?acct=wade", account, "account", wade},
		whDirect{"/api/v1/accounts/lookup?acct=@wade@" + fx.r.srv.Service.Host(), account, "account", wade},
		whDirect{"/.well-known/webfinger?resource=" + url.QueryEscape("acct:wade@"+fx.r.srv.Service.Host()), account, "account", ""},
		whDirect{"/api/v1/accounts/" + wade + "/statuses", account, "account", ""},
		whDirect{"/api/v1/accounts/" + wade + "/statuses?pinned=true", account, "account", ""},
		whDirect{"/api/v1/accounts/" + wade + "/followers", account, "account", ""},
		whDirect{"/api/v1/accounts/" + wade + "/following", account, "account", ""},
		whDirect{"/api/v1/tags/banned", tag, "hashtag", ""},
		whDirect{"/api/v1/tags/BANNED", tag, "hashtag", ""},
		whDirect{"/api/v1/timelines/tag/banned", tag, "hashtag", ""},
		whDirect{"/api/v1/accounts/" + fx.aid("fred") + "/statuses?tagged=banned", tag, "hashtag", ""},
	)
}

// whSweep reads every surface as the viewer and checks it against hidden: whether
// the round's rules (IDs in rules) apply to the viewer.
func whSweep(t *testing.T, fx *whFixture, v whViewer, rd whRound, rules whRules, hidden bool) {
	t.Helper()
	for _, l := range fx.lists() {
		if l.mine && v.token != fx.tok["vera"] {
			continue
		}
		want := l.all
		if hidden {
			want = l.shown
		}
		got := whLabels(t, fx, v, l.path, l.kind)
		if diff := cmp.Diff(whSorted(want), got, cmpNilEmpty); diff != "" {
			t.Errorf("%s (withheld: %v): GET %s %s (-want +got):\n%s", v.name, hidden, l.path, l.kind, diff)
		}
	}
	pages := map[string]bool{}
	for _, d := range fx.directs() {
		code, body, hdr := whDo(t, fx.r, v, "GET", d.path, nil)
		if !hidden {
			if code != http.StatusOK {
				t.Errorf("%s: GET %s = %d %s, want 200", v.name, d.path, code, whShort(body))
			} else if d.id != "" {
				if id, _ := whEntity(t, body)["id"].(string); id != d.id {
					t.Errorf("%s: GET %s: id %q, want %q", v.name, d.path, id, d.id)
				}
			}
			continue
		}
		if code != http.StatusUnavailableForLegalReasons {
			t.Errorf("%s: GET %s = %d %s, want 451", v.name, d.path, code, whShort(body))
			continue
		}
		rule, err := fx.r.srv.DB.Rule(context.Background(), rules[d.rule])
		if err != nil {
			t.Fatal(err)
		}
		entry := agora.LogEntryURL(fx.r.srv.URL, rule.LogIndex)
		var e map[string]any
		if err := json.Unmarshal(body, &e); err != nil || len(e) != 2 || e["error"] != d.notice(rd) || e["log_entry"] != entry {
			t.Errorf("%s: GET %s: 451 body %s, want {\"error\": %q, \"log_entry\": %q}", v.name, d.path, body, d.notice(rd), entry)
		}
		notice := fx.r.srv.URL + "/notices/" + rules[d.rule].String()
		if got, want := hdr.Values("Link"), []string{"<" + notice + `>; rel="blocked-by"`, "<" + entry + `>; rel="transparency-log-entry"`}; !slices.Equal(got, want) {
			t.Errorf("%s: GET %s: Link %q, want %q", v.name, d.path, got, want)
		}
		pages[notice] = true
	}
	for page := range pages {
		code, body, hdr := whDo(t, fx.r, v, "GET", strings.TrimPrefix(page, fx.r.srv.URL), nil)
		if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte("Withholding notice ")) {
			t.Errorf("%s: notice page %s: %d %s %s", v.name, page, code, hdr.Get("Content-Type"), whShort(body))
		}
	}
}

// whLabels reads a list and names what it holds: statuses by label, accounts by
// username, hashtags by name, notifications as type/sender/status label.
func whLabels(t *testing.T, fx *whFixture, v whViewer, path, kind string) []string {
	t.Helper()
	code, body, _ := whDo(t, fx.r, v, "GET", path, nil)
	if code != http.StatusOK {
		t.Errorf("%s: GET %s = %d %s, want 200", v.name, path, code, whShort(body))
		return nil
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if k, ok := strings.CutPrefix(kind, "search."); ok {
		doc, kind = doc.(map[string]any)[k], k
		if k == "hashtags" {
			kind = "tags"
		}
	}
	if kind == "ancestors" || kind == "descendants" {
		doc, kind = doc.(map[string]any)[kind], "statuses"
	}
	var out []string
	for _, item := range doc.([]any) {
		m := item.(map[string]any)
		switch kind {
		case "statuses":
			out = append(out, fx.statusLabel(m["id"].(string)))
		case "accounts":
			out = append(out, m["username"].(string))
		case "tags":
			out = append(out, m["name"].(string))
		case "notifications":
			s := ""
			if st, ok := m["status"].(map[string]any); ok {
				s = fx.statusLabel(st["id"].(string))
			}
			out = append(out, m["type"].(string)+"/"+m["account"].(map[string]any)["username"].(string)+"/"+s)
		default:
			t.Fatalf("unknown list kind %q", kind)
		}
	}
	return whSorted(out)
}

func (fx *whFixture) statusLabel(id string) string {
	if l, ok := fx.label[id]; ok {
		return l
	}
	return "?" + id
}

// whStatusLabels reads a list of statuses.
func whStatusLabels(t *testing.T, fx *whFixture, v whViewer, path string) []string {
	t.Helper()
	return whLabels(t, fx, v, path, "statuses")
}

func whSorted(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return out
}

func whSubset(want, got []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// whEntity decodes a JSON object.
func whEntity(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("decode %s: %v", whShort(body), err)
	}
	return m
}

// whWantMarks is how an entity under rule is marked (Twitter/X fields), nil for a
// zero rule (unmarked).
func whWantMarks(rule whRuleSpec, user bool) map[string]any {
	if len(rule.countries) == 0 {
		return nil
	}
	copyright := rule.reason == agora.ReasonCopyright
	var codes, v1 []any
	for _, c := range rule.countries {
		codes = append(codes, c)
	}
	v1 = append(v1, codes...)
	if copyright {
		v1 = append(v1, "XY")
	}
	scope, scopeV2 := "status", "tweet"
	if user {
		scope, scopeV2 = "user", "user"
	}
	return map[string]any{
		"withheld_in_countries": v1,
		"withheld_scope":        scope,
		"withheld_copyright":    copyright,
		"withheld":              map[string]any{"copyright": copyright, "country_codes": codes, "scope": scopeV2},
	}
}

// whCompareMarks checks the withholding fields of an entity.
func whCompareMarks(t *testing.T, what string, e map[string]any, want map[string]any) {
	t.Helper()
	got := map[string]any{}
	for _, k := range []string{"withheld_in_countries", "withheld_scope", "withheld_copyright", "withheld"} {
		if v, ok := e[k]; ok {
			got[k] = v
		}
	}
	if diff := cmp.Diff(want, got, cmpNilEmpty); diff != "" {
		t.Errorf("%s: withholding fields (-want +got):\n%s", what, diff)
	}
}

// whCheckMarks fetches items the viewer may see and checks how they are marked:
// with the round's rules when marked, not at all otherwise. Items: status labels,
// or "wade" for wade's account.
func whCheckMarks(t *testing.T, fx *whFixture, v whViewer, rd whRound, marked bool, items ...string) {
	t.Helper()
	var accountMarks, statusMarks map[string]any
	if marked {
		accountMarks, statusMarks = whWantMarks(rd.account, true), whWantMarks(rd.status, false)
	}
	for _, item := range items {
		path := "/api/v1/statuses/" + fx.id[item]
		if item == "wade" {
			path = "/api/v1/accounts/" + fx.aid("wade")
		}
		code, body, _ := whDo(t, fx.r, v, "GET", path, nil)
		if code != http.StatusOK {
			t.Errorf("%s: GET %s (%s) = %d %s, want 200", v.name, path, item, code, whShort(body))
			continue
		}
		e := whEntity(t, body)
		what := v.name + " " + item
		switch item {
		case "wade":
			whCompareMarks(t, what, e, accountMarks)
		case "w1", "w2": // wade's statuses carry the account's marks
			whCompareMarks(t, what, e, accountMarks)
			whCompareMarks(t, what+" account", e["account"].(map[string]any), accountMarks)
		case "p1":
			whCompareMarks(t, what, e, statusMarks)
			whCompareMarks(t, what+" account", e["account"].(map[string]any), nil)
		case "bB1": // bob's boost of p1: the boost is not marked, its original is
			whCompareMarks(t, what, e, nil)
			whCompareMarks(t, what+" reblog", e["reblog"].(map[string]any), statusMarks)
		default:
			whCompareMarks(t, what, e, nil)
		}
	}
	// In lists too.
	if v.token == fx.tok["vera"] || v.token == fx.tok["lena"] || v.token == fx.tok["adam"] {
		code, body, _ := whDo(t, fx.r, v, "GET", "/api/v1/timelines/public", nil)
		if code != http.StatusOK {
			t.Fatalf("%s: public timeline: %d", v.name, code)
		}
		var list []map[string]any
		mustJSON(t, body, &list)
		seen := 0
		for _, e := range list {
			switch fx.label[e["id"].(string)] {
			case "w1":
				whCompareMarks(t, v.name+" public timeline w1", e, accountMarks)
				seen++
			case "p1":
				whCompareMarks(t, v.name+" public timeline p1", e, statusMarks)
				seen++
			case "p2":
				whCompareMarks(t, v.name+" public timeline p2", e, nil)
				seen++
			}
		}
		if seen != 3 {
			t.Errorf("%s: public timeline holds %d of w1, p1, p2, want 3", v.name, seen)
		}
	}
}

// TestWithholdViaTag checks the one place a hashtag rule acts on statuses rather
// than on the hashtag: a public status reaches the home of someone following one of
// its hashtags only while that hashtag is not withheld in the reader's country; a
// status that reaches the home because its author is followed stays, hashtag or not.
// (TestWithholdSurfaces covers it too, with everything else going on.)
func TestWithholdViaTag(t *testing.T) {
	r := newRig(t, agoratest.SQLite, whTrusted)
	ctx := context.Background()
	for _, n := range []string{"reader", "stranger", "friend"} {
		r.mustAccount(n)
	}
	reader, stranger, friend := r.passwordLogin("reader"), r.passwordLogin("stranger"), r.passwordLogin("friend")
	me, err := friend.GetAccountCurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reader.AccountFollow(ctx, me.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := reader.TagFollow(ctx, "quiet"); err != nil {
		t.Fatal(err)
	}
	viaTag := post(t, stranger, &mastodon.Toot{Status: "a stranger on #quiet and #loud", Visibility: "public"})
	byFriend := post(t, friend, &mastodon.Toot{Status: "a friend on #quiet", Visibility: "public"})
	home := func(country string) []string {
		code, body, _ := whDo(t, r, whViewer{token: reader.Config.AccessToken, country: country}, "GET", "/api/v1/timelines/home", nil)
		if code != http.StatusOK {
			t.Fatalf("home: %d %s", code, body)
		}
		var list []*mastodon.Status
		mustJSON(t, body, &list)
		return ids(list)
	}
	both := []string{string(byFriend.ID), string(viaTag.ID)}
	if got := home("IN"); !cmp.Equal(got, both) {
		t.Fatalf("home before the rule = %v, want %v", got, both)
	}
	rule, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "#quiet", Countries: []string{"IN"}, Reason: "legal_demand"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := home("IN"), both[:1]; !cmp.Equal(got, want) {
		t.Errorf("home in IN with #quiet withheld = %v, want only the friend's %v", got, want)
	}
	if got := home("DE"); !cmp.Equal(got, both) {
		t.Errorf("home in DE with #quiet withheld in IN = %v, want %v", got, both)
	}
	// #loud is not followed: it does not deliver, so the status stays out.
	if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "#loud", Countries: []string{"DE"}, Reason: "legal_demand"}); err != nil {
		t.Fatal(err)
	}
	if got := home("DE"); !cmp.Equal(got, both) {
		t.Errorf("home in DE with #loud withheld there = %v, want %v (delivered through #quiet)", got, both)
	}
	if _, err := r.srv.Service.LiftRule(ctx, nil, rule.ID); err != nil {
		t.Fatal(err)
	}
	if got := home("IN"); !cmp.Equal(got, both) {
		t.Errorf("home in IN after lifting = %v, want %v", got, both)
	}
}

// TestWithholdSpoofing checks that a country header or X-Forwarded-For from a peer
// outside the trusted proxies changes nothing, while the same headers from a
// trusted proxy do (so the test can tell the two apart).
func TestWithholdSpoofing(t *testing.T) {
	db := geoiptest.MustWriteDB(t) // 192.0.2.0/24 is IN
	spoofs := []map[string]string{
		{"CF-IPCountry": "IN"},
		{"X-Forwarded-For": "192.0.2.7"},
		{"X-Forwarded-For": "192.0.2.7, 10.0.0.1"},
		{"CF-IPCountry": "IN", "X-Forwarded-For": "192.0.2.7"},
	}
	for _, tt := range []struct {
		name    string
		trusted string
		inRule  int // what a status withheld in IN answers
	}{
		{"untrusted peer", "10.0.0.0/8", http.StatusOK},
		{"trusted peer", "10.0.0.0/8,127.0.0.1/32", http.StatusUnavailableForLegalReasons},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, agoratest.SQLite, func(c *app.Config) {
				c.CountryHeader, c.TrustedProxies, c.GeoIPDB = "CF-IPCountry", tt.trusted, db
			})
			r.mustAccount("poster")
			poster := r.passwordLogin("poster")
			inSt := post(t, poster, &mastodon.Toot{Status: "withheld in India", Visibility: "public"})
			xxSt := post(t, poster, &mastodon.Toot{Status: "withheld everywhere", Visibility: "public"})
			ctx := context.Background()
			for id, cs := range map[mastodon.ID][]string{inSt.ID: {"IN"}, xxSt.ID: {"XX"}} {
				if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(id), Countries: cs, Reason: "legal_demand"}); err != nil {
					t.Fatal(err)
				}
			}
			for _, hdr := range spoofs {
				get := func(path string) (int, []byte) {
					req, _ := http.NewRequest("GET", r.srv.URL+path, nil)
					for k, v := range hdr {
						req.Header.Set(k, v)
					}
					resp, err := r.hc.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					defer resp.Body.Close()
					b, _ := io.ReadAll(resp.Body)
					return resp.StatusCode, b
				}
				if code, body := get("/api/v1/statuses/" + string(inSt.ID)); code != tt.inRule {
					t.Errorf("%v: status withheld in IN = %d %s, want %d", hdr, code, whShort(body), tt.inRule)
				}
				if code, body := get("/api/v1/statuses/" + string(xxSt.ID)); code != http.StatusUnavailableForLegalReasons {
					t.Errorf("%v: status withheld in XX = %d %s, want 451", hdr, code, whShort(body))
				}
				code, body := get("/api/v1/timelines/public")
				var list []*mastodon.Status
				mustJSON(t, body, &list)
				want := []string{}
				if tt.inRule == http.StatusOK {
					want = []string{string(inSt.ID)}
				}
				if got := ids(list); code != http.StatusOK || !cmp.Equal(got, want, cmpNilEmpty) {
					t.Errorf("%v: public timeline = %d %v, want %v", hdr, code, got, want)
				}
			}
		})
	}
}

// TestWithholdCLI runs the real `agora withhold` in its own process against the
// database of a running server: the server enforces the rule within a second of
// the command's exit, and its lifting too.
func TestWithholdCLI(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "agora")
	build := exec.Command("go", "build", "-o", bin, "./cmd/agora")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			dsn := agoratest.DSN(t, b)
			r := newRig(t, b, agoratest.WithDB(dsn), whTrusted)
			r.mustAccount("poster")
			st := post(t, r.passwordLogin("poster"), &mastodon.Toot{Status: "soon withheld", Visibility: "public"})
			in := whViewer{name: "anonymous@IN", country: "IN"}
			path := "/api/v1/statuses/" + string(st.ID)
			run := func(args ...string) string {
				t.Helper()
				cmd := exec.Command(bin, args...)
				cmd.Env = append(os.Environ(), "AGORA_CONFIG=")
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("agora %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
				}
				return stdout.String()
			}
			await := func(want int, what string) {
				t.Helper()
				exited := time.Now()
				for {
					sent := time.Since(exited)
					code, _, _ := whDo(t, r, in, "GET", path, nil)
					if sent > time.Second {
						t.Fatalf("%s: GET %s from IN still answers %d a second after the command exited, want %d", what, path, code, want)
					}
					if code == want {
						t.Logf("%s: %d from a request sent %v after the command exited", what, want, sent.Round(time.Millisecond))
						return
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			whExpectStatus(t, r, in, path, http.StatusOK)
			out := run("withhold", "--status", string(st.ID), "--countries", "IN", "--db", dsn)
			await(http.StatusUnavailableForLegalReasons, "withhold")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			ruleID := strings.TrimSpace(lines[len(lines)-1])
			if _, err := agora.ParseID(ruleID); err != nil {
				t.Fatalf("last line of the output %q is not a rule ID", out)
			}
			whExpectStatus(t, r, whViewer{name: "anonymous@DE", country: "DE"}, path, http.StatusOK)
			run("withhold", "lift", "--db", dsn, ruleID)
			await(http.StatusOK, "lift")
		})
	}
}

// TestWithholdConcurrentReads runs readers while rules are created and lifted: a
// read that starts after Withhold returns (the rule is committed) never shows the
// status, and a read that starts after LiftRule returns always does.
func TestWithholdConcurrentReads(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testWithholdConcurrentReads(t, b) })
	}
}

func testWithholdConcurrentReads(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b, whTrusted)
	r.mustAccount("poster")
	st := post(t, r.passwordLogin("poster"), &mastodon.Toot{Status: "watched closely", Visibility: "public"})
	statusPath := "/api/v1/statuses/" + string(st.ID)
	type read struct {
		start, end time.Time
		what       string
		hidden     bool
	}
	var (
		mu    sync.Mutex
		reads []read
		errs  []string
		stop  = make(chan struct{})
		wg    sync.WaitGroup
	)
	client := &http.Client{Transport: r.tr}
	get := func(path string) (int, []byte, error) {
		req, _ := http.NewRequest("GET", r.srv.URL+path, nil)
		req.Header.Set(whHeader, "IN")
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, body, err
	}
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				path := statusPath
				if (n+i)%2 == 1 {
					path = "/api/v1/timelines/public?limit=5"
				}
				start := time.Now()
				code, body, err := get(path)
				var rd read
				switch {
				case err != nil:
					mu.Lock()
					errs = append(errs, fmt.Sprintf("GET %s: %v", path, err))
					mu.Unlock()
					continue
				case path == statusPath && (code == http.StatusOK || code == http.StatusUnavailableForLegalReasons):
					rd = read{start, time.Now(), "status", code == http.StatusUnavailableForLegalReasons}
				case path != statusPath && code == http.StatusOK:
					rd = read{start, time.Now(), "public timeline", !bytes.Contains(body, []byte(`"id":"`+string(st.ID)+`"`))}
				default:
					mu.Lock()
					errs = append(errs, fmt.Sprintf("GET %s = %d %s", path, code, whShort(body)))
					mu.Unlock()
					continue
				}
				mu.Lock()
				reads = append(reads, rd)
				mu.Unlock()
			}
		}()
	}
	// Each round: visible, then withheld from when Withhold returns until LiftRule
	// is called, then visible again from when LiftRule returns.
	var rounds []whRoundTimes
	ctx := context.Background()
	for range 5 {
		time.Sleep(60 * time.Millisecond)
		var rd whRoundTimes
		rd.withholdCalled = time.Now()
		rule, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: string(st.ID), Countries: []string{"IN"}, Reason: "legal_demand"})
		rd.withheld = time.Now()
		if err != nil {
			close(stop)
			wg.Wait()
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		rd.liftCalled = time.Now()
		_, err = r.srv.Service.LiftRule(ctx, nil, rule.ID)
		rd.lifted = time.Now()
		if err != nil {
			close(stop)
			wg.Wait()
			t.Fatal(err)
		}
		rounds = append(rounds, rd)
	}
	time.Sleep(60 * time.Millisecond)
	close(stop)
	wg.Wait()
	for _, e := range errs {
		t.Error(e)
	}
	// A read that started after Withhold returned and ended before LiftRule was
	// called must not show the status; one that started after LiftRule returned
	// and ended before the next Withhold was called must. Reads overlapping a call
	// may show either.
	var checked [2]int // withheld, visible
	for _, rd := range reads {
		want := ""
		if rd.end.Before(rounds[0].withholdCalled) {
			want = "shown"
		}
		for i, ro := range rounds {
			next := time.Now().Add(time.Hour)
			if i+1 < len(rounds) {
				next = rounds[i+1].withholdCalled
			}
			switch {
			case rd.start.After(ro.withheld) && rd.end.Before(ro.liftCalled):
				want = "hidden"
			case rd.start.After(ro.lifted) && rd.end.Before(next):
				want = "shown"
			}
		}
		switch {
		case want == "hidden" && !rd.hidden:
			t.Errorf("a read of the %s started %v after the rule committed showed the status", rd.what, rd.start.Sub(whRoundOf(rounds, rd.start)))
		case want == "shown" && rd.hidden:
			t.Errorf("a read of the %s started and ended while no rule was in force did not show the status", rd.what)
		case want == "hidden":
			checked[0]++
		case want == "shown":
			checked[1]++
		}
	}
	t.Logf("%d reads: %d while withheld, %d while not", len(reads), checked[0], checked[1])
	if checked[0] < 20 || checked[1] < 20 {
		t.Errorf("too few reads checked (%d withheld, %d visible) for the test to mean something", checked[0], checked[1])
	}
}

// whRoundOf returns when the latest rule committed before t, for messages.
func whRoundOf(rounds []whRoundTimes, t time.Time) time.Time {
	var last time.Time
	for _, r := range rounds {
		if r.withheld.Before(t) {
			last = r.withheld
		}
	}
	return last
}

// whRoundTimes is one round of TestWithholdConcurrentReads: when Withhold was
// called and returned, and when LiftRule was called and returned.
type whRoundTimes struct{ withholdCalled, withheld, liftCalled, lifted time.Time }
