package service

import (
	"context"
	"strings"
	"time"

	"agora"
	"agora/internal/textfmt"
	"agora/visibility"
)

// idempotencyWindow is how long a retry with the same Idempotency-Key returns the
// first status instead of posting again.
const idempotencyWindow = time.Hour

// maxMentions bounds the accounts one status may mention.
const maxMentions = 50

// NewStatus is what a client sends to post.
type NewStatus struct {
	Text           string
	InReplyToID    agora.ID
	Visibility     string
	SpoilerText    string
	Sensitive      bool
	Language       string
	IdempotencyKey string
	// Poll is the poll to attach; nil for none.
	Poll *agora.NewPoll
	// MediaIDs are the viewer's unattached media to attach, in order (at most
	// agora.MaxStatusMedia); not with a poll.
	MediaIDs []agora.ID
}

// PostStatus validates and stores a status by the author, then delivers it to home
// feeds. With an IdempotencyKey seen from the same author within the last hour, it
// returns the first status and posts nothing. Errors: EUNPROCESSABLE for invalid
// fields (media that are not the author's or are attached already, media with
// a poll, neither text nor media), ENOTFOUND when the status replied to does not
// exist or may not be seen.
func (s *Posts) PostStatus(ctx context.Context, v *visibility.Snapshot, n NewStatus) (*Bundle, error) {
	author := v.Viewer()
	if len(n.IdempotencyKey) > 200 {
		return nil, agora.Errorf(agora.EINVALID, "The Idempotency-Key header is too long (at most 200 characters).")
	}
	if n.IdempotencyKey != "" {
		if st, err := s.store.StatusByIdempotencyKey(ctx, author.ID, n.IdempotencyKey, s.now().Add(-idempotencyWindow)); err == nil {
			return s.present(ctx, v, []*agora.Status{st}, visibility.Direct)
		} else if agora.ErrorCode(err) != agora.ENOTFOUND {
			return nil, err
		}
	}
	vis, err := agora.ParseVisibility(n.Visibility)
	if err != nil {
		return nil, err
	}
	lang, err := agora.ParseLanguage(n.Language)
	if err != nil {
		return nil, err
	}
	st := &agora.Status{
		AccountID:   author.ID,
		Text:        n.Text,
		SpoilerText: strings.TrimSpace(n.SpoilerText),
		Sensitive:   n.Sensitive,
		Visibility:  vis,
		Language:    lang,
	}
	if n.Poll != nil && len(n.MediaIDs) > 0 {
		return nil, mediaWithPoll()
	}
	if st.Media, err = s.attachable(ctx, author.ID, n.MediaIDs, 0); err != nil {
		return nil, err
	}
	if err := st.Validate(); err != nil {
		return nil, err
	}
	if st.SpoilerText != "" {
		st.Sensitive = true
	}
	var poll *agora.Poll
	if n.Poll != nil {
		if poll, err = s.newPoll(n.Poll); err != nil {
			return nil, err
		}
	}
	if n.InReplyToID != 0 {
		parent, err := s.store.Status(ctx, n.InReplyToID)
		if err == nil {
			_, err = v.Status(ctx, parent)
		}
		if err != nil {
			if agora.ErrorCode(err) == agora.ENOTFOUND {
				return nil, agora.Errorf(agora.ENOTFOUND, "The status replied to (in_reply_to_id) does not exist.")
			}
			return nil, err
		}
		if parent.ReblogOfID != 0 {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A boost cannot be replied to; reply to the original status.")
		}
		st.InReplyToID, st.InReplyToAccountID, st.ThreadID = parent.ID, parent.AccountID, parent.ThreadID
	}
	if err := s.render(ctx, st); err != nil {
		return nil, err
	}
	st.ID = s.ids.New()
	if st.ThreadID == 0 {
		st.ThreadID = st.ID
	}
	st.CreatedAt = st.ID.Time()
	mentions := make([]*agora.Notification, len(st.Mentions))
	for i, m := range st.Mentions {
		mentions[i] = &agora.Notification{AccountID: m, Type: agora.NotifyMention, FromAccountID: author.ID, StatusID: st.ID}
	}
	notes, err := s.newNotificationsWith(ctx, st, mentions...)
	if err != nil {
		return nil, err
	}
	// Stored with its notifications: a retry with the same key that finds the
	// status finds them too, and makes none again.
	create := func() error { return s.store.CreateStatus(ctx, st, n.IdempotencyKey, notes...) }
	if poll != nil {
		create = func() error { return s.store.CreatePollStatus(ctx, st, poll, n.IdempotencyKey, notes...) }
	}
	if err := create(); err != nil {
		if agora.ErrorCode(err) == agora.ECONFLICT && n.IdempotencyKey != "" {
			// A concurrent request with the same key won the race: answer with its status.
			if first, err2 := s.store.StatusByIdempotencyKey(ctx, author.ID, n.IdempotencyKey, s.now().Add(-idempotencyWindow)); err2 == nil {
				return s.present(ctx, v, []*agora.Status{first}, visibility.Direct)
			}
		}
		return nil, err
	}
	if err := s.fanOut(ctx, st); err != nil {
		// The status is stored; feeds are a cache and rebuild from the database.
		s.log.WarnContext(ctx, "fan-out failed", "status", st.ID, "err", err)
	}
	return s.present(ctx, v, []*agora.Status{st}, visibility.Direct)
}

// render turns the status text into HTML and records its tags and mentions.
func (s *Posts) render(ctx context.Context, st *agora.Status) error {
	mentioned := map[string]*agora.Account{}
	var lookupErr error
	res := textfmt.Render(st.Text, textfmt.Options{
		BaseURL: s.cfg.BaseURL,
		Mention: func(name string) (string, string, bool) {
			username, ok := s.localUsername(name)
			if !ok || len(mentioned) >= maxMentions {
				return "", "", false
			}
			key := strings.ToLower(username)
			a, seen := mentioned[key]
			if !seen {
				var err error
				a, err = s.store.AccountByUsername(ctx, username)
				if err != nil {
					if agora.ErrorCode(err) != agora.ENOTFOUND {
						lookupErr = err
					}
					return "", "", false
				}
				mentioned[key] = a
			}
			return a.Username, s.ProfileURL(a), true
		},
	})
	if lookupErr != nil {
		return lookupErr
	}
	st.Content = res.HTML
	st.Tags = res.Tags
	for _, name := range res.Mentions {
		if a := mentioned[strings.ToLower(name)]; a != nil {
			st.Mentions = append(st.Mentions, a.ID)
		}
	}
	return nil
}

// ProfileURL is the public web address of the account.
func (s *core) ProfileURL(a *agora.Account) string { return s.cfg.BaseURL + "/@" + a.Username }

// Status returns the status when the viewer may see it; ENOTFOUND otherwise, so a
// hidden status cannot be told from a missing one.
func (s *Posts) Status(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	st, err := s.store.Status(ctx, id)
	if err != nil {
		return nil, err
	}
	b, err := s.presentOne(ctx, v, st)
	if err != nil {
		return nil, err
	}
	// Marked as in its thread, never hidden: it was asked for by ID.
	return b, s.markFiltered(ctx, v, agora.FilterThread, b)
}

// visibleStatus returns the status with the ID when the viewer may see it, with
// the errors of visibility.Snapshot.Status.
func (s *core) visibleStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Status, error) {
	st, err := s.store.Status(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := v.Status(ctx, st); err != nil {
		return nil, err
	}
	return st, nil
}

// DeleteStatus deletes the viewer's own status and takes it out of every feed. It
// returns the status as it was, for "delete and redraft": its media stay,
// unattached, so that they can be posted again, until the sweep removes them a
// day later. EFORBIDDEN for another's status.
func (s *Posts) DeleteStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*Bundle, error) {
	return s.DeleteStatusMedia(ctx, v, id, false)
}

// DeleteStatusMedia is DeleteStatus; with deleteMedia (Mastodon's
// delete_media), or when a rule withholds the status anywhere, the status's
// media and their files are deleted at once too.
func (s *Posts) DeleteStatusMedia(ctx context.Context, v *visibility.Snapshot, id agora.ID, deleteMedia bool) (*Bundle, error) {
	viewer := v.Viewer()
	st, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if st.AccountID != viewer.ID {
		return nil, agora.Errorf(agora.EFORBIDDEN, "This action is not allowed: you can delete only your own statuses.")
	}
	b, err := s.present(ctx, v, []*agora.Status{st}, visibility.Direct)
	if err != nil {
		return nil, err
	}
	if err := s.store.DeleteStatus(ctx, id); err != nil {
		return nil, err
	}
	// The media of a status withheld anywhere go with it: unattached, they
	// would be served by their URL in the countries it was withheld in.
	if len(s.gate.RulesOn(agora.SubjectStatus, id, "")) > 0 {
		deleteMedia = true
	}
	if deleteMedia {
		for _, m := range st.Media {
			switch err := s.store.DeleteMedia(ctx, m.ID); agora.ErrorCode(err) {
			case "":
				s.removeFiles(ctx, m.FileKey, m.PreviewKey)
			case agora.ECONFLICT, agora.ENOTFOUND: // posted again or deleted meanwhile
			default:
				s.log.WarnContext(ctx, "deleting a deleted status's media failed", "media", m.ID, "err", err)
			}
		}
	}
	if st.ReblogOfID != 0 { // deleting a boost is unboosting
		s.withdrawBoost(ctx, st)
		return b, nil
	}
	if err := s.unFanOut(ctx, st); err != nil {
		s.log.WarnContext(ctx, "removing a deleted status from feeds failed", "status", st.ID, "err", err)
	}
	return b, nil
}

// maxThread bounds how many statuses a thread view loads.
const maxThread = 4096

// Context returns the ancestors and descendants of the status that the viewer may
// see, each oldest first, as Mastodon's context endpoint does.
func (s *Posts) Context(ctx context.Context, v *visibility.Snapshot, id agora.ID) (ancestors, descendants *Bundle, err error) {
	st, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, nil, err
	}
	thread, err := s.store.Thread(ctx, st.ThreadID, maxThread)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[agora.ID]*agora.Status, len(thread))
	children := map[agora.ID][]*agora.Status{}
	for _, t := range thread {
		byID[t.ID] = t
		children[t.InReplyToID] = append(children[t.InReplyToID], t)
	}
	var up []*agora.Status
	for p := byID[st.InReplyToID]; p != nil && len(up) < maxThread; p = byID[p.InReplyToID] {
		up = append(up, p)
	}
	for i, j := 0, len(up)-1; i < j; i, j = i+1, j-1 {
		up[i], up[j] = up[j], up[i]
	}
	// Descendants in depth-first order, as a thread reads.
	var down []*agora.Status
	var walk func(agora.ID)
	walk = func(parent agora.ID) {
		for _, c := range children[parent] {
			down = append(down, c)
			walk(c.ID)
		}
	}
	walk(st.ID)
	if ancestors, err = s.present(ctx, v, up, visibility.List); err != nil {
		return nil, nil, err
	}
	if descendants, err = s.present(ctx, v, down, visibility.List); err != nil {
		return nil, nil, err
	}
	if err := s.filterList(ctx, v, agora.FilterThread, ancestors); err != nil {
		return nil, nil, err
	}
	if err := s.filterList(ctx, v, agora.FilterThread, descendants); err != nil {
		return nil, nil, err
	}
	return ancestors, descendants, nil
}
