package service

import (
	"context"
	"time"
)

// RunAuthPrune deletes long-expired authorization codes and long-revoked
// tokens (oauth.Server.Prune) every interval until ctx is done.
func (s *Service) RunAuthPrune(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if codes, tokens, err := s.Server.Prune(ctx); err != nil && ctx.Err() == nil {
			s.core.log.WarnContext(ctx, "pruning authorization codes and tokens failed", "err", err)
		} else if codes+tokens > 0 {
			s.core.log.InfoContext(ctx, "pruned authorization codes and tokens", "codes", codes, "tokens", tokens)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
