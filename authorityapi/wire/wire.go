// Package wire holds the authority API's wire shapes: what an authority sends
// and what it is answered. They have no field for a staff member, a note or
// another authority, so no converter can put one there.
package wire

import "time"

// OrderInput is the body of POST /api/v1/authority/orders: the desk's order
// fields but the authority, which is the token's.
type OrderInput struct {
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
	// Annex is the order's list of targets as a file, text/csv or text/plain;
	// its targets follow Targets. It is kept as the order's document.
	Annex *Document `json:"annex,omitempty"`
	// Documents are files sent with the order (the order itself as a PDF,
	// ...), kept as its documents; at most 10.
	Documents []*Document `json:"documents,omitempty"`
}

// Document is a file sent inline, base64-encoded (standard encoding).
type Document struct {
	Name        string `json:"name,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Data        string `json:"data"`
}

// DocumentInfo is a stored document as an authority is told of it; its data
// is at GET /api/v1/authority/orders/{id}/documents/{document_id}.
type DocumentInfo struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"` // lowercase hex
}

// MessageInput is the JSON body of POST /api/v1/authority/orders/{id}/messages.
type MessageInput struct {
	Text string `json:"text"`
	// Kind makes the message a notice: non_compliance, hearing,
	// emergency_confirmation, revocation or other; absent for none.
	Kind string `json:"kind,omitempty"`
	// Deadline is the notice's deadline; with a kind only.
	Deadline  *time.Time  `json:"deadline,omitempty"`
	Documents []*Document `json:"documents,omitempty"`
}

// Message is one message of an order's dialogue: the authority's (in) or
// the platform's answer (out). It names no one.
type Message struct {
	ID         string          `json:"id"`
	Direction  string          `json:"direction"` // in, out
	Kind       *string         `json:"kind"`      // for a notice
	Text       string          `json:"text"`
	CreatedAt  time.Time       `json:"created_at"`
	Deadline   *time.Time      `json:"deadline"`
	AnsweredAt *time.Time      `json:"answered_at"` // when the platform answered the notice
	Documents  []*DocumentInfo `json:"documents"`
}

// Receipt answers a submitted order: the internal number, the time of receipt
// and the digest of what was received.
type Receipt struct {
	ID         string    `json:"id"`
	Number     string    `json:"number"`
	ReceivedAt time.Time `json:"received_at"`
	Digest     string    `json:"digest"`
}

// Order is one of the authority's orders as it is told of it.
type Order struct {
	ID               string        `json:"id"`
	Number           string        `json:"number"`
	Reference        string        `json:"reference"`
	State            string        `json:"state"`
	ReceivedAt       time.Time     `json:"received_at"`
	Digest           string        `json:"digest"`
	AcknowledgedAt   *time.Time    `json:"acknowledged_at"`
	Deadline         *time.Time    `json:"deadline"`
	FirstEffectAt    *time.Time    `json:"first_effect_at"`
	AnsweredAt       *time.Time    `json:"answered_at"`
	ClosedAt         *time.Time    `json:"closed_at"`
	RevokedAt        *time.Time    `json:"revoked_at"`
	TerritorialScope []string      `json:"territorial_scope"`
	Emergency        bool          `json:"emergency"`
	Confidential     bool          `json:"confidential"`
	Deficiencies     []string      `json:"deficiencies"`
	TargetsCount     int           `json:"targets_count"`
	Targets          []*TargetItem `json:"targets,omitempty"` // in GET /orders/{id} only
	// The files received with the order, in GET /orders/{id} only: the
	// annex file, and the other documents in the order received.
	Annex     *DocumentInfo   `json:"annex,omitempty"`
	Documents []*DocumentInfo `json:"documents,omitempty"`
}

// TargetItem is one item the order named and the effect given to it.
type TargetItem struct {
	ID            string     `json:"id"`
	Position      int        `json:"position"`
	Input         string     `json:"input"`
	Effect        string     `json:"effect"` // pending, effect_given, declined, unresolved, lifted
	Measure       *string    `json:"measure"`
	Countries     []string   `json:"countries"`
	ReasonCode    *string    `json:"reason_code"`
	Explanation   *string    `json:"explanation"` // for declined: the public explanation of reason_code
	Cause         *string    `json:"cause"`
	EffectGivenAt *time.Time `json:"effect_given_at"`
	DeclinedAt    *time.Time `json:"declined_at"`
	LiftedAt      *time.Time `json:"lifted_at"`
}

// Error is every error answer.
type Error struct {
	Error string `json:"error"`
}
