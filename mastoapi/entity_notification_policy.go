package mastoapi

// NotificationPolicy is Mastodon's NotificationPolicy (GET /api/v2/notifications/policy).
type NotificationPolicy struct {
	ForNotFollowing    string        `json:"for_not_following"`
	ForNotFollowers    string        `json:"for_not_followers"`
	ForNewAccounts     string        `json:"for_new_accounts"`
	ForPrivateMentions string        `json:"for_private_mentions"`
	ForLimitedAccounts string        `json:"for_limited_accounts"`
	Summary            PolicySummary `json:"summary"`
}

// V1NotificationPolicy is Mastodon's V1::NotificationPolicy (GET
// /api/v1/notifications/policy): each filter_* is true unless its rule accepts.
type V1NotificationPolicy struct {
	FilterNotFollowing    bool          `json:"filter_not_following"`
	FilterNotFollowers    bool          `json:"filter_not_followers"`
	FilterNewAccounts     bool          `json:"filter_new_accounts"`
	FilterPrivateMentions bool          `json:"filter_private_mentions"`
	Summary               PolicySummary `json:"summary"`
}

// PolicySummary counts what a notification policy filtered and the viewer has
// not yet accepted or dismissed.
type PolicySummary struct {
	PendingRequestsCount      int `json:"pending_requests_count"`
	PendingNotificationsCount int `json:"pending_notifications_count"`
}

// NotificationRequest is Mastodon's NotificationRequest: the filtered
// notifications from one account. notifications_count is a string, as
// Mastodon sends it.
type NotificationRequest struct {
	ID                 string   `json:"id"`
	CreatedAt          string   `json:"created_at"`
	UpdatedAt          string   `json:"updated_at"`
	NotificationsCount string   `json:"notifications_count"`
	Account            *Account `json:"account"`
	LastStatus         *Status  `json:"last_status"`
}

// MergedRequests answers GET /api/v1/notifications/requests/merged.
type MergedRequests struct {
	Merged bool `json:"merged"`
}
