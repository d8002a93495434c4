package sqlstore

import (
	"context"
	"time"

	"agora"
)

// The authority channel's tables: authority_tokens and order_submissions
// (authority_clients in authority_clients.go).

const authorityTokenColumns = `id, authority_id, hash, label, created_at, revoked_at, client_id, expires_at`

func scanAuthorityToken(row scanner) (*agora.AuthorityToken, error) {
	var t agora.AuthorityToken
	var created, revoked, expires int64
	if err := row.Scan(&t.ID, &t.AuthorityID, &t.Hash, &t.Label, &created, &revoked, &t.ClientID, &expires); err != nil {
		return nil, err
	}
	t.CreatedAt, t.RevokedAt, t.ExpiresAt = fromMillis(created), fromMillis(revoked), fromMillis(expires)
	return &t, nil
}

// CreateAuthorityToken implements agora.AuthorityStore; t's times are
// normalized in place.
func (db *channelTables) CreateAuthorityToken(ctx context.Context, t *agora.AuthorityToken, events []*agora.AuditEvent) error {
	t.CreatedAt, t.RevokedAt, t.ExpiresAt = normalize(t.CreatedAt), normalize(t.RevokedAt), normalize(t.ExpiresAt)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO authority_tokens (`+authorityTokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.AuthorityID, t.Hash, t.Label, millis(t.CreatedAt), millis(t.RevokedAt), t.ClientID, millis(t.ExpiresAt))
		if err != nil {
			return wrap("insert authority token", err)
		}
		return insertAudit(ctx, c, events)
	})
}

// AuthorityTokenByHash implements agora.AuthorityStore.
func (db *channelTables) AuthorityTokenByHash(ctx context.Context, hash string) (*agora.AuthorityToken, error) {
	t, err := scanAuthorityToken(db.reader().queryRow(ctx,
		`SELECT `+authorityTokenColumns+` FROM authority_tokens WHERE hash = ?`, hash))
	if err != nil {
		return nil, wrap("select authority token", err)
	}
	return t, nil
}

// AuthorityTokens implements agora.AuthorityStore.
func (db *channelTables) AuthorityTokens(ctx context.Context, authorityID agora.ID) ([]*agora.AuthorityToken, error) {
	rows, err := db.reader().query(ctx,
		`SELECT `+authorityTokenColumns+` FROM authority_tokens WHERE authority_id = ? ORDER BY id`, authorityID)
	if err != nil {
		return nil, wrap("select authority tokens", err)
	}
	defer rows.Close()
	out := []*agora.AuthorityToken{}
	for rows.Next() {
		t, err := scanAuthorityToken(rows)
		if err != nil {
			return nil, wrap("scan authority token", err)
		}
		out = append(out, t)
	}
	return out, wrap("select authority tokens", rows.Err())
}

// RevokeAuthorityToken implements agora.AuthorityStore.
func (db *channelTables) RevokeAuthorityToken(ctx context.Context, id agora.ID, at time.Time, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE authority_tokens
			SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END
			WHERE id = ?`, millis(at), id)
		if err != nil {
			return wrap("revoke authority token", err)
		}
		if err := mustAffect("revoke authority token", res); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
}

// CreateSubmittedOrder implements agora.AuthorityStore.
func (db *channelTables) CreateSubmittedOrder(ctx context.Context, o *agora.Order, targets []*agora.Target, sub *agora.OrderSubmission, events []*agora.AuditEvent) error {
	sub.CreatedAt, sub.OrderID = normalize(sub.CreatedAt), o.ID
	var number string
	err := db.inTx(ctx, func(c conn) (err error) {
		if number, err = insertOrder(ctx, c, o, targets, events); err != nil {
			return err
		}
		for _, d := range sub.Documents {
			d.OrderID = o.ID
			if err := insertDocument(ctx, c, d); err != nil {
				return err
			}
		}
		if sub.Key == "" {
			return nil
		}
		_, err = c.exec(ctx, `INSERT INTO order_submissions (authority_id, idem_key, order_id, request_digest, created_at)
			VALUES (?, ?, ?, ?, ?)`, sub.AuthorityID, sub.Key, sub.OrderID, sub.RequestDigest, millis(sub.CreatedAt))
		return wrap("insert order submission", err)
	})
	if err != nil {
		return err
	}
	o.Number, o.Counts = number, countTargets(targets)
	return nil
}

// OrderSubmission implements agora.AuthorityStore.
func (db *channelTables) OrderSubmission(ctx context.Context, authorityID agora.ID, key string) (*agora.OrderSubmission, error) {
	var s agora.OrderSubmission
	var created int64
	err := db.reader().queryRow(ctx, `SELECT authority_id, idem_key, order_id, request_digest, created_at
		FROM order_submissions WHERE authority_id = ? AND idem_key = ?`, authorityID, key).
		Scan(&s.AuthorityID, &s.Key, &s.OrderID, &s.RequestDigest, &created)
	if err != nil {
		return nil, wrap("select order submission", err)
	}
	s.CreatedAt = fromMillis(created)
	return &s, nil
}
