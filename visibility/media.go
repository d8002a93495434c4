package visibility

import (
	"context"

	"agora"
)

// MediaStatus checks a status whose media file is fetched by its key. The key
// (128 random bits, in the file's URL) is the capability to the audience, as
// Mastodon serves files to whoever has the URL: image loaders send no token,
// so neither the status's visibility nor the viewer's blocks and mutes are
// checked. What the law and the platform's removals require still is, for
// every request, with or without a token: a suspended author (or, for a
// boost, the original's) hides it, and a withholding rule covering the
// viewer's country withholds it, owners and legal staff exempt as ever.
// Errors: ENOTFOUND for a suspended author or a missing original, EWITHHELD
// with the notice as Status gives it, ErrStale, and the store's.
func (s *Snapshot) MediaStatus(ctx context.Context, st *agora.Status) error {
	originals, err := s.originals(ctx, []*agora.Status{st})
	if err != nil {
		return err
	}
	orig := originals[st.ReblogOfID]
	lim := s.limitsFor()
	if st.ReblogOfID != 0 && (orig == nil || s.suspendedFor(lim, orig.AccountID)) || s.suspendedFor(lim, st.AccountID) {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	x, err := s.lock()
	if err != nil {
		return err
	}
	hit := s.statusHitsLocked(x, st, orig)
	x.mu.RUnlock()
	if hit != nil {
		return s.withheldError(ctx, hit, st, orig)
	}
	return nil
}
