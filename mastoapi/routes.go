package mastoapi

import (
	"net/http"

	"agora"
)

// Routes is the route table of the Mastodon API: every route, who may call it and
// the scope it needs. Tests walk it.
func (a *API) Routes() []Route {
	return []Route{
		// OAuth and apps.
		{"POST /api/v1/apps", "", public, a.createApp},
		{"GET /api/v1/apps/verify_credentials", "", app, a.verifyApp},
		{"GET /oauth/authorize", "", public, a.authorizePage},
		{"POST /oauth/authorize", "", public, a.authorizeSubmit},
		{"POST /oauth/token", "", public, a.token},
		{"POST /oauth/revoke", "", public, a.revoke},

		// Accounts.
		{"POST /api/v1/accounts", "write:accounts", app, a.register},
		{"GET /api/v1/accounts/verify_credentials", "read:accounts", user, a.verifyCredentials},
		{"PATCH /api/v1/accounts/update_credentials", "write:accounts", user, a.updateCredentials},
		{"GET /api/v1/accounts/relationships", "read:follows", user, a.relationships},
		{"GET /api/v1/accounts/lookup", "", public, a.lookupAccount},
		{"GET /api/v1/accounts/{id}", "", public, a.getAccount},
		{"GET /api/v1/accounts/{id}/statuses", "read:statuses", public, a.accountStatuses},
		{"GET /api/v1/accounts/{id}/followers", "read:accounts", public, a.followers},
		{"GET /api/v1/accounts/{id}/following", "read:accounts", public, a.following},
		{"POST /api/v1/accounts/{id}/follow", "write:follows", user, a.follow},
		{"POST /api/v1/accounts/{id}/unfollow", "write:follows", user, a.unfollow},
		{"POST /api/v1/accounts/{id}/block", "write:blocks", user, a.block},
		{"POST /api/v1/accounts/{id}/unblock", "write:blocks", user, a.unblock},
		{"POST /api/v1/accounts/{id}/mute", "write:mutes", user, a.mute},
		{"POST /api/v1/accounts/{id}/unmute", "write:mutes", user, a.unmute},
		{"GET /api/v1/accounts/search", "read:accounts", public, a.searchAccounts},
		{"GET /api/v1/blocks", "read:blocks", user, a.blocks},
		{"GET /api/v1/mutes", "read:mutes", user, a.mutes},
		{"GET /api/v1/follow_requests", "read:follows", user, a.followRequests},
		{"POST /api/v1/follow_requests/{id}/authorize", "write:follows", user, a.authorizeFollow},
		{"POST /api/v1/follow_requests/{id}/reject", "write:follows", user, a.rejectFollow},

		// Statuses.
		{"POST /api/v1/statuses", "write:statuses", user, a.postStatus},
		{"GET /api/v1/statuses/{id}", "read:statuses", public, a.getStatus},
		{"DELETE /api/v1/statuses/{id}", "write:statuses", user, a.deleteStatus},
		{"GET /api/v1/statuses/{id}/context", "read:statuses", public, a.statusContext},
		{"POST /api/v1/statuses/{id}/reblog", "write:statuses", user, a.reblog},
		{"POST /api/v1/statuses/{id}/unreblog", "write:statuses", user, a.statusAction(a.svc.Unreblog)},
		{"POST /api/v1/statuses/{id}/favourite", "write:favourites", user, a.statusAction(a.svc.Favourite)},
		{"POST /api/v1/statuses/{id}/unfavourite", "write:favourites", user, a.statusAction(a.svc.Unfavourite)},
		{"POST /api/v1/statuses/{id}/bookmark", "write:bookmarks", user, a.statusAction(a.svc.Bookmark)},
		{"POST /api/v1/statuses/{id}/unbookmark", "write:bookmarks", user, a.statusAction(a.svc.Unbookmark)},
		{"POST /api/v1/statuses/{id}/pin", "write:accounts", user, a.statusAction(a.svc.Pin)},
		{"POST /api/v1/statuses/{id}/unpin", "write:accounts", user, a.statusAction(a.svc.Unpin)},
		{"GET /api/v1/statuses/{id}/reblogged_by", "read:statuses", public, a.statusAccounts(a.svc.RebloggedBy)},
		{"GET /api/v1/statuses/{id}/favourited_by", "read:statuses", public, a.statusAccounts(a.svc.FavouritedBy)},
		{"GET /api/v1/favourites", "read:favourites", user, a.markedStatuses(agora.MarkFavourite)},
		{"GET /api/v1/bookmarks", "read:bookmarks", user, a.markedStatuses(agora.MarkBookmark)},

		// Notifications.
		{"GET /api/v1/notifications", "read:notifications", user, a.notifications},
		{"GET /api/v1/notifications/unread_count", "read:notifications", user, a.unreadCount},
		{"GET /api/v1/notifications/{id}", "read:notifications", user, a.notification},
		{"POST /api/v1/notifications/clear", "write:notifications", user, a.clearNotifications},
		{"POST /api/v1/notifications/{id}/dismiss", "write:notifications", user, a.dismissNotification},

		// Search and hashtags.
		{"GET /api/v2/search", "read:search", public, a.search},
		{"GET /api/v1/tags/{name}", "", public, a.tagAction(a.svc.Tag)},
		{"POST /api/v1/tags/{name}/follow", "write:follows", user, a.tagAction(a.svc.FollowTag)},
		{"POST /api/v1/tags/{name}/unfollow", "write:follows", user, a.tagAction(a.svc.UnfollowTag)},
		{"GET /api/v1/followed_tags", "read:follows", user, a.followedTags},
		{"GET /api/v1/trends/tags", "", public, a.trendingTags},
		{"GET /api/v1/trends", "", public, a.trendingTags},

		// Timelines.
		{"GET /api/v1/timelines/home", "read:statuses", user, a.homeTimeline},
		{"GET /api/v1/timelines/public", "read:statuses", public, a.publicTimeline},
		{"GET /api/v1/timelines/tag/{hashtag}", "read:statuses", public, a.tagTimeline},

		// What apps call at start-up.
		{"GET /api/v1/instance", "", public, a.instanceV1},
		{"GET /api/v2/instance", "", public, a.instanceV2},
		{"GET /api/v1/instance/rules", "", public, a.rules},
		{"GET /.well-known/nodeinfo", "", public, a.nodeinfoIndex},
		{"GET /nodeinfo/2.0", "", public, a.nodeinfo},
		{"GET /.well-known/webfinger", "", public, a.webfinger},
		{"GET /api/v1/markers", "read:statuses", user, a.getMarkers},
		{"POST /api/v1/markers", "write:statuses", user, a.saveMarkers},
		{"GET /api/v1/streaming/health", "", public, a.streamingHealth},
		{"GET /notices/{id}", "", public, a.notice},
		{"GET /avatars/original/missing.png", "", public, asset},
		{"GET /headers/original/missing.png", "", public, asset},

		// Features agora does not have yet: the correct empty shapes (docs/api/mastodon.md).
		{"GET /api/v1/custom_emojis", "", public, emptyList},
		{"GET /api/v1/preferences", "read:accounts", user, a.preferences},
		{"GET /api/v1/filters", "read:filters", user, emptyList},
		{"GET /api/v2/filters", "read:filters", user, emptyList},
		{"GET /api/v1/lists", "read:lists", user, emptyList},
		{"GET /api/v1/announcements", "", public, emptyList},
		{"GET /api/v1/trends/statuses", "", public, emptyList},
		{"GET /api/v1/trends/links", "", public, emptyList},
		{"GET /api/v1/suggestions", "read", user, emptyList},
		{"GET /api/v2/suggestions", "read", user, emptyList},
		{"GET /api/v1/conversations", "read:statuses", user, emptyList},
		{"GET /api/v1/domain_blocks", "read:blocks", user, emptyList},
	}
}

func asset(w http.ResponseWriter, r *http.Request) error {
	servePlaceholder(w, r)
	return nil
}

func emptyList(w http.ResponseWriter, _ *http.Request) error { return writeJSON(w, []struct{}{}) }
