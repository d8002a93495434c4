package visibility

import (
	"context"

	"agora"
)

// Accounts returns the accounts of list the viewer may see listed, in order, with
// their marks: accounts withheld from the viewer and suspended accounts
// (limits.go) are left out, and in modes List and Public also accounts the
// viewer blocks or is blocked by. Errors: ErrStale, and the store's.
func (s *Snapshot) Accounts(ctx context.Context, list []*agora.Account, mode Mode) ([]*agora.Account, Marks, error) {
	var f *agora.AccountFilter
	if mode != Direct {
		var err error
		if f, err = s.Filter(ctx); err != nil {
			return nil, Marks{}, err
		}
	}
	x, err := s.lock()
	if err != nil {
		return nil, Marks{}, err
	}
	defer x.mu.RUnlock()
	m := Marks{Gen: x.gen.Load(), read: true}
	lim := s.limitsFor()
	if len(x.byAccount) == 0 && f == nil && len(lim.suspended) == 0 {
		return list, m, nil
	}
	out := list[:0:0]
	for _, a := range list {
		if s.accountHiddenLocked(x, a.ID) || f.Blocks(a.ID) || s.suspendedFor(lim, a.ID) {
			continue
		}
		out = append(out, a)
		s.markAccountLocked(x, &m, a.ID)
	}
	return out, m, nil
}

// Account checks one account fetched directly (a profile, a lookup, an account's
// statuses) and returns its marks. Errors: ENOTFOUND for a suspended account
// (limits.go) but to itself, EWITHHELD with the notice text, its
// link and the rule's log entry when an account rule withholds it from the
// viewer, ErrStale.
func (s *Snapshot) Account(a *agora.Account) (Marks, error) {
	x, err := s.lock()
	if err != nil {
		return Marks{}, err
	}
	defer x.mu.RUnlock()
	if s.suspendedFor(s.limitsFor(), a.ID) {
		return Marks{}, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	if !s.exempt(a.ID) {
		if hit := s.appendCovering(nil, x, x.byAccount[a.ID]); hit != nil {
			return Marks{}, s.g.withheld(NoticeText(agora.SubjectAccount, a.Username, hit), hit)
		}
	}
	m := Marks{Gen: x.gen.Load(), read: true}
	s.markAccountLocked(x, &m, a.ID)
	return m, nil
}
