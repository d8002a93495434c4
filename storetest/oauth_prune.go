package storetest

import (
	"testing"
	"time"

	"agora"
)

var authPruneTests = []test{
	{"PruneAuth", testPruneAuth},
}

// testPruneAuth makes codes and tokens of every age and state and checks that
// PruneAuth deletes exactly the old ones nothing needs: a code whose token
// lives is kept however old, so that its replay can still revoke the token.
func testPruneAuth(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	alice := f.account("alice")
	app := f.application("prune")
	now := time.Now()
	before := now.Add(-7 * 24 * time.Hour)
	old, recent := before.Add(-time.Hour), before.Add(time.Hour)

	code := func(hash string, expires time.Time) {
		t.Helper()
		mustOK(t, s.CreateAuthCode(ctx, &agora.AuthCode{Hash: hash, ApplicationID: app.ID, AccountID: alice.ID,
			Scopes: agora.Scopes{"read"}, RedirectURI: agora.OOBRedirect, ExpiresAt: expires}), "CreateAuthCode "+hash)
	}
	token := func(hash string) *agora.Token {
		id := ids.New()
		return &agora.Token{ID: id, Hash: hash, ApplicationID: app.ID, AccountID: alice.ID, Scopes: agora.Scopes{"read"}, CreatedAt: id.Time()}
	}
	// Codes: old without a token; recent without a token; old with a live
	// token; old with a token revoked long ago; old with a token revoked lately.
	code("old-none", old)
	code("recent-none", recent)
	code("old-live", old)
	mustOK(t, s.CreateCodeToken(ctx, "old-live", token("tok-live")), "CreateCodeToken")
	code("old-dead", old)
	mustOK(t, s.CreateCodeToken(ctx, "old-dead", token("tok-dead")), "CreateCodeToken")
	mustOK(t, s.RevokeToken(ctx, "tok-dead", old), "RevokeToken")
	code("old-fresh", old)
	mustOK(t, s.CreateCodeToken(ctx, "old-fresh", token("tok-fresh")), "CreateCodeToken")
	mustOK(t, s.RevokeToken(ctx, "tok-fresh", recent), "RevokeToken")
	// Tokens without codes: revoked long ago, revoked lately, live.
	for _, tk := range []string{"plain-dead", "plain-fresh", "plain-live"} {
		mustOK(t, s.CreateToken(ctx, token(tk)), "CreateToken "+tk)
	}
	mustOK(t, s.RevokeToken(ctx, "plain-dead", old), "RevokeToken")
	mustOK(t, s.RevokeToken(ctx, "plain-fresh", recent), "RevokeToken")

	codes, tokens, err := s.PruneAuth(ctx, before)
	mustOK(t, err, "PruneAuth")
	if codes != 3 || tokens != 2 {
		t.Errorf("PruneAuth deleted %d codes and %d tokens; want 3 (old-none, old-dead, old-fresh) and 2 (tok-dead, plain-dead)", codes, tokens)
	}
	for hash, want := range map[string]bool{"old-none": false, "recent-none": true, "old-live": true, "old-dead": false, "old-fresh": false} {
		_, err := s.TakeAuthCode(ctx, hash, now)
		if got := agora.ErrorCode(err) != agora.ENOTFOUND; got != want {
			t.Errorf("code %s kept = %v (%v), want %v", hash, got, err, want)
		}
	}
	for hash, want := range map[string]bool{"tok-live": true, "tok-dead": false, "tok-fresh": true, "plain-dead": false, "plain-fresh": true, "plain-live": true} {
		_, err := s.TokenByHash(ctx, hash)
		if got := err == nil; got != want {
			t.Errorf("token %s kept = %v (%v), want %v", hash, got, err, want)
		}
	}
	// Nothing more to prune.
	if codes, tokens, err := s.PruneAuth(ctx, before); err != nil || codes+tokens != 0 {
		t.Errorf("PruneAuth again: %d codes, %d tokens, %v; want nothing", codes, tokens, err)
	}
}
