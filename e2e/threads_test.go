package e2e

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-mastodon"

	"agora/agoratest"
)

// TestThreadContext covers GET /api/v1/statuses/:id/context on a conversation of
// several levels and branches with a private reply in it.
func TestThreadContext(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testThreadContext(t, b) })
	}
}

func testThreadContext(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	for _, name := range []string{"alice", "bob", "carol", "dave", "erin"} {
		r.mustAccount(name)
	}
	ac, bc, cc := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol")
	dc, ec := r.passwordLogin("dave"), r.passwordLogin("erin")
	anon := r.client("")
	carol, err := cc.GetAccountCurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dc.AccountFollow(ctx, carol.ID); err != nil { // dave follows carol, erin does not
		t.Fatal(err)
	}

	// The conversation, posted in this order:
	//
	//	root  alice
	//	├─ a0    alice (to herself)
	//	│  └─ b2    bob
	//	├─ b1    bob
	//	│  ├─ c1    carol, private, mentions bob
	//	│  └─ a1    alice
	//	│     └─ b3    bob
	//	└─ c2    carol
	reply := func(c *mastodon.Client, to *mastodon.Status, text, vis string) *mastodon.Status {
		return post(t, c, &mastodon.Toot{Status: text, InReplyToID: to.ID, Visibility: vis})
	}
	root := post(t, ac, &mastodon.Toot{Status: "What shall we read next?"})
	a0 := reply(ac, root, "Some ideas: a thread", "")
	b1 := reply(bc, root, "@alice Something long", "")
	b2 := reply(bc, a0, "@alice Good ideas", "")
	c1 := reply(cc, b1, "@bob just between us and my followers", "private")
	a1 := reply(ac, b1, "@bob How long?", "unlisted")
	c2 := reply(cc, root, "@alice Poetry!", "")
	b3 := reply(bc, a1, "@alice Very", "")
	s := func(list ...*mastodon.Status) []string { return ids(list) }

	withPrivate := s(a0, b2, b1, c1, a1, b3, c2)
	withoutPrivate := s(a0, b2, b1, a1, b3, c2)
	viewers := map[string]*mastodon.Client{"carol": cc, "bob": bc, "dave": dc, "erin": ec, "alice": ac, "anonymous": anon}
	seesPrivate := map[string]bool{"carol": true, "bob": true, "dave": true}

	for name, c := range viewers {
		rootDown, b1Down := withoutPrivate, s(a1, b3)
		if seesPrivate[name] {
			rootDown, b1Down = withPrivate, s(c1, a1, b3)
		}
		for _, tc := range []struct {
			of                     *mastodon.Status
			ancestors, descendants []string
		}{
			{root, nil, rootDown},
			{b1, s(root), b1Down},
			{a1, s(root, b1), s(b3)},
			{b3, s(root, b1, a1), nil},
			{b2, s(root, a0), nil},
			{c2, s(root), nil},
		} {
			got, err := c.GetStatusContext(ctx, tc.of.ID)
			if err != nil {
				t.Errorf("%s: context of %s: %v", name, tc.of.Content, err)
				continue
			}
			if diff := cmp.Diff(tc.ancestors, ids(got.Ancestors), cmpNilEmpty); diff != "" {
				t.Errorf("%s: ancestors of %s (-want +got):\n%s", name, tc.of.Content, diff)
			}
			if diff := cmp.Diff(tc.descendants, ids(got.Descendants), cmpNilEmpty); diff != "" {
				t.Errorf("%s: descendants of %s (-want +got):\n%s", name, tc.of.Content, diff)
			}
		}
		// The private reply itself.
		got, err := c.GetStatusContext(ctx, c1.ID)
		if !seesPrivate[name] {
			if !isStatus(err, http.StatusNotFound) {
				t.Errorf("%s: context of the private reply: %v, want 404", name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: context of the private reply: %v", name, err)
			continue
		}
		if diff := cmp.Diff(s(root, b1), ids(got.Ancestors)); diff != "" || len(got.Descendants) != 0 {
			t.Errorf("%s: context of the private reply: ancestors (-want +got):\n%s descendants %v", name, diff, ids(got.Descendants))
		}
	}

	// Statuses in a context are whole statuses, with their reply links.
	got, err := dc.GetStatusContext(ctx, b3.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p := got.Ancestors[2]; p.InReplyToID != string(b1.ID) || p.Account.Username != "alice" || p.Visibility != "unlisted" {
		t.Errorf("ancestor a1 = in_reply_to %v, by %s, %s", p.InReplyToID, p.Account.Username, p.Visibility)
	}
	st, err := anon.GetStatus(ctx, root.ID)
	if err != nil || st.RepliesCount != 3 {
		t.Errorf("root replies_count = %v, %v; want 3", st, err)
	}
}

// TestDeleteStatus covers DELETE /api/v1/statuses/:id: the owner gets the status
// back with its source text; anyone else gets 403 and changes nothing.
func TestDeleteStatus(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testDeleteStatus(t, b) })
	}
}

func testDeleteStatus(t *testing.T, b agoratest.Backend) {
	ctx := context.Background()
	r := newRig(t, b)
	alice := r.mustAccount("alice")
	r.mustAccount("bob")
	ac, bc := r.passwordLogin("alice"), r.passwordLogin("bob")
	anon := r.client("")
	aliceID := mastodon.ID(alice.ID.String())
	if _, err := bc.AccountFollow(ctx, aliceID); err != nil {
		t.Fatal(err)
	}
	statusesCount := func() int64 {
		t.Helper()
		a, err := anon.GetAccount(ctx, aliceID)
		if err != nil {
			t.Fatal(err)
		}
		return a.StatusesCount
	}

	keep := post(t, ac, &mastodon.Toot{Status: "keep me"})
	const text = "Delete #Me & <b>this</b>, @bob"
	gone := post(t, ac, &mastodon.Toot{Status: text, SpoilerText: "cw", InReplyToID: keep.ID})
	if n := statusesCount(); n != 2 {
		t.Fatalf("statuses_count = %d, want 2", n)
	}
	parent, err := anon.GetStatus(ctx, keep.ID)
	if err != nil || parent.RepliesCount != 1 {
		t.Fatalf("parent before delete: %+v, %v", parent, err)
	}

	// Bob may not delete alice's status, and nothing changes.
	status, body, _ := r.do("DELETE", "/api/v1/statuses/"+string(gone.ID), bc.Config.AccessToken, "", "")
	if status != http.StatusForbidden {
		t.Errorf("bob deletes alice's status: %d %s, want 403", status, body)
	}
	if n := statusesCount(); n != 2 {
		t.Errorf("statuses_count after a refused delete = %d, want 2", n)
	}
	if _, err := anon.GetStatus(ctx, gone.ID); err != nil {
		t.Errorf("status after a refused delete: %v", err)
	}
	home, err := bc.GetTimelineHome(ctx, nil)
	if err != nil || !slices.Contains(ids(home), string(gone.ID)) {
		t.Errorf("bob's home after a refused delete lacks the status: %v, %v", ids(home), err)
	}

	status, body, _ = r.do("DELETE", "/api/v1/statuses/"+string(gone.ID), ac.Config.AccessToken, "", "")
	if status != http.StatusOK {
		t.Fatalf("alice deletes her status: %d %s", status, body)
	}
	var deleted struct {
		ID          string  `json:"id"`
		Text        *string `json:"text"`
		Content     string  `json:"content"`
		SpoilerText string  `json:"spoiler_text"`
		InReplyToID *string `json:"in_reply_to_id"`
		Tags        []struct {
			Name string `json:"name"`
		} `json:"tags"`
		Mentions []struct {
			Username string `json:"username"`
		} `json:"mentions"`
	}
	mustJSON(t, body, &deleted)
	if deleted.ID != string(gone.ID) || deleted.Text == nil || *deleted.Text != text || deleted.Content != gone.Content ||
		deleted.SpoilerText != "cw" || deleted.InReplyToID == nil || *deleted.InReplyToID != string(keep.ID) ||
		len(deleted.Tags) != 1 || deleted.Tags[0].Name != "me" || len(deleted.Mentions) != 1 || deleted.Mentions[0].Username != "bob" {
		t.Errorf("deleted status = %s", body)
	}
	if n := statusesCount(); n != 1 {
		t.Errorf("statuses_count after delete = %d, want 1", n)
	}
	if _, err := anon.GetStatus(ctx, gone.ID); !isStatus(err, http.StatusNotFound) {
		t.Errorf("GET deleted status: %v, want 404", err)
	}
	if parent, err := anon.GetStatus(ctx, keep.ID); err != nil || parent.RepliesCount != 0 {
		t.Errorf("parent after delete: replies_count %v, %v; want 0", parent, err)
	}
	if status, _, _ := r.do("DELETE", "/api/v1/statuses/"+string(gone.ID), ac.Config.AccessToken, "", ""); status != http.StatusNotFound {
		t.Errorf("deleting again: %d, want 404", status)
	}
	if status, _, _ := r.do("DELETE", "/api/v1/statuses/"+string(keep.ID), "", "", ""); status != http.StatusUnauthorized {
		t.Errorf("anonymous delete: %d, want 401", status)
	}
	if n := statusesCount(); n != 1 {
		t.Errorf("statuses_count at the end = %d, want 1", n)
	}
}
