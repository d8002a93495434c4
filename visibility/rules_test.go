package visibility

import (
	"context"
	"slices"
	"testing"
	"time"

	"agora"
)

// Accounts of the tests in this file, by ID.
const (
	idAuthor agora.ID = 1 + iota
	idFollower
	idMentioned
	idOther
	idBooster
	idStaff
	idBlocked
)

func acct(id agora.ID) *agora.Account { return &agora.Account{ID: id, Username: "u" + id.String()} }

func TestMayRead(t *testing.T) {
	viewers := []struct {
		name    string
		viewer  *agora.Account
		follows bool
	}{
		{"anonymous", nil, false},
		{"author", acct(idAuthor), false},
		{"follower", acct(idFollower), true},
		{"mentioned", acct(idMentioned), false},
		{"other", acct(idOther), false},
	}
	// want[visibility] lists, in the order of viewers, whether each may read.
	want := map[agora.Visibility][]bool{
		agora.VisibilityPublic:   {true, true, true, true, true},
		agora.VisibilityUnlisted: {true, true, true, true, true},
		agora.VisibilityPrivate:  {false, true, true, true, false},
		agora.VisibilityDirect:   {false, true, false, true, false},
	}
	for vis, wants := range want {
		st := &agora.Status{ID: 100, AccountID: idAuthor, Visibility: vis, Mentions: []agora.ID{idMentioned}}
		for i, v := range viewers {
			t.Run(string(vis)+"/"+v.name, func(t *testing.T) {
				if got := MayRead(v.viewer, st, v.follows); got != wants[i] {
					t.Errorf("MayRead = %v, want %v", got, wants[i])
				}
			})
		}
	}
}

func TestHiddenBy(t *testing.T) {
	by := func(author agora.ID, mentions ...agora.ID) *agora.Status {
		return &agora.Status{ID: 100, AccountID: author, Visibility: agora.VisibilityPublic, Mentions: mentions}
	}
	set := func(ids ...agora.ID) map[agora.ID]bool {
		m := map[agora.ID]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	blocking := &agora.AccountFilter{Blocking: set(idAuthor, idBlocked)}
	blockedBy := &agora.AccountFilter{BlockedBy: set(idAuthor)}
	muting := &agora.AccountFilter{Muting: set(idAuthor)}
	me := acct(idOther)
	tests := []struct {
		name   string
		viewer *agora.Account
		st     *agora.Status
		f      *agora.AccountFilter
		list   bool // hidden in mode List
		direct bool // hidden in mode Direct
	}{
		{"anonymous", nil, by(idAuthor), blocking, false, false},
		{"no filter", me, by(idAuthor), nil, false, false},
		{"empty filter", me, by(idAuthor), &agora.AccountFilter{}, false, false},
		{"author blocked by the viewer", me, by(idAuthor), blocking, true, false},
		{"author blocks the viewer", me, by(idAuthor), blockedBy, true, true},
		{"author muted", me, by(idAuthor), muting, true, false},
		{"mentions an account the viewer blocks", me, by(idFollower, idBlocked), blocking, true, false},
		{"mentions an account that blocks the viewer", me, by(idFollower, idAuthor), blockedBy, false, false},
		{"mentions a muted account", me, by(idFollower, idAuthor), muting, false, false},
		{"unrelated", me, by(idFollower, idMentioned), blocking, false, false},
		{"own status, mentioning a blocked account", acct(idAuthor), by(idAuthor, idBlocked), blocking, false, false},
		{"own status, own account in the filter", acct(idAuthor), by(idAuthor), blockedBy, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HiddenBy(tt.viewer, tt.st, tt.f, List); got != tt.list {
				t.Errorf("List: HiddenBy = %v, want %v", got, tt.list)
			}
			if got := HiddenBy(tt.viewer, tt.st, tt.f, Direct); got != tt.direct {
				t.Errorf("Direct: HiddenBy = %v, want %v", got, tt.direct)
			}
		})
	}
}

// testNow is the clock of the gates of these tests.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// gateWith returns a gate holding the rules, with unknown countries open or
// closed.
func gateWith(closed bool, rules ...*agora.Rule) *Gate {
	g := New(Config{BaseURL: "https://example.org", UnknownCountryClosed: closed}, nil, nil, func() time.Time { return testNow }, nil)
	g.rules.applyLocked(rules, 1)
	return g
}

func statusRule(id, status agora.ID, countries ...string) *agora.Rule {
	return &agora.Rule{ID: id, Kind: agora.SubjectStatus, SubjectID: status, Countries: countries, Reason: agora.ReasonLegalDemand}
}

func accountRule(id, account agora.ID, countries ...string) *agora.Rule {
	return &agora.Rule{ID: id, Kind: agora.SubjectAccount, SubjectID: account, Countries: countries, Reason: agora.ReasonLegalDemand}
}

// A withholding rule hides a status from a viewer it covers (an XX rule everyone;
// a country rule viewers in any of their countries named; with no country known,
// no one unless unknown countries fail closed) unless the viewer owns the status
// or has legal staff access that has not ended.
func TestSnapshot_withholdingCoverage(t *testing.T) {
	legal := &agora.Account{ID: idStaff, Role: agora.RoleLegal}
	admin := &agora.Account{ID: idStaff, Role: agora.RoleAdmin}
	ended := &agora.Account{ID: idStaff, Role: agora.RoleLegal, AccessUntil: testNow}
	ending := &agora.Account{ID: idStaff, Role: agora.RoleLegal, AccessUntil: testNow.Add(time.Hour)}
	moderator := &agora.Account{ID: idStaff, Role: agora.RoleModerator}
	tests := []struct {
		name      string
		rule      *agora.Rule // on status 100 by idAuthor, or on idAuthor
		viewer    *agora.Account
		countries []string
		closed    bool
		want      bool
	}{
		{"IN rule, viewer in IN", statusRule(1, 100, "IN"), acct(idOther), []string{"IN"}, false, true},
		{"IN rule, anonymous in IN", statusRule(1, 100, "IN"), nil, []string{"IN"}, false, true},
		{"IN rule, viewer in DE", statusRule(1, 100, "IN"), acct(idOther), []string{"DE"}, false, false},
		{"IN,PK rule, viewer in PK", statusRule(1, 100, "IN", "PK"), acct(idOther), []string{"PK"}, false, true},
		{"IN rule, viewer in DE and IN", statusRule(1, 100, "IN"), acct(idOther), []string{"DE", "IN"}, false, true},
		{"IN rule, viewer in DE and FR", statusRule(1, 100, "IN"), acct(idOther), []string{"DE", "FR"}, false, false},
		{"IN rule, unknown, open", statusRule(1, 100, "IN"), acct(idOther), nil, false, false},
		{"IN rule, unknown, closed", statusRule(1, 100, "IN"), acct(idOther), nil, true, true},
		{"IN rule, known country, closed", statusRule(1, 100, "IN"), acct(idOther), []string{"DE"}, true, false},
		{"XX rule, viewer in DE", statusRule(1, 100, "XX"), acct(idOther), []string{"DE"}, false, true},
		{"XX rule, unknown, open", statusRule(1, 100, "XX"), nil, nil, false, true},
		{"account rule, viewer in IN", accountRule(1, idAuthor, "IN"), acct(idOther), []string{"IN"}, false, true},
		{"account rule, viewer in DE", accountRule(1, idAuthor, "IN"), acct(idOther), []string{"DE"}, false, false},
		{"rule on another status", statusRule(1, 101, "IN"), acct(idOther), []string{"IN"}, false, false},
		{"rule on another account", accountRule(1, idOther, "IN"), acct(idOther), []string{"IN"}, false, false},
		// Exemptions.
		{"owner, status rule", statusRule(1, 100, "XX"), acct(idAuthor), []string{"IN"}, false, false},
		{"owner, account rule", accountRule(1, idAuthor, "XX"), acct(idAuthor), []string{"IN"}, false, false},
		{"legal staff", statusRule(1, 100, "XX"), legal, []string{"IN"}, true, false},
		{"admin", accountRule(1, idAuthor, "XX"), admin, []string{"IN"}, true, false},
		{"legal staff whose access ends later", statusRule(1, 100, "IN"), ending, []string{"IN"}, false, false},
		{"legal staff whose access ended", statusRule(1, 100, "IN"), ended, []string{"IN"}, false, true},
		{"moderator", statusRule(1, 100, "IN"), moderator, []string{"IN"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gateWith(tt.closed, tt.rule)
			s := g.Snapshot(agora.WithCountries(context.Background(), tt.countries...), tt.viewer)
			st := &agora.Status{ID: 100, AccountID: idAuthor, Visibility: agora.VisibilityPublic}
			x := g.rules
			if got := s.statusHitsLocked(x, st, nil) != nil; got != tt.want {
				t.Errorf("statusHitsLocked hit = %v, want %v", got, tt.want)
			}
			if got := s.statusHiddenLocked(x, st.ID, st.AccountID); got != tt.want {
				t.Errorf("statusHiddenLocked = %v, want %v", got, tt.want)
			}
			if tt.rule.Kind == agora.SubjectAccount {
				if got := s.accountHiddenLocked(x, idAuthor); got != tt.want {
					t.Errorf("accountHiddenLocked = %v, want %v", got, tt.want)
				}
				_, err := s.Account(acct(idAuthor))
				if got := agora.ErrorCode(err) == agora.EWITHHELD; got != tt.want {
					t.Errorf("Account: %v, want withheld %v", err, tt.want)
				}
			}
		})
	}
}

// A boost is withheld when a rule covering the viewer is on it, on its booster,
// on the original or on the original's author; each owner is exempt only from
// the rules on their own part.
func TestSnapshot_statusHitsLockedBoosts(t *testing.T) {
	orig := &agora.Status{ID: 100, AccountID: idAuthor, Visibility: agora.VisibilityPublic}
	boost := &agora.Status{ID: 200, AccountID: idBooster, ReblogOfID: 100, Visibility: agora.VisibilityPublic}
	tests := []struct {
		name   string
		rule   *agora.Rule
		viewer agora.ID
		want   []agora.ID // rules hit
	}{
		{"no rule", nil, idOther, nil},
		{"rule on the original", statusRule(1, 100, "IN"), idOther, []agora.ID{1}},
		{"rule on the original's author", accountRule(1, idAuthor, "IN"), idOther, []agora.ID{1}},
		{"rule on the booster", accountRule(1, idBooster, "IN"), idOther, []agora.ID{1}},
		{"rule on the boost", statusRule(1, 200, "IN"), idOther, []agora.ID{1}},
		{"rule elsewhere", statusRule(1, 100, "DE"), idOther, nil},
		{"rule on the original, read by its author", statusRule(1, 100, "IN"), idAuthor, nil},
		{"rule on the original's author, read by the booster", accountRule(1, idAuthor, "IN"), idBooster, []agora.ID{1}},
		{"rule on the booster, read by the booster", accountRule(1, idBooster, "IN"), idBooster, nil},
		{"rule on the booster, read by the original's author", accountRule(1, idBooster, "IN"), idAuthor, []agora.ID{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rules []*agora.Rule
			if tt.rule != nil {
				rules = append(rules, tt.rule)
			}
			g := gateWith(false, rules...)
			s := g.Snapshot(agora.WithCountries(context.Background(), "IN"), acct(tt.viewer))
			var got []agora.ID
			for _, r := range s.statusHitsLocked(g.rules, boost, orig) {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rules hit %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMarks_Merge(t *testing.T) {
	read := func(gen uint64) Marks { return Marks{Gen: gen, read: true} }
	tests := []struct {
		name    string
		m, o    Marks
		wantGen uint64
		read    bool
	}{
		{"older into newer", read(5), read(3), 3, true},
		{"newer into older", read(3), read(5), 3, true},
		{"equal", read(4), read(4), 4, true},
		{"read into zero", Marks{}, read(7), 7, true},
		{"zero into read", read(7), Marks{}, 7, true},
		{"generation 0 into read", read(7), read(0), 0, true},
		{"zero into zero", Marks{}, Marks{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			m.Merge(tt.o)
			if m.Gen != tt.wantGen || m.read != tt.read {
				t.Errorf("Merge: Gen %d read %v, want %d %v", m.Gen, m.read, tt.wantGen, tt.read)
			}
		})
	}
	t.Run("maps", func(t *testing.T) {
		w := &agora.Withholding{Countries: []string{"IN"}}
		var m Marks
		m.Merge(Marks{read: true, statuses: map[agora.ID]*agora.Withholding{1: w}, hiddenStatuses: map[agora.ID]bool{1: true}})
		m.Merge(Marks{read: true, accounts: map[agora.ID]*agora.Withholding{2: w}, hiddenAccounts: map[agora.ID]bool{2: true}})
		if m.Status(1) != w || m.Account(2) != w || !m.HidesAccount(2) || m.HidesAccount(1) {
			t.Errorf("merged marks lost something: %+v", m)
		}
		if !m.HidesReplyTo(&agora.Status{InReplyToID: 1, InReplyToAccountID: 9}) {
			t.Error("merged marks do not hide the reply to status 1")
		}
	})
}

func TestMarks_Redacts(t *testing.T) {
	m := Marks{read: true, hiddenStatuses: map[agora.ID]bool{10: true}, hiddenAccounts: map[agora.ID]bool{20: true}}
	tests := []struct {
		name      string
		m         Marks
		st        *agora.Status
		want      bool
		hideReply bool
	}{
		{"nothing hidden", Marks{}, &agora.Status{InReplyToID: 10, InReplyToAccountID: 20, Mentions: []agora.ID{20}}, false, false},
		{"plain status", m, &agora.Status{}, false, false},
		{"reply to a hidden status", m, &agora.Status{InReplyToID: 10, InReplyToAccountID: 30}, true, true},
		{"reply to a hidden account's status", m, &agora.Status{InReplyToID: 11, InReplyToAccountID: 20}, true, true},
		{"reply to a visible status", m, &agora.Status{InReplyToID: 11, InReplyToAccountID: 30}, false, false},
		{"mentions a hidden account", m, &agora.Status{Mentions: []agora.ID{30, 20}}, true, false},
		{"mentions visible accounts", m, &agora.Status{Mentions: []agora.ID{30, 31}}, false, false},
		{"written by a hidden account (kept: its owner or staff reads)", m, &agora.Status{AccountID: 20}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Redacts(tt.st); got != tt.want {
				t.Errorf("Redacts = %v, want %v", got, tt.want)
			}
			if got := tt.m.HidesReplyTo(tt.st); got != tt.hideReply {
				t.Errorf("HidesReplyTo = %v, want %v", got, tt.hideReply)
			}
		})
	}
}

// The marks a snapshot reads note what a kept status refers to that is withheld
// from the viewer, and nothing for viewers exempt from the rules.
func TestSnapshot_statusMarksHidden(t *testing.T) {
	g := gateWith(false, statusRule(1, 100, "IN"), accountRule(2, idMentioned, "IN"))
	reply := &agora.Status{ID: 300, AccountID: idOther, InReplyToID: 100, InReplyToAccountID: idAuthor, Mentions: []agora.ID{idMentioned, idFollower}}
	tests := []struct {
		name      string
		viewer    *agora.Account
		countries []string
		hideReply bool
		hideMen   bool
	}{
		{"covered", acct(idOther), []string{"IN"}, true, true},
		{"anonymous, covered", nil, []string{"IN"}, true, true},
		{"elsewhere", acct(idOther), []string{"DE"}, false, false},
		{"the parent's author", acct(idAuthor), []string{"IN"}, false, true},
		{"the mentioned account", acct(idMentioned), []string{"IN"}, true, false},
		{"legal staff", &agora.Account{ID: idStaff, Role: agora.RoleLegal}, []string{"IN"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := g.Snapshot(agora.WithCountries(context.Background(), tt.countries...), tt.viewer)
			m := s.statusMarksLocked(g.rules, []*agora.Status{reply}, nil)
			if got := m.HidesReplyTo(reply); got != tt.hideReply {
				t.Errorf("HidesReplyTo = %v, want %v", got, tt.hideReply)
			}
			if got := m.HidesAccount(idMentioned); got != tt.hideMen {
				t.Errorf("HidesAccount(mentioned) = %v, want %v", got, tt.hideMen)
			}
			if m.HidesAccount(idFollower) {
				t.Error("HidesAccount(an account without rules) = true")
			}
			if got := m.Redacts(reply); got != (tt.hideReply || tt.hideMen) {
				t.Errorf("Redacts = %v, want %v", got, tt.hideReply || tt.hideMen)
			}
		})
	}
}

// Uncounted names the statuses and accounts whose rules cover the viewer, except
// the viewer's own, and nothing for staff or when no rule is in force.
func TestSnapshot_Uncounted(t *testing.T) {
	rules := []*agora.Rule{statusRule(1, 100, "IN"), statusRule(2, 101, "DE"), accountRule(3, idAuthor, "IN"), accountRule(4, idOther, "XX")}
	tests := []struct {
		name      string
		rules     []*agora.Rule
		viewer    *agora.Account
		countries []string
		want      agora.Uncounted
	}{
		{"no rules", nil, acct(idOther), []string{"IN"}, agora.Uncounted{}},
		{"hashtag rule only", []*agora.Rule{{ID: 9, Kind: agora.SubjectHashtag, Hashtag: "x", Countries: []string{"IN"}}}, nil, []string{"IN"}, agora.Uncounted{}},
		{"anonymous in IN", rules, nil, []string{"IN"}, agora.Uncounted{Statuses: []agora.ID{100}, Accounts: []agora.ID{idAuthor, idOther}}},
		{"anonymous in DE", rules, nil, []string{"DE"}, agora.Uncounted{Statuses: []agora.ID{101}, Accounts: []agora.ID{idOther}}},
		{"viewer in IN and DE", rules, acct(idFollower), []string{"IN", "DE"}, agora.Uncounted{Statuses: []agora.ID{100, 101}, Accounts: []agora.ID{idAuthor, idOther}, Except: idFollower}},
		{"withheld account in IN", rules, acct(idOther), []string{"IN"}, agora.Uncounted{Statuses: []agora.ID{100}, Accounts: []agora.ID{idAuthor}, Except: idOther}},
		{"legal staff", rules, &agora.Account{ID: idStaff, Role: agora.RoleLegal}, []string{"IN"}, agora.Uncounted{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gateWith(false, tt.rules...)
			got, err := g.Snapshot(agora.WithCountries(context.Background(), tt.countries...), tt.viewer).Uncounted()
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got.Statuses)
			slices.Sort(got.Accounts)
			if !slices.Equal(got.Statuses, tt.want.Statuses) || !slices.Equal(got.Accounts, tt.want.Accounts) || got.Except != tt.want.Except {
				t.Errorf("Uncounted = %+v, want %+v", got, tt.want)
			}
		})
	}
	t.Run("stale", func(t *testing.T) {
		g := gateWith(false)
		g.rules.stale = true
		if _, err := g.Snapshot(context.Background(), nil).Uncounted(); err != ErrStale {
			t.Errorf("Uncounted with stale rules: %v, want ErrStale", err)
		}
	})
}
