package mastoapi

// Report is Mastodon's Report entity: what the reporter sees of their report.
type Report struct {
	ID            string   `json:"id"`
	ActionTaken   bool     `json:"action_taken"`
	ActionTakenAt *string  `json:"action_taken_at"`
	Category      string   `json:"category"`
	Comment       string   `json:"comment"`
	Forwarded     bool     `json:"forwarded"`
	CreatedAt     string   `json:"created_at"`
	StatusIDs     []string `json:"status_ids"`
	RuleIDs       []string `json:"rule_ids"`
	TargetAccount *Account `json:"target_account"`
}

// AdminReport is Mastodon's Admin::Report entity: a report as moderators see it.
type AdminReport struct {
	ID                   string        `json:"id"`
	ActionTaken          bool          `json:"action_taken"`
	ActionTakenAt        *string       `json:"action_taken_at"`
	Category             string        `json:"category"`
	Comment              string        `json:"comment"`
	Forwarded            bool          `json:"forwarded"`
	CreatedAt            string        `json:"created_at"`
	UpdatedAt            string        `json:"updated_at"`
	Account              *AdminAccount `json:"account"`
	TargetAccount        *AdminAccount `json:"target_account"`
	AssignedAccount      *AdminAccount `json:"assigned_account"`
	ActionTakenByAccount *AdminAccount `json:"action_taken_by_account"`
	Statuses             []*Status     `json:"statuses"`
	Rules                []struct{}    `json:"rules"` // the instance has no rules
}

// AdminAccount is Mastodon's Admin::Account entity: an account as moderators
// see it.
type AdminAccount struct {
	ID                     string    `json:"id"`
	Username               string    `json:"username"`
	Domain                 *string   `json:"domain"`
	CreatedAt              string    `json:"created_at"`
	Email                  string    `json:"email"`
	IP                     *string   `json:"ip"`
	IPs                    []AdminIP `json:"ips"`
	Locale                 string    `json:"locale"`
	InviteRequest          *string   `json:"invite_request"`
	Role                   Role      `json:"role"`
	Confirmed              bool      `json:"confirmed"`
	Approved               bool      `json:"approved"`
	Disabled               bool      `json:"disabled"`
	Silenced               bool      `json:"silenced"`
	Suspended              bool      `json:"suspended"`
	Sensitized             bool      `json:"sensitized"`
	Account                *Account  `json:"account"`
	CreatedByApplicationID *string   `json:"created_by_application_id"`
	InvitedByAccountID     *string   `json:"invited_by_account_id"`
}

// AdminIP is Mastodon's Admin::Ip entity. agora keeps no sign-in addresses
// with accounts, so lists of them are empty.
type AdminIP struct {
	IP     string `json:"ip"`
	UsedAt string `json:"used_at"`
}

// GroupedNotificationsResults is Mastodon's answer of /api/v2/notifications:
// the groups, and the accounts and statuses they refer to, each once.
type GroupedNotificationsResults struct {
	Accounts           []*Account           `json:"accounts"`
	Statuses           []*Status            `json:"statuses"`
	NotificationGroups []*NotificationGroup `json:"notification_groups"`
}

// NotificationGroup is Mastodon's NotificationGroup entity. The page fields
// are set only on pages of groups.
type NotificationGroup struct {
	GroupKey                 string          `json:"group_key"`
	NotificationsCount       int             `json:"notifications_count"`
	Type                     string          `json:"type"`
	MostRecentNotificationID int64           `json:"most_recent_notification_id"` // a number, as the schema has it
	PageMinID                *string         `json:"page_min_id,omitempty"`
	PageMaxID                *string         `json:"page_max_id,omitempty"`
	LatestPageNotificationAt *string         `json:"latest_page_notification_at,omitempty"`
	SampleAccountIDs         []string        `json:"sample_account_ids"`
	StatusID                 *string         `json:"status_id,omitempty"`
	Report                   *Report         `json:"report,omitempty"`
	ModerationWarning        *AccountWarning `json:"moderation_warning,omitempty"`
}
