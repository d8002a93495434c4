package service

import (
	"context"
	"slices"
	"time"

	"agora"
	"agora/visibility"
)

// addPolls loads the polls of the bundle's statuses (and originals) that have
// one, and the viewer's votes in them: no round trip when none has a poll.
func (s *core) addPolls(ctx context.Context, b *Bundle) error {
	var ids []agora.ID
	for _, st := range b.Statuses {
		if st.HasPoll {
			ids = append(ids, st.ID)
		}
		if o := b.Original(st); o != nil && o.HasPoll {
			ids = append(ids, o.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	polls, err := s.store.Polls(ctx, ids)
	if err != nil {
		return err
	}
	b.Polls, b.PollsAt = polls, s.now()
	if b.Viewer != nil {
		if b.OwnVotes, err = s.store.PollVotes(ctx, b.Viewer.ID, ids); err != nil {
			return err
		}
	}
	return nil
}

// Now is the service's clock, for surfaces that show whether a poll has ended.
func (s *core) Now() time.Time { return s.now() }

// newPoll makes the poll of a status from what the client asked for, ending
// ExpiresIn after now.
func (s *core) newPoll(n *agora.NewPoll) (*agora.Poll, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return &agora.Poll{Options: n.Trimmed(), Multiple: n.Multiple, HideTotals: n.HideTotals,
		ExpiresAt: s.now().Add(n.ExpiresIn).Truncate(timePrecision)}, nil
}

// Poll returns the status with the poll with the ID (a poll's ID is its status's)
// when the viewer may see the status, with the poll in the bundle. Errors as
// Status gives them (ENOTFOUND, EWITHHELD), and ENOTFOUND when the status has no
// poll.
func (s *Posts) Poll(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	b, err := s.Status(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if len(b.Statuses) == 0 || b.Polls[id] == nil {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return b, nil
}

// Vote casts the viewer's ballot in the poll with the ID and returns it as Poll
// does. The choices are indexes of options; one unless the poll allows several.
// Errors: those of Poll; EUNPROCESSABLE when the poll has ended, the viewer made
// it, has voted in it already, or a choice is not one of its options.
func (s *Posts) Vote(ctx context.Context, v *visibility.Snapshot, id agora.ID, choices []int) (*Bundle, error) {
	viewer := v.Viewer()
	b, err := s.Poll(ctx, v, id)
	if err != nil {
		return nil, err
	}
	p := b.Polls[id]
	switch {
	case p.Expired(s.now()):
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: The poll has already ended.")
	case p.AccountID == viewer.ID:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You cannot vote in your own poll.")
	case len(b.OwnVotes[id]) > 0:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You have already voted on this poll.")
	case len(choices) == 0:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: Choose at least one option (choices[]).")
	case len(choices) > 1 && !p.Multiple:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: This poll allows one choice only.")
	}
	for _, c := range choices {
		if c < 0 || c >= len(p.Options) {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: Choice %d is not an option of this poll (0 to %d).", c, len(p.Options)-1)
		}
	}
	choices = slices.Compact(slices.Sorted(slices.Values(choices)))
	if err := s.store.Vote(ctx, id, viewer.ID, choices, s.now()); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: You have already voted on this poll.")
		}
		return nil, err
	}
	return s.Poll(ctx, v, id)
}

// pollSweepBatch bounds the polls one sweep ends.
const pollSweepBatch = 100

// EndPolls announces the end of every poll expired at now and not yet
// announced: its author and each voter get a poll notification (voters as
// newNotifications filters them: not for blocks or muted notifications), made in the
// transaction that marks the poll ended, so that each poll is announced once,
// across restarts and nodes. It returns how many polls it ended.
func (s *core) EndPolls(ctx context.Context, now time.Time) (int, error) {
	ended := 0
	for {
		polls, err := s.store.EndablePolls(ctx, now, pollSweepBatch)
		if err != nil || len(polls) == 0 {
			return ended, err
		}
		for _, p := range polls {
			ns, err := s.pollNotifications(ctx, p)
			if err != nil {
				return ended, err
			}
			err = s.store.EndPoll(ctx, p.ID, now, ns)
			if agora.ErrorCode(err) == agora.ECONFLICT || agora.ErrorCode(err) == agora.ENOTFOUND {
				continue // another node ended it, or the status was deleted meanwhile
			}
			if err != nil {
				return ended, err
			}
			ended++
		}
		if len(polls) < pollSweepBatch {
			return ended, nil
		}
	}
}

// pollNotifications are the notifications of p's end: to its author, and to
// each voter whose filters let the author's notifications through.
func (s *core) pollNotifications(ctx context.Context, p *agora.Poll) ([]*agora.Notification, error) {
	voters, err := s.store.PollVoters(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	mk := func(to agora.ID) *agora.Notification {
		n := &agora.Notification{ID: s.ids.New(), AccountID: to, Type: agora.NotifyPoll, FromAccountID: p.AccountID, StatusID: p.ID}
		n.CreatedAt = n.ID.Time()
		return n
	}
	ns := []*agora.Notification{mk(p.AccountID)}
	for _, id := range voters {
		if id == p.AccountID {
			continue
		}
		f, err := s.store.AccountFilter(ctx, id, s.now())
		if err != nil {
			return nil, err
		}
		if n := mk(id); !notificationHidden(f, n) {
			ns = append(ns, n)
		}
	}
	return ns, nil
}

// RunPolls ends expired polls every interval until ctx is done. Failures are
// logged and tried again at the next turn: the polls stay due in the database.
func (s *core) RunPolls(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.EndPolls(ctx, s.now()); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "ending polls failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
