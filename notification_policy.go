package agora

import (
	"context"
	"time"
)

// PolicyAction is what a notification policy does with the notifications a rule
// matches, as Mastodon 4.3 names it. Stored; the list is append-only.
type PolicyAction string

// Policy actions.
const (
	PolicyAccept PolicyAction = "accept" // the notification is made as usual
	PolicyFilter PolicyAction = "filter" // it is made, filtered, and gathered in a notification request
	PolicyDrop   PolicyAction = "drop"   // it is not made at all
)

// ParsePolicyAction returns the action named s; EUNPROCESSABLE, naming the
// field, for anything else.
func ParsePolicyAction(field, s string) (PolicyAction, error) {
	switch a := PolicyAction(s); a {
	case PolicyAccept, PolicyFilter, PolicyDrop:
		return a, nil
	}
	return "", fieldError(field, "ERR_INCLUSION", field+" must be one of accept, filter, drop (got "+quoteShort(s)+").")
}

func quoteShort(s string) string { return `"` + truncate(s, 20) + `"` }

// NewAccountAge is how young an account must be for the for_new_accounts rule.
const NewAccountAge = 30 * 24 * time.Hour

// MaxMeaningfulCount caps the counts of filtered notifications that policies and
// requests report, as Mastodon caps them.
const MaxMeaningfulCount = 100

// NotificationPolicy is what an account does with notifications from senders
// it may not want to hear from (Mastodon's NotificationPolicy).
type NotificationPolicy struct {
	AccountID          ID
	ForNotFollowing    PolicyAction // senders the account does not follow
	ForNotFollowers    PolicyAction // senders not following the account
	ForNewAccounts     PolicyAction // senders whose account is younger than NewAccountAge
	ForPrivateMentions PolicyAction // direct mentions, but replies to the account's own and from accounts it follows
	ForLimitedAccounts PolicyAction // senders moderators limited (Account.Limited), but those the account follows
}

// DefaultNotificationPolicy is the policy of an account that never set one,
// Mastodon's defaults: accept everything but private mentions and limited
// accounts, which are filtered.
func DefaultNotificationPolicy(accountID ID) *NotificationPolicy {
	return &NotificationPolicy{AccountID: accountID, ForNotFollowing: PolicyAccept, ForNotFollowers: PolicyAccept,
		ForNewAccounts: PolicyAccept, ForPrivateMentions: PolicyFilter, ForLimitedAccounts: PolicyFilter}
}

// PolicyFacts are what a notification policy asks about a notification and
// its sender, from the recipient's side.
type PolicyFacts struct {
	Following      bool // the recipient follows the sender
	FollowedBy     bool // the sender follows the recipient
	NewAccount     bool // the sender's account is younger than NewAccountAge
	Limited        bool // moderators limited the sender (Account.Limited)
	PrivateMention bool // a direct mention that does not answer the recipient's own private mention of the sender
}

// AcceptsAll reports whether p accepts every notification, so that no facts
// need be gathered.
func (p *NotificationPolicy) AcceptsAll() bool {
	return p.ForNotFollowing == PolicyAccept && p.ForNotFollowers == PolicyAccept && p.ForNewAccounts == PolicyAccept &&
		p.ForPrivateMentions == PolicyAccept && p.ForLimitedAccounts == PolicyAccept
}

// Action is what p does with a notification of a Filterable type from a
// sender the recipient has not accepted, as Mastodon 4.3 decides: each rule
// that matches gives its action, and the strictest wins (drop, then filter,
// then accept). The rules: the recipient does not follow the sender; the
// sender does not follow the recipient; the sender is a new account; the
// sender is limited and not followed by the recipient; the notification is a
// private mention from a sender the recipient does not follow.
func (p *NotificationPolicy) Action(f PolicyFacts) PolicyAction {
	matched := make([]PolicyAction, 0, 5)
	if !f.Following {
		matched = append(matched, p.ForNotFollowing)
		if f.Limited {
			matched = append(matched, p.ForLimitedAccounts)
		}
		if f.PrivateMention {
			matched = append(matched, p.ForPrivateMentions)
		}
	}
	if !f.FollowedBy {
		matched = append(matched, p.ForNotFollowers)
	}
	if f.NewAccount {
		matched = append(matched, p.ForNewAccounts)
	}
	act := PolicyAccept
	for _, m := range matched {
		switch {
		case m == PolicyDrop:
			return PolicyDrop
		case m == PolicyFilter:
			act = PolicyFilter
		}
	}
	return act
}

// Filterable reports whether a policy may filter or drop notifications of type
// t: as Mastodon, mentions, boosts, favourites, follows and follow requests;
// never polls, edits, moderation warnings or moderators' notifications.
func (t NotificationType) Filterable() bool {
	switch t {
	case NotifyMention, NotifyReblog, NotifyFavourite, NotifyFollow, NotifyFollowRequest:
		return true
	}
	return false
}

// NotificationRequest gathers the filtered notifications an account has from
// one sender. Its ID and CreatedAt are those of the first filtered notification
// that made it; UpdatedAt and LastStatusID those of the latest.
type NotificationRequest struct {
	ID                 ID
	AccountID          ID // the recipient
	FromAccountID      ID
	LastStatusID       ID  // 0 when no filtered notification was about a status
	NotificationsCount int // filtered notifications from the sender, at most MaxMeaningfulCount
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// NotificationPolicyStore persists notification policies, the requests of
// filtered notifications and the senders an account accepted. A filtered
// notification (Notification.Filtered) makes or updates its request in the
// transaction that inserts it, whichever write that is.
type NotificationPolicyStore interface {
	// NotificationPolicy returns the account's policy, or
	// DefaultNotificationPolicy when it never saved one.
	NotificationPolicy(ctx context.Context, accountID ID) (*NotificationPolicy, error)
	// SaveNotificationPolicy inserts or replaces the account's policy.
	// ENOTFOUND when the account does not exist.
	SaveNotificationPolicy(ctx context.Context, p *NotificationPolicy) error
	// NotificationPermitted reports whether the account accepted a request from
	// the sender, so that its notifications are never filtered.
	NotificationPermitted(ctx context.Context, accountID, fromID ID) (bool, error)
	// NotificationRequests lists the account's requests that hold filtered
	// notifications, newest first, paged by request ID.
	NotificationRequests(ctx context.Context, accountID ID, p Page) ([]*NotificationRequest, error)
	// NotificationRequest returns one of the account's requests. ENOTFOUND when
	// it does not exist, holds no filtered notification or is someone else's.
	NotificationRequest(ctx context.Context, accountID, id ID) (*NotificationRequest, error)
	// FilteredNotifications returns the account's filtered notifications from
	// each of fromIDs: the newest perSender (> 0) of each sender, newest first.
	FilteredNotifications(ctx context.Context, accountID ID, fromIDs []ID, perSender int) ([]*Notification, error)
	// AcceptNotificationRequests accepts those of ids that are the account's
	// requests, in one transaction: it records that the account permits each
	// sender (at), makes the sender's filtered notifications ordinary ones and
	// deletes the request. Other IDs are ignored. It returns how many it accepted.
	AcceptNotificationRequests(ctx context.Context, accountID ID, ids []ID, at time.Time) (int, error)
	// DismissNotificationRequests deletes those of ids that are the account's
	// requests, with the filtered notifications they hold, in one transaction.
	// Other IDs are ignored. It returns how many it deleted.
	DismissNotificationRequests(ctx context.Context, accountID ID, ids []ID) (int, error)
}
