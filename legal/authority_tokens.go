package legal

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"agora"
)

// authorityTokenPrefix starts every authority token, so that one pasted into the
// wrong place is recognised as what it is.
const authorityTokenPrefix = "agora_authority_"

// hashAuthorityToken is what is stored of an authority token: hex SHA-256. The
// tokens are random 256-bit strings, so a fast hash suffices.
func hashAuthorityToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateAuthorityToken issues a bearer token that acts as the authority on the
// authority API, and returns it: it is shown this once, only its hash is kept.
// ENOTFOUND for an unknown authority, EUNPROCESSABLE for a label over 300
// characters.
func (d *Channel) CreateAuthorityToken(ctx context.Context, actor *agora.Account, authorityID agora.ID, label string) (string, *agora.AuthorityToken, error) {
	a, label, err := d.credentialOwner(ctx, actor, authorityID, label)
	if err != nil {
		return "", nil, err
	}
	token := newSecret(authorityTokenPrefix)
	t := &agora.AuthorityToken{ID: d.ids.New(), AuthorityID: a.ID, Hash: hashAuthorityToken(token), Label: label, CreatedAt: d.clock()}
	ev := d.event(ctx, actor, "authority.token.create", "authority", a.ID, "authority token "+t.ID.String()+" issued")
	if err := d.store.CreateAuthorityToken(ctx, t, []*agora.AuditEvent{ev}); err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// AuthorityTokens lists the authority's tokens, revoked or not (their hashes,
// never the tokens). ENOTFOUND for an unknown authority.
func (d *Channel) AuthorityTokens(ctx context.Context, actor *agora.Account, authorityID agora.ID) ([]*agora.AuthorityToken, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if _, err := d.store.Authority(ctx, authorityID); err != nil {
		return nil, err
	}
	return d.store.AuthorityTokens(ctx, authorityID)
}

// RevokeAuthorityToken ends a token at once: the next request with it is
// refused. Revoking twice is not an error. ENOTFOUND for an unknown token.
func (d *Channel) RevokeAuthorityToken(ctx context.Context, actor *agora.Account, id agora.ID) error {
	if err := d.staff(actor); err != nil {
		return err
	}
	ev := d.event(ctx, actor, "authority.token.revoke", "authority_token", id, "authority token "+id.String()+" revoked")
	return d.store.RevokeAuthorityToken(ctx, id, d.clock(), []*agora.AuditEvent{ev})
}

// AuthenticateAuthority returns the authority a bearer token acts as.
// EUNAUTHORIZED for a token that is unknown, revoked or expired, or was issued
// to a client since revoked.
func (d *Channel) AuthenticateAuthority(ctx context.Context, token string) (*agora.Authority, error) {
	invalid := agora.Errorf(agora.EUNAUTHORIZED, "The access token is invalid, revoked or expired.")
	if !strings.HasPrefix(token, authorityTokenPrefix) {
		return nil, invalid
	}
	t, err := d.store.AuthorityTokenByHash(ctx, hashAuthorityToken(token))
	switch {
	case agora.ErrorCode(err) == agora.ENOTFOUND:
		return nil, invalid
	case err != nil:
		return nil, err
	case t.Revoked() || t.Expired(d.now()):
		return nil, invalid
	}
	if t.ClientID != 0 {
		// Revoking a client revokes its tokens; this covers a token issued
		// while the revocation was under way.
		c, err := d.store.AuthorityClient(ctx, t.ClientID)
		switch {
		case agora.ErrorCode(err) == agora.ENOTFOUND:
			return nil, invalid
		case err != nil:
			return nil, err
		case c.Revoked():
			return nil, invalid
		}
	}
	return d.store.Authority(ctx, t.AuthorityID)
}

// credentialOwner checks what issuing a credential (a token, a client) of the
// authority needs: actor is staff, the label (trimmed) at most 300 characters,
// and the authority exists (ENOTFOUND otherwise).
func (d *desk) credentialOwner(ctx context.Context, actor *agora.Account, authorityID agora.ID, label string) (*agora.Authority, string, error) {
	if err := d.staff(actor); err != nil {
		return nil, "", err
	}
	label = strings.TrimSpace(label)
	if len(label) > maxShortField {
		return nil, "", agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: label is too long (at most %d characters).", maxShortField)
	}
	a, err := d.store.Authority(ctx, authorityID)
	return a, label, err
}

// newSecret returns prefix and 256 random bits, base64url: a token or a
// client secret, of which only the hash is kept.
func newSecret(prefix string) string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}
