package service

import (
	"context"

	"agora"
	"agora/visibility"
)

// MaxFeaturedTags is how many hashtags an account may feature, as Mastodon
// allows.
const MaxFeaturedTags = 10

// OwnFeaturedTags lists the hashtags the viewer features on its profile,
// oldest first, with the use the viewer made of them; a hashtag withheld from
// the viewer is left out. The counts are of the viewer's own statuses, which
// withholding does not hide from their author.
func (s *Timelines) OwnFeaturedTags(ctx context.Context, v *visibility.Snapshot) ([]*agora.FeaturedTag, error) {
	list, err := s.store.FeaturedTags(ctx, v.Viewer().ID)
	if err != nil {
		return nil, err
	}
	var out []*agora.FeaturedTag
	for _, f := range list {
		if !v.HidesTag(f.Name) {
			out = append(out, f)
		}
	}
	return out, nil
}

// FeatureTag features the hashtag on the viewer's profile and returns it with
// its use. Errors: EINVALID for a name that cannot be a hashtag, EWITHHELD
// for a hashtag withheld from the viewer, EUNPROCESSABLE when the viewer
// features it already or features MaxFeaturedTags hashtags.
func (s *Timelines) FeatureTag(ctx context.Context, v *visibility.Snapshot, name string) (*agora.FeaturedTag, error) {
	tag, err := s.tagName(name)
	if err != nil {
		return nil, err
	}
	if err := v.Tag(tag); err != nil {
		return nil, err
	}
	viewer := v.Viewer()
	list, err := s.store.FeaturedTags(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	if len(list) >= MaxFeaturedTags {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You can feature at most %d hashtags.", MaxFeaturedTags)
	}
	f := &agora.FeaturedTag{ID: s.ids.New(), AccountID: viewer.ID, Name: tag, CreatedAt: s.now().UTC().Truncate(timePrecision)}
	if err := s.store.CreateFeaturedTag(ctx, f); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: Tag has already been taken")
		}
		return nil, err
	}
	list, err = s.store.FeaturedTags(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	for _, g := range list {
		if g.ID == f.ID {
			return g, nil
		}
	}
	return f, nil
}

// UnfeatureTag removes the viewer's featured tag with the ID. ENOTFOUND when
// the viewer has none with it.
func (s *Timelines) UnfeatureTag(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	return s.store.DeleteFeaturedTag(ctx, v.Viewer().ID, id)
}
