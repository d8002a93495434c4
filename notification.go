package agora

import (
	"strconv"
	"time"
)

// NotificationType is what a notification is about. Stored; the list is append-only.
type NotificationType string

// Notification types, as Mastodon names them.
const (
	NotifyMention           NotificationType = "mention"
	NotifyFollow            NotificationType = "follow"
	NotifyFollowRequest     NotificationType = "follow_request"
	NotifyReblog            NotificationType = "reblog"
	NotifyFavourite         NotificationType = "favourite"
	NotifyModerationWarning NotificationType = "moderation_warning"
	NotifyPoll              NotificationType = "poll"         // a poll one voted in or made has ended
	NotifyUpdate            NotificationType = "update"       // a status one boosted was edited
	NotifyAdminReport       NotificationType = "admin.report" // to moderators, about a new report
)

// NotificationTypes lists the types, in the order Mastodon documents them.
var NotificationTypes = []NotificationType{NotifyMention, NotifyReblog, NotifyFavourite, NotifyFollow, NotifyFollowRequest, NotifyPoll, NotifyUpdate, NotifyModerationWarning, NotifyAdminReport}

// ParseNotificationType returns the type named s; EINVALID for unknown names.
func ParseNotificationType(s string) (NotificationType, error) {
	for _, t := range NotificationTypes {
		if string(t) == s {
			return t, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a notification type; use one of mention, reblog, favourite, follow, follow_request, poll, update, moderation_warning, admin.report.", truncate(s, 40))
}

// Notification tells AccountID that FromAccountID did something, about StatusID when
// it concerns a status.
type Notification struct {
	ID            ID
	AccountID     ID // the recipient
	Type          NotificationType
	FromAccountID ID
	StatusID      ID // 0 when not about a status
	WarningID     ID // the AccountWarning of a moderation_warning; 0 otherwise
	ReportID      ID // the Report of an admin.report; 0 otherwise
	CreatedAt     time.Time
	// Filtered is set when the recipient's NotificationPolicy filtered it: it
	// is then kept out of the notifications list and counted in the
	// NotificationRequest for its sender until the recipient accepts that.
	Filtered bool
}

// GroupKey is the key Mastodon's grouped notifications use: favourites and boosts of
// the same status, and follows, made within the same hour group together; other
// notifications stand alone ("ungrouped-ID").
func (n *Notification) GroupKey() string {
	hour := strconv.FormatInt(n.CreatedAt.Unix()/3600, 10)
	switch n.Type {
	case NotifyFavourite, NotifyReblog:
		return string(n.Type) + "-" + n.StatusID.String() + "-" + hour
	case NotifyFollow:
		return "follow-" + hour
	}
	return "ungrouped-" + n.ID.String()
}

// NotificationQuery selects a recipient's notifications.
type NotificationQuery struct {
	Types         []NotificationType // only these; empty means all
	ExcludeTypes  []NotificationType // not these
	FromAccountID ID                 // only from this account; 0 means any
	// IncludeFiltered selects filtered notifications too; without it they are
	// left out.
	IncludeFiltered bool
	Page            Page
}
