package agora

import (
	"context"
	"time"
)

// ConsoleSession is a staff member's session of the legal console (/legal),
// begun by signing in with the account's password. Only the SHA-256 of the
// session's secret is stored; the secret itself lives in the browser's cookie.
type ConsoleSession struct {
	Hash      string // hex SHA-256 of the cookie's secret
	AccountID ID
	Address   string // the client address that signed in
	CreatedAt time.Time
	ExpiresAt time.Time
}

// ConsoleSessionStore persists the legal console's sessions. Whether a session
// is still good (its expiry, its account's staff access) is the console's to
// decide, not the store's.
type ConsoleSessionStore interface {
	// CreateConsoleSession stores s; s's times are normalized in place.
	// ECONFLICT when the hash is taken, ENOTFOUND when the account does not
	// exist.
	CreateConsoleSession(ctx context.Context, s *ConsoleSession) error
	// ConsoleSession returns the session with the hash, expired or not;
	// ENOTFOUND when there is none.
	ConsoleSession(ctx context.Context, hash string) (*ConsoleSession, error)
	// DeleteConsoleSession ends the session with the hash; ending one that does
	// not exist is not an error.
	DeleteConsoleSession(ctx context.Context, hash string) error
	// DeleteConsoleSessionsBefore removes every session that expired before t
	// and returns how many it removed.
	DeleteConsoleSessionsBefore(ctx context.Context, t time.Time) (int, error)
}
