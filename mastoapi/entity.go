package mastoapi

// The Mastodon wire shapes (docs.joinmastodon.org/entities). Every documented key is
// present; absent values are null and empty lists []. IDs are strings. Domain types
// never appear here: convert.go maps them.

// Account is Mastodon's Account entity.
type Account struct {
	ID             string   `json:"id"`
	Username       string   `json:"username"`
	Acct           string   `json:"acct"`
	DisplayName    string   `json:"display_name"`
	Locked         bool     `json:"locked"`
	Bot            bool     `json:"bot"`
	Discoverable   bool     `json:"discoverable"`
	Indexable      bool     `json:"indexable"`
	Group          bool     `json:"group"`
	HideCollection bool     `json:"hide_collections"`
	CreatedAt      string   `json:"created_at"`
	Note           string   `json:"note"`
	URL            string   `json:"url"`
	URI            string   `json:"uri"`
	Avatar         string   `json:"avatar"`
	AvatarStatic   string   `json:"avatar_static"`
	Header         string   `json:"header"`
	HeaderStatic   string   `json:"header_static"`
	FollowersCount int      `json:"followers_count"`
	FollowingCount int      `json:"following_count"`
	StatusesCount  int      `json:"statuses_count"`
	LastStatusAt   *string  `json:"last_status_at"`
	Emojis         []Emoji  `json:"emojis"`
	Fields         []Field  `json:"fields"`
	Roles          []string `json:"roles"`
	Withheld
}

// Withheld are the Twitter/X-style withholding fields (legal/FORMATS.md section 1),
// present only on entities a rule is in force on, and agora's own
// withheld_log_entries: the addresses of the transparency log entries of those
// rules, newest rule first (docs/TRANSPARENCY.md). Mastodon apps ignore them.
type Withheld struct {
	WithheldInCountries []string        `json:"withheld_in_countries,omitempty"`
	WithheldScope       string          `json:"withheld_scope,omitempty"` // "status" or "user"
	WithheldCopyright   *bool           `json:"withheld_copyright,omitempty"`
	WithheldV2          *WithheldObject `json:"withheld,omitempty"`
	WithheldLogEntries  []string        `json:"withheld_log_entries,omitempty"`
}

// WithheldObject is the nested API v2 form.
type WithheldObject struct {
	Copyright    bool     `json:"copyright"`
	CountryCodes []string `json:"country_codes"`
	Scope        string   `json:"scope"` // "tweet" or "user"
}

// CredentialAccount is the viewer's own Account with source and role.
type CredentialAccount struct {
	Account
	Source Source `json:"source"`
	Role   Role   `json:"role"`
}

// Source holds the plain-text profile values for editing.
type Source struct {
	Privacy             string  `json:"privacy"`
	Sensitive           bool    `json:"sensitive"`
	Language            *string `json:"language"`
	Note                string  `json:"note"`
	Fields              []Field `json:"fields"`
	FollowRequestsCount int     `json:"follow_requests_count"`
	Indexable           bool    `json:"indexable"`
	Discoverable        bool    `json:"discoverable"`
	HideCollections     bool    `json:"hide_collections"`
}

// Role is the viewer's role.
type Role struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Permissions string `json:"permissions"`
	Highlighted bool   `json:"highlighted"`
}

// Field is a profile metadata field.
type Field struct {
	Name       string  `json:"name"`
	Value      string  `json:"value"`
	VerifiedAt *string `json:"verified_at"`
}

// Emoji is a custom emoji; agora has none yet.
type Emoji struct {
	Shortcode       string `json:"shortcode"`
	URL             string `json:"url"`
	StaticURL       string `json:"static_url"`
	VisibleInPicker bool   `json:"visible_in_picker"`
}

// Status is a status as Mastodon shows it. Its fields are in parts so that the
// part every viewer sees alike can be encoded once and kept (statusjson.go): the
// core, the author, the boosted status, and the viewer's own flags.
type Status struct {
	statusCore
	Account *Account `json:"account"`
	Reblog  *Status  `json:"reblog"`
	Poll    *Poll    `json:"poll"` // per viewer (own votes) and per vote: never kept
	statusFlags
}

// statusCore is what a status shows every viewer alike, its author and the
// status it boosts aside.
type statusCore struct {
	ID                 string            `json:"id"`
	URI                string            `json:"uri"`
	URL                *string           `json:"url"`
	CreatedAt          string            `json:"created_at"`
	EditedAt           *string           `json:"edited_at"`
	Content            string            `json:"content"`
	Text               *string           `json:"text,omitempty"`
	Visibility         string            `json:"visibility"`
	Sensitive          bool              `json:"sensitive"`
	SpoilerText        string            `json:"spoiler_text"`
	MediaAttachments   []MediaAttachment `json:"media_attachments"`
	Application        *App              `json:"application"`
	Mentions           []Mention         `json:"mentions"`
	Tags               []TagRef          `json:"tags"`
	Emojis             []Emoji           `json:"emojis"`
	ReblogsCount       int               `json:"reblogs_count"`
	FavouritesCount    int               `json:"favourites_count"`
	RepliesCount       int               `json:"replies_count"`
	InReplyToID        *string           `json:"in_reply_to_id"`
	InReplyToAccountID *string           `json:"in_reply_to_account_id"`
	Card               *struct{}         `json:"card"`
	Language           *string           `json:"language"`
	Withheld
}

// statusFlags are what the viewer did to a status; absent for anonymous viewers.
type statusFlags struct {
	Favourited *bool          `json:"favourited,omitempty"`
	Reblogged  *bool          `json:"reblogged,omitempty"`
	Muted      *bool          `json:"muted,omitempty"`
	Bookmarked *bool          `json:"bookmarked,omitempty"`
	Pinned     *bool          `json:"pinned,omitempty"`
	Filtered   []FilterResult `json:"filtered,omitempty"` // filters.go
}

// App is the application a status was posted with, or an app's public shape.
type App struct {
	Name    string  `json:"name"`
	Website *string `json:"website"`
}

// Mention is an account mentioned in a status.
type Mention struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	URL      string `json:"url"`
	Acct     string `json:"acct"`
}

// TagRef is a hashtag used in a status.
type TagRef struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Context is a thread around a status.
type Context struct {
	Ancestors   []*Status `json:"ancestors"`
	Descendants []*Status `json:"descendants"`
}

// Relationship is how the viewer stands to another account.
type Relationship struct {
	ID                  string `json:"id"`
	Following           bool   `json:"following"`
	ShowingReblogs      bool   `json:"showing_reblogs"`
	Notifying           bool   `json:"notifying"`
	Languages           []any  `json:"languages"`
	FollowedBy          bool   `json:"followed_by"`
	Blocking            bool   `json:"blocking"`
	BlockedBy           bool   `json:"blocked_by"`
	Muting              bool   `json:"muting"`
	MutingNotifications bool   `json:"muting_notifications"`
	Requested           bool   `json:"requested"`
	RequestedBy         bool   `json:"requested_by"`
	DomainBlocking      bool   `json:"domain_blocking"`
	Endorsed            bool   `json:"endorsed"`
	Note                string `json:"note"`
}

// Application is the answer to POST /api/v1/apps (with the client credentials) and
// to GET /api/v1/apps/verify_credentials (without).
type Application struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Website      *string  `json:"website"`
	Scopes       []string `json:"scopes"`
	RedirectURI  string   `json:"redirect_uri"`
	RedirectURIs []string `json:"redirect_uris"`
	VapidKey     string   `json:"vapid_key"`
	ClientID     string   `json:"client_id,omitempty"`
	ClientSecret string   `json:"client_secret,omitempty"`
}

// Token is an OAuth token response.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	Scope       string `json:"scope"`
	CreatedAt   int64  `json:"created_at"`
}

// Marker is a saved reading position.
type Marker struct {
	LastReadID string `json:"last_read_id"`
	Version    int    `json:"version"`
	UpdatedAt  string `json:"updated_at"`
}
