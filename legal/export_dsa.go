package legal

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"agora"
	"agora/internal/country"
	"agora/legal/dsa"
)

// DSAQuery selects the decisions the DSA export gives statements for.
type DSAQuery struct {
	Since time.Time // only decisions taken at or after; zero for all
	After agora.ID  // the cursor: only decisions after this one (a DSABatch's Next)
	Limit int       // statements at most; 0, or more than dsa.MaxBatch, is dsa.MaxBatch
}

// DSABatch is one batch of statements of reasons, ready to be posted to the
// Transparency Database (POST /api/v1/statements) as it is, in decision order.
type DSABatch struct {
	Statements []*dsa.Statement
	// Next is the ID of the batch's last decision, the After of the batch
	// that follows; zero when the batch is empty.
	Next agora.ID
}

// dsaActions are the decisions that restrict content, each of which has a
// statement of reasons. A decline, an escalation or a comment restricts
// nothing, and a lift ends a restriction whose statement was given.
var dsaActions = []agora.DecisionAction{agora.ActionWithhold, agora.ActionRemove}

// dsaCountries are the codes whose decisions concern the EU and EEA: theirs,
// and XX (every country).
var dsaCountries = append(slices.Clone(dsa.Territories), agora.AllCountries)

// DSAStatements returns statements of reasons (DSA Art. 17 and 24(5)), one per
// decision to withhold or remove whose countries include an EU or EEA state
// (or every country), oldest first, at most q.Limit, after q.After and taken
// at or after q.Since, and taken at least Config.ExportDelay ago, so that an
// exporter paging by Next passes over no decision committed late. A
// decision's puid is "decision-" and its ID: the same in every export, and
// never another's.
//
// A statement names no person: not the owner, the account, the post, a staff
// member or a note; it names the authority (an organisation), the order's
// number and the statute it cites. While the order is confidential it names
// none of these either, only that a legal demand was made, as the 451 does;
// statements are immutable in the database, so one exported then stays so.
func (d *Exports) DSAStatements(ctx context.Context, actor *agora.Account, q DSAQuery) (*DSABatch, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if q.Limit <= 0 || q.Limit > dsa.MaxBatch {
		q.Limit = dsa.MaxBatch
	}
	now := d.now()
	decisions, err := d.store.FindDecisions(ctx, agora.DecisionQuery{Actions: dsaActions, Countries: dsaCountries,
		AfterID: q.After, Since: q.Since, Until: now.Add(-d.cfg.ExportDelay), Limit: q.Limit})
	if err != nil {
		return nil, err
	}
	b := &DSABatch{Statements: make([]*dsa.Statement, 0, len(decisions))}
	if len(decisions) == 0 {
		return b, nil
	}
	recs, err := d.loadDSARecords(ctx, decisions)
	if err != nil {
		return nil, err
	}
	for _, dec := range decisions {
		st, err := d.statement(recs, dec, now)
		if err != nil {
			return nil, err
		}
		b.Statements = append(b.Statements, st)
	}
	b.Next = decisions[len(decisions)-1].ID
	return b, nil
}

// dsaRecords are what the statements of a batch of decisions are made from.
type dsaRecords struct {
	orders      map[agora.ID]*agora.Order
	authorities map[agora.ID]*agora.Authority // by order; nil when the order names none
	targets     map[agora.ID]*agora.Target
	subjects    *subjects
	tags        map[string]time.Time // when each hashtag was first used
}

// loadDSARecords loads the decisions' orders, authorities, targets, and what
// the targets resolved to, in a few round trips per order.
func (d *desk) loadDSARecords(ctx context.Context, decisions []*agora.Decision) (*dsaRecords, error) {
	r := &dsaRecords{orders: map[agora.ID]*agora.Order{}, authorities: map[agora.ID]*agora.Authority{},
		targets: map[agora.ID]*agora.Target{}}
	byOrder := map[agora.ID][]agora.ID{}
	var orderIDs []agora.ID
	for _, dec := range decisions {
		if _, seen := byOrder[dec.OrderID]; !seen {
			orderIDs = append(orderIDs, dec.OrderID)
		}
		byOrder[dec.OrderID] = append(byOrder[dec.OrderID], dec.TargetID)
	}
	var targets []*agora.Target
	for _, id := range orderIDs {
		o, err := d.store.Order(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("order of decision: %w", err)
		}
		r.orders[id] = o
		if r.authorities[id], err = d.orderAuthority(ctx, o); err != nil {
			return nil, err
		}
		ids := slices.Clone(byOrder[id])
		slices.Sort(ids)
		ids = slices.Compact(ids)
		ts, err := d.store.Targets(ctx, agora.TargetQuery{OrderID: id, IDs: ids, Limit: len(ids)})
		if err != nil {
			return nil, fmt.Errorf("targets of decisions: %w", err)
		}
		for _, t := range ts {
			r.targets[t.ID] = t
		}
		targets = append(targets, ts...)
	}
	var err error
	if r.subjects, err = d.loadSubjects(ctx, targets); err != nil {
		return nil, err
	}
	var tags []string
	for _, t := range targets {
		if t.Kind == agora.SubjectHashtag {
			tags = append(tags, t.Hashtag)
		}
	}
	if r.tags, err = d.store.TagsFirstUsed(ctx, tags); err != nil {
		return nil, err
	}
	return r, nil
}

// The texts of a statement about each kind of item.
var dsaItems = map[agora.SubjectKind]struct {
	item, contentType string // "Access to [item] was disabled"; content_type_other
}{
	agora.SubjectAccount: {"an account (its profile and its posts)", "An account: its profile and its posts"},
	agora.SubjectStatus:  {"a post", ""},
	agora.SubjectHashtag: {"a hashtag (its timeline and its search results)", "A hashtag: its timeline and its search results"},
}

// contentEpoch is the earliest content_date the database takes.
var contentEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// statement is the statement of reasons of one decision.
func (d *desk) statement(r *dsaRecords, dec *agora.Decision, now time.Time) (*dsa.Statement, error) {
	o, t := r.orders[dec.OrderID], r.targets[dec.TargetID]
	if o == nil || t == nil {
		return nil, fmt.Errorf("decision %s: its order or target is missing", dec.ID)
	}
	items, ok := dsaItems[t.Kind]
	if !ok {
		return nil, fmt.Errorf("decision %s: target %s is of no kind", dec.ID, t.ID)
	}
	auth := r.authorities[o.ID]
	sealed := !sealedUntil(o, now).IsZero()
	st := &dsa.Statement{
		TerritorialScope:   territory(dec.Countries),
		ContentDate:        r.contentTime(t, dec).Format(dsa.DateFormat),
		ApplicationDate:    dec.CreatedAt.UTC().Format(dsa.DateFormat),
		SourceType:         dsa.SourceOtherNotification,
		AutomatedDetection: dsa.DetectionNo,
		AutomatedDecision:  dsa.NotAutomated,
		PUID:               "decision-" + dec.ID.String(),
		Category:           dsa.CategoryNotSpecified,
	}
	st.ContentType = []string{dsa.ContentText}
	if items.contentType != "" {
		st.ContentType, st.ContentTypeOther = []string{dsa.ContentOther}, items.contentType
	}
	if !sealed && auth != nil {
		st.SourceIdentity = clipText(auth.Name, dsa.MaxShortText)
	}
	where := "every country"
	if !slices.Contains(dec.Countries, agora.AllCountries) {
		where = country.Names(dec.Countries)
	}
	demand := "a legal demand of an authority; the order is confidential, and its authority, number and legal basis are not disclosed while it is"
	basis := "Not disclosed while the order is confidential"
	if !sealed {
		basis = strings.TrimSpace(o.LegalBasis)
		if basis == "" {
			basis = "Not stated in the order"
		}
		demand = fmt.Sprintf("order %s of %s, received on %s, which cites %s", o.Number, authorityText(auth),
			o.ReceivedAt.UTC().Format(dsa.DateFormat), clipText(basis, 300))
	}
	switch dec.Action {
	case agora.ActionWithhold:
		st.DecisionVisibility = []string{dsa.VisibilityDisabled}
		st.DecisionGround = dsa.GroundIllegal
		st.IllegalContentLegalGround = clipText(basis, dsa.MaxShortText)
		explanation := fmt.Sprintf("A confidential order of an authority states that the content is illegal. The platform reviewed the order and withheld the content in %s.", where)
		if !sealed {
			explanation = fmt.Sprintf("Order %s of %s states that the content is illegal under %s. The platform reviewed the order and withheld the content in %s.",
				o.Number, authorityText(auth), clipText(basis, dsa.MaxShortText), where)
		}
		st.IllegalContentExplanation = clipText(explanation, dsa.MaxExplanation)
		st.DecisionFacts = fmt.Sprintf("Access to %s on %s was disabled in %s in response to %s.", items.item, d.platform(), where, demand)
		if where != "every country" {
			st.DecisionFacts += " The content remains available elsewhere."
		}
		if dec.Reason == agora.ReasonCopyright {
			st.Category, st.CategorySpecification = dsa.CategoryIntellectualProperty, []string{dsa.KeywordCopyright}
		}
	case agora.ActionRemove:
		st.DecisionGround = dsa.GroundIncompatible
		st.IncompatibleContentGround = "The platform's own rules"
		st.IncompatibleContentExplanation = clipText(fmt.Sprintf("Reviewing %s, the platform found that the content breaks its own rules.", demand), dsa.MaxExplanation)
		st.Category = dsa.CategoryTermsViolation
		if t.Kind == agora.SubjectAccount {
			st.DecisionAccount = dsa.AccountSuspended
			st.DecisionFacts = fmt.Sprintf("An account on %s was suspended under the platform's own rules, after a review of %s.", d.platform(), demand)
		} else {
			st.DecisionVisibility = []string{dsa.VisibilityRemoved}
			st.DecisionFacts = fmt.Sprintf("A post on %s was removed under the platform's own rules, after a review of %s.", d.platform(), demand)
		}
	default:
		return nil, fmt.Errorf("decision %s: a %s has no statement of reasons", dec.ID, dec.Action)
	}
	st.DecisionFacts = clipText(st.DecisionFacts, dsa.MaxFacts)
	return st, nil
}

// territory is the part of the countries in the EU and EEA, sorted; all of it
// for XX.
func territory(countries []string) []string {
	if slices.Contains(countries, agora.AllCountries) {
		return slices.Clone(dsa.Territories)
	}
	var out []string
	for _, c := range countries {
		if dsa.InTerritory(c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// contentTime is when the target's item was posted (an account: made; a
// hashtag: first used), from the record or, for one deleted since, its ID;
// never after the decision, nor before 2000 (the database takes no earlier
// date).
func (r *dsaRecords) contentTime(t *agora.Target, dec *agora.Decision) time.Time {
	at := dec.CreatedAt
	switch t.Kind {
	case agora.SubjectStatus:
		at = t.SubjectID.Time()
		if st := r.subjects.statuses[t.SubjectID]; st != nil {
			at = st.CreatedAt
		}
	case agora.SubjectAccount:
		at = t.SubjectID.Time()
		if a := r.subjects.accounts[t.SubjectID]; a != nil {
			at = a.CreatedAt
		}
	case agora.SubjectHashtag:
		if first, ok := r.tags[t.Hashtag]; ok {
			at = first
		}
	}
	switch {
	case at.After(dec.CreatedAt):
		at = dec.CreatedAt
	case at.Before(contentEpoch):
		at = contentEpoch
	}
	return at.UTC()
}

// authorityText names an authority in a statement: "Bundesamt für Justiz
// (ministry, Germany)".
func authorityText(a *agora.Authority) string {
	if a == nil {
		return "an authority the order does not name"
	}
	return fmt.Sprintf("%s (%s, %s)", a.Name, a.Kind, country.Name(a.Country))
}

// clipText shortens s to at most n characters, ending it with "…" when cut.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
