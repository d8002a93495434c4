package e2e

import (
	"net/http"
	"net/url"
	"strings"
)

// mxFilters are mxowner's filter, its keyword and its filter status, made on
// first use.
type mxFilters struct{ filter, keyword, status string }

// newFilter makes a filter of mxowner's with a keyword and a status (its
// public post) and returns the three IDs.
func (fx *mxFixture) newFilter() mxFilters {
	fx.t.Helper()
	var f struct {
		ID       string
		Keywords []struct{ ID string }
	}
	mustJSON(fx.t, fx.mustDo("POST", "/api/v2/filters", fx.tok["owner"], url.Values{"title": {"owner's filter"}, "context[]": {"home"},
		"keywords_attributes[][keyword]": {"mxword"}}, http.StatusOK), &f)
	var s struct{ ID string }
	mustJSON(fx.t, fx.mustDo("POST", "/api/v2/filters/"+f.ID+"/statuses", fx.tok["owner"], url.Values{"status_id": {fx.pub}}, http.StatusOK), &s)
	return mxFilters{filter: f.ID, keyword: f.Keywords[0].ID, status: s.ID}
}

// filterCall fills the path parameter of a filter route with mxowner's filter,
// keyword (the v1 filter's ID) or filter status: new ones for a DELETE, so
// that each DELETE has something to delete. It returns the form the route is
// called with, and ok false for a route that is not a filter route.
func (fx *mxFixture) filterCall(method, path string) (filled string, form url.Values, ok bool) {
	if !strings.HasPrefix(path, "/api/v1/filters/{id}") && !strings.HasPrefix(path, "/api/v2/filters") {
		return path, nil, false
	}
	if fx.filters.filter == "" {
		fx.filters = fx.newFilter()
	}
	own := fx.filters
	if method == "DELETE" {
		own = fx.newFilter()
	}
	id := own.filter
	switch {
	case strings.HasPrefix(path, "/api/v1/filters/"), strings.HasPrefix(path, "/api/v2/filters/keywords/"):
		id = own.keyword
	case strings.HasPrefix(path, "/api/v2/filters/statuses/"):
		id = own.status
	}
	filled = strings.Replace(path, "{id}", id, 1)
	switch {
	case method == "POST" && strings.HasSuffix(path, "/keywords"):
		form = url.Values{"keyword": {"another"}}
	case method == "POST" && strings.HasSuffix(path, "/statuses"):
		form = url.Values{"status_id": {fx.priv}}
	case method != "GET":
		form = url.Values{}
	}
	return filled, form, true
}
