package sqlstore

import (
	"context"
	"time"

	"agora"
)

// CreateConsoleSession stores s; its times are normalized in place. ECONFLICT
// when the hash is taken, ENOTFOUND when the account does not exist.
func (db *accountTables) CreateConsoleSession(ctx context.Context, s *agora.ConsoleSession) error {
	s.CreatedAt, s.ExpiresAt = normalize(s.CreatedAt), normalize(s.ExpiresAt)
	_, err := db.writer().exec(ctx, `INSERT INTO console_sessions (hash, account_id, address, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, s.Hash, s.AccountID, s.Address, millis(s.CreatedAt), millis(s.ExpiresAt))
	return wrap("insert console session", err)
}

// ConsoleSession returns the session with the hash, expired or not.
func (db *accountTables) ConsoleSession(ctx context.Context, hash string) (*agora.ConsoleSession, error) {
	var s agora.ConsoleSession
	var created, expires int64
	err := db.reader().queryRow(ctx, `SELECT hash, account_id, address, created_at, expires_at
		FROM console_sessions WHERE hash = ?`, hash).Scan(&s.Hash, &s.AccountID, &s.Address, &created, &expires)
	if err != nil {
		return nil, wrap("select console session", err)
	}
	s.CreatedAt, s.ExpiresAt = fromMillis(created), fromMillis(expires)
	return &s, nil
}

// DeleteConsoleSession ends the session with the hash, if there is one.
func (db *accountTables) DeleteConsoleSession(ctx context.Context, hash string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM console_sessions WHERE hash = ?`, hash)
	return wrap("delete console session", err)
}

// DeleteConsoleSessionsBefore removes the sessions that expired before t.
func (db *accountTables) DeleteConsoleSessionsBefore(ctx context.Context, t time.Time) (int, error) {
	res, err := db.writer().exec(ctx, `DELETE FROM console_sessions WHERE expires_at < ?`, millis(t))
	if err != nil {
		return 0, wrap("delete expired console sessions", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, wrap("delete expired console sessions", err)
	}
	return int(n), nil
}
