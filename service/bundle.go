package service

import (
	"context"

	"agora"
)

// Bundle is a list of statuses with everything needed to present them: their
// authors and the accounts they mention, loaded in a fixed number of round trips.
type Bundle struct {
	Statuses []*agora.Status
	Accounts map[agora.ID]*agora.Account
	// Viewer is who the statuses are shown to; nil for anonymous readers.
	Viewer *agora.Account
}

// Account returns the account with the ID from the bundle, or nil.
func (b *Bundle) Account(id agora.ID) *agora.Account { return b.Accounts[id] }

// bundle loads the accounts list refers to. Statuses whose author is gone are left out.
func (s *Service) bundle(ctx context.Context, viewer *agora.Account, list []*agora.Status) (*Bundle, error) {
	seen := map[agora.ID]bool{}
	var ids []agora.ID
	add := func(id agora.ID) {
		if id != 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, st := range list {
		add(st.AccountID)
		for _, m := range st.Mentions {
			add(m)
		}
	}
	b := &Bundle{Viewer: viewer, Accounts: map[agora.ID]*agora.Account{}}
	if len(ids) > 0 {
		accts, err := s.store.Accounts(ctx, ids)
		if err != nil {
			return nil, err
		}
		b.Accounts = accts
	}
	for _, st := range list {
		if b.Accounts[st.AccountID] != nil {
			b.Statuses = append(b.Statuses, st)
		}
	}
	return b, nil
}
