package service

import (
	"context"

	"agora"
	"agora/internal/textfmt"
	"agora/visibility"
)

// MaxTagTimelineTags is how many hashtags of each of any[], all[] and none[] of
// the hashtag timeline count: as Mastodon, the first four of each; the rest are
// ignored.
const MaxTagTimelineTags = 4

// TagTimelineQuery selects a hashtag timeline as Mastodon's any[], all[] and
// none[] do: statuses carrying Tag or any of Any, and every one of All, and
// none of None.
type TagTimelineQuery struct {
	Tag            string
	Any, All, None []string
	OnlyMedia      bool // only statuses with media attachments
	Page           agora.Page
}

// FilteredTagTimeline returns the public statuses q selects, newest first,
// through the visibility gate as TagTimeline. The hashtag itself must not be
// withheld from the viewer (EWITHHELD otherwise). A hashtag of Any, All or
// None withheld from the viewer is left out as if not named: a withheld
// hashtag brings no statuses in, and narrowing by it would show which
// statuses carry it. Only the first MaxTagTimelineTags names of each list
// count. Errors: EINVALID for a name that cannot be a hashtag.
func (s *Timelines) FilteredTagTimeline(ctx context.Context, v *visibility.Snapshot, q TagTimelineQuery) (*Bundle, error) {
	name, ok := textfmt.NormalizeTag(q.Tag)
	if !ok {
		return nil, agora.Errorf(agora.EINVALID, "%q is not a valid hashtag.", truncate(q.Tag, 100))
	}
	if err := v.Tag(name); err != nil {
		return nil, err
	}
	sq := agora.StatusQuery{
		Tag:            name,
		Visibilities:   []agora.Visibility{agora.VisibilityPublic},
		ExcludeReblogs: true,
		OnlyMedia:      q.OnlyMedia,
		Page:           q.Page.Normalize(),
	}
	var err error
	if sq.AnyTags, err = visibleTags(v, "any", q.Any); err != nil {
		return nil, err
	}
	if sq.AllTags, err = visibleTags(v, "all", q.All); err != nil {
		return nil, err
	}
	if sq.NoneTags, err = visibleTags(v, "none", q.None); err != nil {
		return nil, err
	}
	return s.listVisible(ctx, v, sq, visibility.Public, agora.FilterPublic)
}

// visibleTags normalizes the hashtags of the list param names ("" names none)
// and returns those the viewer may see, each once.
func visibleTags(v *visibility.Snapshot, param string, names []string) ([]string, error) {
	if len(names) > MaxTagTimelineTags {
		names = names[:MaxTagTimelineTags] // as Mastodon: the rest are ignored
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" {
			continue // a form's empty any[]= names nothing
		}
		name, ok := textfmt.NormalizeTag(n)
		if !ok {
			return nil, agora.Errorf(agora.EINVALID, "%s[]: %q is not a valid hashtag.", param, truncate(n, 100))
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return v.Tags(out), nil
}
