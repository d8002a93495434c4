package mastoapi

import (
	"agora"
	"agora/service"
)

// poll converts the poll of st for the bundle's viewer; nil when it has none.
// While a poll hides its totals and runs, the count of each option is null, but
// for its author; the viewer's votes are shown to a signed-in viewer only, and
// an author counts as having voted, as in Mastodon (one cannot vote in one's
// own poll).
func (c converter) poll(b *service.Bundle, st *agora.Status) *Poll {
	p := b.Polls[st.ID]
	if p == nil || st.ReblogOfID != 0 {
		return nil
	}
	expired := p.Expired(b.PollsAt)
	own := b.Viewer != nil && b.Viewer.ID == p.AccountID
	hide := p.HideTotals && !expired && !own
	at := formatTime(p.ExpiresAt)
	voters := p.VotersCount
	e := &Poll{ID: p.ID.String(), ExpiresAt: &at, Expired: expired, Multiple: p.Multiple,
		VotesCount: p.VotesCount, VotersCount: &voters, Options: make([]PollOption, len(p.Options)), Emojis: []Emoji{}}
	for i, title := range p.Options {
		e.Options[i].Title = title
		if !hide && i < len(p.OptionVotes) {
			n := p.OptionVotes[i]
			e.Options[i].VotesCount = &n
		}
	}
	if b.Viewer != nil {
		votes := b.OwnVotes[p.ID]
		if votes == nil {
			votes = []int{}
		}
		voted := own || len(votes) > 0
		e.Voted, e.OwnVotes = &voted, &votes
	}
	return e
}

// history converts a status's revisions.
func (c converter) history(h *service.History) []*StatusEdit {
	out := make([]*StatusEdit, 0, len(h.Edits))
	b := h.Bundle
	for i, st := range b.Statuses {
		core := c.statusCore(b, st)
		e := &StatusEdit{Content: core.Content, SpoilerText: core.SpoilerText, Sensitive: core.Sensitive,
			CreatedAt: formatTime(h.Edits[i].CreatedAt), Account: c.account(b.Account(st.AccountID), b.Marks),
			MediaAttachments: core.MediaAttachments, Emojis: []Emoji{}}
		if opts := h.Edits[i].PollOptions; opts != nil {
			e.Poll = &StatusEditPoll{Options: make([]StatusEditOption, len(opts))}
			for j, t := range opts {
				e.Poll.Options[j].Title = t
			}
		}
		out = append(out, e)
	}
	return out
}
