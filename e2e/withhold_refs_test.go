package e2e

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/oauth"
	"agora/service"
)

// countryTransport sets the country header of the test servers on every request.
type countryTransport struct {
	base    http.RoundTripper
	country string
}

func (t countryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.country != "" {
		req = req.Clone(req.Context())
		req.Header.Set(whHeader, t.country)
	}
	return t.base.RoundTrip(req)
}

// whClient is a go-mastodon client with the token ("" for anonymous) whose
// requests come from the country ("" for none), through the rig's schema check.
func whClient(r *rig, token, country string) *mastodon.Client {
	c := r.client(token)
	c.Client.Transport = countryTransport{base: r.tr, country: country}
	return c
}

// TestWithholdReferences checks that a visible status does not reveal, to viewers
// in the countries where they are withheld, the status it replies to
// (in_reply_to_id, in_reply_to_account_id) nor an account it mentions (left out
// of mentions, and its link in the content replaced by "@…"), on every surface
// that shows the status: by ID, the home timeline, public lists (the hashtag
// timeline and the author's statuses: the public timeline leaves out replies to
// others), a thread, the notification of the mention and search. Viewers elsewhere, the owner of what is
// withheld and legal staff still see them. The viewers take turns, covered and
// not, so that an encoding kept for one is never served to the other.
//
// The thread is pia's p, rob's reply r mentioning vic, pia, max and lena, and
// rob's reply c to r. Each case withholds something in IN.
func TestWithholdReferences(t *testing.T) {
	for _, tt := range []struct {
		name    string
		subject string // "p" for pia's status, else an account
		owner   string // who owns what the rule withholds
		// What r hides from a covered viewer.
		hideReply bool
		hidden    []string // mentioned accounts
	}{
		{"status rule on the parent", "p", "pia", true, nil},
		{"account rule on the parent's author", "@pia", "pia", true, []string{"pia"}},
		{"account rule on a mentioned account", "@max", "max", false, []string{"max"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, agoratest.SQLite, whTrusted)
			acct := map[string]*agora.Account{}
			for _, n := range []string{"pia", "rob", "max", "vic"} {
				acct[n] = r.mustAccount(n)
			}
			lena, err := r.srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: "lena", Email: "lena@example.org", Password: "password-lena", Role: agora.RoleLegal})
			if err != nil {
				t.Fatal(err)
			}
			acct["lena"] = lena
			tok := map[string]string{}
			for n := range acct {
				tok[n] = r.passwordLogin(n).Config.AccessToken
			}
			// A reply to someone else reaches the homes of those who follow both.
			for _, n := range []string{"vic", "pia", "max", "lena"} {
				for _, f := range []string{"rob", "pia"} {
					if n == f {
						continue
					}
					if _, err := r.client(tok[n]).AccountFollow(ctx, mastodon.ID(acct[f].ID.String())); err != nil {
						t.Fatalf("%s follows %s: %v", n, f, err)
					}
				}
			}
			p := post(t, r.client(tok["pia"]), &mastodon.Toot{Status: "the parent", Visibility: "public"})
			rs := post(t, r.client(tok["rob"]), &mastodon.Toot{Status: "@vic @pia @max @lena quixotic reply #quixotic", Visibility: "public", InReplyToID: p.ID})
			c := post(t, r.client(tok["rob"]), &mastodon.Toot{Status: "and on", Visibility: "public", InReplyToID: rs.ID})

			subject := tt.subject
			if subject == "p" {
				subject = string(p.ID)
			}
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: subject, Countries: []string{"IN"}, Reason: "legal_demand", Origin: "test"}); err != nil {
				t.Fatal(err)
			}

			type viewer struct {
				name, country string
				redacted      bool
			}
			// Covered and not in turn, both ways round.
			viewers := []viewer{
				{"vic", "DE", false},
				{"vic", "IN", true},
				{"vic", "DE", false},
				{tt.owner, "IN", false},
				{"vic", "IN", true},
				{"lena", "IN", false},
				{"vic", "IN", true},
				{"vic", "", false},
			}
			base := r.srv.URL
			check := func(t *testing.T, v viewer, where string, st *mastodon.Status) {
				t.Helper()
				what := fmt.Sprintf("%s@%s: %s", v.name, v.country, where)
				if st == nil {
					t.Errorf("%s: r is missing", what)
					return
				}
				hideReply := v.redacted && tt.hideReply
				if gotNil := st.InReplyToID == nil; gotNil != hideReply {
					t.Errorf("%s: in_reply_to_id = %v, want hidden %v", what, st.InReplyToID, hideReply)
				} else if !hideReply && fmt.Sprint(st.InReplyToID) != string(p.ID) {
					t.Errorf("%s: in_reply_to_id = %v, want %s", what, st.InReplyToID, p.ID)
				}
				if gotNil := st.InReplyToAccountID == nil; gotNil != hideReply {
					t.Errorf("%s: in_reply_to_account_id = %v, want hidden %v", what, st.InReplyToAccountID, hideReply)
				} else if !hideReply && fmt.Sprint(st.InReplyToAccountID) != acct["pia"].ID.String() {
					t.Errorf("%s: in_reply_to_account_id = %v, want pia's", what, st.InReplyToAccountID)
				}
				var wantMentions, gotMentions []string
				for _, n := range []string{"vic", "pia", "max", "lena"} {
					hidden := v.redacted && slices.Contains(tt.hidden, n)
					if !hidden {
						wantMentions = append(wantMentions, n)
					}
					link := `href="` + base + `/@` + n + `"`
					if got := strings.Contains(st.Content, link); got == hidden {
						t.Errorf("%s: content links @%s: %v, want %v: %s", what, n, got, !hidden, st.Content)
					}
					if hidden && strings.Contains(st.Content, n) {
						t.Errorf("%s: content names %s: %s", what, n, st.Content)
					}
				}
				for _, m := range st.Mentions {
					gotMentions = append(gotMentions, m.Username)
					if a := acct[m.Username]; a == nil || string(m.ID) != a.ID.String() || m.URL != base+"/@"+m.Username {
						t.Errorf("%s: mention %+v", what, m)
					}
				}
				if !slices.Equal(gotMentions, wantMentions) {
					t.Errorf("%s: mentions %v, want %v", what, gotMentions, wantMentions)
				}
				if v.redacted && len(tt.hidden) > 0 && !strings.Contains(st.Content, "@\u2026") {
					t.Errorf("%s: content does not read @\u2026 for the withheld mention: %s", what, st.Content)
				}
			}
			find := func(list []*mastodon.Status) *mastodon.Status {
				for _, s := range list {
					if s.ID == rs.ID {
						return s
					}
				}
				return nil
			}
			// Each surface is read by every viewer in turn, so that what one
			// viewer's read keeps is there for the next one's.
			robID := mastodon.ID(acct["rob"].ID.String())
			surfaces := []struct {
				name string
				anon bool // read anonymously too
				read func(cl *mastodon.Client) (*mastodon.Status, error)
			}{
				{"status by ID", true, func(cl *mastodon.Client) (*mastodon.Status, error) { return cl.GetStatus(ctx, rs.ID) }},
				{"home", false, func(cl *mastodon.Client) (*mastodon.Status, error) {
					list, err := cl.GetTimelineHome(ctx, nil)
					return find(list), err
				}},
				// The public timeline leaves out replies to others: the hashtag
				// timeline and the author's statuses are the public lists of r.
				{"hashtag timeline", true, func(cl *mastodon.Client) (*mastodon.Status, error) {
					list, err := cl.GetTimelineHashtag(ctx, "quixotic", false, nil)
					return find(list), err
				}},
				{"rob's statuses", true, func(cl *mastodon.Client) (*mastodon.Status, error) {
					list, err := cl.GetAccountStatuses(ctx, robID, nil)
					return find(list), err
				}},
				{"context of c", true, func(cl *mastodon.Client) (*mastodon.Status, error) {
					thread, err := cl.GetStatusContext(ctx, c.ID)
					if err != nil {
						return nil, err
					}
					return find(thread.Ancestors), nil
				}},
				{"notification of the mention", false, func(cl *mastodon.Client) (*mastodon.Status, error) {
					notes, err := cl.GetNotifications(ctx, nil)
					for _, n := range notes {
						if n.Type == "mention" && n.Status != nil && n.Status.ID == rs.ID {
							return n.Status, nil
						}
					}
					return nil, err
				}},
				{"search", false, func(cl *mastodon.Client) (*mastodon.Status, error) {
					res, err := cl.Search(ctx, "quixotic", false)
					if err != nil {
						return nil, err
					}
					return find(res.Statuses), nil
				}},
			}
			for round := range 2 { // the second round reads what the first may have kept
				for _, sf := range surfaces {
					for _, v := range viewers {
						where := fmt.Sprintf("round %d, %s", round, sf.name)
						st, err := sf.read(whClient(r, tok[v.name], v.country))
						if err != nil {
							t.Fatalf("%s@%s: %s: %v", v.name, v.country, where, err)
						}
						check(t, v, where, st)
						if !sf.anon {
							continue
						}
						anon := viewer{"anonymous", v.country, v.country == "IN"}
						if st, err = sf.read(whClient(r, "", v.country)); err != nil {
							t.Fatalf("anonymous@%s: %s: %v", v.country, where, err)
						}
						check(t, anon, where, st)
					}
				}
			}
		})
	}
}
