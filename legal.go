package agora

import (
	"slices"
	"strings"
	"time"
)

// The legal desk's nouns (DESIGN sections 3 and 5). Stored enums are append-only.

// AuthorityKind is what kind of body issues orders.
type AuthorityKind string

// Authority kinds.
const (
	AuthorityMinistry  AuthorityKind = "ministry"
	AuthorityCourt     AuthorityKind = "court"
	AuthorityPolice    AuthorityKind = "police"
	AuthorityRegulator AuthorityKind = "regulator"
	AuthorityOther     AuthorityKind = "other"
)

// Authority issues orders.
type Authority struct {
	ID        ID
	Name      string
	Country   string // ISO 3166-1 alpha-2
	Kind      AuthorityKind
	CreatedAt time.Time
}

// Validate checks the authority's fields (the country's form only).
func (a *Authority) Validate() error {
	switch {
	case strings.TrimSpace(a.Name) == "" || len(a.Name) > 300:
		return Errorf(EUNPROCESSABLE, "Validation failed: name is required (at most 300 characters).")
	case !IsCountryCode(a.Country) || a.Country == AllCountries:
		return Errorf(EUNPROCESSABLE, "Validation failed: country must be an ISO 3166-1 alpha-2 code such as IN.")
	}
	switch a.Kind {
	case AuthorityMinistry, AuthorityCourt, AuthorityPolice, AuthorityRegulator, AuthorityOther:
		return nil
	}
	return Errorf(EUNPROCESSABLE, "Validation failed: kind must be ministry, court, police, regulator or other.")
}

// OrderState is where an order is in its lifecycle:
// received -> acknowledged -> in_review -> answered -> closed.
type OrderState string

// Order states.
const (
	OrderReceived     OrderState = "received"
	OrderAcknowledged OrderState = "acknowledged"
	OrderInReview     OrderState = "in_review"
	OrderAnswered     OrderState = "answered"
	OrderClosed       OrderState = "closed"
)

// Order is one legal demand.
type Order struct {
	ID                 ID
	Number             string // internal number, e.g. "2026-000042", given at receipt
	AuthorityID        ID
	Reference          string // the authority's own reference
	Channel            string // how it arrived: email, portal, post, api, ...
	ReceivedAt         time.Time
	LegalBasis         string
	StatementOfReasons string
	TerritorialScope   []string // ISO codes
	Emergency          bool
	Confidential       bool
	ConfidentialUntil  time.Time // zero: no end date (while Confidential)
	Deadline           time.Time // to decide; zero when none
	AckDeadline        time.Time // to acknowledge; zero when none
	ConfirmDeadline    time.Time // emergency orders: to be confirmed by; zero otherwise
	RedressInfo        string
	RecipientAuthority string // who receives the report on the effect given (DSA 9(2)(f))
	Digest             string // hex SHA-256 of the canonical order as received
	State              OrderState
	AcknowledgedAt     time.Time
	ConfirmedAt        time.Time // emergency confirmation received
	RevokedAt          time.Time
	AnsweredAt         time.Time
	ClosedAt           time.Time
	FirstEffectAt      time.Time // when the first decision took effect
	Deficiencies       []string  // missing DSA Art. 9(2) items
	AssignedTo         ID        // staff account; 0 when unassigned
	CreatedBy          ID
	CreatedAt          time.Time
	Counts             TargetCounts // derived from the targets when read
	// NoticeDeadline is the earliest deadline of the order's notices not yet
	// answered; zero when none. Derived from the notices when read.
	NoticeDeadline time.Time
	// AppealDeadline is the earliest deadline of the appeals on the order's
	// targets not yet answered; zero when none. Derived from the appeals when read.
	AppealDeadline time.Time
	// Version counts the writes to the order since it was recorded. Writing an
	// order back (LegalStore.UpdateOrder) succeeds only at the version it was read
	// at, so a change made meanwhile is not undone.
	Version int64
}

// TargetCounts counts an order's targets by resolution.
type TargetCounts struct {
	Total           int `json:"total"`
	Resolved        int `json:"resolved"`
	Unresolved      int `json:"unresolved"`
	Duplicate       int `json:"duplicate"`
	AlreadyWithheld int `json:"already_withheld"`
}

// Deficiency names, after DSA Art. 9(2) (legal/FORMATS.md section 2).
const (
	DeficiencyLegalBasis   = "legal_basis"
	DeficiencyReasons      = "statement_of_reasons"
	DeficiencyAuthority    = "issuing_authority"
	DeficiencyTargets      = "identification_of_items"
	DeficiencyRedress      = "redress_information"
	DeficiencyRecipient    = "recipient_of_report"
	DeficiencyTerritorial  = "territorial_scope"
	minimumReasonsChars    = 20
	minimumLegalBasisChars = 5
)

// FindDeficiencies lists what the order lacks of DSA Art. 9(2), given how many
// targets it names. An order is recorded even when incomplete.
func (o *Order) FindDeficiencies(targets int) []string {
	var d []string
	if len(strings.TrimSpace(o.LegalBasis)) < minimumLegalBasisChars {
		d = append(d, DeficiencyLegalBasis)
	}
	if len(strings.TrimSpace(o.StatementOfReasons)) < minimumReasonsChars {
		d = append(d, DeficiencyReasons)
	}
	if o.AuthorityID == 0 {
		d = append(d, DeficiencyAuthority)
	}
	if targets == 0 {
		d = append(d, DeficiencyTargets)
	}
	if strings.TrimSpace(o.RedressInfo) == "" {
		d = append(d, DeficiencyRedress)
	}
	if strings.TrimSpace(o.RecipientAuthority) == "" {
		d = append(d, DeficiencyRecipient)
	}
	if len(o.TerritorialScope) == 0 {
		d = append(d, DeficiencyTerritorial)
	}
	return d
}

// InScope reports whether every country lies in the order's territorial scope.
func (o *Order) InScope(countries []string) bool {
	for _, c := range countries {
		if !slices.Contains(o.TerritorialScope, c) {
			return false
		}
	}
	return true
}

// Open reports whether the order is still being worked on.
func (o *Order) Open() bool { return o.State != OrderClosed }

// Overdue reports whether the order has passed a deadline it has not met at t:
// to acknowledge, to decide, or that of a notice or an appeal not answered.
func (o *Order) Overdue(t time.Time) bool {
	if !o.Open() {
		return false
	}
	if !o.AckDeadline.IsZero() && o.AcknowledgedAt.IsZero() && t.After(o.AckDeadline) {
		return true
	}
	if !o.NoticeDeadline.IsZero() && t.After(o.NoticeDeadline) {
		return true
	}
	if !o.AppealDeadline.IsZero() && t.After(o.AppealDeadline) {
		return true
	}
	return !o.Deadline.IsZero() && o.AnsweredAt.IsZero() && t.After(o.Deadline)
}

// Resolution is what a target named in an order turned out to be.
type Resolution string

// Resolutions.
const (
	ResolutionResolved        Resolution = "resolved"
	ResolutionUnresolved      Resolution = "unresolved"
	ResolutionDuplicate       Resolution = "duplicate"
	ResolutionAlreadyWithheld Resolution = "already_withheld"
)

// TargetState is a target's current state, derived from its decisions.
type TargetState string

// Target states.
const (
	TargetPending   TargetState = "pending"
	TargetWithheld  TargetState = "withheld"
	TargetDeclined  TargetState = "declined"
	TargetRemoved   TargetState = "removed"
	TargetLifted    TargetState = "lifted"
	TargetEscalated TargetState = "escalated"
)

// Target is one item named in an order, as given, and what it resolved to.
type Target struct {
	ID          ID
	OrderID     ID
	Position    int    // 1-based order in which the order named it
	Input       string // as given
	Kind        SubjectKind
	SubjectID   ID
	Hashtag     string
	Resolution  Resolution
	Cause       string // for unresolved targets: why
	DuplicateOf ID     // for duplicates: the first target naming the same item
	State       TargetState
	Countries   []string // where withheld, while State is withheld
	ReasonCode  string   // for declined targets
	Remarks     []Remark // the annex's other columns on the target's row, as given
	AssignedTo  ID       // the staff account reviewing it; 0 when unassigned
	UpdatedAt   time.Time
	CreatedAt   time.Time
	// Appeal is the owner's latest appeal on the target; nil when none. The
	// desk's Targets fills it; the store does not.
	Appeal *Appeal
	// Elsewhere are the decisions on the same subject in other orders, oldest
	// first, comments left out; Conflict, nil when there is none, says what a
	// decision here would go against. The desk's Targets fills both; the store
	// does not.
	Elsewhere []*SubjectDecision
	Conflict  *Conflict
}

// Remark is one cell of an order's annex beside a target: the column's header
// (or "column N" when the annex has no header row) and the value, as given.
type Remark struct {
	Column string `json:"column"`
	Value  string `json:"value"`
}

// DecisionAction is what a reviewer decides on a target.
type DecisionAction string

// Decision actions.
const (
	ActionWithhold DecisionAction = "withhold"
	ActionDecline  DecisionAction = "decline"
	ActionRemove   DecisionAction = "remove"
	ActionLift     DecisionAction = "lift"
	ActionEscalate DecisionAction = "escalate"
	ActionComment  DecisionAction = "comment"
)

// DeclineCodes are the reasons a target can be declined for.
var DeclineCodes = []string{"protected_speech", "news_media", "journalist", "politician", "activist", "insufficient_legal_basis", "overbroad", "not_found", "other"}

// Decision is an append-only event on a target.
type Decision struct {
	ID         ID
	OrderID    ID
	TargetID   ID
	Action     DecisionAction
	Countries  []string
	Reason     WithholdReason
	ReasonCode string
	Note       string
	ActorID    ID
	CreatedAt  time.Time
}

// NoticeKind is what an authority's notice about an order is.
type NoticeKind string

// Notice kinds.
const (
	NoticeNonCompliance         NoticeKind = "non_compliance"
	NoticeHearing               NoticeKind = "hearing"
	NoticeEmergencyConfirmation NoticeKind = "emergency_confirmation"
	NoticeRevocation            NoticeKind = "revocation"
	NoticeOther                 NoticeKind = "other"
)

// OrderNotice is a document from the authority about an order.
type OrderNotice struct {
	ID         ID
	OrderID    ID
	Kind       NoticeKind
	ReceivedAt time.Time
	Deadline   time.Time
	Summary    string
	DocumentID ID
	CreatedBy  ID
	CreatedAt  time.Time
	AnsweredAt time.Time // zero until the platform has answered it
}

// Correspondence is one message in or out about an order: the formal dialogue.
type Correspondence struct {
	ID        ID
	OrderID   ID
	Direction string // "in" or "out"
	Channel   string
	Date      time.Time
	Parties   string // organisations, never staff names
	Summary   string
	// DocumentID is the message's first document; 0 when it has none.
	DocumentID ID
	// NoticeID is the notice the message is (an authority's notice sent as a
	// message on the authority channel); 0 when none.
	NoticeID  ID
	CreatedBy ID
	CreatedAt time.Time
	// Documents are the files that came with the message, in the order sent:
	// with their data when the message is created, without it (metadata only)
	// when it is read; nil when none.
	Documents []*Document
}

// MaxDocumentBytes bounds a stored document; an order's annex file has its own
// bound, MaxAnnexBytes.
const MaxDocumentBytes = 10 << 20

// MaxAnnexBytes bounds an order's annex file, kept as the order's document.
const MaxAnnexBytes = 32 << 20

// Document roles: how a document came with its order. Stored enum, append-only.
const (
	DocumentAnnex    = "annex" // the order's annex file, as received
	DocumentOfOrder  = "order" // a document received with the order
	DocumentAttached = ""      // with a message or a notice
)

// Document is a file attached to an order, a notice or a message, kept with its
// SHA-256.
type Document struct {
	ID          ID
	OrderID     ID
	Name        string
	ContentType string
	Size        int
	SHA256      string
	Data        []byte
	CreatedAt   time.Time
	// CorrespondenceID is the message the document came with; 0 when none.
	CorrespondenceID ID
	// Role is how the document came with its order: DocumentAnnex,
	// DocumentOfOrder, or DocumentAttached (with a message or a notice).
	Role string
}

// AccountWarning tells the owner of withheld or removed content what happened
// (Mastodon's AccountWarning). For a confidential order it waits until NotifyAfter.
type AccountWarning struct {
	ID          ID
	AccountID   ID
	Action      string // Mastodon's actions: "none" (withheld), "delete_statuses", "suspend"
	Text        string
	StatusIDs   []ID
	OrderID     ID
	TargetID    ID
	NotifyAfter time.Time // zero: at once
	NotifiedAt  time.Time // zero until the notification is sent
	CreatedAt   time.Time
	// Appeal is the owner's appeal against the warning; nil when none. The store
	// fills it when it reads one warning (AccountWarning).
	Appeal *Appeal
}

// AppealState is where an owner's appeal stands (Mastodon's Appeal states).
type AppealState string

// Appeal states.
const (
	AppealPending  AppealState = "pending"
	AppealApproved AppealState = "approved"
	AppealRejected AppealState = "rejected"
)

// MaxAppealText bounds an appeal's text and the desk's answer, in characters.
const MaxAppealText = 2000

// Appeal is the owner's contest of an account warning: one per warning, on the
// warning's target, answered by the legal desk by Deadline. AnsweredBy names the
// staff member who answered; it is never shown to the owner.
type Appeal struct {
	ID         ID
	WarningID  ID
	AccountID  ID
	OrderID    ID
	TargetID   ID
	Text       string
	State      AppealState
	Deadline   time.Time
	Answer     string
	AnsweredBy ID
	AnsweredAt time.Time // zero while pending
	CreatedAt  time.Time
}
