package mastoapi

import (
	"net/http"

	"agora/internal/httpx"
	"agora/service"
)

// accountAction is POST /api/v1/admin/accounts/{id}/action: type (none,
// sensitive, disable, silence, suspend), report_id, warning_preset_id
// (accepted and ignored: agora has no warning presets), text,
// send_email_notification (agora sends no e-mail: it decides whether the owner
// gets a moderation_warning notification). It answers {}, as Mastodon.
func (a moderationHandlers) accountAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var act service.AccountAction
	if act.Type, err = p.String("type"); err != nil {
		return err
	}
	if act.Text, err = p.String("text"); err != nil {
		return err
	}
	if p.Has("report_id") {
		if act.ReportID, err = p.ID("report_id"); err != nil {
			return err
		}
	}
	if _, err = p.String("warning_preset_id"); err != nil {
		return err
	}
	if act.Notify, err = p.Bool("send_email_notification"); err != nil {
		return err
	}
	if err := a.reports.ActOnAccount(r.Context(), snap(r), id, act); err != nil {
		return err
	}
	return writeJSON(w, struct{}{})
}

// accountUndo serves POST /api/v1/admin/accounts/{id}/{undo}: enable,
// unsilence, unsuspend, unsensitive; it answers the Admin::Account.
func (a moderationHandlers) accountUndo(undo service.AccountUndo) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		acc, marks, err := a.reports.UndoOnAccount(r.Context(), snap(r), id, undo)
		if err != nil {
			return err
		}
		return writeJSON(w, a.conv.adminAccountOf(acc, marks))
	}
}

// accountApproval serves POST /api/v1/admin/accounts/{id}/approve and
// /reject: agora approves every sign-up, so no account is pending and both
// answer 403, as Mastodon answers for an account that is not pending.
func (a moderationHandlers) accountApproval(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return a.reports.RefuseApproval(r.Context(), snap(r), id)
}

// deleteAccount is DELETE /api/v1/admin/accounts/{id}: an admin deletes the
// data of a suspended account; it answers the Admin::Account.
func (a moderationHandlers) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	acc, marks, err := a.reports.DeleteAccount(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.adminAccountOf(acc, marks))
}
