package service

import (
	"context"
	"slices"

	"agora"
)

// policies holds the notification policies of recipients read during one
// newNotifications call.
type policies map[agora.ID]*agora.NotificationPolicy

// policyAction returns what the recipient's notification policy does with n,
// as Mastodon 4.3 decides it: types that are not Filterable, and notifications
// from a sender whose request the recipient accepted, are accepted; otherwise
// every rule that matches the sender (not followed by the recipient, not
// following the recipient, a new account, a limited account the recipient does
// not follow, a private mention from an account the recipient does not follow
// that does not answer the recipient's own private mention of the sender) gives
// its action, and the strictest wins: drop, then filter, then accept. pending is
// as for newNotificationsWith.
func (s *core) policyAction(ctx context.Context, ps policies, n *agora.Notification, pending *agora.Status) (agora.PolicyAction, error) {
	if !n.Type.Filterable() {
		return agora.PolicyAccept, nil
	}
	p, ok := ps[n.AccountID]
	if !ok {
		var err error
		if p, err = s.store.NotificationPolicy(ctx, n.AccountID); err != nil {
			return "", err
		}
		ps[n.AccountID] = p
	}
	if p.ForNotFollowing == agora.PolicyAccept && p.ForNotFollowers == agora.PolicyAccept && p.ForNewAccounts == agora.PolicyAccept &&
		p.ForPrivateMentions == agora.PolicyAccept && p.ForLimitedAccounts == agora.PolicyAccept {
		return agora.PolicyAccept, nil
	}
	permitted, err := s.store.NotificationPermitted(ctx, n.AccountID, n.FromAccountID)
	if err != nil || permitted {
		return agora.PolicyAccept, err
	}
	rels, err := s.store.Relations(ctx, n.AccountID, []agora.ID{n.FromAccountID})
	if err != nil {
		return "", err
	}
	rel := rels[n.FromAccountID]
	sender, err := s.store.Account(ctx, n.FromAccountID)
	if err != nil {
		return "", err
	}
	var matched []agora.PolicyAction
	if !rel.Following {
		matched = append(matched, p.ForNotFollowing)
	}
	if !rel.FollowedBy {
		matched = append(matched, p.ForNotFollowers)
	}
	if s.now().Sub(sender.CreatedAt) < agora.NewAccountAge {
		matched = append(matched, p.ForNewAccounts)
	}
	if sender.Limited() && !rel.Following {
		matched = append(matched, p.ForLimitedAccounts)
	}
	if n.Type == agora.NotifyMention && !rel.Following && p.ForPrivateMentions != agora.PolicyAccept {
		private, err := s.unsolicitedPrivateMention(ctx, n, pending)
		if err != nil {
			return "", err
		}
		if private {
			matched = append(matched, p.ForPrivateMentions)
		}
	}
	switch {
	case slices.Contains(matched, agora.PolicyDrop):
		return agora.PolicyDrop, nil
	case slices.Contains(matched, agora.PolicyFilter):
		return agora.PolicyFilter, nil
	}
	return agora.PolicyAccept, nil
}

// unsolicitedPrivateMention reports whether the mention n is in a direct status
// that does not answer a status of the recipient mentioning the sender: the
// recipient did not start the private conversation.
func (s *core) unsolicitedPrivateMention(ctx context.Context, n *agora.Notification, pending *agora.Status) (bool, error) {
	st := pending
	if st == nil || st.ID != n.StatusID {
		var err error
		if st, err = s.store.Status(ctx, n.StatusID); err != nil {
			return false, err
		}
	}
	if st.Visibility != agora.VisibilityDirect {
		return false, nil
	}
	if st.InReplyToID == 0 || st.InReplyToAccountID != n.AccountID {
		return true, nil
	}
	parent, err := s.store.Status(ctx, st.InReplyToID)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return !parent.MentionsAccount(n.FromAccountID), nil
}
