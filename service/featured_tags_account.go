package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// AccountFeaturedTags lists the hashtags the account id features, oldest
// first, as the viewer may see them: a hashtag withheld from the viewer is
// left out, and the count and last date of the account's statuses carrying a
// hashtag leave out the statuses withheld from the viewer, so that they do not
// reveal withheld posts. Errors: ENOTFOUND, EWITHHELD for the account.
func (s *Timelines) AccountFeaturedTags(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, []*agora.FeaturedTag, error) {
	a, err := s.visibleTarget(ctx, v, id)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.store.FeaturedTags(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var out []*agora.FeaturedTag
	for _, f := range list {
		if !v.HidesTag(f.Name) {
			out = append(out, f)
		}
	}
	u, err := v.Uncounted()
	if err != nil {
		return nil, nil, err
	}
	if len(u.Statuses) == 0 || u.Except == id || len(out) == 0 {
		return a, out, nil
	}
	if err := s.uncountWithheld(ctx, id, out, u.Statuses); err != nil {
		return nil, nil, err
	}
	return a, out, nil
}

// featuredVisibilities are the statuses a featured tag counts.
var featuredVisibilities = []agora.Visibility{agora.VisibilityPublic, agora.VisibilityUnlisted}

// uncountWithheld takes the account's statuses among withheld out of the
// counts of tags, and finds each affected tag's newest status again among the
// rest (nil when none is found on the first page: a date is left out rather
// than one of a withheld status shown).
func (s *Timelines) uncountWithheld(ctx context.Context, accountID agora.ID, tags []*agora.FeaturedTag, withheld []agora.ID) error {
	sts, err := s.store.Statuses(ctx, withheld)
	if err != nil {
		return err
	}
	hidden := map[agora.ID]bool{}
	for _, f := range tags {
		affected := false
		for _, st := range sts {
			if st.AccountID != accountID || st.ReblogOfID != 0 || !st.HasTag(f.Name) ||
				(st.Visibility != agora.VisibilityPublic && st.Visibility != agora.VisibilityUnlisted) {
				continue
			}
			hidden[st.ID] = true
			f.StatusesCount--
			affected = true
		}
		if !affected {
			continue
		}
		newest, err := s.store.ListStatuses(ctx, agora.StatusQuery{AccountID: accountID, Tag: f.Name,
			Visibilities: featuredVisibilities, ExcludeReblogs: true, Page: agora.Page{Limit: agora.MaxListLimit}})
		if err != nil {
			return err
		}
		f.LastStatusAt = nil
		for _, st := range newest {
			if !hidden[st.ID] {
				at := st.CreatedAt
				f.LastStatusAt = &at
				break
			}
		}
	}
	return nil
}
