package service

import (
	"context"
	"time"

	"agora"
	"agora/visibility"
)

// Bundle is a list of statuses that passed the gate, with everything needed to
// present them, loaded in a fixed number of round trips: the originals of boosts,
// the authors and mentioned accounts of all of them, and what the viewer did to each.
type Bundle struct {
	Statuses  []*agora.Status
	Originals map[agora.ID]*agora.Status // by ID, for the boosts in Statuses
	Accounts  map[agora.ID]*agora.Account
	Flags     map[agora.ID]agora.ViewerFlags // by status ID; empty for anonymous viewers
	// Marks are the withholding marks of the statuses and accounts, as the gate
	// read them when it kept the statuses.
	Marks visibility.Marks
	// Viewer is who the statuses are shown to; nil for anonymous readers.
	Viewer *agora.Account
	// Polls are the polls of the statuses and originals that have one, by status
	// ID, with their counts; OwnVotes the viewer's choices in those it voted in.
	Polls    map[agora.ID]*agora.Poll
	OwnVotes map[agora.ID][]int
	PollsAt  time.Time // when the polls were read: whether they ended is reckoned then
	// Span is the range of positions a timeline page read, where they are not
	// the IDs of its statuses (home: a boost shown in place of another); the
	// Link header continues from it. Zero otherwise.
	Span Span
	// Filtered are the results of the viewer's filters covering the context
	// the statuses are shown in, by status ID (a boost's and its original's),
	// for the statuses some filter matched (filters_apply.go).
	Filtered map[agora.ID][]agora.FilterResult
}

// Account returns the account with the ID from the bundle, or nil.
func (b *Bundle) Account(id agora.ID) *agora.Account { return b.Accounts[id] }

// Original returns the status a boost boosts, or nil.
func (b *Bundle) Original(st *agora.Status) *agora.Status { return b.Originals[st.ReblogOfID] }

// ViewerFlags returns what the viewer did to st. For a boost, favourited,
// reblogged and bookmarked are the viewer's on the boosted status, as Mastodon
// reads them on status.proper: the answer to a boost says reblogged at the top
// level as well as in its reblog. Pinned stays the boost's own (never).
func (b *Bundle) ViewerFlags(st *agora.Status) agora.ViewerFlags {
	fl := b.Flags[st.ID]
	if st.ReblogOfID != 0 {
		pinned := fl.Pinned
		fl = b.Flags[st.ReblogOfID]
		fl.Pinned = pinned
	}
	return fl
}

// present passes list through the gate and loads what presenting it needs.
func (s *core) present(ctx context.Context, v *visibility.Snapshot, list []*agora.Status, mode visibility.Mode) (*Bundle, error) {
	kept, err := v.Statuses(ctx, list, mode)
	if err != nil {
		return nil, err
	}
	return s.bundle(ctx, v.Viewer(), kept)
}

// presentOne is present for one status fetched directly: ENOTFOUND when its
// audience hides it, EWITHHELD when a rule withholds it from the viewer.
func (s *core) presentOne(ctx context.Context, v *visibility.Snapshot, st *agora.Status) (*Bundle, error) {
	kept, err := v.Status(ctx, st)
	if err != nil {
		return nil, err
	}
	return s.bundle(ctx, v.Viewer(), kept)
}

// presentIDs loads the statuses with the IDs (in that order, missing ones left out)
// and presents them.
func (s *core) presentIDs(ctx context.Context, v *visibility.Snapshot, ids []agora.ID, mode visibility.Mode) (*Bundle, error) {
	found, err := s.store.Statuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	list := make([]*agora.Status, 0, len(ids))
	for _, id := range ids {
		if st := found[id]; st != nil {
			list = append(list, st)
		}
	}
	return s.present(ctx, v, list, mode)
}

// bundle loads the accounts and viewer flags for statuses that passed the gate.
// Statuses whose author (or whose original's author) is gone are left out.
func (s *core) bundle(ctx context.Context, viewer *agora.Account, kept *visibility.Statuses) (*Bundle, error) {
	list, originals := kept.Kept, kept.Originals
	b := &Bundle{Viewer: viewer, Originals: originals, Marks: kept.Marks, Accounts: map[agora.ID]*agora.Account{}, Flags: map[agora.ID]agora.ViewerFlags{}}
	var accountIDs, statusIDs []agora.ID
	add := func(st *agora.Status) {
		accountIDs = append(accountIDs, st.AccountID)
		accountIDs = append(accountIDs, st.Mentions...)
		statusIDs = append(statusIDs, st.ID)
	}
	for _, st := range list {
		add(st)
		if o := originals[st.ReblogOfID]; o != nil {
			add(o)
		}
	}
	if err := s.addAccounts(ctx, b, accountIDs); err != nil {
		return nil, err
	}
	for _, st := range list {
		if b.Accounts[st.AccountID] == nil {
			continue
		}
		if o := originals[st.ReblogOfID]; st.ReblogOfID != 0 && (o == nil || b.Accounts[o.AccountID] == nil) {
			continue
		}
		b.Statuses = append(b.Statuses, st)
	}
	if viewer != nil && len(statusIDs) > 0 {
		flags, err := s.store.ViewerFlags(ctx, viewer.ID, statusIDs)
		if err != nil {
			return nil, err
		}
		b.Flags = flags
		if err := s.markMutedThreads(ctx, b); err != nil {
			return nil, err
		}
	}
	if err := s.addPolls(ctx, b); err != nil {
		return nil, err
	}
	return b, nil
}

// addAccounts loads the accounts with the IDs not yet in the bundle, in one round trip.
func (s *core) addAccounts(ctx context.Context, b *Bundle, ids []agora.ID) error {
	var need []agora.ID
	seen := map[agora.ID]bool{}
	for _, id := range ids {
		if id != 0 && b.Accounts[id] == nil && !seen[id] {
			seen[id] = true
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return nil
	}
	found, err := s.store.Accounts(ctx, need)
	if err != nil {
		return err
	}
	for id, a := range found {
		b.Accounts[id] = a
	}
	return nil
}

// Span is the range of cursor IDs a page read, newest and oldest; the Link header
// continues from it. Both are 0 for an empty page. Read is how many rows the page
// read, before the gate left any out: fewer than the page's limit means it was the
// last page (0 where the page does not count them).
type Span struct {
	Newest, Oldest agora.ID
	Read           int
}

func spanOf(cursors []agora.ID) Span {
	if len(cursors) == 0 {
		return Span{}
	}
	return Span{Newest: cursors[0], Oldest: cursors[len(cursors)-1], Read: len(cursors)}
}

// AccountPage is a page of accounts and the span of cursors (follow, boost,
// favourite, block... IDs) it read.
type AccountPage struct {
	Accounts []*agora.Account
	Marks    visibility.Marks // of Accounts
	Span     Span
}

// loadAccounts loads the accounts with the IDs, in order, leaving out missing ones.
func (s *core) loadAccounts(ctx context.Context, ids, cursors []agora.ID) (*AccountPage, error) {
	found, err := s.store.Accounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	page := &AccountPage{Span: spanOf(cursors)}
	for _, id := range ids {
		if a := found[id]; a != nil {
			page.Accounts = append(page.Accounts, a)
		}
	}
	return page, nil
}

// accountPage is loadAccounts for lists shown to a viewer, through the gate in
// the mode: List leaves out accounts withheld from the viewer and those blocking
// or blocked by the viewer, Direct only withheld ones.
func (s *core) accountPage(ctx context.Context, v *visibility.Snapshot, ids, cursors []agora.ID, mode visibility.Mode) (*AccountPage, error) {
	page, err := s.loadAccounts(ctx, ids, cursors)
	if err != nil {
		return nil, err
	}
	page.Accounts, page.Marks, err = v.Accounts(ctx, page.Accounts, mode)
	return page, err
}
