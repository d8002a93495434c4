package legalapi

import (
	"time"

	"agora"
	"agora/legal"
	"agora/legalapi/wire"
)

// The one converter from domain records to the wire shapes of package wire.

func tm(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(wire.TimeFormat)
	return &s
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func authorityEntity(a *agora.Authority) *wire.Authority {
	return &wire.Authority{ID: a.ID.String(), Name: a.Name, Country: a.Country, Kind: string(a.Kind), CreatedAt: tm(a.CreatedAt)}
}

func orderEntity(o *agora.Order, now time.Time) *wire.Order {
	e := &wire.Order{
		ID: o.ID.String(), Number: o.Number, Reference: o.Reference, Channel: o.Channel,
		ReceivedAt: tm(o.ReceivedAt), LegalBasis: o.LegalBasis, StatementOfReasons: o.StatementOfReasons,
		TerritorialScope: orEmpty(o.TerritorialScope), Emergency: o.Emergency, Confidential: o.Confidential,
		ConfidentialUntil: tm(o.ConfidentialUntil), Deadline: tm(o.Deadline), AckDeadline: tm(o.AckDeadline),
		ConfirmDeadline: tm(o.ConfirmDeadline), RedressInfo: o.RedressInfo, RecipientAuthority: o.RecipientAuthority,
		Digest: o.Digest, State: string(o.State), AcknowledgedAt: tm(o.AcknowledgedAt), ConfirmedAt: tm(o.ConfirmedAt),
		RevokedAt: tm(o.RevokedAt), AnsweredAt: tm(o.AnsweredAt), ClosedAt: tm(o.ClosedAt),
		FirstEffectAt: tm(o.FirstEffectAt), Overdue: o.Overdue(now), Deficiencies: orEmpty(o.Deficiencies),
		Targets: o.Counts,
	}
	if o.AuthorityID != 0 {
		s := o.AuthorityID.String()
		e.AuthorityID = &s
	}
	if o.AssignedTo != 0 {
		s := o.AssignedTo.String()
		e.AssignedTo = &s
	}
	return e
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optID(id agora.ID) *string {
	if id == 0 {
		return nil
	}
	s := id.String()
	return &s
}

// targetEntity is the target with what the desk filled in (its appeal, the
// decisions on its subject elsewhere, its conflict) and the preview of its
// subject (nil: none).
func targetEntity(t *agora.Target, p *agora.SubjectPreview) *wire.Target {
	return &wire.Target{
		ID: t.ID.String(), Position: t.Position, Input: t.Input, Kind: opt(string(t.Kind)),
		SubjectID: optID(t.SubjectID), Hashtag: opt(t.Hashtag), Resolution: string(t.Resolution),
		Cause: opt(t.Cause), DuplicateOf: optID(t.DuplicateOf), State: string(t.State),
		Countries: orEmpty(t.Countries), ReasonCode: opt(t.ReasonCode), Remarks: remarksEntity(t.Remarks),
		AssignedTo: optID(t.AssignedTo), UpdatedAt: tm(t.UpdatedAt), Appeal: appealEntity(t.Appeal),
		Preview: previewEntity(p), OtherDecisions: otherDecisionsEntity(t.Elsewhere), Conflict: conflictEntity(t.Conflict),
	}
}

// appealEntity is nil for no appeal.
func appealEntity(a *agora.Appeal) *wire.Appeal {
	if a == nil {
		return nil
	}
	return &wire.Appeal{ID: a.ID.String(), TargetID: a.TargetID.String(), Text: a.Text, State: string(a.State),
		Deadline: tm(a.Deadline), Answer: opt(a.Answer), AnsweredAt: tm(a.AnsweredAt), CreatedAt: tm(a.CreatedAt)}
}

func remarksEntity(rs []agora.Remark) []wire.Remark {
	out := make([]wire.Remark, len(rs))
	for i, r := range rs {
		out[i] = wire.Remark(r)
	}
	return out
}

func decisionEntity(d *agora.Decision) *wire.Decision {
	return &wire.Decision{ID: d.ID.String(), TargetID: d.TargetID.String(), Action: string(d.Action), Countries: orEmpty(d.Countries),
		Reason: opt(string(d.Reason)), ReasonCode: opt(d.ReasonCode), Note: d.Note, CreatedAt: tm(d.CreatedAt)}
}

func noticeEntity(n *agora.OrderNotice) *wire.Notice {
	return &wire.Notice{ID: n.ID.String(), Kind: string(n.Kind), ReceivedAt: tm(n.ReceivedAt), Deadline: tm(n.Deadline),
		Summary: n.Summary, DocumentID: optID(n.DocumentID), CreatedAt: tm(n.CreatedAt), AnsweredAt: tm(n.AnsweredAt)}
}

func correspondenceEntity(c *agora.Correspondence) *wire.Correspondence {
	docs := make([]*wire.DocumentInfo, len(c.Documents))
	for i, d := range c.Documents {
		docs[i] = documentEntity(d)
	}
	return &wire.Correspondence{ID: c.ID.String(), Direction: c.Direction, Channel: c.Channel, Date: tm(c.Date),
		Parties: c.Parties, Summary: c.Summary, DocumentID: optID(c.DocumentID), CreatedAt: tm(c.CreatedAt),
		NoticeID: optID(c.NoticeID), Documents: docs}
}

func documentEntity(d *agora.Document) *wire.DocumentInfo {
	return &wire.DocumentInfo{ID: d.ID.String(), Name: d.Name, ContentType: d.ContentType, Size: d.Size,
		SHA256: d.SHA256, CreatedAt: tm(d.CreatedAt), Role: opt(d.Role)}
}

func auditEntity(e *agora.AuditEvent) *wire.AuditEvent {
	return &wire.AuditEvent{ID: e.ID.String(), ActorID: optID(e.ActorID), ActorKind: e.ActorKind, Action: e.Action,
		ObjectKind: e.ObjectKind, ObjectID: e.ObjectID.String(), Summary: e.Summary, RequestID: opt(e.RequestID),
		ClientIP: opt(e.ClientIP), Channel: e.Channel, CreatedAt: tm(e.CreatedAt)}
}

func orderCreatedEntity(o *agora.Order, now time.Time) *wire.OrderCreated {
	return &wire.OrderCreated{
		ID: o.ID.String(), Number: o.Number, ReceivedAt: tm(o.ReceivedAt), Digest: o.Digest, State: string(o.State),
		Deficiencies: orEmpty(o.Deficiencies), Targets: o.Counts, Order: orderEntity(o, now),
	}
}

// decisionResultEntity keeps a nil impact, and a nil per-country map, as null.
func decisionResultEntity(r *legal.DecisionResult) *wire.DecisionResult {
	e := &wire.DecisionResult{Action: string(r.Action), Applied: r.Applied, Skipped: r.Skipped, RulesCreated: r.Rules,
		RulesLifted: r.Lifted, OwnersNotified: r.Warnings, NotificationsHeldBack: r.HeldBack, Preview: r.Preview}
	if im := r.Impact; im != nil {
		e.Impact = &wire.Impact{Targets: im.Targets, Accounts: im.Accounts, Statuses: im.Statuses, Hashtags: im.Hashtags,
			FollowersReached: im.FollowersReached, Skipped: im.Skipped}
		if im.PerCountry != nil {
			e.Impact.PerCountry = make(map[string]wire.CountryImpact, len(im.PerCountry))
			for c, ci := range im.PerCountry {
				e.Impact.PerCountry[c] = wire.CountryImpact(ci)
			}
		}
	}
	return e
}
