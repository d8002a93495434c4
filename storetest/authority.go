package storetest

import (
	"testing"

	"agora"
)

var authorityTests = []test{
	{"Authority/Tokens", testAuthorityTokens},
	{"Authority/SubmittedOrder", testSubmittedOrder},
	{"Authority/Clients", testAuthorityClients},
}

func testAuthorityTokens(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in, de := f.authority("MeitY", "IN"), f.authority("BfJ", "DE")
	ev := &agora.AuditEvent{ID: ids.New(), ActorKind: "cli", Action: "authority.token.create",
		ObjectKind: "authority", ObjectID: in.ID, Summary: "token", CreatedAt: legalTime(1)}
	t1 := &agora.AuthorityToken{ID: ids.New(), AuthorityID: in.ID, Hash: "hash-1", Label: "portal", CreatedAt: legalTime(1)}
	mustOK(t, s.CreateAuthorityToken(ctx, t1, []*agora.AuditEvent{ev}), "CreateAuthorityToken")
	t2 := &agora.AuthorityToken{ID: ids.New(), AuthorityID: in.ID, Hash: "hash-2", CreatedAt: legalTime(2)}
	mustOK(t, s.CreateAuthorityToken(ctx, t2, nil), "CreateAuthorityToken")
	t3 := &agora.AuthorityToken{ID: ids.New(), AuthorityID: de.ID, Hash: "hash-3", CreatedAt: legalTime(2)}
	mustOK(t, s.CreateAuthorityToken(ctx, t3, nil), "CreateAuthorityToken")

	got, err := s.AuthorityTokenByHash(ctx, "hash-1")
	mustOK(t, err, "AuthorityTokenByHash")
	equal(t, "token", got, t1)
	_, err = s.AuthorityTokenByHash(ctx, "hash-x")
	wantCode(t, err, agora.ENOTFOUND)
	list, err := s.AuthorityTokens(ctx, in.ID)
	mustOK(t, err, "AuthorityTokens")
	equal(t, "IN's tokens", list, []*agora.AuthorityToken{t1, t2})
	list, err = s.AuthorityTokens(ctx, ids.New())
	mustOK(t, err, "AuthorityTokens")
	equal(t, "an unknown authority's tokens", list, []*agora.AuthorityToken{})

	events, err := s.Audit(ctx, agora.AuditQuery{ObjectKind: "authority", ObjectID: in.ID})
	mustOK(t, err, "Audit")
	if len(events) != 1 || events[0].Action != "authority.token.create" {
		t.Errorf("audit of IN = %v, want the token's creation", events)
	}

	dup := *t1
	dup.ID = ids.New()
	wantCode(t, s.CreateAuthorityToken(ctx, &dup, nil), agora.ECONFLICT)
	orphan := &agora.AuthorityToken{ID: ids.New(), AuthorityID: ids.New(), Hash: "hash-4", CreatedAt: legalTime(2)}
	wantCode(t, s.CreateAuthorityToken(ctx, orphan, nil), agora.ENOTFOUND)

	mustOK(t, s.RevokeAuthorityToken(ctx, t1.ID, legalTime(3), nil), "RevokeAuthorityToken")
	mustOK(t, s.RevokeAuthorityToken(ctx, t1.ID, legalTime(4), nil), "RevokeAuthorityToken again")
	got, err = s.AuthorityTokenByHash(ctx, "hash-1")
	mustOK(t, err, "AuthorityTokenByHash")
	if !got.RevokedAt.Equal(legalTime(3).Truncate(1e6)) {
		t.Errorf("revoked at %v, want the first revocation %v", got.RevokedAt, legalTime(3))
	}
	wantCode(t, s.RevokeAuthorityToken(ctx, ids.New(), legalTime(3), nil), agora.ENOTFOUND)
}

func testSubmittedOrder(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	ctx := t.Context()
	in, de := f.authority("MeitY", "IN"), f.authority("BfJ", "DE")
	o := newOrder(func(o *agora.Order) { o.AuthorityID = in.ID })
	sub := &agora.OrderSubmission{AuthorityID: in.ID, Key: "key-1", RequestDigest: "d1", CreatedAt: legalTime(0)}
	mustOK(t, s.CreateSubmittedOrder(ctx, o, newTargets(3), sub, nil), "CreateSubmittedOrder")
	if o.Number == "" || o.Counts.Total != 3 {
		t.Errorf("order number %q, counts %+v; want a number and 3 targets", o.Number, o.Counts)
	}
	got, err := s.OrderSubmission(ctx, in.ID, "key-1")
	mustOK(t, err, "OrderSubmission")
	equal(t, "submission", got, &agora.OrderSubmission{AuthorityID: in.ID, Key: "key-1", OrderID: o.ID, RequestDigest: "d1", CreatedAt: sub.CreatedAt})
	_, err = s.OrderSubmission(ctx, de.ID, "key-1")
	wantCode(t, err, agora.ENOTFOUND)

	// The same key again: nothing stored, not even a number used.
	again := newOrder(func(o *agora.Order) { o.AuthorityID = in.ID })
	wantCode(t, s.CreateSubmittedOrder(ctx, again, newTargets(2), &agora.OrderSubmission{AuthorityID: in.ID, Key: "key-1", RequestDigest: "d2", CreatedAt: legalTime(0)}, nil), agora.ECONFLICT)
	_, err = s.Order(ctx, again.ID)
	wantCode(t, err, agora.ENOTFOUND)
	// Another authority may use the same key.
	other := newOrder(func(o *agora.Order) { o.AuthorityID = de.ID })
	mustOK(t, s.CreateSubmittedOrder(ctx, other, newTargets(1), &agora.OrderSubmission{AuthorityID: de.ID, Key: "key-1", RequestDigest: "d1", CreatedAt: legalTime(0)}, nil), "CreateSubmittedOrder for DE")
	if next := mustOrder(t, s, other.ID).Number; next == o.Number {
		t.Errorf("DE's order has IN's number %s", next)
	}
}
