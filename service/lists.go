package service

import (
	"context"
	"fmt"
	"strings"

	"agora"
	"agora/visibility"
)

// ListUpdate is what creating or updating a list sets; nil fields keep their
// value on update (on create: the default policy "list", not exclusive).
type ListUpdate struct {
	Title         *string
	RepliesPolicy *agora.RepliesPolicy
	Exclusive     *bool
}

// CreateList makes a list of the viewer. EUNPROCESSABLE names the fields that
// fail (a blank or too long title, an unknown replies policy), or says that the
// viewer has agora.MaxLists lists already.
func (s *Timelines) CreateList(ctx context.Context, v *visibility.Snapshot, u ListUpdate) (*agora.List, error) {
	id := s.ids.New()
	l := &agora.List{ID: id, AccountID: v.Viewer().ID, RepliesPolicy: agora.RepliesList, CreatedAt: s.now()}
	if u.Title == nil {
		u.Title = new(string)
	}
	u.apply(l)
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.CreateList(ctx, l, agora.MaxLists); err != nil {
		return nil, err
	}
	return l, nil
}

func (u ListUpdate) apply(l *agora.List) {
	if u.Title != nil {
		l.Title = strings.TrimSpace(*u.Title)
	}
	if u.RepliesPolicy != nil {
		l.RepliesPolicy = *u.RepliesPolicy
	}
	if u.Exclusive != nil {
		l.Exclusive = *u.Exclusive
	}
}

// List returns the viewer's list. ENOTFOUND for a list of someone else, as for
// none.
func (s *Timelines) List(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.List, error) {
	l, err := s.store.List(ctx, id)
	if err != nil {
		return nil, err
	}
	if l.AccountID != v.Viewer().ID {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return l, nil
}

// Lists returns the viewer's lists, oldest first.
func (s *Timelines) Lists(ctx context.Context, v *visibility.Snapshot) ([]*agora.List, error) {
	return s.store.Lists(ctx, v.Viewer().ID)
}

// UpdateList changes the viewer's list. Errors as List and CreateList. A new
// replies policy rebuilds the list's feed; a change of exclusive the viewer's
// home feed, on their next reads.
func (s *Timelines) UpdateList(ctx context.Context, v *visibility.Snapshot, id agora.ID, u ListUpdate) (*agora.List, error) {
	l, err := s.List(ctx, v, id)
	if err != nil {
		return nil, err
	}
	was := *l
	u.apply(l)
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.UpdateList(ctx, l); err != nil {
		return nil, err
	}
	if l.RepliesPolicy != was.RepliesPolicy {
		if err := s.dropListFeed(ctx, l.ID); err != nil {
			return nil, err
		}
	}
	if l.Exclusive != was.Exclusive {
		if err := s.feeds.Drop(ctx, l.AccountID); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// DeleteList deletes the viewer's list. Errors as List.
func (s *Timelines) DeleteList(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	l, err := s.List(ctx, v, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteList(ctx, l.ID); err != nil {
		return err
	}
	return s.listChanged(ctx, l)
}

// listChanged forgets the feed of the list whose members changed, and the
// owner's home feed when the list is exclusive: both are rebuilt on their next
// read.
func (s *core) listChanged(ctx context.Context, l *agora.List) error {
	if err := s.dropListFeed(ctx, l.ID); err != nil {
		return err
	}
	if l.Exclusive {
		return s.feeds.Drop(ctx, l.AccountID)
	}
	return nil
}

// AddToList adds accounts to the viewer's list, all or none, as Mastodon does:
// each must be one the viewer follows (EUNPROCESSABLE naming it otherwise);
// ENOTFOUND for a missing account, as for a list of someone else;
// EUNPROCESSABLE when the list would have more than agora.MaxListMembers. An
// account withheld from the viewer can be added: the viewer follows it, and its
// statuses stay out of the list's timeline for as long as the gate hides them.
// Adding a member twice is not an error.
func (s *Timelines) AddToList(ctx context.Context, v *visibility.Snapshot, id agora.ID, accountIDs []agora.ID) error {
	l, err := s.List(ctx, v, id)
	if err != nil {
		return err
	}
	if len(accountIDs) == 0 {
		return agora.Errorf(agora.EUNPROCESSABLE, "Parameter account_ids is required.")
	}
	found, err := s.store.Accounts(ctx, accountIDs)
	if err != nil {
		return err
	}
	rel, err := s.store.Relations(ctx, l.AccountID, accountIDs)
	if err != nil {
		return err
	}
	now := s.now()
	members := make([]*agora.ListMember, 0, len(accountIDs))
	for _, a := range accountIDs {
		if found[a] == nil {
			return agora.Errorf(agora.ENOTFOUND, "Record not found.")
		}
		if !rel[a].Following {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You can only add accounts you follow to a list (account %s).", a)
		}
		members = append(members, &agora.ListMember{ID: s.ids.New(), ListID: l.ID, AccountID: a, CreatedAt: now})
	}
	if err := s.store.AddListMembers(ctx, l.ID, members, agora.MaxListMembers); err != nil {
		return err
	}
	return s.listChanged(ctx, l)
}

// RemoveFromList removes accounts from the viewer's list; those not in it are
// skipped. ENOTFOUND for a list of someone else.
func (s *Timelines) RemoveFromList(ctx context.Context, v *visibility.Snapshot, id agora.ID, accountIDs []agora.ID) error {
	l, err := s.List(ctx, v, id)
	if err != nil {
		return err
	}
	if err := s.store.RemoveListMembers(ctx, l.ID, accountIDs); err != nil {
		return err
	}
	return s.listChanged(ctx, l)
}

// ListAccounts returns a page of the members of the viewer's list, newest
// member first, through the gate (withheld accounts left out); with all, every
// member (Mastodon's limit=0). ENOTFOUND for a list of someone else.
func (s *Timelines) ListAccounts(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page, all bool) (*AccountPage, error) {
	l, err := s.List(ctx, v, id)
	if err != nil {
		return nil, err
	}
	var ms []*agora.ListMember
	for {
		page, err := s.store.ListMembers(ctx, l.ID, p.Normalize())
		if err != nil {
			return nil, err
		}
		ms = append(ms, page...)
		if !all || len(page) < p.Normalize().Limit || len(ms) >= agora.MaxListMembers {
			break
		}
		p = agora.Page{MaxID: page[len(page)-1].ID, Limit: agora.MaxListLimit}
	}
	ids := make([]agora.ID, len(ms))
	cursors := make([]agora.ID, len(ms))
	for i, m := range ms {
		ids[i], cursors[i] = m.AccountID, m.ID
	}
	out, err := s.accountPage(ctx, v, ids, cursors, visibility.List)
	if all && err == nil {
		out.Span = Span{} // every member: nothing to page on to
	}
	return out, err
}

// AccountLists returns the viewer's lists that hold the account. The account is
// read through the gate: EWITHHELD when it is withheld from the viewer, as its
// page is; ENOTFOUND when it does not exist.
func (s *Timelines) AccountLists(ctx context.Context, v *visibility.Snapshot, accountID agora.ID) ([]*agora.List, error) {
	a, err := s.store.Account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if _, err := v.Account(a); err != nil {
		return nil, err
	}
	all, err := s.store.ListsWithMember(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := []*agora.List{}
	for _, l := range all {
		if l.AccountID == v.Viewer().ID {
			out = append(out, l)
		}
	}
	return out, nil
}

// ListTimeline returns a page of the viewer's list's timeline, newest first,
// read from its feed (rebuilt from the database when missing) through the gate
// as home is. ENOTFOUND for a list of someone else.
func (s *Timelines) ListTimeline(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*Bundle, error) {
	l, err := s.List(ctx, v, id)
	if err != nil {
		return nil, err
	}
	p = p.Normalize()
	kept, span, err := s.fill(ctx, v, visibility.List, p, 0, func(p agora.Page) (batch, error) {
		entries, err := s.listFeedPage(ctx, l, p)
		if err != nil {
			return batch{}, err
		}
		page := make([]agora.ID, len(entries))
		for i, e := range entries {
			page[i] = e.ID
		}
		found, err := s.store.Statuses(ctx, page)
		if err != nil {
			return batch{}, err
		}
		list := make([]*agora.Status, 0, len(page))
		for _, id := range page {
			if st := found[id]; st != nil {
				list = append(list, st)
			}
		}
		return batch{list: list, read: page, more: len(page) >= p.Limit, hide: agora.FilterHome}, nil
	})
	if err != nil {
		return nil, err
	}
	b, err := s.bundle(ctx, v.Viewer(), kept)
	if err != nil {
		return nil, err
	}
	if err := s.markFiltered(ctx, v, agora.FilterHome, b); err != nil {
		return nil, err
	}
	b.Span = span
	return b, nil
}

// listFeedPage reads the page of the list's feed, rebuilding it when missing,
// as feedPage does for home.
func (s *core) listFeedPage(ctx context.Context, l *agora.List, p agora.Page) ([]agora.FeedEntry, error) {
	if s.listFeeds == nil {
		return nil, fmt.Errorf("list feeds: no cache given (Service.UseListFeeds)")
	}
	for attempt := 0; ; attempt++ {
		entries, ok, err := s.listFeeds.FeedPage(ctx, l.ID, p)
		if err != nil {
			return nil, fmt.Errorf("read list feed: %w", err)
		}
		if ok || attempt == 2 {
			return entries, nil
		}
		if err := s.rebuildListFeed(ctx, l); err != nil {
			return nil, fmt.Errorf("rebuild list feed: %w", err)
		}
	}
}
