package service

import (
	"context"

	"agora"
)

// policies holds the notification policies of recipients read during one
// newNotifications call.
type policies map[agora.ID]*agora.NotificationPolicy

// policyAction returns what the recipient's notification policy does with n
// (agora.NotificationPolicy.Action): types that are not Filterable, and
// notifications from a sender whose request the recipient accepted, are
// accepted; otherwise it gathers the facts the policy asks about. pending is as
// for newNotificationsWith.
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
	if p.AcceptsAll() {
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
	sender, err := s.store.Account(ctx, n.FromAccountID)
	if err != nil {
		return "", err
	}
	rel := rels[n.FromAccountID]
	f := agora.PolicyFacts{Following: rel.Following, FollowedBy: rel.FollowedBy,
		NewAccount: s.now().Sub(sender.CreatedAt) < agora.NewAccountAge, Limited: sender.Silenced()}
	if n.Type == agora.NotifyMention && !rel.Following && p.ForPrivateMentions != agora.PolicyAccept {
		if f.PrivateMention, err = s.unsolicitedPrivateMention(ctx, n, pending); err != nil {
			return "", err
		}
	}
	return p.Action(f), nil
}

// MaxThreadWalk is how many statuses up a thread unsolicitedPrivateMention
// reads at most, as Mastodon's 100, so that a private group conversation
// several replies deep still counts as the recipient's.
const MaxThreadWalk = 100

// unsolicitedPrivateMention reports whether the mention n is in a direct status
// that the recipient did not ask for: none of the statuses it answers, up the
// thread to MaxThreadWalk of them, is a direct status of the recipient
// mentioning the sender. A status missing on the way ends the walk. Each step
// reads one status, through the store's status cache where there is one.
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
	for range MaxThreadWalk {
		if st.InReplyToID == 0 {
			return true, nil
		}
		parent, err := s.store.Status(ctx, st.InReplyToID)
		if agora.ErrorCode(err) == agora.ENOTFOUND {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if parent.AccountID == n.AccountID && parent.Visibility == agora.VisibilityDirect && parent.MentionsAccount(n.FromAccountID) {
			return false, nil
		}
		st = parent
	}
	return true, nil
}
