package legal

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"agora"
)

// appealText checks an appeal's or an answer's text: 1 to agora.MaxAppealText
// characters once trimmed. EUNPROCESSABLE otherwise.
func appealText(what, text string) (string, error) {
	text = strings.TrimSpace(text)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return "", agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: %s can't be blank.", what)
	case n > agora.MaxAppealText:
		return "", agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: %s is too long (maximum is %d characters).", what, agora.MaxAppealText)
	}
	return text, nil
}

// Appeal records the owner's appeal, with text, against the account warning: it
// joins the warning's target in the desk's queue, due within the configured
// AppealWithin. It returns the warning with its appeal. ENOTFOUND when the
// warning is not the owner's or was not sent yet; EUNPROCESSABLE for a blank or
// too long text, a warning appealed already, a warning of no order (a
// moderator's account action), or content no longer withheld under the order. Nothing is recorded then.
func (d *Review) Appeal(ctx context.Context, owner *agora.Account, warningID agora.ID, text string) (*agora.AccountWarning, error) {
	if owner == nil {
		return nil, agora.Errorf(agora.EUNAUTHORIZED, "The access token is invalid")
	}
	w, err := d.store.AccountWarning(ctx, warningID)
	if agora.ErrorCode(err) == agora.ENOTFOUND || (err == nil && (w.AccountID != owner.ID || w.NotifiedAt.IsZero())) {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found")
	} else if err != nil {
		return nil, err
	}
	if text, err = appealText("text", text); err != nil {
		return nil, err
	}
	if w.Appeal != nil {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: this warning has been appealed already.")
	}
	if w.OrderID == 0 {
		// A strike of the platform's own moderators (an admin account action):
		// the desk handles appeals of orders only.
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: this warning is from the platform's moderators, not a legal order, and cannot be appealed here.")
	}
	targets, err := d.store.Targets(ctx, agora.TargetQuery{OrderID: w.OrderID, IDs: []agora.ID{w.TargetID}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(targets) == 0 || (targets[0].State != agora.TargetWithheld && targets[0].State != agora.TargetRemoved) {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: nothing under this warning is withheld any more.")
	}
	now := d.clock()
	a := &agora.Appeal{
		ID: d.ids.New(), WarningID: w.ID, AccountID: owner.ID, OrderID: w.OrderID, TargetID: w.TargetID,
		Text: text, State: agora.AppealPending, Deadline: now.Add(d.cfg.AppealWithin), CreatedAt: now,
	}
	ev := d.event(ctx, owner, "appeal.create", "target", w.TargetID, fmt.Sprintf("appeal %s by the owner against warning %s, due %s", a.ID, w.ID, a.Deadline.Format(time.RFC3339)))
	if err := d.store.CreateAppeal(ctx, a, []*agora.AuditEvent{ev}); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: this warning has been appealed already.")
		}
		return nil, err
	}
	w.Appeal = a
	return w, nil
}

// AnswerAppeal answers the pending appeal: granted lifts what is in force on its
// target (the lift decision, which tells the owner of the lift), refused keeps
// it (a comment on the target); either way the answer, with text, goes to the
// owner as a moderation warning and the appeal becomes approved or rejected, in
// one transaction. The owner is never told who answered. ENOTFOUND for no such
// appeal, ECONFLICT when it is answered already, EUNPROCESSABLE for a blank or
// too long text.
func (d *Review) AnswerAppeal(ctx context.Context, actor *agora.Account, id agora.ID, granted bool, text string) (*agora.Appeal, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	a, err := d.store.Appeal(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.State != agora.AppealPending {
		return nil, agora.Errorf(agora.ECONFLICT, "The appeal is answered already.")
	}
	if text, err = appealText("text", text); err != nil {
		return nil, err
	}
	targets, err := d.store.Targets(ctx, agora.TargetQuery{OrderID: a.OrderID, IDs: []agora.ID{a.TargetID}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(targets) == 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found")
	}
	answered := *a
	answered.Answer, answered.AnsweredAt = text, d.clock()
	if actor != nil {
		answered.AnsweredBy = actor.ID
	}
	in := DecisionInput{TargetIDs: []agora.ID{a.TargetID}, Action: agora.ActionComment, Note: "Appeal " + a.ID.String() + " rejected: " + text, appeal: &answered}
	answered.State = agora.AppealRejected
	if granted {
		answered.State = agora.AppealApproved
		in.Note = "Appeal " + a.ID.String() + " granted: " + text
		if t := targets[0]; t.State == agora.TargetWithheld || t.State == agora.TargetRemoved {
			in.Action, in.liftWhy = agora.ActionLift, "your appeal was granted"
		}
	}
	if _, err := d.Decide(ctx, actor, a.OrderID, in, false); err != nil {
		return nil, err
	}
	return &answered, nil
}

// planAppealAnswer adds to b the answer of the appeal a: the appeal written back,
// and the owner's warning with the answer and its notification, sent at once.
func (d *desk) planAppealAnswer(ctx context.Context, b *agora.DecisionBatch, o *agora.Order, a *agora.Appeal) error {
	w, err := d.store.AccountWarning(ctx, a.WarningID)
	if err != nil {
		return fmt.Errorf("warning of appeal: %w", err)
	}
	text := "Your appeal against order " + o.Number + " has been "
	if a.State == agora.AppealApproved {
		text += "granted: " + a.Answer
	} else {
		text += "rejected: " + a.Answer
	}
	if !strings.HasSuffix(text, ".") {
		text += "."
	}
	if a.State == agora.AppealRejected {
		text += " The withholding stays in force."
	}
	now := d.clock()
	answer := &agora.AccountWarning{
		ID: d.ids.New(), AccountID: a.AccountID, Action: "none", Text: text, StatusIDs: w.StatusIDs,
		OrderID: a.OrderID, TargetID: a.TargetID, NotifiedAt: now, CreatedAt: now,
	}
	b.Appeal = a
	b.Warnings = append(b.Warnings, answer)
	b.Notifications = append(b.Notifications, warningNotification(d.ids.New(), answer))
	return nil
}

// appealsOf sets the Appeal of each target to its latest appeal.
func (d *desk) appealsOf(ctx context.Context, targets []*agora.Target) error {
	ids := make([]agora.ID, len(targets))
	byID := make(map[agora.ID]*agora.Target, len(targets))
	for i, t := range targets {
		ids[i], byID[t.ID] = t.ID, t
	}
	appeals, err := d.store.AppealsOfTargets(ctx, ids)
	if err != nil {
		return err
	}
	for _, a := range appeals {
		if t := byID[a.TargetID]; t != nil {
			t.Appeal = a
		}
	}
	return nil
}
