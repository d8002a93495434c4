package oauth

import (
	"context"
	"time"
)

// AuthRetention is how long authorization codes are kept after they expire,
// and tokens after they are revoked, before Prune deletes them. A code whose
// token still lives is kept as long as the token, so that a replay of the code
// (RFC 6749, section 4.1.2) can still revoke it.
const AuthRetention = 7 * 24 * time.Hour

// Prune deletes the codes that expired, and the tokens revoked, more than
// AuthRetention ago (agora.OAuthStore.PruneAuth), and returns how many of each.
// A pruned token is answered as an unknown one.
func (s *Server) Prune(ctx context.Context) (codes, tokens int64, err error) {
	return s.store.PruneAuth(ctx, s.now().Add(-AuthRetention))
}
