package e2e

import (
	"context"
	"strings"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/legalapi/wire"
	"agora/service"
)

// TestLegal_TargetForms: an order's targets are resolved from what people paste
// (URLs with a trailing slash, a query or a fragment, the other scheme, Mastodon's
// web and ActivityPub paths, handles with this host, angle brackets and spaces),
// and what stays unresolved says why (issue "The other parties": the desk as a new
// user tries it).
func TestLegal_TargetForms(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			r := newRig(t, b)
			_, tok := lgStaff(t, r, "lena", agora.RoleLegal, lgAllScopes)
			lc := r.legal(tok)
			people := lgPopulate(t, r, 2, func(i int) string { return lgName(i) + " on #banned" })
			alice, bob := people.acct[0], people.acct[1]
			sA := people.status[0]
			ctx := context.Background()
			gone, err := r.srv.Service.PostStatus(ctx, r.srv.Service.As(ctx, alice), service.NewStatus{Text: "soon gone", Visibility: "public"})
			if err != nil {
				t.Fatal(err)
			}
			sGone := gone.Statuses[0].ID
			if _, err := r.srv.Service.DeleteStatus(ctx, r.srv.Service.As(ctx, alice), sGone); err != nil {
				t.Fatal(err)
			}

			base := r.srv.URL // http://127.0.0.1:port
			host := strings.TrimPrefix(base, "http://")
			a, bb := "account "+alice.ID.String(), "account "+bob.ID.String()
			st := "status " + sA
			// want is what each target names ("account ID", "status ID",
			// "hashtag name"), or for an unresolved one words of its cause.
			cases := []struct{ input, want string }{
				{"@u0000", a},
				{base + "/@u0000/", a},
				{base + "/@u0000?ref=x", a},
				{base + "/@u0000#top", a},
				{"  <" + base + "/@u0000>  ", a},
				{"https://" + host + "/@u0000", a},
				{"HTTP://" + host + "/@u0000/", a},
				{base + "/web/@u0000", a},
				{base + "/users/u0000", a},
				{"@u0000@" + host, a},
				{"u0000@" + host, a},
				{"acct:u0000@" + host, a},
				{"<@u0001>", bb},
				{base + "/@u0000/" + sA, st},
				{base + "/@u0000/" + sA + "/?ref=x#reply", st},
				{"https://" + host + "/web/@u0000/" + sA, st},
				{base + "/users/u0000/statuses/" + sA, st},
				{sA, st},
				{base + "/tags/Banned/?page=2", "hashtag banned"},
				{base + "/@u0001/" + sA, "cause: status " + sA + " is not by @u0001"},
				{base + "/@nobody/" + sA, "cause: no account @nobody"},
				{"https://elsewhere.example/@someone", "cause: names another server: elsewhere.example"},
				{"someone@elsewhere.example", "cause: names another server: elsewhere.example"},
				{"acct:someone@elsewhere.example", "cause: names another server: elsewhere.example"},
				{"@nobody", "cause: no account @nobody"},
				{"nobody@" + host, "cause: no account @nobody"},
				{sGone.String(), "cause: no status " + sGone.String() + " on this instance (deleted, or never existed)"},
				{base + "/@u0000/" + sGone.String(), "cause: no status " + sGone.String()},
				{"999999999999999", "cause: no status 999999999999999"},
				{base + "/@u0000/12x", `cause: "12x" is not a status ID`},
				{"", "cause: empty"},
				{"   ", "cause: empty"},
				{base + "/about", `cause: the path "/about" is not one agora knows`},
			}
			inputs := make([]string, len(cases))
			for i, c := range cases {
				inputs[i] = c.input
			}
			o := lc.order(wire.OrderInput{Reference: "pasted", TerritorialScope: []string{"IN"}, Targets: inputs})
			got := lc.targets(o.ID, "")
			if len(got) != len(cases) {
				t.Fatalf("%d targets listed, want %d", len(got), len(cases))
			}
			first := map[string]string{} // what a target names -> the first target naming it
			for i, c := range cases {
				tg := got[i]
				if tg.Input != c.input {
					t.Errorf("target %d: input %q, want %q", i+1, tg.Input, c.input)
					continue
				}
				if cause, ok := strings.CutPrefix(c.want, "cause: "); ok {
					if tg.Resolution != "unresolved" || tg.Cause == nil || !strings.Contains(*tg.Cause, cause) {
						t.Errorf("target %q: %s, cause %q; want unresolved saying %q", c.input, tg.Resolution, lgStr(tg.Cause), cause)
					}
					continue
				}
				names := lgStr(tg.Kind) + " " + lgStr(tg.SubjectID)
				if lgStr(tg.Kind) == "hashtag" {
					names = "hashtag " + lgStr(tg.Hashtag)
				}
				want, dupOf := "resolved", ""
				if id, seen := first[c.want]; seen {
					want, dupOf = "duplicate", id
				} else {
					first[c.want] = tg.ID
				}
				if names != c.want || tg.Resolution != want || lgStr(tg.DuplicateOf) != dupOf || tg.Cause != nil {
					t.Errorf("target %q: %s %s (duplicate of %q, cause %q); want %s %s (duplicate of %q)",
						c.input, tg.Resolution, names, lgStr(tg.DuplicateOf), lgStr(tg.Cause), want, c.want, dupOf)
				}
			}
		})
	}
}
