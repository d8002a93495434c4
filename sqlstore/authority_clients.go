package sqlstore

import (
	"context"
	"time"

	"agora"
)

// authority_clients: the OAuth clients of the authority channel, whose tokens
// are rows of authority_tokens with their client_id.

const authorityClientColumns = `id, authority_id, secret_hash, label, created_at, revoked_at`

func scanAuthorityClient(row scanner) (*agora.AuthorityClient, error) {
	var c agora.AuthorityClient
	var created, revoked int64
	if err := row.Scan(&c.ID, &c.AuthorityID, &c.SecretHash, &c.Label, &created, &revoked); err != nil {
		return nil, err
	}
	c.CreatedAt, c.RevokedAt = fromMillis(created), fromMillis(revoked)
	return &c, nil
}

// CreateAuthorityClient implements agora.AuthorityStore; cl's times are
// normalized in place.
func (db *channelTables) CreateAuthorityClient(ctx context.Context, cl *agora.AuthorityClient, events []*agora.AuditEvent) error {
	cl.CreatedAt, cl.RevokedAt = normalize(cl.CreatedAt), normalize(cl.RevokedAt)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO authority_clients (`+authorityClientColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
			cl.ID, cl.AuthorityID, cl.SecretHash, cl.Label, millis(cl.CreatedAt), millis(cl.RevokedAt))
		if err != nil {
			return wrap("insert authority client", err)
		}
		return insertAudit(ctx, c, events)
	})
}

// AuthorityClient implements agora.AuthorityStore.
func (db *channelTables) AuthorityClient(ctx context.Context, id agora.ID) (*agora.AuthorityClient, error) {
	cl, err := scanAuthorityClient(db.reader().queryRow(ctx,
		`SELECT `+authorityClientColumns+` FROM authority_clients WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select authority client", err)
	}
	return cl, nil
}

// AuthorityClients implements agora.AuthorityStore.
func (db *channelTables) AuthorityClients(ctx context.Context, authorityID agora.ID) ([]*agora.AuthorityClient, error) {
	rows, err := db.reader().query(ctx,
		`SELECT `+authorityClientColumns+` FROM authority_clients WHERE authority_id = ? ORDER BY id`, authorityID)
	if err != nil {
		return nil, wrap("select authority clients", err)
	}
	defer rows.Close()
	out := []*agora.AuthorityClient{}
	for rows.Next() {
		cl, err := scanAuthorityClient(rows)
		if err != nil {
			return nil, wrap("scan authority client", err)
		}
		out = append(out, cl)
	}
	return out, wrap("select authority clients", rows.Err())
}

// RevokeAuthorityClient implements agora.AuthorityStore.
func (db *channelTables) RevokeAuthorityClient(ctx context.Context, id agora.ID, at time.Time, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE authority_clients
			SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END
			WHERE id = ?`, millis(at), id)
		if err != nil {
			return wrap("revoke authority client", err)
		}
		if err := mustAffect("revoke authority client", res); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE authority_tokens SET revoked_at = ?
			WHERE client_id = ? AND revoked_at = 0`, millis(at), id); err != nil {
			return wrap("revoke the client's tokens", err)
		}
		return insertAudit(ctx, c, events)
	})
}
