package storetest

import (
	"testing"

	"agora"
)

func testAuthorityClients(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in, de := f.authority("MeitY", "IN"), f.authority("BfJ", "DE")
	ev := &agora.AuditEvent{ID: ids.New(), ActorKind: "cli", Action: "authority.client.create",
		ObjectKind: "authority", ObjectID: in.ID, Summary: "client", CreatedAt: legalTime(1)}
	c1 := &agora.AuthorityClient{ID: ids.New(), AuthorityID: in.ID, SecretHash: "secret-1", Label: "portal", CreatedAt: legalTime(1)}
	mustOK(t, s.CreateAuthorityClient(ctx, c1, []*agora.AuditEvent{ev}), "CreateAuthorityClient")
	c2 := &agora.AuthorityClient{ID: ids.New(), AuthorityID: in.ID, SecretHash: "secret-2", CreatedAt: legalTime(2)}
	mustOK(t, s.CreateAuthorityClient(ctx, c2, nil), "CreateAuthorityClient")
	c3 := &agora.AuthorityClient{ID: ids.New(), AuthorityID: de.ID, SecretHash: "secret-3", CreatedAt: legalTime(2)}
	mustOK(t, s.CreateAuthorityClient(ctx, c3, nil), "CreateAuthorityClient")

	got, err := s.AuthorityClient(ctx, c1.ID)
	mustOK(t, err, "AuthorityClient")
	equal(t, "client", got, c1)
	_, err = s.AuthorityClient(ctx, ids.New())
	wantCode(t, err, agora.ENOTFOUND)
	list, err := s.AuthorityClients(ctx, in.ID)
	mustOK(t, err, "AuthorityClients")
	equal(t, "IN's clients", list, []*agora.AuthorityClient{c1, c2})
	list, err = s.AuthorityClients(ctx, ids.New())
	mustOK(t, err, "AuthorityClients")
	equal(t, "an unknown authority's clients", list, []*agora.AuthorityClient{})

	dup := *c2
	wantCode(t, s.CreateAuthorityClient(ctx, &dup, nil), agora.ECONFLICT)
	orphan := &agora.AuthorityClient{ID: ids.New(), AuthorityID: ids.New(), SecretHash: "secret-4", CreatedAt: legalTime(2)}
	wantCode(t, s.CreateAuthorityClient(ctx, orphan, nil), agora.ENOTFOUND)

	// Tokens issued to the clients keep their client and expiry.
	tok := func(c *agora.AuthorityClient, hash string, hours float64) *agora.AuthorityToken {
		t.Helper()
		at := &agora.AuthorityToken{ID: ids.New(), AuthorityID: c.AuthorityID, Hash: hash, CreatedAt: legalTime(hours),
			ClientID: c.ID, ExpiresAt: legalTime(hours + 1)}
		mustOK(t, s.CreateAuthorityToken(ctx, at, nil), "CreateAuthorityToken of a client")
		return at
	}
	t1, t2 := tok(c1, "c1-token-1", 2), tok(c1, "c1-token-2", 3)
	tok(c2, "c2-token", 3)
	plain := &agora.AuthorityToken{ID: ids.New(), AuthorityID: in.ID, Hash: "plain", CreatedAt: legalTime(2)}
	mustOK(t, s.CreateAuthorityToken(ctx, plain, nil), "CreateAuthorityToken")
	got1, err := s.AuthorityTokenByHash(ctx, "c1-token-1")
	mustOK(t, err, "AuthorityTokenByHash")
	equal(t, "a client's token", got1, t1)
	mustOK(t, s.RevokeAuthorityToken(ctx, t2.ID, legalTime(3.5), nil), "RevokeAuthorityToken")

	// Revoking c1 revokes it and its tokens not revoked before, in one
	// transaction with its events; nothing else.
	rev := &agora.AuditEvent{ID: ids.New(), ActorKind: "cli", Action: "authority.client.revoke",
		ObjectKind: "authority_client", ObjectID: c1.ID, Summary: "revoked", CreatedAt: legalTime(4)}
	mustOK(t, s.RevokeAuthorityClient(ctx, c1.ID, legalTime(4), []*agora.AuditEvent{rev}), "RevokeAuthorityClient")
	mustOK(t, s.RevokeAuthorityClient(ctx, c1.ID, legalTime(5), nil), "RevokeAuthorityClient again")
	got, err = s.AuthorityClient(ctx, c1.ID)
	mustOK(t, err, "AuthorityClient")
	if want := legalTime(4).Truncate(1e6); !got.RevokedAt.Equal(want) {
		t.Errorf("client revoked at %v, want the first revocation %v", got.RevokedAt, want)
	}
	for _, c := range []struct {
		hash string
		want float64 // hours of the revocation; 0 for none
	}{{"c1-token-1", 4}, {"c1-token-2", 3.5}, {"c2-token", 0}, {"plain", 0}} {
		at, err := s.AuthorityTokenByHash(ctx, c.hash)
		mustOK(t, err, "AuthorityTokenByHash")
		switch {
		case c.want == 0 && at.Revoked():
			t.Errorf("token %s revoked at %v, want valid", c.hash, at.RevokedAt)
		case c.want != 0 && !at.RevokedAt.Equal(legalTime(c.want).Truncate(1e6)):
			t.Errorf("token %s revoked at %v, want %v", c.hash, at.RevokedAt, legalTime(c.want))
		}
	}
	if c, err := s.AuthorityClient(ctx, c2.ID); err != nil || c.Revoked() {
		t.Errorf("client 2 = %+v, %v; want valid", c, err)
	}
	events, err := s.Audit(ctx, agora.AuditQuery{ObjectKind: "authority_client", ObjectID: c1.ID})
	mustOK(t, err, "Audit")
	if len(events) != 1 || events[0].Action != "authority.client.revoke" {
		t.Errorf("audit of client 1 = %v, want its revocation", events)
	}
	wantCode(t, s.RevokeAuthorityClient(ctx, ids.New(), legalTime(4), nil), agora.ENOTFOUND)
}
