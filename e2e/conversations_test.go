package e2e

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/service"
)

// TestConversations drives direct conversations through go-mastodon (answers
// checked against the schema): one per thread and participants for each of
// them, unread for those who did not write last, paging, read, delete, and
// someone else's conversation is 404.
func TestConversations(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			for _, n := range []string{"alice", "bob", "carol"} {
				r.mustAccount(n)
			}
			alice, bob, carol := r.passwordLogin("alice"), r.passwordLogin("bob"), r.passwordLogin("carol")
			convs := func(c *mastodon.Client, pg *mastodon.Pagination) []*mastodon.Conversation {
				t.Helper()
				list, err := c.GetConversations(ctx, pg)
				if err != nil {
					t.Fatal(err)
				}
				return list
			}
			names := func(cv *mastodon.Conversation) (out []string) {
				for _, a := range cv.Accounts {
					out = append(out, a.Username)
				}
				return out
			}
			d1 := post(t, alice, &mastodon.Toot{Status: "@bob a secret", Visibility: "direct"})
			post(t, alice, &mastodon.Toot{Status: "public, no conversation"})
			bc := convs(bob, nil)
			if len(bc) != 1 || !bc[0].Unread || bc[0].LastStatus == nil || bc[0].LastStatus.ID != d1.ID || len(names(bc[0])) != 1 || names(bc[0])[0] != "alice" {
				t.Fatalf("bob's conversations: %+v, want one unread with alice ending in %s", bc, d1.ID)
			}
			ac := convs(alice, nil)
			if len(ac) != 1 || ac[0].Unread || names(ac[0])[0] != "bob" {
				t.Fatalf("alice's conversations: %+v, want one read, with bob", ac)
			}
			// bob answers in the thread: the same conversations, now unread for alice.
			d2 := post(t, bob, &mastodon.Toot{Status: "@alice got it", Visibility: "direct", InReplyToID: d1.ID})
			ac2 := convs(alice, nil)
			if len(ac2) != 1 || ac2[0].ID != ac[0].ID || !ac2[0].Unread || ac2[0].LastStatus.ID != d2.ID {
				t.Fatalf("alice's conversations after bob's answer: %+v, want %s unread ending in %s", ac2, ac[0].ID, d2.ID)
			}
			// A new thread with bob and carol is another conversation, the newest.
			d3 := post(t, alice, &mastodon.Toot{Status: "@bob @carol all three", Visibility: "direct"})
			ac3 := convs(alice, nil)
			if len(ac3) != 2 || ac3[0].LastStatus.ID != d3.ID || len(ac3[0].Accounts) != 2 || ac3[1].ID != ac[0].ID {
				t.Fatalf("alice's conversations: %+v, want the three-way one first", ac3)
			}
			// Paging by last status, with a Link header.
			var page []map[string]any
			hdr := getJSON(t, r, "/api/v1/conversations?limit=1", alice.Config.AccessToken, &page)
			next, _ := links(t, r, hdr)
			if len(page) != 1 || page[0]["id"] != string(ac3[0].ID) || next == "" {
				t.Fatalf("first page %v, next %q", page, next)
			}
			getJSON(t, r, next, alice.Config.AccessToken, &page)
			if len(page) != 1 || page[0]["id"] != string(ac[0].ID) {
				t.Fatalf("second page %v, want %s", page, ac[0].ID)
			}
			// Read and delete are the owner's alone.
			for _, p := range []string{"/api/v1/conversations/" + string(ac[0].ID) + "/read"} {
				if code, body, _ := r.do("POST", p, carol.Config.AccessToken, "", ""); code != http.StatusNotFound {
					t.Errorf("carol reads alice's conversation: %d %s, want 404", code, body)
				}
			}
			if code, body, _ := r.do("DELETE", "/api/v1/conversations/"+string(ac[0].ID), bob.Config.AccessToken, "", ""); code != http.StatusNotFound {
				t.Errorf("bob deletes alice's conversation: %d %s, want 404", code, body)
			}
			if err := alice.MarkConversationAsRead(ctx, ac[0].ID); err != nil {
				t.Fatal(err)
			}
			if got := convs(alice, nil); got[1].Unread {
				t.Errorf("after read: %+v still unread", got[1])
			}
			if err := bob.DeleteConversation(ctx, bc[0].ID); err != nil {
				t.Fatal(err)
			}
			if got := convs(bob, nil); len(got) != 1 || got[0].LastStatus.ID != d3.ID {
				t.Errorf("bob's conversations after deleting one: %+v, want the three-way one", got)
			}
			if got := convs(alice, nil); len(got) != 2 {
				t.Errorf("alice's conversations after bob deleted his: %d, want 2", len(got))
			}
			if cc := convs(carol, nil); len(cc) != 1 || len(cc[0].Accounts) != 2 {
				t.Errorf("carol's conversations: %+v, want one with alice and bob", cc)
			}
			// Deleting the last status moves a conversation back to the one
			// before, and removes one with none left.
			if err := bob.DeleteStatus(ctx, d2.ID); err != nil {
				t.Fatal(err)
			}
			if err := alice.DeleteStatus(ctx, d3.ID); err != nil {
				t.Fatal(err)
			}
			if got := convs(alice, nil); len(got) != 1 || got[0].ID != ac[0].ID || got[0].LastStatus.ID != d1.ID {
				t.Errorf("alice's conversations after the deletes: %+v, want %s ending in %s", got, ac[0].ID, d1.ID)
			}
			if cc := convs(carol, nil); len(cc) != 0 {
				t.Errorf("carol's conversations after the only status went: %+v, want none", cc)
			}
		})
	}
}

// TestConversations_Withheld: a conversation whose last status is withheld in
// the viewer's country is left out there, and reading it is a 451; elsewhere
// it shows.
func TestConversations_Withheld(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b, whTrusted)
			r.mustAccount("reader")
			r.mustAccount("banned")
			reader, banned := r.passwordLogin("reader"), r.passwordLogin("banned")
			post(t, banned, &mastodon.Toot{Status: "@reader psst", Visibility: "direct"})
			list, err := reader.GetConversations(ctx, nil)
			if err != nil || len(list) != 1 {
				t.Fatalf("conversations: %v %v", list, err)
			}
			if _, err := r.srv.Service.Withhold(ctx, nil, service.NewRule{Subject: "@banned", Countries: []string{"IN"}, Reason: "legal_demand"}); err != nil {
				t.Fatal(err)
			}
			v := whViewer{name: "reader", token: reader.Config.AccessToken}
			for country, want := range map[string]int{"IN": 0, "DE": 1} {
				v.country = country
				code, body, _ := whDo(t, r, v, "GET", "/api/v1/conversations", nil)
				var got []map[string]any
				mustJSON(t, body, &got)
				if code != http.StatusOK || len(got) != want {
					t.Errorf("%s: %d conversations (%d %s), want %d", country, len(got), code, body, want)
				}
				code, body, _ = whDo(t, r, v, "POST", "/api/v1/conversations/"+string(list[0].ID)+"/read", url.Values{})
				if wantCode := map[string]int{"IN": 451, "DE": 200}[country]; code != wantCode {
					t.Errorf("%s: read %d %s, want %d", country, code, body, wantCode)
				}
			}
		})
	}
}

// TestStatusMute: muting a conversation sets Status.muted for the viewer and
// stops notifications about the thread's statuses until unmuted.
func TestStatusMute(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			r := newRig(t, b)
			r.mustAccount("op")
			r.mustAccount("talker")
			op, talker := r.passwordLogin("op"), r.passwordLogin("talker")
			root := post(t, op, &mastodon.Toot{Status: "a busy thread"})
			notes := func() int {
				t.Helper()
				ns, err := op.GetNotifications(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				return len(ns)
			}
			post(t, talker, &mastodon.Toot{Status: "@op first", InReplyToID: root.ID})
			if n := notes(); n != 1 {
				t.Fatalf("%d notifications before the mute, want 1", n)
			}
			var st map[string]any
			listDo(t, r, op.Config.AccessToken, "POST", "/api/v1/statuses/"+string(root.ID)+"/mute", url.Values{}, http.StatusOK, &st)
			if st["muted"] != true {
				t.Errorf("after mute: muted = %v", st["muted"])
			}
			if got, err := op.GetStatus(ctx, root.ID); err != nil || got.Muted != true {
				t.Errorf("GET after mute: muted = %v (%v)", got.Muted, err)
			}
			reply := post(t, talker, &mastodon.Toot{Status: "@op second", InReplyToID: root.ID})
			if _, err := talker.Favourite(ctx, root.ID); err != nil {
				t.Fatal(err)
			}
			if n := notes(); n != 1 {
				t.Errorf("%d notifications after the mute, want still 1", n)
			}
			// The reply is in the muted thread too.
			if got, err := op.GetStatus(ctx, reply.ID); err != nil || got.Muted != true {
				t.Errorf("a reply in the muted thread: muted = %v (%v)", got.Muted, err)
			}
			// talker sees nothing muted.
			if got, err := talker.GetStatus(ctx, root.ID); err != nil || got.Muted != false {
				t.Errorf("another reader: muted = %v (%v)", got.Muted, err)
			}
			listDo(t, r, op.Config.AccessToken, "POST", "/api/v1/statuses/"+string(root.ID)+"/unmute", url.Values{}, http.StatusOK, &st)
			if st["muted"] != false {
				t.Errorf("after unmute: muted = %v", st["muted"])
			}
			post(t, talker, &mastodon.Toot{Status: "@op third", InReplyToID: root.ID})
			if n := notes(); n != 2 {
				t.Errorf("%d notifications after the unmute, want 2", n)
			}
			listDo(t, r, op.Config.AccessToken, "POST", "/api/v1/statuses/123/mute", url.Values{}, http.StatusNotFound, nil)
		})
	}
}
