package wire

import "time"

// The bodies the API accepts. The server decodes them refusing unknown fields;
// fields left at their zero value are omitted when sent, which the server reads
// as absent.

// AuthorityInput is the body of POST /api/v1/legal/authorities.
type AuthorityInput struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	Kind    string `json:"kind"`
}

// OrderInput is the body of POST /api/v1/legal/orders.
type OrderInput struct {
	AuthorityID        string     `json:"authority_id,omitempty"`
	Reference          string     `json:"reference,omitempty"`
	Channel            string     `json:"channel,omitempty"`
	ReceivedAt         *time.Time `json:"received_at,omitempty"`
	LegalBasis         string     `json:"legal_basis,omitempty"`
	StatementOfReasons string     `json:"statement_of_reasons,omitempty"`
	TerritorialScope   []string   `json:"territorial_scope,omitempty"`
	Emergency          bool       `json:"emergency,omitempty"`
	Confidential       bool       `json:"confidential,omitempty"`
	ConfidentialUntil  *time.Time `json:"confidential_until,omitempty"`
	Deadline           *time.Time `json:"deadline,omitempty"`
	RedressInfo        string     `json:"redress_info,omitempty"`
	RecipientAuthority string     `json:"recipient_authority,omitempty"`
	Targets            []string   `json:"targets,omitempty"`
	// Annex is the order's list of targets as a file, text/csv or text/plain,
	// read as the targets endpoint reads it; its targets follow Targets.
	Annex *Document `json:"annex,omitempty"`
}

// TargetsInput is the JSON body of POST /api/v1/legal/orders/{id}/targets.
type TargetsInput struct {
	Targets []string `json:"targets"`
}

// DecisionInput is the body of a decision and of its preview: the targets
// listed by ID, or selected by a filter, and the action.
type DecisionInput struct {
	TargetIDs  []string      `json:"target_ids,omitempty"`
	Filter     *TargetFilter `json:"filter,omitempty"`
	Action     string        `json:"action"`
	Countries  []string      `json:"countries,omitempty"`
	Reason     string        `json:"reason,omitempty"`
	ReasonCode string        `json:"reason_code,omitempty"`
	Note       string        `json:"note,omitempty"`
}

// AppealAnswerInput is the body of POST /api/v1/legal/appeals/{id}/answer: the
// desk's answer to an owner's appeal, sent to the owner.
type AppealAnswerInput struct {
	Granted *bool  `json:"granted"`
	Text    string `json:"text"`
}

// TargetFilter selects the targets of an order a decision applies to.
type TargetFilter struct {
	Resolution string `json:"resolution,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Decision   string `json:"decision,omitempty"`
}

// StateInput is the body of POST /api/v1/legal/orders/{id}/state.
type StateInput struct {
	State string `json:"state"`
}

// AssignInput is the body of POST /api/v1/legal/orders/{id}/assign and of
// POST /api/v1/legal/targets/{id}/assign.
type AssignInput struct {
	StaffID string `json:"staff_id"`
}

// Document is a document sent inline, base64-encoded (standard encoding).
type Document struct {
	Name        string `json:"name,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Data        string `json:"data"`
}

// NoticeInput is the body of POST /api/v1/legal/orders/{id}/notices.
type NoticeInput struct {
	Kind       string     `json:"kind"`
	ReceivedAt *time.Time `json:"received_at,omitempty"`
	Deadline   *time.Time `json:"deadline,omitempty"`
	Summary    string     `json:"summary,omitempty"`
	Document   *Document  `json:"document,omitempty"`
}

// CorrespondenceInput is the body of POST /api/v1/legal/orders/{id}/correspondence.
type CorrespondenceInput struct {
	Direction string     `json:"direction"`
	Channel   string     `json:"channel,omitempty"`
	Date      *time.Time `json:"date,omitempty"`
	Parties   string     `json:"parties,omitempty"`
	Summary   string     `json:"summary,omitempty"`
	Document  *Document  `json:"document,omitempty"`
	// Documents are more documents, after Document; at most 10 in all.
	Documents []*Document `json:"documents,omitempty"`
}
