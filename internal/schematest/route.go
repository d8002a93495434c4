package schematest

import (
	"net/http"
	"net/url"
	"strings"

	"agora/internal/httpx"
)

// Route is one Mastodon API route whose successful response has a known
// component. Patterns use the schema's own path parameter names, so that a
// test can look each route up in the schema's paths.
type Route struct {
	Pattern   string // http.ServeMux pattern: "GET /api/v1/statuses/{id}"
	Component string // as accepted by Schema.Validate
}

// Routes returns the routes Component knows, in a fresh slice.
func Routes() []Route {
	return append([]Route(nil), routeTable...)
}

// routeTable is the one list of checked routes. Where the schema's paths
// disagree with what Mastodon sends, the component follows Mastodon;
// route_test.go names each such route and why.
var routeTable = []Route{
	// Statuses.
	{"GET /api/v1/statuses", "[]Status"},
	{"POST /api/v1/statuses", "Status|ScheduledStatus"}, // ScheduledStatus when scheduled_at is given
	{"GET /api/v1/statuses/{id}", "Status"},
	{"PUT /api/v1/statuses/{id}", "Status"},
	{"DELETE /api/v1/statuses/{id}", "Status"},
	{"GET /api/v1/statuses/{id}/context", "Context"},
	{"POST /api/v1/statuses/{id}/reblog", "Status"},
	{"POST /api/v1/statuses/{id}/unreblog", "Status"},
	{"POST /api/v1/statuses/{id}/favourite", "Status"},
	{"POST /api/v1/statuses/{id}/unfavourite", "Status"},
	{"POST /api/v1/statuses/{id}/bookmark", "Status"},
	{"POST /api/v1/statuses/{id}/unbookmark", "Status"},
	{"POST /api/v1/statuses/{id}/pin", "Status"},
	{"POST /api/v1/statuses/{id}/unpin", "Status"},
	{"POST /api/v1/statuses/{id}/mute", "Status"},
	{"POST /api/v1/statuses/{id}/unmute", "Status"},
	{"GET /api/v1/statuses/{id}/reblogged_by", "[]Account"},
	{"GET /api/v1/statuses/{id}/favourited_by", "[]Account"},

	// Timelines and status lists.
	{"GET /api/v1/timelines/home", "[]Status"},
	{"GET /api/v1/timelines/public", "[]Status"},
	{"GET /api/v1/timelines/tag/{hashtag}", "[]Status"},
	{"GET /api/v1/timelines/list/{list_id}", "[]Status"},
	{"GET /api/v1/timelines/direct", "[]Status"},
	{"GET /api/v1/favourites", "[]Status"},
	{"GET /api/v1/bookmarks", "[]Status"},
	{"GET /api/v1/trends/statuses", "[]Status"},

	// Accounts.
	{"POST /api/v1/accounts", "Token"},
	{"GET /api/v1/accounts", "[]Account"},
	{"GET /api/v1/accounts/verify_credentials", "CredentialAccount"},
	{"PATCH /api/v1/accounts/update_credentials", "CredentialAccount"},
	{"GET /api/v1/accounts/lookup", "Account"},
	{"GET /api/v1/accounts/search", "[]Account"},
	{"GET /api/v1/accounts/relationships", "[]Relationship"},
	{"GET /api/v1/accounts/familiar_followers", "[]FamiliarFollowers"},
	{"GET /api/v1/accounts/{id}", "Account"},
	{"GET /api/v1/accounts/{id}/statuses", "[]Status"},
	{"GET /api/v1/accounts/{id}/followers", "[]Account"},
	{"GET /api/v1/accounts/{id}/following", "[]Account"},
	{"POST /api/v1/accounts/{id}/follow", "Relationship"},
	{"POST /api/v1/accounts/{id}/unfollow", "Relationship"},
	{"POST /api/v1/accounts/{id}/block", "Relationship"},
	{"POST /api/v1/accounts/{id}/unblock", "Relationship"},
	{"POST /api/v1/accounts/{id}/mute", "Relationship"},
	{"POST /api/v1/accounts/{id}/unmute", "Relationship"},
	{"POST /api/v1/accounts/{id}/note", "Relationship"},
	{"POST /api/v1/accounts/{id}/pin", "Relationship"},
	{"POST /api/v1/accounts/{id}/unpin", "Relationship"},
	{"POST /api/v1/accounts/{id}/endorse", "Relationship"},
	{"POST /api/v1/accounts/{id}/unendorse", "Relationship"},
	{"POST /api/v1/accounts/{id}/remove_from_followers", "Relationship"},
	{"GET /api/v1/endorsements", "[]Account"},
	{"GET /api/v1/directory", "[]Account"},
	{"GET /api/v1/accounts/{id}/endorsements", "[]Account"},
	{"GET /api/v1/follow_requests", "[]Account"},
	{"GET /api/v1/blocks", "[]Account"},
	{"GET /api/v1/mutes", "[]MutedAccount"},
	{"GET /api/v1/domain_blocks", "[]string"},
	{"GET /api/v1/suggestions", "[]Account"},
	{"GET /api/v2/suggestions", "[]Suggestion"},

	// Applications and OAuth.
	{"POST /api/v1/apps", "CredentialApplication"},
	{"GET /api/v1/apps/verify_credentials", "Application"},
	{"POST /oauth/token", "Token"},
	{"GET /.well-known/oauth-authorization-server", "DiscoverOauthServerConfigurationResponse"},

	// Instance.
	{"GET /api/v1/instance", "V1Instance"},
	{"GET /api/v2/instance", "Instance"},
	{"GET /api/v1/instance/rules", "[]Rule"},
	{"GET /api/v1/instance/peers", "[]string"},
	{"GET /api/v1/instance/extended_description", "ExtendedDescription"},
	{"GET /api/v1/custom_emojis", "[]CustomEmoji"},
	{"GET /api/v1/announcements", "[]Announcement"},

	// The user's settings.
	{"GET /api/v1/preferences", "Preferences"},
	{"GET /api/v1/filters", "[]V1Filter"},
	{"GET /api/v2/filters", "[]Filter"},
	{"POST /api/v1/filters", "V1Filter"},
	{"GET /api/v1/filters/{id}", "V1Filter"},
	{"PUT /api/v1/filters/{id}", "V1Filter"},
	{"POST /api/v2/filters", "Filter"},
	{"GET /api/v2/filters/{id}", "Filter"},
	{"PUT /api/v2/filters/{id}", "Filter"},
	{"GET /api/v2/filters/{filter_id}/keywords", "[]FilterKeyword"},
	{"POST /api/v2/filters/{filter_id}/keywords", "FilterKeyword"},
	{"GET /api/v2/filters/{filter_id}/statuses", "[]FilterStatus"},
	{"POST /api/v2/filters/{filter_id}/statuses", "FilterStatus"},
	{"GET /api/v2/filters/keywords/{id}", "FilterKeyword"}, // in sharedMounts
	{"PUT /api/v2/filters/keywords/{id}", "FilterKeyword"},
	{"GET /api/v2/filters/statuses/{id}", "FilterStatus"}, // in sharedMounts
	{"GET /api/v1/lists", "[]List"},
	{"GET /api/v1/lists/{id}", "List"},
	{"GET /api/v1/lists/{id}/accounts", "[]Account"},
	{"GET /api/v1/markers", "map[string]Marker"},
	{"GET /api/v1/featured_tags", "[]FeaturedTag"},
	{"POST /api/v1/featured_tags", "FeaturedTag"},
	{"GET /api/v1/featured_tags/suggestions", "[]Tag"},
	{"GET /api/v1/accounts/{id}/featured_tags", "[]FeaturedTag"},
	{"POST /api/v1/markers", "map[string]Marker"},
	{"GET /api/v1/followed_tags", "[]Tag"},
	{"GET /api/v1/conversations", "[]Conversation"},

	// Media attachments.
	{"POST /api/v1/media", "MediaAttachment"},
	{"POST /api/v2/media", "MediaAttachment"},
	{"GET /api/v1/media/{id}", "MediaAttachment"},
	{"PUT /api/v1/media/{id}", "MediaAttachment"},

	// Scheduled statuses.
	{"GET /api/v1/scheduled_statuses", "[]ScheduledStatus"},
	{"GET /api/v1/scheduled_statuses/{id}", "ScheduledStatus"},
	{"PUT /api/v1/scheduled_statuses/{id}", "ScheduledStatus"},

	// Notifications.
	{"GET /api/v1/notifications", "[]Notification"},
	{"GET /api/v1/notifications/unread_count", "CountResponse"}, // not a notification ID
	{"GET /api/v1/notifications/{id}", "Notification"},
	{"GET /api/v1/notifications/policy", "V1NotificationPolicy"},
	{"PUT /api/v1/notifications/policy", "V1NotificationPolicy"},
	{"GET /api/v1/notifications/requests", "[]NotificationRequest"},
	{"GET /api/v1/notifications/requests/merged", "MergedResponse"},
	{"GET /api/v1/notifications/requests/{id}", "NotificationRequest"},

	{"GET /api/v2/notifications", "GroupedNotificationsResults"},
	{"GET /api/v2/notifications/unread_count", "CountResponse"},
	{"GET /api/v2/notifications/{group_key}", "GroupedNotificationsResults"},
	{"GET /api/v2/notifications/{group_key}/accounts", "[]Account"},
	{"GET /api/v2/notifications/policy", "NotificationPolicy"},
	{"PATCH /api/v2/notifications/policy", "NotificationPolicy"},

	// Reports.
	{"POST /api/v1/reports", "Report"},

	// Discovery.
	{"GET /api/v2/search", "Search"},
	{"GET /api/v1/trends/tags", "[]Tag"},
	{"GET /api/v1/trends/links", "[]TrendsLink"},
	{"GET /api/v1/tags/{name}", "Tag"},
	{"POST /api/v1/tags/{name}/follow", "Tag"},
	{"POST /api/v1/tags/{name}/unfollow", "Tag"},
}

// sharedMounts maps the patterns http.ServeMux cannot hold beside others of
// routeTable to the one each is mounted under, as mastoapi mounts them (see
// its sharedMounts and httpx.Shared): GET /api/v2/filters/keywords/{id} and
// GET /api/v2/filters/{filter_id}/statuses both match
// /api/v2/filters/keywords/statuses, and neither is more specific.
var sharedMounts = map[string]string{
	"GET /api/v2/filters/keywords/{id}": "GET /api/v2/filters/{part}/{id}",
	"GET /api/v2/filters/statuses/{id}": "GET /api/v2/filters/{part}/{id}",
}

// routes matches a request to its Route's component; built once from routeTable.
var routes = func() *http.ServeMux {
	mux := http.NewServeMux()
	shared := map[string]*httpx.Shared{}
	for _, r := range routeTable {
		sp, ok := sharedMounts[r.Pattern]
		if !ok {
			mux.Handle(r.Pattern, componentHandler(r.Component))
			continue
		}
		if shared[sp] == nil {
			shared[sp] = httpx.NewShared(sp)
			mux.Handle(sp, shared[sp])
		}
		shared[sp].Add(r.Pattern, componentHandler(r.Component))
	}
	return mux
}()

// componentHandler carries a component through ServeMux matching; it is never served.
type componentHandler string

func (componentHandler) ServeHTTP(http.ResponseWriter, *http.Request) {}

// Component returns the component a response to method and path with the
// given status must match, or "" when it is not a response this package
// checks. Successful (2xx) responses of the routes in [Routes] have their
// route's component; error (4xx, 5xx) responses of any Mastodon JSON API route
// (under /api/, and /oauth/token and /oauth/revoke) are "Error". Other paths,
// such as /.well-known/webfinger and /nodeinfo/2.0, which this schema does not
// describe, give "". A query string on path is ignored.
func Component(method, path string, status int) string {
	path, _, _ = strings.Cut(path, "?")
	switch {
	case status >= 400 && status <= 599:
		if isAPI(path) {
			return "Error"
		}
		return ""
	case status < 200 || status > 299:
		return ""
	}
	req := &http.Request{Method: method, URL: &url.URL{Path: path}, Host: "agora.invalid"}
	h, pattern := routes.Handler(req)
	if pattern == "" {
		return ""
	}
	if sh, ok := h.(*httpx.Shared); ok {
		if h, _, ok = sh.Match(req); !ok {
			return ""
		}
	}
	c, _ := h.(componentHandler)
	return string(c)
}

func isAPI(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/oauth/token" || path == "/oauth/revoke"
}
