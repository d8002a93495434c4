package service

import (
	"context"
	"fmt"

	"agora"
	"agora/visibility"
)

// Moderators' actions on accounts, as Mastodon's admin account API has them:
// an action (none, sensitive, disable, silence, suspend) with an optional
// report it resolves and a text to the owner, and the undoing of each. Each is
// written in one transaction with its audit event and, for an action, its
// account warning (a strike, as Mastodon records for every action) and, when
// the owner is to be told, the warning's moderation_warning notification. The
// gate learns suspensions and limits at once (visibility.ChangeAccountLimits).
// None of this touches the legal desk's withholding rules.

// AccountAction is a moderator's action on an account
// (POST /api/v1/admin/accounts/:id/action).
type AccountAction struct {
	Type     string   // none, sensitive, disable, silence, suspend
	ReportID agora.ID // the report it resolves; 0 for none
	Text     string   // to the owner, in the warning
	// Notify tells the owner, with a moderation_warning notification
	// (Mastodon's send_email_notification: agora sends no e-mail).
	Notify bool
}

// AccountUndo is the undoing of one action, named as Mastodon's routes.
type AccountUndo string

// The undoings.
const (
	UndoDisable   AccountUndo = "enable"
	UndoSilence   AccountUndo = "unsilence"
	UndoSuspend   AccountUndo = "unsuspend"
	UndoSensitive AccountUndo = "unsensitive"
)

// warningActions are the AccountWarning actions of the action types, as
// Mastodon's AccountWarning entity names them.
var warningActions = map[agora.AccountActionType]string{
	agora.ActionNone: "none", agora.ActionSensitive: "sensitive", agora.ActionDisable: "disable",
	agora.ActionSilence: "silence", agora.ActionSuspend: "suspend",
}

// ActOnAccount takes the action on the account with the ID. Errors, checked in
// Mastodon's order: EFORBIDDEN for a viewer who may not moderate, ENOTFOUND for
// no such account, EFORBIDDEN when the viewer does not outrank it
// (agora.Account.OutranksForModeration), EUNPROCESSABLE naming the field for an
// unknown type or a too long text, ENOTFOUND when the report does not exist or
// is about another account. Nothing is written on an error.
func (s *Moderation) ActOnAccount(ctx context.Context, v *visibility.Snapshot, id agora.ID, act AccountAction) error {
	mod, target, err := s.moderationTarget(ctx, v, id)
	if err != nil {
		return err
	}
	typ, err := agora.ParseAccountActionType(act.Type)
	if err != nil {
		return err
	}
	if err := agora.ValidateAccountActionText(act.Text); err != nil {
		return err
	}
	if act.ReportID != 0 {
		r, err := s.store.Report(ctx, act.ReportID)
		if agora.ErrorCode(err) == agora.ENOTFOUND || (err == nil && r.TargetAccountID != target.ID) {
			return agora.Errorf(agora.ENOTFOUND, "Report not found: report_id must name a report about this account.")
		} else if err != nil {
			return err
		}
	}
	now := s.now().UTC().Truncate(timePrecision)
	// The store applies the action to the account as it is then: another
	// action, or a legal removal, committed since target was read stays.
	m := &agora.AccountModeration{AccountID: target.ID, Action: typ, At: now}
	if act.ReportID != 0 {
		m.ResolveReportID, m.ResolvedByID, m.ResolvedAt = act.ReportID, mod.ID, now
	}
	w := &agora.AccountWarning{ID: s.ids.New(), AccountID: target.ID, Action: warningActions[typ], Text: act.Text, CreatedAt: now}
	if act.Notify {
		w.NotifiedAt = now
		nid := s.ids.New()
		// As the legal desk's warnings: from the owner's own account, so that
		// no moderator is named to the owner.
		m.Notifications = []*agora.Notification{{ID: nid, AccountID: target.ID, Type: agora.NotifyModerationWarning,
			FromAccountID: target.ID, WarningID: w.ID, CreatedAt: nid.Time()}}
	} else {
		// Not to be sent: a warning the owner is not told of is recorded as
		// handled, so that the release of held warnings never sends it.
		w.NotifiedAt, w.NotifyAfter = now, now
	}
	m.Warning = w
	summary := fmt.Sprintf("%s on @%s by @%s", typ, target.Username, mod.Username)
	if act.ReportID != 0 {
		summary += ", resolving report " + act.ReportID.String()
	}
	if act.Text != "" {
		summary += ": " + act.Text
	}
	m.Events = []*agora.AuditEvent{s.auditEvent(ctx, mod, "account."+string(typ), "account", target.ID, summary)}
	return s.moderate(ctx, m)
}

// UndoOnAccount undoes an action on the account with the ID, audited, and
// returns the account as it is now. Undoing what is not in force changes
// nothing and is not an error, but for unsuspend: EFORBIDDEN for an account
// that is not suspended, as Mastodon, whose data was deleted, or which only the
// legal desk's removal suspends (the desk lifts that; when both suspend it,
// unsuspend lifts the moderators' and the removal's suspension stays). Other
// errors as ActOnAccount.
func (s *Moderation) UndoOnAccount(ctx context.Context, v *visibility.Snapshot, id agora.ID, undo AccountUndo) (*agora.Account, visibility.Marks, error) {
	mod, target, err := s.moderationTarget(ctx, v, id)
	if err != nil {
		return nil, visibility.Marks{}, err
	}
	actions := map[AccountUndo]agora.AccountActionType{UndoSuspend: agora.ActionSuspend, UndoSilence: agora.ActionSilence,
		UndoSensitive: agora.ActionSensitive, UndoDisable: agora.ActionDisable}
	typ, ok := actions[undo]
	if !ok {
		return nil, visibility.Marks{}, agora.Errorf(agora.EINVALID, "Unknown account action.")
	}
	if undo == UndoSuspend {
		switch {
		case !target.Suspended():
			return nil, visibility.Marks{}, agora.Errorf(agora.EFORBIDDEN, "This account is not suspended.")
		case !target.DeletedAt.IsZero():
			return nil, visibility.Marks{}, agora.Errorf(agora.EFORBIDDEN, "This account's data has been deleted: it cannot be unsuspended.")
		case !target.SuspendedByModerators:
			return nil, visibility.Marks{}, agora.Errorf(agora.EFORBIDDEN, "This account was removed by the legal desk under an order: only the desk can lift that.")
		}
	}
	// The store undoes the action on the account as it is then, and keeps a
	// legal removal's suspension; the event is written only when the undoing
	// changed something.
	m := &agora.AccountModeration{AccountID: target.ID, Action: typ, Undo: true,
		Events: []*agora.AuditEvent{s.auditEvent(ctx, mod, "account."+string(undo), "account", target.ID,
			fmt.Sprintf("%s on @%s by @%s", undo, target.Username, mod.Username))}}
	if err := s.moderate(ctx, m); agora.ErrorCode(err) == agora.ECONFLICT {
		return nil, visibility.Marks{}, agora.Errorf(agora.EFORBIDDEN, "This account's data has been deleted: it cannot be unsuspended.")
	} else if err != nil {
		return nil, visibility.Marks{}, err
	}
	return s.account(ctx, v.Moderating(), id)
}

// RefuseApproval answers approve and reject: agora has no approval queue,
// every account is approved, so, as Mastodon answers for an account that is
// not pending, EFORBIDDEN. Errors first as ActOnAccount.
func (s *Moderation) RefuseApproval(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	if _, _, err := s.moderationTarget(ctx, v, id); err != nil {
		return err
	}
	return agora.Errorf(agora.EFORBIDDEN, "This account is not pending approval: this server approves every sign-up.")
}

// moderationTarget checks that the viewer may moderate and outranks the
// account with the ID, read past account limits (a suspended account is found)
// but through the withholding rules.
func (s *Moderation) moderationTarget(ctx context.Context, v *visibility.Snapshot, id agora.ID) (mod, target *agora.Account, err error) {
	if mod, err = requireModerator(v); err != nil {
		return nil, nil, err
	}
	if target, _, err = s.account(ctx, v.Moderating(), id); err != nil {
		return nil, nil, err
	}
	if !mod.OutranksForModeration(target) {
		return nil, nil, agora.Errorf(agora.EFORBIDDEN, "This action is not allowed: moderators act only on accounts whose role ranks below their own.")
	}
	return mod, target, nil
}

// moderate writes m, the gate learning the account's limits at once: a limit
// m's action sets applies from before the write, and the gate reads the limits
// back after it.
func (s *core) moderate(ctx context.Context, m *agora.AccountModeration) error {
	lim := agora.AccountLimit{AccountID: m.AccountID, Suspended: !m.Undo && m.Action == agora.ActionSuspend,
		Silenced: !m.Undo && m.Action == agora.ActionSilence}
	return s.gate.ChangeAccountLimits(ctx, lim, func() error { return s.store.ModerateAccount(ctx, m) })
}

// DeleteAccount deletes the data of the suspended account with the ID
// (DELETE /api/v1/admin/accounts/:id), audited, and returns the account as it
// is now: its statuses (and others' boosts of them) and its profile are gone,
// it stays suspended for good, and its username is never taken again. Only
// admins may (Mastodon's Delete User Data permission). Errors: as
// ActOnAccount, and EFORBIDDEN for a moderator, or for an account that is not
// suspended or whose data is deleted already.
func (s *Moderation) DeleteAccount(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, visibility.Marks, error) {
	mod, target, err := s.moderationTarget(ctx, v, id)
	if err != nil {
		return nil, visibility.Marks{}, err
	}
	switch {
	case mod.Role != agora.RoleAdmin:
		return nil, visibility.Marks{}, agora.Errorf(agora.EFORBIDDEN, "This action is not allowed: only admins may delete an account's data.")
	case !target.SuspendedByModerators:
		return nil, visibility.Marks{}, agora.Errorf(agora.EFORBIDDEN, "This account is not suspended: suspend it before deleting its data.")
	case !target.DeletedAt.IsZero():
		return nil, visibility.Marks{}, agora.Errorf(agora.EFORBIDDEN, "This account's data has been deleted already.")
	}
	now := s.now().UTC().Truncate(timePrecision)
	ev := s.auditEvent(ctx, mod, "account.delete", "account", target.ID,
		fmt.Sprintf("data of @%s deleted by @%s (%d statuses)", target.Username, mod.Username, target.StatusesCount))
	// Feeds are left as they are, as after the legal desk's removals: an
	// entry naming a status that no longer exists is skipped when read.
	_, keys, err := s.store.DeleteAccountData(ctx, target.ID, now, []*agora.AuditEvent{ev})
	if agora.ErrorCode(err) == agora.ECONFLICT {
		return nil, visibility.Marks{}, agora.Errorf(agora.EFORBIDDEN, "This account is not suspended, or its data has been deleted already.")
	} else if err != nil {
		return nil, visibility.Marks{}, err
	}
	s.removeFiles(ctx, keys...)
	return s.account(ctx, v.Moderating(), id)
}
