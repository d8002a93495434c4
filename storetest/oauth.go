package storetest

import (
	"testing"
	"time"

	"agora"
)

var oauthTests = []test{
	{"Application", testApplication},
	{"AuthCode", testAuthCode},
	{"AuthCodeRevoke", testAuthCodeRevoke},
	{"Token", testToken},
	{"RevokeToken", testRevokeToken},
}

func (f *fixture) application(clientID string) *agora.Application {
	f.t.Helper()
	id := ids.New()
	a := &agora.Application{ID: id, Name: "App " + clientID, Website: "https://app.example",
		RedirectURIs: []string{"https://app.example/cb", agora.OOBRedirect},
		Scopes:       agora.Scopes{"read", "write:statuses"}, ClientID: clientID, ClientSecret: "secret",
		CreatedAt: id.Time()}
	mustOK(f.t, f.s.CreateApplication(f.ctx, a), "CreateApplication")
	return a
}

func testApplication(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	a := f.application("client-1")
	f.application("client-2")
	got, err := s.Application(t.Context(), a.ID)
	mustOK(t, err, "Application")
	equal(t, "application", got, a)
	got, err = s.ApplicationByClientID(t.Context(), "client-1")
	mustOK(t, err, "ApplicationByClientID")
	equal(t, "application", got, a)

	_, err = s.Application(t.Context(), ids.New())
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.ApplicationByClientID(t.Context(), "client-3")
	wantCode(t, err, agora.ENOTFOUND)
	dup := *a
	dup.ID = ids.New()
	wantCode(t, s.CreateApplication(t.Context(), &dup), agora.ECONFLICT)
}

func testAuthCode(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	app, alice := f.application("client"), f.account("alice")
	c := &agora.AuthCode{Hash: "code-hash", ApplicationID: app.ID, AccountID: alice.ID,
		Scopes: agora.Scopes{"read"}, RedirectURI: agora.OOBRedirect, CodeChallenge: "challenge",
		CodeChallengeMethod: "S256", ExpiresAt: time.Now().Add(10 * time.Minute)}
	want := *c
	want.ExpiresAt = ms(c.ExpiresAt)
	mustOK(t, s.CreateAuthCode(t.Context(), c), "CreateAuthCode")
	wantCode(t, s.CreateAuthCode(t.Context(), c), agora.ECONFLICT)

	now := time.Now()
	got, err := s.TakeAuthCode(t.Context(), "code-hash", now)
	mustOK(t, err, "TakeAuthCode")
	equal(t, "code", got, &want)
	_, err = s.TakeAuthCode(t.Context(), "code-hash", now)
	wantCode(t, err, agora.ECONFLICT)
	_, err = s.TakeAuthCode(t.Context(), "no-such-code", now)
	wantCode(t, err, agora.ENOTFOUND)
}

// testAuthCodeRevoke: revoking a code revokes the token given for it, and a
// token asked for after the revocation is refused.
func testAuthCodeRevoke(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	app, alice := f.application("client"), f.account("alice")
	code := func(hash string) {
		t.Helper()
		mustOK(t, s.CreateAuthCode(t.Context(), &agora.AuthCode{Hash: hash, ApplicationID: app.ID, AccountID: alice.ID,
			Scopes: agora.Scopes{"read"}, RedirectURI: agora.OOBRedirect, ExpiresAt: time.Now().Add(10 * time.Minute)}), "CreateAuthCode")
		_, err := s.TakeAuthCode(t.Context(), hash, time.Now())
		mustOK(t, err, "TakeAuthCode")
	}
	token := func(hash string) *agora.Token {
		id := ids.New()
		return &agora.Token{ID: id, Hash: hash, ApplicationID: app.ID, AccountID: alice.ID, Scopes: agora.Scopes{"read"}, CreatedAt: id.Time()}
	}
	code("given")
	mustOK(t, s.CreateCodeToken(t.Context(), "given", token("given-token")), "CreateCodeToken")
	other := token("other-token")
	mustOK(t, s.CreateToken(t.Context(), other), "CreateToken")

	at := time.Now().Add(time.Minute)
	mustOK(t, s.RevokeAuthCode(t.Context(), "given", at), "RevokeAuthCode")
	mustOK(t, s.RevokeAuthCode(t.Context(), "given", at.Add(time.Minute)), "RevokeAuthCode again")
	got, err := s.TokenByHash(t.Context(), "given-token")
	mustOK(t, err, "TokenByHash")
	if !got.RevokedAt.Equal(ms(at)) {
		t.Errorf("the code's token: RevokedAt = %v, want %v", got.RevokedAt, ms(at))
	}
	if got, err := s.TokenByHash(t.Context(), "other-token"); err != nil || !got.RevokedAt.IsZero() {
		t.Errorf("another token: %+v, %v; want it valid", got, err)
	}

	code("late")
	mustOK(t, s.RevokeAuthCode(t.Context(), "late", at), "RevokeAuthCode before its token")
	wantCode(t, s.CreateCodeToken(t.Context(), "late", token("late-token")), agora.ECONFLICT)
	_, err = s.TokenByHash(t.Context(), "late-token")
	wantCode(t, err, agora.ENOTFOUND)
	wantCode(t, s.RevokeAuthCode(t.Context(), "no-such-code", at), agora.ENOTFOUND)
}

func testToken(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	app, alice := f.application("client"), f.account("alice")
	for _, tok := range []*agora.Token{
		{Hash: "user", ApplicationID: app.ID, AccountID: alice.ID, Scopes: agora.Scopes{"read", "write"}},
		{Hash: "app", ApplicationID: app.ID, Scopes: agora.Scopes{"read"}},
		{Hash: "cli", AccountID: alice.ID, Scopes: agora.Scopes{"admin:read"}},
	} {
		tok.ID = ids.New()
		tok.CreatedAt = tok.ID.Time()
		mustOK(t, s.CreateToken(t.Context(), tok), "CreateToken")
		got, err := s.TokenByHash(t.Context(), tok.Hash)
		mustOK(t, err, "TokenByHash")
		equal(t, "token", got, tok)
	}
	_, err := s.TokenByHash(t.Context(), "nope")
	wantCode(t, err, agora.ENOTFOUND)
	id := ids.New()
	wantCode(t, s.CreateToken(t.Context(), &agora.Token{ID: id, Hash: "user", CreatedAt: id.Time()}), agora.ECONFLICT)
}

func testRevokeToken(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	id := ids.New()
	tok := &agora.Token{ID: id, Hash: "h", AccountID: alice.ID, Scopes: agora.Scopes{"read"}, CreatedAt: id.Time()}
	mustOK(t, s.CreateToken(t.Context(), tok), "CreateToken")

	at := tok.CreatedAt.Add(time.Hour + 1234*time.Microsecond)
	mustOK(t, s.RevokeToken(t.Context(), "h", at), "RevokeToken")
	mustOK(t, s.RevokeToken(t.Context(), "h", at.Add(time.Hour)), "RevokeToken again")
	got, err := s.TokenByHash(t.Context(), "h")
	mustOK(t, err, "TokenByHash")
	if !got.RevokedAt.Equal(ms(at)) {
		t.Errorf("RevokedAt = %v, want the first revocation %v", got.RevokedAt, ms(at))
	}
	wantCode(t, s.RevokeToken(t.Context(), "nope", at), agora.ENOTFOUND)
}
