package mastoapi

// Wire shapes of the interactions issue.

// Notification is Mastodon's Notification entity.
type Notification struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	GroupKey  string   `json:"group_key"`
	CreatedAt string   `json:"created_at"`
	Account   *Account `json:"account"`
	Status    *Status  `json:"status,omitempty"`
	// ModerationWarning is set on moderation_warning notifications: what happened
	// to the viewer's content and why, in the notice's words.
	ModerationWarning *AccountWarning `json:"moderation_warning,omitempty"`
	// Report is set on admin.report notifications: the report, as the
	// reporter's Report entity shows it.
	Report *Report `json:"report,omitempty"`
}

// AccountWarning is Mastodon's AccountWarning entity.
type AccountWarning struct {
	ID            string   `json:"id"`
	Action        string   `json:"action"`
	Text          string   `json:"text"`
	StatusIDs     []string `json:"status_ids"`
	TargetAccount *Account `json:"target_account"`
	Appeal        *Appeal  `json:"appeal"`
	CreatedAt     string   `json:"created_at"`
}

// Appeal is Mastodon's Appeal entity: the owner's appeal against a warning and
// where it stands (approved, rejected or pending).
type Appeal struct {
	Text  string `json:"text"`
	State string `json:"state"`
}

// Tag is Mastodon's Tag entity.
type Tag struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	URL       string       `json:"url"`
	History   []TagHistory `json:"history"`
	Following *bool        `json:"following,omitempty"`
}

// TagHistory is one day of a hashtag's use; numbers are strings, as Mastodon sends.
type TagHistory struct {
	Day      string `json:"day"`
	Uses     string `json:"uses"`
	Accounts string `json:"accounts"`
}

// SearchResults is the answer of /api/v2/search.
type SearchResults struct {
	Accounts []*Account `json:"accounts"`
	Statuses []*Status  `json:"statuses"`
	Hashtags []*Tag     `json:"hashtags"`
}

// MutedAccount is an Account with when its mute ends.
type MutedAccount struct {
	Account
	MuteExpiresAt *string `json:"mute_expires_at"`
}

// UnreadCount is the answer of /api/v1/notifications/unread_count.
type UnreadCount struct {
	Count int `json:"count"`
}
