package service

import (
	"context"
	"time"

	"agora"
	"agora/internal/textfmt"
	"agora/visibility"
)

const (
	// historyDays is how many days of use a Tag entity reports.
	historyDays = 7
	// trendWindow is how far back trends look.
	trendWindow = 7 * 24 * time.Hour
)

// TagInfo is a hashtag with its recent use and whether the viewer follows it.
type TagInfo struct {
	Name      string
	History   []agora.TagUse // newest day first
	Following *bool          // nil for anonymous viewers
}

// Tag returns the hashtag, matched without case. EINVALID for a name that cannot
// be a hashtag, ENOTFOUND for one never used.
func (s *Timelines) Tag(ctx context.Context, v *visibility.Snapshot, name string) (*TagInfo, error) {
	viewer := v.Viewer()
	tag, err := s.tagName(name)
	if err != nil {
		return nil, err
	}
	if err := v.Tag(tag); err != nil {
		return nil, err
	}
	ok, err := s.store.TagExists(ctx, tag)
	if err != nil {
		return nil, err
	}
	if !ok {
		if viewer == nil {
			return nil, agora.Errorf(agora.ENOTFOUND, "Hashtag #%s has not been used.", tag)
		}
		if follows, err := s.store.FollowsTags(ctx, viewer.ID, []string{tag}); err != nil {
			return nil, err
		} else if !follows[tag] {
			return nil, agora.Errorf(agora.ENOTFOUND, "Hashtag #%s has not been used.", tag)
		}
	}
	infos, err := s.tagInfos(ctx, v, []string{tag})
	if err != nil {
		return nil, err
	}
	return infos[0], nil
}

func (s *Timelines) tagName(name string) (string, error) {
	tag, ok := textfmt.NormalizeTag(name)
	if !ok {
		return "", agora.Errorf(agora.EINVALID, "%q is not a valid hashtag.", truncate(name, 100))
	}
	return tag, nil
}

// tagInfos loads history and the viewer's follows for the names, in order. The
// history does not count statuses withheld from the viewer.
func (s *Timelines) tagInfos(ctx context.Context, v *visibility.Snapshot, names []string) ([]*TagInfo, error) {
	viewer := v.Viewer()
	var follows map[string]bool
	if viewer != nil && len(names) > 0 {
		var err error
		if follows, err = s.store.FollowsTags(ctx, viewer.ID, names); err != nil {
			return nil, err
		}
	}
	skip, err := v.Uncounted()
	if err != nil {
		return nil, err
	}
	today := s.now().UTC().Truncate(24 * time.Hour)
	from, to := today.AddDate(0, 0, 1-historyDays), today.AddDate(0, 0, 1)
	out := make([]*TagInfo, 0, len(names))
	for _, n := range names {
		h, err := s.store.TagHistory(ctx, n, from, to, skip)
		if err != nil {
			return nil, err
		}
		info := &TagInfo{Name: n, History: h}
		if viewer != nil {
			f := follows[n]
			info.Following = &f
		}
		out = append(out, info)
	}
	return out, nil
}

// FollowTag makes public statuses with the hashtag reach the viewer's home feed.
// Following twice is not an error. EWITHHELD when the hashtag is withheld in the
// viewer's country, as fetching it is.
func (s *Timelines) FollowTag(ctx context.Context, v *visibility.Snapshot, name string) (*TagInfo, error) {
	viewer := v.Viewer()
	tag, err := s.tagName(name)
	if err != nil {
		return nil, err
	}
	if err := v.Tag(tag); err != nil {
		return nil, err
	}
	f := &agora.TagFollow{ID: s.ids.New(), AccountID: viewer.ID, Name: tag, CreatedAt: s.now().UTC().Truncate(timePrecision)}
	if err := s.store.FollowTag(ctx, f); err != nil {
		return nil, err
	}
	if err := s.feeds.Drop(ctx, viewer.ID); err != nil {
		return nil, err
	}
	infos, err := s.tagInfos(ctx, v, []string{tag})
	if err != nil {
		return nil, err
	}
	return infos[0], nil
}

// UnfollowTag stops the hashtag reaching the viewer's home feed. A hashtag withheld
// in the viewer's country can be unfollowed too; the answer then leaves out its
// history of use, which fetching the hashtag would not show.
func (s *Timelines) UnfollowTag(ctx context.Context, v *visibility.Snapshot, name string) (*TagInfo, error) {
	viewer := v.Viewer()
	tag, err := s.tagName(name)
	if err != nil {
		return nil, err
	}
	if err := s.store.UnfollowTag(ctx, viewer.ID, tag); err != nil {
		return nil, err
	}
	if err := s.feeds.Drop(ctx, viewer.ID); err != nil {
		return nil, err
	}
	if v.HidesTag(tag) {
		following := false
		return &TagInfo{Name: tag, Following: &following}, nil
	}
	infos, err := s.tagInfos(ctx, v, []string{tag})
	if err != nil {
		return nil, err
	}
	return infos[0], nil
}

// FollowedTags lists the hashtags the viewer follows, newest follow first.
func (s *Timelines) FollowedTags(ctx context.Context, v *visibility.Snapshot, p agora.Page) ([]*TagInfo, Span, error) {
	viewer := v.Viewer()
	fs, err := s.store.FollowedTags(ctx, viewer.ID, p.Normalize())
	if err != nil {
		return nil, Span{}, err
	}
	names := make([]string, len(fs))
	cursors := make([]agora.ID, len(fs))
	for i, f := range fs {
		names[i], cursors[i] = f.Name, f.ID
	}
	infos, err := s.tagInfos(ctx, v, v.Tags(names))
	return infos, spanOf(cursors), err
}

// maxTrends bounds a trends answer.
const maxTrends = 20

// TrendingTags returns the hashtags used by the most distinct accounts in the last
// week (then by uses), as Mastodon ranks trends by accounts, not volume.
func (s *Timelines) TrendingTags(ctx context.Context, v *visibility.Snapshot, limit, offset int) ([]*TagInfo, error) {
	// Read more than asked: withheld hashtags are left out before the page is cut.
	// Statuses withheld from the viewer neither count nor make a hashtag trend.
	skip, err := v.Uncounted()
	if err != nil {
		return nil, err
	}
	trends, err := s.store.TrendingTags(ctx, s.now().Add(-trendWindow), maxTrends+offset+limit, skip)
	if err != nil {
		return nil, err
	}
	all := make([]string, len(trends))
	for i, t := range trends {
		all[i] = t.Name
	}
	var names []string
	for i, n := range v.Tags(all) {
		if i >= offset && len(names) < limit {
			names = append(names, n)
		}
	}
	return s.tagInfos(ctx, v, names)
}
