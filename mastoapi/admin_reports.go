package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// adminReports is GET /api/v1/admin/reports: the moderators' queue, filtered
// by resolved, account_id and target_account_id, paged.
func (a moderationHandlers) adminReports(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var q agora.ReportQuery
	if q.Page, err = p.Page(agora.DefaultAccountPageLimit, 200); err != nil {
		return err
	}
	resolved, given, err := p.OptionalBool("resolved")
	if err != nil {
		return err
	}
	if given {
		q.Resolved = &resolved
	}
	if q.AccountID, err = p.ID("account_id"); err != nil {
		return err
	}
	if q.TargetAccountID, err = p.ID("target_account_id"); err != nil {
		return err
	}
	list, span, err := a.reports.Reports(r.Context(), snap(r), q)
	if err != nil {
		return err
	}
	setLink(w, r, a.conv.base, span.Newest, span.Oldest)
	out := make([]*AdminReport, len(list))
	for i, rv := range list {
		out[i] = a.conv.adminReport(rv)
	}
	return writeJSON(w, out)
}

// adminReport is GET /api/v1/admin/reports/{id}.
func (a moderationHandlers) adminReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rv, err := a.reports.Report(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.adminReport(rv))
}

// updateReport is PUT /api/v1/admin/reports/{id}: category and rule_ids[].
func (a moderationHandlers) updateReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var u service.ReportUpdate
	if p.Has("category") {
		c, err := p.String("category")
		if err != nil {
			return err
		}
		u.Category = &c
	}
	if p.Has("rule_ids") || p.Has("rule_ids[]") {
		if u.RuleIDs, err = paramIDs(p, "rule_ids"); err != nil {
			return err
		}
	}
	rv, err := a.reports.UpdateReport(r.Context(), snap(r), id, u)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.adminReport(rv))
}

// reportAction serves POST /api/v1/admin/reports/{id}/{act}: assign_to_self,
// unassign, resolve, reopen.
func (a moderationHandlers) reportAction(act service.ReportAction) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		rv, err := a.reports.ActOnReport(r.Context(), snap(r), id, act)
		if err != nil {
			return err
		}
		return writeJSON(w, a.conv.adminReport(rv))
	}
}

// adminReport is a report as moderators see it: the statuses attached that
// passed the moderator's snapshot, in the order attached.
func (c converter) adminReport(rv *service.ReportView) *AdminReport {
	r, b := rv.Report, rv.Bundle
	e := &AdminReport{
		ID: r.ID.String(), ActionTaken: r.Resolved(), Category: string(r.Category), Comment: r.Comment,
		CreatedAt: formatTime(r.CreatedAt), UpdatedAt: formatTime(r.UpdatedAt),
		Account: c.adminAccount(b, r.AccountID), TargetAccount: c.adminAccount(b, r.TargetAccountID),
		AssignedAccount: c.adminAccount(b, r.AssignedAccountID), ActionTakenByAccount: c.adminAccount(b, r.ActionTakenByID),
		Statuses: []*Status{}, Rules: []struct{}{},
	}
	if r.Resolved() {
		t := formatTime(r.ActionTakenAt)
		e.ActionTakenAt = &t
	}
	byID := make(map[agora.ID]*agora.Status, len(b.Statuses))
	for _, st := range b.Statuses {
		byID[st.ID] = st
	}
	for _, id := range r.StatusIDs {
		if st := byID[id]; st != nil {
			e.Statuses = append(e.Statuses, c.status(b, st))
		}
	}
	return e
}

// adminAccount is the account with the ID from b as moderators see it; nil
// for 0 or an account b does not hold.
func (c converter) adminAccount(b *service.Bundle, id agora.ID) *AdminAccount {
	a := b.Account(id)
	if a == nil {
		return nil
	}
	return c.adminAccountOf(a, b.Marks)
}

// adminAccountOf is a as moderators see it, marked as m says.
func (c converter) adminAccountOf(a *agora.Account, m visibility.Marks) *AdminAccount {
	return &AdminAccount{
		ID: a.ID.String(), Username: a.Username, CreatedAt: formatTime(a.CreatedAt), Email: a.Email,
		IPs: []AdminIP{}, Locale: "en", Role: role(a.Role), Confirmed: true, Approved: true,
		Suspended: a.Suspended(), Silenced: a.Silenced(), Sensitized: a.Sensitized(), Disabled: a.Disabled(),
		Account: c.account(a, m),
	}
}

// role is the Role entity of an agora role, with the IDs the viewer's own
// account shows (roleID). Permission bits follow Mastodon's: moderators may
// manage reports and users and read the audit log; admins hold the
// administrator bit, which grants everything.
func role(r agora.Role) Role {
	e := Role{ID: roleID(r), Name: string(r), Permissions: "0"}
	switch r {
	case agora.RoleModerator:
		e.Permissions, e.Highlighted = "1044", true
	case agora.RoleAdmin:
		e.Permissions, e.Highlighted = "1", true
	case agora.RoleUser:
		e.Name = ""
	}
	return e
}
