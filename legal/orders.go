package legal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"agora"
	"agora/internal/country"
)

// OrderInput is an order as an authority sent it.
type OrderInput struct {
	AuthorityID        agora.ID  `json:"authority_id"`
	Reference          string    `json:"reference"`
	Channel            string    `json:"channel"`
	ReceivedAt         time.Time `json:"received_at"` // zero: now
	LegalBasis         string    `json:"legal_basis"`
	StatementOfReasons string    `json:"statement_of_reasons"`
	TerritorialScope   []string  `json:"territorial_scope"`
	Emergency          bool      `json:"emergency"`
	Confidential       bool      `json:"confidential"`
	ConfidentialUntil  time.Time `json:"confidential_until"`
	Deadline           time.Time `json:"deadline"`
	RedressInfo        string    `json:"redress_info"`
	RecipientAuthority string    `json:"recipient_authority"`
	Targets            []string  `json:"targets"`
	// Remarks[i] are the annex's other cells beside Targets[i] (see Annex); it
	// is absent from the digest's JSON when empty, so orders without remarks keep
	// the digest they always had.
	Remarks [][]agora.Remark `json:"remarks,omitempty"`
	// AnnexFile is the annex as the file received (the authority channel),
	// and Documents the other files received with the order (at most
	// MaxDocuments). Both are kept as the order's documents and count in its
	// digest (see digest); nil when none.
	AnnexFile *DocumentInput   `json:"-"`
	Documents []*DocumentInput `json:"-"`
}

// AddAnnex appends the annex's targets, and their remarks, to the order's.
func (in *OrderInput) AddAnnex(a *Annex) {
	if a.Remarks != nil || in.Remarks != nil {
		in.Remarks = append(padRemarks(in.Remarks, len(in.Targets)), padRemarks(a.Remarks, len(a.Targets))...)
	}
	in.Targets = append(in.Targets, a.Targets...)
}

// padRemarks is remarks with as many entries as there are targets.
func padRemarks(remarks [][]agora.Remark, targets int) [][]agora.Remark {
	if len(remarks) >= targets {
		return remarks
	}
	return append(remarks, make([][]agora.Remark, targets-len(remarks))...)
}

// setRemarks gives each target its remarks.
func setRemarks(targets []*agora.Target, remarks [][]agora.Remark) {
	for i, t := range targets {
		if i < len(remarks) {
			t.Remarks = remarks[i]
		}
	}
}

// Limits on order fields.
const (
	maxShortField = 300
	maxLongField  = 20_000
)

// validate checks the input's form; missing DSA items are deficiencies, not errors.
func (in *OrderInput) validate(maxTargets int) error {
	for name, v := range map[string]string{"reference": in.Reference, "channel": in.Channel, "recipient_authority": in.RecipientAuthority} {
		if len(v) > maxShortField {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: %s is too long (at most %d characters).", name, maxShortField)
		}
	}
	for name, v := range map[string]string{"legal_basis": in.LegalBasis, "statement_of_reasons": in.StatementOfReasons, "redress_info": in.RedressInfo} {
		if len(v) > maxLongField {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: %s is too long (at most %d characters).", name, maxLongField)
		}
	}
	in.TerritorialScope = agora.NormalizeCountries(in.TerritorialScope)
	for _, c := range in.TerritorialScope {
		if !country.Valid(c) || c == country.All {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: territorial_scope: %q is not an ISO 3166-1 alpha-2 country code.", truncate(c, 10))
		}
	}
	if len(in.Targets) > maxTargets {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the order names %d targets; at most %d may be recorded at once.", len(in.Targets), maxTargets)
	}
	for i, t := range in.Targets {
		if len(t) > maxTargetLen {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: target %d is longer than %d characters.", i+1, maxTargetLen)
		}
	}
	if err := checkRemarks(in.Targets, in.Remarks); err != nil {
		return err
	}
	if in.Confidential && !in.ConfidentialUntil.IsZero() && !in.ReceivedAt.IsZero() && in.ConfidentialUntil.Before(in.ReceivedAt) {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: confidential_until is before received_at.")
	}
	return nil
}

// digest is the hex SHA-256 of the canonical order as received: the input encoded
// as JSON with its fields in a fixed order, times in RFC 3339 (UTC, milliseconds)
// and the targets as given, in order (an annex's after the others, with their
// remarks). When files came with the order, two more members follow: "annex",
// the annex file, and "documents", the other files in the order received, each
// {"name", "content_type", "size", "sha256"} (the content type
// application/octet-stream when none was given, the SHA-256 of the file's bytes
// in lowercase hex). They are absent when there are none, so that an order
// without files keeps the digest it always had.
func digest(in OrderInput) string {
	norm := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.UTC().Truncate(time.Millisecond)
	}
	in.ReceivedAt, in.ConfidentialUntil, in.Deadline = norm(in.ReceivedAt), norm(in.ConfidentialUntil), norm(in.Deadline)
	canonical := struct {
		OrderInput
		Annex     *fileDigest  `json:"annex,omitempty"`
		Documents []fileDigest `json:"documents,omitempty"`
	}{OrderInput: in}
	if in.AnnexFile != nil {
		f := digestOf(in.AnnexFile)
		canonical.Annex = &f
	}
	for _, doc := range in.Documents {
		canonical.Documents = append(canonical.Documents, digestOf(doc))
	}
	data, _ := json.Marshal(canonical)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// CreateOrder records an order at once, even an incomplete one: missing DSA Art. 9(2)
// items are listed as deficiencies. It gives the order its internal number, the time
// of receipt and the digest of what was received, resolves the targets and sets the
// deadlines (the configured defaults for the authority's country unless the order
// gives one). Errors: EUNPROCESSABLE for malformed fields or too many targets,
// ENOTFOUND for an unknown authority.
func (d *Intake) CreateOrder(ctx context.Context, actor *agora.Account, in OrderInput) (*agora.Order, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	o, targets, err := d.prepareOrder(ctx, actor, in)
	if err != nil {
		return nil, err
	}
	ev := d.event(ctx, actor, "order.create", "order", o.ID, fmt.Sprintf("order received: reference %q, %d targets, digest %s", o.Reference, len(targets), o.Digest))
	d.announce(ev, Announcement{Type: agora.EventOrderReceived, Order: o})
	if err := d.store.CreateOrder(ctx, o, targets, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return o, nil
}

// prepareOrder checks the input and makes the order and its resolved targets,
// ready to be stored.
func (d *desk) prepareOrder(ctx context.Context, actor *agora.Account, in OrderInput) (*agora.Order, []*agora.Target, error) {
	if err := in.validate(d.cfg.MaxTargets); err != nil {
		return nil, nil, err
	}
	now := d.clock()
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = now
	}
	var auth *agora.Authority
	if in.AuthorityID != 0 {
		var err error
		if auth, err = d.store.Authority(ctx, in.AuthorityID); err != nil {
			if agora.ErrorCode(err) == agora.ENOTFOUND {
				return nil, nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: authority %s does not exist; create it first.", in.AuthorityID)
			}
			return nil, nil, err
		}
	}
	o := &agora.Order{
		ID: d.ids.New(), AuthorityID: in.AuthorityID, Reference: strings.TrimSpace(in.Reference),
		Channel: strings.TrimSpace(in.Channel), ReceivedAt: in.ReceivedAt.UTC().Truncate(time.Millisecond),
		LegalBasis: in.LegalBasis, StatementOfReasons: in.StatementOfReasons,
		TerritorialScope: in.TerritorialScope, Emergency: in.Emergency,
		Confidential: in.Confidential, ConfidentialUntil: in.ConfidentialUntil.UTC().Truncate(time.Millisecond),
		Deadline: in.Deadline.UTC().Truncate(time.Millisecond), RedressInfo: in.RedressInfo,
		RecipientAuthority: in.RecipientAuthority, Digest: digest(in), State: agora.OrderReceived,
		CreatedAt: now,
	}
	if in.ConfidentialUntil.IsZero() {
		o.ConfidentialUntil = time.Time{}
	}
	if in.Deadline.IsZero() {
		o.Deadline = time.Time{}
	}
	if actor != nil {
		o.CreatedBy = actor.ID
	}
	d.setDeadlines(o, auth)
	o.Deficiencies = o.FindDeficiencies(len(in.Targets))
	targets, err := d.resolveTargets(ctx, o, in.Targets, 0, nil)
	if err != nil {
		return nil, nil, err
	}
	setRemarks(targets, in.Remarks)
	o.Counts = countTargets(targets)
	return o, targets, nil
}

// setDeadlines fills the deadlines the order does not give from the defaults for
// the authority's country.
func (d *desk) setDeadlines(o *agora.Order, auth *agora.Authority) {
	dl, ok := d.cfg.Deadlines["*"]
	if auth != nil {
		if c, found := d.cfg.Deadlines[auth.Country]; found {
			dl, ok = c, true
		}
	}
	if ok {
		if dl.Acknowledge > 0 {
			o.AckDeadline = o.ReceivedAt.Add(dl.Acknowledge)
		}
		if o.Deadline.IsZero() && dl.Decide > 0 {
			o.Deadline = o.ReceivedAt.Add(dl.Decide)
		}
	}
	if o.Emergency {
		o.ConfirmDeadline = o.ReceivedAt.Add(d.cfg.EmergencyConfirmWithin)
	}
}

// AddTargets resolves more targets for the order, the annex's, with their
// remarks; an order that named none until now no longer lacks the
// identification of items (its deficiencies are recomputed in the same
// transaction). The answer counts only these. Errors: EUNPROCESSABLE for no
// targets, too many or too long ones, ENOTFOUND for an unknown order.
func (d *Intake) AddTargets(ctx context.Context, actor *agora.Account, orderID agora.ID, annex *Annex) (agora.TargetCounts, error) {
	if err := d.staff(actor); err != nil {
		return agora.TargetCounts{}, err
	}
	o, err := d.store.Order(ctx, orderID)
	if err != nil {
		return agora.TargetCounts{}, err
	}
	inputs := annex.Targets
	if o.Counts.Total+len(inputs) > d.cfg.MaxTargets {
		return agora.TargetCounts{}, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: the order would name %d targets; at most %d are allowed.", o.Counts.Total+len(inputs), d.cfg.MaxTargets)
	}
	if len(inputs) == 0 {
		return agora.TargetCounts{}, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: no targets given.")
	}
	for i, t := range inputs {
		if len(t) > maxTargetLen {
			return agora.TargetCounts{}, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: target %d is longer than %d characters.", i+1, maxTargetLen)
		}
	}
	if err := checkRemarks(inputs, annex.Remarks); err != nil {
		return agora.TargetCounts{}, err
	}
	earlier, err := d.store.Targets(ctx, agora.TargetQuery{OrderID: orderID, Limit: d.cfg.MaxTargets})
	if err != nil {
		return agora.TargetCounts{}, err
	}
	targets, err := d.resolveTargets(ctx, o, inputs, o.Counts.Total, earlier)
	if err != nil {
		return agora.TargetCounts{}, err
	}
	setRemarks(targets, annex.Remarks)
	var deficiencies []string // nil: unchanged
	if found := o.FindDeficiencies(o.Counts.Total + len(targets)); !slices.Equal(found, o.Deficiencies) {
		deficiencies = append([]string{}, found...)
	}
	summary := fmt.Sprintf("%d targets added", len(targets))
	if deficiencies != nil {
		summary += fmt.Sprintf("; deficiencies now %q", deficiencies)
	}
	ev := d.event(ctx, actor, "order.targets.add", "order", o.ID, summary)
	if err := d.store.AddTargets(ctx, orderID, targets, deficiencies, []*agora.AuditEvent{ev}); err != nil {
		return agora.TargetCounts{}, err
	}
	return countTargets(targets), nil
}

// Limits on the remarks of one target.
const (
	maxRemarks     = MaxAnnexColumns
	maxRemarkBytes = MaxAnnexField
)

// checkRemarks checks that remarks belong to targets and are within limits.
func checkRemarks(targets []string, remarks [][]agora.Remark) error {
	if len(remarks) > len(targets) {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: %d remarks for %d targets.", len(remarks), len(targets))
	}
	for i, rs := range remarks {
		if len(rs) > maxRemarks {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: target %d has more than %d remarks.", i+1, maxRemarks)
		}
		for _, r := range rs {
			if len(r.Column) > maxRemarkBytes || len(r.Value) > maxRemarkBytes {
				return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: a remark of target %d is longer than %d bytes.", i+1, maxRemarkBytes)
			}
		}
	}
	return nil
}

// Order returns one order.
func (d *Intake) Order(ctx context.Context, actor *agora.Account, id agora.ID) (*agora.Order, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	return d.store.Order(ctx, id)
}

// Orders lists the orders q selects, by deadline.
func (d *Intake) Orders(ctx context.Context, actor *agora.Account, q agora.OrderQuery) ([]*agora.Order, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	q.Now = d.now()
	return d.store.Orders(ctx, q)
}

// Targets lists an order's targets, each with its latest appeal (q.Appeal filters
// by its state), the decisions on its subject in other orders and its conflict
// with them (see agora.Conflict). EINVALID for an unknown appeal state, or a
// q.Text longer than agora.MaxTargetText characters.
func (d *Intake) Targets(ctx context.Context, actor *agora.Account, q agora.TargetQuery) ([]*agora.Target, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(q.Text) > agora.MaxTargetText {
		return nil, agora.Errorf(agora.EINVALID, "Parameter q must be at most %d characters.", agora.MaxTargetText)
	}
	if err := checkFilter(q.Resolution, q.Kind, q.State); err != nil {
		return nil, err
	}
	if _, err := d.store.Order(ctx, q.OrderID); err != nil {
		return nil, err
	}
	switch q.Appeal {
	case "", agora.AppealPending, agora.AppealApproved, agora.AppealRejected:
	default:
		return nil, agora.Errorf(agora.EINVALID, "Parameter appeal must be pending, approved or rejected.")
	}
	targets, err := d.store.Targets(ctx, q)
	if err != nil {
		return nil, err
	}
	if err := d.appealsOf(ctx, targets); err != nil {
		return nil, err
	}
	if err := d.elsewhere(ctx, q.OrderID, targets); err != nil {
		return nil, err
	}
	return targets, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
