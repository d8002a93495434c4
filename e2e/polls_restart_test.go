package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora/agoratest"
	"agora/sqlstore"
)

// TestPolls_EndAfterRestart: a poll that ends while the server is down is
// announced by the server's own sweep once it is back, from what the database
// holds: the author and the voter get one poll notification each.
func TestPolls_EndAfterRestart(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testPollsEndAfterRestart(t, b) })
	}
}

func testPollsEndAfterRestart(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	ctx := context.Background()
	r.mustAccount("alice")
	r.mustAccount("bob")
	alice, bob := r.passwordLogin("alice"), r.passwordLogin("bob")
	st := post(t, alice, &mastodon.Toot{Status: "before or after?", Poll: &mastodon.TootPoll{Options: []string{"before", "after"}, ExpiresInSeconds: 300}})
	if _, err := bob.PollVote(ctx, st.ID, 1); err != nil {
		t.Fatal(err)
	}
	dsn := r.srv.DSN
	r.srv.Stop(t)

	// While it is down, the poll's time runs out.
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `UPDATE polls SET expires_at = expires_at - 600000`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	r.srv = agoratest.MustRunServer(t, b, agoratest.WithDB(dsn))
	alice, bob = r.client(alice.Config.AccessToken), r.client(bob.Config.AccessToken)
	polls := func(c *mastodon.Client) int {
		ns, err := c.GetNotifications(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range ns {
			if x.Type == "poll" && x.Status != nil && x.Status.ID == st.ID {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(10 * time.Second)
	for polls(alice) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if a, b := polls(alice), polls(bob); a != 1 || b != 1 {
		t.Errorf("after the restart: alice has %d poll notifications, bob %d; want 1 each", a, b)
	}
	if p, err := bob.GetPoll(ctx, st.ID); err != nil || !p.Expired || p.Options[1].VotesCount != 1 {
		t.Errorf("the poll after the restart: %+v %v", p, err)
	}
}
