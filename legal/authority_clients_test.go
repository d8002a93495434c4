package legal_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"agora"
	"agora/legal"
	"agora/sqlstore"
	"agora/storetest"
)

// fakeClock is a desk's clock that a test moves.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

// TestChannel_ClientCredentials runs the client credentials grant on the
// desk, over a real database of each kind, with the desk's clock moved by the
// test: a token lasts ClientTokenTTL, a wrong secret records nothing, and
// revoking the client ends its tokens.
func TestChannel_ClientCredentials(t *testing.T) {
	for _, b := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLitePath}, {"postgres", storetest.PostgresDSN}} {
		t.Run(b.name, func(t *testing.T) { testClientCredentials(t, b.dsn(t)) })
	}
}

func testClientCredentials(t *testing.T, dsn string) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &fakeClock{now: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
	desk := legal.New(legal.DefaultConfig(), db, nil, nil, clock.Now, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	in, err := desk.CreateAuthority(ctx, nil, "Ministry of Electronics and IT", "IN", "ministry")
	if err != nil {
		t.Fatal(err)
	}
	secret, c, err := desk.CreateAuthorityClient(ctx, nil, in.ID, "portal")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, "agora_client_secret_") || c.SecretHash == "" || strings.Contains(c.SecretHash, secret) {
		t.Fatalf("secret %q, client %+v: want a prefixed secret and only its hash kept", secret, c)
	}
	clientID := c.ID.String()
	wantAuth := func(token string, want *agora.Authority) {
		t.Helper()
		got, err := desk.AuthenticateAuthority(ctx, token)
		switch {
		case want == nil && agora.ErrorCode(err) != agora.EUNAUTHORIZED:
			t.Errorf("AuthenticateAuthority at %v = %v, %v; want EUNAUTHORIZED", clock.Now(), got, err)
		case want != nil && (err != nil || got.ID != want.ID):
			t.Errorf("AuthenticateAuthority at %v = %v, %v; want %s", clock.Now(), got, err, want.Name)
		}
	}
	wantRefused := func(id, secret string) {
		t.Helper()
		if _, _, err := desk.ClientCredentials(ctx, id, secret); agora.ErrorCode(err) != agora.EUNAUTHORIZED {
			t.Errorf("ClientCredentials(%q, %q) = %v, want EUNAUTHORIZED", id, secret, err)
		}
	}
	recorded := func() (tokens, events int) {
		t.Helper()
		list, err := db.AuthorityTokens(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := db.Audit(ctx, agora.AuditQuery{ObjectKind: "authority_client", ObjectID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(list), len(evs)
	}

	token, at, err := desk.ClientCredentials(ctx, clientID, secret)
	if err != nil {
		t.Fatalf("ClientCredentials: %v", err)
	}
	if !strings.HasPrefix(token, "agora_authority_") || at.ClientID != c.ID || at.AuthorityID != in.ID ||
		!at.ExpiresAt.Equal(clock.Now().Add(legal.ClientTokenTTL)) {
		t.Fatalf("token %q %+v: want an authority token of the client's authority, expiring in an hour", token, at)
	}
	wantAuth(token, in)
	if n, e := recorded(); n != 1 || e != 1 {
		t.Errorf("after one grant: %d tokens, %d events of the client; want 1 and 1", n, e)
	}

	// Wrong or missing credentials: refused, nothing recorded.
	wantRefused(clientID, secret+"x")
	wantRefused(clientID, "")
	wantRefused(clientID, token)
	wantRefused("", secret)
	wantRefused("not-an-id", secret)
	wantRefused(agora.ID(12345).String(), secret)
	if n, e := recorded(); n != 1 || e != 1 {
		t.Errorf("after refused grants: %d tokens, %d events of the client; want 1 and 1", n, e)
	}
	// A client secret is not a token.
	wantAuth(secret, nil)

	// The desk's clock: valid until the last moment, then expired. A token of
	// `agora authority token` does not expire.
	plain, _, err := desk.CreateAuthorityToken(ctx, nil, in.ID, "plain")
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(legal.ClientTokenTTL - time.Millisecond)
	wantAuth(token, in)
	clock.Add(time.Millisecond)
	wantAuth(token, nil)
	wantAuth(plain, in)
	token2, _, err := desk.ClientCredentials(ctx, clientID, secret)
	if err != nil {
		t.Fatalf("ClientCredentials after expiry: %v", err)
	}
	wantAuth(token2, in)

	// Revoking the client ends its tokens and its grants, and nothing else.
	if err := desk.RevokeAuthorityClient(ctx, nil, c.ID); err != nil {
		t.Fatal(err)
	}
	wantAuth(token2, nil)
	wantAuth(plain, in)
	wantRefused(clientID, secret)
	list, err := desk.AuthorityTokens(ctx, nil, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range list {
		if tk.ClientID == c.ID && !tk.Revoked() {
			t.Errorf("token %s of the revoked client is not revoked", tk.ID)
		}
	}
	// A token issued while the revocation was under way is refused too.
	const late = "agora_authority_issued-during-the-revocation"
	sum := sha256.Sum256([]byte(late))
	if err := db.CreateAuthorityToken(ctx, &agora.AuthorityToken{ID: agora.ID(999), AuthorityID: in.ID, Hash: hex.EncodeToString(sum[:]),
		CreatedAt: clock.Now(), ClientID: c.ID, ExpiresAt: clock.Now().Add(time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	wantAuth(late, nil)
	if err := desk.RevokeAuthorityClient(ctx, nil, c.ID); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if err := desk.RevokeAuthorityClient(ctx, nil, agora.ID(12345)); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("revoking an unknown client: %v, want ENOTFOUND", err)
	}
	if _, _, err := desk.CreateAuthorityClient(ctx, nil, agora.ID(12345), ""); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("a client of an unknown authority: %v, want ENOTFOUND", err)
	}
	clients, err := desk.AuthorityClients(ctx, nil, in.ID)
	if err != nil || len(clients) != 1 || !clients[0].Revoked() || clients[0].Label != "portal" {
		t.Errorf("AuthorityClients = %+v, %v; want the one client, revoked", clients, err)
	}
}
