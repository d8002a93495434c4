package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	"agora/oauth"
	"agora/service"
)

// TestWithholdTagCounts checks that a hashtag's history of use (its page, its
// entry in search results) and trends do not count the posts withheld from the
// viewer, by a rule on the post or on its author, so that counts do not reveal
// them; viewers elsewhere and legal staff count every post, and an owner counts
// their own withheld posts.
//
// #zeta is used today by pia (whose account is withheld in IN) and twice by ann,
// once in a status withheld in IN.
func TestWithholdTagCounts(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testWithholdTagCounts(t, b) })
	}
}

func testWithholdTagCounts(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b, whTrusted)
	tok := map[string]string{}
	for _, n := range []string{"pia", "ann", "vic"} {
		r.mustAccount(n)
		tok[n] = r.passwordLogin(n).Config.AccessToken
	}
	if _, err := r.srv.Service.CreateAccount(ctx, oauth.NewAccount{Username: "lena", Email: "lena@example.org", Password: "password-lena", Role: agora.RoleLegal}); err != nil {
		t.Fatal(err)
	}
	tok["lena"] = r.passwordLogin("lena").Config.AccessToken
	post(t, r.client(tok["pia"]), &mastodon.Toot{Status: "pia on #zeta", Visibility: "public"})
	post(t, r.client(tok["ann"]), &mastodon.Toot{Status: "ann on #zeta", Visibility: "public"})
	secret := post(t, r.client(tok["ann"]), &mastodon.Toot{Status: "ann again on #zeta", Visibility: "public"})

	type counts struct{ uses, accounts int }
	read := func(v whViewer) map[string]counts {
		t.Helper()
		out := map[string]counts{}
		cl := whClient(r, v.token, v.country)
		info, err := cl.TagInfo(ctx, "zeta")
		if err != nil {
			t.Fatalf("%s: tag: %v", v.name, err)
		}
		out["tag"] = counts{info.History[0].Uses, info.History[0].Accounts}
		var trends []*mastodon.Tag
		code, body, _ := whDo(t, r, v, "GET", "/api/v1/trends/tags", nil)
		if code != http.StatusOK {
			t.Fatalf("%s: trends: %d %s", v.name, code, body)
		}
		mustJSON(t, body, &trends)
		out["trends"] = counts{-1, -1}
		for _, tag := range trends {
			if tag.Name == "zeta" {
				out["trends"] = tagCounts(t, tag)
			}
		}
		res, err := cl.Search(ctx, "#zeta", false)
		if err != nil {
			t.Fatalf("%s: search: %v", v.name, err)
		}
		out["search"] = counts{-1, -1}
		for _, tag := range res.Hashtags {
			if tag.Name == "zeta" {
				out["search"] = tagCounts(t, tag)
			}
		}
		return out
	}
	viewer := func(name, country string) whViewer {
		return whViewer{name: name + "@" + country, token: tok[name], country: country}
	}
	check := func(when string, v whViewer, uses, accounts int) {
		t.Helper()
		for surface, got := range read(v) {
			if want := (counts{uses, accounts}); got != want {
				t.Errorf("%s: %s: %s counts #zeta %+v, want %+v", when, v.name, surface, got, want)
			}
		}
	}
	check("before the rules", viewer("vic", "IN"), 3, 2)

	for _, subject := range []string{"@pia", string(secret.ID)} {
		if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: subject, Countries: []string{"IN"}, Reason: "legal_demand", Origin: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		v              whViewer
		uses, accounts int
	}{
		{viewer("vic", "IN"), 1, 1},
		{whViewer{name: "anonymous@IN", country: "IN"}, 1, 1},
		{viewer("vic", "DE"), 3, 2},
		{viewer("vic", ""), 3, 2},
		{viewer("vic", "DE,IN"), 1, 1},
		{viewer("pia", "IN"), 2, 2}, // her own post, not ann's withheld one
		{viewer("ann", "IN"), 2, 1}, // both of hers, not pia's
		{viewer("lena", "IN"), 3, 2},
	} {
		check("with the rules", tt.v, tt.uses, tt.accounts)
	}
}

// tagCounts reads today's use from a hashtag entity as go-mastodon decodes it.
func tagCounts(t *testing.T, tag *mastodon.Tag) struct{ uses, accounts int } {
	t.Helper()
	if len(tag.History) == 0 {
		t.Fatalf("#%s has no history", tag.Name)
	}
	var c struct{ uses, accounts int }
	if _, err := fmt.Sscan(tag.History[0].Uses, &c.uses); err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Sscan(tag.History[0].Accounts, &c.accounts); err != nil {
		t.Fatal(err)
	}
	return c
}
