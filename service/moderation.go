package service

import (
	"context"
	"fmt"

	"agora"
	"agora/visibility"
)

// This file is the platform's own moderation: people report accounts and
// statuses, and moderators work the queue. It is kept apart from the legal
// desk, which handles authorities' orders: a report never creates a
// withholding rule.

// maxModeratorsNotified bounds the admin.report notifications of one report.
const maxModeratorsNotified = 200

// NewReport is what a person reports: an account and, optionally, some of its
// statuses, with why.
type NewReport struct {
	AccountID agora.ID
	StatusIDs []agora.ID
	RuleIDs   []agora.ID
	Comment   string
	Category  string // "" for other, or violation when rules are cited
	Forward   bool
}

// ReportView is a report with what it refers to, read through the viewer's
// snapshot: the attached statuses the viewer may see (in Bundle.Statuses) and
// the accounts it names (reporter, target, assignee, the moderator who
// resolved it) in Bundle.Accounts, with their marks.
type ReportView struct {
	Report *agora.Report
	Bundle *Bundle
}

// FileReport records the viewer's report and tells the moderators (an
// admin.report notification each), in one transaction with its audit event.
// The reported account and statuses are read through the gate: a withheld
// account answers EWITHHELD; statuses must be the reported account's and ones
// the viewer may see. Errors: ENOTFOUND for an unknown account,
// EUNPROCESSABLE naming the field for bad input.
func (s *Moderation) FileReport(ctx context.Context, v *visibility.Snapshot, n NewReport) (*ReportView, error) {
	viewer := v.Viewer()
	target, _, err := s.account(ctx, v, n.AccountID)
	if err != nil {
		return nil, err
	}
	if target.ID == viewer.ID {
		return nil, reportField("account_id", "ERR_INVALID", "You cannot report yourself.")
	}
	r := &agora.Report{
		ID: s.ids.New(), AccountID: viewer.ID, TargetAccountID: target.ID, StatusIDs: dedupe(n.StatusIDs),
		RuleIDs: dedupe(n.RuleIDs), Comment: n.Comment, Category: agora.ReportCategory(n.Category), Forward: n.Forward,
	}
	if r.Category == "" {
		r.Category = agora.ReportOther
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if len(r.RuleIDs) > 0 {
		// The instance has no rules (GET /api/v1/instance/rules is empty), so
		// any cited is unknown; Mastodon makes a report citing rules a violation.
		return nil, reportField("rule_ids", "ERR_INVALID", "This server has no rules with these IDs; see /api/v1/instance/rules.")
	}
	statuses, err := s.reportedStatuses(ctx, v, target.ID, r.StatusIDs)
	if err != nil {
		return nil, err
	}
	r.CreatedAt = s.now().UTC().Truncate(timePrecision)
	r.UpdatedAt = r.CreatedAt
	mods, err := s.store.ModeratorIDs(ctx, maxModeratorsNotified)
	if err != nil {
		return nil, err
	}
	var ns []*agora.Notification
	for _, m := range mods {
		if m == viewer.ID || m == target.ID {
			continue
		}
		id := s.ids.New()
		ns = append(ns, &agora.Notification{ID: id, AccountID: m, Type: agora.NotifyAdminReport,
			FromAccountID: viewer.ID, ReportID: r.ID, CreatedAt: id.Time()})
	}
	ev := s.auditEvent(ctx, viewer, "report.create", "report", r.ID,
		fmt.Sprintf("@%s reported @%s (%s, %d statuses)", viewer.Username, target.Username, r.Category, len(r.StatusIDs)))
	if err := s.store.CreateReport(ctx, r, ns, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	b := statuses
	if err := s.addAccounts(ctx, b, []agora.ID{viewer.ID, target.ID}); err != nil {
		return nil, err
	}
	return &ReportView{Report: r, Bundle: b}, nil
}

// reportedStatuses checks that the statuses are the target's and that the
// viewer may see them (through the gate, as a status fetched directly), and
// presents them. EUNPROCESSABLE naming status_ids otherwise, alike for a
// status that does not exist, is someone else's, or is hidden from the viewer.
func (s *core) reportedStatuses(ctx context.Context, v *visibility.Snapshot, target agora.ID, ids []agora.ID) (*Bundle, error) {
	b, err := s.presentIDs(ctx, v, ids, visibility.Direct)
	if err != nil {
		return nil, err
	}
	ok := 0
	for _, st := range b.Statuses {
		if st.AccountID == target {
			ok++
		}
	}
	if ok != len(ids) {
		return nil, reportField("status_ids", "ERR_INVALID", "Each status must be one of the reported account's that you can see.")
	}
	return b, nil
}

// reportField is an EUNPROCESSABLE error about one field of a report, in the
// shape of Mastodon's validation errors.
func reportField(field, code, msg string) error {
	return &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: " + msg,
		Details: map[string][]string{field: {code, msg}}}
}

// dedupe returns ids without repeats, in order; nil for none.
func dedupe(ids []agora.ID) []agora.ID {
	var out []agora.ID
	seen := map[agora.ID]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
