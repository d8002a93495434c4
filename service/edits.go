package service

import (
	"context"
	"slices"
	"strings"

	"agora"
	"agora/visibility"
)

// maxRevisions bounds the revisions a status may have: its edits stop there.
const maxRevisions = 100

// maxUpdateNotices bounds the accounts told of one edit (those who boosted it).
const maxUpdateNotices = 10_000

// StatusChange is what a client sends to edit a status, as Mastodon takes it:
// the text, content warning and sensitivity as they are to be (an absent content
// warning is none), the language (kept when ""), and the poll (nil: none, which
// removes a poll the status had).
type StatusChange struct {
	Text        string
	SpoilerText string
	Sensitive   bool
	Language    string
	Poll        *agora.NewPoll
	// MediaIDs are the media the status is to have, in order: those it has
	// that are left out are deleted, new ones must be the viewer's unattached.
	// None removes every attachment, as Mastodon does.
	MediaIDs []agora.ID
	// MediaAttributes change the description or focus of media in MediaIDs
	// (Mastodon's media_attributes).
	MediaAttributes []MediaAttribute
}

// MediaAttribute is a change of one medium of a status being edited.
type MediaAttribute struct {
	ID agora.ID
	agora.MediaChange
}

// EditStatus edits the viewer's own status and returns it as edited, with its
// history extended: the first edit records the status as posted first. A poll
// whose options or multiple choice change loses its votes, as in Mastodon; its
// end is reckoned again from now. Accounts the edit newly mentions get a
// mention notification, accounts that boosted the status an update
// notification. The status's withholding is unchanged: rules apply to the
// status, whatever its text. Errors: those of Status (ENOTFOUND, EWITHHELD);
// ENOTFOUND for another's status, as Mastodon finds only the caller's own;
// EUNPROCESSABLE for a boost, invalid fields, or a status edited maxRevisions
// times.
func (s *Posts) EditStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID, c StatusChange) (*Bundle, error) {
	author := v.Viewer()
	old, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if old.AccountID != author.ID {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	if old.ReblogOfID != 0 {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A boost cannot be edited.")
	}
	st := *old
	st.Text, st.SpoilerText, st.Sensitive = c.Text, strings.TrimSpace(c.SpoilerText), c.Sensitive
	if c.Poll != nil && len(c.MediaIDs) > 0 {
		return nil, mediaWithPoll()
	}
	st.HasPoll = c.Poll != nil // as UpdateStatus stores it
	if st.Media, err = s.attachable(ctx, author.ID, c.MediaIDs, old.ID); err != nil {
		return nil, err
	}
	if err := applyMediaAttributes(st.Media, c.MediaAttributes); err != nil {
		return nil, err
	}
	if c.Language != "" {
		if st.Language, err = agora.ParseLanguage(c.Language); err != nil {
			return nil, err
		}
	}
	if err := st.Validate(); err != nil {
		return nil, err
	}
	if st.SpoilerText != "" {
		st.Sensitive = true
	}
	u := &agora.StatusUpdate{Status: &st}
	var oldPoll *agora.Poll
	if old.HasPoll {
		polls, err := s.store.Polls(ctx, []agora.ID{id})
		if err != nil {
			return nil, err
		}
		oldPoll = polls[id]
	}
	if c.Poll != nil {
		if u.Poll, err = s.newPoll(c.Poll); err != nil {
			return nil, err
		}
		u.ResetVotes = oldPoll == nil || !slices.Equal(oldPoll.Options, u.Poll.Options) || oldPoll.Multiple != u.Poll.Multiple
	}
	prior, err := s.store.StatusEdits(ctx, id, maxRevisions)
	if err != nil {
		return nil, err
	}
	if len(prior) >= maxRevisions {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: This status has been edited %d times, the most a status may be.", maxRevisions-1)
	}
	st.Tags, st.Mentions = nil, nil
	if err := s.render(ctx, &st); err != nil {
		return nil, err
	}
	st.EditedAt = s.now().Truncate(timePrecision)
	if len(prior) == 0 {
		first := revision(old, oldPoll)
		first.ID = s.ids.New()
		u.History = append(u.History, first)
	}
	now := revision(&st, u.Poll)
	now.ID, now.CreatedAt = s.ids.New(), st.EditedAt
	u.History = append(u.History, now)
	if u.Notes, err = s.editNotifications(ctx, old, &st); err != nil {
		return nil, err
	}
	if err := s.store.UpdateStatus(ctx, u); err != nil {
		return nil, err
	}
	s.removeFiles(ctx, u.DroppedMediaKeys...)
	return s.presentOne(ctx, v, &st)
}

// revision is the revision of st as it reads, with poll p (nil: none).
func revision(st *agora.Status, p *agora.Poll) *agora.StatusEdit {
	e := &agora.StatusEdit{StatusID: st.ID, AccountID: st.AccountID, Text: st.Text, Content: st.Content,
		SpoilerText: st.SpoilerText, Sensitive: st.Sensitive, Language: st.Language,
		Mentions: slices.Clone(st.Mentions), CreatedAt: st.CreatedAt}
	for _, m := range st.Media {
		e.MediaIDs = append(e.MediaIDs, m.ID)
	}
	if p != nil {
		e.PollOptions = slices.Clone(p.Options)
	}
	return e
}

// editNotifications are the notifications of an edit, to be written with it:
// to the accounts it newly mentions (a mention) and to those that boosted the
// status (an update), as Mastodon does.
func (s *Posts) editNotifications(ctx context.Context, old, st *agora.Status) ([]*agora.Notification, error) {
	var notes []*agora.Notification
	for _, m := range st.Mentions {
		if !old.MentionsAccount(m) {
			notes = append(notes, &agora.Notification{AccountID: m, Type: agora.NotifyMention, FromAccountID: st.AccountID, StatusID: st.ID})
		}
	}
	p := agora.Page{Limit: agora.MaxListLimit}
	for n := 0; n < maxUpdateNotices; n += p.Limit {
		boosts, err := s.store.Reblogs(ctx, st.ID, p)
		if err != nil {
			return nil, err
		}
		for _, b := range boosts {
			notes = append(notes, &agora.Notification{AccountID: b.AccountID, Type: agora.NotifyUpdate, FromAccountID: st.AccountID, StatusID: st.ID})
		}
		if len(boosts) < p.Limit {
			break
		}
		p.MaxID = boosts[len(boosts)-1].ID
	}
	return s.newNotifications(ctx, notes...)
}

// History is a status's revisions, oldest first, as the viewer may see them.
type History struct {
	// Bundle holds one status per revision, in order: the status as it read
	// then (its text, content, content warning, sensitivity, language and
	// mentions), passed through the gate with the status's marks.
	Bundle *Bundle
	Edits  []*agora.StatusEdit // the revisions, in the same order
}

// StatusHistory returns the revisions of the status, oldest first: the status
// as posted first, as it reads now last; one revision, the status as it reads,
// when it was never edited. The gate decides on the status as for Status
// (ENOTFOUND, EWITHHELD): its history is shown to whoever may see it, and a
// mention of an account withheld from the viewer is hidden in every revision as
// in the status.
func (s *Posts) StatusHistory(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*History, error) {
	st, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if st.ReblogOfID != 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	edits, err := s.store.StatusEdits(ctx, id, maxRevisions)
	if err != nil {
		return nil, err
	}
	if len(edits) == 0 {
		var p *agora.Poll
		if st.HasPoll {
			polls, err := s.store.Polls(ctx, []agora.ID{id})
			if err != nil {
				return nil, err
			}
			p = polls[id]
		}
		edits = []*agora.StatusEdit{revision(st, p)}
	}
	list := make([]*agora.Status, len(edits))
	for i, e := range edits {
		r := *st
		r.Text, r.Content, r.SpoilerText, r.Sensitive, r.Language = e.Text, e.Content, e.SpoilerText, e.Sensitive, e.Language
		r.Mentions, r.HasPoll = e.Mentions, false
		r.Media = revisionMedia(st.Media, e.MediaIDs)
		list[i] = &r
	}
	b, err := s.present(ctx, v, list, visibility.Direct)
	if err != nil {
		return nil, err
	}
	if len(b.Statuses) != len(list) { // the author is gone
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return &History{Bundle: b, Edits: edits}, nil
}

// StatusSource returns the viewer's own status, for its source (text and
// content warning as typed) to be edited. The gate decides first, as for
// Status; ENOTFOUND for another's status, whose source would show what its
// content hides (the handle of a mentioned account withheld from the viewer).
func (s *Posts) StatusSource(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Status, error) {
	st, err := s.visibleStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if v.Viewer() == nil || st.AccountID != v.Viewer().ID || st.ReblogOfID != 0 {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return st, nil
}

// revisionMedia returns those of the status's attachments, have, that the
// revision lists, in the revision's order.
func revisionMedia(have []*agora.MediaAttachment, ids []agora.ID) []*agora.MediaAttachment {
	var out []*agora.MediaAttachment
	for _, id := range ids {
		for _, m := range have {
			if m.ID == id {
				out = append(out, m)
			}
		}
	}
	return out
}
