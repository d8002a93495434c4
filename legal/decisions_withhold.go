package legal

import (
	"time"

	"agora"
)

// sealedUntil is until when what the order o does may not be disclosed, at now:
// its confidentiality's end (agora.Forever without one); zero when it is not
// confidential or no longer.
func sealedUntil(o *agora.Order, now time.Time) time.Time {
	switch {
	case !o.Confidential:
		return time.Time{}
	case o.ConfidentialUntil.IsZero():
		return agora.Forever
	case o.ConfidentialUntil.After(now):
		return o.ConfidentialUntil
	}
	return time.Time{}
}

// planWithhold adds to p the rule, the owner's warning and the impact of
// withholding (or, with remove, removing) the target.
func (d *desk) planWithhold(p *plan, o *agora.Order, t *agora.Target, s *subjects, dec *agora.Decision, remove bool, actor *agora.Account) {
	now := dec.CreatedAt
	r := &agora.Rule{
		ID: d.ids.New(), Kind: t.Kind, SubjectID: t.SubjectID, Hashtag: t.Hashtag,
		Countries: dec.Countries, Reason: dec.Reason, Origin: "order:" + o.ID.String(),
		OrderID: o.ID, TargetID: t.ID, Since: now, SealedUntil: sealedUntil(o, now), LogIndex: agora.NotLogged,
	}
	if actor != nil {
		r.CreatedBy = actor.ID
	}
	t.State, t.Countries = agora.TargetWithheld, dec.Countries
	if remove {
		r.Origin = "removal:order:" + o.ID.String()
		t.State = agora.TargetRemoved
	}
	var owner *agora.Account
	var statusIDs []agora.ID
	var statuses, followers int
	switch t.Kind {
	case agora.SubjectAccount:
		owner = s.accounts[t.SubjectID]
		if owner != nil {
			statuses, followers = owner.StatusesCount, owner.FollowersCount
			p.impact.Accounts++
		}
		if remove {
			p.batch.SuspendAccounts = append(p.batch.SuspendAccounts, t.SubjectID)
		}
	case agora.SubjectStatus:
		if st := s.statuses[t.SubjectID]; st != nil {
			owner = s.accounts[st.AccountID]
			statusIDs = []agora.ID{st.ID}
			statuses = 1
			if owner != nil {
				followers = owner.FollowersCount
			}
		}
		if remove {
			p.batch.DeleteStatuses = append(p.batch.DeleteStatuses, t.SubjectID)
		}
	case agora.SubjectHashtag:
		p.impact.Hashtags++
	}
	if !(remove && t.Kind == agora.SubjectStatus) {
		p.batch.NewRules = append(p.batch.NewRules, r)
	}
	p.impact.Targets++
	p.impact.Statuses += statuses
	p.impact.FollowersReached += followers
	for _, c := range dec.Countries {
		ci := p.impact.PerCountry[c]
		ci.Statuses += statuses
		ci.FollowersReached += followers
		if t.Kind == agora.SubjectAccount && owner != nil {
			ci.Accounts++
		}
		if t.Kind == agora.SubjectHashtag {
			ci.Hashtags++
		}
		p.impact.PerCountry[c] = ci
	}
	if owner == nil {
		return
	}
	action := "none"
	kind := agora.SubjectStatus
	switch {
	case remove && t.Kind == agora.SubjectAccount:
		action = "suspend"
	case remove:
		action = "delete_statuses"
	}
	if t.Kind == agora.SubjectAccount {
		kind = agora.SubjectAccount
	}
	notice := ""
	if !(remove && t.Kind == agora.SubjectStatus) {
		notice = d.rules.NoticeURL(r.ID)
	}
	text := withheldText(o, p.authority, kind, owner.Username, r, remove, notice)
	w := &agora.AccountWarning{
		ID: d.ids.New(), AccountID: owner.ID, Action: action, Text: text, StatusIDs: statusIDs,
		OrderID: o.ID, TargetID: t.ID, CreatedAt: now,
	}
	if until := sealedUntil(o, now); !until.IsZero() {
		w.NotifyAfter = until
	} else {
		w.NotifiedAt = now
		p.batch.Notifications = append(p.batch.Notifications, warningNotification(d.ids.New(), w))
	}
	p.batch.Warnings = append(p.batch.Warnings, w)
}

// warningNotification is the moderation_warning notification carrying w.
func warningNotification(id agora.ID, w *agora.AccountWarning) *agora.Notification {
	return &agora.Notification{
		ID: id, AccountID: w.AccountID, Type: agora.NotifyModerationWarning,
		FromAccountID: w.AccountID, WarningID: w.ID, CreatedAt: id.Time(),
	}
}
