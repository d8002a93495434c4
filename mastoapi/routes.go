package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
)

// Routes is the route table of the Mastodon API: every route, who may call it, the
// scope it needs and its gate. A GateContent route reads what it serves through the
// visibility gate; e2e/routes_gate_test.go walks each one with withheld fixtures.
func (a *API) Routes() []Route {
	return []Route{
		// OAuth and apps.
		{"POST /api/v1/apps", "", public, httpx.GateNone, a.createApp},
		{"GET /api/v1/apps/verify_credentials", "", app, httpx.GateNone, a.verifyApp},
		{"GET /oauth/authorize", "", public, httpx.GateNone, a.authorizePage},
		{"POST /oauth/authorize", "", public, httpx.GateNone, a.authorizeSubmit},
		{"POST /oauth/token", "", public, httpx.GateNone, a.token},
		{"POST /oauth/revoke", "", public, httpx.GateNone, a.revoke},

		// Accounts.
		{"POST /api/v1/accounts", "write:accounts", app, httpx.GateNone, a.register}, // registration: answers a token
		{"GET /api/v1/accounts/verify_credentials", "read:accounts", user, httpx.GateContent, a.verifyCredentials},
		{"PATCH /api/v1/accounts/update_credentials", "write:accounts", user, httpx.GateContent, a.updateCredentials},
		{"GET /api/v1/accounts/relationships", "read:follows", user, httpx.GateContent, a.relationships},
		{"GET /api/v1/accounts/lookup", "", public, httpx.GateContent, a.lookupAccount},
		{"GET /api/v1/accounts/{id}", "", public, httpx.GateContent, a.getAccount},
		{"GET /api/v1/accounts/{id}/statuses", "read:statuses", public, httpx.GateContent, a.accountStatuses},
		{"GET /api/v1/accounts/{id}/followers", "read:accounts", public, httpx.GateContent, a.followers},
		{"GET /api/v1/accounts/{id}/following", "read:accounts", public, httpx.GateContent, a.following},
		{"POST /api/v1/accounts/{id}/follow", "write:follows", user, httpx.GateContent, a.follow},
		{"POST /api/v1/accounts/{id}/unfollow", "write:follows", user, httpx.GateContent, a.unfollow},
		{"POST /api/v1/accounts/{id}/block", "write:blocks", user, httpx.GateContent, a.block},
		{"POST /api/v1/accounts/{id}/unblock", "write:blocks", user, httpx.GateContent, a.unblock},
		{"POST /api/v1/accounts/{id}/mute", "write:mutes", user, httpx.GateContent, a.mute},
		{"POST /api/v1/accounts/{id}/unmute", "write:mutes", user, httpx.GateContent, a.unmute},
		{"GET /api/v1/accounts/search", "read:accounts", public, httpx.GateContent, a.searchAccounts},
		{"GET /api/v1/blocks", "read:blocks", user, httpx.GateContent, a.blocks},
		{"GET /api/v1/mutes", "read:mutes", user, httpx.GateContent, a.mutes},
		{"GET /api/v1/follow_requests", "read:follows", user, httpx.GateContent, a.followRequests},
		{"POST /api/v1/follow_requests/{id}/authorize", "write:follows", user, httpx.GateContent, a.authorizeFollow},
		{"POST /api/v1/follow_requests/{id}/reject", "write:follows", user, httpx.GateContent, a.rejectFollow},

		// Statuses.
		{"POST /api/v1/statuses", "write:statuses", user, httpx.GateContent, a.postStatus},
		{"GET /api/v1/statuses/{id}", "read:statuses", public, httpx.GateContent, a.getStatus},
		{"DELETE /api/v1/statuses/{id}", "write:statuses", user, httpx.GateContent, a.deleteStatus},
		{"GET /api/v1/statuses/{id}/context", "read:statuses", public, httpx.GateContent, a.statusContext},
		{"POST /api/v1/statuses/{id}/reblog", "write:statuses", user, httpx.GateContent, a.reblog},
		{"POST /api/v1/statuses/{id}/unreblog", "write:statuses", user, httpx.GateContent, a.statusAction(a.svc.Unreblog)},
		{"POST /api/v1/statuses/{id}/favourite", "write:favourites", user, httpx.GateContent, a.statusAction(a.svc.Favourite)},
		{"POST /api/v1/statuses/{id}/unfavourite", "write:favourites", user, httpx.GateContent, a.statusAction(a.svc.Unfavourite)},
		{"POST /api/v1/statuses/{id}/bookmark", "write:bookmarks", user, httpx.GateContent, a.statusAction(a.svc.Bookmark)},
		{"POST /api/v1/statuses/{id}/unbookmark", "write:bookmarks", user, httpx.GateContent, a.statusAction(a.svc.Unbookmark)},
		{"POST /api/v1/statuses/{id}/pin", "write:accounts", user, httpx.GateContent, a.statusAction(a.svc.Pin)},
		{"POST /api/v1/statuses/{id}/unpin", "write:accounts", user, httpx.GateContent, a.statusAction(a.svc.Unpin)},
		{"GET /api/v1/statuses/{id}/reblogged_by", "read:statuses", public, httpx.GateContent, a.statusAccounts(a.svc.RebloggedBy)},
		{"GET /api/v1/statuses/{id}/favourited_by", "read:statuses", public, httpx.GateContent, a.statusAccounts(a.svc.FavouritedBy)},
		{"GET /api/v1/favourites", "read:favourites", user, httpx.GateContent, a.markedStatuses(agora.MarkFavourite)},
		{"GET /api/v1/bookmarks", "read:bookmarks", user, httpx.GateContent, a.markedStatuses(agora.MarkBookmark)},

		// Notifications.
		{"GET /api/v1/notifications", "read:notifications", user, httpx.GateContent, a.notifications},
		{"GET /api/v1/notifications/unread_count", "read:notifications", user, httpx.GateContent, a.unreadCount}, // a count, but of notifications
		{"GET /api/v1/notifications/{id}", "read:notifications", user, httpx.GateContent, a.notification},
		{"POST /api/v1/notifications/clear", "write:notifications", user, httpx.GateNone, a.clearNotifications},         // answers {}
		{"POST /api/v1/notifications/{id}/dismiss", "write:notifications", user, httpx.GateNone, a.dismissNotification}, // answers {}

		// Search and hashtags.
		{"GET /api/v2/search", "read:search", public, httpx.GateContent, a.search},
		{"GET /api/v1/tags/{name}", "", public, httpx.GateContent, a.tagAction(a.svc.Tag)},
		{"POST /api/v1/tags/{name}/follow", "write:follows", user, httpx.GateContent, a.tagAction(a.svc.FollowTag)},
		{"POST /api/v1/tags/{name}/unfollow", "write:follows", user, httpx.GateContent, a.tagAction(a.svc.UnfollowTag)},
		{"GET /api/v1/followed_tags", "read:follows", user, httpx.GateContent, a.followedTags},
		{"GET /api/v1/trends/tags", "", public, httpx.GateContent, a.trendingTags},
		{"GET /api/v1/trends", "", public, httpx.GateContent, a.trendingTags},

		// Timelines.
		{"GET /api/v1/timelines/home", "read:statuses", user, httpx.GateContent, a.homeTimeline},
		{"GET /api/v1/timelines/public", "read:statuses", public, httpx.GateContent, a.publicTimeline},
		{"GET /api/v1/timelines/tag/{hashtag}", "read:statuses", public, httpx.GateContent, a.tagTimeline},

		// What apps call at start-up.
		{"GET /api/v1/instance", "", public, httpx.GateNone, a.instanceV1},
		{"GET /api/v2/instance", "", public, httpx.GateNone, a.instanceV2},
		{"GET /api/v1/instance/rules", "", public, httpx.GateNone, a.rules},
		{"GET /.well-known/nodeinfo", "", public, httpx.GateNone, a.nodeinfoIndex},
		{"GET /nodeinfo/2.0", "", public, httpx.GateNone, a.nodeinfo},
		{"GET /.well-known/webfinger", "", public, httpx.GateContent, a.webfinger},   // resolves accounts
		{"GET /api/v1/markers", "read:statuses", user, httpx.GateNone, a.getMarkers}, // the reader's own read positions
		{"POST /api/v1/markers", "write:statuses", user, httpx.GateNone, a.saveMarkers},
		{"GET /api/v1/streaming/health", "", public, httpx.GateNone, a.streamingHealth},
		{"GET /notices/{id}", "", public, httpx.GateNone, a.notice}, // the public notice: names what is withheld, by design
		{"GET /avatars/original/missing.png", "", public, httpx.GateNone, asset},
		{"GET /headers/original/missing.png", "", public, httpx.GateNone, asset},

		// Features agora does not have yet: the correct empty shapes (docs/api/mastodon.md).
		// Classify them again when they get implemented.
		{"GET /api/v1/custom_emojis", "", public, httpx.GateNone, emptyList},
		{"GET /api/v1/preferences", "read:accounts", user, httpx.GateNone, a.preferences},
		{"GET /api/v1/filters", "read:filters", user, httpx.GateNone, emptyList},
		{"GET /api/v2/filters", "read:filters", user, httpx.GateNone, emptyList},
		{"GET /api/v1/lists", "read:lists", user, httpx.GateNone, emptyList},
		{"GET /api/v1/announcements", "", public, httpx.GateNone, emptyList},
		{"GET /api/v1/trends/statuses", "", public, httpx.GateNone, emptyList},
		{"GET /api/v1/trends/links", "", public, httpx.GateNone, emptyList},
		{"GET /api/v1/suggestions", "read", user, httpx.GateNone, emptyList},
		{"GET /api/v2/suggestions", "read", user, httpx.GateNone, emptyList},
		{"GET /api/v1/conversations", "read:statuses", user, httpx.GateNone, emptyList},
		{"GET /api/v1/domain_blocks", "read:blocks", user, httpx.GateNone, emptyList},
	}
}

func asset(w http.ResponseWriter, r *http.Request) error {
	servePlaceholder(w, r)
	return nil
}

func emptyList(w http.ResponseWriter, _ *http.Request) error { return writeJSON(w, []struct{}{}) }
