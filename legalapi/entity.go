package legalapi

import (
	"time"

	"agora"
)

// Wire shapes of the legal API. Times are RFC 3339 in UTC; absent ones are null.
// IDs are strings.

const timeFormat = "2006-01-02T15:04:05.000Z"

func tm(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(timeFormat)
	return &s
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Authority is an issuer of orders.
type Authority struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Country   string  `json:"country"`
	Kind      string  `json:"kind"`
	CreatedAt *string `json:"created_at"`
}

func authorityEntity(a *agora.Authority) *Authority {
	return &Authority{ID: a.ID.String(), Name: a.Name, Country: a.Country, Kind: string(a.Kind), CreatedAt: tm(a.CreatedAt)}
}

// Order is a legal demand and where it stands.
type Order struct {
	ID                 string             `json:"id"`
	Number             string             `json:"number"`
	AuthorityID        *string            `json:"authority_id"`
	Reference          string             `json:"reference"`
	Channel            string             `json:"channel"`
	ReceivedAt         *string            `json:"received_at"`
	LegalBasis         string             `json:"legal_basis"`
	StatementOfReasons string             `json:"statement_of_reasons"`
	TerritorialScope   []string           `json:"territorial_scope"`
	Emergency          bool               `json:"emergency"`
	Confidential       bool               `json:"confidential"`
	ConfidentialUntil  *string            `json:"confidential_until"`
	Deadline           *string            `json:"deadline"`
	AckDeadline        *string            `json:"acknowledge_deadline"`
	ConfirmDeadline    *string            `json:"confirmation_deadline"`
	RedressInfo        string             `json:"redress_info"`
	RecipientAuthority string             `json:"recipient_authority"`
	Digest             string             `json:"digest"`
	State              string             `json:"state"`
	AcknowledgedAt     *string            `json:"acknowledged_at"`
	ConfirmedAt        *string            `json:"confirmed_at"`
	RevokedAt          *string            `json:"revoked_at"`
	AnsweredAt         *string            `json:"answered_at"`
	ClosedAt           *string            `json:"closed_at"`
	FirstEffectAt      *string            `json:"first_effect_at"`
	Overdue            bool               `json:"overdue"`
	Deficiencies       []string           `json:"deficiencies"`
	AssignedTo         *string            `json:"assigned_to"`
	Targets            agora.TargetCounts `json:"targets"`
}

func orderEntity(o *agora.Order, now time.Time) *Order {
	e := &Order{
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

// Target is one item named in an order.
type Target struct {
	ID          string   `json:"id"`
	Position    int      `json:"position"`
	Input       string   `json:"input"`
	Kind        *string  `json:"kind"`
	SubjectID   *string  `json:"subject_id"`
	Hashtag     *string  `json:"hashtag"`
	Resolution  string   `json:"resolution"`
	Cause       *string  `json:"cause"`
	DuplicateOf *string  `json:"duplicate_of"`
	State       string   `json:"state"`
	Countries   []string `json:"countries"`
	ReasonCode  *string  `json:"reason_code"`
	UpdatedAt   *string  `json:"updated_at"`
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

func targetEntity(t *agora.Target) *Target {
	return &Target{
		ID: t.ID.String(), Position: t.Position, Input: t.Input, Kind: opt(string(t.Kind)),
		SubjectID: optID(t.SubjectID), Hashtag: opt(t.Hashtag), Resolution: string(t.Resolution),
		Cause: opt(t.Cause), DuplicateOf: optID(t.DuplicateOf), State: string(t.State),
		Countries: orEmpty(t.Countries), ReasonCode: opt(t.ReasonCode), UpdatedAt: tm(t.UpdatedAt),
	}
}

// Decision is an event on a target. Staff are identified only as the platform.
type Decision struct {
	ID         string   `json:"id"`
	TargetID   string   `json:"target_id"`
	Action     string   `json:"action"`
	Countries  []string `json:"countries"`
	Reason     *string  `json:"reason"`
	ReasonCode *string  `json:"reason_code"`
	Note       string   `json:"note"`
	CreatedAt  *string  `json:"created_at"`
}

func decisionEntity(d *agora.Decision) *Decision {
	return &Decision{ID: d.ID.String(), TargetID: d.TargetID.String(), Action: string(d.Action), Countries: orEmpty(d.Countries),
		Reason: opt(string(d.Reason)), ReasonCode: opt(d.ReasonCode), Note: d.Note, CreatedAt: tm(d.CreatedAt)}
}

// Notice is a document from the authority about an order.
type Notice struct {
	ID         string  `json:"id"`
	Kind       string  `json:"kind"`
	ReceivedAt *string `json:"received_at"`
	Deadline   *string `json:"deadline"`
	Summary    string  `json:"summary"`
	DocumentID *string `json:"document_id"`
	CreatedAt  *string `json:"created_at"`
}

func noticeEntity(n *agora.OrderNotice) *Notice {
	return &Notice{ID: n.ID.String(), Kind: string(n.Kind), ReceivedAt: tm(n.ReceivedAt), Deadline: tm(n.Deadline),
		Summary: n.Summary, DocumentID: optID(n.DocumentID), CreatedAt: tm(n.CreatedAt)}
}

// Correspondence is one message of the formal dialogue.
type Correspondence struct {
	ID         string  `json:"id"`
	Direction  string  `json:"direction"`
	Channel    string  `json:"channel"`
	Date       *string `json:"date"`
	Parties    string  `json:"parties"`
	Summary    string  `json:"summary"`
	DocumentID *string `json:"document_id"`
	CreatedAt  *string `json:"created_at"`
}

func correspondenceEntity(c *agora.Correspondence) *Correspondence {
	return &Correspondence{ID: c.ID.String(), Direction: c.Direction, Channel: c.Channel, Date: tm(c.Date),
		Parties: c.Parties, Summary: c.Summary, DocumentID: optID(c.DocumentID), CreatedAt: tm(c.CreatedAt)}
}

// AuditEvent is one line of the audit trail.
type AuditEvent struct {
	ID         string  `json:"id"`
	ActorID    *string `json:"actor_id"`
	ActorKind  string  `json:"actor_kind"`
	Action     string  `json:"action"`
	ObjectKind string  `json:"object_kind"`
	ObjectID   string  `json:"object_id"`
	Summary    string  `json:"summary"`
	RequestID  *string `json:"request_id"`
	CreatedAt  *string `json:"created_at"`
}

func auditEntity(e *agora.AuditEvent) *AuditEvent {
	return &AuditEvent{ID: e.ID.String(), ActorID: optID(e.ActorID), ActorKind: e.ActorKind, Action: e.Action,
		ObjectKind: e.ObjectKind, ObjectID: e.ObjectID.String(), Summary: e.Summary, RequestID: opt(e.RequestID), CreatedAt: tm(e.CreatedAt)}
}
