package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/service"
)

// moderationHandlers serve reports and the moderators' queue (Mastodon's
// admin API for reports).
type moderationHandlers struct{ *API }

// fileReport is POST /api/v1/reports: the viewer reports an account and,
// optionally, some of its statuses, to the moderators.
func (a moderationHandlers) fileReport(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var n service.NewReport
	if n.AccountID, err = p.ID("account_id"); err != nil {
		return err
	}
	if n.AccountID == 0 {
		return &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: Account can't be blank.",
			Details: map[string][]string{"account_id": {"ERR_BLANK", "Account can't be blank."}}}
	}
	if n.StatusIDs, err = paramIDs(p, "status_ids"); err != nil {
		return err
	}
	if n.RuleIDs, err = paramIDs(p, "rule_ids"); err != nil {
		return err
	}
	if n.Comment, err = p.String("comment"); err != nil {
		return err
	}
	if n.Category, err = p.String("category"); err != nil {
		return err
	}
	if n.Forward, err = p.Bool("forward"); err != nil {
		return err
	}
	rv, err := a.reports.FileReport(r.Context(), snap(r), n)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.report(rv))
}

// paramIDs reads a list parameter of IDs (key[]); EINVALID for a value that is
// not an ID.
func paramIDs(p *httpx.Params, key string) ([]agora.ID, error) {
	list, err := p.Strings(key)
	if err != nil {
		return nil, err
	}
	out := make([]agora.ID, 0, len(list))
	for _, s := range list {
		id, err := agora.ParseID(s)
		if err != nil {
			return nil, agora.Errorf(agora.EINVALID, "Parameter %s[] must hold IDs.", key)
		}
		out = append(out, id)
	}
	return out, nil
}

// report is the reporter's view of a report.
func (c converter) report(rv *service.ReportView) *Report {
	r, b := rv.Report, rv.Bundle
	e := &Report{
		ID: r.ID.String(), ActionTaken: r.Resolved(), Category: string(r.Category), Comment: r.Comment,
		Forwarded: false, CreatedAt: formatTime(r.CreatedAt), StatusIDs: idStrings(r.StatusIDs), RuleIDs: idStrings(r.RuleIDs),
		TargetAccount: c.account(b.Account(r.TargetAccountID), b.Marks),
	}
	if r.Resolved() {
		t := formatTime(r.ActionTakenAt)
		e.ActionTakenAt = &t
	}
	return e
}

// idStrings is ids as strings, [] for none.
func idStrings(ids []agora.ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}
