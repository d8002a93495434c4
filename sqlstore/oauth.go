package sqlstore

import (
	"context"
	"strings"
	"time"

	"agora"
)

// Lists are stored as text: scopes space-separated, redirect URIs one per line (a
// valid redirect URI has no control characters).

func joinScopes(s agora.Scopes) string { return strings.Join(s, " ") }

func splitScopes(s string) agora.Scopes { return agora.Scopes(strings.Fields(s)) }

const applicationColumns = `id, name, website, redirect_uris, scopes, client_id, client_secret, created_at`

func scanApplication(row scanner) (*agora.Application, error) {
	var a agora.Application
	var uris, scopes string
	var created int64
	if err := row.Scan(&a.ID, &a.Name, &a.Website, &uris, &scopes, &a.ClientID, &a.ClientSecret, &created); err != nil {
		return nil, err
	}
	if uris != "" {
		a.RedirectURIs = strings.Split(uris, "\n")
	}
	a.Scopes, a.CreatedAt = splitScopes(scopes), fromMillis(created)
	return &a, nil
}

// CreateApplication inserts a; a.CreatedAt is normalized in place. ECONFLICT when
// the ID or client ID is taken.
func (db *accountTables) CreateApplication(ctx context.Context, a *agora.Application) error {
	a.CreatedAt = normalize(a.CreatedAt)
	_, err := db.writer().exec(ctx, `INSERT INTO applications (`+applicationColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Name, a.Website, strings.Join(a.RedirectURIs, "\n"), joinScopes(a.Scopes),
		a.ClientID, a.ClientSecret, millis(a.CreatedAt))
	return wrap("insert application", err)
}

// Application returns the application with the ID.
func (db *accountTables) Application(ctx context.Context, id agora.ID) (*agora.Application, error) {
	a, err := scanApplication(db.reader().queryRow(ctx,
		`SELECT `+applicationColumns+` FROM applications WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select application", err)
	}
	return a, nil
}

// ApplicationByClientID returns the application with the client ID.
func (db *accountTables) ApplicationByClientID(ctx context.Context, clientID string) (*agora.Application, error) {
	a, err := scanApplication(db.reader().queryRow(ctx,
		`SELECT `+applicationColumns+` FROM applications WHERE client_id = ?`, clientID))
	if err != nil {
		return nil, wrap("select application by client ID", err)
	}
	return a, nil
}

const authCodeColumns = `hash, application_id, account_id, scopes, redirect_uri,
	code_challenge, code_challenge_method, expires_at`

// CreateAuthCode stores c; c.ExpiresAt is normalized in place. ECONFLICT when the
// hash is taken, ENOTFOUND when the application or account does not exist.
func (db *accountTables) CreateAuthCode(ctx context.Context, c *agora.AuthCode) error {
	c.ExpiresAt = normalize(c.ExpiresAt)
	_, err := db.writer().exec(ctx, `INSERT INTO auth_codes (`+authCodeColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Hash, c.ApplicationID, c.AccountID, joinScopes(c.Scopes), c.RedirectURI,
		c.CodeChallenge, c.CodeChallengeMethod, millis(c.ExpiresAt))
	return wrap("insert auth code", err)
}

// TakeAuthCode deletes and returns the code with the hash in one statement, so
// that of two concurrent callers only one gets it. Expired codes are returned
// too: the caller checks ExpiresAt. ENOTFOUND when there is none.
func (db *accountTables) TakeAuthCode(ctx context.Context, hash string) (*agora.AuthCode, error) {
	var c agora.AuthCode
	var scopes string
	var expires int64
	err := db.writer().queryRow(ctx, `DELETE FROM auth_codes WHERE hash = ? RETURNING `+authCodeColumns, hash).
		Scan(&c.Hash, &c.ApplicationID, &c.AccountID, &scopes, &c.RedirectURI,
			&c.CodeChallenge, &c.CodeChallengeMethod, &expires)
	if err != nil {
		return nil, wrap("take auth code", err)
	}
	c.Scopes, c.ExpiresAt = splitScopes(scopes), fromMillis(expires)
	return &c, nil
}

const tokenColumns = `id, hash, application_id, account_id, scopes, created_at, revoked_at`

// CreateToken inserts t; its times are normalized in place. ECONFLICT when the ID
// or hash is taken.
func (db *accountTables) CreateToken(ctx context.Context, t *agora.Token) error {
	t.CreatedAt, t.RevokedAt = normalize(t.CreatedAt), normalize(t.RevokedAt)
	_, err := db.writer().exec(ctx, `INSERT INTO tokens (`+tokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.Hash, t.ApplicationID, t.AccountID, joinScopes(t.Scopes),
		millis(t.CreatedAt), millis(t.RevokedAt))
	return wrap("insert token", err)
}

// TokenByHash returns the token, revoked or not.
func (db *accountTables) TokenByHash(ctx context.Context, hash string) (*agora.Token, error) {
	var t agora.Token
	var scopes string
	var created, revoked int64
	err := db.reader().queryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ?`, hash).
		Scan(&t.ID, &t.Hash, &t.ApplicationID, &t.AccountID, &scopes, &created, &revoked)
	if err != nil {
		return nil, wrap("select token", err)
	}
	t.Scopes, t.CreatedAt, t.RevokedAt = splitScopes(scopes), fromMillis(created), fromMillis(revoked)
	return &t, nil
}

// RevokeToken marks the token revoked at the given time. Revoking twice is not an
// error and keeps the first time. ENOTFOUND when there is no such token.
func (db *accountTables) RevokeToken(ctx context.Context, hash string, at time.Time) error {
	res, err := db.writer().exec(ctx, `UPDATE tokens
		SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END
		WHERE hash = ?`, millis(at), hash)
	if err != nil {
		return wrap("revoke token", err)
	}
	return mustAffect("revoke token", res)
}
