package sqlstore

import (
	"context"
	"database/sql"
	"errors"
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

// TakeAuthCode marks the code with the hash used and returns it; the UPDATE that
// marks it is the claim, so that of two concurrent callers only one gets it.
// Expired codes are returned too: the caller checks ExpiresAt. ENOTFOUND when
// there is none, ECONFLICT when it was taken before.
func (db *accountTables) TakeAuthCode(ctx context.Context, hash string, at time.Time) (*agora.AuthCode, error) {
	var c agora.AuthCode
	var scopes string
	var expires int64
	err := db.writer().queryRow(ctx, `UPDATE auth_codes SET used_at = ? WHERE hash = ? AND used_at = 0
		RETURNING `+authCodeColumns, millis(at), hash).
		Scan(&c.Hash, &c.ApplicationID, &c.AccountID, &scopes, &c.RedirectURI,
			&c.CodeChallenge, &c.CodeChallengeMethod, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := db.writer().queryRow(ctx, `SELECT count(*) FROM auth_codes WHERE hash = ?`, hash).Scan(&n); err != nil {
			return nil, wrap("check auth code", err)
		}
		if n > 0 {
			return nil, agora.Errorf(agora.ECONFLICT, "The authorization code was used before.")
		}
	}
	if err != nil {
		return nil, wrap("take auth code", err)
	}
	c.Scopes, c.ExpiresAt = splitScopes(scopes), fromMillis(expires)
	return &c, nil
}

// CreateCodeToken inserts t and records it on the code with the hash, in one
// transaction that holds the code's row, so that RevokeAuthCode either comes
// first (and t is refused, ECONFLICT) or revokes t too.
func (db *accountTables) CreateCodeToken(ctx context.Context, codeHash string, t *agora.Token) error {
	t.CreatedAt, t.RevokedAt = normalize(t.CreatedAt), normalize(t.RevokedAt)
	return db.inTx(ctx, func(c conn) error {
		var revoked int64
		err := c.queryRow(ctx, `SELECT revoked_at FROM auth_codes WHERE hash = ?`+c.d.forUpdate(), codeHash).Scan(&revoked)
		if err != nil {
			return wrap("lock auth code", err)
		}
		if revoked != 0 {
			return agora.Errorf(agora.ECONFLICT, "The authorization code was revoked.")
		}
		if err := insertToken(ctx, c, t); err != nil {
			return err
		}
		_, err = c.exec(ctx, `UPDATE auth_codes SET token_id = ? WHERE hash = ?`, t.ID, codeHash)
		return wrap("record the code's token", err)
	})
}

// RevokeAuthCode marks the code revoked and revokes its token, in one
// transaction; the first UPDATE takes the code's row before the token is
// looked for (see CreateCodeToken).
func (db *accountTables) RevokeAuthCode(ctx context.Context, hash string, at time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE auth_codes
			SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END
			WHERE hash = ?`, millis(at), hash)
		if err != nil {
			return wrap("revoke auth code", err)
		}
		if err := mustAffect("revoke auth code", res); err != nil {
			return err
		}
		_, err = c.exec(ctx, `UPDATE tokens SET revoked_at = ?
			WHERE id = (SELECT token_id FROM auth_codes WHERE hash = ?) AND revoked_at = 0`, millis(at), hash)
		return wrap("revoke the code's token", err)
	})
}

const tokenColumns = `id, hash, application_id, account_id, scopes, created_at, revoked_at`

// CreateToken inserts t; its times are normalized in place. ECONFLICT when the ID
// or hash is taken.
func (db *accountTables) CreateToken(ctx context.Context, t *agora.Token) error {
	t.CreatedAt, t.RevokedAt = normalize(t.CreatedAt), normalize(t.RevokedAt)
	return insertToken(ctx, db.writer(), t)
}

func insertToken(ctx context.Context, c conn, t *agora.Token) error {
	_, err := c.exec(ctx, `INSERT INTO tokens (`+tokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
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
