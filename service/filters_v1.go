package service

import (
	"context"
	"slices"

	"agora"
	"agora/visibility"
)

// Mastodon's v1 filters are a view of the v2 ones: each keyword of a filter is
// a v1 filter, whose ID is the keyword's, whose phrase and whole word flag are
// the keyword's, and whose context, expiry and irreversible flag (action hide)
// are its filter's.

// V1FilterUpdate is what creating or updating a v1 filter sets; nil fields
// keep their value on update.
type V1FilterUpdate struct {
	Phrase       *string
	WholeWord    *bool
	Context      *[]agora.FilterContext
	Irreversible *bool
	ExpiresIn    *int // as FilterUpdate's
}

func (u V1FilterUpdate) filterUpdate() FilterUpdate {
	fu := FilterUpdate{Context: u.Context, ExpiresIn: u.ExpiresIn}
	if u.Irreversible != nil {
		a := agora.FilterWarn
		if *u.Irreversible {
			a = agora.FilterHide
		}
		fu.Action = &a
	}
	return fu
}

// CreateV1Filter makes a filter of the viewer titled with the phrase, with the
// phrase as its one keyword, and returns it and the keyword. Errors as
// CreateFilter; a blank phrase is EUNPROCESSABLE.
func (s *Timelines) CreateV1Filter(ctx context.Context, v *visibility.Snapshot, u V1FilterUpdate) (*agora.Filter, *agora.FilterKeyword, error) {
	fu := u.filterUpdate()
	if u.Phrase == nil {
		u.Phrase = new(string)
	}
	fu.Title = u.Phrase
	fu.Keywords = []KeywordChange{{Keyword: u.Phrase, WholeWord: u.WholeWord}}
	f, err := s.CreateFilter(ctx, v, fu)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Keywords[0], nil
}

// V1Filter returns the viewer's keyword with the ID and its filter. ENOTFOUND
// for someone else's, as for none.
func (s *Timelines) V1Filter(ctx context.Context, v *visibility.Snapshot, keywordID agora.ID) (*agora.Filter, *agora.FilterKeyword, error) {
	k, err := s.store.FilterKeyword(ctx, keywordID)
	if err != nil {
		return nil, nil, err
	}
	f, err := s.ownFilter(ctx, v, k.FilterID)
	if err != nil {
		return nil, nil, err
	}
	return f, k, nil
}

// UpdateV1Filter changes the viewer's keyword and its filter in one write.
// As Mastodon, a change to the filter (context, irreversible, expiry) of a
// filter with several keywords is EUNPROCESSABLE, as it would change the
// other keywords' v1 filters too; the same values again are no change. Errors
// as V1Filter and UpdateFilter.
func (s *Timelines) UpdateV1Filter(ctx context.Context, v *visibility.Snapshot, keywordID agora.ID, u V1FilterUpdate) (*agora.Filter, *agora.FilterKeyword, error) {
	f, k, err := s.V1Filter(ctx, v, keywordID)
	if err != nil {
		return nil, nil, err
	}
	fu := u.filterUpdate()
	if len(f.Keywords) > 1 {
		was := *f
		changed := *f
		s.applyFilterUpdate(&changed, FilterUpdate{Context: fu.Context, Action: fu.Action, ExpiresIn: fu.ExpiresIn}, s.now())
		if !slices.Equal(changed.Context, was.Context) || changed.Action != was.Action || !changed.ExpiresAt.Equal(was.ExpiresAt) {
			return nil, nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: This filter has several keywords: change its context, action or expiry through the v2 API (/api/v2/filters/%s).", f.ID)
		}
	}
	fu.Keywords = []KeywordChange{{ID: k.ID, Keyword: u.Phrase, WholeWord: u.WholeWord}}
	f, err = s.UpdateFilter(ctx, v, f.ID, fu)
	if err != nil {
		return nil, nil, err
	}
	i := indexKeyword(f.Keywords, k.ID)
	if i < 0 { // cannot be: the update changed it, in the transaction
		return nil, nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return f, f.Keywords[i], nil
}

// DeleteV1Filter deletes the viewer's keyword, and its filter when nothing
// else (no other keyword, no status) is left in it. Errors as V1Filter.
func (s *Timelines) DeleteV1Filter(ctx context.Context, v *visibility.Snapshot, keywordID agora.ID) error {
	f, k, err := s.V1Filter(ctx, v, keywordID)
	if err != nil {
		return err
	}
	if len(f.Keywords) == 1 && len(f.Statuses) == 0 {
		return s.store.DeleteFilter(ctx, f.ID)
	}
	return s.store.DeleteFilterKeyword(ctx, k.ID)
}
