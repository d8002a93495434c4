package sqlstore

import (
	"context"
	"time"
)

// PruneAuth implements agora.OAuthStore: in one transaction, it deletes the
// authorization codes that expired before `before` and whose token, if they
// gave one, is revoked or gone (a code whose token lives is kept, so that its
// replay can still revoke the token), then the tokens revoked before `before`
// that no remaining code names.
func (db *accountTables) PruneAuth(ctx context.Context, before time.Time) (codes, tokens int64, err error) {
	at := millis(before)
	err = db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM auth_codes WHERE expires_at < ?
			AND (token_id = 0 OR NOT EXISTS (SELECT 1 FROM tokens t WHERE t.id = auth_codes.token_id AND t.revoked_at = 0))`, at)
		if err != nil {
			return wrap("prune auth codes", err)
		}
		if codes, err = res.RowsAffected(); err != nil {
			return wrap("prune auth codes", err)
		}
		res, err = c.exec(ctx, `DELETE FROM tokens WHERE revoked_at <> 0 AND revoked_at < ?
			AND NOT EXISTS (SELECT 1 FROM auth_codes a WHERE a.token_id = tokens.id)`, at)
		if err != nil {
			return wrap("prune tokens", err)
		}
		tokens, err = res.RowsAffected()
		return wrap("prune tokens", err)
	})
	if err != nil {
		return 0, 0, err
	}
	return codes, tokens, nil
}
