// Package wire holds the JSON shapes of the legal desk's API (/api/v1/legal/):
// the entities the server answers with and the bodies it accepts. The server
// (package legalapi) converts domain records to them; the client
// (package legalapi/client), the end-to-end tests and `agora bench legal` decode
// them, so each shape is written once. It imports the domain package only.
//
// Times are RFC 3339 in UTC with milliseconds; absent ones are null. IDs are strings.
package wire

import "agora"

// TimeFormat is the layout of every time the API answers with.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// Authority is an issuer of orders.
type Authority struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Country   string  `json:"country"`
	Kind      string  `json:"kind"`
	CreatedAt *string `json:"created_at"`
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

// OrderCreated is the answer to a new order: its receipt, and the order.
type OrderCreated struct {
	ID           string             `json:"id"`
	Number       string             `json:"number"`
	ReceivedAt   *string            `json:"received_at"`
	Digest       string             `json:"digest"`
	State        string             `json:"state"`
	Deficiencies []string           `json:"deficiencies"`
	Targets      agora.TargetCounts `json:"targets"`
	Order        *Order             `json:"order"`
}

// TargetsAdded is the answer to targets added to an order: its counts after.
type TargetsAdded struct {
	Targets agora.TargetCounts `json:"targets"`
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
	Remarks     []Remark `json:"remarks"`
	AssignedTo  *string  `json:"assigned_to"`
	UpdatedAt   *string  `json:"updated_at"`
	Appeal      *Appeal  `json:"appeal"`
	// Preview is what the target names, as the reviewer may see it; null for
	// an unresolved target and an item that no longer exists.
	Preview *Preview `json:"preview"`
	// OtherDecisions are the decisions on the same item in other orders,
	// oldest first, comments left out.
	OtherDecisions []*OtherDecision `json:"other_decisions"`
	// Conflict is null unless a decision here would go against one of them
	// that stands, or the target's own decision already does.
	Conflict *Conflict `json:"conflict"`
}

// Appeal is the owner's appeal against a target's withholding, with its
// deadline, and the desk's answer. It names no staff member.
type Appeal struct {
	ID         string  `json:"id"`
	TargetID   string  `json:"target_id"`
	Text       string  `json:"text"`
	State      string  `json:"state"`
	Deadline   *string `json:"deadline"`
	Answer     *string `json:"answer"`
	AnsweredAt *string `json:"answered_at"`
	CreatedAt  *string `json:"created_at"`
}

// Remark is a cell of the order's annex on a target's row, other than the
// target: the column's header ("column N" without one) and the value.
type Remark struct {
	Column string `json:"column"`
	Value  string `json:"value"`
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

// DecisionResult is what a decision did (or, previewed, would do).
type DecisionResult struct {
	Action                string  `json:"action"`
	Applied               int     `json:"applied"`
	Skipped               int     `json:"skipped"`
	RulesCreated          int     `json:"rules_created"`
	RulesLifted           int     `json:"rules_lifted"`
	OwnersNotified        int     `json:"owners_notified"`
	NotificationsHeldBack int     `json:"notifications_held_back"`
	Impact                *Impact `json:"impact"`
	Preview               bool    `json:"preview"`
}

// Impact is what a decision reaches, in all and per country.
type Impact struct {
	Targets          int                      `json:"targets"`
	Accounts         int                      `json:"accounts"`
	Statuses         int                      `json:"statuses"`
	Hashtags         int                      `json:"hashtags"`
	FollowersReached int                      `json:"followers_reached"`
	PerCountry       map[string]CountryImpact `json:"per_country"`
	Skipped          int                      `json:"skipped"`
}

// CountryImpact is the part of an impact in one country.
type CountryImpact struct {
	Accounts         int `json:"accounts"`
	Statuses         int `json:"statuses"`
	Hashtags         int `json:"hashtags"`
	FollowersReached int `json:"followers_reached"`
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
	AnsweredAt *string `json:"answered_at"`
}

// Correspondence is one message of the formal dialogue.
type Correspondence struct {
	ID         string  `json:"id"`
	Direction  string  `json:"direction"`
	Channel    string  `json:"channel"`
	Date       *string `json:"date"`
	Parties    string  `json:"parties"`
	Summary    string  `json:"summary"`
	DocumentID *string `json:"document_id"` // the first of Documents
	CreatedAt  *string `json:"created_at"`
	// NoticeID is the notice the message is (an authority's notice sent on
	// its channel); nil when none.
	NoticeID  *string         `json:"notice_id"`
	Documents []*DocumentInfo `json:"documents"`
}

// DocumentInfo is a stored document without its data, which is at
// GET /api/v1/legal/documents/{id}.
type DocumentInfo struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	ContentType string  `json:"content_type"`
	Size        int     `json:"size"`
	SHA256      string  `json:"sha256"`
	CreatedAt   *string `json:"created_at"`
	// Role is how a document came with its order: "annex" (its annex file)
	// or "order" (a document sent with it); nil for a message's or a notice's.
	Role *string `json:"role"`
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
	ClientIP   *string `json:"client_ip"`
	Channel    string  `json:"channel"`
	CreatedAt  *string `json:"created_at"`
}
