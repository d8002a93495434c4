package service

import (
	"context"
	"strings"
	"time"

	"agora"
	"agora/visibility"
)

// scheduleLease is how long a server holds a due scheduled status it claimed:
// a server that stops before publishing it lets another take it after this.
const scheduleLease = time.Minute

// scheduleBatch is how many due statuses one sweep publishes at most.
const scheduleBatch = 100

// ScheduleStatus checks the status n as PostStatus would and keeps it, with the
// ID of the application that sent it (0 for none), to be published at at, which must be at least agora.MinScheduleAhead from now.
// The account may have agora.MaxScheduledTotal scheduled, and
// agora.MaxScheduledDaily due on one UTC day. Errors: EUNPROCESSABLE for a
// time too soon, over a limit, or invalid fields (the poll's among them: a
// poll is kept, and made when the status is published); ENOTFOUND when the status
// replied to does not exist or may not be seen.
func (s *Posts) ScheduleStatus(ctx context.Context, v *visibility.Snapshot, n NewStatus, at time.Time, appID agora.ID) (*agora.ScheduledStatus, error) {
	author := v.Viewer()
	// A retry with the same Idempotency-Key answers what the first made.
	if sc, err := s.store.ScheduledStatusByKey(ctx, author.ID, n.IdempotencyKey); err == nil {
		return sc, nil
	} else if agora.ErrorCode(err) != agora.ENOTFOUND {
		return nil, err
	}
	now := s.now().UTC().Truncate(timePrecision)
	at = at.UTC().Truncate(timePrecision)
	if err := s.checkScheduleTime(at); err != nil {
		return nil, err
	}
	params, err := s.checkScheduled(ctx, v, n)
	if err != nil {
		return nil, err
	}
	params.ApplicationID = appID
	sc := &agora.ScheduledStatus{ID: s.ids.New(), AccountID: author.ID, ScheduledAt: at, Params: params, CreatedAt: now}
	if err := s.store.CreateScheduledStatus(ctx, sc, agora.DefaultScheduleLimits); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT && n.IdempotencyKey != "" {
			// A concurrent request with the same key won the race: answer with its status.
			if first, err2 := s.store.ScheduledStatusByKey(ctx, author.ID, n.IdempotencyKey); err2 == nil {
				return first, nil
			}
		}
		return nil, err
	}
	return sc, nil
}

// checkScheduleTime checks that at is far enough ahead; the store checks the
// limits (agora.ScheduleLimits) as it writes.
func (s *Posts) checkScheduleTime(at time.Time) error {
	if at.Before(s.now().Add(agora.MinScheduleAhead)) {
		return agora.ScheduleError("Scheduled time must be at least 5 minutes in the future.")
	}
	return nil
}

// checkScheduled checks n as PostStatus checks a status (fields, the poll, the
// status replied to) without storing anything, and returns what is kept of it.
func (s *Posts) checkScheduled(ctx context.Context, v *visibility.Snapshot, n NewStatus) (agora.ScheduledParams, error) {
	vis, err := agora.ParseVisibility(n.Visibility)
	if err != nil {
		return agora.ScheduledParams{}, err
	}
	lang, err := agora.ParseLanguage(n.Language)
	if err != nil {
		return agora.ScheduledParams{}, err
	}
	if len(n.IdempotencyKey) > 200 {
		return agora.ScheduledParams{}, agora.Errorf(agora.EINVALID, "The Idempotency-Key header is too long (at most 200 characters).")
	}
	st := &agora.Status{AccountID: v.Viewer().ID, Text: n.Text, SpoilerText: strings.TrimSpace(n.SpoilerText),
		Sensitive: n.Sensitive, Visibility: vis, Language: lang}
	if n.Poll != nil && len(n.MediaIDs) > 0 {
		return agora.ScheduledParams{}, mediaWithPoll()
	}
	if st.Media, err = s.attachable(ctx, v.Viewer().ID, n.MediaIDs, 0); err != nil {
		return agora.ScheduledParams{}, err
	}
	if err := st.Validate(); err != nil {
		return agora.ScheduledParams{}, err
	}
	var poll *agora.ScheduledPoll
	if n.Poll != nil {
		if err := n.Poll.Validate(); err != nil {
			return agora.ScheduledParams{}, err
		}
		poll = agora.NewScheduledPoll(n.Poll)
	}
	if n.InReplyToID != 0 {
		parent, err := s.store.Status(ctx, n.InReplyToID)
		if err == nil {
			_, err = v.Status(ctx, parent)
		}
		if agora.ErrorCode(err) == agora.ENOTFOUND {
			return agora.ScheduledParams{}, agora.Errorf(agora.ENOTFOUND, "The status replied to (in_reply_to_id) does not exist.")
		} else if err != nil {
			return agora.ScheduledParams{}, err
		}
	}
	return agora.ScheduledParams{Text: n.Text, InReplyToID: n.InReplyToID, Visibility: string(vis),
		SpoilerText: st.SpoilerText, Sensitive: n.Sensitive || st.SpoilerText != "", Language: lang,
		IdempotencyKey: n.IdempotencyKey, Poll: poll, MediaIDs: n.MediaIDs}, nil
}

// ScheduledStatuses lists the viewer's scheduled statuses, newest first.
func (s *Posts) ScheduledStatuses(ctx context.Context, v *visibility.Snapshot, p agora.Page) ([]*agora.ScheduledStatus, error) {
	return s.store.ScheduledStatuses(ctx, v.Viewer().ID, p.Normalize())
}

// ScheduledStatus returns the viewer's scheduled status. ENOTFOUND when there is
// none with the ID (another's included).
func (s *Posts) ScheduledStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.ScheduledStatus, error) {
	return s.store.ScheduledStatus(ctx, v.Viewer().ID, id)
}

// RescheduleStatus moves the viewer's scheduled status to at, checked as
// ScheduleStatus checks it.
func (s *Posts) RescheduleStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID, at time.Time) (*agora.ScheduledStatus, error) {
	viewer := v.Viewer().ID
	at = at.UTC().Truncate(timePrecision)
	if err := s.checkScheduleTime(at); err != nil {
		return nil, err
	}
	if err := s.store.RescheduleStatus(ctx, viewer, id, at, agora.DefaultScheduleLimits); err != nil {
		return nil, err
	}
	return s.store.ScheduledStatus(ctx, viewer, id)
}

// CancelScheduledStatus deletes the viewer's scheduled status: it is not published.
func (s *Posts) CancelScheduledStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	return s.store.DeleteScheduledStatus(ctx, v.Viewer().ID, id)
}

// PublishDue publishes the scheduled statuses due now, each through PostStatus
// as its author (so mentions notify and every rule applies), and deletes each
// once published. A status that can no longer be published (its author
// suspended, the status replied to gone, its fields no longer valid) is
// dropped, as Mastodon drops it; any other failure leaves it to be claimed
// again when the claim lapses. It returns how many it published.
func (s *Posts) PublishDue(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.store.ClaimDueStatuses(ctx, now, now.Add(scheduleLease), scheduleBatch)
	if err != nil {
		return 0, err
	}
	published := 0
	for _, sc := range due {
		err := s.publish(ctx, sc)
		switch agora.ErrorCode(err) {
		case "":
			published++
		case agora.EUNPROCESSABLE, agora.ENOTFOUND, agora.EWITHHELD, agora.EINVALID, agora.EFORBIDDEN:
			s.log.WarnContext(ctx, "scheduled status dropped", "scheduled_status", sc.ID, "err", err)
		default:
			s.log.WarnContext(ctx, "scheduled status not published; tried again later", "scheduled_status", sc.ID, "err", err)
			continue
		}
		if err := s.store.DeleteScheduledStatus(ctx, sc.AccountID, sc.ID); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
			return published, err
		}
	}
	return published, nil
}

// publish posts sc as its author. The idempotency key names the scheduled
// status, so that publishing it again (a server stopped between posting and
// deleting the row) answers the status posted the first time.
func (s *Posts) publish(ctx context.Context, sc *agora.ScheduledStatus) error {
	author, err := s.store.Account(ctx, sc.AccountID)
	if err != nil {
		return err
	}
	if !author.SuspendedAt.IsZero() {
		return agora.Errorf(agora.EFORBIDDEN, "The account is suspended.")
	}
	p := sc.Params
	var poll *agora.NewPoll
	if p.Poll != nil {
		poll = p.Poll.NewPoll() // its duration counts from now, as in Mastodon
	}
	_, err = s.PostStatus(ctx, s.gate.Snapshot(ctx, author), NewStatus{
		Text: p.Text, InReplyToID: p.InReplyToID, Visibility: p.Visibility, SpoilerText: p.SpoilerText,
		Sensitive: p.Sensitive, Language: p.Language, IdempotencyKey: "scheduled:" + sc.ID.String(), Poll: poll,
		MediaIDs: p.MediaIDs,
	})
	return err
}

// RunScheduler publishes due scheduled statuses every interval until ctx is done.
func (s *Posts) RunScheduler(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.PublishDue(ctx); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "scheduled statuses", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
