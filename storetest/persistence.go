package storetest

import (
	"testing"
	"time"

	"agora"
)

// testPersistence writes one of everything, reopens the database and reads it all
// back, twice, writing in between, so migrations must not be applied again.
func testPersistence(t *testing.T, s agora.Store, reopen func(t *testing.T, s agora.Store) agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	st := f.status(alice, "kept #tag @bob", func(s *agora.Status) {
		s.Tags, s.Mentions = []string{"tag"}, []agora.ID{bob.ID}
	})
	fl := f.follow(bob, alice)
	app := f.application("client")
	id := ids.New()
	tok := &agora.Token{ID: id, Hash: "h", ApplicationID: app.ID, AccountID: alice.ID,
		Scopes: agora.Scopes{"read"}, CreatedAt: id.Time()}
	mustOK(t, s.CreateToken(t.Context(), tok), "CreateToken")
	m := &agora.Marker{AccountID: bob.ID, Timeline: "home", LastReadID: st.ID, UpdatedAt: ms(time.Now())}
	mustOK(t, s.SaveMarker(t.Context(), m), "SaveMarker")
	alice, bob = f.reload(alice), f.reload(bob)

	for round := range 2 {
		s = reopen(t, s)
		f = newFixture(t, s)
		equal(t, "alice", f.reload(alice), alice)
		equal(t, "bob", f.reload(bob), bob)
		equal(t, "status", f.reloadStatus(st), st)
		followers, err := s.Followers(t.Context(), alice.ID, agora.Page{})
		mustOK(t, err, "Followers")
		equal(t, "followers", followers, []*agora.Follow{fl})
		gotApp, err := s.ApplicationByClientID(t.Context(), "client")
		mustOK(t, err, "ApplicationByClientID")
		equal(t, "application", gotApp, app)
		gotTok, err := s.TokenByHash(t.Context(), "h")
		mustOK(t, err, "TokenByHash")
		equal(t, "token", gotTok, tok)
		markers, err := s.Markers(t.Context(), bob.ID, []string{"home"})
		mustOK(t, err, "Markers")
		equal(t, "markers", markers, []*agora.Marker{m})

		if round == 0 {
			f.status(bob, "after reopen")
			bob = f.reload(bob)
		}
	}
	n, err := s.CountStatuses(t.Context())
	mustOK(t, err, "CountStatuses")
	if n != 2 {
		t.Errorf("CountStatuses = %d, want 2", n)
	}
}
