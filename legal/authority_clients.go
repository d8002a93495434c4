package legal

import (
	"context"
	"crypto/subtle"
	"time"

	"agora"
)

// ClientTokenTTL is how long a token obtained with client credentials acts
// as its authority.
const ClientTokenTTL = time.Hour

// clientSecretPrefix starts every client secret, so that one pasted into the
// wrong place is recognised as what it is (and never taken for a token).
const clientSecretPrefix = "agora_client_secret_"

// CreateAuthorityClient registers an OAuth 2.0 client bound to the authority
// (RFC 6749 section 4.4): its ID is the client_id, and the secret returned is
// shown this once, only its hash is kept. ENOTFOUND for an unknown authority,
// EUNPROCESSABLE for a label over 300 characters.
func (d *Channel) CreateAuthorityClient(ctx context.Context, actor *agora.Account, authorityID agora.ID, label string) (string, *agora.AuthorityClient, error) {
	a, label, err := d.credentialOwner(ctx, actor, authorityID, label)
	if err != nil {
		return "", nil, err
	}
	secret := newSecret(clientSecretPrefix)
	c := &agora.AuthorityClient{ID: d.ids.New(), AuthorityID: a.ID, SecretHash: hashAuthorityToken(secret), Label: label, CreatedAt: d.clock()}
	ev := d.event(ctx, actor, "authority.client.create", "authority", a.ID, "authority client "+c.ID.String()+" registered")
	if err := d.store.CreateAuthorityClient(ctx, c, []*agora.AuditEvent{ev}); err != nil {
		return "", nil, err
	}
	return secret, c, nil
}

// AuthorityClients lists the authority's clients, revoked or not (their
// hashes, never the secrets). ENOTFOUND for an unknown authority.
func (d *Channel) AuthorityClients(ctx context.Context, actor *agora.Account, authorityID agora.ID) ([]*agora.AuthorityClient, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if _, err := d.store.Authority(ctx, authorityID); err != nil {
		return nil, err
	}
	return d.store.AuthorityClients(ctx, authorityID)
}

// RevokeAuthorityClient ends a client and, in the same transaction, every
// token issued to it: the next request with one is refused, and the client
// obtains no more. Revoking twice is not an error. ENOTFOUND for an unknown
// client.
func (d *Channel) RevokeAuthorityClient(ctx context.Context, actor *agora.Account, id agora.ID) error {
	if err := d.staff(actor); err != nil {
		return err
	}
	ev := d.event(ctx, actor, "authority.client.revoke", "authority_client", id, "authority client "+id.String()+" revoked, and the tokens issued to it")
	return d.store.RevokeAuthorityClient(ctx, id, d.clock(), []*agora.AuditEvent{ev})
}

// ClientCredentials authenticates a client by its client_id and secret and
// issues it an authority token that acts as the client's authority for
// ClientTokenTTL (the client credentials grant, RFC 6749 section 4.4). The
// token is shown this once, only its hash is kept; the issue is in the audit
// trail of the client, by the authority. EUNAUTHORIZED, with nothing recorded,
// for an unknown or revoked client or a wrong secret.
func (d *Channel) ClientCredentials(ctx context.Context, clientID, secret string) (string, *agora.AuthorityToken, error) {
	fail := agora.Errorf(agora.EUNAUTHORIZED, "Client authentication failed: the client is unknown or revoked, or the secret is wrong.")
	hash := hashAuthorityToken(secret)
	id, err := agora.ParseID(clientID)
	if err != nil {
		return "", nil, fail
	}
	c, err := d.store.AuthorityClient(ctx, id)
	switch {
	case agora.ErrorCode(err) == agora.ENOTFOUND:
		return "", nil, fail
	case err != nil:
		return "", nil, err
	case subtle.ConstantTimeCompare([]byte(hash), []byte(c.SecretHash)) != 1 || c.Revoked():
		return "", nil, fail
	}
	token := newSecret(authorityTokenPrefix)
	now := d.clock()
	t := &agora.AuthorityToken{ID: d.ids.New(), AuthorityID: c.AuthorityID, Hash: hashAuthorityToken(token), Label: c.Label,
		CreatedAt: now, ClientID: c.ID, ExpiresAt: now.Add(ClientTokenTTL)}
	ev := d.event(ctx, nil, "authority.client.token", "authority_client", c.ID,
		"authority token "+t.ID.String()+" issued to the client, until "+t.ExpiresAt.Format(time.RFC3339))
	ev.ActorKind, ev.ActorID = "authority", c.AuthorityID
	if err := d.store.CreateAuthorityToken(ctx, t, []*agora.AuditEvent{ev}); err != nil {
		return "", nil, err
	}
	return token, t, nil
}
