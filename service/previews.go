package service

import (
	"context"
	"time"

	"agora"
	"agora/visibility"
)

// previewVisibilities are the posts of an account a preview shows: those for
// everyone. The gate decides all the same; asking the store for these only
// keeps private posts from taking the places of the latest.
var previewVisibilities = []agora.Visibility{agora.VisibilityPublic, agora.VisibilityUnlisted}

// Previews returns what v shows of each subject, for a reviewer of the legal
// desk (agora.SubjectPreview): an account with its latest posts, a status with
// its author, a hashtag with its use over the last agora.PreviewTagDays days.
// Everything is read through v, so legal staff see withheld content and the
// audience rules still apply. A subject that no longer exists, or that v does
// not show, is absent; one given twice is previewed once. It makes a fixed number of round trips to the store
// whatever the number of subjects. Errors: visibility.ErrStale, and the store's.
func (s *Rules) Previews(ctx context.Context, v *visibility.Snapshot, subjects []agora.Subject) (map[agora.Subject]*agora.SubjectPreview, error) {
	out := make(map[agora.Subject]*agora.SubjectPreview, len(subjects))
	var accountIDs, statusIDs []agora.ID
	var tags []string
	seen := make(map[agora.Subject]bool, len(subjects))
	for _, sub := range subjects {
		if seen[sub] {
			continue
		}
		seen[sub] = true
		switch sub.Kind {
		case agora.SubjectAccount:
			accountIDs = append(accountIDs, sub.ID)
		case agora.SubjectStatus:
			statusIDs = append(statusIDs, sub.ID)
		case agora.SubjectHashtag:
			tags = append(tags, sub.Hashtag)
		}
	}
	statuses, err := s.previewStatuses(ctx, v, statusIDs)
	if err != nil {
		return nil, err
	}
	authors := append([]agora.ID{}, accountIDs...)
	for _, st := range statuses {
		authors = append(authors, st.AccountID)
	}
	accounts, err := s.previewAccounts(ctx, v, authors)
	if err != nil {
		return nil, err
	}
	for _, st := range statuses {
		if a := accounts[st.AccountID]; a != nil {
			out[agora.Subject{Kind: agora.SubjectStatus, ID: st.ID}] = &agora.SubjectPreview{Account: a, Status: st}
		}
	}
	var shown []agora.ID
	for _, id := range accountIDs {
		if a := accounts[id]; a != nil {
			out[agora.Subject{Kind: agora.SubjectAccount, ID: id}] = &agora.SubjectPreview{Account: a}
			shown = append(shown, id)
		}
	}
	if err := s.previewLatest(ctx, v, shown, out); err != nil {
		return nil, err
	}
	if err := s.previewTags(ctx, v, tags, out); err != nil {
		return nil, err
	}
	return out, nil
}

// previewStatuses loads the statuses with the IDs and returns those v shows
// (fetched directly: only an author who blocks the viewer hides them besides
// the audience rules and withholding).
func (s *Rules) previewStatuses(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) ([]*agora.Status, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byID, err := s.store.Statuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	list := make([]*agora.Status, 0, len(byID))
	for _, id := range ids {
		if st := byID[id]; st != nil {
			list = append(list, st)
		}
	}
	kept, err := v.Statuses(ctx, list, visibility.Direct)
	if err != nil {
		return nil, err
	}
	return kept.Kept, nil
}

// previewAccounts loads the accounts with the IDs and returns those v shows,
// by ID.
func (s *Rules) previewAccounts(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) (map[agora.ID]*agora.Account, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byID, err := s.store.Accounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	list := make([]*agora.Account, 0, len(byID))
	for _, a := range byID {
		list = append(list, a)
	}
	kept, _, err := v.Accounts(ctx, list, visibility.Direct)
	if err != nil {
		return nil, err
	}
	out := make(map[agora.ID]*agora.Account, len(kept))
	for _, a := range kept {
		out[a.ID] = a
	}
	return out, nil
}

// previewLatest sets the Recent posts of the previews of the accounts: their
// latest the store has, those of them v shows, in one pass through the gate.
func (s *Rules) previewLatest(ctx context.Context, v *visibility.Snapshot, accountIDs []agora.ID, out map[agora.Subject]*agora.SubjectPreview) error {
	if len(accountIDs) == 0 {
		return nil
	}
	latest, err := s.store.LatestStatuses(ctx, accountIDs, agora.PreviewStatuses, previewVisibilities)
	if err != nil {
		return err
	}
	var all []*agora.Status
	for _, id := range accountIDs {
		all = append(all, latest[id]...)
	}
	kept, err := v.Statuses(ctx, all, visibility.Direct)
	if err != nil {
		return err
	}
	for _, st := range kept.Kept {
		p := out[agora.Subject{Kind: agora.SubjectAccount, ID: st.AccountID}]
		p.Recent = append(p.Recent, st)
	}
	return nil
}

// previewTags adds the previews of the hashtags v shows, with their use in
// public statuses over the last agora.PreviewTagDays days as v may count it.
func (s *Rules) previewTags(ctx context.Context, v *visibility.Snapshot, names []string, out map[agora.Subject]*agora.SubjectPreview) error {
	shown := v.Tags(names)
	if len(shown) == 0 {
		return nil
	}
	skip, err := v.Uncounted()
	if err != nil {
		return err
	}
	since := s.now().Add(-agora.PreviewTagDays * 24 * time.Hour)
	uses, err := s.store.TagUses(ctx, shown, since, skip)
	if err != nil {
		return err
	}
	byName := make(map[string]agora.TagTrend, len(uses))
	for _, u := range uses {
		byName[u.Name] = u
	}
	for _, name := range shown {
		use := byName[name]
		use.Name = name
		out[agora.Subject{Kind: agora.SubjectHashtag, Hashtag: name}] = &agora.SubjectPreview{Tag: &use}
	}
	return nil
}
