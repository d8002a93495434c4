package agora

import (
	"context"
	"time"
)

// OrderQuery selects orders for the review queue.
type OrderQuery struct {
	State       OrderState // "" for any
	AuthorityID ID         // 0 for any
	Country     string     // in the territorial scope; "" for any
	// Overdue keeps only orders past an unmet deadline at Now.
	Overdue bool
	Now     time.Time
	Limit   int // default 20, at most 200
	Offset  int
}

// TargetQuery selects targets of one order, in the order named (position).
type TargetQuery struct {
	OrderID    ID
	Resolution Resolution  // "" for any
	Kind       SubjectKind // "" for any
	State      TargetState // "" for any
	IDs        []ID        // only these; empty for any
	Appeal     AppealState // only targets with an appeal in this state; "" for any
	AssignedTo ID          // only targets assigned to this staff account; 0 for any
	// Text keeps targets whose input, hashtag, resolved account's username or
	// remarks contain it, without case (ASCII letters on SQLite); wildcards
	// match literally. "" for any; at most MaxTargetText characters.
	Text          string
	AfterPosition int // paging: targets after this position
	Limit         int // default 100, at most 100,000
}

// MaxTargetText is the longest TargetQuery.Text, in characters.
const MaxTargetText = 200

// DecisionBatch is everything one (bulk) decision changes. The store applies it in
// one transaction: all of it or none.
type DecisionBatch struct {
	OrderID   ID
	Decisions []*Decision
	// Targets are the targets whose derived state changed (State, Countries,
	// ReasonCode, UpdatedAt are written).
	Targets  []*Target
	NewRules []*Rule
	// LiftRuleIDs are rules to lift at LiftedAt.
	LiftRuleIDs []ID
	LiftedAt    time.Time
	Warnings    []*AccountWarning
	// Notifications are sent with the batch (moderation warnings not held back).
	Notifications []*Notification
	// SuspendAccounts are suspended at SuspendedAt (tokens revoked);
	// UnsuspendAccounts are restored.
	SuspendAccounts   []ID
	UnsuspendAccounts []ID
	SuspendedAt       time.Time
	// DeleteStatuses are deleted as DeleteStatus does, but that their media
	// attachments are deleted with them (not detached for a redraft).
	DeleteStatuses []ID
	// RemovedMediaKeys is set by ApplyDecisions: the file keys of the media
	// attachments deleted with DeleteStatuses, whose files the caller removes
	// after the batch is applied.
	RemovedMediaKeys []string
	// Order, when not nil, is written back (state, first effect, answered, closed
	// and revoked times).
	Order *Order
	// Notice, when not nil, is recorded with the batch: a revocation and the lifting
	// of every rule it revokes are one transaction.
	Notice *OrderNotice
	// Message, when not nil, is recorded with the batch as
	// AuthorityStore.CreateAuthorityMessage records it: an authority's
	// revocation sent as a message, its notice and the lifts are one
	// transaction. Its Order is ignored (the batch's Order is written).
	Message *AuthorityMessage
	// Appeal, when not nil, is answered with the batch: its State, Answer,
	// AnsweredBy and AnsweredAt are written, provided it is still pending.
	Appeal *Appeal
	Events []*AuditEvent
}

// LegalStore persists the legal desk: authorities, orders, targets, decisions,
// notices, correspondence, documents, warnings and assignments. Every write takes
// the audit events that describe it and stores them in the same transaction.
type LegalStore interface {
	CreateAuthority(ctx context.Context, a *Authority, events []*AuditEvent) error
	Authority(ctx context.Context, id ID) (*Authority, error)
	Authorities(ctx context.Context) ([]*Authority, error)

	// CreateOrder inserts the order with its targets, giving it the next internal
	// number of its year (written back to o.Number).
	CreateOrder(ctx context.Context, o *Order, targets []*Target, events []*AuditEvent) error
	// Order returns the order with its target counts.
	Order(ctx context.Context, id ID) (*Order, error)
	// Orders returns the orders q selects, by deadline (orders without one last),
	// then by receipt, with their target counts.
	Orders(ctx context.Context, q OrderQuery) ([]*Order, error)
	// UpdateOrder writes the order's lifecycle fields (state, times, deadlines,
	// assignment, deficiencies).
	UpdateOrder(ctx context.Context, o *Order, events []*AuditEvent) error
	// AddTargets inserts more targets of the order, positions continuing, and
	// when deficiencies is not nil makes them the order's (a new version of
	// it), in one transaction with the events. ENOTFOUND for a missing order,
	// ECONFLICT when an ID is taken.
	AddTargets(ctx context.Context, orderID ID, targets []*Target, deficiencies []string, events []*AuditEvent) error
	// Targets returns the targets q selects, by position.
	Targets(ctx context.Context, q TargetQuery) ([]*Target, error)
	// Target returns the target with the ID, of whichever order. ENOTFOUND when
	// there is none.
	Target(ctx context.Context, id ID) (*Target, error)
	// AssignTarget assigns the target to the staff account to (0: nobody), with
	// the events, in one transaction. ENOTFOUND when the target or the account
	// does not exist; nothing changes then.
	AssignTarget(ctx context.Context, id, to ID, events []*AuditEvent) error
	// SubjectDecisions returns the decisions on every target, in any order but
	// exceptOrder (0: none), that names one of the subjects, with the subject and
	// the order's number, oldest first (by CreatedAt, then ID). It makes one
	// round trip however many subjects are given.
	SubjectDecisions(ctx context.Context, subjects []Subject, exceptOrder ID) ([]*SubjectDecision, error)
	// Decisions returns the decisions on the order's targets (all when targetID is
	// 0), oldest first.
	Decisions(ctx context.Context, orderID, targetID ID) ([]*Decision, error)
	// ApplyDecisions applies b in one transaction and returns the rule version
	// after it. ENOTFOUND when a rule to lift does not exist, ECONFLICT when it is
	// lifted already or b.Appeal is answered already; nothing changes then.
	ApplyDecisions(ctx context.Context, b *DecisionBatch) (ruleVersion int64, err error)
	// RulesOfOrder returns the rules the order's decisions created, lifted or not.
	RulesOfOrder(ctx context.Context, orderID ID) ([]*Rule, error)

	CreateOrderNotice(ctx context.Context, n *OrderNotice, events []*AuditEvent) error
	OrderNotices(ctx context.Context, orderID ID) ([]*OrderNotice, error)
	// OrderNotice returns the notice with the ID. ENOTFOUND when there is none.
	OrderNotice(ctx context.Context, id ID) (*OrderNotice, error)
	// AnswerNotice marks the notice answered at the time, with the events, in one
	// transaction. ENOTFOUND for no such notice, ECONFLICT when already answered.
	AnswerNotice(ctx context.Context, id ID, at time.Time, events []*AuditEvent) error
	// CreateCorrespondence inserts the message with its documents (their
	// OrderID and CorrespondenceID set to the message's) and the events, in
	// one transaction. ENOTFOUND when the order does not exist, ECONFLICT when
	// an ID is taken, EINVALID for a document larger than MaxDocumentBytes.
	CreateCorrespondence(ctx context.Context, c *Correspondence, events []*AuditEvent) error
	// Correspondence returns the order's messages by date, each with its
	// documents' metadata (nil when none).
	Correspondence(ctx context.Context, orderID ID) ([]*Correspondence, error)
	CreateDocument(ctx context.Context, d *Document) error
	// Document returns the document with its data. ENOTFOUND when there is none.
	Document(ctx context.Context, id ID) (*Document, error)

	// AccountWarning returns the warning with the ID and its appeal. ENOTFOUND
	// when there is none.
	AccountWarning(ctx context.Context, id ID) (*AccountWarning, error)
	// CreateAppeal inserts the appeal with the events, in one transaction.
	// ECONFLICT when its warning has an appeal already.
	CreateAppeal(ctx context.Context, a *Appeal, events []*AuditEvent) error
	// Appeal returns the appeal with the ID. ENOTFOUND when there is none.
	Appeal(ctx context.Context, id ID) (*Appeal, error)
	// AppealsOfTargets returns the appeals on the targets, oldest first.
	AppealsOfTargets(ctx context.Context, targetIDs []ID) ([]*Appeal, error)
	// ReleaseWarnings sends the notifications of warnings held back whose
	// NotifyAfter has passed at now: it inserts the notifications and marks the
	// warnings notified, in one transaction, and returns how many.
	ReleaseWarnings(ctx context.Context, now time.Time, notify func(*AccountWarning) *Notification) (int, error)

	// StaffAccounts returns every account with the legal or admin role, whether
	// its access has ended or not, by ID.
	StaffAccounts(ctx context.Context) ([]*Account, error)
	// SetAccessUntil sets when a staff account's legal access ends (zero: never).
	SetAccessUntil(ctx context.Context, accountID ID, until time.Time, events []*AuditEvent) error
	// Handover moves every open order assigned to from, and every target
	// assigned to from of an open order, to to, returning how many of each, with
	// the events and, for each order whose assignment or any of whose targets'
	// moved, the event orderEvent returns for it (orderEvent may be nil), in one
	// transaction. EINVALID when from is 0, ENOTFOUND when to does not exist.
	Handover(ctx context.Context, from, to ID, events []*AuditEvent, orderEvent func(orderID ID) *AuditEvent) (orders, targets int, err error)
}
