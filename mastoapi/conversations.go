package mastoapi

import (
	"context"
	"net/http"

	"agora"
	"agora/service"
	"agora/visibility"
)

// Conversation is Mastodon's Conversation entity.
type Conversation struct {
	ID         string     `json:"id"`
	Unread     bool       `json:"unread"`
	Accounts   []*Account `json:"accounts"`
	LastStatus *Status    `json:"last_status"`
}

// conversationService is what the conversation handlers ask (service.Timelines).
type conversationService interface {
	Conversations(ctx context.Context, v *visibility.Snapshot, p agora.Page) (*service.ConversationPage, error)
	DeleteConversation(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
	ReadConversation(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.ConversationPage, error)
}

// threadMuteService is what muting a conversation asks (service.Posts).
type threadMuteService interface {
	MuteConversation(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	UnmuteConversation(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
}

// conversations converts a page of conversations, in order.
func (c converter) conversations(page *service.ConversationPage) []*Conversation {
	b := page.Bundle
	byID := make(map[agora.ID]*agora.Status, len(b.Statuses))
	for _, st := range b.Statuses {
		byID[st.ID] = st
	}
	out := make([]*Conversation, 0, len(page.Conversations))
	for _, cv := range page.Conversations {
		e := &Conversation{ID: cv.ID.String(), Unread: cv.Unread, Accounts: []*Account{}}
		for _, id := range cv.Participants {
			if a := b.Accounts[id]; a != nil {
				e.Accounts = append(e.Accounts, c.account(a, b.Marks))
			}
		}
		if st := byID[cv.LastStatusID]; st != nil {
			e.LastStatus = c.status(b, st)
		}
		out = append(out, e)
	}
	return out
}

func (a statusHandlers) conversations(w http.ResponseWriter, r *http.Request) error {
	_, pg, err := readPage(r)
	if err != nil {
		return err
	}
	page, err := a.convSvc.Conversations(r.Context(), snap(r), pg)
	if err != nil {
		return err
	}
	setLink(w, r, a.conv.base, page.Span.Newest, page.Span.Oldest)
	return writeJSON(w, a.conv.conversations(page))
}

func (a statusHandlers) readConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	page, err := a.convSvc.ReadConversation(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	out := a.conv.conversations(page)
	if len(out) == 0 { // its last status went between the check and the read
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return writeJSON(w, out[0])
}
