package mastoapi

import (
	"context"
	"net/http"
	"strconv"

	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

func (c converter) tag(t *service.TagInfo) *Tag {
	e := &Tag{ID: t.Name, Name: t.Name, URL: c.base + "/tags/" + t.Name, History: []TagHistory{}, Following: t.Following}
	for _, h := range t.History {
		e.History = append(e.History, TagHistory{
			Day:      strconv.FormatInt(h.Day.Unix(), 10),
			Uses:     strconv.Itoa(h.Uses),
			Accounts: strconv.Itoa(h.Accounts),
		})
	}
	return e
}

func (c converter) tags(ts []*service.TagInfo) []*Tag {
	out := make([]*Tag, 0, len(ts))
	for _, t := range ts {
		out = append(out, c.tag(t))
	}
	return out
}

// tagAction adapts a service call on one hashtag named in the path.
func (a *API) tagAction(act func(ctx context.Context, v *visibility.Snapshot, name string) (*service.TagInfo, error)) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		t, err := act(r.Context(), snap(r), r.PathValue("name"))
		if err != nil {
			return err
		}
		return writeJSON(w, a.conv.tag(t))
	}
}

func (a statusHandlers) followedTags(w http.ResponseWriter, r *http.Request) error {
	_, pg, err := readPage(r)
	if err != nil {
		return err
	}
	tags, span, err := a.timelines.FollowedTags(r.Context(), snap(r), pg)
	if err != nil {
		return err
	}
	setLink(w, r, a.conv.base, span.Newest, span.Oldest)
	return writeJSON(w, a.conv.tags(tags))
}

func (a statusHandlers) trendingTags(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	limit, err := p.Int("limit", 10, 1, 20)
	if err != nil {
		return err
	}
	offset, err := p.Int("offset", 0, 0, 10000)
	if err != nil {
		return err
	}
	tags, err := a.timelines.TrendingTags(r.Context(), snap(r), limit, offset)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.tags(tags))
}
