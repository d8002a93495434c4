package legalapi

import (
	"agora"
	"agora/legalapi/wire"
)

// The converter of what a reviewer sees beside a target (package wire,
// review.go).

// previewEntity is nil for no preview.
func previewEntity(p *agora.SubjectPreview) *wire.Preview {
	if p == nil {
		return nil
	}
	e := &wire.Preview{Statuses: make([]*wire.StatusPreview, len(p.Recent))}
	if a := p.Account; a != nil {
		e.Account = &wire.AccountPreview{ID: a.ID.String(), Acct: a.Username, DisplayName: a.DisplayName,
			FollowersCount: a.FollowersCount, StatusesCount: a.StatusesCount}
	}
	if p.Status != nil {
		e.Status = statusPreviewEntity(p.Status)
	}
	for i, st := range p.Recent {
		e.Statuses[i] = statusPreviewEntity(st)
	}
	if p.Tag != nil {
		e.Hashtag = &wire.HashtagPreview{Name: p.Tag.Name, UsesPastWeek: p.Tag.Uses, AccountsPastWeek: p.Tag.Accounts}
	}
	return e
}

func statusPreviewEntity(st *agora.Status) *wire.StatusPreview {
	return &wire.StatusPreview{ID: st.ID.String(), Text: st.Text, SpoilerText: st.SpoilerText, CreatedAt: tm(st.CreatedAt)}
}

// otherDecisionsEntity names no staff member and carries no note.
func otherDecisionsEntity(list []*agora.SubjectDecision) []*wire.OtherDecision {
	out := make([]*wire.OtherDecision, len(list))
	for i, sd := range list {
		out[i] = &wire.OtherDecision{ID: sd.ID.String(), OrderID: sd.OrderID.String(), OrderNumber: sd.OrderNumber,
			TargetID: sd.TargetID.String(), Action: string(sd.Action), Countries: orEmpty(sd.Countries),
			ReasonCode: opt(sd.ReasonCode), CreatedAt: tm(sd.CreatedAt)}
	}
	return out
}

// conflictEntity is nil for no conflict.
func conflictEntity(c *agora.Conflict) *wire.Conflict {
	if c == nil {
		return nil
	}
	e := &wire.Conflict{NeedsNote: make([]string, len(c.NeedsNote)), DecisionIDs: make([]string, len(c.With)), Decided: c.Decided}
	for i, a := range c.NeedsNote {
		e.NeedsNote[i] = string(a)
	}
	for i, sd := range c.With {
		e.DecisionIDs[i] = sd.ID.String()
	}
	return e
}
