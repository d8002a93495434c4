package service

import (
	"context"
	"fmt"
	"time"

	"agora"
	"agora/visibility"
)

// The moderators' queue: the reports, read and worked by accounts with the
// moderator or admin role. Every change is audited. What a report refers to is
// read through the moderator's snapshot, as every surface reads: a report
// whose reporter or target is withheld from the moderator is left out of lists
// and answers EWITHHELD fetched directly (legal staff, among them admins, see
// it, marked). Account limits do not hide from moderators what a report
// refers to (visibility.Snapshot.Moderating): a suspended account's reports
// and statuses stay in the queue.

// ReportUpdate is a moderator's change to a report's classification; nil
// fields are left alone.
type ReportUpdate struct {
	Category *string
	RuleIDs  []agora.ID // nil: unchanged
}

// ReportAction is what a moderator does to a report besides classifying it.
type ReportAction string

// Report actions, named as Mastodon's admin API routes.
const (
	ReportAssign   ReportAction = "assign_to_self"
	ReportUnassign ReportAction = "unassign"
	ReportResolve  ReportAction = "resolve"
	ReportReopen   ReportAction = "reopen"
)

// requireModerator refuses viewers who may not moderate: EFORBIDDEN.
func requireModerator(v *visibility.Snapshot) (*agora.Account, error) {
	a := v.Viewer()
	if a == nil || !a.IsModerator() {
		return nil, agora.Errorf(agora.EFORBIDDEN, "This action is not allowed")
	}
	return a, nil
}

// Reports lists the reports q selects for a moderator, newest first, leaving
// out those whose reporter or target is withheld from the moderator.
// EFORBIDDEN for viewers who may not moderate.
func (s *Moderation) Reports(ctx context.Context, v *visibility.Snapshot, q agora.ReportQuery) ([]*ReportView, Span, error) {
	if _, err := requireModerator(v); err != nil {
		return nil, Span{}, err
	}
	v = v.Moderating()
	q.Page = q.Page.Normalize()
	list, err := s.store.Reports(ctx, q)
	if err != nil {
		return nil, Span{}, err
	}
	cursors := make([]agora.ID, len(list))
	for i, r := range list {
		cursors[i] = r.ID
	}
	out, err := s.presentReports(ctx, v, list)
	return out, spanOf(cursors), err
}

// Report returns one report for a moderator. EFORBIDDEN for viewers who may
// not moderate, ENOTFOUND, EWITHHELD when its reporter or target is withheld
// from the moderator.
func (s *Moderation) Report(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*ReportView, error) {
	if _, err := requireModerator(v); err != nil {
		return nil, err
	}
	v = v.Moderating()
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.presentReport(ctx, v, r)
}

// UpdateReport changes a report's category and rules, audited. A report
// citing rules is a violation, as Mastodon has it. Errors as Report, and
// EUNPROCESSABLE naming the field for bad input.
func (s *Moderation) UpdateReport(ctx context.Context, v *visibility.Snapshot, id agora.ID, u ReportUpdate) (*ReportView, error) {
	mod, err := requireModerator(v)
	if err != nil {
		return nil, err
	}
	v = v.Moderating()
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.presentReport(ctx, v, r); err != nil {
		return nil, err
	}
	if u.Category != nil {
		if r.Category, err = agora.ParseReportCategory(*u.Category); err != nil {
			return nil, err
		}
	}
	if u.RuleIDs != nil {
		if r.RuleIDs = dedupe(u.RuleIDs); len(r.RuleIDs) > 0 {
			return nil, reportField("rule_ids", "ERR_INVALID", "This server has no rules with these IDs; see /api/v1/instance/rules.")
		}
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	r.UpdatedAt = s.now().UTC().Truncate(timePrecision)
	ev := s.auditEvent(ctx, mod, "report.update", "report", r.ID, fmt.Sprintf("category %s, %d rules", r.Category, len(r.RuleIDs)))
	if err := s.store.UpdateReport(ctx, r, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return s.presentReport(ctx, v, r)
}

// ActOnReport assigns the report to the moderator or unassigns it, or
// resolves or reopens it, audited. Doing what is done already changes nothing
// and is not an error, as in Mastodon. Errors as Report.
func (s *Moderation) ActOnReport(ctx context.Context, v *visibility.Snapshot, id agora.ID, act ReportAction) (*ReportView, error) {
	mod, err := requireModerator(v)
	if err != nil {
		return nil, err
	}
	v = v.Moderating()
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.presentReport(ctx, v, r); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(timePrecision)
	before := *r
	switch act {
	case ReportAssign:
		r.AssignedAccountID = mod.ID
	case ReportUnassign:
		r.AssignedAccountID = 0
	case ReportResolve:
		if !r.Resolved() {
			r.ActionTakenAt, r.ActionTakenByID = now, mod.ID
		}
	case ReportReopen:
		r.ActionTakenAt, r.ActionTakenByID = time0, 0
	default:
		return nil, agora.Errorf(agora.EINVALID, "Unknown report action.")
	}
	if r.AssignedAccountID == before.AssignedAccountID && r.ActionTakenAt.Equal(before.ActionTakenAt) {
		return s.presentReport(ctx, v, r)
	}
	r.UpdatedAt = now
	ev := s.auditEvent(ctx, mod, "report."+string(act), "report", r.ID, "report "+string(act)+" by @"+mod.Username)
	if err := s.store.UpdateReport(ctx, r, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return s.presentReport(ctx, v, r)
}

// presentReport presents one report fetched directly: EWITHHELD when its
// reporter or target is withheld from the viewer.
func (s *core) presentReport(ctx context.Context, v *visibility.Snapshot, r *agora.Report) (*ReportView, error) {
	b, err := s.presentIDs(ctx, v, r.StatusIDs, visibility.Direct)
	if err != nil {
		return nil, err
	}
	if err := s.addAccounts(ctx, b, reportAccounts(r)); err != nil {
		return nil, err
	}
	for _, id := range []agora.ID{r.TargetAccountID, r.AccountID} {
		a := b.Accounts[id]
		if a == nil {
			return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
		}
		m, err := v.Account(a)
		if err != nil {
			return nil, err
		}
		b.Marks.Merge(m)
	}
	return &ReportView{Report: r, Bundle: b}, nil
}

// presentReports presents a list of reports, leaving out those whose reporter
// or target is withheld from the viewer, in a fixed number of round trips.
func (s *core) presentReports(ctx context.Context, v *visibility.Snapshot, list []*agora.Report) ([]*ReportView, error) {
	var statusIDs, accountIDs []agora.ID
	for _, r := range list {
		statusIDs = append(statusIDs, r.StatusIDs...)
		accountIDs = append(accountIDs, reportAccounts(r)...)
	}
	b, err := s.presentIDs(ctx, v, statusIDs, visibility.Direct)
	if err != nil {
		return nil, err
	}
	if err := s.addAccounts(ctx, b, accountIDs); err != nil {
		return nil, err
	}
	named := make([]*agora.Account, 0, len(b.Accounts))
	for _, a := range b.Accounts {
		named = append(named, a)
	}
	visible, marks, err := v.Accounts(ctx, named, visibility.Direct)
	if err != nil {
		return nil, err
	}
	b.Marks.Merge(marks)
	shown := make(map[agora.ID]bool, len(visible))
	for _, a := range visible {
		shown[a.ID] = true
	}
	out := make([]*ReportView, 0, len(list))
	for _, r := range list {
		if shown[r.AccountID] && shown[r.TargetAccountID] {
			out = append(out, &ReportView{Report: r, Bundle: b})
		}
	}
	return out, nil
}

// reportAccounts are the accounts a report names.
func reportAccounts(r *agora.Report) []agora.ID {
	return []agora.ID{r.AccountID, r.TargetAccountID, r.AssignedAccountID, r.ActionTakenByID}
}

// time0 is the zero time: not resolved.
var time0 time.Time

// notifiedReport presents the report of an admin.report notification; ok is
// false when the notification is not to be shown: the viewer may no longer
// moderate, or the report's reporter or target is withheld from the viewer.
func (s *core) notifiedReport(ctx context.Context, v *visibility.Snapshot, id agora.ID) (rv *ReportView, ok bool, err error) {
	if _, err := requireModerator(v); err != nil {
		return nil, false, nil
	}
	r, err := s.store.Report(ctx, id)
	if err == nil {
		rv, err = s.presentReport(ctx, v, r)
	}
	switch code := agora.ErrorCode(err); {
	case err == nil:
		return rv, true, nil
	case code == agora.ENOTFOUND || code == agora.EWITHHELD:
		return nil, false, nil
	}
	return nil, false, err
}
