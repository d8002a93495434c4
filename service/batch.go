package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// MaxBatchIDs is how many IDs one request for several statuses or accounts
// may name (Mastodon 4.3's GET /api/v1/statuses and /api/v1/accounts).
const MaxBatchIDs = 20

// Statuses returns the statuses with the IDs that the viewer may see, in the
// order of ids, each once: as Status would for each, but a status that is
// missing, hidden by its audience or withheld from the viewer is left out
// rather than refused. EINVALID for more than MaxBatchIDs IDs.
func (s *Posts) Statuses(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) (*Bundle, error) {
	ids, err := batchIDs(ids)
	if err != nil {
		return nil, err
	}
	b, err := s.presentIDs(ctx, v, ids, visibility.Direct)
	if err != nil {
		return nil, err
	}
	// Marked as in their thread, never hidden: they were asked for by ID.
	return b, s.markFiltered(ctx, v, agora.FilterThread, b)
}

// Accounts returns the accounts with the IDs that the viewer may see, in the
// order of ids, each once, with their marks: as Account would for each, but
// a missing, suspended or withheld account is left out rather than refused.
// EINVALID for more than MaxBatchIDs IDs.
func (s *Accounts) Accounts(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) ([]*agora.Account, visibility.Marks, error) {
	ids, err := batchIDs(ids)
	if err != nil {
		return nil, visibility.Marks{}, err
	}
	found, err := s.store.Accounts(ctx, ids)
	if err != nil {
		return nil, visibility.Marks{}, err
	}
	list := make([]*agora.Account, 0, len(ids))
	for _, id := range ids {
		if a := found[id]; a != nil {
			list = append(list, a)
		}
	}
	return v.Accounts(ctx, list, visibility.Direct)
}

// batchIDs returns ids without repeats, in order; EINVALID when they are more
// than MaxBatchIDs.
func batchIDs(ids []agora.ID) ([]agora.ID, error) {
	seen := make(map[agora.ID]bool, len(ids))
	out := make([]agora.ID, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if len(out) > MaxBatchIDs {
		return nil, agora.Errorf(agora.EINVALID, "Too many IDs: give at most %d values of id[].", MaxBatchIDs)
	}
	return out, nil
}
