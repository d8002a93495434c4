package mastoapi

import (
	"context"
	"time"

	"agora"
	"agora/oauth"
	"agora/service"
	"agora/visibility"
)

// The parts of the social service each group of handlers asks for: the Mastodon
// API depends on these small interfaces, not on the service whole.

// accountService is what the account handlers ask: profiles, relations, markers.
type accountService interface {
	Account(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, visibility.Marks, error)
	Accounts(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) ([]*agora.Account, visibility.Marks, error)
	AuthorizeFollowRequest(ctx context.Context, v *visibility.Snapshot, from agora.ID) (agora.Relation, error)
	Block(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error)
	Blocks(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*service.AccountPage, error)
	Follow(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error)
	FollowRequests(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*service.AccountPage, error)
	Followers(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*service.AccountPage, error)
	Following(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*service.AccountPage, error)
	Lookup(ctx context.Context, v *visibility.Snapshot, acct string) (*agora.Account, visibility.Marks, error)
	Markers(ctx context.Context, v *visibility.Snapshot, timelines []string) ([]*agora.Marker, error)
	Mute(ctx context.Context, v *visibility.Snapshot, target agora.ID, notifications bool, duration time.Duration) (agora.Relation, error)
	Mutes(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*service.AccountPage, map[agora.ID]time.Time, error)
	RejectFollowRequest(ctx context.Context, v *visibility.Snapshot, from agora.ID) (agora.Relation, error)
	Relationships(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) ([]agora.ID, map[agora.ID]agora.Relation, error)
	SaveMarkers(ctx context.Context, v *visibility.Snapshot, positions map[string]agora.ID) ([]*agora.Marker, error)
	Unblock(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error)
	Unfollow(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error)
	Unmute(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error)
	UpdateProfile(ctx context.Context, v *visibility.Snapshot, u service.ProfileUpdate) (*agora.Account, error)
}

// postService is what the status handlers ask of posts: one status, its thread,
// boosts, favourites, bookmarks, pins.
type postService interface {
	editService
	Bookmark(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	Context(ctx context.Context, v *visibility.Snapshot, id agora.ID) (ancestors, descendants *service.Bundle, err error)
	DeleteStatusMedia(ctx context.Context, v *visibility.Snapshot, id agora.ID, deleteMedia bool) (*service.Bundle, error)
	Favourite(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	FavouritedBy(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*service.AccountPage, error)
	MarkedStatuses(ctx context.Context, v *visibility.Snapshot, kind agora.MarkKind, p agora.Page) (*service.Bundle, service.Span, error)
	Pin(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	PinnedStatuses(ctx context.Context, v *visibility.Snapshot, accountID agora.ID) (*service.Bundle, error)
	PostStatus(ctx context.Context, v *visibility.Snapshot, n service.NewStatus) (*service.Bundle, error)
	Reblog(ctx context.Context, v *visibility.Snapshot, id agora.ID, audience string) (*service.Bundle, error)
	RebloggedBy(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*service.AccountPage, error)
	Status(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	Statuses(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) (*service.Bundle, error)
	Unbookmark(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	Unfavourite(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	Unpin(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	Unreblog(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
}

// timelineService is what the timeline, search and hashtag handlers ask.
type timelineService interface {
	AccountStatuses(ctx context.Context, v *visibility.Snapshot, id agora.ID, q service.AccountStatusesQuery) (*service.Bundle, error)
	FollowTag(ctx context.Context, v *visibility.Snapshot, name string) (*service.TagInfo, error)
	FollowedTags(ctx context.Context, v *visibility.Snapshot, p agora.Page) ([]*service.TagInfo, service.Span, error)
	HomeTimeline(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*service.Bundle, error)
	PublicTimeline(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*service.Bundle, error)
	PublicMediaTimeline(ctx context.Context, v *visibility.Snapshot, p agora.Page, onlyMedia bool) (*service.Bundle, error)
	Search(ctx context.Context, v *visibility.Snapshot, q service.SearchQuery) (*service.SearchResult, error)
	Tag(ctx context.Context, v *visibility.Snapshot, name string) (*service.TagInfo, error)
	FilteredTagTimeline(ctx context.Context, v *visibility.Snapshot, q service.TagTimelineQuery) (*service.Bundle, error)
	TrendingTags(ctx context.Context, v *visibility.Snapshot, limit, offset int) ([]*service.TagInfo, error)
	UnfollowTag(ctx context.Context, v *visibility.Snapshot, name string) (*service.TagInfo, error)
	OwnFeaturedTags(ctx context.Context, v *visibility.Snapshot) ([]*agora.FeaturedTag, error)
	FeatureTag(ctx context.Context, v *visibility.Snapshot, name string) (*agora.FeaturedTag, error)
	UnfeatureTag(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	AccountFeaturedTags(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, []*agora.FeaturedTag, error)
}

// appealService is what the owner's appeal asks of the legal desk (legal.Desk).
type appealService interface {
	Appeal(ctx context.Context, owner *agora.Account, warningID agora.ID, text string) (*agora.AccountWarning, error)
}

// inboxService is what the notification handlers ask.
type inboxService interface {
	ClearNotifications(ctx context.Context, v *visibility.Snapshot) error
	DismissNotification(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	Notification(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.NotificationPage, error)
	Notifications(ctx context.Context, v *visibility.Snapshot, q agora.NotificationQuery) (*service.NotificationPage, error)
	UnreadNotifications(ctx context.Context, v *visibility.Snapshot, limit int) (int, error)
	// Grouped notifications (v2).
	NotificationGroups(ctx context.Context, v *visibility.Snapshot, q service.GroupQuery) (*service.GroupPage, error)
	NotificationGroup(ctx context.Context, v *visibility.Snapshot, key string) (*service.GroupPage, error)
	NotificationGroupAccounts(ctx context.Context, v *visibility.Snapshot, key string) (*service.AccountPage, error)
	DismissNotificationGroup(ctx context.Context, v *visibility.Snapshot, key string) error
	UnreadNotificationGroups(ctx context.Context, v *visibility.Snapshot, q service.GroupQuery, limit int) (int, error)
	// Notification policy and requests (notification_requests.go).
	NotificationPolicy(ctx context.Context, v *visibility.Snapshot) (*service.PolicyView, error)
	UpdateNotificationPolicy(ctx context.Context, v *visibility.Snapshot, u service.PolicyUpdate) (*service.PolicyView, error)
	NotificationRequests(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*service.RequestPage, error)
	NotificationRequest(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.RequestPage, error)
	AcceptNotificationRequest(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	DismissNotificationRequest(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	AcceptNotificationRequests(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) error
	DismissNotificationRequests(ctx context.Context, v *visibility.Snapshot, ids []agora.ID) error
}

// oauthService is what the app, OAuth and registration handlers ask.
type oauthService interface {
	App(ctx context.Context, clientID, secret string) (*agora.Application, error)
	CheckAuthorize(r oauth.AuthorizeRequest) (agora.Scopes, error)
	CheckPassword(ctx context.Context, login, password string) (*agora.Account, error)
	ClientCredentials(ctx context.Context, app *agora.Application, scopes string) (string, *agora.Token, error)
	ExchangeCode(ctx context.Context, x oauth.CodeExchange) (string, *agora.Token, error)
	IssueCode(ctx context.Context, r oauth.AuthorizeRequest, account *agora.Account) (string, error)
	NewApp(ctx context.Context, name, website string, redirectURIs []string, scopes string) (*agora.Application, error)
	PasswordGrant(ctx context.Context, app *agora.Application, login, password, scopes string) (string, *agora.Token, error)
	Register(ctx context.Context, app *agora.Application, n oauth.NewAccount, agreed bool) (string, *agora.Token, error)
	Revoke(ctx context.Context, app *agora.Application, value string) error
}

// instanceService is what the instance handlers ask: the instance's name and
// settings and its counts.
type instanceService interface {
	Host() string
	Config() service.Config
	CountAccounts(ctx context.Context) (int, error)
	CountStatuses(ctx context.Context) (int, error)
}

// moderationService is what the report handlers and the admin API for
// reports ask (service.Moderation).
type moderationService interface {
	FileReport(ctx context.Context, v *visibility.Snapshot, n service.NewReport) (*service.ReportView, error)
	Reports(ctx context.Context, v *visibility.Snapshot, q agora.ReportQuery) ([]*service.ReportView, service.Span, error)
	Report(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.ReportView, error)
	UpdateReport(ctx context.Context, v *visibility.Snapshot, id agora.ID, u service.ReportUpdate) (*service.ReportView, error)
	ActOnReport(ctx context.Context, v *visibility.Snapshot, id agora.ID, act service.ReportAction) (*service.ReportView, error)
	AdminAccounts(ctx context.Context, v *visibility.Snapshot, q agora.AccountQuery) (*service.AccountPage, error)
	AdminAccount(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, visibility.Marks, error)
	ActOnAccount(ctx context.Context, v *visibility.Snapshot, id agora.ID, act service.AccountAction) error
	UndoOnAccount(ctx context.Context, v *visibility.Snapshot, id agora.ID, undo service.AccountUndo) (*agora.Account, visibility.Marks, error)
	RefuseApproval(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	DeleteAccount(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, visibility.Marks, error)
}
