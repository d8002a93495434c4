package mastoapi

import (
	"net/http"
	"strconv"

	"agora"
	"agora/internal/httpx"
)

// FeaturedTag is Mastodon's FeaturedTag: a hashtag featured on a profile.
// statuses_count is a string, as Mastodon sends it; last_status_at a date.
type FeaturedTag struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	URL           string  `json:"url"`
	StatusesCount string  `json:"statuses_count"`
	LastStatusAt  *string `json:"last_status_at"`
}

// featuredTag renders f of the account with the username.
func (c *converter) featuredTag(username string, f *agora.FeaturedTag) *FeaturedTag {
	e := &FeaturedTag{ID: f.ID.String(), Name: f.Name, URL: c.base + "/@" + username + "/tagged/" + f.Name,
		StatusesCount: strconv.Itoa(f.StatusesCount)}
	if f.LastStatusAt != nil {
		day := f.LastStatusAt.UTC().Format("2006-01-02")
		e.LastStatusAt = &day
	}
	return e
}

func (a statusHandlers) featuredTags(w http.ResponseWriter, r *http.Request) error {
	list, err := a.timelines.OwnFeaturedTags(r.Context(), snap(r))
	if err != nil {
		return err
	}
	username := snap(r).Viewer().Username
	out := make([]*FeaturedTag, 0, len(list))
	for _, f := range list {
		out = append(out, a.conv.featuredTag(username, f))
	}
	return writeJSON(w, out)
}

func (a statusHandlers) featureTag(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	name, err := p.Required("name")
	if err != nil {
		return err
	}
	f, err := a.timelines.FeatureTag(r.Context(), snap(r), name)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.featuredTag(snap(r).Viewer().Username, f))
}

func (a statusHandlers) unfeatureTag(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.timelines.UnfeatureTag(r.Context(), snap(r), id); err != nil {
		return err
	}
	return writeJSON(w, map[string]any{})
}

// featuredTagSuggestions answers []: agora does not yet suggest the hashtags
// the viewer uses most.
func (a statusHandlers) featuredTagSuggestions(w http.ResponseWriter, _ *http.Request) error {
	return writeJSON(w, []*Tag{})
}

func (a statusHandlers) accountFeaturedTags(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	acct, list, err := a.timelines.AccountFeaturedTags(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	out := make([]*FeaturedTag, 0, len(list))
	for _, f := range list {
		out = append(out, a.conv.featuredTag(acct.Username, f))
	}
	return writeJSON(w, out)
}
